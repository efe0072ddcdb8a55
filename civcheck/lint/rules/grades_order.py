"""Grade bands run from the highest ``min`` down, strictly, and the last band starts at 0.

A site gets the first band whose ``min`` is at or below its score, so the
bands must be listed from the highest down — otherwise a high band hides
behind a lower one.  The last band is the failing one, where every score
(and every vetoed site) ends up: its ``min`` is 0.  Reported at the ``min``
that is out of order, or at the last band's ``min``.

Bad::

    grades:
      - {id: good, min: 80}
      - {id: excellent, min: 90}
      - {id: pass, min: 60}

Good::

    grades:
      - {id: excellent, min: 90}
      - {id: good, min: 80}
      - {id: pass, min: 60}
      - {id: fail, min: 0}
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from civcheck.lint.document import Document, Finding, at, number

ID = "grades-order"
LEVEL = "error"


def check(doc: Document) -> Iterator[Finding]:
    grades = doc.get("scoring", "grades")
    if grades is None or not grades.is_seq or not grades.items:
        return
    previous: Fraction | None = None
    for band in grades.items:
        low = band.get("min")
        value = number(low)
        if low is None or value is None:
            continue
        if previous is not None and value >= previous:
            yield at(low, "schema.grades_order")
        previous = value
    last = grades.items[-1].get("min")
    value = number(last)
    if last is not None and value is not None and value != 0:
        yield at(last, "schema.grades_zero")
