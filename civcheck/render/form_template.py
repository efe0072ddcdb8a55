"""The fill-in workbook for field inspectors (现场检查表), written with openpyxl.

A sheet per site: the site's fill-in cells at the top, then one row per
applicable item with a drop-down answer cell, a note (问题描述) and an
evidence cell.  Only the fill-in cells are unlocked; the sheet is protected
so nobody types over an item id by accident.  A hidden sheet keeps the
checklist's id and version and the roster's sites, for the reader.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from civcheck.form_layout import (
    COL,
    COLUMNS,
    FILL_FIXED,
    FILL_HEAD,
    FILL_INPUT,
    FORM_FORMAT,
    META_SHEET,
    WIDTHS,
    answer_choices,
    walk,
    when_keys,
)
from civcheck.i18n import join, t
from civcheck.kinds import kind_of
from civcheck.model import Checklist, Item, Site
from civcheck.words import condition, plain, show_value

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass
class _Sheet:
    """Writing one form sheet; rows are 1-based as in Excel."""

    ws: Any
    lang: str
    validations: dict[str, Any] = field(default_factory=dict)

    def put(self, row: int, col: int, value: Any, *, locked: bool = True, style: str = "", text: bool = True) -> Any:
        from openpyxl.styles import Alignment, Font, PatternFill, Protection

        cell = self.ws.cell(row=row, column=col)
        cell.value = value
        if isinstance(value, str):
            from civcheck.render.csv_ import FORMULA_START

            cell.data_type = "s"  # text from a checklist or a roster is never run as a formula
            if value.startswith(FORMULA_START):
                cell.quotePrefix = True
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if not locked:
            cell.protection = Protection(locked=False)
            cell.fill = PatternFill("solid", fgColor=FILL_INPUT)
            if text:  # typed as text: Excel must not turn a round 2026-08 into a date, or 0012 into 12
                cell.number_format = "@"
        if style == "label":
            cell.font = Font(bold=True)
        elif style == "fixed":
            cell.fill = PatternFill("solid", fgColor=FILL_FIXED)
        elif style == "head":
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor=FILL_HEAD)
        return cell

    def merge(self, row: int, first: int, last: int) -> None:
        if last > first:
            self.ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)

    def pair(self, row: int, col: int, label: str, value: Any, *, locked: bool, span: int) -> Any:
        """A label and its value cell (merged over *span* columns)."""
        self.put(row, col, label, style="label")
        cell = self.put(row, col + 1, value, locked=locked, style="fixed" if locked else "")
        self.merge(row, col + 1, col + span)
        return cell

    def validate(self, key: str, cell: str, **spec: Any) -> None:
        """Add *cell* to the data validation *key* (made from *spec* the first time)."""
        from openpyxl.worksheet.datavalidation import DataValidation

        dv = self.validations.get(key)
        if dv is None:
            dv = DataValidation(allow_blank=True, showErrorMessage=True, showInputMessage=True, **spec)
            self.ws.add_data_validation(dv)
            self.validations[key] = dv
        dv.add(cell)


def template(checklist: Checklist, sites: Sequence[Site] | None, round_: str, lang: str) -> bytes:
    """The fill-in workbook: one sheet per site, or one blank sheet when *sites* is None."""
    from openpyxl import Workbook

    book = Workbook()
    book.properties.title = t("form.title", lang, title=checklist.title.get(lang))
    book.properties.creator = "civcheck"
    book.properties.keywords = f"{FORM_FORMAT} {checklist.id} {checklist.version}"
    first = book.active
    assert first is not None
    titles: set[str] = set()
    specs: list[Site | None] = list(sites) if sites is not None else [None]
    for n, site in enumerate(specs):
        ws = first if n == 0 else book.create_sheet()
        ws.title = _sheet_title(site.name or site.id if site else t("form.blank", lang), titles)
        _form_sheet(_Sheet(ws, lang), checklist, site, round_)
    meta = book.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    rows: list[list[Any]] = [
        ["civcheck — 请勿修改 / do not edit"],
        ["format", FORM_FORMAT],
        ["checklist", checklist.id],
        ["checklist_version", checklist.version],
        ["lang", lang],
    ]
    from civcheck.formats.answers import site_data

    for site in sites or ():
        rows.append(["site", site.id, json.dumps(_jsonable(site_data(site)), ensure_ascii=False)])
    for row in rows:
        meta.append(row)
        for cell in meta[meta.max_row]:
            cell.data_type = "s"
    meta.protection.sheet = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else float(value)
    return value


def _sheet_title(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet name (31 characters, none of []:*?/\\)."""
    base = _SHEET_BAD.sub("_", wanted).strip("'") or "form"
    base = base[:31]
    title, n = base, 2
    while title.lower() in taken or title.lower() == META_SHEET:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _form_sheet(sheet: _Sheet, checklist: Checklist, site: Site | None, round_: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    ws, lang = sheet.ws, sheet.lang
    for n, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(n)].width = width
    title = t("form.title_version", lang, title=checklist.title.get(lang), id=checklist.id, version=checklist.version)
    cell = sheet.put(1, 1, title)
    cell.font = Font(bold=True, size=14)
    sheet.merge(1, 1, len(COLUMNS))
    ws.row_dimensions[1].height = 24

    def label(key: str) -> str:
        return t("form.l." + key, lang)

    sheet.pair(2, 1, label("checklist"), checklist.id, locked=True, span=2)
    sheet.pair(2, 4, label("version"), checklist.version, locked=True, span=3)
    sheet.pair(3, 1, label("site"), site.id if site else "", locked=False, span=2)
    sheet.pair(3, 4, label("name"), site.name if site else "", locked=False, span=3)
    sheet.pair(4, 1, label("round"), round_, locked=False, span=2)
    date_cell = sheet.pair(4, 4, label("date"), None, locked=False, span=3)
    date_cell.number_format = "yyyy-mm-dd"
    sheet.pair(5, 1, label("assessor"), "", locked=False, span=2)
    if site is not None and (site.township or site.grid):
        sheet.pair(5, 4, label("where"), " ".join(p for p in (site.township, site.grid) if p), locked=True, span=3)
    row = 6
    yes_no = f'"{t("form.w.yes", lang)},{t("form.w.no", lang)}"'
    for key in when_keys(checklist):
        value = show_value(site.attributes.get(key), lang) if site is not None else ""
        name = checklist.attribute_name(key, lang)
        shown = key if name == key else f"{name} [{key}]"  # the key rides along: import reads it back
        cell = sheet.pair(row, 1, t("form.l.attribute", lang, key=shown), value, locked=site is not None, span=2)
        users = [item for item in checklist.iter_items() if key in item.when]
        groups: dict[str, list[str]] = {}
        for item in users:
            groups.setdefault("/".join(show_value(v, lang) for v in item.when[key]), []).append(item.id)
        sep = "；" if lang == "zh" else "; "
        note = sep.join(t("form.attr_note", lang, values=v, items=ids) for v, ids in groups.items())
        sheet.put(row, 4, note)
        sheet.merge(row, 4, len(COLUMNS))
        if site is None and all(isinstance(v, bool) for item in users for v in item.when[key]):
            choices = f"{t('form.w.yes', lang)}/{t('form.w.no', lang)}"
            sheet.validate(
                "yes_no",
                cell.coordinate,
                type="list",
                formula1=yes_no,
                errorStyle="stop",
                errorTitle=t("form.e.title", lang),
                error=t("form.e.list", lang, choices=choices),
            )
        row += 1
    sheet.put(row, 1, t("form.guide", lang))
    sheet.merge(row, 1, len(COLUMNS))
    ws.row_dimensions[row].height = 30
    row += 1
    heading = row
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for name in COLUMNS:
        sheet.put(heading, COL[name], t("form.h." + name, lang), style="head").border = border
    row += 1
    attributes = site.attributes if site is not None else None
    for section_title, item in walk(checklist.sections, (), lang):
        if attributes is not None and not item.applies_to(attributes):
            continue  # excluded by `when` for this site: not asked
        values = _item_cells(item, section_title, lang, checklist if attributes is None else None)
        for name, value in zip(COLUMNS, values, strict=True):
            locked = name not in ("answer", "note", "evidence")
            # the answer cell keeps the General format: a count typed there must stay a number for its validation
            sheet.put(row, COL[name], value, locked=locked, text=name != "answer").border = border
        answer = sheet.ws.cell(row=row, column=COL["answer"])
        answer.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True)
        _answer_validation(sheet, item, answer.coordinate)
        ws.row_dimensions[row].height = 15 * max(_lines(values[2], WIDTHS[2]), _lines(values[3], WIDTHS[3]), 2) + 2
        row += 1
    ws.freeze_panes = ws.cell(row=heading + 1, column=2).coordinate
    ws.print_title_rows = f"{heading}:{heading}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    protection = ws.protection
    protection.sheet = True
    protection.formatColumns = False  # widths and heights may still be adjusted
    protection.formatRows = False


