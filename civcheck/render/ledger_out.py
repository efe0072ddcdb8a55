"""The rectification ledger (整改台账) and round comparisons, in every format.

csv, xlsx and md carry the Chinese headings clerks know (序号, 网格, 点位, 检查项目,
问题描述, 扣分, 责任单位, 责任人, 整改措施, 发现日期, 整改时限, 整改状态, 销号日期,
是否逾期) and the 编号 (site/checklist/item) that lets the next round's
ledger find each task again; columns a clerk added by hand ride along.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

from civcheck.i18n import t
from civcheck.ledger import COLUMNS, LEDGER_FORMAT, STATUS_LABELS, Comparison, Entry, Ledger, counts, order
from civcheck.render import Context
from civcheck.render.common import display_width, one_line, site_label, yes_no
from civcheck.render.csv_ import write_rows
from civcheck.render.layout import KEEP, NUMBER, TEXT, Col
from civcheck.render.md import escape
from civcheck.render.md import table as md_table
from civcheck.render.table import table


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
    zh, en = STATUS_LABELS.get(status, (status, status))
    return en if lang == "en" else zh


def cells(entry: Entry, n: int, ledger: Ledger, lang: str, extras: Sequence[str], dates: bool = False) -> list[Any]:
    """One entry as the row under :func:`headings` (real dates for xlsx, text elsewhere)."""
    extra = dict(entry.extra)
    as_date = (lambda d: d) if dates else _date
    return [
        n, entry.id, entry.township, entry.grid, entry.site_name or entry.site, entry.checklist,
        f"{entry.item} {entry.item_text}".strip(), entry.problem, float(entry.lost) if dates else str(entry.lost),
        entry.owner, entry.person, entry.remedy, as_date(entry.found_on), as_date(entry.due),
        _status(entry.status, lang), as_date(entry.closed_on), yes_no(entry.overdue(ledger.today), lang),
        ", ".join(entry.rounds), *(extra.get(h, "") for h in extras),
    ]  # fmt: skip


def to_json(ledger: Ledger, ctx: Context) -> str:
    entries = [
        {
            "id": e.id, "site": e.site, "site_name": e.site_name, "township": e.township, "grid": e.grid,
            "checklist": e.checklist, "item": e.item, "item_text": e.item_text, "problem": e.problem,
            "lost": float(e.lost) if e.lost != e.lost.to_integral_value() else int(e.lost), "owner": e.owner,
            "person": e.person, "remedy": e.remedy, "found_on": _date(e.found_on) or None,
            "due": _date(e.due) or None, "status": e.status, "closed_on": _date(e.closed_on) or None,
            "overdue": e.overdue(ledger.today), "round": e.round, "rounds": list(e.rounds), "extra": dict(e.extra),
        }
        for e in order(ledger.entries)
    ]  # fmt: skip
    missing = [
        {"site": m.site, "site_name": m.site_name, "checklist": m.checklist, "item": m.item, "item_text": m.item_text,
         "round": m.round}
        for m in ledger.missing
    ]  # fmt: skip
    doc = {"format": LEDGER_FORMAT, "today": ledger.today.isoformat(), "entries": entries, "missing": missing}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def to_csv(ledger: Ledger, ctx: Context) -> str:
    entries = order(ledger.entries)
    extras = _extras(entries)
    rows = [cells(e, n, ledger, ctx.lang, extras) for n, e in enumerate(entries, 1)]
    return write_rows(headings(ctx.lang, extras), rows, ctx)


def _counts_tables(ledger: Ledger, lang: str) -> list[tuple[str, list[str], list[list[str]]]]:
    by_status, owners = counts(ledger)
    status_rows = [[t("l.overdue", lang), str(by_status["overdue"])]]
    status_rows += [[_status(s, lang), str(by_status[s])] for s in STATUS_LABELS]
    owner_rows = [[owner, str(open_), str(late), str(closed)] for owner, open_, late, closed in owners]
    return [
        (t("l.by_status", lang), [t("l.status", lang), t("l.count", lang)], status_rows),
        (t("l.by_owner", lang), [t("w.owner", lang), t("l.open", lang), t("l.overdue", lang), t("l.closed", lang)],
         owner_rows),
    ]  # fmt: skip


def to_md(ledger: Ledger, ctx: Context) -> str:
    lang = ctx.lang
    entries = order(ledger.entries)
    extras = _extras(entries)
    rows = [[str(c) for c in cells(e, n, ledger, lang, extras)] for n, e in enumerate(entries, 1)]
    parts = [f"# {t('l.title', lang)}\n\n", md_table(headings(lang, extras), rows)]
    for title, header, table_rows in _counts_tables(ledger, lang):
        parts.append(f"\n## {escape(title)}\n\n" + md_table(header, table_rows))
    if ledger.missing:
        parts.append(f"\n## {t('l.missing', lang)}\n\n" + md_table(*_missing(ledger, lang)))
    return "".join(parts)


def _missing(ledger: Ledger, lang: str) -> tuple[list[str], list[list[str]]]:
    header = [t("w.site", lang), t("w.checklist", lang), t("w.item", lang), t("w.round", lang)]
    rows = [[site_label({"id": m.site, "name": m.site_name}), m.checklist, f"{m.item} {m.item_text}", m.round]
            for m in ledger.missing]  # fmt: skip
    return header, rows


def to_table(ledger: Ledger, ctx: Context) -> str:
    """What a clerk reads at the terminal: the tasks, then counts by status and owner, overdue first."""
    lang = ctx.lang
    entries = order(ledger.entries)
    # overdue tasks first, then open ones, closed last
    rank = {"open": 1, "assigned": 1, "rectifying": 1, "closed": 2}
    entries.sort(key=lambda e: 0 if e.overdue(ledger.today) else rank.get(e.status, 1))
    header = [t(k, lang) for k in ("l.no", "w.site", "w.item", "w.note", "w.owner", "w.person", "w.due", "l.status")]
    rows = [
        [str(n), e.site_name or e.site, e.item, one_line(e.problem), one_line(e.owner), e.person or "-",
         _date(e.due) + (f" {t('l.late', lang)}" if e.overdue(ledger.today) else ""), _status(e.status, lang)]
        for n, e in enumerate(entries, 1)
    ]  # fmt: skip
    cols = (NUMBER, KEEP, KEEP, Col(wrap=True, least=16), Col(wrap=True, drop=2, least=10), Col(drop=1), KEEP, KEEP)
    parts = [table(t("l.title", lang), header, rows, cols, ctx)]
    for title, h, r in _counts_tables(ledger, lang):
        parts.append(table(title, h, r, [Col(wrap=True)] + [NUMBER] * (len(h) - 1), ctx))
    if ledger.missing:
        parts.append(table(t("l.missing", lang), *_missing(ledger, lang), (KEEP, KEEP, TEXT, KEEP), ctx))
    return "\n".join(parts)


def to_xlsx(ledger: Ledger, ctx: Context) -> bytes:
    """The ledger as clerks keep it in Excel/WPS: status picked from a list, dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from civcheck.render.xlsx import _cell

    lang = ctx.lang
    entries = order(ledger.entries)
    extras = _extras(entries)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t("l.title", lang)[:31]
    header = headings(lang, extras)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for n, e in enumerate(entries, 1):
        row = cells(e, n, ledger, lang, extras, dates=True)
        sheet.append([_cell(sheet, v) if isinstance(v, str) else v for v in row])
    status_col = get_column_letter([f for f, _, _ in COLUMNS].index("status") + 1)
    choices = ",".join(_status(s, lang) for s in STATUS_LABELS)
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=False)
    validation.error = t("l.pick_status", lang)
    sheet.add_data_validation(validation)
    if entries:
        validation.add(f"{status_col}2:{status_col}{len(entries) + 1}")
    for n, heading in enumerate(header, 1):
        letter = get_column_letter(n)
        widest = max([display_width(str(heading))] + [display_width(str(c.value or "")) for c in sheet[letter][1:200]])
        sheet.column_dimensions[letter].width = min(max(widest + 2, 6), 40)
        for c in sheet[letter][1:]:
            if isinstance(c.value, dt.date):
                c.number_format = "yyyy-mm-dd"
            c.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    if ledger.missing:
        missing_sheet = book.create_sheet(t("l.missing", lang)[:31])
        header, rows = _missing(ledger, lang)
        missing_sheet.append(header)
        for row in rows:
            missing_sheet.append([_cell(missing_sheet, v) for v in row])
        missing_sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- rounds compared ----------------------------------------------------------


