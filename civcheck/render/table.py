"""Tables for people: laid out for the terminal's width when it is one, tabulate when piped.

On a terminal every table goes through :func:`civcheck.render.layout.grid`:
ranks, site names, ids, scores, grades and versions are never cut, long text
wraps, and columns that still do not fit are dropped in a fixed order with a
footnote saying so.  Piped output (a file, ``| less``) has no width and shows
every column in full.  Nothing drawn here needs a character a GBK console
lacks; with ``ctx.ascii`` even the rules are ASCII.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from civcheck.bulletin import Bulletin
from civcheck.i18n import extend, join, t
from civcheck.ledger import Ledger
from civcheck.render import Context
from civcheck.render.common import (
    GAP_HEADERS,
    SECTION_HEADERS,
    category_label,
    fmt,
    fmt_score,
    gap_rows,
    group_table,
    header_lines,
    missing_table,
    na_rows,
    notices,
    one_line,
    pad,
    ranking_columns,
    ranking_table,
    ranking_title,
    section_rows,
    several,
    summary,
)
from civcheck.render.layout import KEEP, NUMBER, TEXT, Col, display_width, grid, records, wrap
from civcheck.render.ledger_rows import (
    LedgerPage,
    View,
    as_of_line,
    compare_rows,
    compare_split,
    counts_tables,
    day,
    handout_groups,
    handout_header,
    handout_headings,
    handout_rows,
    missing_rows,
    selected,
    status,
)
from civcheck.render.publication import RB_KEYS, red_black_members, red_black_note, red_black_rows
from civcheck.rounds import Comparison
from civcheck.scoring import Result
from civcheck.text import visible
from civcheck.views import ResultView, view_of

extend(
    {
        "table.dropped_folded": (
            "（终端宽 {width} 列，未显示：{columns}；同一点位占多行时，{column}写在点位后的 [ ] 内；"
            "加宽终端或用 --format md 查看全部列）",
            "(terminal {width:column|columns} wide; not shown: {columns}, but a site on several rows has its {column} "
            "in [brackets] after its name. Widen the terminal or use --format md for every column)",
        ),
    }
)

# How each ranking column behaves on a narrow terminal (see layout.Col): the worst gap wraps and
# goes first, then the count of gaps, township, grid, last round's score, checklist and the change;
# rank, site, score, grade, pass and veto always stay whole. A dropped checklist follows the site in
# brackets wherever that site has several (东坡村 at 2 and at 7 must say which is which).
SITE = Col(keep=True, names=True)
CHECKLIST = Col(drop=3, qualifies=True)
RANK_COLS: dict[str, Col] = {
    "b.round": KEEP, "b.rank": NUMBER, "w.site": SITE, "b.township": Col(drop=6), "b.grid": Col(drop=5),
    "w.checklist": CHECKLIST, "w.score": NUMBER, "b.previous": Col(drop=4, right=True),
    "b.change": Col(drop=2, right=True), "w.grade": KEEP, "w.passed": KEEP, "w.vetoed": KEEP,
    "b.progress": KEEP, "b.na": Col(wrap=True, drop=1, least=10), "w.gaps": Col(drop=7, right=True),
    "b.worst": Col(wrap=True, drop=8, least=16),
}  # fmt: skip
GROUP_COLS = (KEEP, NUMBER, NUMBER, NUMBER, NUMBER, NUMBER)
RB_COLS = (KEEP, NUMBER, SITE, Col(drop=2, qualifies=True), NUMBER, KEEP, Col(wrap=True, drop=3, least=16))
SECTION_COLS = (KEEP, NUMBER, NUMBER, NUMBER, KEEP)
NA_COLS = (KEEP, NUMBER, Col(wrap=True, least=16), Col(wrap=True, least=12))


def plain_table(header: Sequence[str], rows: Sequence[Sequence[str]], ctx: Context) -> str:
    from tabulate import tabulate

    return str(tabulate(rows, headers=list(header), tablefmt=ctx.table_format, disable_numparse=True)) + "\n"


def table(
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    cols: Sequence[Col],
    ctx: Context,
    apart: Collection[int] = (),
) -> str:
    """A titled table: fitted to the terminal (with a footnote for dropped columns), or in full when piped.

    *apart*: the rows only the checklist tells apart (see :func:`civcheck.render.layout.grid`).
    """
    if not ctx.rich:
        return (f"{title}\n" if title else "") + plain_table(header, rows, ctx)
    laid = grid(header, rows, cols, ctx.width, ctx.ascii, apart)
    titled = [line for part in visible(title).split("\n") for line in wrap(part, ctx.width)] if title else []
    out = "".join(_bold(line, ctx) + "\n" for line in titled) + laid.text
    if laid.dropped:
        key = "table.dropped_folded" if laid.folded else "table.dropped"
        note = t(key, ctx.lang, width=ctx.width, columns=join(laid.dropped, ctx.lang), column=laid.folded)
        out += "\n".join(wrap(note, ctx.width)) + "\n"
    return out


def _bold(text: str, ctx: Context) -> str:
    return f"\x1b[1m{text}\x1b[0m" if ctx.color else text


def bulletin(b: Bulletin, ctx: Context) -> str:
    """The summary, the ranking, then each roll-up, then the assessments the roster still misses."""
    lang = ctx.lang
    if not b.rows and not b.missing:
        return t("b.no_results", lang) + "\n"
    header, rows = ranking_table(b, lang, ascii_only=ctx.ascii)
    keys = ranking_columns(b)
    said = summary(b, lang)
    said = "\n".join(wrap(visible(said), ctx.width)) if ctx.rich else said
    shared = several((r.round, r.site) for r in b.rows)
    apart = {n for n, (_, r) in enumerate(b.ranked) if (r.round, r.site) in shared}
    parts = [said + "\n", table(ranking_title(b, lang), header, rows, [RANK_COLS[k] for k in keys], ctx, apart)]
    for lists in b.red_black:
        title = t("rb.title", lang) + (f" {lists.round}" if len(b.rounds) > 1 else "")
        note = red_black_note(b, lists, lang)
        note = "\n".join(wrap(note, ctx.width)) if ctx.rich else note
        listed = {n for n, (_, _, r) in enumerate(red_black_members(lists)) if r and (r.round, r.site) in shared}
        rb_rows = red_black_rows(lists, lang)
        parts.append(table(title, [t(k, lang) for k in RB_KEYS], rb_rows, RB_COLS, ctx, listed) + note + "\n")
    for by, groups in b.groups.items():
        title, h, r = group_table(groups, by, lang)
        parts.append(table(title, h, r, GROUP_COLS, ctx))
    if b.missing:
        parts.append(table(t("b.missing", lang), *missing_table(b, lang), (KEEP, KEEP), ctx))
    return "\n".join(parts)


def _gap_blocks(v: ResultView, ctx: Context) -> str:
    """Gaps as numbered blocks: nine columns cannot share 80, a block can wrap."""
    lang, width = ctx.lang, ctx.width
    lines = wrap(t("r.gaps", lang), width)
    for n, g in enumerate(v.gaps, 1):
        head = f"{n}. {g.item}  [{category_label(g.category, lang)}]"
        if g.critical:
            head += f" [{t('r.critical', lang)}]"
        head += f"  {t('w.lost', lang)} {fmt(g.lost)}  {t('w.impact', lang)} {fmt_score(g.impact, v.decimals)}"
        lines += wrap(visible(head), width)
        body = [one_line(g.text)]
        due = g.due.isoformat() if g.due else "-"
        body.append(f"{t('w.owner', lang)}: {g.owner or '-'}    {t('w.due', lang)}: {due}")
        if g.remedy:
            body.append(f"{t('w.remedy', lang)}: {one_line(g.remedy)}")
        if g.note:
            body.append(f"{t('w.note', lang)}: {one_line(g.note)}")
        for line in body:
            lines += wrap(visible(line), width, "   ")
    return "\n".join(lines) + "\n"


def report(result: Result, ctx: Context) -> str:
    lang = ctx.lang
    v = view_of(result, lang)
    facts = header_lines(v, lang)
    label_width = max(display_width(k) for k, _ in facts)
    sections = ([t(h, lang) for h in SECTION_HEADERS], section_rows(v, lang))
    extra = notices(v, lang)
    if ctx.rich:
        head: list[str] = []
        room = ctx.width - label_width - 2
        for key, value in facts:
            if room < 20:  # too narrow to keep the values in a column: label: value, wrapped
                head += records([key], [[visible(value)]], ctx.width).splitlines()
                continue
            first, *rest = wrap(visible(value), room)
            head.append(f"{pad(key, label_width)}  {first}")
            head += [" " * (label_width + 2) + line for line in rest]
        parts = [*(_bold(line, ctx) for line in wrap(t("r.title", lang), ctx.width)), *head]
        parts += [line for n in extra for line in wrap(visible(n), ctx.width)]
        parts += ["", table(t("r.sections", lang), *sections, SECTION_COLS, ctx)]
        parts.append(_gap_blocks(v, ctx) if v.gaps else t("r.no_gaps", lang) + "\n")
        if v.not_applicable:
            header, rows = na_rows(v, lang)
            parts.append(table(t("r.na", lang), header, rows, NA_COLS[: len(header)], ctx))
            if any(n.approved is False for n in v.not_applicable):
                parts += wrap(visible(t("r.na_note", lang)), ctx.width)
        return "\n".join(parts)
    head_text = "\n".join(f"{pad(k, label_width)}  {val}" for k, val in facts)
    gaps = ([t(h, lang) for h in GAP_HEADERS], gap_rows(v, lang))
    out = [t("r.title", lang), "=" * 20, head_text, *extra, "", t("r.sections", lang), plain_table(*sections, ctx),
           t("r.gaps", lang)]  # fmt: skip
    out.append(plain_table(*gaps, ctx) if gaps[1] else t("r.no_gaps", lang) + "\n")
    if v.not_applicable:
        out += [t("r.na", lang), plain_table(*na_rows(v, lang), ctx)]
        if any(n.approved is False for n in v.not_applicable):
            out.append(t("r.na_note", lang))
    return "\n".join(out)


# --- the ledger and rounds compared -------------------------------------------------


def _ledger(ledger: Ledger, ctx: Context, view: View) -> str:
    """What a clerk reads at the terminal: the tasks, then counts by status and owner, overdue first."""
    lang = ctx.lang
    if view.by:
        parts = []
        cols = (NUMBER, KEEP, KEEP, Col(wrap=True, least=16), Col(wrap=True, drop=3, least=14),
                Col(drop=5), Col(drop=4), Col(wrap=True, drop=6, least=14), KEEP, KEEP, KEEP)  # fmt: skip
        for group in handout_groups(ledger, view):
            title = f"{t('l.handout', lang)} · {group.key}\n{handout_header(group, ledger, view, lang)}"
            parts.append(table(title, handout_headings(ledger, lang), handout_rows(group, ledger, view, lang),
                               cols, ctx))  # fmt: skip
        return "\n".join(parts) or f"{as_of_line(ledger, lang)}\n{t('l.nothing_open', lang)}\n"
    entries = selected(ledger, view)
    # overdue tasks first, then open ones, closed last
    entries.sort(key=lambda e: 0 if e.overdue(ledger.today) else 1 if e.is_open else 2)
    header = [t(k, lang) for k in ("l.no", "w.site", "w.item", "w.note", "w.owner", "w.person", "w.due", "l.status")]
    rows = [
        [str(n), e.site_name or e.site, e.item, one_line(e.problem), one_line(e.owner), e.person or "-",
         day(e.due) + (f" {t('l.late', lang)}" if e.overdue(ledger.today) else ""), status(e.status, lang)]
        for n, e in enumerate(entries, 1)
    ]  # fmt: skip
    widths = (NUMBER, KEEP, KEEP, Col(wrap=True, least=16), Col(wrap=True, drop=2, least=10), Col(drop=1), KEEP, KEEP)
    parts = [table(f"{t('l.title', lang)}\n{as_of_line(ledger, lang)}", header, rows, widths, ctx)]
    for title, h, r in counts_tables(ledger, lang):
        parts.append(table(title, h, r, [Col(wrap=True)] + [NUMBER] * (len(h) - 1), ctx))
    if ledger.missing:
        parts.append(table(t("l.missing", lang), *missing_rows(ledger, lang), (KEEP, KEEP, TEXT, KEEP), ctx))
    return "\n".join(parts)


def compare(rows: Sequence[Comparison], ctx: Context) -> str:
    """Both rounds' scores and the gaps; a site under several checklists names each row's, even at 80 columns."""
    header, both, one = compare_rows(rows, ctx.lang)
    cols = (SITE, Col(drop=1, qualifies=True), NUMBER, NUMBER, NUMBER, TEXT, Col(wrap=True, drop=2),
            Col(wrap=True, drop=3))  # fmt: skip
    shared = several(c.site for c in rows)
    apart = [{n for n, c in enumerate(part) if c.site in shared} for part in compare_split(rows)]
    out = table(t("c.title", ctx.lang), header, both, cols, ctx, apart[0])
    if one:
        out += "\n" + table(t("c.one_round", ctx.lang), header, one, cols, ctx, apart[1])
    return out


def ledger(page: LedgerPage, ctx: Context) -> str:
    """The ledger (or its 交办单, or what is due soon), as the page asks."""
    return _ledger(page.ledger, ctx, page.view)
