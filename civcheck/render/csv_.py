"""CSV output that Excel and WPS open correctly.

UTF-8 with a BOM (without it Excel in a Chinese locale reads UTF-8 as GBK and
shows mojibake), CRLF line ends, and text cells that would start a formula
neutralized with a leading apostrophe (OWASP "CSV injection"): notes come
from the field and are untrusted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from civcheck.bulletin import Bulletin
from civcheck.i18n import t
from civcheck.ledger import Ledger
from civcheck.render import Context
from civcheck.render.common import (
    category_label,
    fmt,
    na_count,
    progress_text,
    score_text,
    shown_path,
    site_label,
    veto_text,
    yes_no,
)
from civcheck.render.ledger_rows import (
    LedgerPage,
    View,
    cells,
    compare_rows,
    extra_headings,
    handout_groups,
    handout_headings,
    handout_rows,
    headings,
    items_text,
    selected,
)
from civcheck.rounds import Comparison
from civcheck.scoring import Result
from civcheck.views import number, view_of

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Neutralize a text cell a spreadsheet would run as a formula.

    A text that already starts with the quote gets one more, so that
    :func:`unsafe_cell` can take exactly one away when civcheck reads its own
    CSV back: a note typed as ``=A1 …`` survives the round trip as typed.
    """
    if isinstance(value, str) and value.startswith((*FORMULA_START, "'")):
        return "'" + value
    return value


def unsafe_cell(value: str) -> str:
    """The text :func:`safe_cell` was given (for CSV files civcheck wrote)."""
    if value.startswith("'") and value[1:2] and value[1] in (*FORMULA_START, "'"):
        return value[1:]
    return value


def write_rows(header: Sequence[str], rows: Iterable[Sequence[Any]], ctx: Context) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return ("\ufeff" if ctx.bom else "") + buffer.getvalue()


def bulletin(b: Bulletin, ctx: Context) -> str:
    """The ranking, one row per scored file, every column a spreadsheet needs.

    The first seventeen columns are the same in every run, so a script may
    read them by position; after the file come the checklist's title, then
    上轮得分/变化/新增 when a round before is compared, 榜单 when 红黑榜
    is asked for, and the 不适用 counts (items, points excluded, unapproved,
    without a reason) when some site answered 不适用.
    """
    lang = ctx.lang
    compared = b.previous_round is not None
    with_na = any(r.not_applicable for r in b.rows)
    listed = {id(r): key for lists in b.red_black for key, members in (("rb.red", lists.red), ("rb.black", lists.black))
              for _, r in members}  # fmt: skip
    keys = ["b.rank", "w.site", "w.id", "b.township", "b.grid", "w.checklist", "w.version", "w.round", "w.score",
            "w.grade", "w.passed", "w.vetoed", "b.progress", "w.gaps", "w.missing_n", "b.worst", "w.file",
            "w.checklist_title", *(("b.previous", "b.change", "b.new_site") if compared else ()),
            *(("rb.list",) if b.red_black else ()),
            *(("b.na_items", "b.na_points", "b.na_unapproved_n", "b.na_no_reason_n") if with_na else ())]  # fmt: skip
    rows = []
    for n, r in b.ranked:
        row: list[Any] = [n, r.site_name, r.site, r.township, r.grid, r.checklist, r.version, r.round,
                          score_text(r.rounded) if r.rounded is not None else "", r.grade_shown, yes_no(r.passed, lang),
                          veto_text(r, lang), progress_text(r, lang), r.gap_count, len(r.missing),
                          f"{r.worst} {r.worst_text}".strip(), shown_path(r.file, ctx), r.checklist_title]  # fmt: skip
        if compared:
            change = b.change(r)
            before = change.previous if change else None
            row += [score_text(before.rounded) if before and before.rounded is not None else "",
                    score_text(change.delta) if change and change.delta is not None else "",
                    yes_no(before is None, lang)]  # fmt: skip
        if b.red_black:
            row.append(t(listed[id(r)], lang) if id(r) in listed else "")
        if with_na:
            na = na_count(r)
            row += [na.items, fmt(na.points), na.unapproved, na.no_reason]
        rows.append(row)
    return write_rows([t(k, lang) for k in keys], rows, ctx)


def report(result: Result, ctx: Context) -> str:
    """One row per gap: the rectification list a clerk pastes into a sheet."""
    lang = ctx.lang
    v = view_of(result, lang)
    keys = ("w.site", "w.checklist", "w.round", "w.section", "w.item", "w.text", "w.category", "w.lost", "w.impact",
            "w.owner", "w.person", "w.remedy", "w.due", "w.note")  # fmt: skip
    rows = [
        [v.site, v.checklist, v.round, g.section, g.item, g.text,
         category_label(g.category, lang) + (f" ({t('r.critical', lang)})" if g.critical else ""), number(g.lost),
         float(g.impact), g.owner, g.person, g.remedy, g.due.isoformat() if g.due else None, g.note]
        for g in v.gaps
    ]  # fmt: skip
    return write_rows([t(k, lang) for k in keys], rows, ctx)


# --- the ledger and rounds compared -------------------------------------------------


def _ledger(ledger: Ledger, ctx: Context, view: View) -> str:
    if view.by:  # the 交办单 rows, one block per owner, the owner in the first column
        header = [t(f"l.key_{view.by}", ctx.lang), *handout_headings(ledger, ctx.lang, dated=True)]
        rows = [[h.key, *row] for h in handout_groups(ledger, view) for row in handout_rows(h, ledger, view, ctx.lang)]
        return write_rows(header, rows, ctx)
    entries = selected(ledger, view)
    extras = extra_headings(entries)
    rows = [cells(e, n, ledger, ctx.lang, extras) for n, e in enumerate(entries, 1)]
    return write_rows(headings(ctx.lang, extras, ledger.today), rows, ctx)


def compare(rows: Sequence[Comparison], ctx: Context) -> str:
    """One row per site; scores and the change as numbers (a spreadsheet sums them), the rest as text."""
    header, _, _ = compare_rows(rows, ctx.lang)
    marker = t("c.one_round_short", ctx.lang)
    lines = [
        [site_label(c.site, c.site_name), c.checklist, c.old_score, c.new_score, c.change,
         items_text(c.persisting, c), items_text(c.closed, c), items_text(c.new, c), "" if c.in_both else marker]
        for c in sorted(rows, key=lambda c: not c.in_both)
    ]  # fmt: skip
    return write_rows([*header, t("c.rounds", ctx.lang)], lines, ctx)


def ledger(page: LedgerPage, ctx: Context) -> str:
    """The ledger (or its 交办单, or what is due soon), as the page asks."""
    return _ledger(page.ledger, ctx, page.view)
