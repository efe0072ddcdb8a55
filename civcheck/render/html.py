"""The bulletin as one self-contained HTML page, printable on A4.

Nothing is loaded from the network: styles are inline and the charts are
SVG (drawn in :mod:`civcheck.render.charts`).  Every piece of text — site names, notes typed in the field —
is escaped, so a note cannot inject markup or script.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence, Set
from html import escape
from itertools import chain

from civcheck.bulletin import Bulletin, section_means
from civcheck.i18n import extend, t
from civcheck.ledger import COLUMNS, Ledger
from civcheck.render import Context
from civcheck.render.charts import FAIL, PASS, SECTION, UNFINISHED, Bar, bar_chart, halves, site_bars
from civcheck.render.common import (
    fmt,
    group_table,
    missing_table,
    na_count,
    na_flags,
    progress_text,
    ranking_title,
    score_text,
    signed,
    summary,
    veto_text,
    yes_no,
)
from civcheck.render.ledger_rows import (
    LedgerPage,
    View,
    as_of_line,
    cells,
    extra_headings,
    handout_groups,
    handout_header,
    handout_headings,
    handout_rows,
    headings,
    selected,
)
from civcheck.render.publication import head, head_lines, red_black_note
from civcheck.views import ResultView

CHART_LIMIT = 200  # bars; a county-wide run still prints, the tables hold everything

extend(
    {
        "h.rank": ("名次", "Rank"),
        "h.previous": ("上轮", "Last"),
        "h.passed": ("达标", "Pass"),
        "h.vetoed": ("否决", "Veto"),
        "b.made_with": ("由 civcheck 生成", "Made with civcheck"),
    }
)

STYLE = """
@page { size: A4 portrait; margin: 12mm 11mm 12mm 11mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC",
       "SimSun", sans-serif; font-size: 9.5pt; line-height: 1.35; color: #222; margin: 0 auto; max-width: 188mm;
       padding: 8mm 0; }
