"""The interactive self-check: every item, one at a time (逐条逐项地毯式自查自测).

The session talks through two injected functions — ``ask(prompt) -> line``
and ``say(text)`` — and hands every change to ``save(answers)`` at once, so it
runs the same under a terminal, a pipe (scripted self-tests) and tests.  What
an input line means is decided by the pure :func:`parse_line`.

Nothing is ever skipped silently: an empty or unknown line re-asks with a
short hint, and only items excluded by ``when`` for this site are not asked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from civcheck.i18n import extend, t
from civcheck.kinds import kind_of, level_names, parse_line
from civcheck.model import Answer, Assessment, Checklist, Item, Section, Site
from civcheck.render.layout import display_width, wrap
from civcheck.scoring import score
from civcheck.text import one_line
from civcheck.words import Parsed, command_of, matching_ids, normalize

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
            "输入文字后回车；直接回车跳过。q 保存退出，b 回到本项重新作答，输入条目编号可跳转。",
            "Type the text and press Enter; Enter alone skips. q saves and quits, b returns to this item, an item id jumps there.",
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
            "? 说明   b 上一项   q 保存退出   输入编号跳转",
            "? guidance   b back   q save and quit   an id jumps",
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


class Session:
    """One site, one checklist: asks every applicable item, saving each answer at once.

    *strict* is for scripted runs (standard input not a terminal): the first
    line that is not a valid answer stops the run with :class:`BadLine`
    instead of asking again, so a shifted script never records an answer to
    the wrong question.  *confirm_vetoes* (a clerk at a terminal) asks once
    before recording a losing answer on a veto item.
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
        pairs = _items(checklist)
        self.steps = [Step(item, sec) for sec, item in pairs if item.applies_to(site.attributes)]
        self.ids = [item.id for _, item in pairs]
        self.index_of = {step.item.id: n for n, step in enumerate(self.steps)}

    # -- the loop --------------------------------------------------------------

    def run(self, review: bool = False) -> bool:
        """Ask until every applicable item is answered; ``False`` if the clerk quit or the input ended."""
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
            # a review that reached the end with items still open: go and answer them
            return self.run() if review else False
        self.say(t("a.done", self.lang, total=len(self.steps)))
        return True

    def answered(self) -> int:
        return sum(1 for step in self.steps if step.item.id in self.answers)

    def remaining(self) -> int:
        """Applicable items not answered yet."""
        return len(self.steps) - self.answered()

    def next_open(self, start: int) -> int | None:
        for n in range(start, len(self.steps)):
            if self.steps[n].item.id not in self.answers:
                return n
        return None

    def ask_step(self, index: int, review: bool) -> int | None:
        """Show one item and read lines until it is answered; returns the next index."""
        step = self.steps[index]
        item = step.item
        self.show(index)
        while True:
            current = self.answers.get(item.id)
            line = self.ask("> ")
            parsed = parse_line(item, line, has_answer=current is not None)
            if parsed.kind == "help":
                self.guidance(item)
            elif parsed.kind == "back":
                if index == 0:
                    self.refuse(t("a.first", self.lang))
                    continue
                return index - 1
            elif parsed.kind == "quit":
                raise Quit
            elif parsed.kind == "invalid":
                try:
                    self.jump(line)
                except _Stay:
                    continue
                self.refuse(self.hint(item, parsed), item, line)
            elif parsed.kind == "keep":
                return self.after(index, review)
            else:
                assert parsed.answer is not None
                if not self.confirmed(item, parsed.answer):
                    self.show(index)
                    continue
                self.record(item, parsed.answer, current, index)
                return self.after(index, review)

    def after(self, index: int, review: bool) -> int | None:
        if review:
            return index + 1
        following = self.next_open(index + 1)
        return following if following is not None else self.next_open(0)

    def refuse(self, message: str, item: Item | None = None, line: str = "") -> None:
        """Say why a line was not taken; a scripted run stops at it, naming the item it was meant for."""
        if self.strict:
            if item is not None:
                message = t("a.not_answer", self.lang, item=item.id, line=one_line(line.strip()), hint=message)
            raise BadLine(message)
        self.say("  " + message)

    def hint(self, item: Item, parsed: Parsed) -> str:
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

    def record(self, item: Item, answer: Answer, current: Answer | None, index: int) -> None:
        """Keep the answer (saved at once), say what was recorded, then ask for a note on a fail or partial,
        and for the reason on a 不适用 (the office approves 不适用 by its reason: civcheck/approvals.py).

        Changing an answer keeps what else the file recorded for it (owner,
        person, due date, fixed on site); a note and photos are kept only
        while the item still loses points.  The note is saved as soon as it
        is typed, before the photos are asked for.  At the note and photo
        prompts the commands keep their meaning: ``q`` saves and quits, ``b``
        returns to this item, an item id goes there — none is saved as a note.
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
        self.answers[item.id] = answer
        self.save(self.answers)
        self.say(echo(item, answer, self.lang))
        if answer.status == "na":
            self.na_reason(item, answer, index)
            return
        if not loses_points(item, answer):
            return
        prompt = t("a.note_keep", self.lang, note=answer.note) if answer.note else t("a.note", self.lang)
        note = self.detail(prompt, index)
        if note:
            answer = replace(answer, note=note)
            self.answers[item.id] = answer
            self.save(self.answers)
        photos = self.detail(t("a.photos", self.lang), index)
        evidence = tuple(p.strip() for p in photos.replace("，", ",").split(",") if p.strip())
        if evidence:
            self.answers[item.id] = replace(answer, evidence=evidence)
            self.save(self.answers)

    def na_reason(self, item: Item, answer: Answer, index: int) -> None:
        """Ask why the item does not apply; saved as the answer's note, or 未说明理由 said out loud."""
        prompt = t("a.na_reason_keep", self.lang, note=answer.note) if answer.note else t("a.na_reason", self.lang)
        reason = self.detail(prompt, index)
        if reason:
            self.answers[item.id] = replace(answer, note=reason)
            self.save(self.answers)
        elif not answer.note:
            self.say("  " + t("a.na_no_reason", self.lang))

    def detail(self, prompt: str, index: int) -> str:
        """A note or photo line; a command typed there is obeyed, not saved as text."""
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
            try:
                self.jump(line)
            except _Stay:
                continue
            return line.strip()

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
        if current is not None:
            lines += wrap(t("a.current", lang, answer=describe(item, current, lang)), width, "  ")
        self.say("\n".join(lines))

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
        self.say("\n".join(lines))


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
