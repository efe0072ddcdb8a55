"""The bulletin as an Excel/WPS workbook (openpyxl, imported only here).

Sheets: the ranking, one per roll-up, every gap, and the assessments the
roster still misses.  Headers are frozen, columns sized for Chinese text,
ids written as text (``0012`` stays ``0012``), and every text cell that a
spreadsheet would run as a formula (= + - @, tab, carriage return) is stored
as a string with Excel's quote prefix — notes come from the field and are
untrusted (OWASP "CSV injection").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import Any, NamedTuple

from civcheck.bulletin import Bulletin
from civcheck.i18n import t
from civcheck.ledger import COLUMNS, OPEN_STATUSES, STATUS_LABELS, STATUS_WORDS, Entry, Ledger
from civcheck.render import Context
from civcheck.render.common import (
    GROUP_HEADINGS,
    category_label,
    display_width,
    group_table,
    missing_table,
    na_count,
    progress_text,
    shown_path,
    site_label,
    summary,
    veto_text,
    yes_no,
)
from civcheck.render.ledger_rows import (
    WIDTHS,
    WRAPPED,
    LedgerPage,
    View,
    cells,
    compare_rows,
    entry_json,
    extra_headings,
    handout_groups,
    handout_header,
    handout_headings,
    handout_rows,
    headings,
    items_text,
    missing_rows,
    selected,
    status,
)
from civcheck.render.publication import head, head_lines, red_black_note, red_black_rows
from civcheck.render.workbook import Book, letter, print_setup
from civcheck.rounds import Comparison


class Column(NamedTuple):
    """One column of a bulletin sheet: its heading, its style (a named style of :class:`Book`), its widest."""

    key: str
    style: str = "cv-text"
    cap: int = 40  # the widest it is drawn, in characters; wider text wraps


MAX_ROWS = 1_048_576  # what Excel and WPS open; a longer list goes on to a second sheet of the same name


def _sheet(
    book: Book,
    taken: set[str],
    title: str,
    head: Sequence[tuple[str, str]],
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    total: int,
    lang: str,
) -> None:
    """A sheet ready to print and filter: its title lines, then the header row (repeated on every printed
    page, frozen on screen, with an auto-filter), then the rows, each cell in its column's style.

    *rows* may be a generator of *total* rows (every gap of a county): they are
    written one by one, never held, and continue on another sheet past what a
    spreadsheet opens.  Columns are sized from the first 300.
    """
    iterator = iter(rows)
    first = list(islice(iterator, 300))
    pending: Iterator[Sequence[Any]] = chain(first, iterator)
    header = [t(c.key, lang) for c in columns]
    header_row = len(head) + 1 if head else 1
    room = MAX_ROWS - header_row
    part = 0
    while True:
        count = min(total - part * room, room)
        sheet = book.sheet(title, taken)
        print_setup(sheet, header_row=header_row)
        for n, column in enumerate(columns):
            sample = [display_width(_shown(r[n])) for r in first if r[n] is not None]
            widest = max([display_width(header[n]), *sample])
            sheet.column_dimensions[letter(n + 1)].width = min(max(widest + 2, 6), column.cap)
        sheet.freeze_panes = f"A{header_row + 1}"
        sheet.auto_filter.ref = f"A{header_row}:{letter(len(columns))}{header_row + max(count, 0)}"
        for text, style in head:
            book.append(sheet, [book.cell(sheet, text, style)])
        book.append(sheet, [book.cell(sheet, h, "cv-head") for h in header])
        for row in islice(pending, room):
            cells = zip(row, columns, strict=True)
            book.append(sheet, [book.cell(sheet, v, c.style) if v is not None else None for v, c in cells])
        part += 1
        if part * room >= total:
            return


RANK_HEAD = (
    Column("b.rank", "cv-int"),
    Column("w.site", cap=24),
    Column("w.id", cap=20),
    Column("b.township", cap=14),
    Column("b.grid", cap=14),
    Column("w.checklist", cap=20),
    Column("w.version"),
    Column("w.round"),
    Column("w.score", "cv-score"),
)
CHANGE = (Column("b.previous", "cv-score"), Column("b.change", "cv-change"), Column("b.new_site"))
RANK_TAIL = (
    Column("w.grade"),
    Column("w.passed"),
    Column("w.vetoed", cap=20),
    Column("b.progress"),
    Column("w.gaps", "cv-int"),
    Column("w.missing_n", "cv-int"),
    Column("b.worst", "cv-wrap", 50),
)
LISTED = (Column("rb.list"),)
NA = (
    Column("b.na_items", "cv-int"),
    Column("b.na_points", "cv-num"),
    Column("b.na_unapproved_n", "cv-int"),
    Column("b.na_no_reason_n", "cv-int"),
)
FILE = Column("w.file", cap=50)
RB_COLUMNS = (
    Column("rb.list"),
    Column("b.rank", "cv-int"),
    Column("w.site", cap=30),
    Column("w.checklist", cap=20),
    Column("w.score", "cv-score"),
    Column("w.vetoed", cap=20),
    Column("b.worst", "cv-wrap", 60),
)
GROUP_TAIL = (
    Column("b.sites", "cv-int"),
    Column("b.mean", "cv-score"),
    Column("b.min", "cv-score"),
    Column("b.pass_rate", "cv-pct"),
    Column("b.vetoes", "cv-int"),
)
GAP_COLUMNS = (
    Column("w.site", cap=20),
    Column("w.id", cap=20),
    Column("b.township", cap=14),
    Column("b.grid", cap=14),
    Column("w.checklist", cap=20),
    Column("w.item"),
    Column("w.text", "cv-wrap", 40),
    Column("w.category"),
    Column("w.lost", "cv-num"),
    Column("w.impact", "cv-score"),
    Column("w.owner", "cv-wrap", 20),
    Column("w.person", cap=12),
    Column("w.remedy", "cv-wrap", 40),
    Column("w.due", "cv-date"),
    Column("w.note", "cv-wrap", 40),
)


def _shown(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _title_lines(b: Bulletin, lang: str) -> list[tuple[str, str]]:
    """The notice's head as the first rows of the ranking sheet: office, number, title, round and date, summary."""
    h = head(b, lang)
    lines = head_lines(h, lang)
    styles = (["cv-issuer"] if h.issuer else []) + (["cv-meta"] if h.doc_no else []) + ["cv-title", "cv-meta"]
    return [*zip(lines, styles, strict=True), (summary(b, lang), "cv-meta")]


