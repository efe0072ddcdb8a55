"""The items' points add up to ``scoring.total`` when a total is declared.

``total`` is the checklist's promise of how many points it is out of (100
for every bundled checklist).  After adding, removing or re-pointing items
it is easy to end up at 98 or 102 without noticing; declaring the total lets
lint catch that.  Reported at ``total``.

Bad::

    scoring: {total: 100}
    # ... items worth 4 + 6 + ... = 98

Good::

    scoring: {total: 100}
    # ... items worth 4 + 6 + ... = 100
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from civcheck.i18n import extend
from civcheck.lint.document import Document, Finding, at, fmt_number, number

ID = "points-total"
LEVEL = "error"

extend(
    {
        "lint.total": (
            "各条目分值合计 {sum} 分，与 total 声明的 {total} 分不符",
            "the items' points add up to {sum}, not to the declared total of {total}",
        ),
    }
)


def check(doc: Document) -> Iterator[Finding]:
    total_node = doc.get("scoring", "total")
    total = number(total_node)
    if total_node is None or total is None:
        return
    points = [number(item.node.get("points")) for item in doc.items()]
    if not points or any(p is None for p in points):
        return  # a missing or unreadable amount is reported by the schema rule
    added = sum((p for p in points if p is not None), Fraction(0))
    if added != total:
        yield at(total_node, "lint.total", sum=fmt_number(added), total=fmt_number(total))
