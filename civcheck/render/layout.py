"""Tables laid out for a terminal of any width, without cutting what people look for.

A bulletin at 80 columns cannot show thirteen columns; a general-purpose table
library then shrinks every column until ``93.75`` reads ``93.`` and 不合格
reads 不合.  Here each column says what it may do:

* ``keep`` columns (rank, site, id, score, grade, version, dates) are never
  cut and never dropped — at most a long one wraps onto a second line;
* ``wrap`` columns (a problem's text, a remedy) wrap to the room left;
* columns with a ``drop`` rank are dropped, highest rank first, when even
  wrapped they do not fit — and a footnote names them and how to see them.

Every cell is passed through :func:`civcheck.text.visible`, so nothing read
from a file reaches the terminal as a control sequence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from civcheck.text import visible

GAP = 2  # spaces between columns
_TOKENS = re.compile(r"\s+|[^\s\u2e80-\uffef]+|.")
_NO_LINE_START = "，。、；：？！）》」』”’%)]},.;:!?"


def display_width(text: str) -> int:
    """Columns *text* takes in a terminal: a Chinese character takes two."""
    from wcwidth import wcswidth

    width = int(wcswidth(text))
    return width if width >= 0 else len(text)


def pad(text: str, width: int, right: bool = False) -> str:
    """*text* padded with spaces to *width* terminal columns (on the left with *right*)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Wrap *text* to *width* terminal columns.

    A Chinese character takes two columns and may end a line anywhere; a Latin
    word is kept whole unless it is longer than a line.
    """
    lines: list[str] = []
    current = indent
    for token in _TOKENS.findall(text.replace("\r", "").replace("\n", " ")):
        if display_width(current) + display_width(token) <= width:
            current += token
            continue
        if token.isspace():
            lines.append(current.rstrip())
            current = indent
            continue
        if current.strip():
            carried = ""
            if token[0] in _NO_LINE_START and len(current.strip()) > 1:
                current, carried = current[:-1], current[-1]  # 禁则: no line starts with ，。、
            lines.append(current.rstrip())
            current = indent + carried
        while display_width(current) + display_width(token) > width:  # a word longer than a line
            cut = _fit(token, max(1, width - display_width(current)))
            lines.append(current + token[:cut])
            current, token = indent, token[cut:]
        current += token
    if current.strip():
        lines.append(current.rstrip())
    return lines or [indent.rstrip()]


def _fit(token: str, room: int) -> int:
    """How many characters of *token* fit in *room* columns (at least one)."""
    used = 0
    for n, char in enumerate(token):
        used += display_width(char)
        if used > room:
            return max(1, n)
    return len(token)


@dataclass(frozen=True)
class Col:
    """How one column behaves when the terminal is narrow."""

    keep: bool = False  # never dropped, never cut (it may still wrap when it is all that is left)
    wrap: bool = False  # may wrap onto several lines
    drop: int = 0  # dropped when nothing else helps, highest first (0: never)
    right: bool = False  # numbers: right-aligned
    least: int = 12  # the narrowest a wrapping column is allowed to become


KEEP = Col(keep=True)
NUMBER = Col(keep=True, right=True)
TEXT = Col(wrap=True)


@dataclass(frozen=True)
class Laid:
    """A table drawn for a width, and the headings that did not fit."""

    text: str
    dropped: tuple[str, ...]


def grid(
    header: Sequence[str], rows: Sequence[Sequence[str]], cols: Sequence[Col], width: int, ascii: bool = False
) -> Laid:
    """Lay out *rows* under *header* in *width* columns; see the module docstring for the rules."""
    header = [visible(h) for h in header]
    rows = [[visible(" ".join(str(c).split("\n"))) for c in row] for row in rows]
    natural = [max([display_width(header[i])] + [display_width(r[i]) for r in rows]) for i in range(len(header))]
    least = [max(display_width(header[i]), min(natural[i], cols[i].least)) if cols[i].wrap else natural[i]
             for i in range(len(header))]  # fmt: skip
    shown = list(range(len(header)))

    def need(indexes: list[int]) -> int:
        return sum(least[i] for i in indexes) + GAP * (len(indexes) - 1)

    droppable = sorted((i for i in shown if cols[i].drop), key=lambda i: (-cols[i].drop, -i))
    while need(shown) > width and droppable:
        shown.remove(droppable.pop(0))
    if need(shown) > width:  # only columns that must stay are left: the longest of them wrap
        # first between words only (城郊乡政府大院 over (chengjiao-gov)); a word is broken only if even that fails
        whole = [max((display_width(w) for r in rows for w in r[i].split()), default=0) for i in range(len(header))]
        for floor in (whole, [4] * len(header)):
            for i in sorted(shown, key=lambda i: -natural[i]):
                if need(shown) <= width:
                    break
                room = width - (need(shown) - least[i])
                least[i] = max(display_width(header[i]), min(least[i], max(room, floor[i])), floor[i])
    widths = {i: least[i] for i in shown}
    spare = max(0, width - need(shown))  # none when even the floors overflow: the table is drawn wider, not shrunk
    for i in sorted((i for i in shown if natural[i] > widths[i]), key=lambda i: natural[i] - widths[i]):
        grow = min(spare, natural[i] - widths[i])
        widths[i] += grow
        spare -= grow
    lines = ["  ".join(pad(header[i], widths[i], cols[i].right) for i in shown).rstrip()]
    lines.append(("-" if ascii else "─") * (sum(widths.values()) + GAP * (len(shown) - 1)))
    for row in rows:
        cells = [wrap(row[i], widths[i]) if display_width(row[i]) > widths[i] else [row[i]] for i in shown]
        for depth in range(max(len(c) for c in cells)):
            parts = [
                pad(c[depth] if depth < len(c) else "", widths[i], cols[i].right)
                for i, c in zip(shown, cells, strict=True)
            ]
            lines.append("  ".join(parts).rstrip())
    dropped = tuple(header[i] for i in range(len(header)) if i not in shown)
    return Laid("\n".join(lines) + "\n", dropped)
