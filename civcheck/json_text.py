"""JSON written piece by piece, exactly as ``json.dumps(value, ensure_ascii=False)`` writes it.

The batch path (:mod:`civcheck.compiled`) writes each result's JSON line
from parts it remembers instead of building dictionaries to dump; these are
the parts' spellings — strings through the same C encoder ``json.dumps``
uses, numbers as Python's ``repr`` of the float or int that
:mod:`civcheck.views` would hand to ``json.dumps`` — and the result object
in the key order of :func:`civcheck.views.json_of`.  The tests compare both,
byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from decimal import Decimal

from civcheck.views import NaView, ResultView

_encode = json.encoder.encode_basestring  # the C encoder json.dumps uses


def string(text: str) -> str:
    return _encode(text)


def number(value: Decimal) -> str:
    """A rounded amount as json.dumps writes views.number(): 35, or 2.5."""
    return repr(int(value)) if value == value.to_integral_value() else repr(float(value))


def optional(text: str | None) -> str:
    return "null" if text is None else string(text)


def percent(value: Decimal | None) -> str:
    return "null" if value is None else repr(float(value))


EMPTY = '""'
_DATES: dict[dt.date, str] = {}


def date(day: dt.date | None) -> str:
    if day is None:
        return "null"
    found = _DATES.get(day)
    if found is None:
        if len(_DATES) > 10_000:
            _DATES.clear()
        found = _DATES[day] = f'"{day.isoformat()}"'
    return found


def ids(values: Sequence[str]) -> str:
    return "[" + ", ".join(string(v) for v in values) + "]"


def _na(n: NaView) -> str:
    approved = "null" if n.approved is None else ("true" if n.approved else "false")
    return (f'{{"item": {string(n.item)}, "reason": {string(n.reason)}, "approved": {approved}, '
            f'"expires": {date(n.expires)}, "points": {number(n.points)}, '
            f'"unanswered": {"true" if n.unanswered else "false"}}}')  # fmt: skip


def result(v: ResultView, sections: list[str], gaps: list[str]) -> str:
    """The JSON object of views.json_of, written as json.dumps(ensure_ascii=False) writes it."""
    site = f'{{"id": {string(v.site)}, "name": {string(v.site_name)}'
    if v.township:
        site += f', "township": {string(v.township)}'
    if v.grid:
        site += f', "grid": {string(v.grid)}'
    site += "}"
    return (
        f'{{"file": {string(v.file)}, "site": {site}, "checklist": {{"id": {string(v.checklist)}, '
        f'"version": {string(v.version)}, "title": {string(v.checklist_title)}}}, "round": {string(v.round)}, '
        f'"date": {string(v.date.isoformat()) if v.date else "null"}, "assessor": {string(v.assessor)}, '
        f'"decimals": {v.decimals}, "score": {percent(v.rounded)}, "grade": {string(v.grade) if v.grade else "null"}, '
        f'"grade_label": {string(v.grade_label) if v.grade_label else "null"}, '
        f'"passed": {"true" if v.passed else "false"}, "vetoed": {"true" if v.vetoed else "false"}, '
        f'"vetoes": {ids(v.vetoes)}, "complete": {"true" if v.complete else "false"}, '
        f'"earned": {number(v.earned)}, "possible": {number(v.possible)}, "missing": {ids(v.missing)}, '
        f'"excluded": {ids(v.excluded)}, "not_applicable": [{", ".join(_na(n) for n in v.not_applicable)}], '
        f'"sections": [{", ".join(sections)}], "gaps": [{", ".join(gaps)}]}}'
    )
