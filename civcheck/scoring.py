"""The scoring engine: format.md §3, exactly.

Pure functions over the model: no files, no terminal, no floating point.
Everything is computed with :class:`~fractions.Fraction` and rounded only
when reported, half-up (四舍五入) — Python's ``round`` rounds half to even and
binary floats cannot even hold 0.1, so neither is used for scores.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from civcheck.model import Answer, Assessment, Checklist, Grade, Item, Section

ItemState = Literal["excluded", "na", "answered", "missing"]
Category = Literal["missing", "failed", "partial"]
SectionClass = Literal["strong", "fair", "weak", "missing"]

HUNDRED = Fraction(100)


def round_half_up(value: Fraction, decimals: int) -> Decimal:
    """Round *value* half away from zero to *decimals* places, exactly.

    >>> str(round_half_up(Fraction(1, 8), 2))
    '0.13'
    """
    scale = 10**decimals
    scaled = abs(value) * scale
    whole = math.floor(scaled + Fraction(1, 2))
    if value < 0:
        whole = -whole
    return Decimal(whole).scaleb(-decimals)


@dataclass(frozen=True)
class ItemResult:
    """How one item scored for one site."""

    item: Item
    section: tuple[str, ...]
    state: ItemState
    earned: Fraction
    possible: Fraction
    answer: Answer | None

    @property
    def applicable(self) -> bool:
        return self.state in ("answered", "missing")

    @property
    def lost(self) -> Fraction:
        return self.possible - self.earned


@dataclass(frozen=True)
class SectionResult:
    """A section's earned and possible points and its class (强项/弱项/漏项)."""

    section: Section
    path: tuple[str, ...]
    earned: Fraction
    possible: Fraction
    fraction: Fraction | None
    children: tuple[SectionResult, ...]
    missing: tuple[str, ...]
    klass: SectionClass | None

    @property
    def score(self) -> Fraction | None:
        return None if self.fraction is None else HUNDRED * self.fraction


@dataclass(frozen=True)
class Gap:
    """An item that cost the site points, or was never answered."""

    item: Item
    section: tuple[str, ...]
    category: Category
    lost: Fraction
    impact: Fraction
    vetoing: bool
    answer: Answer | None
    due: dt.date | None


@dataclass(frozen=True)
class Result:
    """The scored assessment of one site against one checklist."""

    checklist: Checklist
    assessment: Assessment
    score: Fraction | None
    earned: Fraction
    possible: Fraction
    vetoed: bool
    vetoes: tuple[str, ...]
    grade: Grade | None
    passed: bool
    complete: bool
    sections: tuple[SectionResult, ...]
    gaps: tuple[Gap, ...]
    items: tuple[ItemResult, ...]

    def rounded(self, value: Fraction) -> Decimal:
        """*value* rounded half-up to the checklist's ``decimals``."""
        return round_half_up(value, self.checklist.decimals)

    @property
    def rounded_score(self) -> Decimal | None:
        return None if self.score is None else self.rounded(self.score)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(r.item.id for r in self.items if r.state == "missing")


def _item_result(item: Item, path: tuple[str, ...], assessment: Assessment) -> ItemResult:
    if not item.applies_to(assessment.site.attributes):
        return ItemResult(item, path, "excluded", Fraction(0), Fraction(0), None)
    answer = assessment.answers.get(item.id)
    if answer is None:
        return ItemResult(item, path, "missing", Fraction(0), item.points, None)
    if answer.status == "na":
        return ItemResult(item, path, "na", Fraction(0), Fraction(0), answer)
    return ItemResult(item, path, "answered", earned(item, answer), item.points, answer)


def earned(item: Item, answer: Answer) -> Fraction:
    """Points an applicable, answered item earns (format.md §3's table)."""
    if item.kind == "deduct":
        found = answer.found if answer.found is not None else 0
        per = item.per if item.per is not None else Fraction(0)
        return max(Fraction(0), item.points - found * per)
    if item.kind == "grade":
        level = item.level(answer.level or "")
        return Fraction(0) if level is None else level.fraction * item.points
    return item.points if answer.status == "pass" else Fraction(0)


