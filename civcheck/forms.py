"""Fill-in forms for field inspectors (现场检查表): workbooks out, answers files back in.

:func:`template` builds an Excel/WPS workbook for one checklist: a sheet per
site, the site's fill-in cells at the top, then one row per applicable item
with a drop-down answer cell, a note (问题描述) and an evidence cell.  Only the
fill-in cells are unlocked; the sheet is protected so nobody types over an
item id by accident.

:func:`read_form` reads a filled workbook (or a CSV file with the same grid,
as Excel's "save as CSV" writes it) back into :class:`Filled` assessments.
It finds everything by its label — the checklist id and version, the site,
the column headings — so a sheet exported to CSV or laid out by hand reads
the same.  Answers are read with :func:`civcheck.assess.parse_line`, the
words a clerk types at the terminal (是/否/不适用, 优/良/中/差, counts).
Every bad cell is reported as ``file:sheet!cell: message`` (CSV files:
``file:cell: message``), and a file with any bad cell yields nothing.

openpyxl is imported only inside the functions that need it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from civcheck.errors import InputError, Problem
from civcheck.i18n import extend, t
from civcheck.model import Answer, Checklist, Item, Scalar, Section, Site

if TYPE_CHECKING:
    from civcheck.catalog import Catalog

FORM_FORMAT = "civcheck.form/1"
META_SHEET = "civcheck"
FORM_SUFFIXES = (".xlsx", ".xlsm", ".csv")
MAX_BYTES = 32 * 1024 * 1024

extend(
    {
        # the form's labels and headings (import recognizes both languages)
        "form.l.checklist": ("检查表编号", "Checklist ID"),
        "form.l.version": ("检查表版本", "Checklist version"),
        "form.l.site": ("点位编号", "Site ID"),
        "form.l.name": ("点位名称", "Site name"),
        "form.l.round": ("轮次", "Round"),
        "form.l.date": ("检查日期", "Date"),
        "form.l.assessor": ("检查人", "Assessor"),
        "form.l.where": ("乡镇/网格", "Township/grid"),
        "form.l.attribute": ("属性：{key}", "Attribute: {key}"),
        "form.h.id": ("条目编号", "Item"),
        "form.h.section": ("分组", "Section"),
        "form.h.text": ("检查内容", "Standard"),
        "form.h.kind": ("类型及分值", "Kind and points"),
        "form.h.answer": ("检查结果", "Answer"),
        "form.h.note": ("问题描述", "Note"),
        "form.h.evidence": ("证据（照片/资料编号）", "Evidence (photo/document ref.)"),
        "form.title": ("现场检查表：{title}", "Field form: {title}"),
        "form.blank": ("检查表", "Form"),
        "form.guide": (
            "填写说明：只填浅黄色单元格。检查结果从下拉列表选择；扣分项填发现问题的处数（0 = 无问题）。留空即为漏项。",
            "Fill in the light-yellow cells only. Pick answers from the drop-down; for deduct items type the number "
            "of problems found (0 = none). A blank answer counts as unanswered.",
        ),
        "form.w.pass": ("达标", "pass"),
        "form.w.fail": ("不达标", "fail"),
        "form.w.na": ("不适用", "n/a"),
        "form.w.yes": ("是", "yes"),
        "form.w.count": ("不小于 0 的整数", "a whole number >= 0"),
        "form.w.no": ("否", "no"),
        "form.kind": ("{kind} {points} 分", "{kind}, {points} points"),
        "form.per": ("每处扣 {per} 分，扣完为止", "{per} per problem found, down to 0"),
        "form.levels": ("等级：{levels}", "Levels: {levels}"),
        "form.critical": ("一票否决项", "Veto item"),
        "form.no_na": ("不可选不适用", "N/A not allowed"),
        "form.hint": ("提示：{hint}", "Hint: {hint}"),
        "form.sample": ("抽样：{sample}", "Sample: {sample}"),
        "form.method": ("检查方法：{method}", "Method: {method}"),
        "form.evidence": ("证据：{evidence}", "Evidence: {evidence}"),
        "form.when": ("适用条件：{cond}", "Applies when: {cond}"),
        "form.attr_note": ("为“{values}”时检查 {items}", "{items} checked when this is {values}"),
        "form.p.title": ("检查结果", "Answer"),
        "form.p.check": ("选择：{choices}", "Choose: {choices}"),
        "form.p.deduct": (
            "填发现问题的处数（0 = 无问题）。每处扣 {per} 分，最多扣 {points} 分。",
            "Type the number of problems found (0 = none): {per} per problem, at most {points}.",
        ),
        "form.p.deduct_na": ("本项不适用时填“{na}”。", 'Type "{na}" if the item does not apply.'),
        "form.e.title": ("答案无效", "Invalid answer"),
        "form.e.list": ("请从下拉列表中选择：{choices}", "Pick one of: {choices}"),
        "form.e.whole": ("请填写不小于 0 的整数（发现问题的处数）。", "Type a whole number >= 0 (problems found)."),
        "form.e.whole_na": (
            "应填不小于 0 的整数（发现问题的处数）；本项确不适用时可填“{na}”并选择继续。",
            'Type a whole number >= 0 (problems found); if the item does not apply, type "{na}" and continue.',
        ),
        # import problems
        "form.hidden": ("{source}：隐藏的工作表，未导入", "{source}: a hidden sheet, not imported"),
        "form.ambiguous": (
            "“{got}”不是条目 {item} 的有效答案：它的意思取决于条目的说法（可填：{choices}）",
            '"{got}" is not an answer to item {item}: its meaning depends on how the item is phrased '
            "(choices: {choices})",
        ),
        "form.bad_word": (
            "“{got}”不是条目 {item} 的有效答案（可填：{choices}）",
            '"{got}" is not an answer to item {item} (choices: {choices})',
        ),
        "form.not_whole": (
            "条目 {item} 是扣分项，应填发现问题的处数（不小于 0 的整数），不能填 {got}",
            "item {item} is a deduct item: type the number of problems found (a whole number >= 0), not {got}",
        ),
        "form.na_refused": ("条目 {item} 不可填“不适用”", "item {item} may not be answered N/A"),
        "form.not_applicable": (
            "条目 {item} 只适用于 {cond} 的点位，本表点位属性不符；请改正点位属性或清空此答案",
            "item {item} applies only to sites with {cond}; correct the site's attributes or clear this answer",
        ),
        "form.missing": ("缺少{what}", "{what} is missing"),
        "form.bad_site_id": (
            '点位编号“{id}”不能用作文件名（不能含 / \\ : * ? " < > | 或以 . 开头）',
            'site ID "{id}" cannot be used in a file name (no / \\ : * ? " < > |, no leading .)',
        ),
        "form.bad_date": ("检查日期“{got}”无效，应为 YYYY-MM-DD", 'date "{got}" is not valid: write YYYY-MM-DD'),
        "form.duplicate_item": ("条目 {item} 重复（已在 {cell} 填写）", "item {item} appears twice (also at {cell})"),
        "form.duplicate_site": (
            "点位 {site} 的答卷重复（已由 {other} 导入）",
            "site {site} appears twice (also in {other})",
        ),
        "form.no_item": ("此行有答案但没有条目编号", "this row has an answer but no item ID"),
        "form.no_heading": (
            "找不到表头行（“{id}”与“{answer}”两列）",
            'no heading row (with the columns "{id}" and "{answer}")',
        ),
        "form.no_form": (
            "没有找到 civcheck 现场检查表（用 civcheck template 生成）",
            "no civcheck form found (make one with civcheck template)",
        ),
        "form.csv": ("无法读取 CSV：{reason}", "cannot read the CSV file: {reason}"),
        "form.suffix": (
            "不支持的文件类型（可用：.xlsx、.xlsm、.csv）",
            "unsupported file type (use .xlsx, .xlsm or .csv)",
        ),
        "form.source": ("由 civcheck import 从 {source} 导入", "imported by civcheck import from {source}"),
        # the commands
        "form.written_book": (
            "已生成 {path}：{sheets} 张工作表（{id} {version}）",
            "Wrote {path}: {sheets} sheets ({id} {version})",
        ),
        "form.no_sites": (
            "名册 {roster} 中没有需要检查表 {id} 的点位（site_types：{types}）",
            "no site in {roster} needs checklist {id} (site_types: {types})",
        ),
        "form.no_site": ("名册 {roster} 中没有点位 {site}", "the roster {roster} has no site {site}"),
        "form.site_needs_roster": ("--site 需要同时给出 --sites 名册", "--site needs a roster (--sites)"),
        "form.xlsx_only": ("--output 应为 .xlsx 文件：{path}", "--output must be an .xlsx file: {path}"),
        "form.no_inputs": ("没有找到要导入的 .xlsx 或 .csv 文件", "no .xlsx or .csv files to import"),
        "form.imported": (
            "{source} → {path}（已答 {answered}/{total} 项）",
            "{source} -> {path} ({answered}/{total} items answered)",
        ),
        "form.skipped": ("{source}：没有任何答案，跳过", "{source}: nothing answered, skipped"),
        "form.summary_ok": (
            "导入 {files} 个文件：写出 {written} 份答卷",
            "{files} files imported: {written} answers files written",
        ),
        "form.summary": (
            "导入 {files} 个文件：写出 {written} 份答卷；{failed} 个文件有错误，未写入",
            "{files} files imported: {written} answers files written; {failed} files had errors and wrote nothing",
        ),
    }
)

_WORD_KEYS = {"pass": "form.w.pass", "fail": "form.w.fail", "na": "form.w.na"}
_BAD_NAME = re.compile(r'[/\\:*?"<>|\x00-\x1f]')
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_EVIDENCE_SPLIT = re.compile(r"[,，;；、\n]+")
_NUMBER = re.compile(r"^[-+]?([0-9]{1,15}(\.[0-9]{0,15})?|\.[0-9]{1,15})$")  # what a spreadsheet cell holds

# Column layout of a form sheet: A id, B section, C text, D kind, E answer, F note, G evidence.
COLUMNS = ("id", "section", "text", "kind", "answer", "note", "evidence")
WIDTHS = (12, 14, 56, 18, 12, 30, 20)
COL = {name: n + 1 for n, name in enumerate(COLUMNS)}
HEADER_LABELS = ("checklist", "version", "site", "name", "round", "date", "assessor")

FILL_INPUT = "FFF2CC"  # light yellow: type here
FILL_FIXED = "F2F2F2"  # grey: given, locked
FILL_HEAD = "DDEBF7"


# --------------------------------------------------------------------------
# Which sites need a form


def sites_needing(checklist: Checklist, roster: Iterable[Site]) -> list[Site]:
    """Roster sites whose types meet the checklist's ``site_types`` (as batch coverage reckons)."""
    wanted = set(checklist.site_types)
    return [site for site in roster if wanted & (set(site.types) or ({site.type} if site.type else set()))]


