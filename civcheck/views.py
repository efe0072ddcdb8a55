"""A scored result as every output shows it: typed, pre-rounded, language resolved — built once.

Every renderer (table, json, csv, md, xlsx, html) and every summary (the
bulletin's ranking, roll-ups, charts) reads a :class:`ResultView`, never the
scoring objects, so rounding, localization and field order are decided in
exactly one place, with one rounding function
(:func:`civcheck.scoring.round_half_up`).  :func:`json_of` turns a view into
the JSON object of format.md §4.

The views are named tuples: a batch builds one per file and one per gap,
and tuples cost a fraction of dataclasses.  A bulletin that does not list
gaps keeps its views without them (:meth:`ResultView.without_gaps`), so its
memory stays flat however many files it ranks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from civcheck.approvals import NaState
from civcheck.errors import Problem
from civcheck.model import Item
from civcheck.scoring import Gap, Result, SectionResult, round_half_up
from civcheck.text import path_text

SCORE_FORMAT = "civcheck.score/1"


class GapView(NamedTuple):
    """One gap, as shown: amounts rounded to the checklist's decimals, the unit and person resolved."""

    item: str
    text: str
    section: str
    category: str  # failed (漏项) | partial (弱项) | missing (未检)
    lost: Decimal
    impact: Decimal
    critical: bool
    owner: str
    person: str
    remedy: str
    due: dt.date | None
    note: str
    evidence: tuple[str, ...]
    fixed_on_site: bool | None


class NaView(NamedTuple):
    """An item answered 不适用: why, whether the office approved it (None: no approvals in play), its points."""

    item: str
    reason: str  # the answer's note; "" is 未说明理由
    approval: str | None  # approved | expired | unapproved
    expires: dt.date | None
    points: Decimal
    unanswered: bool = False  # --strict-na: without an approval in force it scored as 未检, its points not excluded

    @property
    def approved(self) -> bool | None:
        return None if self.approval is None else self.approval == "approved"


class SectionView(NamedTuple):
    """One section: its score, its class (强项/一般/弱项) and the items it left unanswered (未检)."""

    id: str
    title: str
    score: Decimal | None
    exact: Fraction | None  # for means across sites, taken before rounding
    earned: Decimal
    possible: Decimal
    klass: str | None
    standing: str | None
    missing: tuple[str, ...]
    sections: tuple[SectionView, ...]


class ResultView(NamedTuple):
    """One scored answers file as every output shows it."""

    file: str
    site: str
    site_name: str
    township: str
    grid: str
    checklist: str
    version: str
    checklist_title: str
    checklist_label: str  # the short title (简称), else the title: for narrow columns and charts
    round: str
    date: dt.date | None
    assessor: str
    decimals: int
    score: Fraction | None  # exact: ranking orders by it, ties are judged on the rounded score
    rounded: Decimal | None
    grade: str
    grade_label: str
    passed: bool
    pass_mark: Decimal  # the checklist's 达标线, for charts
    vetoed: bool
    vetoes: tuple[str, ...]
    earned: Decimal
    possible: Decimal
    missing: tuple[str, ...]
    excluded: tuple[str, ...]
    not_applicable: tuple[NaView, ...]  # the items answered 不适用, with their reasons and approval
    to_answer: int  # applicable items: answered, 不适用 or unanswered
    sections: tuple[SectionView, ...]
    gaps: tuple[GapView, ...]
    gap_count: int
    worst: str  # the first gap's item and text: what a ranking shows
    worst_text: str

    @property
    def complete(self) -> bool:
        """Every applicable item answered: a finished self-check, not one in progress."""
        return not self.missing

    @property
    def answered(self) -> int:
        return self.to_answer - len(self.missing)

    @property
    def grade_shown(self) -> str:
        """The grade as people read it: its label, else its id."""
        return self.grade_label or self.grade

    def without_gaps(self) -> ResultView:
        """The view a ranking keeps (the count and the worst gap stay)."""
        return self._replace(gaps=())


_ITEM_TEXTS: dict[tuple[int, str], tuple[Item, str, str, str]] = {}


