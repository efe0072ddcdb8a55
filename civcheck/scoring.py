"""The scoring engine: format.md §3, exactly.

Pure functions over the model: no files, no terminal, no floating point.
Everything is computed with :class:`~fractions.Fraction` and rounded only
when reported, half-up (四舍五入) — Python's ``round`` rounds half to even and
binary floats cannot even hold 0.1, so neither is used for scores.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, NamedTuple

from civcheck.kinds import KINDS
from civcheck.model import Answer, Assessment, Checklist, Grade, Item, Section

if TYPE_CHECKING:
    from civcheck.approvals import NaState

ItemState = Literal["excluded", "na", "answered", "missing"]
Category = Literal["missing", "failed", "partial"]
SectionClass = Literal["strong", "fair", "weak", "missing"]

HUNDRED = Fraction(100)
ZERO = Fraction(0)


def round_half_up(value: Fraction, decimals: int) -> Decimal:
    """Round *value* half away from zero to *decimals* places, exactly.

    >>> str(round_half_up(Fraction(1, 8), 2))
    '0.13'
    """
    if value.denominator == 1:  # whole points: nothing to round
        return Decimal(value.numerator * 10**decimals).scaleb(-decimals)
    numerator, denominator = abs(value.numerator) * 10**decimals, value.denominator
    whole = (2 * numerator + denominator) // (2 * denominator)  # floor(x + 1/2), in integers
    if value < 0:
        whole = -whole
    return Decimal(whole).scaleb(-decimals)


class ItemResult(NamedTuple):
    """How one item scored for one site.

    Amounts are held as whole numbers of ``1/unit`` points (see :class:`_Plan`)
    and exposed as exact fractions.  A named tuple, not a dataclass: a batch
    builds one per item per file, and tuples are several times cheaper.
    """

    item: Item
    section: tuple[str, ...]
    state: ItemState
    earned_units: int
    possible_units: int
    answer: Answer | None
    unit: int = 1

    @property
    def applicable(self) -> bool:
        return self.state in ("answered", "missing")

    @property
    def earned(self) -> Fraction:
        return Fraction(self.earned_units, self.unit)

    @property
    def possible(self) -> Fraction:
        return Fraction(self.possible_units, self.unit)

    @property
    def lost(self) -> Fraction:
        return Fraction(self.possible_units - self.earned_units, self.unit)


@dataclass(frozen=True)
class SectionResult:
    """A section's earned and possible points and its class (强项/一般/弱项, or 未检 while items are unanswered)."""

    section: Section
    path: tuple[str, ...]
    earned_units: int
    possible_units: int
    fraction: Fraction | None
    children: tuple[SectionResult, ...]
    missing: tuple[str, ...]
    klass: SectionClass | None
    unit: int = 1
    standing: SectionClass | None = None  # by score alone, whatever is unanswered

    @property
    def earned(self) -> Fraction:
        return Fraction(self.earned_units, self.unit)

    @property
    def possible(self) -> Fraction:
        return Fraction(self.possible_units, self.unit)

    @property
    def score(self) -> Fraction | None:
        return None if self.fraction is None else HUNDRED * self.fraction


class Gap(NamedTuple):
    """An item that cost the site points, or was never answered (a named tuple: cheap in batches)."""

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
    # how the office's approvals judged each 不适用 answer (civcheck/approvals.py), when approvals were in play
    judged: Mapping[str, NaState] | None = None

    def rounded(self, value: Fraction) -> Decimal:
        """*value* rounded half-up to the checklist's ``decimals``."""
        return round_half_up(value, self.checklist.decimals)

    @property
    def rounded_score(self) -> Decimal | None:
        return None if self.score is None else self.rounded(self.score)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(r.item.id for r in self.items if r.state == "missing")


@dataclass(frozen=True)
class _Plan:
    """A checklist's amounts as whole numbers of ``1/unit`` points.

    Points, ``per`` and level fractions are exact decimals, so one common
    denominator turns every earned amount into an integer: a batch then adds
    machine integers instead of building a Fraction per item, with the same
    exact result.
    """

    unit: int
    points: dict[str, int]
    per: dict[str, int]
    levels: dict[str, dict[str, int]]


_PLANS: dict[int, tuple[Checklist, _Plan]] = {}


def _plan(checklist: Checklist) -> _Plan:
    cached = _PLANS.get(id(checklist))
    if cached is not None and cached[0] is checklist:
        return cached[1]
    items = list(checklist.iter_items())
    denominators = [1]
    for it in items:
        denominators.append(it.points.denominator)
        if it.per is not None:
            denominators.append(it.per.denominator)
        denominators.extend((level.fraction * it.points).denominator for level in it.levels)
    unit = math.lcm(*denominators)
    plan = _Plan(
        unit=unit,
        points={it.id: int(it.points * unit) for it in items},
        per={it.id: int(it.per * unit) for it in items if it.per is not None},
        levels={it.id: {lv.id: int(lv.fraction * it.points * unit) for lv in it.levels} for it in items if it.levels},
    )
    if len(_PLANS) > 64:
        _PLANS.clear()
    _PLANS[id(checklist)] = (checklist, plan)
    return plan


