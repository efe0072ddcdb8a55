"""The field form (现场检查表): its layout, its words, and which sites it is made for.

Shared by the template writer (:mod:`civcheck.render.form_template`) and the
reader of filled forms (:mod:`civcheck.formats.form`), so that what one
writes the other reads: the labels and headings in both languages, the
columns, the words offered in drop-downs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from civcheck.formats.sheets import cell_text
from civcheck.i18n import extend, t
from civcheck.model import Checklist, Item, Section, Site

FORM_FORMAT = "civcheck.form/1"


META_SHEET = "civcheck"


FORM_SUFFIXES = (".xlsx", ".xlsm", ".csv")


extend(
    {
        # the form's labels and headings (import recognizes both languages)
        "form.meta_bad": (
            "模板隐藏表中的点位信息已损坏（{detail}），点位的责任单位、属性无法读取；请用 civcheck template 重新生成",
            "the template's hidden site record is damaged ({detail}): the site's owner and attributes cannot be read; "
            "make the form again with civcheck template",
        ),
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
        "form.title_version": ("现场检查表：{title}（{id} {version}）", "Field form: {title} ({id} {version})"),
        "form.blank": ("检查表", "Form"),
        "form.guide": (
            "填写说明：只填浅黄色单元格。检查结果从下拉列表选择；扣分项填发现问题的处数（0 = 无问题）。"
            "留空即为未检（未作答）。",
            "Fill in the light-yellow cells only. Pick answers from the drop-down; for deduct items type the number "
            "of problems found (0 = none). A blank answer counts as unanswered.",
        ),
        "form.w.na": ("不适用", "n/a"),
        "form.w.yes": ("是", "yes"),
        "form.w.no": ("否", "no"),
        "form.kind": ("{kind} {points} 分", "{kind}, {points:point|points}"),
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
            "点位 {site} 的这张检查表填了不止一份（另见 {other}），均未写入",
            "site {site} has this checklist filled in more than once (also in {other}); none is written",
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
            "已生成 {path}：{n} 张工作表（{id} {version}）",
            "Wrote {path}: {n:sheet|sheets} ({id} {version})",
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
            "{source} -> {path} ({answered} of {total:item|items} answered)",
        ),
        "form.skipped": ("{source}：没有任何答案，跳过", "{source}: nothing answered, skipped"),
        "form.summary": ("导入 {files}：{parts}", "{files} read: {parts}"),
        "form.s_sep": ("；", "; "),
        "form.s_files": ("{n} 个文件", "{n:file|files}"),
        "form.s_written": ("写出 {n} 份答卷", "{n:answers file|answers files} written"),
        "form.s_refused": ("{n} 张工作表有错误，未写入", "{n:sheet|sheets} with errors, not written"),
        "form.s_unread": ("{n} 个文件无法导入", "{n:file|files} that could not be imported"),
    }
)


WORD_KEYS = {"pass": "form.w.pass", "fail": "form.w.fail", "na": "form.w.na"}


# Column layout of a form sheet: A id, B section, C text, D kind, E answer, F note, G evidence.
COLUMNS = ("id", "section", "text", "kind", "answer", "note", "evidence")


WIDTHS = (12, 14, 56, 18, 12, 30, 20)


COL = {name: n + 1 for n, name in enumerate(COLUMNS)}


HEADER_LABELS = ("checklist", "version", "site", "name", "round", "date", "assessor")


FILL_INPUT = "FFF2CC"  # light yellow: type here


FILL_FIXED = "F2F2F2"  # grey: given, locked


FILL_HEAD = "DDEBF7"


def sites_needing(checklist: Checklist, roster: Iterable[Site]) -> list[Site]:
    """Roster sites whose types meet the checklist's ``site_types`` (as batch coverage reckons)."""
    wanted = set(checklist.site_types)
    return [site for site in roster if wanted & (set(site.types) or ({site.type} if site.type else set()))]


def site_for(checklist: Checklist, site: Site) -> Site:
    """A roster site as its answers file names it: ``type`` is the one this checklist is for."""
    chosen = [kind for kind in site.types if kind in checklist.site_types]
    kind = chosen[0] if chosen else (site.type or (checklist.site_types[0] if checklist.site_types else ""))
    return replace(site, type=kind)


def when_keys(checklist: Checklist) -> list[str]:
    """The site attributes the checklist's ``when`` conditions use, in order of first use."""
    keys: list[str] = []
    for item in checklist.iter_items():
        keys.extend(key for key in item.when if key not in keys)
    return keys


def answer_choices(item: Item, lang: str) -> list[str]:
    """The words offered in an answer cell's drop-down (check and grade items)."""
    from civcheck.kinds import kind_of

    return kind_of(item).form_words(item, lang) + ([t("form.w.na", lang)] if item.na else [])


def walk(sections: Sequence[Section], path: tuple[str, ...], lang: str) -> Iterator[tuple[str, Item]]:
    for section in sections:
        here = (*path, section.title.get(lang) or section.id)
        for item in section.items:
            yield " / ".join(here), item
        yield from walk(section.sections, here, lang)


def label_key(value: Any) -> str:
    """A label or heading, normalized: full-width to ASCII, lower-case, no trailing colon or parenthesis."""
    text = unicodedata.normalize("NFKC", cell_text(value)).lower()
    text = re.split(r"[(（]", text, maxsplit=1)[0]
    return text.strip().rstrip(":：").strip()


def _both(key: str) -> set[str]:
    from civcheck.i18n import MESSAGES

    return {label_key(text) for text in MESSAGES[key]}


def labels() -> dict[str, str]:
    """The form's labels (检查表编号, Checklist ID…) in both languages, as the reader finds them."""
    return {text: name for name in HEADER_LABELS for text in _both("form.l." + name)}


def headings() -> dict[str, str]:
    """The item table's headings in both languages."""
    return {text: name for name in COLUMNS for text in _both("form.h." + name)}
