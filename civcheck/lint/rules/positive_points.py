"""An item's ``points`` is greater than 0.

An item worth nothing cannot lose anything, and a negative one would add to
the score when it fails.  Reported at the value.

Bad::

    - id: R-1
      text: 道路无坑洼
      points: 0

Good::

    - id: R-1
      text: 道路无坑洼
      points: 5
"""

from __future__ import annotations

from collections.abc import Iterator

from civcheck.lint.document import Document, Finding, at, number

ID = "positive-points"
LEVEL = "error"


def check(doc: Document) -> Iterator[Finding]:
    for item in doc.items():
        points = item.node.get("points")
        value = number(points)
        if points is not None and value is not None and value <= 0:
            yield at(points, "schema.positive", what="points")
