"""Where a line of text may break: a Chinese character anywhere, a Latin word whole, no line starting with ，。

One rule for every wrapped text — tables and the self-check's screens
(``render/layout.py``, which measures with wcwidth) and ``--help``
(``cli/helptext.py``, which measures its own text and must start fast).  So
this module imports nothing: no regular expression to compile, no wcwidth;
the caller says how wide a piece of text is.
"""

from __future__ import annotations

from collections.abc import Callable

NO_LINE_START = "，。、；：？！）》」』”’%)]},.;:!?"  # 禁则: no line starts with these
NO_LINE_END = "（《「『“‘〔【([{"  # nor ends with these


def _wide(char: str) -> bool:
    return "\u2e80" <= char <= "\uffef"  # CJK: each character a piece of its own


def pieces(text: str) -> list[str]:
    """*text* as runs of white space, Latin words, and single Chinese characters."""
    out: list[str] = []
    word = ""
    for char in text:
        if char.isspace() or _wide(char):
            if word:
                out.append(word)
                word = ""
            if char.isspace() and out and out[-1].isspace():
                out[-1] += char
            else:
                out.append(char)
        else:
            word += char
    if word:
        out.append(word)
    return out


def spaced(text: str) -> list[str]:
    """*text* as runs of white space and of everything else: a name broken only between its words."""
    out: list[str] = []
    for char in text:
        if out and out[-1][-1].isspace() == char.isspace():
            out[-1] += char
        else:
            out.append(char)
    return out


def wrap(text: str, width: int, indent: str, measure: Callable[[str], int], words: bool = False) -> list[str]:
    """Wrap *text* to *width* terminal columns, each line starting with *indent*, as *measure* counts them.

    A Chinese character may end a line anywhere (with *words*, only white
    space may); a Latin word is kept whole unless it is longer than a line; a
    line never starts with ，。、 or a closing bracket — the word before it goes
    down with it — nor ends with an opening one.
    """
    lines: list[str] = []
    current, used = indent, measure(indent)  # the line being filled, and its width
    flat = text.replace("\r", "").replace("\n", " ")
    for token in spaced(flat) if words else pieces(flat):
        size = measure(token)
        if used + size <= width:
            current, used = current + token, used + size
            continue
        if token.isspace():
            lines.append(current.rstrip())
            current, used = indent, measure(indent)
            continue
        if current.strip():
            kept, carried = pieces(current[len(indent) :]), ""
            if token[0] in NO_LINE_START:
                while len(kept) > 1 and not kept[-1].isspace() and (not carried or carried[0] in NO_LINE_START):
                    carried = kept.pop() + carried
            while len(kept) > 1 and kept[-1][-1] in NO_LINE_END:
                carried = kept.pop() + carried
            current = indent + "".join(kept)
            lines.append(current.rstrip())
            current = indent + carried
            used = measure(current)
        while token and used + size > width:  # a word longer than a line (or an indent wider than the line)
            cut = _fit(token, max(1, width - used), measure)
            lines.append(current + token[:cut])
            current, token = indent, token[cut:]
            used, size = measure(indent), measure(token)
        current, used = current + token, used + size
    if current.strip():
        lines.append(current.rstrip())
    return lines or [indent.rstrip()]


def _fit(token: str, room: int, measure: Callable[[str], int]) -> int:
    """How many characters of *token* fit in *room* columns (at least one)."""
    used = 0
    for n, char in enumerate(token):
        used += measure(char)
        if used > room:
            return max(1, n)
    return len(token)
