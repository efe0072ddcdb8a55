"""Scoring for batches: a checklist compiled once, each file scored in one pass, its JSON written directly.

:func:`civcheck.scoring.score` is the reference: readable, one object per
item and per gap, exact at every step.  A batch of thousands of files spends
most of its time building those objects and then the dictionaries its JSON
is dumped from.  This module computes the same :class:`~civcheck.views.ResultView`
and the same JSON text — byte for byte, which the tests check against the
reference on every bundled and example file and on generated answers — from:

* a checklist compiled once per process (:class:`Compiled`): items in order
  with their whole-number units (points, per, levels), their leaf section,
  their texts in each language and the parts of their gap's JSON that never
  change (item, text, section, critical, remedy);
* one loop over the items of a file, adding integers;
* rounding done once per distinct amount (a file's lost points repeat) and
  remembered for the run.

It covers the points model, which every bundled checklist uses; a checklist
in the weighted model is scored by the reference (:func:`supported`).  Pure:
no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from civcheck import json_text as jt
from civcheck.approvals import NaState
from civcheck.model import Assessment, Checklist, Item, Section
from civcheck.scoring import HUNDRED, _plan, grade_for, round_half_up
from civcheck.text import path_text
from civcheck.views import GapView, ResultView, SectionView, na_view


class _Spec(NamedTuple):
    """One item as scoring needs it: everything looked up once per checklist."""

    item: Item
    id: str
    leaf: int
    points: int
    per: int
    levels: dict[str, int]
    kind: int  # 0 check, 1 grade, 2 deduct
    critical: bool
    when: bool


class _Leaf(NamedTuple):
    section: Section
    first: int  # the leaf's items are specs[first:last]
    last: int


_KIND = {"check": 0, "grade": 1, "deduct": 2}

# Each remembered table is emptied when it reaches this size: what repeats in a batch (lost points,
# section sums, a day's deadlines) is found again at once, and memory stays flat however many files.
CACHE_LIMIT = 20_000


class Compiled:
    """A checklist in the form batch scoring reads: built once, shared by every file of a run."""

    def __init__(self, checklist: Checklist) -> None:
        plan = _plan(checklist)
        self.checklist = checklist
        self.unit = plan.unit
        self.decimals = checklist.decimals
        self.specs: list[_Spec] = []
        self.leaves: list[_Leaf] = []
        self.plan = plan
        self.tree = [self._walk(section) for section in checklist.sections]  # items in the reference's order
        self.texts: dict[str, tuple[list[tuple[str, str, str]], list[tuple[str, str, str, str]]]] = {}
        self.rounded: dict[tuple[int, int], Decimal] = {}  # (numerator, denominator) of a score -> rounded
        self.lost: dict[int, tuple[Decimal, str]] = {}
        self.impact: dict[tuple[int, int], tuple[Decimal, str]] = {}
        self.exacts: dict[tuple[int, int], Fraction] = {}
        self.sections: dict[Any, _Section] = {}  # a section's result for a (language, JSON?, its sums) seen before
        self.gap_heads: dict[Any, str] = {}  # a gap's JSON up to its owner, per item, category and amounts
        self.gap_tails: dict[Any, str] = {}  # the rest, for an answer that carries nothing but itself
        self.ids = [spec.id for spec in self.specs]
        self.critical = [spec.critical for spec in self.specs]
        self.conditional = [n for n, spec in enumerate(self.specs) if spec.when]
        self.exclusions: dict[Any, frozenset[int]] = {}
        self.dues: dict[tuple[dt.date, int], dt.date | None] = {}

    def _walk(self, section: Section) -> Any:
        """The section tree as nested (section, children or leaf index), items flattened in checklist order."""
        if section.sections:
            return (section, [self._walk(child) for child in section.sections])
        plan = self.plan
        first = len(self.specs)
        for item in section.items:
            self.specs.append(
                _Spec(
                    item,
                    item.id,
                    len(self.leaves),
                    plan.points[item.id],
                    plan.per.get(item.id, 0),
                    plan.levels.get(item.id, {}),
                    _KIND[item.kind],
                    item.critical,
                    bool(item.when),
                )
            )
        self.leaves.append(_Leaf(section, first, len(self.specs)))
        return (section, len(self.leaves) - 1)

    def lang(self, lang: str) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str, str]]]:
        """Per item, (text, default owner, remedy) in *lang*, and the parts of its gap's JSON that never change:
        the head up to the category, the critical flag, the default owner and the remedy, encoded."""
        cached = self.texts.get(lang)
        if cached is None:
            words = [(s.item.text.get(lang), s.item.owner.get(lang), s.item.remedy.get(lang)) for s in self.specs]
            parts = []
            for s, (text, owner, remedy) in zip(self.specs, words, strict=True):
                head = (f'{{"item": {jt.string(s.id)}, "text": {jt.string(text)}, '
                        f'"section": {jt.string(self.leaves[s.leaf].section.id)}, "category": "')  # fmt: skip
                critical = f', "critical": {"true" if s.critical else "false"}, "owner": '
                parts.append((head, critical, jt.string(owner), jt.string(remedy)))
            cached = self.texts[lang] = (words, parts)
        return cached

    def excluded(self, attributes: Mapping[str, Any]) -> frozenset[int]:
        """The items a site's attributes leave out (their ``when`` does not match), remembered per attribute set."""
        conditional = self.conditional
        if not conditional:
            return frozenset()
        try:
            key: Any = tuple(sorted((k, type(v).__name__, v) for k, v in attributes.items()))
            found = self.exclusions.get(key)
        except TypeError:  # an attribute value that cannot be a key: work it out
            key, found = None, None
        if found is None:
            found = frozenset(n for n in conditional if not self.specs[n].item.applies_to(attributes))
            if key is not None and len(self.exclusions) < 10_000:
                self.exclusions[key] = found
        return found

    def amount(self, units: int) -> tuple[Decimal, str]:
        """*units* as points rounded to the checklist's decimals, and as JSON writes them."""
        found = self.lost.get(units)
        if found is None:
            d = round_half_up(Fraction(units, self.unit), self.decimals)
            found = self.lost[units] = (d, jt.number(d))
        return found

    def exact(self, earned: int, possible: int) -> Fraction:
        """A section's exact score (kept for means across sites)."""
        key = (earned, possible)
        found = self.exacts.get(key)
        if found is None:
            if len(self.exacts) > CACHE_LIMIT:
                self.exacts.clear()
            found = self.exacts[key] = HUNDRED * Fraction(earned, possible)
        return found

    def due(self, date: dt.date, days: int) -> dt.date | None:
        """An inspection's date plus an item's deadline (None past the calendar's end)."""
        key = (date, days)
        if key not in self.dues:
            if len(self.dues) > CACHE_LIMIT:
                self.dues.clear()
            try:
                self.dues[key] = date + dt.timedelta(days=days)
            except OverflowError:  # an inspection dated near 9999-12-31
                self.dues[key] = None
        return self.dues[key]

    def impact_of(self, lost: int, possible: int) -> tuple[Decimal, str]:
        """What *lost* units cost a score out of *possible* (100 × lost / possible), rounded, and as JSON."""
        found = self.impact.get((lost, possible))
        if found is None:
            d = round_half_up(Fraction(100 * lost, possible), self.decimals)
            found = self.impact[(lost, possible)] = (d, jt.percent(d))
        return found

    def round(self, numerator: int, denominator: int) -> Decimal:
        key = (numerator, denominator)
        found = self.rounded.get(key)
        if found is None:
            if len(self.rounded) > CACHE_LIMIT:
                self.rounded.clear()
            found = self.rounded[key] = round_half_up(HUNDRED * Fraction(numerator, denominator), self.decimals)
        return found


