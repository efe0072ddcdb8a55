"""Ids are written the way answers files and commands can use them.

* The checklist ``id`` holds only lower-case letters, digits and ``-``
  (``[a-z0-9-]+``), like ``farmers-market``: it is typed on the command line
  and written in every answers file.
* An item ``id`` starts with a letter or a digit, followed by letters,
  digits, ``.``, ``_`` or ``-`` (``[A-Za-z0-9][A-Za-z0-9._-]*``), like
  ``FM-1.2``: no spaces, no Chinese punctuation.

Reported at the id.

Bad::

    id: Farmers_Market
    ...
      - id: FM 1.2

Good::

    id: farmers-market
    ...
      - id: FM-1.2
"""

from __future__ import annotations

from collections.abc import Iterator

from civcheck.formats.checklist import CHECKLIST_ID, ITEM_ID
from civcheck.lint.document import Document, Finding, at, text_value

ID = "id-pattern"
LEVEL = "error"


def check(doc: Document) -> Iterator[Finding]:
    top_id = doc.get("id")
    value = text_value(top_id)
    if top_id is not None and value and not CHECKLIST_ID.match(value):
        yield at(top_id, "schema.checklist_id", value=value)
    for item in doc.items():
        id_node = item.node.get("id")
        value = text_value(id_node)
        if id_node is not None and value and not ITEM_ID.match(value):
            yield at(id_node, "schema.item_id", value=value)
