"""A key may appear only once in the same mapping.

YAML parsers silently keep the last of two equal keys, so a second
``points:`` in an item quietly replaces the first.  civcheck refuses such a
file; lint reports every repeated key, at the repetition, and names the line
of the first one.

Bad::

    - id: R-1
      text: 道路无坑洼
      points: 5
      points: 10

Good::

    - id: R-1
      text: 道路无坑洼
      points: 10
"""

from __future__ import annotations

from collections.abc import Iterator

from civcheck.i18n import extend
from civcheck.lint.document import Document, Finding, at
from civcheck.lint.nodes import Node

ID = "duplicate-keys"
LEVEL = "error"

extend(
    {
        "lint.duplicate_key": (
            '重复的键 "{key}"（第 {first} 行已出现）',
            'duplicate key "{key}" (first on line {first})',
        ),
    }
)


def check(doc: Document) -> Iterator[Finding]:
    if doc.root is None:
        return
    stack: list[Node] = [doc.root]
    while stack:
        node = stack.pop()
        if node.is_map:
            first: dict[str, Node] = {}
            for key_node, value_node in node.pairs:
                key = str(key_node.value)
                if key in first:
                    yield at(key_node, "lint.duplicate_key", key=key, first=first[key].line)
                else:
                    first[key] = key_node
                stack.append(value_node)
        elif node.is_seq:
            stack.extend(node.items)