header.notice { text-align: center; margin-bottom: 6pt; }
header .issuer { color: #c00; font-size: 19pt; font-weight: bold; letter-spacing: 1.5pt; margin: 0; }
header .doc-no { margin: 5pt 0 0; font-size: 10pt; }
header hr { border: 0; border-top: 1.6pt solid #c00; margin: 5pt 0 9pt; }
h1 { font-size: 15pt; text-align: center; margin: 0 0 4pt; }
p.meta { text-align: center; color: #444; margin: 0 0 3pt; }
p.summary { margin: 6pt 0 4pt; }
h2 { font-size: 11.5pt; margin: 10pt 0 4pt; border-bottom: 1.2pt solid #b22222; padding-bottom: 1.5pt; }
p.note { color: #555; font-size: 8.5pt; margin: 3pt 0 0; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #999; padding: 1.5pt 3pt; text-align: left; vertical-align: top; }
th { background: #f1e4e4; white-space: nowrap; font-weight: bold; }
td.num, th.num { text-align: right; white-space: nowrap; }
.nw { white-space: nowrap; }
.keep { word-break: keep-all; }
small.id { color: #666; font-size: 7.5pt; white-space: nowrap; }
small.flag { color: #c00; font-size: 7.5pt; white-space: nowrap; }
tr.vetoed td { background: #fde8e8; }
tr.failed td { background: #fff6e0; }
tr.unfinished td { color: #555; font-style: italic; }
.up { color: #2e7d32; } .down { color: #c62828; }
div.chart { break-inside: avoid; page-break-inside: avoid; }
div.two { display: flex; gap: 4mm; align-items: flex-start; }
div.two svg { width: 50%; }
div.lists > div { width: 50%; }
div.lists h3 { font-size: 10pt; margin: 0 0 2pt; }
div.red h3 { color: #c00; }
td.worst { font-size: 7.5pt; }
td.site { min-width: 8em; }  /* a usual site name (城郊乡政府大院) on one line */
svg { display: block; width: 100%; height: auto; margin: 2pt 0 6pt; }
.legend { font-size: 8pt; margin: 0 0 2pt; }
.legend span { display: inline-block; margin-right: 10pt; }
.legend i { display: inline-block; width: 9pt; height: 9pt; margin-right: 3pt; vertical-align: -1pt; }
footer { margin-top: 8pt; color: #777; font-size: 8pt; text-align: right; }
@media print { body { padding: 0; max-width: none; } h2 { break-after: avoid; page-break-after: avoid; } }
"""


def _table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Set[int] = frozenset(),
    classes: Sequence[str] = (),
    wrap: Set[int] | None = None,
) -> str:
    """A table; only the *wrap* columns (default: all) may break lines, so short ones stay readable."""
    head = "".join(f"<th{_NUM if i in numeric else ''}>{escape(h)}</th>" for i, h in enumerate(header))
    body = []
    for n, row in enumerate(rows):
        css = f' class="{classes[n]}"' if n < len(classes) and classes[n] else ""
        cells = "".join(f'<td class="{_css(i, numeric, wrap)}">{escape(str(c))}</td>' for i, c in enumerate(row))
        body.append(f"<tr{css}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


table_html = _table  # for the other printable pages (ledger, 交办单, the report)


def _css(column: int, numeric: Set[int], wrap: Set[int] | None) -> str:
    css = "num" if column in numeric else ""
    if wrap is not None and column not in wrap:
        css += " nw"
    return css.strip()


_NUM = ' class="num"'


def _class(css: str) -> str:
    return f' class="{css}"' if css else ""


def _nw(text: str) -> str:
    """Text that must not break across lines: an id, a date, a number."""
    return f'<span class="nw">{escape(text)}</span>'


def _ranking(b: Bulletin, lang: str) -> Iterator[str]:
    """The ranking as published, row by row: ids, dates and numbers never broken, headers on one line."""
    compared = b.previous_round is not None
    several = len(b.rounds) > 1
    places = any(r.township or r.grid for r in b.rows)
    head = ([t("b.round", lang)] if several else []) + [t("h.rank", lang), t("w.site", lang)]
    head += [t("b.site_area", lang)] if places else []
    head += [t("w.checklist", lang), t("w.score", lang)]
    head += [t("h.previous", lang), t("b.change", lang)] if compared else []
    with_na = any(r.not_applicable for r in b.rows)
    head += [t("w.grade", lang), t("h.passed", lang), t("h.vetoed", lang)]
    head += [t("b.na", lang)] if with_na else []
    head += [t("b.worst", lang)]
    numeric = {head.index(t("h.rank", lang)), head.index(t("w.score", lang))}
    if compared:
        numeric |= {head.index(t("h.previous", lang)), head.index(t("b.change", lang))}
    heads = "".join(f"<th{_NUM if i in numeric else ''}>{escape(h)}</th>" for i, h in enumerate(head))
    yield f'<table class="ranking"><thead><tr>{heads}</tr></thead><tbody>'
    for number, r in b.ranked:
        css = "vetoed" if r.vetoed else ("unfinished" if not r.complete else ("" if r.passed else "failed"))
        cells = [_nw(r.round)] if several else []
        site = escape(r.site_name or r.site) + (f"<br><small class=\"id\">{escape(r.site)}</small>" if r.site_name
                                                 and r.site_name != r.site else "")  # fmt: skip
        cells += [_nw(str(number)), f'<td class="site">{site}</td>']
        if places:
            cells.append("<br>".join(_nw(x) for x in (r.township, r.grid) if x) or "-")
        cells += [f'<span class="keep">{escape(r.checklist_label)}</span>', _nw(score_text(r.rounded))]
        if compared:
            change = b.change(r)
            before = change.previous if change else None
            if before is None:
                previous = _nw(t("b.new_site", lang))
            else:
                previous = _nw(score_text(before.rounded))
                if before.vetoed:
                    previous += f'<br><small class="id">{escape(t("chart.vetoed", lang))}</small>'
            delta = signed(change.delta if change else None, r.decimals)
            direction = "up" if delta.startswith("↑") else ("down" if delta.startswith("↓") else "")
            cells += [previous, f'<span class="nw {direction}">{escape(delta)}</span>']
        veto = t("w.yes", lang) + " " + ", ".join(r.vetoes) if r.vetoed else t("w.no", lang)
        if r.vetoed and not r.complete:
            veto = t("b.veto_provisional", lang) + " " + ", ".join(r.vetoes)
        grade = escape(r.grade_shown or "-") + ("" if r.complete else "<br>" + _nw(progress_text(r, lang)))
        cells += [_nw(r.grade_shown or "-") if r.complete else grade, _nw(yes_no(r.passed, lang)), _nw(veto)]
        if with_na:
            cells.append(_na_cell(r, lang))
        cells.append(f'<td class="worst">{_nw(r.worst)} {escape(r.worst_text)}</td>' if r.worst else "<td>-</td>")
        tds = "".join(c if c.startswith("<td") else f'<td{_NUM if i in numeric else ""}>{c}</td>'
                      for i, c in enumerate(cells))  # fmt: skip
        yield f"<tr{_class(css)}>{tds}</tr>"
    yield "</tbody></table>"


def _na_cell(r: ResultView, lang: str) -> str:
    """不适用 as ``2 项`` over ``6 分`` (a narrow column), what is wrong with them (未经批准, 未说明理由) below."""
    c = na_count(r)
    if not c.items:
        return "-"
    text = _nw(t("b.na_n", lang, n=c.items)) + "<br>" + _nw(t("b.na_points_n", lang, points=fmt(c.points)))
    return text + "".join(f'<br><small class="flag">{_nw(f)}</small>' for f in na_flags(c, lang))


def _listed(key: str, members: Sequence[tuple[int, ResultView]], lang: str) -> str:
    """One side of 红黑榜: rank, site, checklist, score and veto, a line each, so both lists sit side by side."""
    head = [t("h.rank", lang), t("w.site", lang), t("w.checklist", lang), t("w.score", lang), t("h.vetoed", lang)]
    rows = [[str(n), r.site_name or r.site, r.checklist_label, score_text(r.rounded), veto_text(r, lang)]
            for n, r in members] or [["-", t("rb.none", lang), "", "", ""]]  # fmt: skip
    classes = ["vetoed" if r.vetoed else "" for _, r in members]
    css = "red" if key == "rb.red" else "black"
    return f'<div class="{css}"><h3>{escape(t(key, lang))}</h3>{_table(head, rows, {0, 3}, classes, {1, 2})}</div>'


def _head(b: Bulletin, lang: str) -> str:
    h = head(b, lang)
    out = ['<header class="notice">']
    if h.issuer:
        out.append(f'<p class="issuer">{escape(h.issuer)}</p>')
    if h.doc_no:
        out.append(f'<p class="doc-no">{escape(h.doc_no)}</p>')
    if h.issuer or h.doc_no:
        out.append("<hr>")
    out.append(f"<h1>{escape(h.title)}</h1>")
    out.append(f'<p class="meta">{escape(head_lines(h, lang)[-1])}</p></header>')
    return "".join(out)


def bulletin(b: Bulletin, ctx: Context) -> Iterator[str]:
    """The bulletin as published: page 1 the head and the ranking (and 红黑榜), then the charts and roll-ups.

    Written piece by piece (a county's ranking is thousands of rows), one line between pieces.
    """
    for n, piece in enumerate(_pieces(b, ctx)):
        if n:
            yield "\n"
        if isinstance(piece, str):
            yield piece
        else:
            yield from piece


def _pieces(b: Bulletin, ctx: Context) -> Iterator[str | Iterator[str]]:
    lang = ctx.lang
    ranked = b.ranked
    h = head(b, lang)
    yield "<!DOCTYPE html>"
    yield f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
    yield f"<title>{escape(h.title)}{escape(' ' + h.round) if h.round else ''}</title><style>{STYLE}</style></head>"
    yield "<body>"
    yield _head(b, lang)
    yield f'<p class="summary">{escape(summary(b, lang))}</p>'
    if not ranked:
        yield f"<p>{escape(t('b.no_results', lang))}</p>"
    else:
        yield chain([f"<h2>{escape(ranking_title(b, lang))}</h2>"], _ranking(b, lang))
    for lists in b.red_black:
        title = t("rb.title", lang) + (f" {lists.round}" if len(b.rounds) > 1 else "")
        sides = "".join(
            _listed(key, members, lang) for key, members in (("rb.red", lists.red), ("rb.black", lists.black))
        )
        note = f'<p class="note">{escape(red_black_note(b, lists, lang))}</p>'
        yield (f'<div class="chart"><h2>{escape(title)}</h2><div class="two lists">{sides}</div>{note}</div>')
    if ranked:
        yield ('<div class="chart">')
        yield (f"<h2>{escape(t('b.chart_sites', lang))}</h2>")
        yield (
            '<div class="legend">'
            f'<span><i style="background:{PASS}"></i>{escape(t("b.legend_pass", lang))}</span>'
            f'<span><i style="background:{FAIL}"></i>{escape(t("b.legend_fail", lang))}</span>'
            f'<span><i style="background:repeating-linear-gradient(45deg,#9e9e9e 0 2px,#eee 2px 4px)"></i>'
            f"{escape(t('chart.vetoed', lang))}</span>"
            f'<span><i style="background:{UNFINISHED}"></i>{escape(t("chart.unfinished", lang))}</span></div>'
        )
        shown = ranked[:CHART_LIMIT]
        marks = {r.pass_mark for _, r in shown}
        line = next(iter(marks)) if len(marks) == 1 else None
        yield (bar_chart(site_bars(shown, lang), t("b.chart_sites", lang), lang, line=line))
        if line is None:
            yield (f'<p class="note">{escape(t("chart.pass_ticks", lang))}</p>')
        yield ("</div>")
    for by, groups in b.groups.items():
        title, header, rows = group_table(groups, by, lang)
        yield (f"<h2>{escape(title)}</h2>" + _table(header, rows, numeric={1, 2, 3, 4, 5}))
    means = section_means(b.rows)[:CHART_LIMIT]
    if means:
        labels = {r.checklist: r.checklist_label for r in b.rows}
        items: list[Bar] = []
        current = None
        for checklist, _, title, value in means:
            if checklist != current:
                items.append(Bar(labels.get(checklist, checklist), None, "", heading=True))
                current = checklist
            items.append(Bar(title, value, SECTION))
        yield (f'<div class="chart"><h2>{escape(t("b.chart_sections", lang))}</h2><div class="two">')
        for half in halves(items):
            yield (bar_chart(half, t("b.chart_sections", lang), lang, row=12, widths=(170, 200, 40)))
        yield ("</div></div>")
    if b.missing:
        header, rows = missing_table(b, lang)
        yield (f"<h2>{escape(t('b.missing', lang))}</h2>" + _table(header, rows))
    yield (f"<footer>{escape(t('b.made_with', lang))}</footer>")
    yield ("</body></html>\n")


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
            out.append(table_html(handout_headings(ledger, lang), rows, numeric={0}, classes=classes,
                                  wrap={3, 4, 7}))  # fmt: skip
            out.append('<p class="sign">' + h(t("l.sign", lang)) + "</p></section>")
    else:
        entries = selected(ledger, view)
        extras = extra_headings(entries)
        rows = [[str(c) for c in cells(e, n, ledger, lang, extras)] for n, e in enumerate(entries, 1)]
        out.append(f"<h1>{h(title)}</h1>")
        out.append(f'<p class="meta">{h(as_of_line(ledger, lang))}</p>')
        # 23 columns and more across A4: all but the short ones may break lines (ids at their hyphens)
        whole = {"no", "lost", "found_on", "due", "status", "closed_on", "closed_by", "overdue"}
        wrap = {i for i in range(len(rows[0]) if rows else 0) if i >= len(COLUMNS) or COLUMNS[i][0] not in whole}
        out.append(table_html(headings(lang, extras, ledger.today), rows, numeric={0, 9}, wrap=wrap))
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
th { background: #eee; word-break: keep-all; }
td { overflow-wrap: break-word; }
td.num { text-align: right; }
td.nw { white-space: nowrap; }
.keep { word-break: keep-all; }
tr.late td { background: #fde8e8; }
section.next { break-before: page; }
p.sign { margin-top: 18pt; }
"""


def ledger(page: LedgerPage, ctx: Context) -> str:
    """The ledger (or its 交办单, or what is due soon), as the page asks."""
    return _ledger(page.ledger, ctx, page.view)
