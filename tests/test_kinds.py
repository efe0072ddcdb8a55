"""Each item kind answers for itself (civcheck/kinds.py): these properties hold for every item of every bundled checklist."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from civcheck import model
from civcheck.formats.checklist import load_checklist
from civcheck.kinds import KINDS, AnswerError, kind_of, parse_line
from civcheck.model import Answer, Item

ROOT = Path(__file__).resolve().parent.parent
ITEMS = [it for path in sorted(ROOT.glob("checklists/**/*.yaml")) for it in load_checklist(path).iter_items()]


def answers_for(it: Item) -> list[Answer]:
    """Every answer worth trying for *it*: each status, each level, a few counts."""
    if it.kind == "check":
        return [Answer(it.id, status="pass"), Answer(it.id, status="fail")]
    if it.kind == "grade":
        return [Answer(it.id, level=level.id) for level in it.levels]
    return [Answer(it.id, found=n) for n in (0, 1, 2, 7, 1000)]


def units(it: Item, answer: Answer) -> Fraction:
    """Points earned, computed here from the rule in docs/formats.md rather than from the kind."""
    if answer.status is not None:
        return it.points if answer.status == "pass" else Fraction(0)
    if answer.level is not None:
        level = it.level(answer.level)
        assert level is not None
        return level.fraction * it.points
    assert it.per is not None and answer.found is not None
    return max(Fraction(0), it.points - answer.found * it.per)


def test_every_kind_of_the_model_has_one_implementation() -> None:
    assert set(KINDS) == set(model.KINDS)
    assert len(ITEMS) > 100 and {it.kind for it in ITEMS} == set(model.KINDS)


@pytest.mark.parametrize("it", ITEMS, ids=lambda it: it.id)
def test_kind_reads_back_what_it_writes_and_earns_what_the_rule_says(it: Item) -> None:
    kind = kind_of(it)
    unit = 10**6  # bundled amounts have at most a few decimals
    levels = {level.id: int(level.fraction * it.points * unit) for level in it.levels}
    per = int((it.per or 0) * unit)
    for answer in answers_for(it):
        assert kind.from_file(it, kind.to_file(answer)) == answer
        earned = Fraction(kind.earned(answer, int(it.points * unit), per, levels), unit)
        assert earned == units(it, answer)
        # 漏项/弱项 are exactly the answers that cost points
        assert kind.loses_points(it, answer) == (earned < it.points)
        assert kind.describe(it, answer, "zh") and kind.describe(it, answer, "en")


@pytest.mark.parametrize("it", ITEMS[::7], ids=lambda it: it.id)
def test_what_a_clerk_types_for_the_words_offered_is_accepted(it: Item) -> None:
    typed = {"check": ["y", "n", "达标", "不达标"], "grade": [str(n) for n in range(1, len(it.levels) + 1)]}
    for word in typed.get(it.kind, ["0", "3", "两处"]):
        parsed = parse_line(it, word)
        assert parsed.kind == "answer", (word, parsed)
        assert parsed.answer is not None and kind_of(it).from_file(it, kind_of(it).to_file(parsed.answer))


@pytest.mark.parametrize(
    ("kind", "value"),
    [("check", "yes"), ("check", True), ("grade", 3), ("grade", "nonexistent"), ("deduct", -1), ("deduct", True)],
)
def test_a_value_that_is_no_answer_is_refused_with_a_message(kind: str, value: object) -> None:
    it = next(it for it in ITEMS if it.kind == kind)
    with pytest.raises(AnswerError) as caught:
        KINDS[kind].from_file(it, value)
    assert caught.value.key.startswith("answers.")