class _Scorer:
    """Walks a checklist once, collecting item results and section totals."""

    def __init__(self, checklist: Checklist, assessment: Assessment) -> None:
        self.checklist = checklist
        self.assessment = assessment
        self.items: list[ItemResult] = []

    def section(self, section: Section, parent: tuple[str, ...]) -> SectionResult:
        path = (*parent, section.id)
        if section.sections:
            children = tuple(self.section(child, path) for child in section.sections)
            earned_, possible = _sums(children)
            fraction = self.combine(children, possible)
            missing = tuple(i for c in children for i in c.missing)
        else:
            children = ()
            results = [_item_result(item, path, self.assessment) for item in section.items]
            self.items.extend(results)
            earned_, possible = _sums(results)
            fraction = earned_ / possible if possible else None
            missing = tuple(r.item.id for r in results if r.state == "missing")
        return SectionResult(
            section,
            path,
            earned_,
            possible,
            fraction,
            children,
            missing,
            self.classify(fraction, missing),
        )

    def combine(self, children: Iterable[SectionResult], possible: Fraction) -> Fraction | None:
        """A parent's fraction: by points, or by weight over live children."""
        if self.checklist.model == "points":
            earned_ = sum((c.earned for c in children), Fraction(0))
            return earned_ / possible if possible else None
        live = [c for c in children if c.possible > 0 and c.fraction is not None]
        weights = sum((_weight(c) for c in live), Fraction(0))
        if not live or weights == 0:
            return None
        return sum((_weight(c) * c.fraction for c in live if c.fraction is not None), Fraction(0)) / weights

    def classify(self, fraction: Fraction | None, missing: tuple[str, ...]) -> SectionClass | None:
        if missing:
            return "missing"
        if fraction is None:
            return None
        score = round_half_up(HUNDRED * fraction, self.checklist.decimals)
        if score >= self.checklist.strong_mark:
            return "strong"
        if score < self.checklist.pass_mark:
            return "weak"
        return "fair"


def _weight(result: SectionResult) -> Fraction:
    return result.section.weight if result.section.weight is not None else Fraction(1)


def _sums(parts: Iterable[ItemResult | SectionResult]) -> tuple[Fraction, Fraction]:
    earned_ = Fraction(0)
    possible = Fraction(0)
    for part in parts:
        earned_ += part.earned
        possible += part.possible
    return earned_, possible


def _impact_factors(
    checklist: Checklist, sections: tuple[SectionResult, ...], total_possible: Fraction
) -> dict[tuple[str, ...], Fraction]:
    """How many score points one lost point costs, per leaf section.

    In the points model every point weighs the same: 100 / Σpossible.  In the
    weighted model a point in a leaf is worth its share of the leaf, times the
    leaf's re-normalized weight share at every level above it.
    """
    factors: dict[tuple[str, ...], Fraction] = {}

    def walk(results: tuple[SectionResult, ...], share: Fraction) -> None:
        live = [r for r in results if r.possible > 0]
        weights = sum((_weight(r) for r in live), Fraction(0))
        for r in live:
            mine = share * _weight(r) / weights
            if r.children:
                walk(r.children, mine)
            else:
                factors[r.path] = HUNDRED * mine / r.possible

    if checklist.model == "weighted":
        walk(sections, Fraction(1))
    elif total_possible:
        for r in _leaves(sections):
            factors[r.path] = HUNDRED / total_possible
    return factors


def _leaves(sections: Iterable[SectionResult]) -> Iterable[SectionResult]:
    for r in sections:
        if r.children:
            yield from _leaves(r.children)
        else:
            yield r


def _due(item: Item, answer: Answer | None, date: dt.date | None) -> dt.date | None:
    if answer is not None and answer.due is not None:
        return answer.due
    if date is None or item.deadline_days is None:
        return None
    return date + dt.timedelta(days=item.deadline_days)


def grade_for(checklist: Checklist, rounded: Decimal | None, vetoed: bool) -> Grade | None:
    """The first band whose ``min`` is at most the rounded score; vetoed → the last."""
    if vetoed:
        return checklist.grades[-1]
    if rounded is None:
        return None
    for grade in checklist.grades:
        if grade.min <= rounded:
            return grade
    return checklist.grades[-1]


def score(checklist: Checklist, assessment: Assessment) -> Result:
    """Score one assessment against its checklist (format.md §3)."""
    scorer = _Scorer(checklist, assessment)
    sections = tuple(scorer.section(s, ()) for s in checklist.sections)
    earned_, possible = _sums(sections)
    fraction = scorer.combine(sections, possible)
    value = None if fraction is None else HUNDRED * fraction
    items = tuple(scorer.items)

    vetoes = tuple(r.item.id for r in items if r.applicable and r.item.critical and r.earned < r.possible)
    vetoed = bool(vetoes)
    rounded = None if value is None else round_half_up(value, checklist.decimals)
    passed = not vetoed and rounded is not None and rounded >= checklist.pass_mark

    factors = _impact_factors(checklist, sections, possible)
    order = {r.item.id: n for n, r in enumerate(items)}
    gaps = []
    for r in items:
        if not r.applicable or r.earned >= r.possible:
            continue
        category: Category = "missing" if r.state == "missing" else ("failed" if r.earned == 0 else "partial")
        impact = r.lost * factors.get(r.section, Fraction(0))
        gaps.append(
            Gap(
                r.item,
                r.section,
                category,
                r.lost,
                impact,
                r.item.id in vetoes,
                r.answer,
                _due(r.item, r.answer, assessment.date),
            )
        )
    gaps.sort(key=lambda g: (not g.vetoing, -g.impact, order[g.item.id]))

    return Result(
        checklist=checklist,
        assessment=assessment,
        score=value,
        earned=earned_,
        possible=possible,
        vetoed=vetoed,
        vetoes=vetoes,
        grade=grade_for(checklist, rounded, vetoed),
        passed=passed,
        complete=not any(r.state == "missing" for r in items),
        sections=sections,
        gaps=tuple(gaps),
        items=items,
    )
