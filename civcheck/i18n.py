"""The zh/en message catalogue.

Chinese is the reference language; every message has both.  The language
comes from ``--lang``, else ``CIVCHECK_LANG``, else the locale
(``civcheck/language.py``).

English says ``1 file`` and ``2 files``: a count in a message is written
``{n:file|files}`` and :func:`t` puts the number before the word that fits
it (``{n:day|days} overdue``; Chinese, without plurals, writes ``{n} 天``).
A list of words is joined by :func:`join` — 、 in Chinese, a comma in
English — never by a Chinese mark inside English text; a list or tuple
passed to :func:`t` is joined so.

Why this module is long (~500 lines): it is a table, not logic — the
messages every layer shares (reading files, scoring words, batch and usage
errors), kept together so a translator reviews both languages side by
side.  Messages that belong to one feature are added by that feature's
module with :func:`extend` (the item kinds, the self-check, the forms,
lint rules, diff), which keeps this table from growing with every command.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    # reading files
    "io.directory": ("这是一个目录，不是文件", "is a directory, not a file"),
    "io.not_found": ("文件不存在", "no such file"),
    "io.unreadable": ("无法读取文件：{reason}", "cannot read the file: {reason}"),
    "io.too_large": ("文件过大（上限 {limit} MB）", "file too large (limit {limit} MB)"),
    "io.binary": ("这是二进制文件，不是 YAML/JSON 文本", "binary file, not YAML/JSON text"),
    "io.encoding": (
        "无法按 {encodings} 编码解码；请另存为 UTF-8",
        "cannot be decoded as {encodings}; save it as UTF-8",
    ),
    "io.empty": ("文件为空", "the file is empty"),
    "io.zip_bomb": (
        "解压后超过 {limit} MB（或文件过多），拒绝读取",
        "expands to more than {limit} MB (or too many files); refused",
    ),
    "io.too_many_rows": ("行数超过 {limit}，拒绝读取", "more than {limit:row|rows}; refused"),
    "io.too_many_columns": ("列数超过 {limit}，拒绝读取", "more than {limit:column|columns}; refused"),
    "io.not_regular": ("不是普通文件（管道、设备等不读取）", "not a regular file (pipes and devices are not read)"),
    "io.unreadable_dir": (
        "无法读取此目录：{reason}，其中的文件未处理",
        "cannot read this folder: {reason}; its files were not processed",
    ),
    "io.csv": ("无法按 CSV 读取：{reason}", "cannot be read as CSV: {reason}"),
    "io.long_cell": (
        "单元格超过 {limit} 个字符（电子表格单元格的上限）",
        "a cell longer than {limit:character|characters} (what a spreadsheet cell holds)",
    ),
    # YAML / JSON syntax
    "yaml.syntax": ("YAML 语法错误：{detail}", "YAML syntax error: {detail}"),
    "json.syntax": ("JSON 语法错误：{detail}", "JSON syntax error: {detail}"),
    "yaml.bad_char": ("不允许的控制字符 {code}", "control character {code} is not allowed"),
    "yaml.duplicate_key": (
        '重复的键 "{key}"（同一层级只能出现一次）',
        'duplicate key "{key}" (a key may appear only once per mapping)',
    ),
    "yaml.tag": ("不允许的 YAML 标签 {tag}（只接受普通数据）", "YAML tag {tag} is not allowed (plain data only)"),
    "yaml.alias_bomb": (
        '别名展开过多，拒绝读取（疑似"十亿笑声"攻击）',
        'too many alias expansions; refused (a "billion laughs" file?)',
    ),
    "yaml.too_many_nodes": ("超过 {limit} 个数据项，拒绝读取", "more than {limit:value|values}; refused"),
    "yaml.too_deep": ("嵌套超过 {limit} 层，拒绝读取", "nested deeper than {limit:level|levels}; refused"),
    "yaml.tag_value": ("{value} 不是 {tag} 类型的值", "{value} is not a value of type {tag}"),
    "yaml.not_finite": ("数值 {value} 不是有限数", "{value} is not a finite number"),
    "yaml.bad_date": ("{value} 不是有效日期", "{value} is not a valid date"),
    "yaml.too_big": ("数值 {value} 超出可用范围", "the number {value} is out of range"),
    "text.bad_char": (
        "文字中含有不接受的字符 {code}（控制字符或孤立的代理字符）",
        "the text holds {code}, a character civcheck does not accept (a control character or a lone surrogate)",
    ),
    "text.bad_escape": (
        "转义 {code} 表示不接受的字符（控制字符或孤立的代理字符）",
        "the escape {code} stands for a character civcheck does not accept (a control character or a lone surrogate)",
    ),
    "yaml.key_type": ("键必须是文本", "keys must be plain text"),
    "yaml.merge": ("合并键 << 只能引用映射", "the merge key << must refer to a mapping"),
    # schema
    "schema.type": ("{what}：应为{expected}，实际为 {got}", "{what}: expected {expected}, got {got}"),
    "schema.missing": ('{what} 缺少必填键 "{key}"', '{what} lacks the required key "{key}"'),
    "schema.unknown_key": ('未知的键 "{key}"（可用：{allowed}）', 'unknown key "{key}" (known: {allowed})'),
    "schema.whole": ("{what} 应为不小于 0 的整数，实际为 {got}", "{what} must be a whole number >= 0, got {got}"),
    "schema.choice": ("{what} 的值 {got} 无效（可选：{choices}）", "{what}: {got} is not one of {choices}"),
    "schema.date": ("{what} 应为日期 YYYY-MM-DD，实际为 {got}", "{what} must be a date YYYY-MM-DD, got {got}"),
    "schema.empty": ("{what} 不能为空", "{what} must not be empty"),
    "schema.lang": ('未知的语言代码 "{lang}"', 'unknown language code "{lang}"'),
    "schema.format": ("format 应为 {expected}，实际为 {got}", "format must be {expected}, got {got}"),
    "schema.checklist_id": (
        '检查表 id "{value}" 只能包含小写字母、数字和连字符',
        'checklist id "{value}" may hold only a-z, 0-9 and -',
    ),
    "schema.item_id": (
        '条目 id "{value}" 格式无效（字母或数字开头，可含 . _ -）',
        'item id "{value}" is malformed (a letter or digit, then letters, digits, . _ -)',
    ),
    "schema.range": (
        "{what} 应在 {low} 到 {high} 之间，实际为 {got}",
        "{what} must lie between {low} and {high}, got {got}",
    ),
    "schema.positive": ("{what} 必须大于 0", "{what} must be greater than 0"),
    "schema.grades_order": ("等级须按 min 从高到低排列", "grades must run from the highest min down"),
    "schema.grades_zero": (
        "最后一个等级的 min 必须为 0（不合格档）",
        "the last grade must have min 0 (the failing band)",
    ),
    "schema.nonempty_list": ("{what} 应为非空列表，实际为 {got}", "{what} must be a non-empty list, got {got}"),
    "schema.duplicate_id": ('重复的 id "{id}"', 'duplicate id "{id}"'),
    "schema.weight_missing": ('加权模型下，分组 "{id}" 缺少 weight', 'section "{id}" lacks a weight (weighted model)'),
    "schema.section_content": (
        '分组 "{id}" 必须且只能包含 items 或 sections 之一',
        'section "{id}" must hold either items or sections (not both, not neither)',
    ),
    "schema.per_missing": (
        '扣分项 "{id}" 缺少 per（每处扣分）',
        'deduct item "{id}" lacks per (points lost per problem)',
    ),
    "schema.per_kind": ('"{id}" 不是扣分项，不能设置 per', '"{id}" is not a deduct item; per does not apply'),
    "schema.levels_missing": ('评级项 "{id}" 没有可用的等级（levels）', 'grade item "{id}" has no levels defined'),
    "schema.levels_kind": ('"{id}" 不是评级项，不能设置 levels', '"{id}" is not a grade item; levels do not apply'),
    "schema.unknown_level": (
        '未定义的等级 "{level}"（已定义：{known}）',
        'level "{level}" is not defined (defined: {known})',
    ),
    "schema.when_empty": ("when 不能为空", "when must not be empty"),
    "schema.undeclared_attribute": (
        '点位属性 "{key}" 未在 attributes 中声明（已声明：{known}）',
        'site attribute "{key}" is not declared under attributes (declared: {known})',
    ),
    "schema.attribute_value": (
        "属性 {key} 的类型为 {type}，{got} 不符合",
        "attribute {key} is of type {type}; {got} does not fit",
    ),
    # answers
    "answers.unknown_item": ('检查表 {checklist} 中没有条目 "{item}"', 'checklist {checklist} has no item "{item}"'),
    "answers.both": ("{first} 与 {second} 只能给出一个", "give only one of {first} and {second}"),
    "answers.no_value": (
        "条目 {item} 的答案缺少 status、level 或 found",
        "the answer to {item} lacks status, level or found",
    ),
    "answers.na_refused": ('条目 {item} 不允许"不适用"（na: false）', "item {item} may not be answered na (na: false)"),
    "answers.check_value": (
        "条目 {item} 是检查项，答案应为 pass、fail 或 na，实际为 {got}",
        "item {item} is a check item: answer pass, fail or na, not {got}",
    ),
    "answers.unknown_level": (
        '条目 {item} 没有等级 "{level}"（可选：{known}）',
        'item {item} has no level "{level}" (levels: {known})',
    ),
    "answers.grade_value": (
        "条目 {item} 是评级项，答案应为等级（{known}）或 na，实际为 {got}",
        "item {item} is a grade item: answer a level ({known}) or na, not {got}",
    ),
    "answers.found": (
        "条目 {item} 是扣分项，答案应为发现问题的处数（不小于 0 的整数）或 na，实际为 {got}",
        "item {item} is a deduct item: answer the number of problems found (a whole number >= 0) or na, not {got}",
    ),
    "answers.unknown_checklist": ('找不到检查表 "{id}"（已找到：{known}）', 'no checklist "{id}" (found: {known})'),
    "answers.which_version": (
        '检查表 "{id}" 有多个版本（{versions}），请给出 checklist_version',
        'checklist "{id}" exists in several versions ({versions}); give checklist_version',
    ),
    "answers.version": (
        '找不到检查表 "{id}" 的版本 "{version}"（已有版本：{versions}）',
        'checklist "{id}" has no version "{version}" (versions found: {versions})',
    ),
    "catalog.no_dir": ("检查表目录不存在", "checklist directory does not exist"),
    "catalog.duplicate": (
        "检查表 {id} 版本 {version} 与 {other} 重复",
        "checklist {id} version {version} is also in {other}",
    ),
    # usage
    "usage.bad_argument": (
        "{option} 的值 {value} 含有控制字符或无法按控制台编码（{encoding}）解读的字节；请检查终端的编码设置后重新输入",
        "the value {value} of {option} holds control characters or bytes that are not valid {encoding}; "
        "check the terminal's encoding and type it again",
    ),
    "usage.no_files": ("没有找到答卷文件", "no answers files found"),
    "usage.no_checklist": ('找不到检查表 "{id}"（已找到：{known}）', 'no checklist "{id}" (found: {known})'),
    "usage.format": (
        "格式 {format} 不适用于此命令（可用：{choices}）",
        "format {format} is not available here (choices: {choices})",
    ),
    "usage.lang": ("未知语言 {lang}（可用：zh, en）", "unknown language {lang} (choices: zh, en)"),
    "usage.needs_output": ("{format} 格式需要用 --output 指定输出文件", "the {format} format needs --output FILE"),
    "usage.fail_under": ("--fail-under 应在 0 到 100 之间", "--fail-under must lie between 0 and 100"),
    "usage.choice": ("{option} 的值 {value} 无效（可用：{choices}）", "{option}: {value} is not one of {choices}"),
    "usage.jobs": ("--jobs 至少为 1", "--jobs must be at least 1"),
    "usage.days": ("{option} 应为 0 到 3650 之间的天数", "{option} must be a number of days from 0 to 3650"),
    "usage.write": ("无法写入 {path}：{reason}", "cannot write {path}: {reason}"),
    "usage.output_is_input": (
        "不写入 {path}：它是本次读取的输入文件，写入会覆盖它；请另选输出文件",
        "not writing {path}: it is one of the files read as input and would be overwritten; choose another output",
    ),
    "usage.output_in_input": (
        "不写入 {path}：它位于正在读取的目录 {reason} 中，下次运行会被当作输入读取；请另选位置",
        "not writing {path}: it lies in {reason}, a folder read as input, and would be read as input next time; "
        "choose another place",
    ),
    "io.system": (
        "系统拒绝写入：{reason}（磁盘已满或超出文件大小限制？）；输出文件未写入",
        "the system refused a write: {reason} (disk full, or a file size limit?); the output was not written",
    ),
    "internal": (
        "civcheck 内部错误：{error}（设置 CIVCHECK_DEBUG=1 查看详情）",
        "civcheck internal error: {error} (set CIVCHECK_DEBUG=1 for details)",
    ),
    "interrupted": ("已中断", "interrupted"),
    # report vocabulary
    "w.site": ("点位", "Site"),
    "w.checklist": ("检查表", "Checklist"),
    "w.version": ("版本", "Version"),
    "w.round": ("轮次", "Round"),
    "w.date": ("检查日期", "Date"),
    "w.assessor": ("检查人", "Assessor"),
    "w.score": ("得分", "Score"),
    "w.grade": ("等级", "Grade"),
    "w.passed": ("是否达标", "Passed"),
    "w.vetoed": ("一票否决", "Vetoed"),
    "w.yes": ("是", "yes"),
    "w.no": ("否", "no"),
    "w.file": ("文件", "File"),
    "w.gaps": ("问题数", "Gaps"),
    "w.missing_n": ("未检数", "Unchecked"),
    "w.earned": ("得分点", "Earned"),
    "w.possible": ("应得分", "Possible"),
    "w.section": ("分组", "Section"),
    "w.class": ("分类", "Class"),
    "w.item": ("条目", "Item"),
    "w.text": ("检查内容", "Standard"),
    "w.category": ("类别", "Category"),
    "w.lost": ("扣分", "Lost"),
    "w.impact": ("影响", "Impact"),
    "w.owner": ("责任单位", "Owner"),
    "w.person": ("责任人", "Person"),
    "w.remedy": ("整改措施", "Remedy"),
    "w.due": ("整改时限", "Due"),
    "w.note": ("问题描述", "Note"),
    "w.id": ("编号", "ID"),
    "w.title": ("名称", "Title"),
    "w.items": ("条目数", "Items"),
    "w.path": ("路径", "Path"),
    "w.kind": ("类型", "Kind"),
    "w.points": ("分值", "Points"),
    "w.complete": ("已完成", "Complete"),
    "w.excluded": ("不适用", "N/A"),
    "class.strong": ("强项", "strong"),
    "class.fair": ("一般", "fair"),
    "class.weak": ("弱项", "weak"),
    "class.missing": ("未检", "unchecked"),
    "cat.missing": ("未检", "unchecked"),
    "cat.failed": ("漏项", "not done"),
    "cat.partial": ("弱项", "partly done"),
    "kind.check": ("检查", "check"),
    "kind.grade": ("评级", "grade"),
    "kind.deduct": ("扣分", "deduct"),
    "method.inspect": ("实地查看", "inspect on site"),
    "method.documents": ("查阅资料", "check documents"),
    "method.survey": ("问卷调查", "survey"),
    "method.interview": ("访谈", "interview"),
    "evidence.photo": ("照片", "photo"),
    "evidence.document": ("文件资料", "document"),
    "evidence.none": ("无需", "none"),
    "r.title": ("自查自测报告", "Self-assessment report"),
    "r.sections": ("分组得分", "Sections"),
    "r.gaps": ("问题清单（按影响排序）", "Gaps, ranked by impact"),
    "r.no_gaps": ("没有发现问题。", "No gaps found."),
    "r.missing": ("未检（未作答）：{items}", "Unchecked (unanswered): {items}"),
    "r.vetoed_by": ("一票否决：{items}", "Vetoed by: {items}"),
    "r.no_score": ("没有适用的条目，无法计分。", "No item applies to this site, so there is no score."),
    "r.incomplete": ("尚有 {n} 项未作答，得分按 0 计。", "{n:item is|items are} unanswered and count as 0."),
    "r.critical": ("否决项", "veto"),
    "r.summary": (
        "共 {files} 份答卷：{passed} 达标，{failed} 未达标，{vetoed} 一票否决，{errors} 个文件有错误",
        "{files:answers file|answers files}: {passed} passed, {failed} failed, {vetoed} vetoed, "
        "{errors:file|files} with errors",
    ),
    "s.when": ("适用条件", "applies when"),
    "s.na_refused": ("不可答不适用", "na refused"),
    "s.per": ("每处扣 {per} 分", "{per} per problem"),
    "s.levels": ("等级", "levels"),
    "s.weight": ("权重", "weight"),
    "s.model": ("计分模型", "scoring model"),
    "s.pass_mark": ("达标线", "pass mark"),
    "s.items_total": ("共 {n} 项，合计 {points} 分", "{n:item|items}, {points:point|points}"),
    "ledger.bad_id": ('编号 "{id}" 应为 点位/检查表/条目', 'ID "{id}" should read site/checklist/item'),
    "ledger.bad_status": ('未知的整改状态 "{status}"（可用：{known}）', 'unknown status "{status}" (use {known})'),
    "ledger.no_id_columns": (
        "台账缺少 编号 列，也缺少 点位编号（或 点位）、检查表、检查项目 三列：无法把各行对应到上一轮的任务",
        "the ledger has no 编号 (ID) column, nor the 点位编号 (Site ID) or 点位 (Site), 检查表 (Checklist) and "
        "检查项目 (Item) columns: its rows cannot be matched to tasks",
    ),
    "ledger.no_key": (
        "这一行缺少点位、检查表或检查项目，无法对应到任务",
        "this row lacks its site, checklist or item and cannot be matched to a task",
    ),
    "ledger.unknown_site_name": (
        '没有名为 "{name}" 的点位（已删去编号列时按点位名称对应）',
        'no site is named "{name}" (rows without an ID are matched by site name)',
    ),
    "ledger.bad_closed_by": (
        '未知的销号依据 "{value}"（可用：复查销号 / 手工销号）',
        'unknown "closed by" value "{value}" (use 复查销号 / 手工销号)',
    ),
    "ledger.h_closed": ("{date} 复查未见此问题，销号", "{date} re-inspected: gone, closed"),
    "ledger.h_reopened_hand": (
        "{closed} 手工销号；{found} 复查仍存在，重新打开（未改先销）",
        "{closed} closed by hand; {found} still found, reopened",
    ),
    "ledger.h_relapse": (
        "{closed} 复查销号；{found} 再次发现，重新打开",
        "{closed} closed after re-inspection; {found} found again, reopened",
    ),
    "ledger.h_not_rectified": (
        "{found} 复查仍存在（单位报已整改），退回整改中",
        "{found} still found although reported rectified: back to rectifying",
    ),
    "ledger.h_note": ("{date} 复查：{note}", "{date} re-inspection: {note}"),
    "ledger.reopened_hand": (
        "警告：{id} 已于 {closed} 手工销号，{found} 复查仍存在，已重新打开（未改先销）",
        "warning: {id} was closed by hand on {closed} but is still found on {found}; reopened",
    ),
    "ledger.reopened_relapse": (
        "提示：{id} 复查销号（{closed}）后于 {found} 再次发现，已重新打开",
        "note: {id}, closed after re-inspection on {closed}, is found again on {found}; reopened",
    ),
    "ledger.reopened_rectified": (
        "警告：{id} 单位报已整改，{found} 复查仍存在，退回整改中",
        "warning: {id} was reported rectified but is still found on {found}; back to rectifying",
    ),
    "ledger.possible_duplicate": (
        "疑似重复：{ids} 在同一网格（或点位）记录的问题描述相同，请核实是否同一问题重复扣分",
        "possible duplicate: {ids} record the same note in one grid (or site); check it is not one problem counted twice",
    ),
    "ledger.more_alike": (
        "另有 {n} 组疑似重复未在此列出，均已在台账“疑似重复”列标出",
        "{n:more group of possible duplicates is|more groups of possible duplicates are} not listed here; "
        "each is marked in the ledger's Possible duplicate column",
    ),
    "ledger.closed_today": (
        "提示：{id} 手工销号未填销号日期，记为本次运行日期 {date}",
        "note: {id} was closed by hand without a date; recorded as {date}, the day of this run",
    ),
    "ledger.duplicate_id": (
        '编号 "{id}" 重复（第 {row} 行已有）：一项任务只能占一行',
        'ID "{id}" appears twice (also on row {row}): one task, one row',
    ),
    "schema.duplicate_column": (
        "列 {column} 与列 {other} 表示同一项，只能保留一列",
        "the columns {column} and {other} mean the same; keep one",
    ),
    "ledger.bad_date": ('"{value}" 不是日期（写作 2026-07-25）', '"{value}" is not a date (write 2026-07-25)'),
    "ledger.bad_number": ('"{value}" 不是数字', '"{value}" is not a number'),
    "l.title": ("整改台账", "Rectification ledger"),
    "l.no": ("序号", "No."),
    "l.status": ("整改状态", "Status"),
    "l.count": ("数量", "Count"),
    "l.by_status": ("按整改状态统计", "By status"),
    "l.by_owner": ("按责任单位统计", "By responsible unit"),
    "l.open": ("未销号", "Open"),
    "l.overdue": ("逾期", "Overdue"),
    "l.closed": ("已销号", "Closed"),
    "l.late": ("(逾期)", "(overdue)"),
    "l.missing": ("未检（未作答，不列入整改）", "Unchecked items (unanswered; not rectification tasks)"),
    "l.pick_status": ("请从列表中选择整改状态", "Pick a status from the list"),
    "l.overdue_days": ("逾期 {days} 天", "{days:day|days} overdue"),
    "l.due_in": ("{days} 天内到期", "due in {days:day|days}"),
    "l.handout_head": (
        "{by}：{key}　轮次：{round}　截至 {date}：未销号 {n} 项，其中逾期 {overdue} 项{soon}",
        "{by}: {key}   Round: {round}   As of {date}: {n:open task|open tasks}, {overdue} overdue{soon}",
    ),
    "l.handout_soon": ("，{days} 天内到期 {n} 项", ", {n} due within {days:day|days}"),
    "l.key_owner": ("责任单位", "Responsible unit"),
    "l.key_person": ("责任人", "Person"),
    "l.key_grid": ("网格", "Grid"),
    "l.handouts": ("交办单", "Task lists"),
    "l.handout": ("整改交办单", "Task list"),
    "l.sign": (
        "交办人：__________　　接收人：__________　　日期：__________",
        "Handed over by: ________   Received by: ________   Date: ________",
    ),
    "l.nothing_open": ("没有未销号的任务。", "No open tasks."),
    "l.reopened": ("未改先销（重新打开）", "Closed by hand, still found (reopened)"),
    "l.reminder": ("提醒", "Reminder"),
    "l.summary": (
        "台账 {n} 项（截至 {date}）：{parts}；{late}",
        "ledger of {n:task|tasks} as of {date}: {parts}; {late}",
    ),
    "l.s_open": ("未整改 {n}", "{n} open"),
    "l.s_assigned": ("已交办 {n}", "{n} assigned"),
    "l.s_rectifying": ("整改中 {n}", "{n} rectifying"),
    "l.s_rectified": ("待复查 {n}", "{n} awaiting re-inspection"),
    "l.s_closed": ("已销号 {n}", "{n} closed"),
    "l.s_overdue": ("逾期 {n}", "{n} overdue"),
    "l.s_reopened": ("未改先销 {n}", "{n} closed by hand, still found"),
    "c.change": ("变化", "Change"),
    "c.one_round": ("仅在一轮出现的点位", "Sites in only one round"),
    "c.one_round_short": ("仅一轮", "one round only"),
    "c.rounds": ("备注", "Note"),
    "l.bad_date": ("日期应写作 YYYY-MM-DD：{value}", "a date is written YYYY-MM-DD: {value}"),
    "c.title": ("两轮对比", "Rounds compared"),
    "c.old": ("上轮得分", "Old score"),
    "c.new": ("本轮得分", "New score"),
    "c.closed": ("已销号", "Closed"),
    "c.persisting": ("仍存在", "Persisting"),
    "c.added": ("新发现", "New"),
    "b.title": ("创建工作通报", "Bulletin"),
    "b.rank": ("排名", "Rank"),
    "b.township": ("乡镇", "Township"),
    "b.grid": ("网格", "Grid"),
    "b.worst": ("主要问题", "Worst gap"),
    "b.key": ("分组", "Group"),
    "b.sites": ("点位数", "Sites"),
    "b.mean": ("平均分", "Mean"),
    "b.min": ("最低分", "Lowest"),
    "b.pass_rate": ("达标率", "Pass rate"),
    "b.vetoes": ("否决数", "Vetoes"),
    "b.by_township": ("乡镇", "township"),
    "b.by_grid": ("网格", "grid"),
    "b.by_checklist": ("检查表", "checklist"),
    "b.rollup": ("按{by}汇总", "By {by}"),
    "b.ranking": ("得分排名", "Ranking"),
    "b.missing": ("应自查未自查（按花名册）", "Assessments missing (per the roster)"),
    "b.gaps_all": ("问题清单", "Gaps"),
    "b.chart_sites": ("各点位得分", "Score by site"),
    "b.chart_sections": ("各分组平均得分", "Mean score by section"),
    "b.summary": (
        "共 {n} 个自查结果：达标 {passed} 个，未达标 {failed} 个，一票否决 {vetoed} 个",
        "{n:result|results}: {passed} passed, {failed} failed, {vetoed} vetoed",
    ),
    "b.summary_incomplete": ("，未完成 {n} 个（另计）", "; {n} unfinished (counted apart)"),
    "b.summary_rounds": ("（{n} 个轮次分别排名）", " ({n:round|rounds}, each ranked apart)"),
    "b.round": ("轮次", "Round"),
    "pub.round": ("轮次：{round}", "Round: {round}"),  # a notice's head and the self-check's first screen
    "table.dropped": (
        "（终端宽 {width} 列，未显示：{columns}；加宽终端或用 --format md 查看全部列）",
        "(terminal {width:column|columns} wide; not shown: {columns}. Widen the terminal or use --format md for every column)",
    ),
    "b.vetoed_by": ("一票否决（{items}）", "vetoed ({items})"),
    "r.errors": ("；{n} 个文件有错误", "; {n:file|files} with errors"),
    "r.errors_only": ("{n} 个文件有错误（见上），未计入排名", "{n:file|files} with errors (above), not ranked"),
    "batch.duplicate": (
        "点位 {site} 的 {checklist} 在轮次 {round} 已有答卷 {other}：同一点位、检查表和轮次只能有一份，两份都不计入排名",
        "site {site} already has answers for {checklist} in round {round} in {other}: one file per site, "
        "checklist and round; neither is ranked",
    ),
    "batch.rounds": (
        "答卷含 {n} 个轮次（{rounds}），只排名最近的 {latest}；用 --round 指定轮次，或 --round all 分轮次排名",
        "the answers hold {n:round|rounds} ({rounds}); ranking only the latest, {latest}. Choose one with --round, "
        "or rank each apart with --round all",
    ),
    "batch.no_round": (
        "没有轮次为 {round} 的答卷（已有轮次：{rounds}）",
        "no answers of round {round} (rounds found: {rounds})",
    ),
    "batch.no_round_given": (
        "答卷没有写明轮次（round），不能计入 {round} 轮的排名；请补上 round",
        "the file names no round, so it cannot be ranked in round {round}; add a round",
    ),
    "batch.unnamed_round": ("（未标明轮次）", "(no round)"),
    "batch.nothing_gated": (
        "没有可计分的结果，--fail-under 不能判为通过",
        "nothing was scored, so --fail-under cannot pass",
    ),
    "batch.under": (
        "低于 {mark} 分或被否决：{site} {checklist} {score}",
        "under {mark} or vetoed: {site} {checklist} {score}",
    ),
    "b.progress": ("完成度", "Progress"),
    "b.incomplete_n": ("未完成 {done}/{total}", "unfinished {done}/{total}"),
    "b.veto_provisional": ("是（暂定）", "yes (provisional)"),
    "b.no_results": ("没有可排名的结果。", "No results to rank."),
    "b.legend_pass": ("达标", "passed"),
    "b.legend_fail": ("未达标", "not passed"),
    "b.category": ("类别", "Category"),
    "cl.problems": ("以下检查表文件有错误：", "These checklist files have errors:"),
}


def extend(messages: dict[str, tuple[str, str]]) -> None:
    """Add a feature's own messages (each feature module keeps its catalogue)."""
    for key, value in messages.items():
        if key in MESSAGES and MESSAGES[key] != value:
            raise ValueError(f"message {key!r} defined twice")
        MESSAGES[key] = value


