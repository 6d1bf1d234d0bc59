"""Atomic file writes: one temporary file beside the destination, fsync, rename.

A save writes ``<destination>.tmp-<pid>`` in the destination's folder, flushes
and fsyncs it, renames it over the destination (``os.replace`` is atomic on
one file system) and fsyncs the folder. A process killed mid-save leaves the
old destination intact and at most its own ``.tmp-<pid>`` file; the next save
to the same place removes temporary files whose process is gone.
"""

import contextlib
import os

_MARK = ".tmp-"


@contextlib.contextmanager
def atomic_write(filepath):
    """Yields a binary stream; on success its bytes replace ``filepath`` atomically.

    Example:
        >>> with atomic_write("model.keras") as stream:   # doctest: +SKIP
        ...     stream.write(data)
    """
    filepath = os.fspath(filepath)
    remove_stale_temporaries(filepath)
    temporary = f"{filepath}{_MARK}{os.getpid()}"
    try:
        with open(temporary, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, filepath)
        _fsync_folder(os.path.dirname(os.path.abspath(filepath)))
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def remove_stale_temporaries(filepath):
    """Deletes ``<filepath>.tmp-<pid>`` files whose process no longer exists."""
    folder = os.path.dirname(os.path.abspath(filepath))
    prefix = os.path.basename(filepath) + _MARK
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        pid = name[len(prefix):]
        if name.startswith(prefix) and pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                os.remove(os.path.join(folder, name))


def _alive(pid):
    if pid == os.getpid():
        return False  # our own leftover from an earlier failed save
    if os.name == "nt":
        return True  # os.kill(pid, 0) would terminate the process on Windows: leave the file
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists (owned by someone else) or cannot tell: leave it
    return True


def _fsync_folder(folder):
    """Makes the rename durable (POSIX); a no-op where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
