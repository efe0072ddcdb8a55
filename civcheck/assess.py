"""The interactive self-check: every item, one at a time (逐条逐项地毯式自查自测).

The session talks through two injected functions — ``ask(prompt) -> line``
and ``say(text)`` — and hands every change to ``save(answers)`` at once, so it
runs the same under a terminal, a pipe (scripted self-tests) and tests.  What
an input line means is decided by the pure :func:`parse_line`.

Nothing is ever skipped silently: an empty or unknown line re-asks with a
short hint, and only items excluded by ``when`` for this site are not asked.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from civcheck.i18n import extend, t
from civcheck.model import Answer, Assessment, Checklist, Item, Section, Site
from civcheck.scoring import score

extend(
    {
        "a.progress": ("[{n}/{total}] {section}", "[{n}/{total}] {section}"),
        "a.running": ("已答 {done}/{total}  已答部分得分 {score}", "answered {done}/{total}  score so far {score}"),
        "a.hint": ("提示", "Hint"),
        "a.method": ("检查方法", "Method"),
        "a.evidence": ("证据", "Evidence"),
        "a.sample": ("抽样", "Sample"),
        "a.current": ("当前答案：{answer}（回车保留）", "current answer: {answer} (Enter keeps it)"),
        "a.check_choices": ("y 达标   n 不达标   - 不适用", "y pass   n fail   - not applicable"),
        "a.check_choices_nona": ("y 达标   n 不达标（本项不可答不适用）", "y pass   n fail (this item may not be N/A)"),
        "a.deduct_choices": (
            "输入发现问题的处数（0 = 无问题），每处扣 {per} 分，最多扣 {points} 分",
            "type the number of problems found (0 = none); {per} points each, at most {points}",
        ),
        "a.grade_choices": ("选择等级：{levels}", "choose a level: {levels}"),
        "a.na_choice": ("   - 不适用", "   - not applicable"),
        "a.commands": ("? 说明   b 上一项   q 保存退出", "? guidance   b back   q save and quit"),
        "a.empty": ("请输入答案（? 查看说明）。", "Please answer (? for guidance)."),
        "a.bad_check": (
            "请输入 y（达标）、n（不达标）或 -（不适用）。",
            "Type y (pass), n (fail) or - (not applicable).",
        ),
        "a.bad_check_nona": (
            "请输入 y（达标）或 n（不达标）；本项不可答不适用。",
            "Type y (pass) or n (fail); this item may not be N/A.",
        ),
        "a.bad_deduct": ("请输入不小于 0 的整数（发现问题的处数）。", "Type a whole number >= 0 (problems found)."),
        "a.bad_grade": ("请输入等级编号或名称：{levels}。", "Type a level's number or name: {levels}."),
        "a.na_refused": ("本项不可答不适用。", "This item may not be answered N/A."),
        "a.first": ("已经是第一项。", "This is the first item."),
        "a.note": ("问题描述（回车跳过）：", "Problem found (Enter to skip): "),
        "a.note_keep": ('问题描述（回车保留"{note}"）：', 'Problem found (Enter keeps "{note}"): '),
        "a.photos": (
            "证据照片路径（多个用逗号分隔，回车跳过）：",
            "Evidence photo paths (comma-separated, Enter to skip): ",
        ),
        "a.owner": ("责任单位", "Owner"),
        "a.remedy": ("整改措施", "Remedy"),
        "a.deadline": ("整改时限", "Deadline"),
        "a.days": ("{days} 天", "{days} days"),
        "a.when": ("适用条件", "Applies when"),
        "a.nothing": ("没有适用于本点位的条目。", "No item applies to this site."),
        "a.saved": ("已保存：{path}", "Saved: {path}"),
        "a.resume": ("继续自查请再次运行：{command}", "To resume, run again: {command}"),
        "a.interrupted": (
            "已中断，答案已保存到 {path}；继续请运行：{command}",
            "Interrupted; answers saved to {path}. To resume: {command}",
        ),
        "a.resuming": ("继续上次的自查：已答 {done}/{total} 项。", "Resuming: {done} of {total} items answered."),
        "a.done": ("全部 {total} 项已作答。", "All {total} items answered."),
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

Kind = Literal["answer", "help", "back", "quit", "keep", "invalid"]

PASS_WORDS = {"y", "yes", "pass", "p", "ok", "是", "达标", "合格", "通过", "有", "√"}
FAIL_WORDS = {"n", "no", "fail", "f", "否", "不达标", "不合格", "未达标", "没有", "×", "x"}
NA_WORDS = {"-", "na", "n/a", "不适用", "无此项"}
HELP_WORDS = {"?", "h", "help", "帮助", "说明"}
BACK_WORDS = {"b", "back", "上一项", "返回"}
QUIT_WORDS = {"q", "quit", "exit", "退出", "保存退出"}


@dataclass(frozen=True)
class Parsed:
    """What one typed line means for the current item."""

    kind: Kind
    answer: Answer | None = None
    reason: str = ""  # message key explaining an invalid line


def normalize(line: str) -> str:
    """Full-width forms to ASCII (a Chinese IME types ？ and －), trimmed, lower-case."""
    return unicodedata.normalize("NFKC", line).strip().lower()


def parse_line(item: Item, line: str, has_answer: bool = False) -> Parsed:
    """Decide what *line* means for *item*; pure, so every rule is unit-tested."""
    text = normalize(line)
    if not text:
        return Parsed("keep") if has_answer else Parsed("invalid", reason="a.empty")
    if text in HELP_WORDS:
        return Parsed("help")
    if text in BACK_WORDS:
        return Parsed("back")
    if text in QUIT_WORDS:
        return Parsed("quit")
    if text in NA_WORDS:
        if not item.na:
            return Parsed("invalid", reason="a.na_refused")
        return Parsed("answer", Answer(item.id, status="na"))
    if item.kind == "check":
        if text in PASS_WORDS:
            return Parsed("answer", Answer(item.id, status="pass"))
        if text in FAIL_WORDS:
            return Parsed("answer", Answer(item.id, status="fail"))
        return Parsed("invalid", reason="a.bad_check" if item.na else "a.bad_check_nona")
    if item.kind == "deduct":
        if text.isdigit():
            return Parsed("answer", Answer(item.id, found=int(text)))
        if text in PASS_WORDS:
            return Parsed("answer", Answer(item.id, found=0))
        return Parsed("invalid", reason="a.bad_deduct")
    for n, level in enumerate(item.levels, 1):
        names = {level.id.lower(), str(n), *(label.lower() for label in level.label.values.values())}
        if text in names:
            return Parsed("answer", Answer(item.id, level=level.id))
    return Parsed("invalid", reason="a.bad_grade")


def describe(item: Item, answer: Answer, lang: str) -> str:
    """An answer in words, as the clerk would say it."""
    if answer.status == "na":
        return t("w.excluded", lang)
    if answer.status is not None:
        return t("w.yes" if answer.status == "pass" else "w.no", lang) + (
            f" ({'pass' if answer.status == 'pass' else 'fail'})"
        )
    if answer.found is not None:
        return str(answer.found)
    level = item.level(answer.level or "")
    return level.label.get(lang) if level and level.label else (answer.level or "")


def loses_points(item: Item, answer: Answer) -> bool:
    """A fail or a partial answer: the ones worth a note (问题描述)."""
    if answer.status is not None:
        return answer.status == "fail"
    if answer.found is not None:
        return answer.found > 0
    level = item.level(answer.level or "")
    return level is not None and level.fraction < 1


_TOKENS = re.compile(r"\s+|[^\s\u2e80-\uffef]+|.")


def wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Wrap *text* to *width* terminal columns.

    A Chinese character takes two columns and may end a line anywhere; a Latin
    word is kept whole unless it is longer than a line.
    """
    from civcheck.render.common import display_width

    lines: list[str] = []
    current = indent
    for token in _TOKENS.findall(text.replace("\r", "").replace("\n", " ")):
        if display_width(current) + display_width(token) <= width:
            current += token
            continue
        if token.isspace():
            lines.append(current.rstrip())
            current = indent
            continue
        if current.strip():
            lines.append(current.rstrip())
            current = indent
        while display_width(current) + display_width(token) > width:  # a word longer than a line
            room = width - display_width(current)
            cut = max(1, room)
            lines.append(current + token[:cut])
            current, token = indent, token[cut:]
        current += token
    if current.strip():
        lines.append(current.rstrip())
    return lines or [indent.rstrip()]