def bulletin(b: Bulletin, ctx: Context) -> Iterator[bytes]:
    """The bulletin as a workbook: the ranking under the notice's head, 红黑榜, roll-ups, every gap, who is missing.

    Scores are numbers shown with two decimals, pass rates percentages,
    deadlines dates, file paths relative to where the command ran; every
    sheet prints A4 landscape fitted to the width with its header repeated.
    """
    lang = ctx.lang
    book = Book()
    taken: set[str] = set()
    compared = b.previous_round is not None
    listed = {id(r): key for lists in b.red_black for key, members in (("rb.red", lists.red), ("rb.black", lists.black))
              for _, r in members}  # fmt: skip
    with_na = any(r.not_applicable for r in b.rows)
    columns = [*RANK_HEAD, *(CHANGE if compared else ()), *RANK_TAIL, *(NA if with_na else ()),
               *(LISTED if b.red_black else ()), FILE]  # fmt: skip
    rows = []
    for n, r in b.ranked:
        row: list[Any] = [n, r.site_name or r.site, r.site, r.township, r.grid, r.checklist_label, r.version, r.round,
                          _num(r.rounded)]  # fmt: skip
        if compared:
            change = b.change(r)
            before = change.previous if change else None
            row += [_num(before.rounded) if before else None, _num(change.delta) if change else None,
                    t("b.new_site", lang) if before is None else None]  # fmt: skip
        row += [r.grade_shown, yes_no(r.passed, lang), veto_text(r, lang), progress_text(r, lang) or None,
                r.gap_count, len(r.missing), f"{r.worst} {r.worst_text}".strip() or None]  # fmt: skip
        if with_na:
            na = na_count(r)
            row += [na.items, _num(na.points), na.unapproved, na.no_reason]
        if b.red_black:
            row.append(t(listed[id(r)], lang) if id(r) in listed else None)
        row.append(shown_path(r.file, ctx))
        rows.append(row)
    _sheet(book, taken, t("b.ranking", lang), _title_lines(b, lang), columns, rows, len(rows), lang)
    for lists in b.red_black:
        rb_rows = [[row[0], int(row[1]) if row[1].isdigit() else None, *row[2:4], _score(row[4]), *row[5:]]
                   for row in red_black_rows(lists, lang)]  # fmt: skip
        title = t("rb.title", lang) + (f" {lists.round}" if len(b.rounds) > 1 else "")
        _sheet(book, taken, title, [(title, "cv-title"), (red_black_note(b, lists, lang), "cv-meta")], RB_COLUMNS,
               rb_rows, len(rb_rows), lang)  # fmt: skip
    for by, groups in b.groups.items():
        title, _, _ = group_table(groups, by, lang)
        group_columns = [Column(GROUP_HEADINGS[by], cap=24), *GROUP_TAIL]
        group_rows = [[g.key, g.sites, _num(g.mean), _num(g.min), float(g.pass_rate) / 100, g.vetoes] for g in groups]
        _sheet(book, taken, title, [(title, "cv-title")], group_columns, group_rows, len(group_rows), lang)
    if b.with_gaps:
        title = t("b.gaps_all", lang)
        total = sum(len(b.gaps_of(r)) if r.gaps else r.gap_count for _, r in b.ranked)
        _sheet(book, taken, title, [(title, "cv-title")], GAP_COLUMNS, _gap_rows(b, lang), total, lang)
    if b.missing:
        _, missing = missing_table(b, lang)
        title = t("b.missing", lang)
        _sheet(book, taken, title, [(title, "cv-title")], [Column("w.site", cap=30), Column("w.checklist", cap=30)],
               missing, len(missing), lang)  # fmt: skip
    yield from book.pieces()


