"""Bytes to text, the way clerks' files actually arrive — and the size every input is bounded to.

UTF-8 (with or without a BOM), UTF-16 with a BOM (Notepad's "Unicode"), else
GB18030 (a superset of GBK and GB2312, what Windows office software in China
writes); anything else is refused where decoding failed.  Only regular files
are read, and never more than :data:`MAX_BYTES`.
"""

from __future__ import annotations

import os
from pathlib import Path

from civcheck.atomic import note_input
from civcheck.errors import InputError

MAX_BYTES = 32 * 1024 * 1024


def read_bytes(path: str | Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes (up to *limit*), with a located error for anything that stops reading.

    Only regular files are read: a FIFO or a device named ``*.yaml`` would
    block or never end.  The file is opened without blocking and checked
    before a byte is read.
    """
    import stat

    name = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise InputError.at(name, 1, 1, "io.directory") from None
    except FileNotFoundError:
        raise InputError.at(name, 1, 1, "io.not_found") from None
    except OSError as exc:
        if os.path.isdir(path):
            raise InputError.at(name, 1, 1, "io.directory") from None
        raise InputError.at(name, 1, 1, "io.unreadable", reason=exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError.at(name, 1, 1, "io.directory")
        if not stat.S_ISREG(info.st_mode):
            raise InputError.at(name, 1, 1, "io.not_regular")
        note_input(info)
        if info.st_size > limit:
            raise InputError.at(name, 1, 1, "io.too_large", limit=mb(limit))
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise InputError.at(name, 1, 1, "io.unreadable", reason=exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
    if size > limit:
        raise InputError.at(name, 1, 1, "io.too_large", limit=mb(limit))
    return b"".join(chunks)


def mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g}"


def read_text(path: str | Path) -> str:
    """Read a text file the way clerks' files actually arrive.

    UTF-8 (BOM or not), UTF-16 with a BOM (Notepad's "Unicode"), then
    GB18030, a superset of GBK and GB2312.  NUL bytes mean a binary file.
    """
    return decode(read_bytes(path), str(path))


def decode(data: bytes, name: str) -> str:
    """Decode *data* (see :func:`read_text`); errors name the file."""
    if len(data) > MAX_BYTES:
        raise InputError.at(name, 1, 1, "io.too_large", limit=mb(MAX_BYTES))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _decode_error(data, name, exc, "UTF-16") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        line, column = byte_position(data, data.index(b"\x00"))
        raise InputError.at(name, line, column, "io.binary")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError:
            raise _decode_error(data, name, utf8_error, "UTF-8 / GB18030") from None


def _decode_error(data: bytes, name: str, exc: UnicodeDecodeError, tried: str) -> InputError:
    line, column = byte_position(data, exc.start)
    return InputError.at(name, line, column, "io.encoding", encodings=tried)


def byte_position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column


def char_position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1
