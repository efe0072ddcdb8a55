"""Checklist files (format.md §1): read, checked key by key, built into the model.

Every problem in a checklist is collected and located before the file is
refused, so a clerk editing one sees all of them at once.  ``civcheck lint``
reads the same files more strictly and more thoroughly (its rules), the
JSON Schema in ``schemas/`` describes them for editors.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import Any, cast

from civcheck.formats import checklist_spec as spec
from civcheck.formats.reader import Doc, Issue, Map, scalar, show, top_mapping, type_name
from civcheck.formats.scalars import DocPath
from civcheck.formats.text import read_text
from civcheck.formats.values import parse_document
from civcheck.model import (
    ATTRIBUTE_TYPES,
    EVIDENCE,
    KINDS,
    METHODS,
    MODELS,
    Attribute,
    Checklist,
    Grade,
    Item,
    Level,
    Scalar,
    Section,
    Text,
)

CHECKLIST_FORMAT = "civcheck.checklist/1"


CHECKLIST_ID = re.compile(r"^[a-z0-9-]+$")


ITEM_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


DEFAULT_LEVELS: tuple[Level, ...] = (
    Level("excellent", Fraction(1), Text({"zh": "优", "en": "Excellent"})),
    Level("good", Fraction(4, 5), Text({"zh": "良", "en": "Good"})),
    Level("fair", Fraction(3, 5), Text({"zh": "中", "en": "Fair"})),
    Level("poor", Fraction(0), Text({"zh": "差", "en": "Poor"})),
)


_CHECKLIST_KEYS = tuple(spec.TOP)
_ATTRIBUTE_KEYS = tuple(spec.ATTRIBUTE)
_SCORING_KEYS = tuple(spec.SCORING)
_SECTION_KEYS = tuple(spec.SECTION)
_ITEM_KEYS = tuple(spec.ITEM)
_GRADE_KEYS = tuple(spec.GRADE)
_LEVEL_KEYS = tuple(spec.LEVEL_ENTRY)


def load_checklist(path: str | Path) -> Checklist:
    """Read and check a checklist file; raises :class:`InputError`."""
    name = str(path)
    text = read_text(path)
    data = parse_document(text, name)
    return checklist_from_data(data, name, text)


def checklist_from_data(data: Any, name: str, text: str) -> Checklist:
    """Check parsed checklist *data* and build the model."""
    doc = Doc(name, text)
    top = top_mapping(doc, data, "checklist", CHECKLIST_FORMAT)
    doc.guard(lambda: top.only(_CHECKLIST_KEYS))
    checklist_id = doc.guard(lambda: top.string("id", required=True)) or ""
    if checklist_id and not CHECKLIST_ID.match(checklist_id):
        doc.add(top.issue("id", "schema.checklist_id", value=checklist_id))
    version = doc.guard(lambda: top.string("version", required=True)) or ""
    title = doc.guard(lambda: top.text("title", required=True)) or Text({})
    short_title = doc.guard(lambda: top.text("short_title")) or Text({})
    site_types = doc.guard(lambda: top.strings("site_types")) or ()
    tags = doc.guard(lambda: top.strings("tags")) or ()
    source = doc.guard(lambda: top.string("source")) or ""

    scoring = _Scoring()
    doc.guard(lambda: scoring.read(top, doc))
    levels = doc.guard(lambda: _levels(top)) if "levels" in top.data else DEFAULT_LEVELS
    levels = levels if levels is not None else DEFAULT_LEVELS

    attributes = doc.guard(lambda: _attributes(top)) if top.has("attributes") else ()
    builder = _SectionBuilder(doc, scoring.model, levels, attributes or (), top.has("attributes"))
    sections = doc.guard(lambda: builder.sections(top)) or ()
    doc.raise_if_any()
    return Checklist(
        id=checklist_id,
        version=version,
        title=title,
        sections=sections,
        grades=scoring.grades,
        site_types=site_types,
        source=source,
        model=cast(Any, scoring.model),
        decimals=scoring.decimals,
        pass_mark=scoring.pass_mark,
        strong_mark=scoring.strong_mark,
        total=scoring.total,
        tags=tags,
        path=name,
        attributes=attributes or (),
        short_title=short_title,
    )


def _attributes(top: Map) -> tuple[Attribute, ...]:
    """The site attributes the checklist's ``when`` conditions use: type and label of each."""
    raw = Map(top.data["attributes"], top.at("attributes"), "attributes")
    out = []
    for key in raw.data:
        entry = Map(raw.data[key], raw.at(key), f"attributes.{key}")
        entry.only(_ATTRIBUTE_KEYS)
        kind = entry.choice("type", ATTRIBUTE_TYPES, "boolean") or "boolean"
        values: tuple[Scalar, ...] = ()
        if entry.has("values"):
            listed = entry.data["values"]
            if not isinstance(listed, list) or not listed:
                raise entry.issue("values", "schema.nonempty_list", what="values", got=type_name(listed))
            values = tuple(scalar(v, (*entry.at("values"), n), f"{key}.values") for n, v in enumerate(listed))
        label, question = entry.text("label", required=True), entry.text("question")
        out.append(Attribute(key, cast(Any, kind), label, values, question))
    return tuple(out)


