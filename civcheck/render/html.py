"""The bulletin as one self-contained HTML page, printable on A4.

Nothing is loaded from the network: styles are inline and the charts are
SVG drawn here.  Every piece of text — site names, notes typed in the field —
is escaped, so a note cannot inject markup or script.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence, Set
from decimal import Decimal
from html import escape

from civcheck.bulletin import Bulletin, section_means
from civcheck.i18n import t
from civcheck.ledger import COLUMNS, Ledger
from civcheck.render import Context
from civcheck.render.common import (
    category_label,
    group_table,
    missing_table,
    ranking_table,
    summary,
)
from civcheck.render.ledger_rows import (
    HANDOUT_KEYS,
    WRAPPED,
    LedgerPage,
    View,
    cells,
    extra_headings,
    handout_groups,
    handout_header,
    handout_rows,
    headings,
    selected,
)
from civcheck.views import ResultView

CHART_LIMIT = 200  # bars; a county-wide run still prints, the tables hold everything

STYLE = """
@page { size: A4; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimSun",
       sans-serif; font-size: 10.5pt; color: #222; margin: 0 auto; max-width: 186mm; padding: 8mm 0; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 12.5pt; margin: 14pt 0 5pt; border-bottom: 1.5pt solid #b22222; padding-bottom: 2pt; }
p.meta { color: #555; margin: 0 0 8pt; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #f1e4e4; }
td.num { text-align: right; white-space: nowrap; }
td.nw { white-space: nowrap; }
tr.vetoed td { background: #fde8e8; }
tr.failed td { background: #fff6e0; }
svg { display: block; margin: 4pt 0 8pt; }
.legend span { display: inline-block; margin-right: 10pt; font-size: 9pt; }
.legend i { display: inline-block; width: 9pt; height: 9pt; margin-right: 3pt; vertical-align: -1pt; }
@media print { body { padding: 0; } h2 { page-break-after: avoid; } }
"""

PASS, FAIL, VETO = "#2e7d32", "#f9a825", "#c62828"


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Set[int] = frozenset(),
    classes: Sequence[str] = (),
    wrap: Set[int] | None = None,
) -> str:
    """A table; only the *wrap* columns (default: all) may break lines, so short ones stay readable."""
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = []
    for n, row in enumerate(rows):
        css = f' class="{classes[n]}"' if n < len(classes) and classes[n] else ""
        cells = "".join(f'<td class="{_css(i, numeric, wrap)}">{escape(str(c))}</td>' for i, c in enumerate(row))
        body.append(f"<tr{css}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


table_html = _table  # for the other printable pages (ledger, 交办单)


def _css(column: int, numeric: Set[int], wrap: Set[int] | None) -> str:
    css = "num" if column in numeric else ""
    if wrap is not None and column not in wrap:
        css += " nw"
    return css.strip()


def _bars(items: Sequence[tuple[str, Decimal | None, str]], title: str) -> str:
    """A horizontal bar chart, 0–100, one labelled bar per item."""
    bar_h, gap, label_w, chart_w = 14, 4, 230, 420
    height = len(items) * (bar_h + gap) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + chart_w + 50}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" font-size="10">'
    ]
    for tick in range(0, 101, 20):
        x = label_w + chart_w * tick / 100
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 18}" stroke="#ddd"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" fill="#666">{tick}</text>')
    for n, (label, value, color) in enumerate(items):
        y = n * (bar_h + gap)
        if not color:  # a group heading: the checklist the following bars belong to
            parts.append(f'<text x="4" y="{y + bar_h - 3}" font-weight="bold">{escape(label)}</text>')
            continue
        width = 0.0 if value is None else chart_w * float(value) / 100
        shown = label if len(label) <= 22 else label[:21] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h - 3}" text-anchor="end">{escape(shown)}</text>'
            f'<rect class="bar" x="{label_w}" y="{y}" width="{width:.1f}" height="{bar_h}" fill="{color}">'
            f"<title>{escape(label)}: {escape(str(value if value is not None else '-'))}</title></rect>"
            f'<text x="{label_w + width + 4:.1f}" y="{y + bar_h - 3}" fill="#333">'
            f"{escape(str(value if value is not None else '-'))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _color(row: ResultView) -> str:
    return VETO if row.vetoed else (PASS if row.passed else FAIL)


def bulletin(b: Bulletin, ctx: Context) -> str:
    lang = ctx.lang
    ranked = b.ranked
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{escape(t('b.title', lang))}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(t('b.title', lang))}{escape(' ' + b.round) if b.round else ''}</h1>",
        f'<p class="meta">{escape(summary(b, lang))}<br>'
        f"{escape(t('b.generated', lang, when=dt.date.today().isoformat()))}</p>",
    ]
    if ranked:
        bars = [(f"{r.site_name or r.site} {r.checklist}", r.rounded, _color(r)) for _, r in ranked[:CHART_LIMIT]]
        out.append(f"<h2>{escape(t('b.chart_sites', lang))}</h2>")
        out.append(
            '<div class="legend">'
            f'<span><i style="background:{PASS}"></i>{escape(t("b.legend_pass", lang))}</span>'
            f'<span><i style="background:{FAIL}"></i>{escape(t("b.legend_fail", lang))}</span>'
            f'<span><i style="background:{VETO}"></i>{escape(t("w.vetoed", lang))}</span></div>'
        )
        out.append(_bars(bars, t("b.chart_sites", lang)))
        means = section_means(b.rows)[:CHART_LIMIT]
        if means:
            items: list[tuple[str, Decimal | None, str]] = []
            current = None
            for checklist, _, title, value in means:
                if checklist != current:
                    items.append((checklist, None, ""))  # a heading per checklist
                    current = checklist
                items.append((title, value, "#1565c0"))
            out.append(f"<h2>{escape(t('b.chart_sections', lang))}</h2>")
            out.append(_bars(items, t("b.chart_sections", lang)))
        header, rows = ranking_table(b, lang)
        classes = ["vetoed" if r.vetoed else ("" if r.passed else "failed") for _, r in ranked]
        score_col = header.index(t("w.score", lang))
        out.append(f"<h2>{escape(t('b.ranking', lang))}</h2>")
        wrap = {1, len(header) - 1, header.index(t("w.checklist", lang))}
        out.append(_table(header, rows, numeric={0, score_col, len(header) - 2}, classes=classes, wrap=wrap))
    else:
        out.append(f"<p>{escape(t('b.no_results', lang))}</p>")
    for by, groups in b.groups.items():
        title, header, rows = group_table(groups, by, lang)
        out.append(f"<h2>{escape(title)}</h2>" + _table(header, rows, numeric={1, 2, 3, 4, 5}))
    if b.with_gaps and any(r.gaps for r in b.rows):
        header = [t(k, lang) for k in ("w.site", "w.checklist", "w.item", "w.text", "b.category", "w.lost",
                                        "w.owner", "w.due", "w.note")]  # fmt: skip
        rows = [
            [r.site_name or r.site, r.checklist, g.item, g.text,
             category_label(g.category, lang) + (f" ({t('r.critical', lang)})" if g.critical else ""),
             str(g.lost), g.owner, g.due.isoformat() if g.due else "", g.note]
            for r in b.rows for g in r.gaps
        ]  # fmt: skip
        out.append(f"<h2>{escape(t('b.gaps_all', lang))}</h2>" + _table(header, rows, numeric={5}))
    if b.missing:
        header, rows = missing_table(b, lang)
        out.append(f"<h2>{escape(t('b.missing', lang))}</h2>" + _table(header, rows))
    out.append("</body></html>\n")
    return "\n".join(out)


# --- the ledger and rounds compared -------------------------------------------------


def _ledger(ledger: Ledger, ctx: Context, view: View) -> str:
    """A printable page: the ledger, or one section per 交办单, each starting a new A4 landscape sheet."""
    from html import escape as h

    from civcheck.render.html import table_html

    lang = ctx.lang
    title = t("l.handouts" if view.by else "l.title", lang)
    out = [
        "<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{h(title)}</title><style>{LEDGER_STYLE}</style></head><body>",
    ]  # fmt: skip
    if view.by:
        for n, group in enumerate(handout_groups(ledger, view)):
            out.append(f'<section class="handout{" next" if n else ""}">')
            out.append(f"<h1>{h(t('l.handout', lang))} · {h(group.key)}</h1>")
            out.append(f'<p class="meta">{h(handout_header(group, ledger, view, lang))}</p>')
            rows = handout_rows(group, ledger, view, lang)
            classes = ["late" if e.overdue(ledger.today) else "" for e in group.entries]
            out.append(table_html([t(k, lang) for k in HANDOUT_KEYS], rows, numeric={0}, classes=classes,
                                  wrap={3, 4, 7}))  # fmt: skip
            out.append('<p class="sign">' + h(t("l.sign", lang)) + "</p></section>")
    else:
        entries = selected(ledger, view)
        extras = extra_headings(entries)
        rows = [[str(c) for c in cells(e, n, ledger, lang, extras)] for n, e in enumerate(entries, 1)]
        out.append(f"<h1>{h(title)}</h1>")
        wrap = {i for i, (f, _, _) in enumerate(COLUMNS) if f in WRAPPED}
        out.append(table_html(headings(lang, extras), rows, numeric={0, 9}, wrap=wrap))
    out.append("</body></html>\n")
    return "\n".join(out)


LEDGER_STYLE = """
@page { size: A4 landscape; margin: 10mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimSun", sans-serif;
       font-size: 9pt; color: #222; margin: 0; }
h1 { font-size: 14pt; margin: 0 0 3pt; }
p.meta { margin: 0 0 6pt; color: #444; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #888; padding: 2pt 3pt; text-align: left; vertical-align: top; }
th { background: #eee; white-space: nowrap; }
td.num { text-align: right; }
td.nw { white-space: nowrap; }
tr.late td { background: #fde8e8; }
section.next { break-before: page; }
p.sign { margin-top: 18pt; }
"""


def ledger(page: LedgerPage, ctx: Context) -> str:
    """The ledger (or its 交办单, or what is due soon), as the page asks."""
    return _ledger(page.ledger, ctx, page.view)