def site_for(checklist: Checklist, site: Site) -> Site:
    """A roster site as its answers file names it: ``type`` is the one this checklist is for."""
    chosen = [kind for kind in site.types if kind in checklist.site_types]
    kind = chosen[0] if chosen else (site.type or (checklist.site_types[0] if checklist.site_types else ""))
    return replace(site, type=kind)


# --------------------------------------------------------------------------
# Building the template


def when_keys(checklist: Checklist) -> list[str]:
    """The site attributes the checklist's ``when`` conditions use, in order of first use."""
    keys: list[str] = []
    for item in checklist.iter_items():
        keys.extend(key for key in item.when if key not in keys)
    return keys


def show_value(value: Scalar, lang: str) -> str:
    """An attribute value as a clerk writes it (是/否 for true/false)."""
    if value is True:
        return t("form.w.yes", lang)
    if value is False:
        return t("form.w.no", lang)
    if value is None:
        return ""
    if isinstance(value, Fraction):
        return _plain(value)
    return str(value)


def _plain(value: Fraction | Decimal | int | None) -> str:
    if value is None:
        return ""
    number = Fraction(value)
    if number.denominator == 1:
        return str(number.numerator)
    return format(Decimal(number.numerator) / Decimal(number.denominator), "f").rstrip("0").rstrip(".")


