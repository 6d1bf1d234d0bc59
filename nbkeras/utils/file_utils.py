"""``get_file``: download a file once, cache it, check its hash, unpack archives.

Keras 3's rules: files go to ``$KERAS_HOME/<cache_subdir>`` (``~/.keras/datasets``
by default), a cached file whose hash matches is never downloaded again, and
a hash given as 64 hex digits is SHA-256, otherwise MD5 (``hash_algorithm="auto"``).
A download is written to a temporary file beside the target and renamed only
once it is complete and its hash matches, so an interrupted download never
leaves a half file in the cache; a failed one is retried once from scratch.
"""

import hashlib
import http.client
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile

_CHUNK = 1 << 16


def keras_home():
    """The cache root: ``$KERAS_HOME`` if set, else ``~/.keras``."""
    return os.environ.get("KERAS_HOME") or os.path.join(os.path.expanduser("~"), ".keras")


def get_file(fname=None, origin=None, untar=False, md5_hash=None, file_hash=None,
             cache_subdir="datasets", hash_algorithm="auto", extract=False,
             archive_format="auto", cache_dir=None, force_download=False):
    """Downloads ``origin`` into the cache unless it is there already; returns its path.

    Args:
        fname: file name in the cache (default: the last part of ``origin``'s path).
        origin: the URL to download from.
        untar: deprecated, same as ``extract=True, archive_format="tar"``.
        md5_hash: deprecated, use ``file_hash``.
        file_hash: expected SHA-256 or MD5 hex digest; a mismatch after a download
            raises, a mismatch of a cached file triggers a new download.
        cache_subdir: folder under the cache root (an absolute path is used as is).
        hash_algorithm: ``"auto"``, ``"sha256"`` or ``"md5"``.
        extract: unpack a tar or zip archive; the folder it went to is returned.
        archive_format: ``"auto"`` (tar then zip), ``"tar"``, ``"zip"`` or None.
        cache_dir: cache root (default ``$KERAS_HOME`` or ``~/.keras``).
        force_download: download even if a good copy is cached.

    Returns:
        The path of the file, or of the extraction folder when ``extract``.

    Example:
        >>> path = get_file("mnist.npz",
        ...     origin="https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz")
        ... # doctest: +SKIP
    """
    if origin is None:
        raise ValueError('Please specify the "origin" argument (URL of the file to download).')
    if md5_hash is not None and file_hash is None:
        file_hash, hash_algorithm = md5_hash, "md5"
    base = os.path.expanduser(os.fspath(cache_dir) if cache_dir is not None else keras_home())
    if not _can_create(base) or not os.access(base, os.W_OK):
        base = os.path.join(tempfile.gettempdir(), ".keras")
    folder = os.path.join(base, cache_subdir)
    os.makedirs(folder, exist_ok=True)
    target, extraction_dir = _targets(fname, origin, folder, extract or untar)
    if force_download or not os.path.exists(target):
        download = True
    elif file_hash is not None and not validate_file(target, file_hash, hash_algorithm):
        print(f"A local file was found, but it seems to be incomplete or outdated because the "
              f"{_algorithm(hash_algorithm, file_hash)} file hash does not match the original "
              f"value of {file_hash} so we will re-download the data.")
        download = True
    else:
        download = False
    if download:
        _download_checked(origin, target, file_hash, hash_algorithm)
    if extract or untar:
        if not extract_archive(target, extraction_dir, "tar" if untar else archive_format):
            raise ValueError(f"Could not extract {target}: it is not a {archive_format} archive "
                             "that nbkeras can read (tar, tar.gz, tar.bz2, zip).")
        return extraction_dir
    return target


def _can_create(path):
    try:
        os.makedirs(path, exist_ok=True)
        return True
    except OSError:
        return False


def _targets(fname, origin, folder, extract):
    """Where the download goes and, for archives, where it is unpacked (Keras's names)."""
    given = fname is not None
    fname = os.fspath(fname) if given else os.path.basename(urllib.parse.urlsplit(origin).path)
    if not fname:
        raise ValueError(f"Can't parse the file name from the origin provided: '{origin}'. "
                         "Please specify the `fname` argument.")
    if os.sep in fname or (os.altsep and os.altsep in fname):
        raise ValueError("Paths are no longer accepted as the `fname` argument. To specify the "
                         f"file's parent directory, use the `cache_dir` argument. Received: "
                         f"fname={fname}")
    if not extract:
        return os.path.join(folder, fname), None
    if given and "." in fname:
        stem = fname[:fname.find(".")]
        return os.path.join(folder, fname), os.path.join(folder, f"{stem}_extracted")
    return os.path.join(folder, f"{fname}_archive"), os.path.join(folder, fname)


