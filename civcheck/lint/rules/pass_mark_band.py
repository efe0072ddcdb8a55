"""A grade band starts at the pass mark (a warning).

Grades and passing are decided separately: the grade is the first band
whose ``min`` is at or below the score, passing is a score at or above
``pass_mark`` (default 60).  If no band starts exactly at the pass mark, one
band holds both sites that pass and sites that do not — say a 合格 band from
70 with a pass mark of 80, where a site at 75 is graded 合格 yet has not
passed.  Reported at ``pass_mark`` (or at ``grades`` when the default mark
is used).

Bad::

    scoring:
      pass_mark: 80
      grades:
        - {id: good, min: 85}
        - {id: pass, min: 70}
        - {id: fail, min: 0}

Good::

      grades:
        - {id: good, min: 90}
        - {id: pass, min: 80}
        - {id: fail, min: 0}
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from civcheck.i18n import extend
from civcheck.lint.document import Document, Finding, at, fmt_number, number

ID = "pass-mark-band"
LEVEL = "warning"

extend(
    {
        "lint.pass_mark_band": (
            "没有从达标线 {pass_mark} 分起算的等级档：同一等级里会既有达标也有不达标的点位",
            "no grade band starts at the pass mark ({pass_mark}): "
            "one grade would hold sites that pass and sites that do not",
        ),
    }
)


def check(doc: Document) -> Iterator[Finding]:
    grades = doc.get("scoring", "grades")
    if grades is None or not grades.is_seq:
        return
    mins = [number(band.get("min")) for band in doc.grades()]
    if not mins or any(m is None for m in mins):
        return
    mark_node = doc.get("scoring", "pass_mark")
    mark = number(mark_node) if mark_node is not None else Fraction(60)
    if mark is None or mark == 0 or mark in mins:
        return
    scoring = doc.get("scoring")
    where = mark_node or (scoring.key_node("grades") if scoring is not None else None) or grades
    yield at(where, "lint.pass_mark_band", pass_mark=fmt_number(mark))