def condition(item: Item, lang: str, checklist: Checklist | None = None) -> str:
    """An item's ``when`` in words: ``是否有河道沟渠=是`` (the attribute's declared label, else its key)."""
    return ", ".join(
        f"{checklist.attribute_name(key, lang) if checklist else key}={'/'.join(show_value(v, lang) for v in values)}"
        for key, values in item.when.items()
    )


def answer_choices(item: Item, lang: str) -> list[str]:
    """The words offered in an answer cell's drop-down (check and grade items)."""
    if item.kind == "check":
        words = [t("form.w.pass", lang), t("form.w.fail", lang)]
    else:
        labels = [level.label.get(lang) or level.id for level in item.levels]
        if any("," in label or '"' in label for label in labels) or len(set(labels)) != len(labels):
            labels = [level.id for level in item.levels]
        words = labels
    if item.na:
        words.append(t("form.w.na", lang))
    return words


def _walk(sections: Sequence[Section], path: tuple[str, ...], lang: str) -> Iterator[tuple[str, Item]]:
    for section in sections:
        here = (*path, section.title.get(lang) or section.id)
        for item in section.items:
            yield " / ".join(here), item
        yield from _walk(section.sections, here, lang)


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
    from civcheck.write import site_data

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
    title = f"{t('form.title', lang, title=checklist.title.get(lang))}（{checklist.id} {checklist.version}）"
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
        sep = ("、", "；") if lang == "zh" else (", ", "; ")
        note = sep[1].join(t("form.attr_note", lang, values=v, items=sep[0].join(ids)) for v, ids in groups.items())
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
    for section_title, item in _walk(checklist.sections, (), lang):
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
    kind = [t("form.kind", lang, kind=t("kind." + item.kind, lang), points=_plain(item.points))]
    if item.kind == "deduct":
        kind.append(t("form.per", lang, per=_plain(item.per)))
    elif item.kind == "grade":
        kind.append(t("form.levels", lang, levels="/".join(answer_choices(item, lang)[: len(item.levels)])))
    if item.critical:
        kind.append(t("form.critical", lang))
    if not item.na:
        kind.append(t("form.no_na", lang))
    return [item.id, section, "\n".join(text), "\n".join(kind), None, None, None]