class _Scorer:
    """Walks a checklist once, collecting item results and section totals."""

    def __init__(self, checklist: Checklist, assessment: Assessment, skip_unanswered: bool = False) -> None:
        self.checklist = checklist
        self.assessment = assessment
        self.skip_unanswered = skip_unanswered
        self.plan = _plan(checklist)
        self.items: list[ItemResult] = []

    def item(self, item: Item, path: tuple[str, ...]) -> ItemResult:
        unit = self.plan.unit
        if item.when and not item.applies_to(self.assessment.site.attributes):
            return ItemResult(item, path, "excluded", 0, 0, None, unit)
        points = self.plan.points[item.id]
        answer = self.assessment.answers.get(item.id)
        if answer is None:
            if self.skip_unanswered:
                return ItemResult(item, path, "excluded", 0, 0, None, unit)
            return ItemResult(item, path, "missing", 0, points, None, unit)
        if answer.status == "na":
            return ItemResult(item, path, "na", 0, 0, answer, unit)
        got = KINDS[item.kind].earned(answer, points, self.plan.per.get(item.id, 0), self.plan.levels.get(item.id, {}))
        return ItemResult(item, path, "answered", got, points, answer, unit)

    def section(self, section: Section, parent: tuple[str, ...]) -> SectionResult:
        path = (*parent, section.id)
        if section.sections:
            children = tuple(self.section(child, path) for child in section.sections)
            earned_u = sum(c.earned_units for c in children)
            possible_u = sum(c.possible_units for c in children)
            fraction = self.combine(children, earned_u, possible_u)
            missing = tuple(i for c in children for i in c.missing)
        else:
            children = ()
            results = [self.item(item, path) for item in section.items]
            self.items.extend(results)
            earned_u = sum(r.earned_units for r in results)
            possible_u = sum(r.possible_units for r in results)
            fraction = Fraction(earned_u, possible_u) if possible_u else None
            missing = tuple(r.item.id for r in results if r.state == "missing")
        standing = self.classify(fraction, ())
        klass: SectionClass | None = "missing" if missing else standing
        return SectionResult(
            section, path, earned_u, possible_u, fraction, children, missing, klass, self.plan.unit, standing
        )

    def combine(self, children: Iterable[SectionResult], earned_u: int, possible_u: int) -> Fraction | None:
        """A parent's fraction: by points, or by weight over live children."""
        if self.checklist.model == "points":
            return Fraction(earned_u, possible_u) if possible_u else None
        live = [c for c in children if c.possible_units > 0 and c.fraction is not None]
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
        live = [r for r in results if r.possible_units > 0]
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
    try:
        return date + dt.timedelta(days=item.deadline_days)
    except OverflowError:  # an inspection dated near 9999-12-31
        return None


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


def score(checklist: Checklist, assessment: Assessment, unanswered: Literal["zero", "skip"] = "zero") -> Result:
    """Score one assessment against its checklist (format.md §3).

    Unanswered items score zero, as the contract says; ``unanswered="skip"``
    leaves them out instead, which is the running score of a self-check in
    progress (what has been checked so far, and how it went).
    """
    scorer = _Scorer(checklist, assessment, skip_unanswered=unanswered == "skip")
    sections = tuple(scorer.section(s, ()) for s in checklist.sections)
    unit = scorer.plan.unit
    earned_u = sum(s.earned_units for s in sections)
    possible_u = sum(s.possible_units for s in sections)
    fraction = scorer.combine(sections, earned_u, possible_u)
    value = None if fraction is None else HUNDRED * fraction
    items = tuple(scorer.items)

    vetoes = tuple(r.item.id for r in items if r.item.critical and r.applicable and r.earned_units < r.possible_units)
    vetoed = bool(vetoes)
    rounded = None if value is None else round_half_up(value, checklist.decimals)
    passed = not vetoed and rounded is not None and rounded >= checklist.pass_mark

    factors = _impact_factors(checklist, sections, Fraction(possible_u, unit))
    # In the points model every lost point costs the same, so whole numbers of
    # lost units order the gaps exactly; the weighted model compares impacts.
    by_units = checklist.model == "points"
    keyed: list[tuple[bool, int | Fraction, int, Gap]] = []
    for n, r in enumerate(items):
        lost_u = r.possible_units - r.earned_units
        if lost_u <= 0:
            continue
        category: Category = "missing" if r.state == "missing" else ("failed" if r.earned_units == 0 else "partial")
        lost = Fraction(lost_u, unit)
        if by_units:  # 100 × lost / Σpossible, built once
            impact = Fraction(100 * lost_u, possible_u) if possible_u else ZERO
        else:
            impact = lost * factors.get(r.section, ZERO)
        vetoing = r.item.id in vetoes
        gap = Gap(r.item, r.section, category, lost, impact, vetoing, r.answer, _due(r.item, r.answer, assessment.date))
        keyed.append((not vetoing, -lost_u if by_units else -impact, n, gap))
    keyed.sort(key=lambda k: k[:3])
    gaps = tuple(k[3] for k in keyed)

    return Result(
        checklist=checklist,
        assessment=assessment,
        score=value,
        earned=Fraction(earned_u, unit),
        possible=Fraction(possible_u, unit),
        vetoed=vetoed,
        vetoes=vetoes,
        grade=grade_for(checklist, rounded, vetoed),
        passed=passed,
        complete=not any(r.state == "missing" for r in items),
        sections=sections,
        gaps=gaps,
        items=items,
    )
