"""Every site attribute a ``when`` uses is declared under ``attributes``, with a type and a label.

``when: {has_waterway: true}`` decides whether an item — perhaps a veto item —
applies to a site.  Declaring the attribute once at the top of the checklist
gives it a name people read ("是否有河道沟渠", not ``has_waterway``) in
``show``, ``template`` and ``assess``, and a type, so that a misspelt key
(``has_water_way``) or a value of the wrong type (``"yes"`` for a boolean)
is caught here instead of silently making the item apply to nobody.
Reported at the key in ``when``, or at the value of the wrong type.

Bad::

    sections:
      - id: water
        items:
          - id: W-1
            when: {has_waterway: true}     # declared nowhere

Good::

    attributes:
      has_waterway: {type: boolean, label: {zh: 是否有河道沟渠, en: Has a river, stream or ditch}}
    sections:
      - id: water
        items:
          - id: W-1
            when: {has_waterway: true}
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from civcheck.lint.document import Document, Finding, at, show
from civcheck.lint.nodes import Node

ID = "declared-attributes"
LEVEL = "error"


def _fits(kind: str, node: Node) -> bool:
    value = node.value
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, Decimal)) and not isinstance(value, bool)
    return isinstance(value, str)


def check(doc: Document) -> Iterator[Finding]:
    root = doc.root
    if root is None or not root.is_map:
        return
    declared: dict[str, str] = {}
    block = root.get("attributes")
    if block is not None and block.is_map:
        for key, _, entry in block.entries():
            kind = entry.get("type") if entry.is_map else None
            declared[key] = str(kind.value) if kind is not None and kind.is_scalar else "boolean"
    known = ", ".join(declared) or "-"
    for item in doc.items():
        when = item.node.get("when")
        if when is None or not when.is_map:
            continue
        for key, key_node, value in when.entries():
            if key not in declared:
                yield at(key_node, "schema.undeclared_attribute", key=key, known=known)
                continue
            for entry in value.items if value.is_seq else [value]:
                if entry.is_scalar and not _fits(declared[key], entry):
                    yield at(entry, "schema.attribute_value", key=key, type=declared[key], got=show(entry))