class Quit(Exception):
    """The clerk asked to save and stop (``q``) or the input ended."""


@dataclass
class Step:
    item: Item
    section: Section


class Session:
    """One site, one checklist: asks every applicable item, saving each answer at once."""

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
    ) -> None:
        self.checklist = checklist
        self.site = site
        self.answers = answers
        self.lang = lang
        self.ask = ask
        self.say = say
        self.save = save
        self.width = max(40, min(width, 100))
        self.steps = [Step(item, sec) for sec, item in _items(checklist) if item.applies_to(site.attributes)]

    # -- the loop --------------------------------------------------------------

    def run(self, review: bool = False) -> bool:
        """Ask until every applicable item is answered; ``False`` if the clerk quit."""
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
                index = self.ask_step(index, review)
        except (Quit, EOFError):
            return False
        self.say(t("a.done", self.lang, total=len(self.steps)))
        return True

    def answered(self) -> int:
        return sum(1 for step in self.steps if step.item.id in self.answers)

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
            parsed = parse_line(item, self.ask("> "), has_answer=current is not None)
            if parsed.kind == "help":
                self.guidance(item)
            elif parsed.kind == "back":
                if index == 0:
                    self.say(t("a.first", self.lang))
                    continue
                return index - 1
            elif parsed.kind == "quit":
                raise Quit
            elif parsed.kind == "invalid":
                levels = self.level_names(item)
                self.say("  " + t(parsed.reason, self.lang, levels=levels))
            elif parsed.kind == "keep":
                return self.after(index, review)
            else:
                assert parsed.answer is not None
                self.record(item, parsed.answer, current)
                return self.after(index, review)

    def after(self, index: int, review: bool) -> int | None:
        if review:
            return index + 1
        return self.next_open(index + 1)

    def record(self, item: Item, answer: Answer, current: Answer | None) -> None:
        """Keep the answer (saved at once), then ask for a note on a fail or partial.

        Changing an answer keeps what else the file recorded for it (owner,
        person, due date, fixed on site); a note and photos are kept only
        while the item still loses points.  The note is saved as soon as it
        is typed, before the photos are asked for.
        """
        if current is not None:
            keep = loses_points(item, answer)
            answer = replace(
                current,
                status=answer.status,
                level=answer.level,
                found=answer.found,
                note=current.note if keep else "",
                evidence=current.evidence if keep else (),
            )
        self.answers[item.id] = answer
        self.save(self.answers)
        if not loses_points(item, answer):
            return
        prompt = t("a.note_keep", self.lang, note=answer.note) if answer.note else t("a.note", self.lang)
        note = self.ask(prompt).strip()
        if note:
            answer = replace(answer, note=note)
            self.answers[item.id] = answer
            self.save(self.answers)
        photos = self.ask(t("a.photos", self.lang)).strip()
        evidence = tuple(p.strip() for p in photos.replace("，", ",").split(",") if p.strip())
        if evidence:
            self.answers[item.id] = replace(answer, evidence=evidence)
            self.save(self.answers)

    # -- what is shown ---------------------------------------------------------

    def running_score(self) -> str:
        assessment = Assessment(self.checklist.id, self.checklist.version, self.site, dict(self.answers))
        result = score(self.checklist, assessment, unanswered="skip")
        value = result.rounded_score
        return "-" if value is None else str(value)

    def level_names(self, item: Item) -> str:
        return "  ".join(f"{n} {level.label.get(self.lang) or level.id}" for n, level in enumerate(item.levels, 1))

    def show(self, index: int) -> None:
        lang = self.lang
        step = self.steps[index]
        item = step.item
        width = self.width
        section = step.section.title.get(lang) or step.section.id
        left = t("a.progress", lang, n=index + 1, total=len(self.steps), section=section)
        right = t("a.running", lang, score=self.running_score(), done=self.answered(), total=len(self.steps))
        from civcheck.render.common import display_width

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
        lang = self.lang
        if item.kind == "check":
            text = t("a.check_choices" if item.na else "a.check_choices_nona", lang)
        elif item.kind == "deduct":
            text = t("a.deduct_choices", lang, per=_num(item.per), points=_num(item.points))
            text += t("a.na_choice", lang) if item.na else ""
        else:
            text = t("a.grade_choices", lang, levels=self.level_names(item))
            text += t("a.na_choice", lang) if item.na else ""
        return text

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
            cond = ", ".join(f"{k}={'/'.join(str(v) for v in vals)}" for k, vals in item.when.items())
            lines += wrap(f"{t('a.when', lang)}: {cond}", self.width, "  ")
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
