"""get_file against a loopback HTTP server: caching, hashes, retries, archives, offline errors."""

import hashlib
import io
import os
import tarfile
import zipfile

import pytest

from nbkeras.utils import get_file
from tests.loopback import serve

BODY = b"nbkeras test payload\n" * 100
SHA256 = hashlib.sha256(BODY).hexdigest()
MD5 = hashlib.md5(BODY).hexdigest()


def test_downloads_once_then_uses_the_cache(tmp_path, capsys):
    with serve({"/data.bin": BODY}) as (url, requests):
        first = get_file(origin=f"{url}/data.bin", file_hash=SHA256, cache_dir=tmp_path)
        second = get_file(origin=f"{url}/data.bin", file_hash=SHA256, cache_dir=tmp_path)
    assert first == second == os.path.join(tmp_path, "datasets", "data.bin")
    assert open(first, "rb").read() == BODY
    assert requests == ["/data.bin"]
    assert "Downloading data from" in capsys.readouterr().out
    assert not [n for n in os.listdir(tmp_path / "datasets") if ".part" in n]


def test_keras_home_and_cache_subdir(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "home"))
    with serve({"/a.txt": BODY}) as (url, _):
        path = get_file("b.txt", origin=f"{url}/a.txt", cache_subdir="mine")
    assert path == os.path.join(tmp_path, "home", "mine", "b.txt")


def test_md5_hash_and_force_download(tmp_path):
    with serve({"/f": BODY}) as (url, requests):
        get_file("f", origin=f"{url}/f", md5_hash=MD5, cache_dir=tmp_path)
        get_file("f", origin=f"{url}/f", file_hash=MD5, hash_algorithm="md5", cache_dir=tmp_path,
                 force_download=True)
    assert len(requests) == 2


def test_a_stale_cached_file_is_downloaded_again(tmp_path):
    target = tmp_path / "datasets" / "f"
    target.parent.mkdir()
    target.write_bytes(b"old")
    with serve({"/f": BODY}) as (url, requests):
        get_file("f", origin=f"{url}/f", file_hash=SHA256, cache_dir=tmp_path)
    assert target.read_bytes() == BODY and requests == ["/f"]


def test_a_corrupted_download_is_retried_once_from_scratch(tmp_path):
    with serve({"/f": BODY}, failures={"/f": 1}) as (url, requests):
        path = get_file("f", origin=f"{url}/f", file_hash=SHA256, cache_dir=tmp_path)
    assert open(path, "rb").read() == BODY and len(requests) == 2


def test_a_hash_that_never_matches_raises_and_leaves_no_file(tmp_path):
    with serve({"/f": BODY}, failures={"/f": 5}) as (url, _):
        with pytest.raises(ValueError, match="file hash does not match"):
            get_file("f", origin=f"{url}/f", file_hash=SHA256, cache_dir=tmp_path)
    assert os.listdir(tmp_path / "datasets") == []


def test_missing_file_and_offline_errors_say_what_to_do(tmp_path):
    with serve({}) as (url, _):
        with pytest.raises(ConnectionError, match="HTTP 404"):
            get_file("f", origin=f"{url}/f", cache_dir=tmp_path)
    with pytest.raises(ConnectionError, match="offline.*copy it into"):
        get_file("f", origin="http://127.0.0.1:9/f", cache_dir=tmp_path)


def test_bad_arguments():
    with pytest.raises(ValueError, match="origin"):
        get_file("f")
    with pytest.raises(ValueError, match="cache_dir"):
        get_file("a/b", origin="http://127.0.0.1:9/f")


def _tar_bytes():
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("folder/hello.txt")
        info.size = len(BODY)
        archive.addfile(info, io.BytesIO(BODY))
        evil = tarfile.TarInfo("../evil.txt")
        evil.size = 1
        archive.addfile(evil, io.BytesIO(b"x"))
    return buffer.getvalue()


def _zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("inner/hello.txt", BODY)
    return buffer.getvalue()


def test_extract_tar_and_zip_with_keras_folder_names(tmp_path):
    with serve({"/a.tar.gz": _tar_bytes(), "/b.zip": _zip_bytes()}) as (url, _):
        tar_dir = get_file("a.tar.gz", origin=f"{url}/a.tar.gz", extract=True, cache_dir=tmp_path)
        zip_dir = get_file(origin=f"{url}/b.zip", extract=True, cache_dir=tmp_path)
        untarred = get_file("c", origin=f"{url}/a.tar.gz", untar=True, cache_dir=tmp_path)
    assert tar_dir == os.path.join(tmp_path, "datasets", "a_extracted")
    assert open(os.path.join(tar_dir, "folder", "hello.txt"), "rb").read() == BODY
    assert not (tmp_path / "datasets" / "evil.txt").exists()
    assert zip_dir == os.path.join(tmp_path, "datasets", "b.zip")
    assert os.path.exists(os.path.join(tmp_path, "datasets", "b.zip_archive"))
    assert open(os.path.join(zip_dir, "inner", "hello.txt"), "rb").read() == BODY
    assert os.path.isdir(os.path.join(untarred, "folder"))
