"""Writing files so that a crash never leaves half of one behind.

The data goes to a temporary file in the same directory, is flushed and
fsynced, and then renamed over the target: a rename within one file system is
atomic, so readers see the old file or the new one, never a torn mix.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Replace *path* with *data* atomically (temp file, fsync, rename)."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(directory)


def _mode_for(target: Path) -> int:
    """The mode a plain ``open()`` would give (or the file's own, when replacing it).

    mkstemp creates 0600 files; a bulletin or answers file must stay readable
    by the colleagues the umask allows.
    """
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where unsupported)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class AtomicFile:
    """A file written in pieces that appears whole or not at all.

    For streamed output (a JSON bulletin of 20,000 results): chunks go to a
    temporary file beside the target, which replaces it only on success; an
    error or an interrupt removes the temporary file and leaves the old one.
    """

    def __init__(self, path: str | Path) -> None:
        self.target = Path(path)
        directory = self.target.parent if str(self.target.parent) else Path(".")
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=directory)
        os.chmod(self.tmp, _mode_for(self.target))
        self.handle = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        self.handle.write(data)

    def commit(self) -> None:
        """Put the file in place; on any failure the temporary file goes and the old file stays."""
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.tmp, self.target)
        except BaseException:
            self.abort()
            raise
        _fsync_dir(self.target.parent if str(self.target.parent) else Path("."))

    def abort(self) -> None:
        try:
            self.handle.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass
