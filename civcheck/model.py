"""The data model: checklists, answers and sites as frozen dataclasses.

Pure data with no I/O.  Every number that takes part in scoring is a
:class:`fractions.Fraction`, so that scores are exact and only rounded when
they are reported (format.md §3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal, Union

Kind = Literal["check", "grade", "deduct"]
Status = Literal["pass", "fail", "na"]
Scalar = Union[str, int, bool, Fraction, None]

KINDS: tuple[str, ...] = ("check", "grade", "deduct")
METHODS: tuple[str, ...] = ("inspect", "documents", "survey", "interview")
EVIDENCE: tuple[str, ...] = ("photo", "document", "none")
MODELS: tuple[str, ...] = ("points", "weighted")


@dataclass(frozen=True)
class Text:
    """Localized text; ``zh`` is the reference language and the fallback."""

    values: Mapping[str, str]

    def get(self, lang: str) -> str:
        """The text in *lang*, else Chinese, else any language given."""
        if lang in self.values:
            return self.values[lang]
        if "zh" in self.values:
            return self.values["zh"]
        return next(iter(self.values.values()), "")

    def __bool__(self) -> bool:
        return bool(self.values)


EMPTY_TEXT = Text({})


@dataclass(frozen=True)
class Grade:
    """A score band; the checklist's grades run from the highest ``min`` down."""

    id: str
    min: Fraction
    label: Text


@dataclass(frozen=True)
class Level:
    """A level of a grade item: the fraction of the item's points it earns."""

    id: str
    fraction: Fraction
    label: Text


@dataclass(frozen=True)
class Attribute:
    """A site attribute that items' ``when`` depends on, declared by the checklist.

    Declaring it lets people see "是否有河道沟渠" instead of ``has_waterway``,
    and lets lint catch a ``when`` that names an attribute nobody declared.
    """

    id: str
    type: Literal["boolean", "number", "text"]
    label: Text
    values: tuple[Scalar, ...] = ()  # the allowed values of a text attribute, if listed
    question: Text = EMPTY_TEXT  # how a self-check asks it ("本市场是否经营活禽？")

    def name(self, lang: str) -> str:
        """What people call it: the label, else the id."""
        return self.label.get(lang) if self.label else self.id

    def asked(self, lang: str) -> str:
        """The question put to a clerk whose site has not declared it: the checklist's own words."""
        if self.question:
            return self.question.get(lang)
        return self.name(lang) + ("？" if lang == "zh" else "?")


ATTRIBUTE_TYPES: tuple[str, ...] = ("boolean", "number", "text")


@dataclass(frozen=True)
class Item:
    """One thing an inspector decides on site."""

    id: str
    text: Text
    points: Fraction
    kind: Kind = "check"
    per: Fraction | None = None
    critical: bool = False
    na: bool = True
    when: Mapping[str, tuple[Scalar, ...]] = field(default_factory=dict)
    levels: tuple[Level, ...] = ()
    method: str | None = None
    evidence: str | None = None
    hint: Text = EMPTY_TEXT
    sample: Text = EMPTY_TEXT  # how much is inspected (3 stretches x 500 m; 30 households), so counts compare
    owner: Text = EMPTY_TEXT
    remedy: Text = EMPTY_TEXT
    deadline_days: int | None = None

    def level(self, key: str) -> Level | None:
        """The level named *key*, if this item has it."""
        for level in self.levels:
            if level.id == key:
                return level
        return None

    def applies_to(self, attributes: Mapping[str, Scalar]) -> bool:
        """Whether the item's ``when`` matches a site's attributes.

        Every key must be present and equal to one of the allowed values; a
        site that does not state an attribute is not assumed to have it, so an
        item about live poultry is not asked of a market nobody said sells it.
        """
        for key, allowed in self.when.items():
            if key not in attributes or not _matches(attributes[key], allowed):
                return False
        return True


def _matches(value: Scalar, allowed: tuple[Scalar, ...]) -> bool:
    for candidate in allowed:
        # bool is an int in Python: keep True from matching 1.
        if isinstance(candidate, bool) != isinstance(value, bool):
            continue
        if candidate == value:
            return True
    return False


