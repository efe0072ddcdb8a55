"""``civcheck regress``: answers files scored against the ``expect:`` block they carry.

Golden answers files keep checklist edits honest: if a change to a checklist
moves any example's score, grade, pass or veto, the mismatch shows up here
(:func:`mismatches`), located at its field in the ``expect`` block so CI can
annotate the line (:func:`run_regress`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from civcheck.catalog import Catalog
from civcheck.errors import InputError, Problem
from civcheck.model import Site
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


@dataclass(frozen=True)
class Located:
    """A mismatch with where its expected value is written, and whose result it is."""

    mismatch: Mismatch
    line: int
    column: int
    site: str
    checklist: str


@dataclass
class RegressRun:
    checked: list[Result] = field(default_factory=list)  # results whose file has an expect block
    unchecked: list[str] = field(default_factory=list)  # answers files without one
    mismatches: list[Located] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def failed_files(self) -> list[str]:
        return sorted({m.mismatch.file for m in self.mismatches})


def _locate(result: Result, found: list[Mismatch]) -> list[Located]:
    from civcheck.formats.text import read_text
    from civcheck.formats.values import locate

    path = result.assessment.path
    try:
        text = read_text(path)
    except InputError:
        text = ""
    site = result.assessment.site.id
    checklist = f"{result.checklist.id} {result.checklist.version}"
    located = []
    for m in found:
        line, column = locate(text, ("expect", *m.field.split(".", 1))) if text else (1, 1)
        located.append(Located(m, line, column, site, checklist))
    return located


def regress_paths(
    paths: Iterable[str | Path], catalog: Catalog, roster: Mapping[str, Site] | None = None
) -> RegressRun:
    """Score every answers file below *paths* and compare each with its ``expect``.

    With a *roster*, an answers file whose site attributes the roster gives
    otherwise is an error (its ``expect`` was worked out on another site).
    """
    from civcheck.batch import score_paths

    batch = score_paths(paths, catalog, roster)
    run = RegressRun(problems=batch.problems + batch.conflicts)
    for result in batch.results:
        if result.assessment.expect is None:
            run.unchecked.append(result.assessment.path)
            continue
        run.checked.append(result)
        run.mismatches += _locate(result, mismatches(result))
    return run
