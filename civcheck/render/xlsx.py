"""The bulletin as an Excel/WPS workbook (openpyxl, imported only here).

Sheets: the ranking, one per roll-up, every gap, and the assessments the
roster still misses.  Headers are frozen, columns sized for Chinese text,
ids written as text (``0012`` stays ``0012``), and every text cell that a
spreadsheet would run as a formula (= + - @, tab, carriage return) is stored
as a string with Excel's quote prefix — notes come from the field and are
untrusted (OWASP "CSV injection").
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from civcheck.bulletin import Bulletin
from civcheck.i18n import t
from civcheck.ledger import COLUMNS, STATUS_LABELS, Ledger
from civcheck.render import Context
from civcheck.render.common import (
    category_label,
    display_width,
    group_table,
    missing_table,
    progress_text,
    site_label,
    veto_text,
    yes_no,
)
from civcheck.render.csv_ import FORMULA_START
from civcheck.render.ledger_rows import (
    HANDOUT_KEYS,
    WIDTHS,
    WRAPPED,
    LedgerPage,
    View,
    cells,
    compare_rows,
    extra_headings,
    handout_groups,
    handout_header,
    handout_rows,
    headings,
    items_text,
    missing_rows,
    selected,
    status,
)
from civcheck.render.workbook import Book, letter, print_setup
from civcheck.rounds import Comparison


def _cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True
    return cell


def _sheet(book: Any, title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], numeric: set[int]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    for n, heading in enumerate(header):
        width = max([display_width(str(heading))] + [display_width(str(r[n])) for r in rows[:500] if r[n] is not None])
        sheet.column_dimensions[get_column_letter(n + 1)].width = min(max(width + 2, 6), 60)
    head = []
    for heading in header:
        cell = _cell(sheet, heading)
        cell.font = Font(bold=True)
        head.append(cell)
    sheet.append(head)
    for row in rows:
        sheet.append([v if n in numeric else _cell(sheet, v) for n, v in enumerate(row)])


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def bulletin(b: Bulletin, ctx: Context) -> bytes:
    from openpyxl import Workbook

    lang = ctx.lang
    book = Workbook(write_only=True)
    keys = ("b.rank", "w.site", "w.id", "b.township", "b.grid", "w.checklist", "w.version", "w.round", "w.score",
            "w.grade", "w.passed", "w.vetoed", "b.progress", "w.gaps", "w.missing_n", "b.worst", "w.file")  # fmt: skip
    rows = [
        [n, r.site_name, r.site, r.township, r.grid, r.checklist, r.version, r.round, _num(r.rounded),
         r.grade_shown, yes_no(r.passed, lang), veto_text(r, lang), progress_text(r, lang), r.gap_count, len(r.missing),
         f"{r.worst} {r.worst_text}".strip(), r.file]
        for n, r in b.ranked
    ]  # fmt: skip
    _sheet(book, t("b.ranking", lang), [t(k, lang) for k in keys], rows, numeric={0, 8, 13, 14})
    for by, groups in b.groups.items():
        title, header, _ = group_table(groups, by, lang)
        group_rows = [[g.key, g.sites, _num(g.mean), _num(g.min), _num(g.pass_rate), g.vetoes] for g in groups]
        _sheet(book, title, header, group_rows, numeric={1, 2, 3, 4, 5})
    if b.with_gaps:
        gap_keys = ("w.site", "w.id", "b.township", "b.grid", "w.checklist", "w.item", "w.text", "w.category",
                    "w.lost", "w.impact", "w.owner", "w.person", "w.remedy", "w.due", "w.note")  # fmt: skip
        gap_rows = [
            [r.site_name, r.site, r.township, r.grid, r.checklist, g.item, g.text,
             category_label(g.category, lang) + (f" ({t('r.critical', lang)})" if g.critical else ""),
             _num(g.lost), _num(g.impact), g.owner, g.person, g.remedy, g.due.isoformat() if g.due else "", g.note]
            for r in b.rows for g in r.gaps
        ]  # fmt: skip
        _sheet(book, t("b.gaps_all", lang), [t(k, lang) for k in gap_keys], gap_rows, numeric={8, 9})
    if b.missing:
        header, missing_rows = missing_table(b, lang)
        _sheet(book, t("b.missing", lang)[:31], header, missing_rows, numeric=set())
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the ledger and rounds compared -------------------------------------------------


def _ledger(ledger: Ledger, ctx: Context, view: View) -> bytes:
    """The ledger as clerks keep it in Excel/WPS: state picked from a list, dates as dates, ready to print.

    是否逾期 is written as it stands today and kept; a conditional format
    against TODAY() turns an open task's row red once its deadline passes,
    whenever the file is opened later.
    """
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = ctx.lang
    book = Book()
    taken: set[str] = set()
    if view.by:
        _handout_sheets(book, ledger, view, lang, taken)
        return book.save()
    entries = selected(ledger, view)
    extras = extra_headings(entries)
    sheet = book.sheet(t("l.title", lang), taken)
    header = headings(lang, extras)
    fields = [f for f, _, _ in COLUMNS] + ["extra"] * len(extras)
    sample = [cells(e, n, ledger, lang, extras) for n, e in enumerate(entries[:300], 1)]
    for n, field in enumerate(fields, 1):
        widest = max([display_width(header[n - 1])] + [display_width(str(r[n - 1])) for r in sample])
        cap = WIDTHS.get(field, 14) if field in WRAPPED else 40
        sheet.column_dimensions[letter(n)].width = min(max(widest + 2, 6), cap)
    sheet.freeze_panes = "C2"
    last = len(entries) + 1
    sheet.auto_filter.ref = f"A1:{letter(len(header))}{max(last, 1)}"
    status_col = letter(fields.index("status") + 1)
    due_col = letter(fields.index("due") + 1)
    closed = status("closed", lang)
    if entries:
        choices = ",".join(status(s, lang) for s in STATUS_LABELS)
        validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=False)
        validation.error = t("l.pick_status", lang)
        validation.add(f"{status_col}2:{status_col}{last}")
        sheet.data_validations.append(validation)
        overdue = FormulaRule(  # type: ignore[no-untyped-call]
            formula=[f'AND(ISNUMBER(${due_col}2),${due_col}2<TODAY(),${status_col}2<>"{closed}")'],
            fill=PatternFill("solid", bgColor="FDE0E0"),
            font=Font(color="9C0006"),
        )
        sheet.conditional_formatting.add(f"A2:{letter(len(header))}{last}", overdue)
    sheet.append([book.cell(sheet, h, "cv-head") for h in header])
    styles = ["cv-wrap" if f in WRAPPED else "cv-date" if f in ("found_on", "due", "closed_on")
              else "cv-num" if f == "lost" else "cv-text" for f in fields]  # fmt: skip
    for n, e in enumerate(entries, 1):
        row = cells(e, n, ledger, lang, extras, dates=True)
        sheet.append([book.cell(sheet, v if v != "" else None, style) for v, style in zip(row, styles, strict=True)])
    if ledger.missing:
        missing_sheet = book.sheet(t("l.missing", lang), taken)
        header, rows = missing_rows(ledger, lang)
        for n, width in enumerate((24, 20, 50, 10), 1):
            missing_sheet.column_dimensions[letter(n)].width = width
        missing_sheet.freeze_panes = "A2"
        missing_sheet.append([book.cell(missing_sheet, h, "cv-head") for h in header])
        for row in rows:
            missing_sheet.append([book.cell(missing_sheet, v, "cv-text") for v in row])
    return book.save()


def _handout_sheets(book: Book, ledger: Ledger, view: View, lang: str, taken: set[str]) -> None:
    """One sheet per 交办单: a title line, the header line, then the open tasks, overdue first."""
    header = [t(k, lang) for k in HANDOUT_KEYS]
    widths = (6, 24, 14, 30, 30, 16, 8, 30, 11, 12, 12)
    groups = handout_groups(ledger, view)
    if not groups:
        sheet = book.sheet(t("l.handouts", lang), taken)
        sheet.append([book.cell(sheet, t("l.nothing_open", lang), "cv-title")])
        return
    for group in groups:
        sheet = book.sheet(group.key, taken)
        print_setup(sheet, header_row=3)
        for n, width in enumerate(widths, 1):
            sheet.column_dimensions[letter(n)].width = width
        sheet.freeze_panes = "A4"
        sheet.append([book.cell(sheet, f"{t('l.handout', lang)} · {group.key}", "cv-title")])
        sheet.append([book.cell(sheet, handout_header(group, ledger, view, lang), "cv-text")])
        sheet.append([book.cell(sheet, h, "cv-head") for h in header])
        wrap = {3, 4, 7}
        for row, entry in zip(handout_rows(group, ledger, view, lang), group.entries, strict=True):
            values: list[Any] = [int(row[0]), *row[1:]]
            values[8] = entry.due
            sheet.append([
                book.cell(sheet, v if v != "" else None,
                          "cv-wrap" if i in wrap else "cv-date" if i == 8 else "cv-num" if i == 0 else "cv-text")
                for i, v in enumerate(values)
            ])  # fmt: skip


def compare(rows: Sequence[Comparison], ctx: Context) -> bytes:
    """Two rounds side by side: scores as numbers, the change signed, persisting problems highlighted."""
    from openpyxl.styles import PatternFill

    lang = ctx.lang
    book = Book()
    taken: set[str] = set()
    header, _, _ = compare_rows(rows, lang)
    highlight = PatternFill("solid", fgColor="FFF2CC")
    for title, members in ((t("c.title", lang), [c for c in rows if c.in_both]),
                           (t("c.one_round", lang), [c for c in rows if not c.in_both])):  # fmt: skip
        if not members and title != t("c.title", lang):
            continue
        sheet = book.sheet(title, taken)
        for n, width in enumerate((24, 20, 10, 10, 10, 40, 40, 40), 1):
            sheet.column_dimensions[letter(n)].width = width
        sheet.freeze_panes = "C2"
        sheet.auto_filter.ref = f"A1:H{len(members) + 1}"
        sheet.append([book.cell(sheet, h, "cv-head") for h in header])
        for c in members:
            persisting = book.cell(sheet, items_text(c.persisting, c) if c.persisting else None, "cv-wrap")
            if c.persisting:
                persisting.fill = highlight
            sheet.append([
                book.cell(sheet, site_label(c.site, c.site_name), "cv-text"),
                book.cell(sheet, c.checklist, "cv-text"),
                book.cell(sheet, None if c.old_score is None else float(c.old_score), "cv-score"),
                book.cell(sheet, None if c.new_score is None else float(c.new_score), "cv-score"),
                book.cell(sheet, None if c.change is None else float(c.change), "cv-change"),
                persisting,
                book.cell(sheet, items_text(c.closed, c) if c.closed else None, "cv-wrap"),
                book.cell(sheet, items_text(c.new, c) if c.new else None, "cv-wrap"),
            ])  # fmt: skip
    return book.save()


def ledger(page: LedgerPage, ctx: Context) -> bytes:
    """The ledger (or its 交办单, or what is due soon), as the page asks."""
    return _ledger(page.ledger, ctx, page.view)
