"""``civcheck regress``: score every answers file that says what it expects, and list what differs.

Answers files may carry ``expect: {score: ..., grade: ..., passed: ...,
vetoed: ..., sections: {...}}`` (format.md §2).  Scoring them all and
comparing (:func:`civcheck.regress.mismatches`) catches a checklist edit
that moves results — the golden files of the checklists.  Each mismatch is
located at its field in the ``expect`` block, so CI can annotate the line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from civcheck.catalog import Catalog
from civcheck.errors import InputError, Problem
from civcheck.regress import Mismatch, mismatches
from civcheck.scoring import Result


@dataclass(frozen=True)
class Located:
    """A mismatch with where its expected value is written, and whose result it is."""

    mismatch: Mismatch
    line: int
    column: int
    site: str
    checklist: str


@dataclass
class RegressRun:
    checked: list[Result] = field(default_factory=list)  # results whose file has an expect block
    unchecked: list[str] = field(default_factory=list)  # answers files without one
    mismatches: list[Located] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def failed_files(self) -> list[str]:
        return sorted({m.mismatch.file for m in self.mismatches})


def _locate(result: Result, found: list[Mismatch]) -> list[Located]:
    from civcheck.formats.text import read_text
    from civcheck.formats.values import locate

    path = result.assessment.path
    try:
        text = read_text(path)
    except InputError:
        text = ""
    site = result.assessment.site.id
    checklist = f"{result.checklist.id} {result.checklist.version}"
    located = []
    for m in found:
        line, column = locate(text, ("expect", *m.field.split(".", 1))) if text else (1, 1)
        located.append(Located(m, line, column, site, checklist))
    return located


def regress_paths(paths: Iterable[str | Path], catalog: Catalog) -> RegressRun:
    """Score every answers file below *paths* and compare each with its ``expect``."""
    from civcheck.batch import score_paths

    batch = score_paths(paths, catalog)
    run = RegressRun(problems=batch.problems)
    for result in batch.results:
        if result.assessment.expect is None:
            run.unchecked.append(result.assessment.path)
            continue
        run.checked.append(result)
        run.mismatches += _locate(result, mismatches(result))
    return run
