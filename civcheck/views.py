"""Results as plain, rounded, language-resolved data.

Every renderer (json, csv, md, table) reads these views rather than the
scoring objects, so rounding, localization and field order are decided in
exactly one place.  The view of a result is the JSON object of format.md §4;
the other formats pick columns from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

from civcheck.errors import Problem
from civcheck.model import Item
from civcheck.scoring import Gap, Result, SectionResult
from civcheck.text import path_text

SCORE_FORMAT = "civcheck.score/1"


def number(value: Decimal) -> int | float:
    """A rounded amount of points as a JSON number: 35, not 35.0; 2.5 stays."""
    return int(value) if value == value.to_integral_value() else float(value)


def percent(value: Decimal | None) -> float | None:
    """A percentage as a JSON number; always shown with a fraction (90.0)."""
    return None if value is None else float(value)


def _scaled(value: Fraction, decimals: int) -> int:
    """*value* × 10^decimals rounded half-up, in integers (what :func:`round_half_up` does, without Decimal)."""
    top: int = value.numerator
    bottom: int = value.denominator
    scale: int = 10**decimals
    whole: int = (2 * abs(top) * scale + bottom) // (2 * bottom)
    return -whole if top < 0 else whole


def _points(result: Result, value: Fraction) -> int | float:
    if value.denominator == 1:
        return int(value)
    decimals = result.checklist.decimals
    scaled = _scaled(value, decimals)
    scale: int = 10**decimals
    # q / 10^d as a float prints as exactly that decimal (json uses the shortest repr)
    return scaled // scale if scaled % scale == 0 else scaled / scale


def _percent(result: Result, value: Fraction | None) -> float | None:
    if value is None:
        return None
    decimals = result.checklist.decimals
    scale: int = 10**decimals
    return _scaled(value, decimals) / scale


def section_view(result: Result, section: SectionResult, lang: str) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": section.section.id,
        "title": section.section.title.get(lang),
        "score": _percent(result, section.score),
        "earned": _points(result, section.earned),
        "possible": _points(result, section.possible),
        "class": section.klass,
        "standing": section.standing,
        "missing": list(section.missing),
    }
    if section.children:
        view["sections"] = [section_view(result, child, lang) for child in section.children]
    return view


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


def gap_view(result: Result, gap: Gap, lang: str) -> dict[str, Any]:
    answer = gap.answer
    text, default_owner, remedy = _texts(gap.item, lang)
    owner = (answer.owner if answer and answer.owner else "") or default_owner
    person = (answer.person if answer and answer.person else "") or result.assessment.site.person
    return {
        "item": gap.item.id,
        "text": text,
        "section": gap.section[-1] if gap.section else "",
        "category": gap.category,
        "lost": _points(result, gap.lost),
        "impact": _percent(result, gap.impact),
        "critical": gap.item.critical,
        "owner": owner,
        "person": person,
        "remedy": remedy,
        "due": gap.due.isoformat() if gap.due else None,
        "note": answer.note if answer else "",
        "evidence": list(answer.evidence) if answer else [],
        "fixed_on_site": answer.fixed_on_site if answer else None,
    }


def result_view(result: Result, lang: str) -> dict[str, Any]:
    """The JSON object for one scored answers file (format.md §4)."""
    a = result.assessment
    c = result.checklist
    site: dict[str, Any] = {"id": a.site.id, "name": a.site.name}
    for key in ("township", "grid"):
        if getattr(a.site, key):
            site[key] = getattr(a.site, key)
    return {
        "file": path_text(a.path),
        "site": site,
        "checklist": {"id": c.id, "version": c.version, "title": c.title.get(lang)},
        "round": a.round,
        "date": a.date.isoformat() if a.date else None,
        "assessor": a.assessor,
        "decimals": c.decimals,
        "score": percent(result.rounded_score),
        "grade": result.grade.id if result.grade else None,
        "grade_label": result.grade.label.get(lang) if result.grade and result.grade.label else None,
        "passed": result.passed,
        "vetoed": result.vetoed,
        "vetoes": list(result.vetoes),
        "complete": result.complete,
        "earned": _points(result, result.earned),
        "possible": _points(result, result.possible),
        "missing": list(result.missing),
        "excluded": [r.item.id for r in result.items if r.state == "excluded"],
        "not_applicable": [r.item.id for r in result.items if r.state == "na"],
        "sections": [section_view(result, s, lang) for s in result.sections],
        "gaps": [gap_view(result, g, lang) for g in result.gaps],
    }


def problem_view(problem: Problem, lang: str) -> dict[str, Any]:
    return {"file": problem.path, "line": problem.line, "column": problem.column, "message": problem.message(lang)}


def score_document(results: Iterable[Result], problems: Iterable[Problem], lang: str) -> dict[str, Any]:
    """The whole ``civcheck.score/1`` document."""
    return {
        "format": SCORE_FORMAT,
        "results": [result_view(r, lang) for r in results],
        "errors": [problem_view(p, lang) for p in problems],
    }


def flat_sections(sections: Iterable[dict[str, Any]], depth: int = 0) -> Iterable[tuple[int, dict[str, Any]]]:
    """Section views depth-first, with their nesting depth."""
    for section in sections:
        yield depth, section
        yield from flat_sections(section.get("sections", []), depth + 1)
