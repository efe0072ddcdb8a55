"""The scoring rules of format.md §3, each with a result computed by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from builders import answer, assessment, checklist, item, section

from civcheck.scoring import round_half_up, score


def test_points_model_sums_every_kind() -> None:
    # check 5 pass + deduct 10 (per 2, 1 found → 8) + grade 5 at good (0.8 → 4) = 17 of 20
    cl = checklist(section("a", item("c", 5), item("d", 10, "deduct", per=2), item("g", 5, "grade")))
    r = score(cl, assessment({"c": "pass", "d": 1, "g": "good"}))
    assert r.score == Fraction(85)
    assert (r.earned, r.possible) == (17, 20)
    assert r.rounded_score == Decimal("85.00")
    assert r.grade is not None and r.grade.id == "good"
    assert r.passed and not r.vetoed and r.complete


def test_deduct_never_goes_below_zero() -> None:
    cl = checklist(section("a", item("d", 5, "deduct", per=2), item("c", 5)))
    r = score(cl, assessment({"d": 10, "c": "pass"}))
    assert r.score == 50
    assert [(g.item.id, g.category, g.lost) for g in r.gaps] == [("d", "failed", 5)]


def test_half_up_where_binary_floating_point_rounds_down() -> None:
    # check 1 point failed; deduct 15 points at 0.1 each, 41 found: 15 - 4.1 = 10.9 of 16.
    # 100 * 10.9 / 16 = 68.125 exactly -> 68.13 half-up.  In floats it is 68.12499999999999.
    cl = checklist(section("a", item("c", 1), item("d", 15, "deduct", per="0.1")))
    r = score(cl, assessment({"c": "fail", "d": 41}))
    assert r.score == Fraction(545, 8)
    assert str(r.rounded_score) == "68.13"
    assert 100 * (15 - 41 * 0.1) / 16 < 68.125  # the float computation really is off


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (Fraction(1, 8), 2, "0.13"),
        (Fraction(-1, 8), 2, "-0.13"),
        (Fraction(5, 2), 0, "3"),  # round() would give 2
        (Fraction(7, 2), 0, "4"),
        (Fraction(1, 3), 2, "0.33"),
        (Fraction(2, 3), 1, "0.7"),
        (Fraction(90), 2, "90.00"),
    ],
)
def test_round_half_up(value: Fraction, decimals: int, expected: str) -> None:
    assert str(round_half_up(value, decimals)) == expected


def test_grade_and_pass_use_the_rounded_score() -> None:
    # 2000 points, 401 found at 1 each: 1599/2000 = 79.95 %.
    cl = checklist(section("a", item("d", 2000, "deduct", per=1)), decimals=1, pass_mark=80)
    r = score(cl, assessment({"d": 401}))
    assert str(r.rounded_score) == "80.0"
    assert r.passed and r.grade is not None and r.grade.id == "good"
    r2 = score(
        checklist(section("a", item("d", 2000, "deduct", per=1)), decimals=2, pass_mark=80), assessment({"d": 401})
    )
    assert str(r2.rounded_score) == "79.95"
    assert not r2.passed and r2.grade is not None and r2.grade.id == "pass"


def test_na_and_when_exclusion_count_in_neither_earned_nor_possible() -> None:
    cl = checklist(section("a", item("c", 10), item("n", 10), item("w", 10, when={"has_live_poultry": (True,)})))
    r = score(cl, assessment({"c": "pass", "n": "na", "w": "fail"}, attributes={"has_live_poultry": False}))
    assert (r.earned, r.possible, r.score) == (10, 10, 100)
    states = {i.item.id: i.state for i in r.items}
    assert states == {"c": "answered", "n": "na", "w": "excluded"}
    # the same site with live poultry: the item applies and its failure counts
    r = score(cl, assessment({"c": "pass", "n": "na", "w": "fail"}, attributes={"has_live_poultry": True}))
    assert r.score == 50


def test_when_needs_the_attribute_stated() -> None:
    cl = checklist(section("a", item("c", 10), item("w", 10, when={"on_route": (True,)})))
    r = score(cl, assessment({"c": "pass"}))
    assert r.complete and r.score == 100


def test_unanswered_items_score_zero_and_are_missing() -> None:
    cl = checklist(section("a", item("c", 6), item("u", 4)))
    r = score(cl, assessment({"c": "pass"}))
    assert r.score == 60
    assert not r.complete and r.missing == ("u",)
    assert [(g.item.id, g.category, g.impact) for g in r.gaps] == [("u", "missing", 40)]
    assert r.sections[0].klass == "missing"
    assert r.sections[0].missing == ("u",)


def test_no_applicable_item_gives_no_score() -> None:
    cl = checklist(section("a", item("n", 10)))
    r = score(cl, assessment({"n": "na"}))
    assert r.score is None and r.grade is None and not r.passed


def test_veto_fails_the_site_whatever_its_score() -> None:
    cl = checklist(section("a", item("v", 1, critical=True), item("c", 99)))
    r = score(cl, assessment({"v": "fail", "c": "pass"}))
    assert r.score == 99
    assert r.vetoed and r.vetoes == ("v",)
    assert not r.passed
    assert r.grade is not None and r.grade.id == "fail"
    assert r.gaps[0].item.id == "v" and r.gaps[0].vetoing


def test_unanswered_critical_item_vetoes() -> None:
    cl = checklist(section("a", item("v", 1, critical=True), item("c", 99)))
    assert score(cl, assessment({"c": "pass"})).vetoed


def test_critical_item_answered_na_does_not_veto() -> None:
    cl = checklist(section("a", item("v", 1, critical=True), item("c", 9)))
    r = score(cl, assessment({"v": "na", "c": "pass"}))
    assert not r.vetoed and r.score == 100


def test_gap_order_veto_then_impact_then_checklist_order() -> None:
    cl = checklist(section("a", item("x", 2), item("y", 5), item("z", 2), item("v", 1, critical=True), item("ok", 10)))
    r = score(cl, assessment({"x": "fail", "y": "fail", "z": "fail", "v": "fail", "ok": "pass"}))
    assert [g.item.id for g in r.gaps] == ["v", "y", "x", "z"]
    assert [g.impact for g in r.gaps] == [5, 25, 10, 10]  # of 20 possible points


def test_weighted_model_renormalizes_over_sections_with_applicable_items() -> None:
    cl = checklist(
        section("a", item("a1", 10), item("a2", 10), weight=60),
        section("b", item("b1", 10, when={"x": (True,)}), weight=30),
        section("c", item("c1", 5, "grade"), weight=10),
        model="weighted",
    )
    r = score(cl, assessment({"a1": "pass", "a2": "fail", "c1": "good"}))
    # (60 * 1/2 + 10 * 4/5) / (60 + 10) = 38/70
    assert r.score == Fraction(3800, 70)
    assert str(r.rounded_score) == "54.29"
    impacts = {g.item.id: str(round_half_up(g.impact, 2)) for g in r.gaps}
    # a2: 10 of a's 20 points, a weighs 60/70: 100 * 6/7 * 1/2 = 42.857...
    # c1: 1 of c's 5 points, c weighs 10/70: 100 * 1/7 * 1/5 = 2.857...
    assert impacts == {"a2": "42.86", "c1": "2.86"}
    b = r.sections[1]
    assert b.fraction is None and b.klass is None


def test_weighted_model_nested_sections() -> None:
    cl = checklist(
        section("p", section("p1", item("i1", 4), weight=1), section("p2", item("i2", 4), weight=3), weight=50),
        section("q", item("i3", 4), weight=50),
        model="weighted",
    )
    r = score(cl, assessment({"i1": "pass", "i2": "fail", "i3": "pass"}))
    # p = (1*1 + 3*0)/4 = 1/4; total = (50/4 + 50)/100 = 5/8
    assert r.score == Fraction(125, 2)
    assert r.sections[0].score == 25
    assert [s.score for s in r.sections[0].children] == [100, 0]
    # fixing i2 would lift the score to 100: its impact is 37.5
    assert r.gaps[0].impact == Fraction(75, 2)


def test_points_model_nested_sections_are_plain_sums() -> None:
    cl = checklist(
        section("p", section("p1", item("i1", 4)), section("p2", item("i2", 6))),
        section("q", item("i3", 10)),
    )
    r = score(cl, assessment({"i1": "pass", "i2": "fail", "i3": "pass"}))
    assert r.score == 70
    assert r.sections[0].score == 40
    assert r.gaps[0].impact == 30


def test_section_classes() -> None:
    cl = checklist(
        section("strong", item("s1", 9), item("s2", 1)),  # 90 -> strong
        section("fair", item("f1", 8), item("f2", 2)),  # 80 -> fair
        section("weak", item("w1", 5), item("w2", 5)),  # 50 -> weak
        section("gap", item("m1", 5), item("m2", 5)),  # unanswered -> missing
        pass_mark=60,
    )
    r = score(
        cl,
        assessment({"s1": "pass", "s2": "fail", "f1": "pass", "f2": "fail", "w1": "pass", "w2": "fail", "m1": "pass"}),
    )
    assert [s.klass for s in r.sections] == ["strong", "fair", "weak", "missing"]


def test_due_date_is_inspection_date_plus_deadline_or_the_answers_own() -> None:
    cl = checklist(section("a", item("x", 5, deadline_days=15), item("y", 5, deadline_days=15)))
    r = score(cl, assessment({"x": "fail", "y": answer("y", "fail", due=dt.date(2026, 7, 12))}))
    due = {g.item.id: g.due for g in r.gaps}
    assert due == {"x": dt.date(2026, 7, 25), "y": dt.date(2026, 7, 12)}
    r = score(cl, assessment({"x": "fail"}, date=None))
    assert r.gaps[0].due is None


def test_partial_and_failed_categories() -> None:
    cl = checklist(section("a", item("g", 5, "grade"), item("p", 5, "grade")))
    r = score(cl, assessment({"g": "fair", "p": "poor"}))
    assert {g.item.id: (g.category, g.lost) for g in r.gaps} == {"g": ("partial", 2), "p": ("failed", 5)}