def _gap_rows(b: Bulletin, lang: str) -> Iterator[list[Any]]:
    """Every gap, site by site in ranking order, read back one site at a time (see bulletin.GapStore)."""
    critical = f" ({t('r.critical', lang)})"
    for _, r in b.ranked:
        for g in b.gaps_of(r):
            yield [r.site_name or r.site, r.site, r.township, r.grid, r.checklist_label, g.item, g.text,
                   category_label(g.category, lang) + (critical if g.critical else ""), _num(g.lost), _num(g.impact),
                   g.owner, g.person, g.remedy, g.due, g.note or None]  # fmt: skip


def _score(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


# --- the ledger and rounds compared -------------------------------------------------


def _ledger(ledger: Ledger, ctx: Context, view: View) -> Iterator[bytes]:
    """The ledger as clerks keep it in Excel/WPS: state picked from a list, dates as dates, ready to print.

    是否逾期 is written as it stands on the run's date (its heading and the
    printed page's header say 截至 …) and kept; a conditional format against
    TODAY() turns an open task's row red once its deadline passes, whenever
    the file is opened later.  A very hidden sheet records every task as
    written (:data:`civcheck.ledger.RECORD_SHEET`), so that the next run
    notices a row deleted from the ledger.  Written piece by piece from a
    scratch file: a county's ledger workbook is never whole in memory.
    """
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = ctx.lang
    book = Book()
    taken: set[str] = set()
    if view.by:
        _handout_sheets(book, ledger, view, lang, taken)
        yield from book.pieces()
        return
    entries = selected(ledger, view)
    extras = extra_headings(entries)
    sheet = book.sheet(t("l.title", lang), taken)
    header = headings(lang, extras, ledger.today, sep="\n")  # 是否逾期 over its date: a narrow column, two lines
    fields = [f for f, _, _ in COLUMNS] + ["extra"] * len(extras)
    sample = [cells(e, n, ledger, lang, extras) for n, e in enumerate(entries[:300], 1)]
    as_of = t("l.as_of", lang, date=ledger.today.isoformat())
    sheet.HeaderFooter.oddHeader.center.text = ("　" if lang == "zh" else " — ").join((t("l.title", lang), as_of))
    sheet.page_margins.top, sheet.page_margins.header = 0.6, 0.25  # room for that header above the table
    sheet.row_dimensions[1].height = 30
    for n, field in enumerate(fields, 1):
        head = max(header[n - 1].split("\n"), key=display_width)
        widest = max([display_width(head)] + [display_width(str(r[n - 1])) for r in sample])
        cap = WIDTHS.get(field, 14) if field in WRAPPED else 40
        sheet.column_dimensions[letter(n)].width = min(max(widest + 2, 6), cap)
    sheet.freeze_panes = "C2"
    last = len(entries) + 1
    sheet.auto_filter.ref = f"A1:{letter(len(header))}{max(last, 1)}"
    status_col = letter(fields.index("status") + 1)
    due_col = letter(fields.index("due") + 1)
    ended = set(STATUS_LABELS) - OPEN_STATUSES  # closed, void: no longer turns red once its deadline passes
    closed_words = sorted({w for w, state in STATUS_WORDS.items() if state in ended} | {status(s, lang) for s in ended})
    if entries:
        choices = ",".join(status(s, lang) for s in STATUS_LABELS)
        validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=False)
        validation.error = t("l.pick_status", lang)
        validation.add(f"{status_col}2:{status_col}{last}")
        sheet.data_validations.append(validation)
        overdue = FormulaRule(  # type: ignore[no-untyped-call]
            # every word the next run reads as closed or void (销号 as much as 已销号), not only those written here
            formula=[
                f"AND(ISNUMBER(${due_col}2),${due_col}2<TODAY(),"
                + ",".join(f'TRIM(${status_col}2)<>"{w}"' for w in closed_words)
                + ")"
            ],
            fill=PatternFill("solid", bgColor="FDE0E0"),
            font=Font(color="9C0006"),
        )
        sheet.conditional_formatting.add(f"A2:{letter(len(header))}{last}", overdue)
    book.append(sheet, [book.cell(sheet, h, "cv-head") for h in header])
    styles = ["cv-wrap" if f in WRAPPED else "cv-date" if f in ("found_on", "due", "closed_on")
              else "cv-num" if f == "lost" else "cv-text" for f in fields]  # fmt: skip
    for n, e in enumerate(entries, 1):
        row = cells(e, n, ledger, lang, extras, dates=True)
        book.append(
            sheet, [book.cell(sheet, v if v != "" else None, style) for v, style in zip(row, styles, strict=True)]
        )
    if ledger.missing:
        missing_sheet = book.sheet(t("l.missing", lang), taken)
        header, rows = missing_rows(ledger, lang)
        for n, width in enumerate((24, 20, 50, 10), 1):
            missing_sheet.column_dimensions[letter(n)].width = width
        missing_sheet.freeze_panes = "A2"
        book.append(missing_sheet, [book.cell(missing_sheet, h, "cv-head") for h in header])
        for row in rows:
            book.append(missing_sheet, [book.cell(missing_sheet, v, "cv-text") for v in row])
    _record(book, ledger, entries, lang)
    yield from book.pieces()