def _item_cells(item: Item, section: str, lang: str, when_of: Checklist | None) -> list[Any]:
    """An item's row; on a blank form (*when_of* set) the text also says when the item applies."""
    text = [item.text.get(lang)]
    if item.hint:
        text.append(t("form.hint", lang, hint=item.hint.get(lang)))
    facts = []
    if item.method:
        facts.append(t("form.method", lang, method=t("method." + item.method, lang)))
    if item.evidence and item.evidence != "none":
        facts.append(t("form.evidence", lang, evidence=t("evidence." + item.evidence, lang)))
    if item.sample:
        facts.append(t("form.sample", lang, sample=item.sample.get(lang)))
    if facts:
        text.append("    ".join(facts))
    if when_of is not None and item.when:
        text.append(t("form.when", lang, cond=condition(item, lang, when_of)))
    kind = [t("form.kind", lang, kind=t("kind." + item.kind, lang), points=plain(item.points))]
    kind += kind_of(item).form_kind(item, lang)
    if item.critical:
        kind.append(t("form.critical", lang))
    if not item.na:
        kind.append(t("form.no_na", lang))
    return [item.id, section, "\n".join(text), "\n".join(kind), None, None, None]


def _answer_validation(sheet: _Sheet, item: Item, cell: str) -> None:
    lang = sheet.lang
    na = t("form.w.na", lang)
    if kind_of(item).counts:
        prompt = t("form.p.deduct", lang, per=plain(item.per), points=plain(item.points))
        if item.na:
            prompt += t("form.p.deduct_na", lang, na=na)
        # A whole number >= 0; where N/A is allowed Excel warns instead of refusing, so it can be typed.
        sheet.validate(
            f"deduct:{item.id}",
            cell,
            type="whole",
            operator="greaterThanOrEqual",
            formula1="0",
            errorStyle="warning" if item.na else "stop",
            errorTitle=t("form.e.title", lang),
            error=t("form.e.whole_na", lang, na=na) if item.na else t("form.e.whole", lang),
            promptTitle=t("form.p.title", lang),
            prompt=prompt[:255],
        )
        return
    words = answer_choices(item, lang)
    formula = '"' + ",".join(words) + '"'
    if len(formula) > 255:  # Excel's limit for a list typed into the validation; import still checks the cell
        return
    choices = join(words, lang)
    sheet.validate(
        f"list:{formula}",
        cell,
        type="list",
        formula1=formula,
        errorStyle="stop",
        errorTitle=t("form.e.title", lang),
        error=t("form.e.list", lang, choices=choices)[:255],
        promptTitle=t("form.p.title", lang),
        prompt=t("form.p.check", lang, choices=choices)[:255],
    )


def _lines(text: str | None, width: int) -> int:
    from civcheck.render.common import display_width

    if not text:
        return 1
    room = max(width - 2, 4)
    return sum(max(1, math.ceil(display_width(line) / room)) for line in text.split("\n"))