def _texts(item: Item, lang: str) -> tuple[str, str, str]:
    """An item's text, default owner and remedy in *lang* (looked up once per item, not per gap)."""
    cached = _ITEM_TEXTS.get((id(item), lang))
    if cached is None or cached[0] is not item:
        if len(_ITEM_TEXTS) > 50_000:
            _ITEM_TEXTS.clear()
        cached = (item, item.text.get(lang), item.owner.get(lang), item.remedy.get(lang))
        _ITEM_TEXTS[(id(item), lang)] = cached
    return cached[1], cached[2], cached[3]


def _section_view(section: SectionResult, decimals: int, lang: str) -> SectionView:
    score = section.score
    return SectionView(
        id=section.section.id,
        title=section.section.title.get(lang),
        score=None if score is None else round_half_up(score, decimals),
        exact=score,
        earned=round_half_up(section.earned, decimals),
        possible=round_half_up(section.possible, decimals),
        klass=section.klass,
        standing=section.standing,
        missing=section.missing,
        sections=tuple(_section_view(child, decimals, lang) for child in section.children),
    )


def _gap_view(gap: Gap, decimals: int, site_person: str, lang: str) -> GapView:
    answer = gap.answer
    text, default_owner, remedy = _texts(gap.item, lang)
    return GapView(
        item=gap.item.id,
        text=text,
        section=gap.section[-1] if gap.section else "",
        category=gap.category,
        lost=round_half_up(gap.lost, decimals),
        impact=round_half_up(gap.impact, decimals),
        critical=gap.item.critical,
        owner=(answer.owner if answer and answer.owner else "") or default_owner,
        person=(answer.person if answer and answer.person else "") or site_person,
        remedy=remedy,
        due=gap.due,
        note=answer.note if answer else "",
        evidence=answer.evidence if answer else (),
        fixed_on_site=answer.fixed_on_site if answer else None,
    )


def view_of(result: Result, lang: str, gaps: bool = True, judged: Mapping[str, NaState] | None = None) -> ResultView:
    """The view of one result; with *gaps* false, only the count and the worst gap are kept.

    *judged* gives each 不适用 item's approval state and expiry (civcheck/approvals.py), when approvals are in
    play; by default, what the result carries.
    """
    if judged is None:
        judged = result.judged
    a, c = result.assessment, result.checklist
    decimals = c.decimals
    grade = result.grade
    worst = result.gaps[0] if result.gaps else None
    return ResultView(
        file=path_text(a.path),
        site=a.site.id,
        site_name=a.site.name,
        township=a.site.township,
        grid=a.site.grid,
        checklist=c.id,
        version=c.version,
        checklist_title=c.title.get(lang),
        checklist_label=c.label(lang),
        round=a.round,
        date=a.date,
        assessor=a.assessor,
        decimals=decimals,
        score=result.score,
        rounded=result.rounded_score,
        grade=grade.id if grade else "",
        grade_label=grade.label.get(lang) if grade and grade.label else "",
        passed=result.passed,
        pass_mark=round_half_up(c.pass_mark, decimals),
        vetoed=result.vetoed,
        vetoes=result.vetoes,
        earned=round_half_up(result.earned, decimals),
        possible=round_half_up(result.possible, decimals),
        missing=result.missing,
        excluded=tuple(r.item.id for r in result.items if r.state == "excluded"),
        not_applicable=tuple(
            na_view(
                r.item.id,
                r.answer.note if r.answer else "",
                judged,
                round_half_up(r.item.points, decimals),
                r.state == "missing",
            )
            for r in result.items
            if r.state == "na" or (r.state == "missing" and judged is not None and r.item.id in judged)
        ),
        to_answer=sum(1 for r in result.items if r.state != "excluded"),
        sections=tuple(_section_view(s, decimals, lang) for s in result.sections),
        gaps=tuple(_gap_view(g, decimals, a.site.person, lang) for g in result.gaps) if gaps else (),
        gap_count=len(result.gaps),
        worst=worst.item.id if worst else "",
        worst_text=_texts(worst.item, lang)[0] if worst else "",
    )


