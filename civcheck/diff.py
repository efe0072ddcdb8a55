"""What changed between two versions of a checklist, and whether it changes scores.

A checklist edit that moves points, kinds, vetoes, conditions or structure
changes the score of every site assessed against it.  Answers files name a
checklist *version*, so such an edit must come with a new ``version``: then
last round's answers keep scoring against the old file and nothing moves
silently.  :func:`compare` lists every change and marks the ones that are
scoring-relevant; :attr:`ChecklistDiff.unversioned` is the regression CI
must catch.

:func:`compare` is pure: checklists in, changes out; values in a
:class:`Change` are plain JSON data (numbers, text, lists, mappings), ready
for any renderer.  Older versions of a file come from git through
:mod:`civcheck.git`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any, Literal

from civcheck.errors import Problem
from civcheck.i18n import extend
from civcheck.model import Checklist, Item, Level, Scalar, Section, Text

Scope = Literal["checklist", "section", "item"]

extend(
    {
        "diff.two_files": (
            "请给出两个检查表文件（旧 新），或用 --git REV 给出一个或多个文件",
            "give two checklist files (OLD NEW), or --git REV and one or more files",
        ),
        "diff.new_file": ("{path}：{rev} 中没有此文件（新检查表）", "{path}: not in {rev} (a new checklist)"),
    }
)

# Item fields compared one by one, and whether a change to each moves scores.
ITEM_FIELDS: tuple[tuple[str, bool], ...] = (
    ("kind", True),
    ("points", True),
    ("per", True),
    ("critical", True),
    ("na", True),
    ("when", True),
    ("levels", True),
    ("text", False),
    ("hint", False),
    ("sample", False),
    ("owner", False),
    ("remedy", False),
    ("method", False),
    ("evidence", False),
    ("deadline_days", False),
)
CHECKLIST_FIELDS: tuple[tuple[str, bool], ...] = (
    ("id", False),
    ("model", True),
    ("decimals", True),
    ("pass_mark", True),
    ("strong_mark", True),
    ("grades", True),
    ("levels", True),
    ("title", False),
    ("short_title", False),
    ("grade_labels", False),
    ("level_labels", False),
    ("total", False),
    ("site_types", False),
    ("source", False),
    ("tags", False),
)


@dataclass(frozen=True)
class Change:
    """One difference: ``field`` is ``added``, ``removed`` or the name of what changed."""

    scope: Scope
    id: str
    field: str
    old: Any
    new: Any
    scoring: bool


@dataclass(frozen=True)
class ChecklistDiff:
    old_name: str
    new_name: str
    old: Checklist
    new: Checklist
    changes: tuple[Change, ...]

    @property
    def scoring_changed(self) -> bool:
        return any(c.scoring for c in self.changes)

    @property
    def version_changed(self) -> bool:
        return self.old.version != self.new.version

    @property
    def unversioned(self) -> bool:
        """Scores can change, but answers files cannot tell the versions apart.

        A checklist with a new id is another checklist: answers name it afresh.
        """
        return self.scoring_changed and not self.version_changed and self.old.id == self.new.id


def number(value: Fraction | None) -> int | float | str | None:
    """An exact amount as a JSON value: 5, 2.5, or "1/3" when no decimal holds it."""
    if value is None:
        return None
    if value.denominator == 1:
        return value.numerator
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(decimal) == value:
        return float(decimal)
    return str(value)


def _scalar(value: Scalar) -> Any:
    return number(value) if isinstance(value, Fraction) else value


def _text(text: Text) -> dict[str, str]:
    return dict(text.values)


def _item_value(item: Item, field: str) -> Any:
    value = getattr(item, field)
    if field in ("points", "per"):
        return number(value)
    if field == "when":
        return {key: [_scalar(v) for v in values] for key, values in value.items()}
    if field == "levels":
        # Which levels the item offers; their fractions are compared once, checklist-wide.
        return [level.id for level in value] if item.kind == "grade" else None
    if isinstance(value, Text):
        return _text(value)
    return value


def _checklist_value(checklist: Checklist, field: str) -> Any:
    if field in ("pass_mark", "strong_mark", "total"):
        return number(getattr(checklist, field))
    if field == "grades":
        return [{"id": g.id, "min": number(g.min)} for g in checklist.grades]
    if field == "grade_labels":
        return {g.id: _text(g.label) for g in checklist.grades}
    if field == "levels":
        return {level.id: number(level.fraction) for level in _levels(checklist)}
    if field == "level_labels":
        return {level.id: _text(level.label) for level in _levels(checklist)}
    if field in ("title", "short_title"):
        return _text(getattr(checklist, field))
    value = getattr(checklist, field)
    return list(value) if isinstance(value, tuple) else value


def _levels(checklist: Checklist) -> list[Level]:
    """The levels in use: every level some grade item offers, first seen first.

    The model keeps each grade item's levels, not the checklist's ``levels``
    block: a level no item can be answered with cannot change a score.
    """
    found: dict[str, Level] = {}
    for item in checklist.iter_items():
        for level in item.levels:
            found.setdefault(level.id, level)
    return list(found.values())


def _sections(checklist: Checklist) -> dict[str, tuple[Section, tuple[str, ...]]]:
    """Every section by id, with the ids of the sections above it."""
    found: dict[str, tuple[Section, tuple[str, ...]]] = {}

    def walk(sections: tuple[Section, ...], parents: tuple[str, ...]) -> None:
        for section in sections:
            found[section.id] = (section, parents)
            walk(section.sections, (*parents, section.id))

    walk(checklist.sections, ())
    return found


def _items(checklist: Checklist) -> dict[str, tuple[Item, str]]:
    """Every item by id, with the id of the section holding it."""
    found: dict[str, tuple[Item, str]] = {}
    for section, _ in _sections(checklist).values():
        for item in section.items:
            found[item.id] = (item, section.id)
    return found


def _summary(item: Item, section: str) -> dict[str, Any]:
    return {"section": section, "kind": item.kind, "points": number(item.points), "text": _text(item.text)}


def compare(old: Checklist, new: Checklist, old_name: str = "", new_name: str = "") -> ChecklistDiff:
    """Every change from *old* to *new*, the checklist first, then sections, then items."""
    changes = [*_checklist_changes(old, new), *_section_changes(old, new), *_item_changes(old, new)]
    return ChecklistDiff(old_name or old.path, new_name or new.path, old, new, tuple(changes))


def _checklist_changes(old: Checklist, new: Checklist) -> Iterator[Change]:
    for field, scoring in CHECKLIST_FIELDS:
        before, after = _checklist_value(old, field), _checklist_value(new, field)
        if before != after:
            yield Change("checklist", new.id, field, before, after, scoring)


def _section_changes(old: Checklist, new: Checklist) -> Iterator[Change]:
    before, after = _sections(old), _sections(new)
    weighted = "weighted" in (old.model, new.model)
    for section_id, (section, parents) in after.items():
        if section_id not in before:
            yield Change("section", section_id, "added", None, {"parent": "/".join(parents)}, True)
            continue
        was, was_parents = before[section_id]
        if was_parents != parents:
            yield Change("section", section_id, "parent", "/".join(was_parents), "/".join(parents), True)
        if was.weight != section.weight:
            yield Change("section", section_id, "weight", number(was.weight), number(section.weight), weighted)
        if was.title != section.title:
            yield Change("section", section_id, "title", _text(was.title), _text(section.title), False)
    for section_id, (_, parents) in before.items():
        if section_id not in after:
            yield Change("section", section_id, "removed", {"parent": "/".join(parents)}, None, True)


def _item_changes(old: Checklist, new: Checklist) -> Iterator[Change]:
    before, after = _items(old), _items(new)
    for item_id, (item, section) in after.items():
        if item_id not in before:
            yield Change("item", item_id, "added", None, _summary(item, section), True)
            continue
        was, was_section = before[item_id]
        if was_section != section:
            yield Change("item", item_id, "section", was_section, section, True)
        for field, scoring in ITEM_FIELDS:
            a, b = _item_value(was, field), _item_value(item, field)
            if a != b:
                yield Change("item", item_id, field, a, b, scoring)
    for item_id, (item, section) in before.items():
        if item_id not in after:
            yield Change("item", item_id, "removed", _summary(item, section), None, True)


# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffReport:
    """What ``civcheck diff`` shows: each pair of checklists compared, and the files that could not be read."""

    diffs: Sequence[ChecklistDiff]
    problems: Sequence[Problem]
