"""The bulletin's charts, drawn as SVG to scale: the sites' scores and the sections' means.

What a chart must never do is say something the numbers do not: a vetoed
site is hatched with its score struck, never a long green bar; an
unfinished one is marked.  What is drawn must also stay readable: the pass
mark's line is labelled in a band above the bars, and a score just under
the mark (77–79 under 80) is set after the line, not under it — decided by
the geometry here, which the tests measure.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import NamedTuple

from civcheck.i18n import extend, t
from civcheck.render.common import display_width  # common also defines chart.vetoed, which html.py says too
from civcheck.views import ResultView

extend(
    {
        "chart.pass_line": ("达标线 {mark}", "pass mark {mark}"),
        "chart.pass_ticks": ("竖线为各检查表的达标线", "ticks mark each checklist's pass mark"),
        "chart.unfinished": ("未完成", "unfinished"),
    }
)

PASS, FAIL, VETO, UNFINISHED, SECTION = "#2e7d32", "#f9a825", "#9e9e9e", "#90a4ae", "#1565c0"
HATCH = (
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="6" height="6" fill="#eeeeee"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9e9e9e" stroke-width="3"/>'
    "</pattern></defs>"
)


class Bar(NamedTuple):
    """One bar of a chart: its label, value, colour, and how it is marked."""

    label: str
    value: Decimal | None
    color: str
    mark: Decimal | None = None  # this bar's pass mark
    note: str = ""  # shown after the bar instead of the value (一票否决, 未完成 4/27)
    struck: bool = False  # the value is shown struck through (a vetoed score)
    heading: bool = False  # a group heading, no bar


def text_width(text: str, size: float) -> float:
    """How wide *text* is drawn at font *size*, erring wide: a Chinese character 1 em, anything else 0.6 em."""
    return sum(size if display_width(char) == 2 else 0.6 * size for char in text)


def score_x(end: float, shown: str, marks: Sequence[float], size: float = 10) -> float:
    """Where a bar's score label starts: 4 past the bar's end, or 4 past a pass-mark line it would straddle.

    A score just under the mark (77–79 with a pass mark of 80) would have the
    line drawn through its digits; set after the line instead, it reads whole.
    """
    x = end + 4
    for mark in marks:
        if x - 2 <= mark <= x + text_width(shown, size) + 2:
            x = mark + 4
    return x


def bar_chart(
    items: Sequence[Bar],
    title: str,
    lang: str,
    row: int = 15,
    line: Decimal | None = None,
    widths: tuple[int, int, int] = (210, 400, 110),
) -> str:
    """A horizontal bar chart, 0–100, drawn to scale: one labelled bar per item, the pass mark as a line.

    *line* draws one pass line across the chart when every bar shares it,
    labelled in a band of its own above the bars (so no score label can sit
    under it); otherwise each bar carries a tick at its own pass mark.  A score
    label that a line would cross is set just after the line (:func:`score_x`).
    """
    label_w, chart_w, right = widths  # labels, the 0–100 scale, room after the longest bar
    bar_h = row - 4
    top = 12 if line is not None else 0  # the band above the bars where the pass line's label is written
    height = len(items) * row + 22 + top
    width = label_w + chart_w + right
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" font-size="10">{HATCH}'
    ]
    bottom = height - 16
    for tick in range(0, 101, 20):
        x = label_w + chart_w * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#e3e3e3"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" fill="#666">{tick}</text>')
    across = [] if line is None else [label_w + chart_w * float(line) / 100]
    for n, bar in enumerate(items):
        y = n * row + 2 + top
        base = y + bar_h - 2
        if bar.heading:
            parts.append(f'<text x="2" y="{base}" font-weight="bold">{escape(bar.label)}</text>')
            continue
        value = 0.0 if bar.value is None else float(bar.value)
        w = chart_w * value / 100
        fits = label_w // 10
        shown = bar.label if len(bar.label) <= fits else bar.label[: fits - 1] + "…"
        amount = "-" if bar.value is None else str(bar.value)
        parts.append(f'<text x="{label_w - 6}" y="{base}" text-anchor="end">{escape(shown)}<title>{escape(bar.label)}'
                     "</title></text>")  # fmt: skip
        parts.append(f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{bar.color}">'
                     f"<title>{escape(bar.label)}: {escape(amount)}</title></rect>")  # fmt: skip
        marks = across
        if bar.mark is not None and line is None:
            x = label_w + chart_w * float(bar.mark) / 100
            marks = [x]
            parts.append(f'<line class="mark" x1="{x:.1f}" y1="{y - 1}" x2="{x:.1f}" y2="{y + bar_h + 1}" '
                         'stroke="#b71c1c" stroke-width="1.5"/>')  # fmt: skip
        decoration = ' text-decoration="line-through"' if bar.struck else ""
        text = f"<tspan{decoration}>{escape(amount)}</tspan>"
        said = amount
        if bar.note:
            text += f' <tspan fill="#b71c1c" font-weight="bold">{escape(bar.note)}</tspan>'
            said += " " + bar.note
        x = score_x(label_w + w, said, marks)
        parts.append(f'<text class="score" x="{x:.1f}" y="{base}" fill="#333">{text}</text>')
    if line is not None:
        x = across[0]
        parts.append(f'<line class="pass-line" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}" stroke="#b71c1c" '
                     'stroke-width="1.2" stroke-dasharray="4 2"/>')  # fmt: skip
        parts.append(f'<text class="pass-label" x="{x:.1f}" y="9" text-anchor="middle" fill="#b71c1c" font-size="9">'
                     f"{escape(t('chart.pass_line', lang, mark=mark_text(line)))}</text>")  # fmt: skip
    parts.append("</svg>")
    return "".join(parts)


def halves(items: Sequence[Bar]) -> list[list[Bar]]:
    """Bars grouped under headings, cut into two columns of about equal height, never inside a group."""
    groups: list[list[Bar]] = []
    for bar in items:
        if bar.heading or not groups:
            groups.append([])
        groups[-1].append(bar)
    total = len(items)
    left: list[Bar] = []
    while groups and len(left) + len(groups[0]) / 2 <= total / 2:
        left += groups.pop(0)
    right = [bar for group in groups for bar in group]
    return [half for half in (left, right) if half]


def mark_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def site_bars(ranked: Sequence[tuple[int, ResultView]], lang: str) -> list[Bar]:
    """The sites' bars: a vetoed site grey, hatched, its score struck and 一票否决 said; an unfinished one hatched."""
    bars = []
    for _, r in ranked:
        label = f"{r.site_name or r.site} · {r.checklist_label}"
        if r.vetoed:
            bars.append(Bar(label, r.rounded, "url(#hatch)", r.pass_mark, t("chart.vetoed", lang), struck=True))
        elif not r.complete:
            note = t("b.incomplete_n", lang, done=r.answered, total=r.to_answer)
            bars.append(Bar(label, r.rounded, UNFINISHED, r.pass_mark, note))
        else:
            bars.append(Bar(label, r.rounded, PASS if r.passed else FAIL, r.pass_mark))
    return bars
