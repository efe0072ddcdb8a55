"""Under ``model: weighted`` every section has a ``weight``.

The weighted model averages sections by their weights, nested sections
within their parent included; a section without one cannot be placed.
(Under the default ``points`` model weights are not used.)  Reported at the
section's ``id``.

Bad::

    scoring: {model: weighted}
    sections:
      - id: roads
        weight: 60
        items: [...]
      - id: publicity
        items: [...]

Good::

      - id: publicity
        weight: 40
        items: [...]
"""

from __future__ import annotations

from collections.abc import Iterator

from civcheck.lint.document import Document, Finding, at

ID = "section-weight"
LEVEL = "error"


def check(doc: Document) -> Iterator[Finding]:
    if doc.model != "weighted":
        return
    for section in doc.sections():
        if not section.node.has("weight"):
            yield at(section.anchor, "schema.weight_missing", id=section.id)