def _record(book: Book, ledger: Ledger, entries: Sequence[Entry], lang: str) -> None:
    """The very hidden sheet the next run reads to notice a deleted row: each task as the JSON ledger writes it."""
    import json

    from openpyxl.cell import WriteOnlyCell

    from civcheck.ledger import RECORD_CHUNK, RECORD_FIELDS, RECORD_FORMAT, RECORD_SHEET

    sheet = book.hidden_sheet(RECORD_SHEET)

    def text(value: str) -> Any:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # a piece of JSON text, never a formula, whatever it starts with
        return cell

    fields = json.dumps(RECORD_FIELDS)
    sheet.append([text(RECORD_FORMAT), text(ledger.today.isoformat()), text(fields), text(t("l.record_note", lang))])
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for e in entries:
        task = entry_json(e, ledger)
        value = dumps([task[k] for k in RECORD_FIELDS])
        sheet.append([text(value[i : i + RECORD_CHUNK]) for i in range(0, len(value), RECORD_CHUNK)])


def _handout_sheets(book: Book, ledger: Ledger, view: View, lang: str, taken: set[str]) -> None:
    """One sheet per 交办单: a title line, the header line, then the open tasks, overdue first."""
    header = handout_headings(ledger, lang)
    widths = (6, 24, 14, 30, 30, 16, 8, 30, 11, 12, 12)
    groups = handout_groups(ledger, view)
    if not groups:
        sheet = book.sheet(t("l.handouts", lang), taken)
        book.append(sheet, [book.cell(sheet, t("l.nothing_open", lang), "cv-title")])
        return
    for group in groups:
        sheet = book.sheet(group.key, taken)
        print_setup(sheet, header_row=3)
        for n, width in enumerate(widths, 1):
            sheet.column_dimensions[letter(n)].width = width
        sheet.freeze_panes = "A4"
        book.append(sheet, [book.cell(sheet, f"{t('l.handout', lang)} · {group.key}", "cv-title")])
        book.append(sheet, [book.cell(sheet, handout_header(group, ledger, view, lang), "cv-text")])
        book.append(sheet, [book.cell(sheet, h, "cv-head") for h in header])
        wrap = {1, 2, 3, 4, 5, 7}  # ids, names and texts: whole on the printed page, never cut
        for row, entry in zip(handout_rows(group, ledger, view, lang), group.entries, strict=True):
            values: list[Any] = [int(row[0]), *row[1:]]
            values[8] = entry.due
            book.append(sheet, [
                book.cell(sheet, v if v != "" else None,
                          "cv-wrap" if i in wrap else "cv-date" if i == 8 else "cv-num" if i == 0 else "cv-text")
                for i, v in enumerate(values)
            ])  # fmt: skip


