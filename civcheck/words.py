"""What a typed word means: the answers a clerk types at ``assess`` or into a form cell.

Pure functions, shared by the terminal session and the workbook reader, so a
word means the same everywhere.  The rule is *never guess*: a word whose
meaning depends on how the item is phrased is refused with a hint, not read
one way or the other.  "没有" typed at "村内无黑臭水体" means the standard is
met; typed at "设置公平秤" it means it is not — so 有/没有/无/对/不对/行/不行 are
not answers to a check item.  A deduct item takes a count only: "有" (there
are some) is not a number of problems, and "是" is not zero.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from civcheck.i18n import t
from civcheck.model import Answer, Checklist, Item, Scalar

Kind = Literal["answer", "help", "back", "quit", "skip", "keep", "invalid"]

PASS_WORDS = frozenset({"y", "yes", "pass", "p", "ok", "是", "是的", "达标", "合格", "通过", "√", "✓"})
FAIL_WORDS = frozenset({"n", "no", "fail", "f", "否", "不达标", "不合格", "未达标", "×", "x", "✗"})
NA_WORDS = frozenset({"-", "na", "n/a", "不适用", "无此项"})
# Words that say "there is / there is none", "right / wrong", "fine / not fine": their meaning as
# pass or fail depends on how the item is phrased, so they are refused (format.md: never guess).
AMBIGUOUS_WORDS = frozenset(
    {
        "有", "有的", "没有", "没", "没的", "无", "对", "不对", "行", "不行", "好", "不好", "可以", "不可以",
        "存在", "不存在", "有问题", "没问题", "无问题", "没有问题", "正常", "不正常", "不是", "齐全", "不齐全",
    }
)  # fmt: skip
HELP_WORDS = frozenset({"?", "h", "help", "帮助", "说明"})
BACK_WORDS = frozenset({"b", "back", "上一项", "返回"})
QUIT_WORDS = frozenset({"q", "quit", "exit", "退出", "保存退出"})
# Leave an item for later without quitting; at a note or photo prompt the same words skip the note.
SKIP_WORDS = frozenset({"s", "skip", "跳过", "稍后", "稍后再答", "暂不作答"})
NONE_FOUND = frozenset({"无问题", "没有问题", "未发现问题", "未发现"})
# The long forms people say for the default levels' one-character labels: 良好 is 良, never a guess.
# Applied only where an item's level carries the short label and no level carries the long one.
LEVEL_SYNONYMS = {"优秀": "优", "良好": "良", "中等": "中", "较差": "差"}
# What separates an answer from its note and photos on one line (`n | 无公平秤 | photos/a.jpg`).
PARTS = re.compile(r"[|｜]")

MAX_COUNT = 9999  # problems found at one item; more is a typing slip, not an inspection

_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_COUNT_UNITS = "处个起次项宗户家条块根辆点"
_COUNT = re.compile(rf"^(?P<n>[0-9]{{1,12}}|[零〇一二两三四五六七八九十百千]{{1,12}})\s*[{_COUNT_UNITS}]?$")


@dataclass(frozen=True)
class Parsed:
    """What one typed line means for the current item."""

    kind: Kind
    answer: Answer | None = None
    reason: str = ""  # message key explaining an invalid line
    word: str = ""  # the refused word, for the hint


def normalize(line: str) -> str:
    """Full-width forms to ASCII (a Chinese IME types ？, －, ２), trimmed, lower-case."""
    return unicodedata.normalize("NFKC", line).strip().lower()


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 两百零五 → 205, 三千 → 3000; ``None`` if *text* is not such a numeral.

    Written the way people count problems (两处, 十一个), up to 9999.
    """
    if not text or any(c not in _DIGITS and c not in _UNITS for c in text):
        return None
    if len(text) == 1 and text in _DIGITS:
        return _DIGITS[text]
    total, digit, last_unit = 0, None, 10_000
    for c in text:
        if c in _DIGITS:
            if (digit is not None and _DIGITS[c] != 0) or (_DIGITS[c] == 0 and not total):
                return None  # two digits in a row (二三十), or a 零 before any unit (零五)
            digit = None if _DIGITS[c] == 0 else _DIGITS[c]
            continue
        unit = _UNITS[c]
        if unit >= last_unit:
            return None  # 十百, 百百: units must fall
        if digit is None:
            if c != "十" or total:  # a bare 十 starts a number (十二); 百 and 千 need a digit
                return None
            digit = 1
        total += digit * unit
        digit, last_unit = None, unit
    return total + (digit or 0)


