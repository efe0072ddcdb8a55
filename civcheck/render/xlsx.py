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
from civcheck.render import Context
from civcheck.render.common import (
    category_label,
    display_width,
    group_table,
    missing_table,
    progress_text,
    veto_text,
    yes_no,
)
from civcheck.render.csv_ import FORMULA_START


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