def _answer_validation(sheet: _Sheet, item: Item, cell: str) -> None:
    lang = sheet.lang
    na = t("form.w.na", lang)
    if item.kind == "deduct":
        prompt = t("form.p.deduct", lang, per=_plain(item.per), points=_plain(item.points))
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
    choices = "、".join(words) if lang == "zh" else ", ".join(words)
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


# --------------------------------------------------------------------------
# Reading filled forms back


@dataclass(frozen=True)
class CellProblem(Problem):
    """A problem in one cell: shown as ``file:sheet!E12: message`` (CSV: ``file:E12: message``)."""

    sheet: str | None = None
    cell: str = ""
    localized: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # arguments given in zh and en

    def message(self, lang: str) -> str:
        args = {**self.args, **{k: v[1] if lang == "en" else v[0] for k, v in self.localized.items()}}
        return t(self.key, lang, **args)

    def format(self, lang: str) -> str:
        where = f"{self.sheet}!{self.cell}" if self.sheet is not None else self.cell
        return f"{self.path}:{where}: {self.message(lang)}"


@dataclass(frozen=True)
class Filled:
    """One filled form sheet: a site's answers to one checklist, ready to be written."""

    source: str  # "form.xlsx:兴隆村"
    checklist: Checklist
    site: Site
    round: str
    date: dt.date | None
    assessor: str
    answers: Mapping[str, Answer]
    site_cell: CellProblem  # where the site id was read, for problems found later

    @property
    def filename(self) -> str:
        from civcheck.text import file_stem

        return f"{file_stem(self.site.id)}--{self.checklist.id}.yaml"

    def applicable(self) -> list[Item]:
        return [item for item in self.checklist.iter_items() if item.applies_to(self.site.attributes)]


@dataclass
class _Grid:
    path: str
    sheet: str | None
    rows: list[list[Any]]

    def at(
        self, row: int, col: int, key: str, localized: Mapping[str, tuple[str, str]] | None = None, **args: Any
    ) -> CellProblem:
        """A problem at a 0-based (row, col)."""
        return CellProblem(
            self.path, row + 1, col + 1, key, args, sheet=self.sheet, cell=self.ref(row, col), localized=localized or {}
        )

    @property
    def source(self) -> str:
        """The file and sheet, as the answers file's comment names them: form.xlsx:兴隆村."""
        name = Path(self.path).name
        return f"{name}:{self.sheet}" if self.sheet is not None else name

    def ref(self, row: int, col: int) -> str:
        """The cell's name as Excel shows it: E12."""
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(col + 1)}{row + 1}"

    def value(self, row: int, col: int) -> Any:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None