def compare(rows: Sequence[Comparison], ctx: Context) -> Iterator[bytes]:
    """Two rounds side by side: scores as numbers, the change signed, persisting problems highlighted."""
    from copy import copy

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
        book.append(sheet, [book.cell(sheet, h, "cv-head") for h in header])
        for c in members:
            persisting = book.cell(sheet, items_text(c.persisting, c) if c.persisting else None, "cv-wrap")
            if c.persisting:  # its own style: book.cell shares one style array among all cells of a style
                persisting._style = copy(persisting._style)
                persisting.fill = highlight
            book.append(sheet, [
                book.cell(sheet, site_label(c.site, c.site_name), "cv-text"),
                book.cell(sheet, c.checklist, "cv-text"),
                book.cell(sheet, None if c.old_score is None else float(c.old_score), "cv-score"),
                book.cell(sheet, None if c.new_score is None else float(c.new_score), "cv-score"),
                book.cell(sheet, None if c.change is None else float(c.change), "cv-change"),
                persisting,
                book.cell(sheet, items_text(c.closed, c) if c.closed else None, "cv-wrap"),
                book.cell(sheet, items_text(c.new, c) if c.new else None, "cv-wrap"),
            ])  # fmt: skip
    yield from book.pieces()


def ledger(page: LedgerPage, ctx: Context) -> Iterator[bytes]:
    """The ledger (or its 交办单, or what is due soon), as the page asks."""
    return _ledger(page.ledger, ctx, page.view)
