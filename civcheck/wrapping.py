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


def _own_piece(char: str) -> bool:
    """Where a line may break: after any CJK character or mark (a question of breaking, not of width)."""
    return "\u2e80" <= char <= "\uffef"


def pieces(text: str) -> list[str]:
    """*text* as runs of white space, Latin words, and single Chinese characters."""
    out: list[str] = []
    word = ""
    for char in text:
        if char.isspace() or _own_piece(char):
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


def cells(text: str) -> int:
    """Terminal columns *text* takes: a wide (Chinese) character takes two.

    Enough for civcheck's own help (Chinese, CJK punctuation, ASCII); what
    users typed is measured with wcwidth (``render/layout.py``), which is too
    slow to load for ``--help``.
    """
    if text.isascii():
        return len(text)
    return len(text) + sum(1 for char in text if _wide(char))


def _wide(char: str) -> bool:
    """East Asian wide or fullwidth: CJK (radicals to Yi), Hangul, compatibility ideographs, fullwidth forms."""
    return ("\u2e80" <= char <= "\ua4cf" or "\uac00" <= char <= "\ud7a3" or "\uf900" <= char <= "\ufaff"
            or "\ufe30" <= char <= "\ufe4f" or "\uff00" <= char <= "\uff60" or "\uffe0" <= char <= "\uffe6"
            or "\u1100" <= char <= "\u115f")  # fmt: skip