@dataclass(frozen=True)
class Form:
    """What one file held: the filled sheets, the sheets left empty, and hidden sheets not read (their sources)."""

    filled: list[Filled]
    empty: list[str]
    hidden: list[str] = field(default_factory=list)


def read_form(path: str | Path, catalog: Catalog) -> Form:
    """Every filled form sheet in a workbook or CSV file; raises :class:`InputError` listing every bad cell.

    A form sheet with no answer at all is not read further (an untouched blank
    sheet is not an error) and is listed in :attr:`Form.empty`.
    """
    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix not in FORM_SUFFIXES:
        raise InputError.at(name, 1, 1, "form.suffix")
    hidden: list[str] = []
    if suffix == ".csv":
        grids, meta = [_csv_grid(name)], dict[str, Site]()
    else:
        grids, meta, hidden = _workbook_grids(name)
    problems: list[Problem] = []
    form = Form([], [], hidden)
    found = False
    seen: dict[str, str] = {}
    for grid in grids:
        if _bad_text(grid, problems):
            continue
        result = _read_grid(grid, catalog, meta, problems)
        if result is None:
            continue
        found = True
        if result == "empty":
            form.empty.append(grid.source)
        elif isinstance(result, Filled):
            other = seen.get(result.site.id)
            if other is not None:
                args = {"site": result.site.id, "other": other}
                problems.append(replace(result.site_cell, key="form.duplicate_site", args=args, localized={}))
            seen[result.site.id] = result.source
            form.filled.append(result)
    if not found and not problems:
        problems.append(Problem(name, 1, 1, "form.no_form"))
    if problems:
        raise InputError(problems)
    return form


