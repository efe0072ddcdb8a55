"""JSON output: the ``civcheck.score/1`` document of format.md §4."""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from civcheck.bulletin import Bulletin
from civcheck.render import Context
from civcheck.scoring import Result
from civcheck.views import SCORE_FORMAT, problem_json, score_document, view_of


def dumps(document: Any) -> str:
    """Indented, UTF-8 text (Chinese stays readable), newline-terminated."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def compact(value: Any) -> str:
    """One JSON value on one line (json's C encoder: fast enough for batches)."""
    return json.dumps(value, ensure_ascii=False)


class Stream:
    """The ``civcheck.score/1`` document, written while the files are scored.

    One result per line as each file is scored (memory stays flat however
    many files), then the ranking, roll-ups, missing assessments and errors.
    """

    def __init__(self) -> None:
        self.count = 0

    def begin(self) -> str:
        return f'{{"format": {compact(SCORE_FORMAT)},\n "results": ['

    def item(self, line: str) -> str:
        self.count += 1
        return ("\n  " if self.count == 1 else ",\n  ") + line

    def end(self, bulletin: Bulletin, lang: str) -> str:
        close = "\n ]" if self.count else "]"
        ranking = [
            {"rank": n, "file": r.file, "site": r.site, "checklist": r.checklist, "round": r.round,
             "score": _num(r.rounded), "vetoed": r.vetoed, "complete": r.complete}
            for n, r in bulletin.ranked
        ]  # fmt: skip
        groups = {
            by: [
                {"key": g.key, "sites": g.sites, "mean": _num(g.mean), "min": _num(g.min),
                 "pass_rate": _num(g.pass_rate), "vetoes": g.vetoes}
                for g in groups
            ]
            for by, groups in bulletin.groups.items()
        }  # fmt: skip
        missing = [{"site": site, "checklist": checklist} for site, checklist in bulletin.missing]
        errors = [problem_json(p, lang) for p in bulletin.problems]
        return (
            f"{close},\n"
            f' "ranking": {_block(ranking)},\n'
            f' "groups": {compact(groups)},\n'
            f' "missing": {_block(missing)},\n'
            f' "errors": {_block(errors)}}}\n'
        )


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _block(values: Iterable[dict[str, Any]]) -> str:
    lines = ",\n".join("  " + compact(v) for v in values)
    return f"[\n{lines}\n ]" if lines else "[]"


def report(result: Result, ctx: Context) -> str:
    return dumps(score_document([view_of(result, ctx.lang)], [], ctx.lang))
