"""What text civcheck accepts and carries, decided once.

civcheck carries Unicode text: any character except

* a lone surrogate (``"\\ud800"`` in JSON, bytes that were not valid in the
  console's encoding) — no UTF-8 file can hold one, so a writer would fail;
* a control character other than tab and line feed (C0, DEL and C1:
  ``ESC``, ``BEL``, ``\\x0b``…) — no spreadsheet can hold one (XML forbids
  them), and on a terminal they retitle or clear the screen.  A carriage
  return is one of them: line breaks inside a text are ``\\n`` (a file's own
  CRLF line ends are read as such by every parser; a CR *inside* a value
  would turn into LF in a workbook and no longer read back as written);
* the noncharacters U+FFFE and U+FFFF — XML forbids them too, so no
  workbook could hold them.

Every reader refuses such text with a located message (:func:`first_bad`),
so every writer — YAML, JSON, CSV, xlsx, html — can write all it is given and
every file reads back.  What cannot be refused because it is not content —
file names from a folder, text printed from elsewhere — is shown through
:func:`visible` on a terminal and through :func:`path_text` in files.
"""

from __future__ import annotations

import os
import re

# C0 controls but TAB and LF; DEL; C1 controls; lone surrogates; the two noncharacters XML refuses.
_NOT_CARRIED = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_BAD = re.compile(f"[{_NOT_CARRIED}]")
# What a terminal must not receive raw: the characters above, and the bidirectional
# overrides that make text display in another order than it is stored.
_UNSAFE_ON_SCREEN = re.compile(f"[{_NOT_CARRIED}\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def first_bad(text: str) -> int | None:
    """The offset of the first character civcheck does not carry, or ``None``."""
    match = _BAD.search(text)
    return None if match is None else match.start()


def describe(char: str) -> str:
    """A character as the messages name it: ``U+001B``."""
    return f"U+{ord(char):04X}"


def visible(text: str) -> str:
    """*text* safe to print on a terminal: control and bidi characters shown as ``\\x1b`` / ``\\u202e``.

    Line feeds stay (multi-line messages); a carriage return is shown, since
    it would let a line overwrite itself.
    """
    if not _UNSAFE_ON_SCREEN.search(text):
        return text
    return _UNSAFE_ON_SCREEN.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not valid in the file system's encoding
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """*text* on one line and safe on a terminal: what a message built from file content must be."""
    return visible(text.replace("\r\n", "\n")).replace("\n", "\\n")


def path_text(path: str | os.PathLike[str]) -> str:
    """A file's path as text any writer can hold: bytes invalid in the file system's encoding as ``\\xNN``."""
    name = os.fspath(path)
    if not _BAD.search(name):
        return name
    try:
        raw = os.fsencode(name)
    except UnicodeError:
        return _BAD.sub(_escape, name)
    return _BAD.sub(_escape, raw.decode("utf-8", "backslashreplace"))


_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


def file_stem(text: str) -> str:
    """*text* made safe as (part of) a file name in any folder on any system.

    Ids come from rosters and forms: ``../x`` or ``a/b`` must never lead a
    file out of the folder it is written to, and Windows refuses ``<>:"|?*``.
    The file still records the id as it is; only its name is made safe.
    """
    stem = _NOT_IN_FILE_NAMES.sub("_", text).strip().lstrip(".")
    return stem or "_"
