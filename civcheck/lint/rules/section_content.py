"""A section holds items or sections — one of the two, and not an empty list.

Sections nest: a section either lists its ``items`` or groups further
``sections``, never both (a parent's score is made of its children's), and
never neither.  Reported at the section's ``id``, or at an empty list.

Bad::

    - id: market
      items: [...]
      sections: [...]
    - id: toilets
      items: []

Good::

    - id: market
      sections:
        - id: stalls
          items: [...]
        - id: toilets
          items: [...]
"""

from __future__ import annotations

from collections.abc import Iterator

from civcheck.lint.document import Document, Finding, at

ID = "section-content"
LEVEL = "error"


def check(doc: Document) -> Iterator[Finding]:
    for section in doc.sections():
        node = section.node
        has_items, has_sections = node.has("items"), node.has("sections")
        if has_items == has_sections:
            yield at(section.anchor, "schema.section_content", id=section.id)
            continue
        key = "items" if has_items else "sections"
        held = node.get(key)
        if held is not None and ((held.is_seq and not held.items) or (held.is_scalar and held.value is None)):
            yield at(held, "schema.nonempty_list", what=key, got="[]" if held.is_seq else "null")