def na_view(
    item: str, note: str, judged: Mapping[str, NaState] | None, points: Decimal, unanswered: bool = False
) -> NaView:
    """An item answered 不适用; *unanswered* when --strict-na scored it as 未检 for want of an approval."""
    found = judged.get(item) if judged is not None else None
    if found is None:
        return NaView(item, note, None, None, points)
    return NaView(item, found.reason, found.state, found.expires, points, unanswered)


def flat_sections(sections: Iterable[SectionView], depth: int = 0) -> Iterator[tuple[int, SectionView]]:
    """Sections depth-first, with their nesting depth."""
    for section in sections:
        yield depth, section
        yield from flat_sections(section.sections, depth + 1)


# --- JSON (format.md §4) --------------------------------------------------------------


def number(value: Decimal) -> int | float:
    """A rounded amount of points as a JSON number: 35, not 35.0; 2.5 stays."""
    return int(value) if value == value.to_integral_value() else float(value)


def percent(value: Decimal | None) -> float | None:
    """A percentage as a JSON number; always shown with a fraction (90.0)."""
    return None if value is None else float(value)


def _section_json(s: SectionView) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": s.id,
        "title": s.title,
        "score": percent(s.score),
        "earned": number(s.earned),
        "possible": number(s.possible),
        "class": s.klass,
        "standing": s.standing,
        "missing": list(s.missing),
    }
    if s.sections:
        out["sections"] = [_section_json(child) for child in s.sections]
    return out


def _gap_json(g: GapView) -> dict[str, Any]:
    return {
        "item": g.item,
        "text": g.text,
        "section": g.section,
        "category": g.category,
        "lost": number(g.lost),
        "impact": percent(g.impact),
        "critical": g.critical,
        "owner": g.owner,
        "person": g.person,
        "remedy": g.remedy,
        "due": g.due.isoformat() if g.due else None,
        "note": g.note,
        "evidence": list(g.evidence),
        "fixed_on_site": g.fixed_on_site,
    }


def na_json(n: NaView) -> dict[str, Any]:
    """The JSON object of one 不适用 item (format.md §4): why, whether approved, until when, its points."""
    return {"item": n.item, "reason": n.reason, "approved": n.approved,
            "expires": n.expires.isoformat() if n.expires else None, "points": number(n.points),
            "unanswered": n.unanswered}  # fmt: skip


def json_of(v: ResultView) -> dict[str, Any]:
    """The JSON object for one scored answers file (format.md §4)."""
    site: dict[str, Any] = {"id": v.site, "name": v.site_name}
    if v.township:
        site["township"] = v.township
    if v.grid:
        site["grid"] = v.grid
    return {
        "file": v.file,
        "site": site,
        "checklist": {"id": v.checklist, "version": v.version, "title": v.checklist_title},
        "round": v.round,
        "date": v.date.isoformat() if v.date else None,
        "assessor": v.assessor,
        "decimals": v.decimals,
        "score": percent(v.rounded),
        "grade": v.grade or None,
        "grade_label": v.grade_label or None,
        "passed": v.passed,
        "vetoed": v.vetoed,
        "vetoes": list(v.vetoes),
        "complete": v.complete,
        "earned": number(v.earned),
        "possible": number(v.possible),
        "missing": list(v.missing),
        "excluded": list(v.excluded),
        "not_applicable": [na_json(n) for n in v.not_applicable],
        "sections": [_section_json(s) for s in v.sections],
        "gaps": [_gap_json(g) for g in v.gaps],
    }


def problem_json(problem: Problem, lang: str) -> dict[str, Any]:
    return {"file": problem.path, "line": problem.line, "column": problem.column, "message": problem.message(lang)}


def score_document(views: Iterable[ResultView], problems: Iterable[Problem], lang: str) -> dict[str, Any]:
    """The whole ``civcheck.score/1`` document."""
    return {
        "format": SCORE_FORMAT,
        "results": [json_of(v) for v in views],
        "errors": [problem_json(p, lang) for p in problems],
    }