def compare_json(rows: Sequence[Comparison], ctx: Context) -> str:
    sites = [
        {"site": c.site, "checklist": c.checklist,
         "old_score": None if c.old_score is None else float(c.old_score),
         "new_score": None if c.new_score is None else float(c.new_score),
         "closed": list(c.closed), "persisting": list(c.persisting), "new": list(c.new)}
        for c in rows
    ]  # fmt: skip
    return json.dumps({"sites": sites}, ensure_ascii=False, indent=1) + "\n"


def _compare_rows(rows: Sequence[Comparison], lang: str) -> tuple[list[str], list[list[str]]]:
    header = [t(k, lang) for k in ("w.site", "w.checklist", "c.old", "c.new", "c.closed", "c.persisting", "c.added")]
    body = [
        [site_label({"id": c.site, "name": c.site_name}), c.checklist,
         "-" if c.old_score is None else str(c.old_score), "-" if c.new_score is None else str(c.new_score),
         ", ".join(c.closed) or "-", ", ".join(c.persisting) or "-", ", ".join(c.new) or "-"]
        for c in rows
    ]  # fmt: skip
    return header, body


def compare_md(rows: Sequence[Comparison], ctx: Context) -> str:
    return f"# {t('c.title', ctx.lang)}\n\n" + md_table(*_compare_rows(rows, ctx.lang))


def compare_table(rows: Sequence[Comparison], ctx: Context) -> str:
    header, body = _compare_rows(rows, ctx.lang)
    return table(t("c.title", ctx.lang), header, body, (KEEP, Col(drop=1), NUMBER, NUMBER, TEXT, TEXT, TEXT), ctx)


LEDGER_FORMATS = {"table": to_table, "json": to_json, "csv": to_csv, "md": to_md, "xlsx": to_xlsx}
COMPARE_FORMATS = {"table": compare_table, "json": compare_json, "md": compare_md}
