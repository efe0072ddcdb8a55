"""A ``when`` names at least one attribute, and each attribute at least one value.

``when: {has_live_poultry: true}`` makes an item apply only to sites whose
attributes match.  An empty ``when:`` (or ``when: {}``, or an attribute
with ``[]``) states no condition — usually a condition that was meant to be
filled in; civcheck refuses it rather than guess.  Reported at the empty
value.

Bad::

    when:
    when: {has_market_day: []}

Good::

    when: {has_market_day: true}
    when: {grid: [第一网格, 第二网格]}
"""

from __future__ import annotations

from collections.abc import Iterator

from civcheck.lint.document import Document, Finding, at
from civcheck.lint.nodes import Node

ID = "empty-when"
LEVEL = "error"


def _empty(node: Node) -> bool:
    return (
        (node.is_scalar and node.value is None) or (node.is_seq and not node.items) or (node.is_map and not node.pairs)
    )


def check(doc: Document) -> Iterator[Finding]:
    for item in doc.items():
        when = item.node.get("when")
        if when is None:
            continue
        if _empty(when) and not when.merged:
            yield at(when, "schema.when_empty")
        elif when.is_map:
            for _, _, value in when.entries():
                if value.is_seq and not value.items:
                    yield at(value, "schema.when_empty")