def _bad_text(grid: _Grid, problems: list[Problem]) -> bool:
    """Cells holding characters civcheck does not carry (text.py), each reported where it is."""
    from civcheck.text import describe, first_bad

    found = False
    for r, row in enumerate(grid.rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                bad = first_bad(value)
                if bad is not None:
                    problems.append(grid.at(r, c, "text.bad_char", code=describe(value[bad])))
                    found = True
    return found


MAX_FORM_UNZIPPED = 64 * 1024 * 1024
MAX_FORM_ROWS = 5_000  # a checklist has dozens of items; a sheet of thousands of rows is no form


def _workbook_grids(name: str) -> tuple[list[_Grid], dict[str, Site], list[str]]:
    from civcheck.load import open_workbook, sheet_rows

    book = open_workbook(name, MAX_FORM_UNZIPPED)
    grids: list[_Grid] = []
    meta: dict[str, Site] = {}
    hidden: list[str] = []
    try:
        for ws in book.worksheets:
            if ws.title == META_SHEET:
                rows = [_trim(row) for row in sheet_rows(ws, name, MAX_FORM_ROWS)]
                if rows and rows[0] and str(rows[0][0]).startswith("civcheck"):
                    meta = _meta_sites(rows)
                    continue
            if ws.sheet_state != "visible":  # what nobody sees on screen is not an inspector's form
                hidden.append(f"{Path(name).name}:{ws.title}")
                continue
            grids.append(_Grid(name, ws.title, [_trim(row) for row in sheet_rows(ws, name, MAX_FORM_ROWS)]))
    finally:
        book.close()
    return grids, meta, hidden


def _meta_sites(rows: list[list[Any]]) -> dict[str, Site]:
    """The roster sites a template was made for, as it stored them on its hidden sheet."""
    sites: dict[str, Site] = {}
    for row in rows:
        if len(row) >= 3 and row[0] == "site" and isinstance(row[2], str):
            try:
                data = json.loads(row[2], parse_constant=_no_constant)
            except ValueError:
                continue
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                sites[data["id"]] = _site_from_data(data)
    return sites


def _no_constant(value: str) -> Any:
    raise ValueError(value)  # NaN and Infinity are no attribute values


def _site_from_data(data: dict[str, Any]) -> Site:
    def text(key: str) -> str:
        value = data.get(key)
        return value if isinstance(value, str) else ""

    raw = data.get("attributes")
    attributes: dict[str, Scalar] = {}
    if isinstance(raw, dict):
        for key, value in raw.items():
            if isinstance(value, float):
                if math.isfinite(value) and abs(value) < 1e15:
                    attributes[key] = Fraction(Decimal(str(value)))
            elif value is None or isinstance(value, (str, int, bool)):
                attributes[key] = value
    kind = text("type")
    return Site(
        id=text("id"),
        name=text("name"),
        type=kind,
        types=(kind,) if kind else (),
        township=text("township"),
        grid=text("grid"),
        attributes=attributes,
        owner=text("owner"),
        person=text("person"),
    )


def _csv_grid(name: str) -> _Grid:
    from civcheck.load import read_text

    text = read_text(name).lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ";" if first.count(";") > first.count(",") else ","
    try:
        rows = [_trim(list(row)) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise InputError.at(name, 1, 1, "form.csv", reason=str(exc)) from None
    return _Grid(name, None, rows)


def _trim(row: list[Any]) -> list[Any]:
    while row and _text(row[-1]) == "":
        row.pop()
    return row


def _text(value: Any) -> str:
    """A cell's value as the text a clerk sees (3.0 is "3", a date is 2026-08-12)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)  # 1e+308 stays as Excel shows it, not as 309 digits
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def _key(value: Any) -> str:
    """A label or heading, normalized: full-width to ASCII, lower-case, no trailing colon or parenthesis."""
    text = unicodedata.normalize("NFKC", _text(value)).lower()
    text = re.split(r"[(（]", text, maxsplit=1)[0]
    return text.strip().rstrip(":：").strip()


def _both(key: str) -> set[str]:
    from civcheck.i18n import MESSAGES

    return {_key(text) for text in MESSAGES[key]}


def _labels() -> dict[str, str]:
    return {text: name for name in HEADER_LABELS for text in _both("form.l." + name)}


def _headings() -> dict[str, str]:
    return {text: name for name in COLUMNS for text in _both("form.h." + name)}


_ATTRIBUTE = re.compile(r"^\s*(?:属性|attribute)\s*[:：]\s*(?:.*\[\s*(\S+?)\s*\]|(\S+))\s*$", re.IGNORECASE)


@dataclass
class _Found:
    """A labelled header value: the text and the 0-based cell it was read from."""

    value: Any
    row: int
    col: int


def _both_langs(key: str, **args: Any) -> tuple[str, str]:
    return t(key, "zh", **args), t(key, "en", **args)


def _read_grid(
    grid: _Grid, catalog: Catalog, meta: Mapping[str, Site], problems: list[Problem]
) -> Filled | Literal["bad", "empty"] | None:
    """One sheet: a :class:`Filled`; "bad" (problems added), "empty" (nothing answered); None: no form."""
    labels, headings = _labels(), _headings()
    heading: int | None = None
    columns: dict[str, int] = {}
    for r, row in enumerate(grid.rows):
        found = {headings[k]: c for c, cell in enumerate(row) if (k := _key(cell)) in headings}
        if "id" in found and "answer" in found:
            heading, columns = r, found
            break
    header: dict[str, _Found] = {}
    attrs: dict[str, _Found] = {}
    for r, row in enumerate(grid.rows[: heading if heading is not None else 60]):
        for c, cell in enumerate(row):
            name = labels.get(_key(cell))
            if name is not None:
                header.setdefault(name, _Found(grid.value(r, c + 1), r, c + 1))
                continue
            match = _ATTRIBUTE.match(unicodedata.normalize("NFKC", _text(cell)))
            if match:
                attrs.setdefault(match.group(1) or match.group(2), _Found(grid.value(r, c + 1), r, c + 1))
    if heading is None and "checklist" not in header:
        return None  # a sheet of the clerk's own
    if heading is not None:
        col = columns["answer"]
        if not any(_text(grid.value(r, col)) for r in range(heading + 1, len(grid.rows))):
            return "empty"
    before = len(problems)
    if heading is None:
        names = {"id": _both_langs("form.h.id"), "answer": _both_langs("form.h.answer")}
        problems.append(grid.at(0, 0, "form.no_heading", names))
    checklist = _checklist(grid, header, catalog, problems)
    site_spot = header.get("site")
    site_id = _text(site_spot.value) if site_spot else ""
    site_cell = _missing(grid, header, "site")
    if not site_id:
        problems.append(site_cell)
    elif _BAD_NAME.search(site_id) or site_id.startswith("."):
        problems.append(replace(site_cell, key="form.bad_site_id", args={"id": site_id}, localized={}))
    date = _date(grid, header.get("date"), problems)
    if checklist is None or heading is None:
        return "bad"
    base = meta.get(site_id) or Site(site_id, type=checklist.site_types[0] if checklist.site_types else "")
    attributes = dict(base.attributes)
    for key, spot in attrs.items():
        text = _text(spot.value)
        known = base.attributes.get(key)
        if text and not (key in base.attributes and text in (show_value(known, "zh"), show_value(known, "en"))):
            attributes[key] = _attribute(text)  # as the cell says, unless it still shows the roster's value
    name_spot = header.get("name")
    name = _text(name_spot.value) if name_spot else ""
    site = replace(base, id=site_id, name=name or base.name, attributes=attributes)
    answers = _answers(grid, heading, columns, checklist, attributes, problems)
    if len(problems) > before:
        return "bad"
    round_spot, assessor_spot = header.get("round"), header.get("assessor")
    return Filled(
        source=grid.source,
        checklist=checklist,
        site=site,
        round=_round(round_spot.value) if round_spot else "",
        date=date,
        assessor=_text(assessor_spot.value) if assessor_spot else "",
        answers=answers,
        site_cell=site_cell,
    )


def _missing(grid: _Grid, header: Mapping[str, _Found], name: str) -> CellProblem:
    """A "site ID is missing" problem at the cell beside its label (or A1 when the label is gone too)."""
    spot = header.get(name)
    row, col = (spot.row, spot.col) if spot else (0, 0)
    return grid.at(row, col, "form.missing", {"what": _both_langs("form.l." + name)})


def _checklist(
    grid: _Grid, header: Mapping[str, _Found], catalog: Catalog, problems: list[Problem]
) -> Checklist | None:
    spot = header.get("checklist")
    checklist_id = _text(spot.value) if spot else ""
    if spot is None or not checklist_id:
        problems.append(_missing(grid, header, "checklist"))
        return None
    version_spot = header.get("version")
    version = _text(version_spot.value) if version_spot else ""
    found = catalog.find(checklist_id, version or None)
    if found is not None:
        return found
    versions = catalog.versions(checklist_id)
    if not versions:
        known = ", ".join(catalog.ids()) or "-"
        problems.append(grid.at(spot.row, spot.col, "answers.unknown_checklist", id=checklist_id, known=known))
        return None
    listed = ", ".join(c.version for c in versions)
    if version and version_spot is not None:
        for candidate in versions:  # a CSV that went through Excel: "2026.10" came back as 2026.1
            numeric = _NUMBER.match(version) and _NUMBER.match(candidate.version)
            if numeric and Decimal(version) == Decimal(candidate.version):
                return candidate
        problems.append(grid.at(version_spot.row, version_spot.col, "answers.version", id=checklist_id,
                                version=version, versions=listed))  # fmt: skip
    else:
        where = version_spot or spot
        problems.append(grid.at(where.row, where.col, "answers.which_version", id=checklist_id, versions=listed))
    return None


def _attribute(text: str) -> Scalar:
    from civcheck.load import attribute_value

    return attribute_value(text)


def _round(value: Any) -> str:
    if isinstance(value, dt.datetime) and value.day == 1 and value.time() == dt.time():
        return value.strftime("%Y-%m")  # Excel read a typed 2026-08 as 1 August 2026
    return _text(value)


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _date(grid: _Grid, spot: _Found | None, problems: list[Problem]) -> dt.date | None:
    if spot is None:
        return None
    value = spot.value
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if not text:
        return None
    match = _DATE.match(unicodedata.normalize("NFKC", text))
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    problems.append(grid.at(spot.row, spot.col, "form.bad_date", got=text))
    return None


def _answers(
    grid: _Grid,
    heading: int,
    columns: Mapping[str, int],
    checklist: Checklist,
    attributes: Mapping[str, Scalar],
    problems: list[Problem],
) -> dict[str, Answer]:
    from civcheck.assess import parse_line

    items = {item.id: item for item in checklist.iter_items()}
    answers: dict[str, Answer] = {}
    where: dict[str, str] = {}
    id_col, answer_col = columns["id"], columns["answer"]
    for r in range(heading + 1, len(grid.rows)):
        item_id = _text(grid.value(r, id_col))
        raw = grid.value(r, answer_col)
        text = _answer_text(raw)
        if not item_id:
            if text:
                problems.append(grid.at(r, answer_col, "form.no_item"))
            continue
        item = items.get(item_id)
        if item is None:
            problems.append(grid.at(r, id_col, "answers.unknown_item", item=item_id, checklist=checklist.id))
            continue
        if item_id in where:
            problems.append(grid.at(r, id_col, "form.duplicate_item", item=item_id, cell=where[item_id]))
            continue
        where[item_id] = grid.ref(r, id_col)
        if not text:
            continue  # unanswered (漏项): not an error
        parsed = parse_line(item, text)
        if parsed.kind != "answer" or parsed.answer is None:
            problems.append(_bad_answer(grid, r, answer_col, item, text, parsed.reason))
            continue
        answer = parsed.answer
        if answer.status != "na" and not item.applies_to(attributes):
            cond = {"cond": (condition(item, "zh", checklist), condition(item, "en", checklist))}
            problems.append(grid.at(r, answer_col, "form.not_applicable", cond, item=item.id))
            continue
        note = _text(grid.value(r, columns["note"])) if "note" in columns else ""
        evidence: tuple[str, ...] = ()
        if "evidence" in columns:
            evidence = tuple(p.strip() for p in _EVIDENCE_SPLIT.split(_text(grid.value(r, columns["evidence"]))))
            evidence = tuple(p for p in evidence if p)
        answers[item_id] = replace(answer, note=note, evidence=evidence)
    return answers


def _answer_text(value: Any) -> str:
    text = _text(value)
    plain = unicodedata.normalize("NFKC", text).strip()
    if _NUMBER.match(plain):
        number = Decimal(plain)
        if number == number.to_integral_value() and number >= 0:
            return str(int(number))  # "3.0" and "+3" are three problems
    return text


def _bad_answer(grid: _Grid, row: int, col: int, item: Item, text: str, reason: str) -> CellProblem:
    if reason == "a.na_refused":
        return grid.at(row, col, "form.na_refused", item=item.id)
    if item.kind == "deduct" and _looks_numeric(text):
        return grid.at(row, col, "form.not_whole", item=item.id, got=text)
    choices = {"choices": (_choices_text(item, "zh"), _choices_text(item, "en"))}
    key = "form.ambiguous" if reason == "a.ambiguous" else "form.bad_word"
    return grid.at(row, col, key, choices, item=item.id, got=text)


def _looks_numeric(text: str) -> bool:
    plain = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if _NUMBER.match(plain) or re.match(r"^[-+]?\d+/\d+$", plain):
        return True
    try:
        Decimal(plain)
    except InvalidOperation:
        return False
    return True


def _choices_text(item: Item, lang: str) -> str:
    if item.kind == "deduct":
        words = [t("form.w.count", lang)] + ([t("form.w.na", lang)] if item.na else [])
    else:
        words = answer_choices(item, lang)
    return ("、" if lang == "zh" else ", ").join(words)


# --------------------------------------------------------------------------
# Writing answers files


def answers_yaml(filled: Filled, lang: str) -> str:
    """The answers file (format.md §2) for a filled sheet, checked by reading it back."""
    from civcheck.load import answers_from_data, bind_answers, parse_document
    from civcheck.write import answers_document, site_data

    site = site_data(filled.site)
    if "attributes" in site:  # YAML has no Fraction: a roster's 1.5 (read as 3/2) is written 1.5 again
        site["attributes"] = {k: float(v) if isinstance(v, Fraction) else v for k, v in site["attributes"].items()}
    header: dict[str, Any] = {
        "checklist": filled.checklist.id,
        "checklist_version": filled.checklist.version,
        "site": site,
        "round": filled.round,
        "date": filled.date,
        "assessor": filled.assessor,
    }
    header = {key: value for key, value in header.items() if value not in ("", None)}
    order = [item.id for item in filled.checklist.iter_items()]
    body = answers_document(header, filled.answers, order)
    text = f"# {t('form.source', lang, source=filled.source)}\n{body}"
    try:
        bind_answers(answers_from_data(parse_document(text, filled.filename), filled.filename, text), filled.checklist)
    except InputError as exc:  # pragma: no cover - a bug in this module, not in the form
        raise RuntimeError(f"imported answers do not read back: {exc.problems[0].message('en')}") from None
    return text
