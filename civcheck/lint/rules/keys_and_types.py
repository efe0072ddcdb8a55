"""Keys and types: every required key present, no unknown key, every value of the right type.

Checked at every level of the checklist — the top, ``scoring`` and its
``grades``, ``levels``, sections and items:

* ``format: civcheck.checklist/1`` is present;
* required keys are there: ``format``, ``id``, ``version``, ``title`` and a
  non-empty ``sections`` list at the top; ``id`` in a section; ``id``,
  ``text`` and ``points`` in an item; ``id`` and ``min`` in a grade band;
  ``fraction`` in a level;
* no key is unknown (a misspelt ``dealine:`` would otherwise be ignored);
  keys that start with ``x-`` are free for your own notes;
* values have the right type: numbers are numbers (``points: 5``, not
  ``"5分"``), ``critical`` and ``na`` are ``true``/``false``, ``kind``,
  ``method``, ``evidence`` and ``model`` take one of their listed values,
  ``deadline_days`` and ``decimals`` are whole numbers, texts are text or a
  ``{zh: ..., en: ...}`` mapping with language codes as keys.

A missing key is reported where the mapping that lacks it starts (for an
item: its ``id``); an unknown key at the key; a wrong value at the value.

Bad::

    - id: R-1
      text: 道路无坑洼
      points: 5分
      dealine: 7

Good::

    - id: R-1
      text: 道路无坑洼
      points: 5
      deadline_days: 7
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from civcheck.formats.checklist import CHECKLIST_FORMAT
from civcheck.formats.checklist_spec import ATTRIBUTE, GRADE, ITEM, LEVEL_ENTRY, SCORING, SECTION, TOP
from civcheck.formats.reader import LANG_CODE
from civcheck.lint.document import Document, Finding, at, show, type_name
from civcheck.lint.nodes import Node
from civcheck.model import ATTRIBUTE_TYPES, EVIDENCE, KINDS, METHODS, MODELS

ID = "schema"
LEVEL = "error"

CHOICES = {"model": MODELS, "kind": KINDS, "method": METHODS, "evidence": EVIDENCE, "attribute_type": ATTRIBUTE_TYPES}


def check(doc: Document) -> Iterator[Finding]:
    root = doc.root
    if root is None:
        return
    if not root.is_map:
        yield at(root, "schema.type", what="checklist", expected="mapping", got=type_name(root))
        return
    fmt = root.get("format")
    if fmt is not None and doc.foreign:
        # An answers file or a roster: saying so is enough.
        yield at(fmt, "schema.format", got=show(fmt), expected=CHECKLIST_FORMAT)
        return
    yield from _mapping(root, TOP, "checklist", None)


def _mapping(node: Node, spec: dict[str, tuple[str, bool]], what: str, anchor: Node | None) -> Iterator[Finding]:
    """Unknown keys, missing keys, then each value by its type."""
    allowed = ", ".join(sorted(spec))
    for key, key_node, _ in node.entries():
        if key not in spec and not key.startswith("x-"):
            yield at(key_node, "schema.unknown_key", key=key, allowed=allowed)
    for key, (kind, required) in spec.items():
        value = node.get(key)
        if value is None:
            if required:
                yield at(anchor or node, "schema.missing", key=key, what=what)
            continue
        yield from _value(value, kind, key, required)


def _value(node: Node, kind: str, what: str, required: bool) -> Iterator[Finding]:
    if kind == "format":
        if node.value != CHECKLIST_FORMAT:
            yield at(node, "schema.format", got=show(node), expected=CHECKLIST_FORMAT)
    elif kind == "text":
        yield from _text(node, what, required)
    elif kind == "ltext":
        yield from _localized(node, what)
    elif kind == "number":
        if not _is_number(node):
            yield at(node, "schema.type", what=what, expected="number", got=type_name(node))
    elif kind == "whole":
        if not (_is_number(node) and isinstance(node.value, int) and node.value >= 0):
            yield at(node, "schema.whole", what=what, got=show(node))
    elif kind == "bool":
        if not (node.is_scalar and isinstance(node.value, bool)):
            yield at(node, "schema.type", what=what, expected="true/false", got=type_name(node))
    elif kind in CHOICES:
        if not (node.is_scalar and node.value in CHOICES[kind]):
            yield at(node, "schema.choice", what=what, got=show(node), choices=" | ".join(CHOICES[kind]))
    elif kind == "strings":
        if not (_is_str(node) or (node.is_seq and all(_is_str(n) for n in node.items))):
            yield at(node, "schema.type", what=what, expected="list of text", got=type_name(node))
    elif kind == "strings_list":
        if not (node.is_seq and all(_is_str(n) for n in node.items)):
            yield at(node, "schema.type", what=what, expected="list of level keys", got=type_name(node))
    elif kind == "when":
        yield from _when(node)
    else:
        yield from _STRUCTURES[kind](node, what)


def _is_number(node: Node) -> bool:
    return node.is_scalar and isinstance(node.value, (int, Decimal)) and not isinstance(node.value, bool)


def _is_str(node: Node) -> bool:
    return node.is_scalar and isinstance(node.value, str)


def _text(node: Node, what: str, required: bool) -> Iterator[Finding]:
    """Plain text (ids, versions, sources): numbers are read as text; null or blank only where optional."""
    if _is_str(node):
        if required and not node.value.strip():
            yield at(node, "schema.empty", what=what)
    elif not (_is_number(node) or (node.is_scalar and node.value is None and not required)):
        yield at(node, "schema.type", what=what, expected="text", got=type_name(node))


def _localized(node: Node, what: str) -> Iterator[Finding]:
    if _is_str(node):
        if not node.value.strip():
            yield at(node, "schema.empty", what=what)
        return
    if not node.is_map or not node.pairs:
        yield at(node, "schema.type", what=what, expected="text or {zh: ..., en: ...}", got=type_name(node))
        return
    for lang, key_node, value in node.entries():
        if not LANG_CODE.match(lang):
            yield at(key_node, "schema.lang", lang=lang)
        elif not _is_str(value) or not value.value.strip():
            yield at(value, "schema.type", what=f"{what}.{lang}", expected="text", got=type_name(value))


def _when(node: Node) -> Iterator[Finding]:
    # An empty `when` is the empty-when rule's; other shapes are wrong types.
    if (node.is_scalar and node.value is None) or (node.is_seq and not node.items):
        return
    if not node.is_map:
        yield at(node, "schema.type", what="when", expected="mapping", got=type_name(node))
        return
    for key, _, value in node.entries():
        for entry in value.items if value.is_seq else [value]:
            if not (entry.is_scalar and (entry.value is None or isinstance(entry.value, (str, bool, int, Decimal)))):
                yield at(
                    entry,
                    "schema.type",
                    what=f"when.{key}",
                    expected="text, number or true/false",
                    got=type_name(entry),
                )


def _scoring(node: Node, what: str) -> Iterator[Finding]:
    if node.is_scalar and node.value is None:
        return
    if not node.is_map:
        yield at(node, "schema.type", what=what, expected="mapping", got=type_name(node))
        return
    yield from _mapping(node, SCORING, what, None)


def _grades(node: Node, what: str) -> Iterator[Finding]:
    if not node.is_seq:
        yield at(node, "schema.type", what=what, expected="list of grades", got=type_name(node))
        return
    if not node.items:
        yield at(node, "schema.nonempty_list", what=what, got="[]")
    for entry in node.items:
        if not entry.is_map:
            yield at(entry, "schema.type", what="grade", expected="mapping", got=type_name(entry))
        else:
            yield from _mapping(entry, GRADE, "grade", None)


def _named(spec: dict[str, tuple[str, bool]], label: str) -> Callable[[Node, str], Iterator[Finding]]:
    """A mapping of named entries (``levels``, ``attributes``), each a mapping checked against *spec*."""

    def check(node: Node, what: str) -> Iterator[Finding]:
        if not node.is_map:
            yield at(node, "schema.type", what=what, expected="mapping", got=type_name(node))
            return
        for key, _, entry in node.entries():
            if not entry.is_map:
                yield at(entry, "schema.type", what=f"{label}.{key}", expected="mapping", got=type_name(entry))
            else:
                yield from _mapping(entry, spec, f"{label}.{key}", None)

    return check


def _values(node: Node, what: str) -> Iterator[Finding]:
    if not node.is_seq or not node.items:
        yield at(node, "schema.nonempty_list", what=what, got=type_name(node) if not node.is_seq else "[]")


def _sections(node: Node, what: str) -> Iterator[Finding]:
    if not node.is_seq or not node.items:
        yield at(node, "schema.nonempty_list", what=what, got=type_name(node) if not node.is_seq else "[]")
        return
    yield from _subsections(node, what)


def _entries(spec: dict[str, tuple[str, bool]], label: str, keyed: bool) -> Callable[[Node, str], Iterator[Finding]]:
    """A list of sections or items: each entry a mapping checked against *spec* (located at its id if *keyed*)."""

    def check(node: Node, what: str) -> Iterator[Finding]:
        # Emptiness of a section's own `sections` or `items` is the section-content rule's.
        if not node.is_seq:
            if not (node.is_scalar and node.value is None):
                yield at(node, "schema.type", what=what, expected="list", got=type_name(node))
            return
        for entry in node.items:
            if not entry.is_map:
                yield at(entry, "schema.type", what=label, expected="mapping", got=type_name(entry))
            else:
                yield from _mapping(entry, spec, label, entry.key_node("id") if keyed else None)

    return check


_subsections = _entries(SECTION, "section", keyed=False)
_items = _entries(ITEM, "item", keyed=True)


_STRUCTURES = {
    "scoring": _scoring,
    "grades": _grades,
    "levels": _named(LEVEL_ENTRY, "levels"),
    "attributes": _named(ATTRIBUTE, "attributes"),
    "values": _values,
    "sections": _sections,
    "subsections": _subsections,
    "items": _items,
}
