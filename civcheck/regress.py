"""Comparing a scored result with the ``expect:`` block its answers file carries.

Golden answers files keep checklist edits honest: if a change to a checklist
moves any example's score, grade, pass or veto, the mismatch shows up here.
"""

from __future__ import annotations

from dataclasses import dataclass

from civcheck.scoring import Result, round_half_up
from civcheck.text import path_text


@dataclass(frozen=True)
class Mismatch:
    """One expected value that the result does not reproduce."""

    file: str
    field: str
    expected: str
    got: str


def _show(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def mismatches(result: Result) -> list[Mismatch]:
    """Every field of the answers file's ``expect`` that the result misses."""
    expect = result.assessment.expect
    if expect is None:
        return []
    file = path_text(result.assessment.path)
    decimals = result.checklist.decimals
    out: list[Mismatch] = []

    def check(field: str, expected: object, got: object) -> None:
        if expected != got:
            out.append(Mismatch(file, field, _show(expected), _show(got)))

    if expect.has_score:
        want = None if expect.score is None else round_half_up(expect.score, decimals)
        check("score", want, result.rounded_score)
    if expect.grade is not None:
        check("grade", expect.grade, result.grade.id if result.grade else None)
    if expect.passed is not None:
        check("passed", expect.passed, result.passed)
    if expect.vetoed is not None:
        check("vetoed", expect.vetoed, result.vetoed)
    sections = {s.section.id: s for s in _all_sections(result)}
    for section_id, value in expect.sections.items():
        got = sections.get(section_id)
        got_score = None if got is None or got.score is None else round_half_up(got.score, decimals)
        want = None if value is None else round_half_up(value, decimals)
        check(f"sections.{section_id}", want, got_score)
    return out


def _all_sections(result: Result) -> list:  # type: ignore[type-arg]
    out = []
    stack = list(result.sections)
    while stack:
        s = stack.pop()
        out.append(s)
        stack.extend(s.children)
    return out
