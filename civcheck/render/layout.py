"""Tables laid out for a terminal of any width, without cutting what people look for.

A bulletin at 80 columns cannot show thirteen columns; a general-purpose table
library then shrinks every column until ``93.75`` reads ``93.`` and 不合格
reads 不合.  Here each column says what it may do:

* ``keep`` columns (rank, site, id, score, grade, version, dates) are never
  cut and never dropped — at most a long one wraps onto a second line;
* ``wrap`` columns (a problem's text, a remedy) wrap to the room left;
* columns with a ``drop`` rank are dropped, highest rank first, when even
  wrapped they do not fit — and a footnote names them and how to see them;
* a row is always told apart from the others: a dropped ``qualifies``
  column (a ranking's checklist) is written in brackets after the ``names``
  cell (the site) on the rows that need it — a site assessed under several
  checklists reads ``东坡村 (dongpo) [沿途沿路沿水]``;
* below the width where even the kept columns fit, a table becomes one
  block per row, each cell a ``label: value`` line.

Every cell is passed through :func:`civcheck.text.visible`, so nothing read
from a file reaches the terminal as a control sequence.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from civcheck import wrapping
from civcheck.text import visible

GAP = 2  # spaces between columns


def display_width(text: str) -> int:
    """Columns *text* takes in a terminal: a Chinese character takes two."""
    from wcwidth import wcswidth

    width = int(wcswidth(text))
    return width if width >= 0 else len(text)


def pad(text: str, width: int, right: bool = False) -> str:
    """*text* padded with spaces to *width* terminal columns (on the left with *right*)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def wrap(text: str, width: int, indent: str = "", words: bool = False) -> list[str]:
    """Wrap *text* to *width* terminal columns (a Chinese character takes two; civcheck/wrapping.py's rule).

    With *words*, lines break only at spaces (a name, ``[1公里内行政村]``), unless a word is longer than a
    line.  Any width ends: a line holds at least one character.
    """
    return wrapping.wrap(text, max(1, width), indent, display_width, words)


@dataclass(frozen=True)
class Col:
    """How one column behaves when the terminal is narrow."""

    keep: bool = False  # never dropped, never cut (it may still wrap when it is all that is left)
    wrap: bool = False  # may wrap onto several lines
    drop: int = 0  # dropped when nothing else helps, highest first (0: never)
    right: bool = False  # numbers: right-aligned
    least: int = 12  # the narrowest a wrapping column is allowed to become
    names: bool = False  # names the row (a site): a dropped `qualifies` column joins it where rows need it
    qualifies: bool = False  # tells apart rows that share a name (a site's checklist): never lost with the column


KEEP = Col(keep=True)
NUMBER = Col(keep=True, right=True)
TEXT = Col(wrap=True)


@dataclass(frozen=True)
class Laid:
    """A table drawn for a width, the headings that did not fit, and the one written after the names instead."""

    text: str
    dropped: tuple[str, ...]
    folded: str = ""  # a dropped `qualifies` heading, shown in [brackets] after the name on the rows that need it


def grid(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    cols: Sequence[Col],
    width: int,
    ascii: bool = False,
    apart: Collection[int] = (),
) -> Laid:
    """Lay out *rows* under *header* in *width* columns; see the module docstring for the rules.

    *apart* are the rows that only a ``qualifies`` column tells apart (the
    caller knows: a site under several checklists); when that column is
    dropped, its text follows their ``names`` cell in brackets.
    """
    header = [visible(h) for h in header]
    rows = [[visible(" ".join(str(c).split("\n"))) for c in row] for row in rows]
    fitted = _columns(header, rows, cols, width, set())
    if fitted is None:
        return Laid(records(header, rows, width), ())
    shown, widths = fitted
    name = next((i for i in shown if cols[i].names), None)
    told = next((i for i in range(len(header)) if cols[i].qualifies and i not in shown), None)
    folded = ""
    if name is not None and told is not None and apart:
        whole = rows
        rows = [[*r[:name], f"{r[name]} [{r[told]}]", *r[name + 1 :]] if n in apart and r[told] else r
                for n, r in enumerate(rows)]  # fmt: skip
        fitted = _columns(header, rows, cols, width, {told})
        if fitted is None:
            return Laid(records(header, whole, width), ())
        shown, widths = fitted
        folded = header[told]
    lines = ["  ".join(pad(header[i], widths[i], cols[i].right) for i in shown).rstrip()]
    lines.append(("-" if ascii else "─") * (sum(widths.values()) + GAP * (len(shown) - 1)))
    for row in rows:
        cells = [wrap(row[i], widths[i], words=not cols[i].wrap) if display_width(row[i]) > widths[i] else [row[i]]
                 for i in shown]  # fmt: skip
        for depth in range(max(len(c) for c in cells)):
            parts = [
                pad(c[depth] if depth < len(c) else "", widths[i], cols[i].right)
                for i, c in zip(shown, cells, strict=True)
            ]
            lines.append("  ".join(parts).rstrip())
    dropped = tuple(header[i] for i in range(len(header)) if i not in shown)
    return Laid("\n".join(lines) + "\n", dropped, folded)


def _columns(
    header: Sequence[str], rows: Sequence[Sequence[str]], cols: Sequence[Col], width: int, out: set[int]
) -> tuple[list[int], dict[int, int]] | None:
    """The columns shown and the width of each, or ``None`` when not even the kept columns fit *width*."""
    natural = [max([display_width(header[i])] + [display_width(r[i]) for r in rows]) for i in range(len(header))]
    least = [max(display_width(header[i]), min(natural[i], cols[i].least)) if cols[i].wrap else natural[i]
             for i in range(len(header))]  # fmt: skip
    shown = [i for i in range(len(header)) if i not in out]

    def need(indexes: list[int]) -> int:
        return sum(least[i] for i in indexes) + GAP * (len(indexes) - 1)

    droppable = sorted((i for i in shown if cols[i].drop), key=lambda i: (-cols[i].drop, -i))
    while need(shown) > width and droppable:
        shown.remove(droppable.pop(0))
    if need(shown) > width:  # only columns that must stay are left: the longest of them wrap
        # first between words only (城郊乡政府大院 over (chengjiao-gov)); then a text's words may break, never
        # a kept column's (a name, an id, a score): a table that needs that becomes records instead
        whole = [max((display_width(w) for r in rows for w in r[i].split()), default=0) for i in range(len(header))]
        broken = [4 if cols[i].wrap else whole[i] for i in range(len(header))]
        for floor in (whole, broken):
            for i in sorted(shown, key=lambda i: -natural[i]):
                if need(shown) <= width:
                    break
                room = width - (need(shown) - least[i])
                least[i] = max(display_width(header[i]), min(least[i], max(room, floor[i])), floor[i])
    if need(shown) > width:  # not even the headings fit side by side
        return None
    widths = {i: least[i] for i in shown}
    spare = width - need(shown)
    for i in sorted((i for i in shown if natural[i] > widths[i]), key=lambda i: natural[i] - widths[i]):
        grow = min(spare, natural[i] - widths[i])
        widths[i] += grow
        spare -= grow
    return shown, widths


def records(header: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> str:
    """Too narrow for columns: each row a block of ``label: value`` lines, a blank line between blocks.

    A value too long for its label's line goes under it, indented and wrapped.
    """
    blocks = []
    for row in rows:
        lines = []
        for heading, cell in zip(header, row, strict=True):
            line = f"{heading}: {cell}"
            lines += [line] if display_width(line) <= width else [f"{heading}:", *wrap(cell, width, "  ")]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