@dataclass(frozen=True)
class Section:
    """A section holds items or sub-sections, never both."""

    id: str
    title: Text
    weight: Fraction | None = None
    items: tuple[Item, ...] = ()
    sections: tuple[Section, ...] = ()

    def iter_items(self) -> Iterator[Item]:
        """Every item below this section, in checklist order."""
        yield from self.items
        for child in self.sections:
            yield from child.iter_items()


@dataclass(frozen=True)
class Checklist:
    """A checklist: the standard a site is held to."""

    id: str
    version: str
    title: Text
    sections: tuple[Section, ...]
    grades: tuple[Grade, ...]
    site_types: tuple[str, ...] = ()
    source: str = ""
    model: Literal["points", "weighted"] = "points"
    decimals: int = 2
    pass_mark: Fraction = Fraction(60)
    strong_mark: Fraction = Fraction(90)
    total: Fraction | None = None
    tags: tuple[str, ...] = ()
    path: str = ""
    attributes: tuple[Attribute, ...] = ()
    short_title: Text = EMPTY_TEXT  # what a ranking's narrow column shows (简称); the title where none is given

    def label(self, lang: str) -> str:
        """The short title in *lang*, else the title: a checklist named where space is short."""
        return self.short_title.get(lang) if self.short_title else self.title.get(lang)

    def attribute(self, key: str) -> Attribute | None:
        """The declared site attribute *key*, if the checklist declares it."""
        for attribute in self.attributes:
            if attribute.id == key:
                return attribute
        return None

    def attribute_name(self, key: str, lang: str) -> str:
        """What people call a site attribute: its declared label ("是否有河道沟渠"), else its key."""
        attribute = self.attribute(key)
        return attribute.name(lang) if attribute is not None else key

    def iter_items(self) -> Iterator[Item]:
        """Every item in checklist order."""
        for section in self.sections:
            yield from section.iter_items()

    def undeclared(self, attributes: Mapping[str, Scalar]) -> dict[str, tuple[str, ...]]:
        """The attributes items depend on that a site does not state, each with the items it leaves out.

        Such an item is not scored (:meth:`Item.applies_to`); what is left out
        for want of a fact is said wherever it happens, never dropped in silence.
        """
        found: dict[str, list[str]] = {}
        for item in self.iter_items():
            for key in item.when:
                if key not in attributes:
                    found.setdefault(key, []).append(item.id)
        return {key: tuple(items) for key, items in found.items()}

    def item_ids(self) -> set[str]:
        return {item.id for item in self.iter_items()}


@dataclass(frozen=True)
class Site:
    """A place that is inspected: a market, a village, a compound."""

    id: str
    name: str = ""
    type: str = ""
    types: tuple[str, ...] = ()
    township: str = ""
    grid: str = ""
    attributes: Mapping[str, Scalar] = field(default_factory=dict)
    owner: str = ""
    person: str = ""


@dataclass(frozen=True)
class Answer:
    """What the inspector recorded for one item.

    Exactly one of ``status``, ``level`` and ``found`` is set.  ``status`` is
    ``pass``/``fail``/``na`` for check items and ``na`` for the other kinds.
    """

    item: str
    status: Status | None = None
    level: str | None = None
    found: int | None = None
    note: str = ""
    evidence: tuple[str, ...] = ()
    fixed_on_site: bool | None = None
    owner: str = ""
    person: str = ""
    due: dt.date | None = None


@dataclass(frozen=True)
class Expect:
    """The result an answers file is expected to score (for regression)."""

    score: Fraction | None = None
    has_score: bool = False
    grade: str | None = None
    passed: bool | None = None
    vetoed: bool | None = None
    sections: Mapping[str, Fraction | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Assessment:
    """One site assessed against one checklist in one round."""

    checklist: str
    checklist_version: str | None
    site: Site
    answers: Mapping[str, Answer]
    round: str = ""
    date: dt.date | None = None
    assessor: str = ""
    expect: Expect | None = None
    path: str = ""