def attribute_fits(attribute: Attribute, value: Scalar) -> bool:
    """Whether *value* is of the attribute's declared type (and among its listed values)."""
    if attribute.type == "boolean":
        ok = isinstance(value, bool)
    elif attribute.type == "number":
        ok = isinstance(value, (int, Fraction)) and not isinstance(value, bool)
    else:
        ok = isinstance(value, str)
    return ok and (not attribute.values or value in attribute.values)


class _Scoring:
    def __init__(self) -> None:
        self.model = "points"
        self.decimals = 2
        self.pass_mark = Fraction(60)
        self.strong_mark = Fraction(90)
        self.total: Fraction | None = None
        self.grades: tuple[Grade, ...] = ()

    def read(self, top: Map, doc: Doc) -> None:
        raw = top.data.get("scoring")
        scoring = Map({} if raw is None else raw, top.at("scoring"), "scoring")
        scoring.only(_SCORING_KEYS)
        self.model = scoring.choice("model", MODELS, "points") or "points"
        decimals = scoring.whole("decimals", 2)
        if decimals is None or decimals > 6:
            raise scoring.issue("decimals", "schema.range", what="decimals", low=0, high=6, got=show(decimals))
        self.decimals = decimals
        for key in ("pass_mark", "strong_mark"):
            value = scoring.number(key, default=getattr(self, key))
            if value is None or not 0 <= value <= 100:
                raise scoring.issue(key, "schema.range", what=key, low=0, high=100, got=show(scoring.data[key]))
            setattr(self, key, value)
        total = scoring.number("total")
        if total is not None and total <= 0:
            raise scoring.issue("total", "schema.positive", what="total")
        self.total = total
        self.grades = self._grades(scoring) if scoring.has("grades") else self._default_grades()

    def _default_grades(self) -> tuple[Grade, ...]:
        return (
            Grade("pass", self.pass_mark, Text({"zh": "合格", "en": "Pass"})),
            Grade("fail", Fraction(0), Text({"zh": "不合格", "en": "Fail"})),
        )

    def _grades(self, scoring: Map) -> tuple[Grade, ...]:
        raw = scoring.data["grades"]
        path = scoring.at("grades")
        if not isinstance(raw, list) or not raw:
            raise Issue(path, "schema.type", expected="list of grades", got=type_name(raw), what="grades")
        grades: list[Grade] = []
        for n, entry in enumerate(raw):
            band = Map(entry, (*path, n), "grade")
            band.only(_GRADE_KEYS)
            grade_min = band.number("min", required=True) or Fraction(0)
            if grades and grade_min >= grades[-1].min:
                raise band.issue("min", "schema.grades_order")
            grades.append(Grade(band.string("id", required=True), grade_min, band.text("label")))
        if grades[-1].min != 0:
            raise Issue((*path, len(raw) - 1, "min"), "schema.grades_zero")
        return tuple(grades)


def _levels(top: Map) -> tuple[Level, ...]:
    raw = Map(top.data["levels"], top.at("levels"), "levels")
    if not raw.data:
        return ()
    levels = []
    for key in raw.data:
        entry = Map(raw.data[key], raw.at(key), f"levels.{key}")
        entry.only(_LEVEL_KEYS)
        fraction = entry.number("fraction", required=True) or Fraction(0)
        if not 0 <= fraction <= 1:
            raise entry.issue("fraction", "schema.range", what="fraction", low=0, high=1, got=str(float(fraction)))
        levels.append(Level(key, fraction, entry.text("label")))
    return tuple(levels)


def _deadline(it: Map) -> int | None:
    days = it.whole("deadline_days")
    if days is not None and days > 3650:
        raise it.issue("deadline_days", "schema.range", what="deadline_days", low=0, high=3650, got=days)
    return days


