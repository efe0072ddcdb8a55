"""The interactive self-check: every item, one at a time (逐条逐项地毯式自查自测).

The session talks through two injected functions — ``ask(prompt) -> line``
and ``say(text)`` — and hands every change to ``save(answers)`` at once, so it
runs the same under a terminal, a pipe (scripted self-tests) and tests.  What
an input line means is decided by the pure :func:`parse_line`.

Nothing is ever skipped silently: an empty or unknown line re-asks with a
short hint, only items excluded by ``when`` for this site are not asked, and
an attribute the site has not stated is asked before them.

Why this module is long (~830 lines): a quarter of it is the self-check's
zh/en messages, kept beside the prompts that say them; the rest is one
state machine — an item's answer, its note, its photos, last round's answer
and the jumps between items meet at every prompt, and split across modules
they would pass the session's state back and forth.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from civcheck.formats.checklist import attribute_fits
from civcheck.formats.sites import attribute_value
from civcheck.i18n import extend, t
from civcheck.kinds import answer_like, kind_of, level_names, level_words, parse_line
from civcheck.model import Answer, Assessment, Checklist, Item, Scalar, Section, Site
from civcheck.render.layout import display_width, wrap
from civcheck.scoring import score
from civcheck.text import one_line
from civcheck.words import Parsed, command_of, matching_ids, normalize, photo_list, show_value, split_parts

__all__ = ["Parsed", "Session", "normalize", "parse_line", "wrap"]  # parse_line: civcheck.kinds

extend(
    {
        "a.progress": ("[{n}/{total}] {section}", "[{n}/{total}] {section}"),
        "a.running": ("已答 {done}/{total}  已答部分得分 {score}", "answered {done}/{total}  score so far {score}"),
        "a.running_veto": ("已答 {done}/{total}  一票否决（{items}）", "answered {done}/{total}  VETOED ({items})"),
        "a.recorded": ("已记录 {item}：{answer}", "Recorded {item}: {answer}"),
        "a.w_na": ("不适用", "not applicable"),
        "a.w_lost": ("，扣 {lost} 分", ", {lost:point|points} lost"),
        "a.w_earned": ("（得 {earned}/{points} 分）", " ({earned} of {points:point|points})"),
        "a.w_veto": ("（一票否决项）", " (veto item)"),
        "a.confirm_veto": (
            "一票否决项，确认不达标？(y 确认 / n 重新作答) ",
            "A veto item: confirm it fails? (y confirm / n answer again) ",
        ),
        "a.confirm_hint": ("请输入 y（确认）或 n（重新作答）。", "Type y (confirm) or n (answer again)."),
        "a.jump_ambiguous": (
            "“{typed}”可指 {items}，请输入完整编号。",
            '"{typed}" could be {items}; type the whole id.',
        ),
        "a.jump_excluded": (
            "{item} 不适用于本点位（适用条件不符），无需作答。",
            "{item} does not apply to this site (its condition is not met).",
        ),
        "a.detail_help": (
            "输入文字后回车；直接回车（或“跳过”）不填。q 保存退出，b 回到本项重新作答，输入条目编号可跳转。",
            "Type the text and press Enter; Enter alone (or s) leaves it empty. q saves and quits, b returns to this item, an item id jumps there.",
        ),
        "a.bad_char": (
            "不接受控制字符 {code}，请重新输入。",
            "Control character {code} is not accepted; type it again.",
        ),
        "a.bad_bytes": (
            "这一行不是 UTF-8 文本（也不是控制台编码），无法保存",
            "this line is not UTF-8 text (nor the console's encoding) and cannot be saved",
        ),
        "a.not_answer": ("{item}：“{line}”不是有效答案。{hint}", '{item}: "{line}" is not an answer. {hint}'),
        "a.changed_elsewhere": (
            "{path} 在本次自查期间被另一处修改，{item} 两边答案不同：已保留对方的“{theirs}”，本次的“{ours}”未保存；请核对后重新运行",
            "{path} was changed elsewhere during this self-check and {item} was answered differently there: "
            'theirs ("{theirs}") was kept, yours ("{ours}") was not saved; check it and run again',
        ),
        "a.w_none_recorded": ("（无答案）", "(no answer)"),
        "a.remaining": ("还有 {n} 项未答。", "{n:item|items} still to answer."),
        "a.stdin_line": ("<stdin>:{line}: {message}", "<stdin>:{line}: {message}"),
        "a.hint": ("提示", "Hint"),
        "a.method": ("检查方法", "Method"),
        "a.evidence": ("证据", "Evidence"),
        "a.sample": ("抽样", "Sample"),
        "a.current": ("当前答案：{answer}（回车保留）", "current answer: {answer} (Enter keeps it)"),
        "a.commands": (
            "? 说明   b 上一项   s 跳过   q 保存退出   输入编号跳转",
            "? guidance   b back   s skip   q save and quit   an id jumps",
        ),
        "a.first": ("已经是第一项。", "This is the first item."),
        "a.note": ("问题描述（回车跳过）：", "Problem found (Enter to skip): "),
        "a.note_keep": ('问题描述（回车保留"{note}"）：', 'Problem found (Enter keeps "{note}"): '),
        "a.na_reason": (
            "不适用理由（如“村内无河道”，回车跳过）：",
            "Why it does not apply (e.g. no waterway; Enter to skip): ",
        ),
        "a.na_reason_keep": ('不适用理由（回车保留"{note}"）：', 'Why it does not apply (Enter keeps "{note}"): '),
        "a.na_no_reason": (
            "未说明理由：通报和报告中将标注“未说明理由”，创建办也无从批准",
            "No reason given: the bulletin and the report will say so, and the office has nothing to approve",
        ),
        "a.photos": (
            "证据照片路径（多个用逗号分隔，回车跳过）：",
            "Evidence photo paths (comma-separated, Enter to skip): ",
        ),
        "a.owner": ("责任单位", "Owner"),
        "a.remedy": ("整改措施", "Remedy"),
        "a.deadline": ("整改时限", "Deadline"),
        "a.days": ("{days} 天", "{days:day|days}"),
        "a.when": ("适用条件", "Applies when"),
        "a.nothing": ("没有适用于本点位的条目。", "No item applies to this site."),
        "a.saved": ("已保存：{path}", "Saved: {path}"),
        "a.resume": ("继续自查请再次运行：{command}", "To resume, run again: {command}"),
        "a.interrupted": (
            "已中断，答案已保存到 {path}；继续请运行：{command}",
            "Interrupted; answers saved to {path}. To resume: {command}",
        ),
        "a.resuming": ("继续上次的自查：已答 {done}/{total} 项。", "Resuming: {done} of {total:item|items} answered."),
        "a.done": ("全部 {total} 项已作答。", "All {total:item|items} answered."),
        "a.empty_site": ("--site 不能为空：请给出点位编号", "--site must not be empty: give the site's id"),
        "a.no_site": ("花名册 {roster} 中没有点位 {site}", "the roster {roster} has no site {site}"),
        "a.bad_attr": ("属性应写作 KEY=VALUE：{spec}", "an attribute is written KEY=VALUE: {spec}"),
        "a.other_file": (
            "{path} 是点位 {site} 的 {checklist} 答卷，不是本次自查的；请用 --out 另选文件",
            "{path} holds answers for site {site} on {checklist}; choose another file with --out",
        ),
        "a.not_recorded": ("{item}：“{line}”未记录：{hint}", '{item}: "{line}" was not recorded: {hint}'),
        "a.parts_need_answer": (
            "“|”之前须是本项的答案：答案 | 问题描述 | 照片",
            'what comes before "|" must be the answer: answer | note | photos',
        ),
        "a.note_on_line": (
            "问题描述和照片写在答案之后，用 | 隔开，如：{answer} | {rest}",
            'a note and photos follow the answer after "|", e.g. {answer} | {rest}',
        ),
        "a.is_answer": ("“{word}”是答案用词，不是{what}", '"{word}" is an answer word, not {what}'),
        "a.what_note": ("问题描述", "a note"),
        "a.what_photo": ("照片路径", "a photo path"),
        "a.what_either": (
            "问题描述或照片路径；请写明发现的问题或照片路径，直接回车不填",
            "a note or a photo path; type the problem or the path, or Enter to leave it empty",
        ),
        "a.photo_refused": (
            "照片 {photo}：{why}（路径相对于答卷所在文件夹）",
            "photo {photo}: {why} (paths are relative to the answers file's folder)",
        ),
        "a.photos_keep": (
            "照片（回车保留；输入路径替换，“+ 路径”添加，“删除 N”删去第 N 张，“清空”全部删去）：",
            'Photos (Enter keeps them; paths replace them, "+ path" adds, "del N" removes the Nth, "clear" removes all): ',
        ),
        "a.photos_head": ("  证据照片：", "  Photos:"),
        "a.photos_now": ("照片已更新，现有 {n} 张。", "Photos updated; {n} now."),
        "a.photo_no_such": ("没有第 {n} 张照片（共 {count} 张）。", "There is no photo {n} (there are {count})."),
        "a.photo_missing_mark": ("（文件不存在）", " (file not found)"),
        "a.note_carried": (
            "问题描述（回车沿用上轮“{note}”）：",
            'Problem found (Enter keeps last round\'s "{note}"): ',
        ),
        "a.na_reason_carried": (
            "不适用理由（回车沿用上轮“{note}”）：",
            'Why it does not apply (Enter keeps last round\'s "{note}"): ',
        ),
        "a.carried": (
            "上轮（{round}）：{answer} — 回车沿用，或输入本轮答案",
            "Last round ({round}): {answer}. Enter keeps it, or type this round's answer",
        ),
        "a.w_carried": ("（沿用 {round} 轮）", " (kept from {round})"),
        "a.with_note": ("（{note}）", " ({note})"),
        "a.line_help": (
            "一行写完：答案 | 问题描述 | 照片1, 照片2。s 跳过本项稍后再答。",
            "On one line: answer | note | photo1, photo2. s leaves the item for later.",
        ),
        "a.skipped": ("已跳过 {item}，稍后再答。", "Skipped {item}; it stays open."),
        "a.skipped_left": (
            "跳过未答 {n} 项：{items}；再次运行即从这些条目继续。",
            "Skipped and still open: {items}; run again to answer them.",
        ),
        "a.attr_intro": (
            "本点位尚未说明以下情况，它们决定哪些条目适用；请先回答（记入答卷）：",
            "This site has not stated the following, which decide the items that apply; answer first (recorded in the answers file):",
        ),
        "a.attr_decides": ("（决定 {items} 是否适用）", " (decides whether these apply: {items})"),
        "a.attr_named": ("{key}（{name}）", "{key} ({name})"),
        "a.attr_help": (
            "请回答此问题（是否题答 是/y 或 否/n），它记入答卷的点位属性 {name}；q 保存退出。",
            "Answer the question (yes/y or no/n for a yes-no question); it is recorded as the site's {name}. q saves and quits.",
        ),
        "a.attr_bad_boolean": ("请回答 是（y）或 否（n）。", "Answer yes (y) or no (n)."),
        "a.attr_bad_number": ("请输入一个整数。", "Type a whole number."),
        "a.attr_bad_text": ("请输入以下之一：{values}", "Type one of: {values}"),
        "a.attr_recorded": ("已记录：{name} = {value}", "Recorded: {name} = {value}"),
        "a.attr_missing": (
            "点位未说明 {attrs}，无法确定 {items} 是否适用：请用 --attr KEY=VALUE 或 --sites 名册给出（在终端运行时会逐项询问）",
            "the site does not state {attrs}, which decides whether these items apply: {items}; give it with "
            "--attr KEY=VALUE or --sites ROSTER (at a terminal it is asked)",
        ),
        "a.intro": ("自查：{site} · {checklist}", "Self-check: {site} · {checklist}"),
        "a.round_default": ("轮次：{round}（未指定 --round，按本月）", "Round: {round} (no --round given: this month)"),
        "a.round_file": ("轮次：{round}（答卷所记）", "Round: {round} (as the answers file records)"),
        "a.round_adopted": (
            "轮次：{round}（答卷原未记录轮次，现记为 {round}）",
            "Round: {round} (the answers file recorded none; {round} is recorded now)",
        ),
        "a.file_line": ("答卷：{path}", "Answers file: {path}"),
        "a.from_line": (
            "以 {round} 轮答卷 {path} 为起点：上轮答案在各项逐一显示，回车沿用或输入本轮答案；照片不沿用。",
            "Starting from {path} ({round}): last round's answer is shown at each item; Enter keeps it, "
            "or type this round's. Photos are not carried.",
        ),
        "a.from_dropped": (
            "检查表已修订，{items} 的上轮答案不再适用，不予沿用。",
            "The checklist changed: last round's answers to {items} no longer fit and are not offered.",
        ),
        "a.other_files": (
            "同一点位和检查表的其他答卷：{files}；要以上轮答案为起点，加 --from 文件",
            "Other answers files for this site and checklist: {files}; to start from last round's answers, add --from FILE",
        ),
        "a.from_is_out": (
            "--from 与答卷是同一个文件：新一轮的答案不写入上轮答卷",
            "--from names the answers file itself: a new round is never written into last round's file",
        ),
        "a.review": (
            "复查模式：回车保留原答案，输入新答案即修改。",
            "Review: Enter keeps an answer, typing a new one changes it.",
        ),
    }
)


def describe(item: Item, answer: Answer, lang: str) -> str:
    """An answer in words, as the clerk would say it (达标, 发现问题 2 处, 良)."""
    if answer.status == "na":
        return t("a.w_na", lang)
    return kind_of(item).describe(item, answer, lang)


def loses_points(item: Item, answer: Answer) -> bool:
    """A fail or a partial answer: the ones worth a note (问题描述)."""
    return answer.status != "na" and kind_of(item).loses_points(item, answer)


def echo(item: Item, answer: Answer, lang: str) -> str:
    """The line printed after an answer is recorded: what was saved, in words, and what it costs."""
    words = describe(item, answer, lang)
    if answer.status is None and answer.level is None and answer.found is not None and item.per is not None:
        lost = min(item.points, answer.found * item.per)
        if lost:
            words += t("a.w_lost", lang, lost=_num(lost))
    elif answer.level is not None:
        level = item.level(answer.level)
        if level is not None:
            words += t("a.w_earned", lang, earned=_num(level.fraction * item.points), points=_num(item.points))
    if item.critical and answer.status != "na" and loses_points(item, answer):
        words += t("a.w_veto", lang)
    return t("a.recorded", lang, item=item.id, answer=words)


class Quit(Exception):
    """The clerk asked to save and stop (``q``) or the input ended."""


class BadLine(Exception):
    """A scripted (piped) run met a line that is not a valid answer: it stops there."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Step:
    item: Item
    section: Section


