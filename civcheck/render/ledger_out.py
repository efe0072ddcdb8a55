"""The rectification ledger (整改台账), the 交办单 cut from it, and rounds compared, in every format.

csv, xlsx, md and html carry the Chinese headings clerks know (序号, 网格, 点位,
检查项目, 问题描述, 扣分, 责任单位, 责任人, 整改措施, 发现日期, 整改时限, 整改状态,
销号日期, 是否逾期, 处理记录) and the 编号 (site/checklist/item) that lets the
next round's ledger find each task again; columns a clerk added by hand ride
along.  Workbooks are written row by row (openpyxl's write-only mode, styles
named once), so a county's ledger costs memory flat in the number of tasks,
and they print: A4 landscape, fitted to the page's width, the header row
repeated on every page.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from civcheck.i18n import t
from civcheck.ledger import (
    COLUMNS,
    LEDGER_FORMAT,
    STATUS_LABELS,
    Comparison,
    Entry,
    Handout,
    Ledger,
    closed_by_label,
    counts,
    due_soon,
    handouts,
    order,
    status_label,
)
from civcheck.render import Context
from civcheck.render.common import display_width, one_line, site_label, yes_no
from civcheck.render.csv_ import write_rows
from civcheck.render.layout import KEEP, NUMBER, TEXT, Col
from civcheck.render.md import escape
from civcheck.render.md import table as md_table
from civcheck.render.table import table

WRAPPED = ("item_text", "problem", "remedy", "history")  # long text: wraps in the workbook, and in print
WIDTHS = {"no": 6, "id": 24, "township": 8, "grid": 10, "site": 12, "site_name": 14, "checklist": 16,
          "item_text": 30, "problem": 30, "lost": 6, "owner": 16, "person": 8, "remedy": 30, "found_on": 11,
          "due": 11, "status": 12, "closed_on": 11, "closed_by": 9, "overdue": 8, "rounds": 14,
          "history": 34}  # fmt: skip


@dataclass(frozen=True)
class View:
    """What to show of a ledger: all of it, or the 交办单 per owner/person/grid, or only tasks due soon."""

    by: str | None = None  # owner | person | grid: one 交办单 per value
    soon: int | None = None  # mark tasks due within this many days
    due_within: int | None = None  # keep only open tasks due within this many days (or overdue)


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _extras(entries: Sequence[Entry]) -> list[str]:
    headings: list[str] = []
    for e in entries:
        for heading, _ in e.extra:
            if heading not in headings:
                headings.append(heading)
    return headings


def headings(lang: str, extras: Sequence[str]) -> list[str]:
    return [en if lang == "en" else zh for _, zh, en in COLUMNS] + list(extras)


def _status(status: str, lang: str) -> str:
    return status_label(status, lang)


def cells(entry: Entry, n: int, ledger: Ledger, lang: str, extras: Sequence[str], dates: bool = False) -> list[Any]:
    """One entry as the row under :func:`headings` (real dates and numbers for xlsx, text elsewhere)."""
    extra = dict(entry.extra)
    as_date = (lambda d: d) if dates else _date
    return [
        n, entry.id, entry.township, entry.grid, entry.site, entry.site_name or entry.site, entry.checklist,
        f"{entry.item} {entry.item_text}".strip(), entry.problem, float(entry.lost) if dates else str(entry.lost),
        entry.owner, entry.person, entry.remedy, as_date(entry.found_on), as_date(entry.due),
        _status(entry.status, lang), as_date(entry.closed_on), closed_by_label(entry.closed_by, lang),
        yes_no(entry.overdue(ledger.today), lang), ", ".join(entry.rounds), "\n".join(entry.history),
        *(extra.get(h, "") for h in extras),
    ]  # fmt: skip


def selected(ledger: Ledger, view: View) -> list[Entry]:
    """The entries the view keeps, in ledger order."""
    entries = order(ledger.entries)
    if view.due_within is not None:
        entries = [e for e in entries if e.due_within(ledger.today, view.due_within)]
    return entries


def _groups(ledger: Ledger, view: View) -> list[Handout]:
    trimmed = Ledger(selected(ledger, view), ledger.missing, ledger.today, ledger.notices, ledger.round)
    return handouts(trimmed, view.by or "owner", view.soon)


def _reminder(entry: Entry, ledger: Ledger, view: View, lang: str) -> str:
    """逾期 / N 天内到期: what a 交办单 marks beside a task."""
    if entry.overdue(ledger.today):
        return t("l.overdue_days", lang, days=(ledger.today - entry.due).days if entry.due else 0)
    if due_soon(entry, ledger.today, view.soon):
        return t("l.due_in", lang, days=(entry.due - ledger.today).days if entry.due else 0)
    return ""


def _handout_header(h: Handout, ledger: Ledger, view: View, lang: str) -> str:
    """The line that heads a 交办单, so it can be printed and handed over."""
    return t(
        "l.handout_head", lang, by=t(f"l.key_{view.by}", lang), key=h.key, round=ledger.round or "-",
        date=ledger.today.isoformat(), n=len(h.entries), overdue=h.overdue,
        soon=t("l.handout_soon", lang, days=view.soon, n=h.soon) if view.soon is not None else "",
    )  # fmt: skip


HANDOUT_KEYS = ("l.no", "w.id", "w.site", "w.item", "w.note", "w.owner", "w.person", "w.remedy", "w.due", "l.status",
                "l.reminder")  # fmt: skip


def _handout_rows(h: Handout, ledger: Ledger, view: View, lang: str) -> list[list[str]]:
    return [
        [str(n), e.id, e.site_name or e.site, f"{e.item} {e.item_text}", one_line(e.problem), one_line(e.owner),
         e.person or "-", one_line(e.remedy), _date(e.due), _status(e.status, lang), _reminder(e, ledger, view, lang)]
        for n, e in enumerate(h.entries, 1)
    ]  # fmt: skip


# --- json and csv ---------------------------------------------------------------


def _entry_json(e: Entry, ledger: Ledger) -> dict[str, Any]:
    return {
        "id": e.id, "site": e.site, "site_name": e.site_name, "township": e.township, "grid": e.grid,
        "checklist": e.checklist, "item": e.item, "item_text": e.item_text, "problem": e.problem,
        "lost": float(e.lost) if e.lost != e.lost.to_integral_value() else int(e.lost), "owner": e.owner,
        "person": e.person, "remedy": e.remedy, "found_on": _date(e.found_on) or None,
        "due": _date(e.due) or None, "status": e.status, "closed_on": _date(e.closed_on) or None,
        "closed_by": e.closed_by or None, "overdue": e.overdue(ledger.today), "round": e.round,
        "rounds": list(e.rounds), "history": list(e.history), "extra": dict(e.extra),
    }  # fmt: skip


def to_json(ledger: Ledger, ctx: Context, view: View = View()) -> str:
    """The ``civcheck.ledger/1`` document, one task per line (the C encoder writes a county's ledger in seconds)."""
    entries = _lines(_entry_json(e, ledger) for e in selected(ledger, view))
    missing = _lines(
        {"site": m.site, "site_name": m.site_name, "checklist": m.checklist, "item": m.item, "item_text": m.item_text,
         "round": m.round}
        for m in ledger.missing
    )  # fmt: skip
    parts = [f'{{"format": "{LEDGER_FORMAT}",\n "today": "{ledger.today.isoformat()}",\n "reopened": {ledger.reopened}',
             f',\n "entries": {entries},\n "missing": {missing}']  # fmt: skip
    if view.by:
        handouts = _lines(
            {"key": h.key, "overdue": h.overdue, "soon": h.soon, "entries": [e.id for e in h.entries]}
            for h in _groups(ledger, view)
        )
        parts.append(f',\n "by": "{view.by}",\n "handouts": {handouts}')
    return "".join(parts) + "}\n"


def _lines(values: Any) -> str:
    """A JSON list of objects, one per line."""
    lines = ",\n  ".join(json.dumps(v, ensure_ascii=False) for v in values)
    return f"[\n  {lines}\n ]" if lines else "[]"


def to_csv(ledger: Ledger, ctx: Context, view: View = View()) -> str:
    if view.by:  # the 交办单 rows, one block per owner, the owner in the first column
        header = [t(f"l.key_{view.by}", ctx.lang), *(t(k, ctx.lang) for k in HANDOUT_KEYS)]
        rows = [[h.key, *row] for h in _groups(ledger, view) for row in _handout_rows(h, ledger, view, ctx.lang)]
        return write_rows(header, rows, ctx)
    entries = selected(ledger, view)
    extras = _extras(entries)
    rows = [cells(e, n, ledger, ctx.lang, extras) for n, e in enumerate(entries, 1)]
    return write_rows(headings(ctx.lang, extras), rows, ctx)


# --- md, html and the terminal ------------------------------------------------------


def _counts_tables(ledger: Ledger, lang: str) -> list[tuple[str, list[str], list[list[str]]]]:
    by_status, owners = counts(ledger)
    status_rows = [[t("l.overdue", lang), str(by_status["overdue"])]]
    status_rows += [[_status(s, lang), str(by_status[s])] for s in STATUS_LABELS]
    if by_status["reopened"]:
        status_rows.append([t("l.reopened", lang), str(by_status["reopened"])])
    owner_rows = [[owner, str(open_), str(late), str(closed)] for owner, open_, late, closed in owners]
    return [
        (t("l.by_status", lang), [t("l.status", lang), t("l.count", lang)], status_rows),
        (t("l.by_owner", lang), [t("w.owner", lang), t("l.open", lang), t("l.overdue", lang), t("l.closed", lang)],
         owner_rows),
    ]  # fmt: skip


def _missing(ledger: Ledger, lang: str) -> tuple[list[str], list[list[str]]]:
    header = [t("w.site", lang), t("w.checklist", lang), t("w.item", lang), t("w.round", lang)]
    rows = [[site_label(m.site, m.site_name), m.checklist, f"{m.item} {m.item_text}", m.round]
            for m in ledger.missing]  # fmt: skip
    return header, rows


def to_md(ledger: Ledger, ctx: Context, view: View = View()) -> str:
    lang = ctx.lang
    if view.by:
        parts = [f"# {t('l.handouts', lang)}\n"]
        for h in _groups(ledger, view):
            parts.append(f"\n## {escape(h.key)}\n\n{escape(_handout_header(h, ledger, view, lang))}\n\n")
            parts.append(md_table([t(k, lang) for k in HANDOUT_KEYS], _handout_rows(h, ledger, view, lang)))
        return "".join(parts)
    entries = selected(ledger, view)
    extras = _extras(entries)
    rows = [[str(c) for c in cells(e, n, ledger, lang, extras)] for n, e in enumerate(entries, 1)]
    parts = [f"# {t('l.title', lang)}\n\n", md_table(headings(lang, extras), rows)]
    for title, header, table_rows in _counts_tables(ledger, lang):
        parts.append(f"\n## {escape(title)}\n\n" + md_table(header, table_rows))
    if ledger.missing:
        parts.append(f"\n## {t('l.missing', lang)}\n\n" + md_table(*_missing(ledger, lang)))
    return "".join(parts)


def to_html(ledger: Ledger, ctx: Context, view: View = View()) -> str:
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
        for n, group in enumerate(_groups(ledger, view)):
            out.append(f'<section class="handout{" next" if n else ""}">')
            out.append(f"<h1>{h(t('l.handout', lang))} · {h(group.key)}</h1>")
            out.append(f'<p class="meta">{h(_handout_header(group, ledger, view, lang))}</p>')
            rows = _handout_rows(group, ledger, view, lang)
            classes = ["late" if e.overdue(ledger.today) else "" for e in group.entries]
            out.append(table_html([t(k, lang) for k in HANDOUT_KEYS], rows, numeric={0}, classes=classes,
                                  wrap={3, 4, 7}))  # fmt: skip
            out.append('<p class="sign">' + h(t("l.sign", lang)) + "</p></section>")
    else:
        entries = selected(ledger, view)
        extras = _extras(entries)
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


def to_table(ledger: Ledger, ctx: Context, view: View = View()) -> str:
    """What a clerk reads at the terminal: the tasks, then counts by status and owner, overdue first."""
    lang = ctx.lang
    if view.by:
        parts = []
        cols = (NUMBER, KEEP, KEEP, Col(wrap=True, least=16), Col(wrap=True, drop=3, least=14),
                Col(drop=5), Col(drop=4), Col(wrap=True, drop=6, least=14), KEEP, KEEP, KEEP)  # fmt: skip
        for group in _groups(ledger, view):
            title = f"{t('l.handout', lang)} · {group.key}\n{_handout_header(group, ledger, view, lang)}"
            parts.append(table(title, [t(k, lang) for k in HANDOUT_KEYS], _handout_rows(group, ledger, view, lang),
                               cols, ctx))  # fmt: skip
        return "\n".join(parts) or t("l.nothing_open", lang) + "\n"
    entries = selected(ledger, view)
    # overdue tasks first, then open ones, closed last
    rank = {"open": 1, "assigned": 1, "rectifying": 1, "rectified": 1, "closed": 2}
    entries.sort(key=lambda e: 0 if e.overdue(ledger.today) else rank.get(e.status, 1))
    header = [t(k, lang) for k in ("l.no", "w.site", "w.item", "w.note", "w.owner", "w.person", "w.due", "l.status")]
    rows = [
        [str(n), e.site_name or e.site, e.item, one_line(e.problem), one_line(e.owner), e.person or "-",
         _date(e.due) + (f" {t('l.late', lang)}" if e.overdue(ledger.today) else ""), _status(e.status, lang)]
        for n, e in enumerate(entries, 1)
    ]  # fmt: skip
    widths = (NUMBER, KEEP, KEEP, Col(wrap=True, least=16), Col(wrap=True, drop=2, least=10), Col(drop=1), KEEP, KEEP)
    parts = [table(t("l.title", lang), header, rows, widths, ctx)]
    for title, h, r in _counts_tables(ledger, lang):
        parts.append(table(title, h, r, [Col(wrap=True)] + [NUMBER] * (len(h) - 1), ctx))
    if ledger.missing:
        parts.append(table(t("l.missing", lang), *_missing(ledger, lang), (KEEP, KEEP, TEXT, KEEP), ctx))
    return "\n".join(parts)


# --- xlsx -------------------------------------------------------------------------


class _Book:
    """A write-only workbook with its styles named once (per-cell styles cost most of a big ledger's time)."""

    def __init__(self) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        self.book = Workbook(write_only=True)
        thin = Side(style="thin", color="999999")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        top = Alignment(vertical="top")
        styles = {
            "cv-head": NamedStyle("cv-head", font=Font(bold=True), fill=PatternFill("solid", fgColor="F1E4E4"),
                                  border=box, alignment=Alignment(vertical="center", wrap_text=True)),
            "cv-title": NamedStyle("cv-title", font=Font(bold=True, size=13)),
            "cv-text": NamedStyle("cv-text", border=box, alignment=top),
            "cv-wrap": NamedStyle("cv-wrap", border=box, alignment=Alignment(vertical="top", wrap_text=True)),
            "cv-date": NamedStyle("cv-date", border=box, alignment=top, number_format="yyyy-mm-dd"),
            "cv-num": NamedStyle("cv-num", border=box, alignment=top, number_format="0.##"),
            "cv-score": NamedStyle("cv-score", border=box, alignment=top, number_format="0.00"),
            "cv-change": NamedStyle("cv-change", border=box, alignment=top, number_format="+0.00;-0.00;0.00"),
        }  # fmt: skip
        for style in styles.values():
            self.book.add_named_style(style)

    def cell(self, sheet: Any, value: Any, style: str) -> Any:
        from openpyxl.cell import WriteOnlyCell

        from civcheck.render.csv_ import FORMULA_START

        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
            if value.startswith(FORMULA_START):
                cell.quotePrefix = True
        cell.style = style
        return cell

    def sheet(self, title: str, taken: set[str]) -> Any:
        name = _sheet_name(title, taken)
        sheet = self.book.create_sheet(name)
        print_setup(sheet)
        return sheet

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.book.save(buffer)
        return buffer.getvalue()


def _sheet_name(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in title).strip("'") or "-"
    name = clean[:31]
    n = 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = clean[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


def print_setup(sheet: Any, header_row: int = 1, portrait: bool = False) -> None:
    """A4, fitted to the page's width (as many pages long as it needs), the header row on every page."""
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.orientation = "portrait" if portrait else "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5


def _letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def to_xlsx(ledger: Ledger, ctx: Context, view: View = View()) -> bytes:
    """The ledger as clerks keep it in Excel/WPS: state picked from a list, dates as dates, ready to print.

    是否逾期 is written as it stands today and kept; a conditional format
    against TODAY() turns an open task's row red once its deadline passes,
    whenever the file is opened later.
    """
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = ctx.lang
    book = _Book()
    taken: set[str] = set()
    if view.by:
        _handout_sheets(book, ledger, view, lang, taken)
        return book.save()
    entries = selected(ledger, view)
    extras = _extras(entries)
    sheet = book.sheet(t("l.title", lang), taken)
    header = headings(lang, extras)
    fields = [f for f, _, _ in COLUMNS] + ["extra"] * len(extras)
    sample = [cells(e, n, ledger, lang, extras) for n, e in enumerate(entries[:300], 1)]
    for n, field in enumerate(fields, 1):
        widest = max([display_width(header[n - 1])] + [display_width(str(r[n - 1])) for r in sample])
        cap = WIDTHS.get(field, 14) if field in WRAPPED else 40
        sheet.column_dimensions[_letter(n)].width = min(max(widest + 2, 6), cap)
    sheet.freeze_panes = "C2"
    last = len(entries) + 1
    sheet.auto_filter.ref = f"A1:{_letter(len(header))}{max(last, 1)}"
    status_col = _letter(fields.index("status") + 1)
    due_col = _letter(fields.index("due") + 1)
    closed = _status("closed", lang)
    if entries:
        choices = ",".join(_status(s, lang) for s in STATUS_LABELS)
        validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=False)
        validation.error = t("l.pick_status", lang)
        validation.add(f"{status_col}2:{status_col}{last}")
        sheet.data_validations.append(validation)
        overdue = FormulaRule(  # type: ignore[no-untyped-call]
            formula=[f'AND(ISNUMBER(${due_col}2),${due_col}2<TODAY(),${status_col}2<>"{closed}")'],
            fill=PatternFill("solid", bgColor="FDE0E0"),
            font=Font(color="9C0006"),
        )
        sheet.conditional_formatting.add(f"A2:{_letter(len(header))}{last}", overdue)
    sheet.append([book.cell(sheet, h, "cv-head") for h in header])
    styles = ["cv-wrap" if f in WRAPPED else "cv-date" if f in ("found_on", "due", "closed_on")
              else "cv-num" if f == "lost" else "cv-text" for f in fields]  # fmt: skip
    for n, e in enumerate(entries, 1):
        row = cells(e, n, ledger, lang, extras, dates=True)
        sheet.append([book.cell(sheet, v if v != "" else None, style) for v, style in zip(row, styles, strict=True)])
    if ledger.missing:
        missing_sheet = book.sheet(t("l.missing", lang), taken)
        header, rows = _missing(ledger, lang)
        for n, width in enumerate((24, 20, 50, 10), 1):
            missing_sheet.column_dimensions[_letter(n)].width = width
        missing_sheet.freeze_panes = "A2"
        missing_sheet.append([book.cell(missing_sheet, h, "cv-head") for h in header])
        for row in rows:
            missing_sheet.append([book.cell(missing_sheet, v, "cv-text") for v in row])
    return book.save()


def _handout_sheets(book: _Book, ledger: Ledger, view: View, lang: str, taken: set[str]) -> None:
    """One sheet per 交办单: a title line, the header line, then the open tasks, overdue first."""
    header = [t(k, lang) for k in HANDOUT_KEYS]
    widths = (6, 24, 14, 30, 30, 16, 8, 30, 11, 12, 12)
    groups = _groups(ledger, view)
    if not groups:
        sheet = book.sheet(t("l.handouts", lang), taken)
        sheet.append([book.cell(sheet, t("l.nothing_open", lang), "cv-title")])
        return
    for group in groups:
        sheet = book.sheet(group.key, taken)
        print_setup(sheet, header_row=3)
        for n, width in enumerate(widths, 1):
            sheet.column_dimensions[_letter(n)].width = width
        sheet.freeze_panes = "A4"
        sheet.append([book.cell(sheet, f"{t('l.handout', lang)} · {group.key}", "cv-title")])
        sheet.append([book.cell(sheet, _handout_header(group, ledger, view, lang), "cv-text")])
        sheet.append([book.cell(sheet, h, "cv-head") for h in header])
        wrap = {3, 4, 7}
        for row, entry in zip(_handout_rows(group, ledger, view, lang), group.entries, strict=True):
            values: list[Any] = [int(row[0]), *row[1:]]
            values[8] = entry.due
            sheet.append([
                book.cell(sheet, v if v != "" else None,
                          "cv-wrap" if i in wrap else "cv-date" if i == 8 else "cv-num" if i == 0 else "cv-text")
                for i, v in enumerate(values)
            ])  # fmt: skip


# --- rounds compared ----------------------------------------------------------------


def _change(c: Comparison) -> str:
    if c.change is None:
        return "-"
    return f"{c.change:+.2f}" if c.change else "0.00"


def _items(ids: Sequence[str], c: Comparison) -> str:
    return "; ".join(f"{i} {c.texts.get(i, '')}".strip() for i in ids) or "-"


COMPARE_KEYS = ("w.site", "w.checklist", "c.old", "c.new", "c.change", "c.persisting", "c.closed", "c.added")


def _compare_rows(rows: Sequence[Comparison], lang: str) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """(header, sites in both rounds, sites in only one) — item text beside every id."""
    header = [t(k, lang) for k in COMPARE_KEYS]
    both: list[list[str]] = []
    one: list[list[str]] = []
    for c in rows:
        line = [site_label(c.site, c.site_name), c.checklist,
                "-" if c.old_score is None else str(c.old_score), "-" if c.new_score is None else str(c.new_score),
                _change(c), _items(c.persisting, c), _items(c.closed, c), _items(c.new, c)]  # fmt: skip
        (both if c.in_both else one).append(line)
    return header, both, one


def compare_json(rows: Sequence[Comparison], ctx: Context) -> str:
    sites = [
        {"site": c.site, "site_name": c.site_name, "checklist": c.checklist,
         "old_score": None if c.old_score is None else float(c.old_score),
         "new_score": None if c.new_score is None else float(c.new_score),
         "change": None if c.change is None else float(c.change), "in_both": c.in_both,
         "closed": list(c.closed), "persisting": list(c.persisting), "new": list(c.new),
         "texts": dict(c.texts)}
        for c in rows
    ]  # fmt: skip
    return json.dumps({"format": "civcheck.compare/1", "sites": sites}, ensure_ascii=False, indent=1) + "\n"


def compare_md(rows: Sequence[Comparison], ctx: Context) -> str:
    lang = ctx.lang
    header, both, one = _compare_rows(rows, lang)
    both = [[*r[:5], f"**{r[5]}**" if r[5] != "-" else r[5], *r[6:]] for r in both]  # persisting stands out
    out = f"# {t('c.title', lang)}\n\n" + _md_rows(header, both)
    if one:
        out += f"\n## {t('c.one_round', lang)}\n\n" + _md_rows(header, one)
    return out


def _md_rows(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(escape(h) for h in header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells_ = [f"**{escape(c[2:-2])}**" if c.startswith("**") and c.endswith("**") else escape(c) for c in row]
        lines.append("| " + " | ".join(cells_) + " |")
    return "\n".join(lines) + "\n"


def compare_csv(rows: Sequence[Comparison], ctx: Context) -> str:
    """One row per site; scores and the change as numbers (a spreadsheet sums them), the rest as text."""
    header, _, _ = _compare_rows(rows, ctx.lang)
    marker = t("c.one_round_short", ctx.lang)
    lines = [
        [site_label(c.site, c.site_name), c.checklist, c.old_score, c.new_score, c.change,
         _items(c.persisting, c), _items(c.closed, c), _items(c.new, c), "" if c.in_both else marker]
        for c in sorted(rows, key=lambda c: not c.in_both)
    ]  # fmt: skip
    return write_rows([*header, t("c.rounds", ctx.lang)], lines, ctx)


def compare_table(rows: Sequence[Comparison], ctx: Context) -> str:
    header, both, one = _compare_rows(rows, ctx.lang)
    cols = (KEEP, Col(drop=1), NUMBER, NUMBER, NUMBER, TEXT, Col(wrap=True, drop=2), Col(wrap=True, drop=3))
    out = table(t("c.title", ctx.lang), header, both, cols, ctx)
    if one:
        out += "\n" + table(t("c.one_round", ctx.lang), header, one, cols, ctx)
    return out


def compare_xlsx(rows: Sequence[Comparison], ctx: Context) -> bytes:
    """Two rounds side by side: scores as numbers, the change signed, persisting problems highlighted."""
    from openpyxl.styles import PatternFill

    lang = ctx.lang
    book = _Book()
    taken: set[str] = set()
    header, _, _ = _compare_rows(rows, lang)
    highlight = PatternFill("solid", fgColor="FFF2CC")
    for title, members in ((t("c.title", lang), [c for c in rows if c.in_both]),
                           (t("c.one_round", lang), [c for c in rows if not c.in_both])):  # fmt: skip
        if not members and title != t("c.title", lang):
            continue
        sheet = book.sheet(title, taken)
        for n, width in enumerate((24, 20, 10, 10, 10, 40, 40, 40), 1):
            sheet.column_dimensions[_letter(n)].width = width
        sheet.freeze_panes = "C2"
        sheet.auto_filter.ref = f"A1:H{len(members) + 1}"
        sheet.append([book.cell(sheet, h, "cv-head") for h in header])
        for c in members:
            persisting = book.cell(sheet, _items(c.persisting, c) if c.persisting else None, "cv-wrap")
            if c.persisting:
                persisting.fill = highlight
            sheet.append([
                book.cell(sheet, site_label(c.site, c.site_name), "cv-text"),
                book.cell(sheet, c.checklist, "cv-text"),
                book.cell(sheet, None if c.old_score is None else float(c.old_score), "cv-score"),
                book.cell(sheet, None if c.new_score is None else float(c.new_score), "cv-score"),
                book.cell(sheet, None if c.change is None else float(c.change), "cv-change"),
                persisting,
                book.cell(sheet, _items(c.closed, c) if c.closed else None, "cv-wrap"),
                book.cell(sheet, _items(c.new, c) if c.new else None, "cv-wrap"),
            ])  # fmt: skip
    return book.save()


LEDGER_FORMATS = {"table": to_table, "json": to_json, "csv": to_csv, "md": to_md, "xlsx": to_xlsx, "html": to_html}
COMPARE_FORMATS = {"table": compare_table, "json": compare_json, "md": compare_md, "csv": compare_csv,
                   "xlsx": compare_xlsx}  # fmt: skip
BINARY = ("xlsx", "html")
