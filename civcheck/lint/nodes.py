"""A checklist as a tree of located nodes, for rules that must say where.

The loader turns a file into plain values and stops at the first problem;
lint needs the opposite: every value together with its line and column, and
a tree that still stands when the file has duplicate keys.  This module wraps
the node tree that :func:`civcheck.formats.values.compose` gives into small
:class:`Node` objects with plain scalar values.

Strictness stays with the loader: :func:`parse` runs
:func:`civcheck.formats.values.parse_document` first, so that YAML errors (syntax,
tags outside the core schema, alias bombs, non-finite numbers, bad dates)
are the loader's own, located the same way.  Only duplicate keys are let
through here — the ``duplicate-keys`` rule reports every one of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from civcheck.errors import InputError, Problem
from civcheck.formats.scalars import scalar_value

_TAG = "tag:yaml.org,2002:"
_DECIMAL_INT = re.compile(r"^[-+]?[0-9][0-9_]*$")
MAX_DEPTH = 64

NodeKind = Literal["map", "seq", "scalar"]


@dataclass(eq=False)
class Node:
    """A YAML node: its kind, its plain value (scalars) or children, and where it starts."""

    kind: NodeKind
    line: int
    column: int
    value: Any = None
    pairs: list[tuple[Node, Node]] = field(default_factory=list)
    merged: list[tuple[Node, Node]] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)

    @property
    def is_map(self) -> bool:
        return self.kind == "map"

    @property
    def is_seq(self) -> bool:
        return self.kind == "seq"

    @property
    def is_scalar(self) -> bool:
        return self.kind == "scalar"

    def entries(self) -> Iterator[tuple[str, Node, Node]]:
        """(key, key node, value node) for the mapping's own keys, then merged ones not overridden."""
        seen = set()
        for key_node, value_node in self.pairs:
            key = str(key_node.value)
            seen.add(key)
            yield key, key_node, value_node
        for key_node, value_node in self.merged:
            key = str(key_node.value)
            if key not in seen:
                seen.add(key)
                yield key, key_node, value_node

    def _pair(self, key: str) -> tuple[Node, Node] | None:
        for name, key_node, value_node in self.entries():
            if name == key:
                return key_node, value_node
        return None

    def get(self, key: str) -> Node | None:
        """The value at *key* (its first occurrence), if this is a mapping that has it."""
        pair = self._pair(key) if self.is_map else None
        return pair[1] if pair else None

    def key_node(self, key: str) -> Node | None:
        """The key node itself, where an unknown or misplaced key is reported."""
        pair = self._pair(key) if self.is_map else None
        return pair[0] if pair else None

    def has(self, key: str) -> bool:
        return self.is_map and self._pair(key) is not None

    def keys(self) -> list[str]:
        return [key for key, _, _ in self.entries()]

    def plain(self) -> Any:
        """The node as plain values (first occurrence of a duplicate key wins)."""
        if self.is_scalar:
            return self.value
        if self.is_seq:
            return [child.plain() for child in self.items]
        result: dict[str, Any] = {}
        for key, _, value_node in self.entries():
            result.setdefault(key, value_node.plain())
        return result


class _Builder:
    """Wraps composed YAML nodes; aliases are expanded within a budget, as the loader does."""

    def __init__(self, text: str) -> None:
        import yaml

        self.nodes = yaml.nodes
        self.constructor = yaml.constructor.SafeConstructor()
        self.budget = 2 * len(text) + 10_000

    def build(self, node: Any, depth: int = 0) -> Node:
        self.budget -= 1
        mark = node.start_mark
        line, column = mark.line + 1, mark.column + 1
        if self.budget < 0 or depth > MAX_DEPTH:
            # The loader refuses such a file before we get here; stay bounded regardless.
            return Node("scalar", line, column, None)
        if isinstance(node, self.nodes.SequenceNode):
            return Node("seq", line, column, items=[self.build(child, depth + 1) for child in node.value])
        if isinstance(node, self.nodes.MappingNode):
            result = Node("map", line, column)
            for key, value in node.value:
                if key.tag == _TAG + "merge":
                    result.merged.extend(self.merge(value, depth + 1))
                elif isinstance(key, self.nodes.ScalarNode):
                    result.pairs.append((self.key(key), self.build(value, depth + 1)))
            return result
        return Node("scalar", line, column, self.scalar(node))

    def key(self, node: Any) -> Node:
        # Mapping keys are text, as in the loader: `1.10:` is "1.10".
        return Node("scalar", node.start_mark.line + 1, node.start_mark.column + 1, node.value)

    def merge(self, node: Any, depth: int) -> list[tuple[Node, Node]]:
        sources = node.value if isinstance(node, self.nodes.SequenceNode) else [node]
        pairs: list[tuple[Node, Node]] = []
        for source in sources:
            if isinstance(source, self.nodes.MappingNode):
                built = self.build(source, depth)
                pairs.extend((k, v) for _, k, v in built.entries())
        return pairs

    def scalar(self, node: Any) -> Any:
        try:
            return scalar_value(node, self.constructor)
        except ValueError:  # refused by the loader too; its rule reports it, the raw text stays here
            return node.value


@dataclass(frozen=True)
class Parsed:
    """What :func:`parse` makes of a file: a tree, or the one problem that prevents it."""

    root: Node | None
    problem: Problem | None


def parse(text: str, name: str) -> Parsed:
    """Check *text* with the loader's strict parser, then build the located tree.

    A syntax error (or any other YAML-level refusal but a duplicate key) is
    returned as the single problem, with no tree.
    """
    from civcheck.formats.values import compose, parse_document

    try:
        parse_document(text, name)
    except InputError as exc:
        first = exc.problems[0]
        if first.key != "yaml.duplicate_key":
            return Parsed(None, first)
    try:
        node = compose(text.lstrip("\ufeff"), name)
    except InputError as exc:  # valid JSON that YAML cannot read (tabs, say)
        return Parsed(None, exc.problems[0])
    if node is None:
        return Parsed(None, Problem(name, 1, 1, "io.empty"))
    try:
        return Parsed(_Builder(text).build(node), None)
    except RecursionError:
        return Parsed(None, Problem(name, 1, 1, "yaml.too_deep", {"limit": MAX_DEPTH}))
