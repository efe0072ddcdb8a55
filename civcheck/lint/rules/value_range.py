"""Numbers lie in their range.

* ``scoring.decimals``: 0 to 6;
* ``scoring.pass_mark`` and ``scoring.strong_mark``: 0 to 100 — they are
  percentages, so 80, not 0.8;
* ``scoring.total`` and a section's ``weight``: greater than 0;
* a level's ``fraction``: 0 to 1 (the share of the points the level earns);
* an item's ``deadline_days``: 0 to 3650 (ten years; more is a typing mistake).

(An item's ``points`` has its own rule, ``positive-points``.)  Reported at
the value.

Bad::

    scoring:
      pass_mark: 0.8
    levels:
      good: {fraction: 80}

Good::

    scoring:
      pass_mark: 80
    levels:
      good: {fraction: 0.8}
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from civcheck.lint.document import Document, Finding, at, fmt_number, number, show
from civcheck.lint.nodes import Node

ID = "value-range"
LEVEL = "error"


def _range(node: Node | None, what: str, low: int, high: int) -> Iterator[Finding]:
    value = number(node)
    if node is not None and value is not None and not low <= value <= high:
        yield at(node, "schema.range", what=what, low=low, high=high, got=show(node))


def _positive(node: Node | None, what: str) -> Iterator[Finding]:
    value = number(node)
    if node is not None and value is not None and value <= 0:
        yield at(node, "schema.positive", what=what)


def check(doc: Document) -> Iterator[Finding]:
    decimals = doc.get("scoring", "decimals")
    if decimals is not None and isinstance(decimals.value, int) and not isinstance(decimals.value, bool):
        yield from _range(decimals, "decimals", 0, 6)
    yield from _range(doc.get("scoring", "pass_mark"), "pass_mark", 0, 100)
    yield from _range(doc.get("scoring", "strong_mark"), "strong_mark", 0, 100)
    yield from _positive(doc.get("scoring", "total"), "total")
    levels = doc.get("levels")
    if levels is not None and levels.is_map:
        for _, _, entry in levels.entries():
            fraction = entry.get("fraction") if entry.is_map else None
            value = number(fraction)
            if fraction is not None and value is not None and not Fraction(0) <= value <= 1:
                yield at(fraction, "schema.range", what="fraction", low=0, high=1, got=fmt_number(value))
    for section in doc.sections():
        yield from _positive(section.node.get("weight"), "weight")
    for item in doc.items():
        days = item.node.get("deadline_days")
        if days is not None and isinstance(days.value, int) and not isinstance(days.value, bool):
            yield from _range(days, "deadline_days", 0, 3650)
