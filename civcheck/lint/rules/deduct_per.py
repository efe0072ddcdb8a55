"""A ``deduct`` item says how many points each problem found costs: ``per`` > 0; no other kind has ``per``.

A deduct item loses ``per`` points for each problem found, down to zero
(扣完为止).  Without ``per`` it cannot be scored; with ``per: 0`` it never
loses anything.  On a ``check`` or ``grade`` item ``per`` means nothing, and
is most often left over from an item whose kind was changed.

Reported at the item's ``id`` when ``per`` is missing, at the value when it
is not above 0, and at the key when it does not belong.

Bad::

    - id: R-1
      text: 道路无坑洼
      kind: deduct
      points: 10

Good::

    - id: R-1
      text: 道路无坑洼
      kind: deduct
      points: 10
      per: 2
"""

from __future__ import annotations

from collections.abc import Iterator

from civcheck.lint.document import Document, Finding, at, number

ID = "deduct-per"
LEVEL = "error"


def check(doc: Document) -> Iterator[Finding]:
    for item in doc.items():
        per = item.node.get("per")
        if item.kind == "deduct":
            value = number(per)
            if per is None:
                yield at(item.anchor, "schema.per_missing", id=item.id)
            elif value is not None and value <= 0:
                yield at(per, "schema.positive", what="per")
        elif per is not None:
            yield at(item.node.key_node("per") or per, "schema.per_kind", id=item.id)
