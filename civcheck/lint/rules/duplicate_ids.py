"""Item ids are unique in the checklist, and so are section ids and grade ids.

Answers name items by id, so two items with one id would share an answer;
``expect: {sections: ...}`` and reports name sections by id, and
``expect: {grade: ...}`` names a grade band by id.  Reported at the second
id, naming the line of the first.

Bad::

    - id: R-1
      text: 道路无坑洼
      points: 5
    - id: R-1
      text: 交通标志完好
      points: 5

Good::

    - id: R-1
      text: 道路无坑洼
      points: 5
    - id: R-2
      text: 交通标志完好
      points: 5
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from civcheck.i18n import extend
from civcheck.lint.document import Document, Finding, at, text_value
from civcheck.lint.nodes import Node

ID = "duplicate-ids"
LEVEL = "error"

extend(
    {
        "lint.duplicate_item_id": (
            '重复的条目 id "{id}"（第 {first} 行已使用）',
            'duplicate item id "{id}" (first used on line {first})',
        ),
        "lint.duplicate_section_id": (
            '重复的分组 id "{id}"（第 {first} 行已使用）',
            'duplicate section id "{id}" (first used on line {first})',
        ),
        "lint.duplicate_grade_id": (
            '重复的等级档 id "{id}"（第 {first} 行已使用）',
            'duplicate grade id "{id}" (first used on line {first})',
        ),
    }
)


def check(doc: Document) -> Iterator[Finding]:
    yield from _unique((item.node for item in doc.items()), "lint.duplicate_item_id")
    yield from _unique((section.node for section in doc.sections()), "lint.duplicate_section_id")
    yield from _unique(doc.grades(), "lint.duplicate_grade_id")


def _unique(nodes: Iterable[Node], message: str) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for node in nodes:
        id_node = node.get("id")
        value = text_value(id_node)
        if id_node is None or value is None:
            continue
        if value in first:
            yield at(id_node, message, id=value, first=first[value])
        else:
            first[value] = id_node.line