class _SectionBuilder:
    """Builds sections and items, checking ids are unique across the file."""

    def __init__(
        self, doc: Doc, model: str, levels: tuple[Level, ...], attributes: tuple[Attribute, ...], declared: bool
    ) -> None:
        self.doc = doc
        self.model = model
        self.levels = levels
        self.attributes = {a.id: a for a in attributes}
        self.declared = declared  # a checklist that declares attributes must declare every one it uses
        self.item_ids: set[str] = set()
        self.section_ids: set[str] = set()

    def sections(self, parent: Map, key: str = "sections") -> tuple[Section, ...]:
        raw = parent.require(key)
        path = parent.at(key)
        if not isinstance(raw, list) or not raw:
            raise Issue(path, "schema.nonempty_list", what=key, got=type_name(raw))
        result = []
        for n, entry in enumerate(raw):
            section = self.doc.guard(partial(self.section, entry, (*path, n)))
            if section is not None:
                result.append(section)
        return tuple(result)

    def section(self, raw: Any, path: DocPath) -> Section:
        sec = Map(raw, path, "section")
        sec.only(_SECTION_KEYS)
        section_id = sec.string("id", required=True)
        if section_id in self.section_ids:
            raise sec.issue("id", "schema.duplicate_id", id=section_id)
        self.section_ids.add(section_id)
        title = sec.text("title")
        weight = sec.number("weight")
        if weight is not None and weight <= 0:
            raise sec.issue("weight", "schema.positive", what="weight")
        if self.model == "weighted" and weight is None:
            raise Issue(path, "schema.weight_missing", id=section_id)
        has_items, has_sections = sec.has("items"), sec.has("sections")
        if has_items == has_sections:
            raise Issue(path, "schema.section_content", id=section_id)
        if has_sections:
            return Section(section_id, title, weight, sections=self.sections(sec))
        raw_items = sec.data["items"]
        items_path = sec.at("items")
        if not isinstance(raw_items, list) or not raw_items:
            raise Issue(items_path, "schema.nonempty_list", what="items", got=type_name(raw_items))
        items = []
        for n, entry in enumerate(raw_items):
            item = self.doc.guard(partial(self.item, entry, (*items_path, n)))
            if item is not None:
                items.append(item)
        return Section(section_id, title, weight, items=tuple(items))

    def item(self, raw: Any, path: DocPath) -> Item:
        it = Map(raw, path, "item")
        it.only(_ITEM_KEYS)
        item_id = it.string("id", required=True)
        if not ITEM_ID.match(item_id):
            raise it.issue("id", "schema.item_id", value=item_id)
        if item_id in self.item_ids:
            raise it.issue("id", "schema.duplicate_id", id=item_id)
        self.item_ids.add(item_id)
        kind = it.choice("kind", KINDS, "check") or "check"
        points = it.number("points", required=True) or Fraction(0)
        if points <= 0:
            raise it.issue("points", "schema.positive", what="points")
        per = it.number("per")
        if kind == "deduct":
            if per is None:
                raise Issue(path, "schema.per_missing", id=item_id)
            if per <= 0:
                raise it.issue("per", "schema.positive", what="per")
        elif per is not None:
            raise it.issue("per", "schema.per_kind", at_key=True, id=item_id)
        levels: tuple[Level, ...] = ()
        if kind == "grade":
            levels = self.item_levels(it)
            if not levels:
                raise Issue(path, "schema.levels_missing", id=item_id)
        elif it.has("levels"):
            raise it.issue("levels", "schema.levels_kind", at_key=True, id=item_id)
        return Item(
            id=item_id,
            text=it.text("text", required=True),
            points=points,
            kind=cast(Any, kind),
            per=per,
            critical=it.boolean("critical", False),
            na=it.boolean("na", True),
            when=self.when(it),
            levels=levels,
            method=it.choice("method", METHODS, None),
            evidence=it.choice("evidence", EVIDENCE, None),
            hint=it.text("hint"),
            sample=it.text("sample"),
            owner=it.text("owner"),
            remedy=it.text("remedy"),
            deadline_days=_deadline(it),
        )

    def item_levels(self, it: Map) -> tuple[Level, ...]:
        """A grade item uses the checklist's levels, or a subset named in ``levels``."""
        if not it.has("levels"):
            return self.levels
        keys = it.data["levels"]
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys) or not keys:
            raise it.issue("levels", "schema.type", expected="list of level keys", got=type_name(keys), what="levels")
        known = {level.id: level for level in self.levels}
        for n, key in enumerate(keys):
            if key not in known:
                raise Issue((*it.at("levels"), n), "schema.unknown_level", level=key, known=", ".join(known))
        return tuple(known[key] for key in keys)

    def when(self, it: Map) -> dict[str, tuple[Scalar, ...]]:
        if not it.has("when"):
            return {}
        raw = it.data["when"]
        if not isinstance(raw, dict) or not raw:
            raise it.issue("when", "schema.when_empty")
        when: dict[str, tuple[Scalar, ...]] = {}
        for key, value in raw.items():
            values = value if isinstance(value, list) else [value]
            if not values:
                raise Issue((*it.at("when"), key), "schema.when_empty")
            when[key] = tuple(scalar(v, (*it.at("when"), key), f"when.{key}") for v in values)
            if self.declared:
                attribute = self.attributes.get(key)
                if attribute is None:
                    raise Issue((*it.at("when"), key), "schema.undeclared_attribute", at_key=True, key=key,
                                 known=", ".join(self.attributes) or "-")  # fmt: skip
                for n, v in enumerate(when[key]):
                    if not attribute_fits(attribute, v):
                        where = (*it.at("when"), key) if not isinstance(value, list) else (*it.at("when"), key, n)
                        raise Issue(where, "schema.attribute_value", key=key, type=attribute.type, got=show(v))
        return when
