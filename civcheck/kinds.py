"""Item kinds — check, grade, deduct — each in one place: what an answer to it is, and what it earns.

Everything that depends on an item's kind asks its :class:`Kind` here instead
of branching on ``item.kind``: reading an answer from a file, the points it
earns, the words a clerk types for it, how it is offered in a form and at
the terminal, how it is said back, and how it is written to a file.  A new
kind is one class in this module (and its name in :data:`civcheck.model.KINDS`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from civcheck.i18n import extend, t
from civcheck.model import Answer, Item
from civcheck.words import (
    AMBIGUOUS_WORDS,
    FAIL_WORDS,
    LEVEL_SYNONYMS,
    MAX_COUNT,
    NA_WORDS,
    NONE_FOUND,
    PASS_WORDS,
    Parsed,
    command_of,
    count_of,
    normalize,
    plain,
)

# The words each kind is offered, typed and said back in (the terminal and the field form share them).
extend(
    {
        "a.empty": ("请输入答案（? 查看说明）。", "Please answer (? for guidance)."),
        "a.w_pass": ("达标", "pass"),
        "a.w_fail": ("不达标", "fail"),
        "a.w_found": ("发现问题 {n} 处", "{n:problem|problems} found"),
        "a.w_none": ("未发现问题", "no problem found"),
        "a.check_choices": ("y 达标   n 不达标   - 不适用", "y pass   n fail   - not applicable"),
        "a.check_choices_nona": ("y 达标   n 不达标（本项不可答不适用）", "y pass   n fail (this item may not be N/A)"),
        "a.deduct_choices": (
            "输入发现问题的处数（0 = 无问题），每处扣 {per} 分，最多扣 {points} 分",
            "type the number of problems found (0 = none); {per:point|points} each, at most {points}",
        ),
        "a.grade_choices": ("选择等级：{levels}", "choose a level: {levels}"),
        "a.na_choice": ("   - 不适用", "   - not applicable"),
        "a.ambiguous": (
            "“{word}”的意思取决于条目的说法，无法判断达标与否；请输入 y（达标）或 n（不达标）。",
            '"{word}" means pass or fail depending on how the item is phrased; type y (pass) or n (fail).',
        ),
        "a.bad_check": (
            "请输入 y（达标）、n（不达标）或 -（不适用）。",
            "Type y (pass), n (fail) or - (not applicable).",
        ),
        "a.bad_check_nona": (
            "请输入 y（达标）或 n（不达标）；本项不可答不适用。",
            "Type y (pass) or n (fail); this item may not be N/A.",
        ),
        "a.bad_deduct": (
            "请输入发现问题的处数，如 0、2、两处（每处扣 {per} 分）。",
            "Type the number of problems found, e.g. 0 or 2 ({per:point|points} each).",
        ),
        "a.bad_deduct_word": (
            "“{word}”不是处数；请输入发现问题的处数，如 0、2、两处（每处扣 {per} 分；0 或“无问题”= 没有发现问题）。",
            '"{word}" is not a count; type the number of problems found, e.g. 0, 2 '
            "({per:point|points} each; 0 = none).",
        ),
        "a.too_many": ("“{word}”处太多，请核对后重新输入。", '"{word}" problems is too many; check and type it again.'),
        "a.bad_grade": ("请输入等级编号或名称：{levels}。", "Type a level's number or name: {levels}."),
        "a.na_refused": ("本项不可答不适用。", "This item may not be answered N/A."),
        "form.w.pass": ("达标", "pass"),
        "form.w.fail": ("不达标", "fail"),
        "form.w.count": ("不小于 0 的整数", "a whole number >= 0"),
        "form.per": ("每处扣 {per} 分，扣完为止", "{per} per problem found, down to 0"),
        "form.levels": ("等级：{levels}", "Levels: {levels}"),
    }
)


class AnswerError(ValueError):
    """A value that is no answer to the item: the message key and its arguments (the reader locates it)."""

    def __init__(self, key: str, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args


def _num(value: Any) -> str:
    return plain(value)


class Kind:
    """What every kind of item answers to (see the module docstring)."""

    name: ClassVar[str]
    field: ClassVar[str]  # the key of its answer in a file's answer mapping: status, level or found
    counts: ClassVar[bool] = False  # answered with a number (a form's cell takes whole numbers, not a word)

    def from_file(self, item: Item, value: Any) -> Answer:
        """An answer as written in an answers file (a scalar, or the value under :attr:`field`)."""
        raise NotImplementedError

    def earned(self, answer: Answer, points: int, per: int, levels: dict[str, int]) -> int:
        """Units earned (see scoring's plan): *points*, *per* and *levels* are the item's, in units."""
        raise NotImplementedError

    def to_file(self, answer: Answer) -> Any:
        """The answer's value as an answers file holds it (the inverse of :meth:`from_file`)."""
        raise NotImplementedError

    def loses_points(self, item: Item, answer: Answer) -> bool:
        """A fail or a partial answer: the ones worth a note (问题描述) and a task."""
        raise NotImplementedError

    def describe(self, item: Item, answer: Answer, lang: str) -> str:
        """The answer in words, as a clerk would say it (达标, 发现问题 2 处, 良)."""
        raise NotImplementedError

    def prompt(self, item: Item, lang: str) -> str:
        """What the terminal offers for the item (y 达标 n 不达标 - 不适用 …)."""
        raise NotImplementedError

    def form_words(self, item: Item, lang: str) -> list[str]:
        """The words a form's answer cell accepts, as listed to the inspector."""
        raise NotImplementedError

    def form_kind(self, item: Item, lang: str) -> list[str]:
        """The lines of a form's 类型及分值 cell after the kind and points."""
        return []

    def show(self, item: Item, lang: str) -> list[str]:
        """What ``civcheck show`` adds to the item's line."""
        return []

    def from_typed(self, item: Item, text: str, line: str) -> Parsed:
        """What a typed word (normalized *text*; the *line* as typed) means as an answer to the item."""
        raise NotImplementedError


def na_suffix(item: Item, lang: str) -> str:
    return t("a.na_choice", lang) if item.na else ""


class Check(Kind):
    """达标 / 不达标: all the points or none."""

    name = "check"
    field = "status"

    def from_file(self, item: Item, value: Any) -> Answer:
        if value in ("pass", "fail"):
            return Answer(item.id, status=value)
        raise AnswerError("answers.check_value", item=item.id)

    def earned(self, answer: Answer, points: int, per: int, levels: dict[str, int]) -> int:
        return points if answer.status == "pass" else 0

    def to_file(self, answer: Answer) -> Any:
        return answer.status

    def loses_points(self, item: Item, answer: Answer) -> bool:
        return answer.status == "fail"

    def describe(self, item: Item, answer: Answer, lang: str) -> str:
        return t("a.w_pass" if answer.status == "pass" else "a.w_fail", lang)

    def prompt(self, item: Item, lang: str) -> str:
        return t("a.check_choices" if item.na else "a.check_choices_nona", lang)

    def form_words(self, item: Item, lang: str) -> list[str]:
        return [t("form.w.pass", lang), t("form.w.fail", lang)]

    def from_typed(self, item: Item, text: str, line: str) -> Parsed:
        if text in PASS_WORDS:
            return Parsed("answer", Answer(item.id, status="pass"))
        if text in FAIL_WORDS:
            return Parsed("answer", Answer(item.id, status="fail"))
        if text in AMBIGUOUS_WORDS:
            return Parsed("invalid", reason="a.ambiguous", word=line.strip())
        return Parsed("invalid", reason="a.bad_check" if item.na else "a.bad_check_nona")


class Grade(Kind):
    """优/良/中/差: a level's fraction of the points."""

    name = "grade"
    field = "level"

    def from_file(self, item: Item, value: Any) -> Answer:
        known = ", ".join(level.id for level in item.levels)
        if not isinstance(value, str):
            raise AnswerError("answers.grade_value", item=item.id, known=known)
        if item.level(value) is None:
            raise AnswerError("answers.unknown_level", item=item.id, level=value, known=known)
        return Answer(item.id, level=value)

    def earned(self, answer: Answer, points: int, per: int, levels: dict[str, int]) -> int:
        return levels.get(answer.level or "", 0)

    def to_file(self, answer: Answer) -> Any:
        return answer.level

    def loses_points(self, item: Item, answer: Answer) -> bool:
        level = item.level(answer.level or "")
        return level is not None and level.fraction < 1

    def describe(self, item: Item, answer: Answer, lang: str) -> str:
        level = item.level(answer.level or "")
        return level.label.get(lang) if level and level.label else (answer.level or "")

    def prompt(self, item: Item, lang: str) -> str:
        return t("a.grade_choices", lang, levels=level_names(item, lang)) + na_suffix(item, lang)

    def form_words(self, item: Item, lang: str) -> list[str]:
        labels = [level.label.get(lang) or level.id for level in item.levels]
        if any("," in label or '"' in label for label in labels) or len(set(labels)) != len(labels):
            labels = [level.id for level in item.levels]  # a drop-down list cannot hold those
        return labels

    def form_kind(self, item: Item, lang: str) -> list[str]:
        return [t("form.levels", lang, levels="/".join(self.form_words(item, lang)))]

    def show(self, item: Item, lang: str) -> list[str]:
        return [t("s.levels", lang) + ": " + "/".join(level.label.get(lang) or level.id for level in item.levels)]

    def from_typed(self, item: Item, text: str, line: str) -> Parsed:
        for candidate in (text, LEVEL_SYNONYMS.get(text)):
            for n, level in enumerate(item.levels, 1):
                names = {level.id.lower(), str(n), *(label.lower() for label in level.label.values.values())}
                if candidate in names:
                    return Parsed("answer", Answer(item.id, level=level.id))
        return Parsed("invalid", reason="a.bad_grade")


class Deduct(Kind):
    """发现问题的处数: *per* points lost for each, down to zero (扣完为止)."""

    name = "deduct"
    field = "found"
    counts = True

    def from_file(self, item: Item, value: Any) -> Answer:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return Answer(item.id, found=int(value))
        if value == "pass":  # an older spelling of "none found"
            return Answer(item.id, found=0)
        raise AnswerError("answers.found", item=item.id)

    def earned(self, answer: Answer, points: int, per: int, levels: dict[str, int]) -> int:
        return max(0, points - (answer.found or 0) * per)

    def to_file(self, answer: Answer) -> Any:
        return answer.found if answer.found is not None else 0

    def loses_points(self, item: Item, answer: Answer) -> bool:
        return (answer.found or 0) > 0

    def describe(self, item: Item, answer: Answer, lang: str) -> str:
        return t("a.w_found", lang, n=answer.found) if answer.found else t("a.w_none", lang)

    def prompt(self, item: Item, lang: str) -> str:
        return t("a.deduct_choices", lang, per=_num(item.per), points=_num(item.points)) + na_suffix(item, lang)

    def form_words(self, item: Item, lang: str) -> list[str]:
        return [t("form.w.count", lang)]

    def form_kind(self, item: Item, lang: str) -> list[str]:
        return [t("form.per", lang, per=_num(item.per))]

    def show(self, item: Item, lang: str) -> list[str]:
        return [t("s.per", lang, per=_num(item.per))] if item.per is not None else []

    def from_typed(self, item: Item, text: str, line: str) -> Parsed:
        found = count_of(text)
        if found is None:
            return Parsed("invalid", reason="a.bad_deduct", word=line.strip())
        if found > MAX_COUNT:
            return Parsed("invalid", reason="a.too_many", word=line.strip())
        return Parsed("answer", Answer(item.id, found=found))


def level_names(item: Item, lang: str) -> str:
    """``1 优  2 良  3 中  4 差``: a grade item's levels, numbered as they may be typed."""
    return "  ".join(f"{n} {level.label.get(lang) or level.id}" for n, level in enumerate(item.levels, 1))


KINDS: dict[str, Kind] = {kind.name: kind for kind in (Check(), Grade(), Deduct())}


def kind_of(item: Item) -> Kind:
    return KINDS[item.kind]


def parse_line(item: Item, line: str, has_answer: bool = False) -> Parsed:
    """Decide what a typed *line* means for *item*: a command, 不适用, or the item's kind reads it (pure)."""
    text = normalize(line)
    if not text:
        return Parsed("keep") if has_answer else Parsed("invalid", reason="a.empty")
    command = command_of(line)
    if command is not None:
        return Parsed(command)
    if text in NA_WORDS:
        if not item.na:
            return Parsed("invalid", reason="a.na_refused")
        return Parsed("answer", Answer(item.id, status="na"))
    return kind_of(item).from_typed(item, text, line)


def level_words(items: Iterable[Item]) -> frozenset[str]:
    """Every word that names a level of these items (ids, labels in each language, and their long forms)."""
    words = {
        word.lower() for item in items for level in item.levels for word in (level.id, *level.label.values.values())
    }
    return frozenset(words | {long for long, short in LEVEL_SYNONYMS.items() if short in words})


def answer_like(line: str, levels: frozenset[str] = frozenset()) -> bool:
    """Whether *line* is an answer word rather than what a note or a photo path says.

    ``y`` typed at the note prompt is a slip — the clerk answering the next
    item too early — and saved as a note it would read "问题描述：y".  Any
    word that answers an item (达标, 不适用, 两处, 有, and the checklist's
    *levels* such as 良) is refused there.
    """
    text = normalize(line)
    return (
        text in PASS_WORDS | FAIL_WORDS | NA_WORDS | AMBIGUOUS_WORDS | NONE_FOUND
        or text in levels
        or count_of(text) is not None
    )