_COMPILED: dict[int, Compiled] = {}


def compiled(checklist: Checklist) -> Compiled:
    """The checklist compiled, once per process (checklists are frozen: their identity is their content)."""
    found = _COMPILED.get(id(checklist))
    if found is None or found.checklist is not checklist:
        if len(_COMPILED) > 64:
            _COMPILED.clear()
        found = _COMPILED[id(checklist)] = Compiled(checklist)
    return found


def supported(checklist: Checklist) -> bool:
    """Whether this module scores *checklist* (the points model); otherwise the reference does."""
    return checklist.model == "points"


class _Section(NamedTuple):
    view: SectionView
    json: str
    earned: int
    possible: int
    missing: tuple[str, ...]


def score_view(
    checklist: Checklist,
    assessment: Assessment,
    lang: str,
    gaps: bool,
    want_json: bool,
    judged: Mapping[str, NaState] | None = None,
) -> tuple[ResultView, str | None]:
    """The result view of *assessment* (with its gaps when *gaps*) and, when *want_json*, its JSON line.

    Equal to ``view_of(score(checklist, assessment), lang, gaps)`` and
    ``compact(json_of(...))`` — the reference — for every points-model checklist.
    """
    c = compiled(checklist)
    words, parts = c.lang(lang)
    answers = assessment.answers
    attributes = assessment.site.attributes
    specs = c.specs
    ids = c.ids
    critical_at = c.critical
    n_items = len(specs)
    earned = [0] * n_items
    possible = [0] * n_items
    state = [""] * n_items  # answered | missing | na | excluded
    get = answers.get
    excluded = c.excluded(attributes)
    missing_ids: list[str] = []
    na_at: list[int] = []
    veto_ids: list[str] = []
    lost_at: list[int] = []  # the items that cost points, in checklist order
    for n, (_, item_id, _, points, per, levels, kind, critical, _) in enumerate(specs):
        if n in excluded:
            state[n] = "excluded"
            continue
        answer = get(item_id)
        if answer is None:
            state[n] = "missing"
            possible[n] = points
            missing_ids.append(item_id)
            if judged is not None and item_id in judged:  # 不适用 scored as 未检 (--strict-na)
                na_at.append(n)
            if points > 0:
                lost_at.append(n)
                if critical:
                    veto_ids.append(item_id)
            continue
        status = answer.status
        if status == "na":
            state[n] = "na"
            na_at.append(n)
            continue
        state[n] = "answered"
        possible[n] = points
        if kind == 0:
            got = points if status == "pass" else 0
        elif kind == 1:
            got = levels.get(answer.level or "", 0)
        else:
            got = points - (answer.found or 0) * per
            if got < 0:
                got = 0
        earned[n] = got
        if got < points:
            lost_at.append(n)
            if critical:
                veto_ids.append(item_id)

    cache = c.sections
    missing_state = "missing"

    def section(node: Any) -> _Section:
        sec, inner = node
        if isinstance(inner, list):
            children = [section(child) for child in inner]
            key: Any = (lang, want_json, id(sec), tuple(id(ch) for ch in children))
            found = cache.get(key)
            if found is not None:
                return found
            e = sum(ch.earned for ch in children)
            p = sum(ch.possible for ch in children)
            missing = tuple(i for ch in children for i in ch.missing)
        else:
            children = []
            leaf = c.leaves[inner]
            e = sum(earned[leaf.first : leaf.last])
            p = sum(possible[leaf.first : leaf.last])
            missing = tuple(ids[k] for k in range(leaf.first, leaf.last) if state[k] == missing_state)
            key = (lang, want_json, inner, e, p, missing)
            found = cache.get(key)
            if found is not None:
                return found
        rounded: Decimal | None = None
        exact: Fraction | None = None
        standing: str | None = None
        if p:
            rounded = c.round(e, p)
            exact = c.exact(e, p)
            standing = "strong" if rounded >= checklist.strong_mark else (
                "weak" if rounded < checklist.pass_mark else "fair")  # fmt: skip
        klass = "missing" if missing else standing
        earned_d, earned_j = c.amount(e)
        possible_d, possible_j = c.amount(p)
        title = sec.title.get(lang)
        view = SectionView(sec.id, title, rounded, exact, earned_d, possible_d, klass, standing, missing,
                           tuple(ch.view for ch in children))  # fmt: skip
        text = ""
        if want_json:
            text = (f'{{"id": {jt.string(sec.id)}, "title": {jt.string(title)}, "score": {jt.percent(rounded)}, '
                    f'"earned": {earned_j}, "possible": {possible_j}, '
                    f'"class": {jt.optional(klass)}, "standing": {jt.optional(standing)}, '
                    f'"missing": {jt.ids(missing)}')  # fmt: skip
            if children:
                text += f', "sections": [{", ".join(ch.json for ch in children)}]'
            text += "}"
        result = _Section(view, text, e, p, missing)
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        cache[key] = result  # a section scoring the same again is the same object: a parent finds it by identity
        return result

    sections = [section(node) for node in c.tree]
    earned_u = sum(s.earned for s in sections)
    possible_u = sum(s.possible for s in sections)
    value = HUNDRED * Fraction(earned_u, possible_u) if possible_u else None
    rounded = c.round(earned_u, possible_u) if possible_u else None
    vetoes = tuple(veto_ids)
    vetoed = bool(vetoes)
    passed = not vetoed and rounded is not None and rounded >= checklist.pass_mark
    grade = grade_for(checklist, rounded, vetoed)
    missing = tuple(missing_ids)

    keyed = [(not critical_at[n], earned[n] - possible[n], n) for n in lost_at]  # vetoing first, then by loss
    keyed.sort()
    order = [k[2] for k in keyed]
    a = assessment
    site = a.site
    gap_views: list[GapView] = []
    gap_json: list[str] = []
    if gaps or want_json:
        person_default = site.person
        person_json = jt.string(person_default)
        lost_cache = c.lost
        date = a.date
        heads = c.gap_heads
        tails = c.gap_tails
        for n in order:
            s = specs[n]
            lost_u = possible[n] - earned[n]
            answer = answers.get(s.id)
            category = "missing" if state[n] == "missing" else ("failed" if earned[n] == 0 else "partial")
            if answer is None:
                own = person = note = ""
                evidence: tuple[str, ...] = ()
                fixed = due = None
            else:
                own, person, note, evidence, fixed, due = (answer.owner, answer.person, answer.note, answer.evidence,
                                                           answer.fixed_on_site, answer.due)  # fmt: skip
            if due is None and date is not None and s.item.deadline_days is not None:
                due = c.due(date, s.item.deadline_days)
            if gaps:
                lost = lost_cache.get(lost_u) or c.amount(lost_u)
                impact = c.impact_of(lost_u, possible_u)
                text, default_owner, remedy = words[n]
                gap_views.append(GapView(s.id, text, c.leaves[s.leaf].section.id, category, lost[0], impact[0],
                                         s.critical, own or default_owner, person or person_default, remedy, due, note,
                                         evidence, fixed))  # fmt: skip
            if want_json:
                key = (lang, n, category, lost_u, possible_u)
                head = heads.get(key)
                if head is None:
                    first, critical_json, _, _ = parts[n]
                    head = heads[key] = (f'{first}{category}", "lost": {c.amount(lost_u)[1]}, '
                                         f'"impact": {c.impact_of(lost_u, possible_u)[1]}{critical_json}')  # fmt: skip
                if own or person or note or evidence or fixed is not None:
                    _, _, owner_json, remedy_json = parts[n]
                    fixed_json = "null" if fixed is None else ("true" if fixed else "false")
                    owner_part = jt.string(own) if own else owner_json
                    person_part = jt.string(person) if person else person_json
                    evidence_json = jt.ids(evidence) if evidence else "[]"
                    tail = (f'{owner_part}, "person": {person_part}, "remedy": {remedy_json}, "due": {jt.date(due)}, '
                            f'"note": {jt.string(note) if note else jt.EMPTY}, "evidence": {evidence_json}, '
                            f'"fixed_on_site": {fixed_json}}}')  # fmt: skip
                else:  # nothing typed beyond the answer: the same tail for every file of the day
                    tail_key = (lang, n, person_json, due)
                    plain_tail = tails.get(tail_key)
                    if plain_tail is None:
                        _, _, owner_json, remedy_json = parts[n]
                        plain_tail = tails[tail_key] = (
                            f'{owner_json}, "person": {person_json}, "remedy": {remedy_json}, "due": {jt.date(due)}, '
                            '"note": "", "evidence": [], "fixed_on_site": null}'
                        )
                    tail = plain_tail
                gap_json.append(head + tail)
        if len(heads) > CACHE_LIMIT or len(tails) > CACHE_LIMIT:
            heads.clear()
            tails.clear()
    worst = specs[order[0]] if order else None
    view = ResultView(
        file=path_text(a.path),
        site=site.id,
        site_name=site.name,
        township=site.township,
        grid=site.grid,
        checklist=checklist.id,
        version=checklist.version,
        checklist_title=checklist.title.get(lang),
        checklist_label=checklist.label(lang),
        round=a.round,
        date=a.date,
        assessor=a.assessor,
        decimals=c.decimals,
        score=value,
        rounded=rounded,
        grade=grade.id if grade else "",
        grade_label=grade.label.get(lang) if grade and grade.label else "",
        passed=passed,
        pass_mark=round_half_up(checklist.pass_mark, c.decimals),
        vetoed=vetoed,
        vetoes=vetoes,
        earned=c.amount(earned_u)[0],
        possible=c.amount(possible_u)[0],
        missing=missing,
        excluded=tuple(ids[n] for n in sorted(excluded)),
        not_applicable=tuple(
            na_view(
                ids[n],
                answers[ids[n]].note if ids[n] in answers else "",
                judged,
                c.amount(specs[n].points)[0],
                state[n] == "missing",
            )
            for n in na_at
        ),
        to_answer=n_items - len(excluded),
        sections=tuple(s.view for s in sections),
        gaps=tuple(gap_views),
        gap_count=len(order),
        worst=worst.id if worst else "",
        worst_text=words[order[0]][0] if worst else "",
    )
    if not want_json:
        return view, None
    return view, jt.result(view, [s.json for s in sections], gap_json)
