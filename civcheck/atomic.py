"""Writing files so that a crash never leaves half of one behind.

The data goes to a temporary file in the same directory, is flushed and
fsynced, and then renamed over the target: a rename within one file system is
atomic, so readers see the old file or the new one, never a torn mix.
An error or a Ctrl-C removes the temporary file: the writer does, and the
shell removes on its way out any that a Ctrl-C caught before the writer
could (:func:`remove_unfinished`).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from civcheck.errors import OutputError

# What this run reads, as (device, inode): an output may never replace one of them (``score a.yaml -o a.yaml``
# would lose the answers), nor be written as a YAML/JSON file into a folder being read as input.
_INPUTS: set[tuple[int, int]] = set()
_FOLDERS: dict[tuple[int, int], str] = {}
INPUT_SUFFIXES = (".yaml", ".yml", ".json")
# The temporary files of this run not yet renamed into place or removed: what a Ctrl-C caught between a
# file's creation and the code that would remove it leaves, removed by the shell on the way out.
_UNFINISHED: set[str] = set()


def note_input(info: os.stat_result) -> None:
    """Remember a file this run reads (from the ``fstat`` its reader already made)."""
    _INPUTS.add((info.st_dev, info.st_ino))


def note_folder(folder: Path) -> None:
    """Remember a folder this run scans for input files."""
    try:
        info = os.stat(folder)
    except OSError:
        return
    _FOLDERS[(info.st_dev, info.st_ino)] = str(folder)


def forget_inputs() -> None:
    """Start afresh (a long-lived process running several commands, and tests)."""
    _INPUTS.clear()
    _FOLDERS.clear()


def _refuse_inputs(target: Path) -> None:
    try:
        info = os.stat(target)
    except OSError:
        info = None
    if info is not None and (info.st_dev, info.st_ino) in _INPUTS:
        raise OutputError(str(target), "", key="usage.output_is_input")
    if target.suffix.lower() not in INPUT_SUFFIXES or not _FOLDERS:
        return
    folder = target.resolve().parent
    for parent in (folder, *folder.parents):
        try:
            seen = os.stat(parent)
        except OSError:
            continue
        scanned = _FOLDERS.get((seen.st_dev, seen.st_ino))
        if scanned is not None:
            raise OutputError(str(target), scanned, key="usage.output_in_input")


def _why(exc: OSError, target: Path) -> str:
    """What stopped a write, in the words of the operating system (a folder named as the output says so)."""
    if target.is_dir():
        return os.strerror(21)  # Is a directory
    return exc.strerror or str(exc)


def _temporary(target: Path, rewrite: bool = False) -> tuple[int, str]:
    if not rewrite:
        _refuse_inputs(target)
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise OutputError(str(target), os.strerror(21))
    from civcheck.interrupt import held

    try:
        with held():  # the file and the note of it, together
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
            _UNFINISHED.add(tmp)
    except OSError as exc:
        raise OutputError(str(target), exc.strerror or str(exc)) from None
    return fd, tmp


def _finished(tmp: str) -> None:
    _UNFINISHED.discard(tmp)


def remove_unfinished() -> None:
    """Remove the temporary files this run created and neither put in place nor removed (a Ctrl-C's leftovers)."""
    from civcheck.interrupt import held

    with held():
        for tmp in list(_UNFINISHED):
            try:
                os.unlink(tmp)
            except OSError:
                pass
            _UNFINISHED.discard(tmp)


def write_atomic(path: str | Path, data: str | bytes, encoding: str = "utf-8", rewrite: bool = False) -> None:
    """Replace *path* with *data* atomically (temp file, fsync, rename).

    Any failure — no such folder, no permission, a full disk, a folder in the
    way — leaves the old file as it was and no temporary file behind, and is
    raised as :class:`~civcheck.errors.OutputError` (exit 2, one line).
    An input of this run is never replaced, unless *rewrite* says this file
    is the one being edited (``assess`` saving the answers file it resumed).
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = _temporary(target, rewrite)
    try:
        os.chmod(tmp, _mode_for(target))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        _finished(tmp)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        _finished(tmp)
        if isinstance(exc, OSError):
            raise OutputError(str(target), _why(exc, target)) from None
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
        fd, self.tmp = _temporary(self.target)
        os.chmod(self.tmp, _mode_for(self.target))
        self.handle = os.fdopen(fd, "wb")

    def write(self, data: bytes) -> None:
        try:
            self.handle.write(data)
        except OSError as exc:
            self.abort()
            raise OutputError(str(self.target), _why(exc, self.target)) from None

    def commit(self) -> None:
        """Put the file in place; on any failure the temporary file goes and the old file stays."""
        try:
            _refuse_inputs(self.target)  # the inputs were read while this file streamed
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.replace(self.tmp, self.target)
            _finished(self.tmp)
        except BaseException as exc:
            self.abort()
            if isinstance(exc, OSError):
                raise OutputError(str(self.target), _why(exc, self.target)) from None
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
        _finished(self.tmp)