class _Stay(Exception):
    """A jump that cannot be made (an ambiguous or excluded item): ask the same question again."""


class _Goto(Exception):
    """Leave the current item for another one (``b`` or an item id typed at a note prompt)."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


PhotoCheck = Callable[[str], tuple[str, str]]  # a typed path -> (the path to record, "") or (typed, why not)


class Session:
    """One site, one checklist: asks every applicable item, saving each answer at once.

    *strict* is for scripted runs (standard input not a terminal): every
    line answers one item — its note and photos on the same line, after
    ``|`` — and the first line that is not a valid answer stops the run with
    :class:`BadLine` instead of asking again, so a shifted script never
    records an answer to the wrong question nor an answer word as a note.
    *confirm_vetoes* (a clerk at a terminal) asks once before recording a
    losing answer on a veto item.  *carried* are last round's answers
    (``assess --from``): each is shown at its item and becomes an answer only
    when the clerk confirms it.  *check_photo* says whether a typed photo
    path is found where the report will look for it; *declare* records site
    attributes the clerk states when the checklist needs them (asked first,
    at a terminal, in the checklist's own words).
    """

    def __init__(
        self,
        checklist: Checklist,
        site: Site,
        answers: dict[str, Answer],
        lang: str,
        ask: Callable[[str], str],
        say: Callable[[str], None],
        save: Callable[[dict[str, Answer]], None],
        width: int = 80,
        strict: bool = False,
        confirm_vetoes: bool = False,
        carried: Mapping[str, Answer] | None = None,
        carried_round: str = "",
        check_photo: PhotoCheck | None = None,
        declare: Callable[[dict[str, Scalar]], None] | None = None,
    ) -> None:
        self.checklist = checklist
        self.site = site
        self.answers = answers
        self.lang = lang
        self.ask = ask
        self.say = say
        self.save = save
        self.width = max(40, min(width, 100))
        self.strict = strict
        self.confirm_vetoes = confirm_vetoes
        self.carried = dict(carried or {})
        self.carried_round = carried_round
        self.check_photo = check_photo
        self.declare = declare
        self.skipped: set[str] = set()
        self.levels = level_words(checklist.iter_items())
        self.pairs = _items(checklist)
        self.ids = [item.id for _, item in self.pairs]
        self.plan()

    def plan(self) -> None:
        """The items asked: those whose ``when`` the site's attributes meet."""
        self.steps = [Step(item, sec) for sec, item in self.pairs if item.applies_to(self.site.attributes)]
        self.index_of = {step.item.id: n for n, step in enumerate(self.steps)}

    # -- the loop --------------------------------------------------------------

    def run(self, review: bool = False) -> bool:
        """Ask until every applicable item is answered; ``False`` if the clerk quit, skipped some, or the input ended."""
        try:
            if self.declare is not None and not self.strict:
                self.ask_attributes()
        except (Quit, EOFError):
            return False
        if not self.steps:
            self.say(t("a.nothing", self.lang))
            return True
        done = self.answered()
        if review:
            self.say(t("a.review", self.lang))
        elif done:
            self.say(t("a.resuming", self.lang, done=done, total=len(self.steps)))
        index = 0 if review else self.next_open(0)
        try:
            while index is not None and index < len(self.steps):
                try:
                    index = self.ask_step(index, review)
                except _Goto as goto:
                    index = goto.index
        except (Quit, EOFError):
            return False
        if self.remaining():
            if review and self.next_open(0) is not None:
                return self.run()  # a review that reached the end with items still open: go and answer them
            skipped = [s.item.id for s in self.steps if s.item.id in self.skipped and s.item.id not in self.answers]
            if skipped:
                self.say(t("a.skipped_left", self.lang, n=len(skipped), items=tuple(skipped)))
            return False
        self.say(t("a.done", self.lang, total=len(self.steps)))
        return True

    def answered(self) -> int:
        return sum(1 for step in self.steps if step.item.id in self.answers)

    def remaining(self) -> int:
        """Applicable items not answered yet."""
        return len(self.steps) - self.answered()

    def next_open(self, start: int) -> int | None:
        """The first item from *start* on that is neither answered nor left for later."""
        for n in range(start, len(self.steps)):
            item_id = self.steps[n].item.id
            if item_id not in self.answers and item_id not in self.skipped:
                return n
        return None

    def ask_step(self, index: int, review: bool) -> int | None:
        """Show one item and read lines until it is answered (or left); returns the next index."""
        step = self.steps[index]
        item = step.item
        self.show(index)
        while True:
            current = self.answers.get(item.id)
            proposal = None if current is not None else self.carried.get(item.id)
            line = self.ask("> ")
            head, note, photos = split_parts(line)
            parsed = parse_line(item, head, has_answer=current is not None or proposal is not None)
            if (note is not None or photos is not None) and parsed.kind not in ("answer", "keep"):
                self.refuse(t("a.parts_need_answer", self.lang), item, line)
                continue
            if parsed.kind == "help":
                self.guidance(item)
            elif parsed.kind == "back":
                if index == 0:
                    self.refuse(t("a.first", self.lang))
                    continue
                return index - 1
            elif parsed.kind == "quit":
                raise Quit
            elif parsed.kind == "skip":
                if current is None:
                    self.skipped.add(item.id)
                    self.say("  " + t("a.skipped", self.lang, item=item.id))
                return self.after(index, review)
            elif parsed.kind == "invalid":
                try:
                    self.jump(line)
                except _Stay:
                    continue
                self.refuse(self.hint(item, parsed, head), item, line)
            else:
                if parsed.kind == "keep":
                    if current is not None and note is None and photos is None:
                        self.touch_up(item, current, index, review)
                        return self.after(index, review)
                    answer = current or proposal
                else:
                    answer = parsed.answer
                assert answer is not None
                try:
                    evidence = self.given_photos(photos)
                    self.given_note(note)
                except _Refused as refused:
                    self.refuse(refused.message, item, line, "a.not_recorded")
                    continue
                if not self.confirmed(item, answer):
                    self.show(index)
                    continue
                carried = parsed.kind == "keep" and current is None
                self.record(item, answer, current, index, note, evidence, carried)
                return self.after(index, review)

    def after(self, index: int, review: bool) -> int | None:
        if review:
            return index + 1
        following = self.next_open(index + 1)
        return following if following is not None else self.next_open(0)

    def refuse(self, message: str, item: Item | None = None, line: str = "", key: str = "a.not_answer") -> None:
        """Say why a line was not taken; a scripted run stops at it, naming the item it was meant for."""
        if self.strict:
            if item is not None:
                message = t(key, self.lang, item=item.id, line=one_line(line.strip()), hint=message)
            raise BadLine(message)
        self.say("  " + message)

    def hint(self, item: Item, parsed: Parsed, head: str) -> str:
        first = head.split()[0] if head.split() else ""
        if head.strip() != first and parse_line(item, first).kind == "answer":
            return t("a.note_on_line", self.lang, answer=first, rest=head.strip()[len(first) :].strip())
        if parsed.reason == "a.bad_deduct" and parsed.word:
            return t("a.bad_deduct_word", self.lang, word=parsed.word, per=_num(item.per))
        return t(parsed.reason, self.lang, levels=self.level_names(item), word=parsed.word, per=_num(item.per))

    def jump(self, line: str) -> None:
        """Go to the item *line* names (its id or a unique tail), if it names one."""
        found = matching_ids(line, self.ids)
        if not found:
            return
        if len(found) > 1:
            self.refuse(t("a.jump_ambiguous", self.lang, typed=line.strip(), items=", ".join(found)))
            raise _Stay()
        target = found[0]
        if target not in self.index_of:
            self.refuse(t("a.jump_excluded", self.lang, item=target))
            raise _Stay()
        raise _Goto(self.index_of[target])

    def confirmed(self, item: Item, answer: Answer) -> bool:
        """At a terminal, a losing answer on a veto item is confirmed once before it is recorded."""
        if not (self.confirm_vetoes and item.critical and answer.status != "na" and loses_points(item, answer)):
            return True
        while True:
            reply = normalize(self.ask(t("a.confirm_veto", self.lang)))
            if reply in ("y", "yes", "是", "确认"):
                return True
            if reply in ("n", "no", "否", "取消"):
                return False
            self.say("  " + t("a.confirm_hint", self.lang))

    # -- notes and photos ------------------------------------------------------

    def given_note(self, note: str | None) -> None:
        """A note typed on the answer's line: refused when it is an answer word (a script shifted by one)."""
        if note and answer_like(note, self.levels):
            raise _Refused(self.is_answer(note, "a.what_note"))

    def is_answer(self, word: str, what: str) -> str:
        return t("a.is_answer", self.lang, word=one_line(word), what=t(what, self.lang))

    def given_photos(self, photos: str | None) -> tuple[str, ...] | None:
        """Photos typed on the answer's line, each found where the report will look, or the line is refused."""
        if photos is None:
            return None
        return self.photos_of(photo_list(photos))

    def photos_of(self, paths: tuple[str, ...]) -> tuple[str, ...]:
        recorded = []
        for path in paths:
            if answer_like(path, self.levels):
                raise _Refused(self.is_answer(path, "a.what_photo"))
            if self.check_photo is not None:
                path, why = self.check_photo(path)
                if why:
                    raise _Refused(t("a.photo_refused", self.lang, photo=one_line(path), why=t(why, self.lang)))
            recorded.append(path)
        return tuple(recorded)

    def record(
        self,
        item: Item,
        answer: Answer,
        current: Answer | None,
        index: int,
        note: str | None = None,
        evidence: tuple[str, ...] | None = None,
        carried: bool = False,
    ) -> None:
        """Keep the answer (saved at once), say what was recorded, then ask for a note on a fail or partial,
        and for the reason on a 不适用 (the office approves 不适用 by its reason: civcheck/approvals.py).

        Changing an answer keeps what else the file recorded for it (owner,
        person, due date, fixed on site); a note and photos are kept only
        while the item still loses points.  A note and photos given on the
        answer's line are recorded as given and not asked for; a scripted run
        is never asked.  The note is saved as soon as it is typed, before the
        photos are asked for.  At the note and photo prompts the commands keep
        their meaning: ``q`` saves and quits, ``b`` returns to this item, an
        item id goes there — none is saved as a note.
        """
        if current is not None:
            keep = loses_points(item, answer) and current.status != "na"  # a 不适用 reason is no 问题描述
            still_na = answer.status == "na" and current.status == "na"
            answer = replace(
                current,
                status=answer.status,
                level=answer.level,
                found=answer.found,
                note=current.note if keep or still_na else "",
                evidence=current.evidence if keep else (),
            )
        if note is not None:
            answer = replace(answer, note=note)
        if evidence is not None:
            answer = replace(answer, evidence=evidence)
        self.answers[item.id] = answer
        self.save(self.answers)
        said = echo(item, answer, self.lang)
        self.say(said + (t("a.w_carried", self.lang, round=self.carried_round) if carried else ""))
        if answer.status == "na":
            if note is None and not self.strict:
                self.na_reason(item, answer, index, carried)
            elif not self.answers[item.id].note:
                self.say("  " + t("a.na_no_reason", self.lang))
            return
        if not loses_points(item, answer) or self.strict:
            return
        if note is None:
            answer = self.ask_note(item, answer, index, carried)
        if evidence is None:
            self.ask_photos(item, answer, index)

    def touch_up(self, item: Item, current: Answer, index: int, review: bool) -> None:
        """An answer kept in a review: its photos are listed, and may be removed or replaced (Enter keeps them).

        To change the note too, the clerk types the answer again: the note
        and photo prompts follow, each keeping what is there on Enter.
        """
        if review and not self.strict and current.evidence:
            self.ask_photos(item, current, index)

    def ask_note(self, item: Item, answer: Answer, index: int, carried: bool) -> Answer:
        if answer.note:
            key = "a.note_carried" if carried else "a.note_keep"
            prompt = t(key, self.lang, note=one_line(answer.note), round=self.carried_round)
        else:
            prompt = t("a.note", self.lang)
        note = self.detail(prompt, index)
        if note:
            answer = replace(answer, note=note)
            self.answers[item.id] = answer
            self.save(self.answers)
        return answer

    def ask_photos(self, item: Item, answer: Answer, index: int) -> None:
        """The photo prompt: new paths (each checked), or with photos recorded, keep, add, remove or replace them."""
        while True:
            have = answer.evidence
            prompt = t("a.photos_keep", self.lang, n=len(have)) if have else t("a.photos", self.lang)
            if have:
                self.say(self.photo_lines(have))
            line = self.detail(prompt, index)
            if not line:
                return
            try:
                changed = self.photo_edit(have, line)
            except _Refused as refused:
                self.say("  " + refused.message)
                continue
            answer = replace(answer, evidence=changed)
            self.answers[item.id] = answer
            self.save(self.answers)
            if have:
                self.say("  " + t("a.photos_now", self.lang, n=len(changed)))
            if not (have and changed):
                return
            # shown again: more to remove or add, or Enter to go on

    def photo_edit(self, have: tuple[str, ...], line: str) -> tuple[str, ...]:
        """``删除 2`` removes the second photo, ``清空`` all of them, ``+ path`` adds; other paths replace them."""
        text = normalize(line)
        if text in CLEAR_WORDS:
            return ()
        match = REMOVE.match(text)
        if match and have:
            n = int(match["n"])
            if not 1 <= n <= len(have):
                raise _Refused(t("a.photo_no_such", self.lang, n=n, count=len(have)))
            return have[: n - 1] + have[n:]
        if line.strip().startswith(("+", "＋")):
            added = self.photos_of(photo_list(line.strip()[1:]))
            return have + tuple(p for p in added if p not in have)
        return self.photos_of(photo_list(line))

    def photo_lines(self, paths: tuple[str, ...]) -> str:
        """The photos an answer records, numbered, a missing one marked."""
        lines = [t("a.photos_head", self.lang)]
        for n, path in enumerate(paths, 1):
            missing = self.check_photo is not None and bool(self.check_photo(path)[1])
            lines.append(f"    {n}) {path}" + (t("a.photo_missing_mark", self.lang) if missing else ""))
        return "\n".join(lines)

    def na_reason(self, item: Item, answer: Answer, index: int, carried: bool) -> None:
        """Ask why the item does not apply; saved as the answer's note, or 未说明理由 said out loud."""
        if answer.note:
            key = "a.na_reason_carried" if carried else "a.na_reason_keep"
            prompt = t(key, self.lang, note=one_line(answer.note), round=self.carried_round)
        else:
            prompt = t("a.na_reason", self.lang)
        reason = self.detail(prompt, index)
        if reason:
            self.answers[item.id] = replace(answer, note=reason)
            self.save(self.answers)
        elif not answer.note:
            self.say("  " + t("a.na_no_reason", self.lang))

    def detail(self, prompt: str, index: int) -> str:
        """A note or photo line; a command typed there is obeyed and an answer word refused, never saved as text."""
        while True:
            line = self.ask(prompt)
            command = command_of(line)
            if command == "quit":
                raise Quit
            if command == "back":
                raise _Goto(index)
            if command == "help":
                self.say("  " + t("a.detail_help", self.lang))
                continue
            if command == "skip":
                return ""
            try:
                self.jump(line)
            except _Stay:
                continue
            if answer_like(line, self.levels):
                self.say("  " + self.is_answer(line.strip(), "a.what_either"))
                continue
            return line.strip()

    # -- the site's attributes ---------------------------------------------------

    def ask_attributes(self) -> None:
        """Put the questions whose answers decide which items apply, before any item (never skipped in silence)."""
        missing = self.checklist.undeclared(self.site.attributes)
        if not missing:
            return
        self.say(t("a.attr_intro", self.lang, n=len(missing)))
        for key, items in missing.items():
            attribute = self.checklist.attribute(key)
            question = attribute.asked(self.lang) if attribute is not None else f"{key}?"
            decides = t("a.attr_decides", self.lang, items=items)
            while True:
                line = self.ask(f"{question}{decides} > ")
                command = command_of(line)
                if command == "quit":
                    raise Quit
                if command is not None or not line.strip():  # help, and s or b that have nothing to skip to
                    self.say("  " + t("a.attr_help", self.lang, name=key))
                    continue
                value = attribute_value(line)
                if attribute is not None and not attribute_fits(attribute, value):
                    listed = tuple(show_value(v, self.lang) for v in attribute.values)
                    self.say("  " + t(f"a.attr_bad_{attribute.type}", self.lang, values=listed))
                    continue
                self.site = replace(self.site, attributes={**self.site.attributes, key: value})
                assert self.declare is not None
                self.declare({key: value})
                self.save(self.answers)
                name = attribute.name(self.lang) if attribute is not None else key
                self.say(t("a.attr_recorded", self.lang, name=name, value=show_value(value, self.lang)))
                break
        self.plan()

    # -- what is shown ---------------------------------------------------------

    def running(self) -> str:
        """The header's right side: answered so far, and the score so far — or the veto, once there is one."""
        assessment = Assessment(self.checklist.id, self.checklist.version, self.site, dict(self.answers))
        result = score(self.checklist, assessment, unanswered="skip")
        done, total = self.answered(), len(self.steps)
        if result.vetoed:
            return t("a.running_veto", self.lang, done=done, total=total, items=", ".join(result.vetoes))
        value = result.rounded_score
        return t("a.running", self.lang, done=done, total=total, score="-" if value is None else str(value))

    def level_names(self, item: Item) -> str:
        return level_names(item, self.lang)

    def show(self, index: int) -> None:
        lang = self.lang
        step = self.steps[index]
        item = step.item
        width = self.width
        section = step.section.title.get(lang) or step.section.id
        left = t("a.progress", lang, n=index + 1, total=len(self.steps), section=section)
        right = self.running()
        gap = width - display_width(left) - display_width(right)
        head = [left + " " * gap + right] if gap >= 2 else [*wrap(left, width), *wrap(right, width)]
        lines = ["", "-" * width, *head]
        tags = f"[{t('kind.' + item.kind, lang)} {_num(item.points)}]"
        if item.critical:
            tags += f" [{t('r.critical', lang)}]"
        lines += wrap(f"{item.id}  {tags}", width)
        lines += wrap(item.text.get(lang), width, "  ")
        if item.hint:
            lines += wrap(f"{t('a.hint', lang)}: {item.hint.get(lang)}", width, "  ")
        facts = []
        if item.method:
            facts.append(f"{t('a.method', lang)}: {t('method.' + item.method, lang)}")
        if item.evidence:
            facts.append(f"{t('a.evidence', lang)}: {t('evidence.' + item.evidence, lang)}")
        if item.sample:
            facts.append(f"{t('a.sample', lang)}: {item.sample.get(lang)}")
        if facts:
            lines += wrap("    ".join(facts), width, "  ")
        lines += wrap(self.choices(item), width, "  ")
        lines += wrap(t("a.commands", lang), width, "  ")
        current = self.answers.get(item.id)
        proposal = self.carried.get(item.id)
        if current is not None:
            lines += wrap(t("a.current", lang, answer=self.said(item, current)), width, "  ")
            if current.evidence:
                lines += [self.photo_lines(current.evidence)]
        elif proposal is not None:
            answer = self.said(item, proposal)
            lines += wrap(t("a.carried", lang, round=self.carried_round, answer=answer), width, "  ")
        self.say("\n".join(lines))

    def said(self, item: Item, answer: Answer) -> str:
        """An answer in words with its note: what a clerk checks before keeping it."""
        words = describe(item, answer, self.lang)
        return words + (t("a.with_note", self.lang, note=one_line(answer.note)) if answer.note else "")

    def choices(self, item: Item) -> str:
        return kind_of(item).prompt(item, self.lang)

    def guidance(self, item: Item) -> None:
        lang = self.lang
        lines = []
        if item.hint:
            lines += wrap(f"{t('a.hint', lang)}: {item.hint.get(lang)}", self.width, "  ")
        if item.owner:
            lines += wrap(f"{t('a.owner', lang)}: {item.owner.get(lang)}", self.width, "  ")
        if item.remedy:
            lines += wrap(f"{t('a.remedy', lang)}: {item.remedy.get(lang)}", self.width, "  ")
        if item.deadline_days is not None:
            lines += wrap(f"{t('a.deadline', lang)}: {t('a.days', lang, days=item.deadline_days)}", self.width, "  ")
        if item.when:
            from civcheck.words import condition

            lines += wrap(f"{t('a.when', lang)}: {condition(item, lang, self.checklist)}", self.width, "  ")
        lines += wrap(self.choices(item), self.width, "  ")
        lines += wrap(t("a.line_help", lang), self.width, "  ")
        self.say("\n".join(lines))


class _Refused(Exception):
    """A note or photo that cannot be recorded as given: said (or, scripted, the run stops)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


CLEAR_WORDS = frozenset({"清空", "删除全部", "全部删除", "clear", "none"})
REMOVE = re.compile(r"^(?:删除|删|del|delete|d|rm)\s*第?\s*(?P<n>[0-9]{1,3})\s*张?$")


def _items(checklist: Checklist) -> list[tuple[Section, Item]]:
    out: list[tuple[Section, Item]] = []

    def walk(section: Section) -> None:
        out.extend((section, item) for item in section.items)
        for child in section.sections:
            walk(child)

    for section in checklist.sections:
        walk(section)
    return out


def _num(value: object) -> str:
    from fractions import Fraction

    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else str(float(value))
    return str(value)