class _Counted(string.Formatter):
    """``{n:file|files}`` → ``1 file``, ``2 files``, ``0.5 files``: the number, then the word that agrees with it."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if "|" not in format_spec:
            return str(super().format_field(value, format_spec))
        one, many = format_spec.split("|", 1)
        return f"{value} {one if str(value).strip() == '1' else many}"


_COUNTED = _Counted()


def t(msg: str, lang: str, /, **args: Any) -> str:
    """The message *msg* in *lang*, with ``{name}`` fields filled from *args*.

    ``{n:item|items}`` is counted; a list or tuple is joined in *lang*
    (:func:`join`), so a message built before its language is known (a
    problem, a notice) still reads right in either.
    """
    zh, en = MESSAGES.get(msg, (msg, msg))
    template = en if lang == "en" else zh
    if any(isinstance(v, (list, tuple)) for v in args.values()):
        args = {k: join(map(str, v), lang) if isinstance(v, (list, tuple)) else v for k, v in args.items()}
    try:
        return _COUNTED.format(template, **args) if "|" in template else template.format(**args)
    except (KeyError, IndexError, ValueError):
        return template


def join(words: Iterable[str], lang: str) -> str:
    """A list in running text: ``乡镇、网格`` in Chinese, ``Township, Grid`` in English."""
    return ("、" if lang == "zh" else ", ").join(words)
