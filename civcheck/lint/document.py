"""What every lint rule sees: the file's located tree and ways to walk a checklist in it.

Rules are pure functions of a :class:`Document`.  The walkers here only
follow the parts of the tree that have the right shape (a section that is
not a mapping is the ``schema`` rule's business, not every rule's), so each
rule can look at just the one thing it is about.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, NamedTuple

from civcheck.errors import Problem
from civcheck.lint.nodes import Node

FOREIGN_FORMATS = ("civcheck.answers/", "civcheck.sites/")
DEFAULT_LEVEL_KEYS = ("excellent", "good", "fair", "poor")

# Localized text fields, by where they are found.
TOP_TEXTS = ("title",)
SECTION_TEXTS = ("title",)
ITEM_TEXTS = ("text", "hint", "owner", "remedy")
LABEL_TEXTS = ("label",)


class Finding(NamedTuple):
    """One thing a rule found: where, and a message (catalogue key plus arguments)."""

    line: int
    column: int
    key: str
    args: dict[str, Any]


def at(node: Node, key: str, /, **args: Any) -> Finding:
    """A finding at *node*'s position."""
    return Finding(node.line, node.column, key, args)


def number(node: Node | None) -> Fraction | None:
    """The exact value of a numeric scalar (not a boolean), else None."""
    if node is None or not node.is_scalar:
        return None
    value = node.value
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    return Fraction(value)


def text_value(node: Node | None) -> str | None:
    """A scalar read as text the way the loader reads ids (numbers become text)."""
    if node is None or not node.is_scalar:
        return None
    value = node.value
    if isinstance(value, str):
        return value
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return getattr(value, "literal", None) or str(value)
    return None


@dataclass(frozen=True)
class SectionRef:
    node: Node
    path: tuple[str, ...]  # section ids from the top, this one last

    @property
    def id(self) -> str:
        return self.path[-1]

    @property
    def anchor(self) -> Node:
        """Where a problem with the section as a whole is reported: its ``id`` key."""
        return self.node.key_node("id") or self.node


@dataclass(frozen=True)
class ItemRef:
    node: Node
    section: SectionRef

    @property
    def id(self) -> str:
        return text_value(self.node.get("id")) or "?"

    @property
    def anchor(self) -> Node:
        """Where an item-level problem is reported: its ``id`` key."""
        return self.node.key_node("id") or self.node

    @property
    def kind(self) -> str:
        kind = self.node.get("kind")
        return kind.value if kind is not None and isinstance(kind.value, str) else "check"


@dataclass
class Document:
    """One file being linted."""

    name: str
    text: str
    root: Node | None
    syntax: Problem | None = None
    _sections: list[SectionRef] | None = field(default=None, repr=False)
    _items: list[ItemRef] | None = field(default=None, repr=False)

    @property
    def top(self) -> Node | None:
        """The top-level mapping, if the file has one."""
        return self.root if self.root is not None and self.root.is_map else None

    def get(self, *path: str) -> Node | None:
        """The node at a path of mapping keys from the top."""
        node = self.top
        for key in path:
            if node is None:
                return None
            node = node.get(key)
        return node

    @property
    def foreign(self) -> bool:
        """Whether the file declares another civcheck format (an answers file, a roster)."""
        fmt = self.get("format")
        return fmt is not None and isinstance(fmt.value, str) and fmt.value.startswith(FOREIGN_FORMATS)

    @property
    def model(self) -> str:
        model = self.get("scoring", "model")
        return model.value if model is not None and isinstance(model.value, str) else "points"

    def level_keys(self) -> list[str] | None:
        """The grade levels defined (the default set when none are given); None when unreadable."""
        levels = self.get("levels")
        if levels is None:
            return list(DEFAULT_LEVEL_KEYS)
        if not levels.is_map:
            return None
        return levels.keys()

    def grades(self) -> list[Node]:
        grades = self.get("scoring", "grades")
        if grades is None or not grades.is_seq:
            return []
        return [g for g in grades.items if g.is_map]

    def sections(self) -> list[SectionRef]:
        """Every section (nested ones too), depth first, in file order."""
        if self._sections is None:
            self._walk()
        assert self._sections is not None
        return self._sections

    def items(self) -> list[ItemRef]:
        """Every item, in file order, with the section holding it."""
        if self._items is None:
            self._walk()
        assert self._items is not None
        return self._items

    def _walk(self) -> None:
        sections: list[SectionRef] = []
        items: list[ItemRef] = []

        def walk(holder: Node | None, path: tuple[str, ...]) -> None:
            if holder is None or not holder.is_seq:
                return
            for entry in holder.items:
                if not entry.is_map:
                    continue
                ref = SectionRef(entry, (*path, text_value(entry.get("id")) or "?"))
                sections.append(ref)
                held = entry.get("items")
                if held is not None and held.is_seq:
                    items.extend(ItemRef(it, ref) for it in held.items if it.is_map)
                walk(entry.get("sections"), ref.path)

        walk(self.get("sections"), ())
        self._sections, self._items = sections, items

    def texts(self) -> Iterator[tuple[str, Node]]:
        """Every localized text in the checklist as (what, value node)."""
        top = self.top
        if top is None:
            return
        for key in TOP_TEXTS:
            node = top.get(key)
            if node is not None:
                yield key, node
        for n, grade in enumerate(self.grades()):
            label = grade.get("label")
            if label is not None:
                yield f"grades[{n}].label", label
        levels = self.get("levels")
        if levels is not None and levels.is_map:
            for key, _, entry in levels.entries():
                label = entry.get("label") if entry.is_map else None
                if label is not None:
                    yield f"levels.{key}.label", label
        for section in self.sections():
            for key in SECTION_TEXTS:
                node = section.node.get(key)
                if node is not None:
                    yield f"{section.id}.{key}", node
        for item in self.items():
            for key in ITEM_TEXTS:
                node = item.node.get(key)
                if node is not None:
                    yield f"{item.id}.{key}", node


def type_name(node: Node) -> str:
    """What a value is, in the words the loader's messages use."""
    from civcheck.formats.reader import type_name as value_type

    if node.is_map:
        return "mapping"
    if node.is_seq:
        return "list"
    return value_type(node.value)


def show(node: Node) -> str:
    """A value as quoted in a message (JSON-like, shortened)."""
    import json

    value = node.plain()
    text = str(value) if isinstance(value, Decimal) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "..."


def fmt_number(value: Fraction) -> str:
    """An exact amount of points as people write it: 100, 2.5, 1/3."""
    if value.denominator == 1:
        return str(value.numerator)
    decimal = Decimal(value.numerator) / Decimal(value.denominator)
    if Fraction(decimal) == value:
        return str(decimal)
    return str(value)
