"""Properties that hold for every checklist and every set of answers (Hypothesis)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from builders import assessment, checklist, item, section
from hypothesis import given, settings
from hypothesis import strategies as st

from civcheck.model import Answer, Checklist, Item, Section
from civcheck.scoring import score

LEVELS = ("excellent", "good", "fair", "poor")


@st.composite
def items(draw: Any, prefix: str) -> list[Item]:
    out = []
    for n in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["check", "grade", "deduct"]))
        points = draw(st.integers(1, 20))
        extra: dict[str, Any] = {"critical": draw(st.booleans()) and draw(st.booleans())}
        if kind == "deduct":
            extra["per"] = draw(st.sampled_from(["0.1", "0.5", "1", "2", "3"]))
        if draw(st.integers(0, 5)) == 0:
            extra["when"] = {"flag": (True,)}
        out.append(item(f"{prefix}{n}", points, kind, **extra))
    return out


@st.composite
def checklists(draw: Any) -> Checklist:
    model = draw(st.sampled_from(["points", "weighted"]))
    sections = []
    for s in range(draw(st.integers(1, 4))):
        weight = draw(st.integers(1, 50))
        if draw(st.booleans()):
            children = [
                section(f"s{s}c{c}", *draw(items(f"s{s}c{c}i")), weight=draw(st.integers(1, 9)))
                for c in range(draw(st.integers(1, 3)))
            ]
            sections.append(section(f"s{s}", *children, weight=weight))
        else:
            sections.append(section(f"s{s}", *draw(items(f"s{s}i")), weight=weight))
    return checklist(*sections, model=model)


def answer_for(draw: Any, it: Item) -> Any:
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return None  # unanswered
    if choice == 1:
        return "na"
    if it.kind == "check":
        return draw(st.sampled_from(["pass", "fail"]))
    if it.kind == "grade":
        return draw(st.sampled_from(LEVELS))
    return draw(st.integers(0, 30))


@st.composite
def cases(draw: Any) -> tuple[Checklist, dict[str, Any], dict[str, Any]]:
    cl = draw(checklists())
    answers = {}
    for it in cl.iter_items():
        value = answer_for(draw, it)
        if value is not None:
            answers[it.id] = value
    return cl, answers, {"flag": draw(st.booleans())}


@settings(max_examples=300, deadline=None)
@given(cases())
def test_score_is_between_0_and_100(case: tuple[Checklist, dict[str, Any], dict[str, Any]]) -> None:
    cl, answers, attrs = case
    r = score(cl, assessment(answers, attrs))
    assert r.score is None or 0 <= r.score <= 100
    for g in r.gaps:
        assert g.lost > 0 and 0 <= g.impact <= 100


@settings(max_examples=300, deadline=None)
@given(cases(), st.data())
def test_turning_a_fail_into_a_pass_never_lowers_the_score(
    case: tuple[Checklist, dict[str, Any], dict[str, Any]], data: Any
) -> None:
    cl, answers, attrs = case
    failed = [k for k, v in answers.items() if v == "fail"]
    if not failed:
        return
    key = data.draw(st.sampled_from(failed))
    before = score(cl, assessment(answers, attrs))
    after = score(cl, assessment({**answers, key: "pass"}, attrs))
    if before.score is None:
        assert after.score is None
        return
    assert after.score is not None and after.score >= before.score
    assert len(after.gaps) <= len(before.gaps)
    if before.passed:
        assert after.passed


def _reverse(sec: Section) -> Section:
    return Section(
        sec.id, sec.title, sec.weight, tuple(reversed(sec.items)), tuple(_reverse(s) for s in reversed(sec.sections))
    )


@settings(max_examples=300, deadline=None)
@given(cases())
def test_reordering_items_and_sections_changes_nothing(case: tuple[Checklist, dict[str, Any], dict[str, Any]]) -> None:
    cl, answers, attrs = case
    shuffled = Checklist(**{**cl.__dict__, "sections": tuple(_reverse(s) for s in reversed(cl.sections))})
    a = score(cl, assessment(answers, attrs))
    b = score(shuffled, assessment(dict(reversed(list(answers.items()))), attrs))
    assert (a.score, a.vetoed, a.passed, a.grade, a.earned, a.possible) == (
        b.score,
        b.vetoed,
        b.passed,
        b.grade,
        b.earned,
        b.possible,
    )
    assert {(g.item.id, g.lost, g.impact, g.category) for g in a.gaps} == {
        (g.item.id, g.lost, g.impact, g.category) for g in b.gaps
    }
    # Gaps of different impact keep their relative order; only ties follow checklist order.
    assert [g.impact for g in a.gaps] == [g.impact for g in b.gaps]


def test_answer_objects_are_equal_by_value() -> None:
    assert Answer("x", status="pass") == Answer("x", status="pass")
    assert Fraction(1, 10) * 3 == Fraction(3, 10)