def _download_checked(origin, target, file_hash, hash_algorithm):
    """Downloads to a temporary file, checks the hash, renames; one clean retry on failure."""
    for attempt in (1, 2):
        try:
            _download(origin, target)
        except (OSError, http.client.HTTPException) as error:
            if attempt == 2 or isinstance(error, urllib.error.HTTPError):
                raise _fetch_error(origin, error) from None
            continue
        if file_hash is None or validate_file(target, file_hash, hash_algorithm):
            return
        os.remove(target)
        if attempt == 2:
            algorithm = _algorithm(hash_algorithm, file_hash)
            raise ValueError(
                f"Incomplete or corrupted file detected. The {algorithm} file hash does not "
                f"match the provided value of {file_hash}. The download from {origin} was tried "
                "twice; check the URL and hash.")


def _download(origin, target):
    print(f"Downloading data from {origin}")
    partial = f"{target}.part-{os.getpid()}"
    try:
        with urllib.request.urlopen(origin, timeout=60) as response, open(partial, "wb") as out:
            total = response.headers.get("Content-Length")
            bar = _progress_bar(int(total) if total and total.isdigit() else None)
            done = 0
            while True:
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                out.write(chunk)
                done += len(chunk)
                bar.update(done, finalize=False)
            bar.update(done, finalize=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)


def _progress_bar(total):
    from nbkeras.callbacks.progbar import Progbar  # deferred: the bar is only needed here

    return Progbar(total, stream=sys.stdout)  # Keras prints e.g. "11490434/11490434 ... 0us/step"


def _fetch_error(origin, error):
    """An offline or failed download: say what happened and what to do."""
    reason = getattr(error, "reason", None) or error
    if isinstance(error, urllib.error.HTTPError):
        detail = f"the server answered HTTP {error.code} {error.msg}"
    else:
        detail = f"the connection failed ({reason})"
    return ConnectionError(
        f"URL fetch failure on {origin}: {detail}. If you are offline, download the file on a "
        f"machine with internet access and copy it into {keras_home()}/datasets/ (or set "
        "KERAS_HOME), or use a set bundled with nbkeras, e.g. nbkeras.datasets.digits.")


def _algorithm(hash_algorithm, file_hash):
    if hash_algorithm == "auto":
        return "sha256" if len(file_hash) == 64 else "md5"
    if hash_algorithm not in ("sha256", "md5"):
        raise ValueError("hash_algorithm must be 'auto', 'sha256' or 'md5'. Received: "
                         f"hash_algorithm={hash_algorithm!r}")
    return hash_algorithm


def hash_file(fpath, algorithm="sha256", chunk_size=_CHUNK):
    """The hex digest of a file (``"sha256"`` or ``"md5"``)."""
    hasher = hashlib.sha256() if algorithm in ("sha256", "auto") else hashlib.md5()
    with open(fpath, "rb") as stream:
        for chunk in iter(lambda: stream.read(chunk_size), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def validate_file(fpath, file_hash, algorithm="auto", chunk_size=_CHUNK):
    """True when the file's digest equals ``file_hash``."""
    return hash_file(fpath, _algorithm(algorithm, file_hash), chunk_size) == str(file_hash)


def extract_archive(file_path, path=".", archive_format="auto"):
    """Unpacks a tar or zip archive into ``path``, refusing members that would escape it.

    Returns:
        True if the file was an archive of an accepted format and was unpacked.
    """
    formats = {"auto": ["tar", "zip"], None: []}.get(archive_format, archive_format)
    formats = [formats] if isinstance(formats, str) else list(formats)
    for kind in formats:
        is_kind = tarfile.is_tarfile if kind == "tar" else zipfile.is_zipfile
        if not is_kind(file_path):
            continue
        staging = f"{path}.tmp-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            if kind == "tar":
                with tarfile.open(file_path) as archive:
                    members = list(_safe_tar_members(archive, staging))
                    if hasattr(tarfile, "data_filter"):  # Python >= 3.12: also strip odd modes
                        archive.extractall(staging, members=members, filter="data")
                    else:
                        archive.extractall(staging, members=members)
            else:
                with zipfile.ZipFile(file_path) as archive:
                    archive.extractall(staging, members=_safe_zip_members(archive, staging))
            if os.path.isdir(path):
                shutil.rmtree(path)
            os.replace(staging, path)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return True
    return False


def _inside(root, name):
    root = os.path.realpath(root)
    return os.path.realpath(os.path.join(root, name)).startswith(root + os.sep)


def _safe_tar_members(archive, root):
    for member in archive.getmembers():
        if (member.isfile() or member.isdir()) and _inside(root, member.name):
            yield member


def _safe_zip_members(archive, root):
    return [name for name in archive.namelist() if _inside(root, name)]
