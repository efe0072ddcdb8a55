"""Small builders for model objects, so scoring tests read like the rules they test."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from civcheck.formats.checklist import DEFAULT_LEVELS
from civcheck.model import Answer, Assessment, Checklist, Grade, Item, Section, Site, Text
from civcheck.views import ResultView

GRADES = (
    Grade("excellent", Fraction(90), Text({"zh": "优秀", "en": "Excellent"})),
    Grade("good", Fraction(80), Text({"zh": "良好", "en": "Good"})),
    Grade("pass", Fraction(60), Text({"zh": "合格", "en": "Pass"})),
    Grade("fail", Fraction(0), Text({"zh": "不合格", "en": "Fail"})),
)


def item(item_id: str, points: Any = 5, kind: str = "check", **kw: Any) -> Item:
    if "per" in kw and kw["per"] is not None:
        kw["per"] = Fraction(str(kw["per"]))
    if kind == "grade":
        kw.setdefault("levels", DEFAULT_LEVELS)
    return Item(id=item_id, text=Text({"zh": item_id}), points=Fraction(str(points)), kind=kind, **kw)  # type: ignore[arg-type]


def section(section_id: str, *children: Item | Section, weight: Any = None) -> Section:
    items = tuple(c for c in children if isinstance(c, Item))
    sections = tuple(c for c in children if isinstance(c, Section))
    return Section(
        section_id, Text({"zh": section_id}), None if weight is None else Fraction(str(weight)), items, sections
    )


def checklist(*sections: Section, model: str = "points", decimals: int = 2, pass_mark: int = 60) -> Checklist:
    return Checklist(
        id="t",
        version="1",
        title=Text({"zh": "测试"}),
        sections=sections,
        grades=GRADES,
        model=model,  # type: ignore[arg-type]
        decimals=decimals,
        pass_mark=Fraction(pass_mark),
    )


def answer(item_id: str, value: Any, **kw: Any) -> Answer:
    if value in ("pass", "fail", "na"):
        return Answer(item_id, status=value, **kw)
    if isinstance(value, int):
        return Answer(item_id, found=value, **kw)
    return Answer(item_id, level=value, **kw)


def assessment(
    answers: dict[str, Any], attributes: dict[str, Any] | None = None, date: dt.date | None = dt.date(2026, 7, 10)
) -> Assessment:
    built = {k: (v if isinstance(v, Answer) else answer(k, v)) for k, v in answers.items()}
    return Assessment(
        checklist="t",
        checklist_version="1",
        site=Site("s", attributes=attributes or {}),
        answers=built,
        round="2026-07",
        date=date,
    )


def view(**fields: Any) -> ResultView:
    """A result view with every field a ranking needs, defaults filled in (for bulletin tests)."""
    from decimal import Decimal

    base: dict[str, Any] = dict(
        file="a.yaml", site="s", site_name="s", township="T", grid="A", checklist="c", version="1",
        checklist_title="c", checklist_label="c", round="r", date=None, assessor="", decimals=2, score=None, rounded=None, grade="",
        grade_label="", passed=False, pass_mark=Decimal(60), vetoed=False, vetoes=(), earned=Decimal(0), possible=Decimal(0), missing=(),
        excluded=(), not_applicable=(), to_answer=5, sections=(), gaps=(), gap_count=0, worst="", worst_text="",
    )  # fmt: skip
    base.update(fields)
    return ResultView(**base)