def count_of(text: str) -> int | None:
    """A number of problems as typed: ``2``, ``２``, ``两处``, ``十一个``, ``0``, ``无问题``."""
    if text in NONE_FOUND:
        return 0
    match = _COUNT.match(text)
    if match is None:
        return None
    number = match["n"]
    return int(number) if number.isascii() else chinese_number(number)


def command_of(line: str) -> Kind | None:
    """``help``/``back``/``quit``/``skip`` when *line* is one of those commands (at any prompt), else ``None``."""
    text = normalize(line)
    if text in HELP_WORDS:
        return "help"
    if text in BACK_WORDS:
        return "back"
    if text in QUIT_WORDS:
        return "quit"
    if text in SKIP_WORDS:
        return "skip"
    return None


def split_parts(line: str) -> tuple[str, str | None, str | None]:
    """An answer line cut at ``|``: the answer, then the note and the photos when the line gives them.

    ``n | 无公平秤 | photos/a.jpg, photos/b.jpg`` is fail, its note and two
    photos, all on one line — how a scripted run gives a note, so that a plain
    list of answers, one per item, can never be taken for notes.  A part
    that is absent is ``None`` (asked for at a terminal); one given empty is
    ``""`` (nothing to record, not asked).
    """
    parts = PARTS.split(line, maxsplit=2)
    note = parts[1].strip() if len(parts) > 1 else None
    photos = parts[2].strip() if len(parts) > 2 else None
    return parts[0], note, photos


PHOTO_SEPARATORS = re.compile(r"[,，;；、\n]+")


def photo_list(text: str) -> tuple[str, ...]:
    """Photo paths as typed at the terminal or into a form's cell: separated by commas, semicolons or 、."""
    return tuple(p.strip() for p in PHOTO_SEPARATORS.split(text) if p.strip())


def matching_ids(typed: str, ids: list[str]) -> list[str]:
    """The item ids *typed* names: the whole id (any case), or a tail of it after ``-``, ``.`` or ``_``.

    ``VR-5.1``, ``vr-5.1`` and ``5.1`` all name VR-5.1; ``1.1`` does not name
    FM-11.1.  A bare number is never a tail — at a deduct item it is a count,
    at a grade item a level.
    """
    text = unicodedata.normalize("NFKC", typed).strip().lower()
    if not text or text.isdigit():
        return []
    whole = [i for i in ids if i.lower() == text]
    if whole:
        return whole
    return [i for i in ids if i.lower().endswith(text) and i[len(i) - len(text) - 1 : len(i) - len(text)] in "-._"]


def plain(value: Fraction | Decimal | int | None) -> str:
    """A number as people write it: 1.5, not 3/2 or 1.50."""
    if value is None:
        return ""
    number = Fraction(value)
    if number.denominator == 1:
        return str(number.numerator)
    return format(Decimal(number.numerator) / Decimal(number.denominator), "f").rstrip("0").rstrip(".")


def show_value(value: Scalar, lang: str) -> str:
    """An attribute value as a clerk writes it (是/否 for true/false)."""
    if value is True:
        return t("w.yes", lang)
    if value is False:
        return t("w.no", lang)
    if value is None:
        return ""
    if isinstance(value, Fraction):
        return plain(value)
    return str(value)


def condition(item: Item, lang: str, checklist: Checklist | None = None) -> str:
    """An item's ``when`` in words: ``是否有河道沟渠=是`` (the attribute's declared label, else its key)."""
    return ", ".join(
        f"{checklist.attribute_name(key, lang) if checklist else key}={'/'.join(show_value(v, lang) for v in values)}"
        for key, values in item.when.items()
    )
