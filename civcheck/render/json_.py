"""JSON output: the ``civcheck.score/1`` document of format.md §4."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from civcheck.errors import Problem
from civcheck.render import Context
from civcheck.scoring import Result
from civcheck.views import SCORE_FORMAT, problem_view, result_view, score_document


def dumps(document: Any) -> str:
    """Indented, UTF-8 text (Chinese stays readable), newline-terminated."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def compact(value: Any) -> str:
    """One JSON value on one line (json's C encoder: fast enough for batches)."""
    return json.dumps(value, ensure_ascii=False)


def document(results: Iterable[dict[str, Any]], errors: Iterable[dict[str, Any]]) -> str:
    """The ``civcheck.score/1`` document with one result per line.

    Greppable and diffable line by line, and written with the C encoder —
    pretty-printing a thousand results costs more than scoring them.
    """

    def block(values: Iterable[dict[str, Any]]) -> str:
        lines = ",\n".join("  " + compact(v) for v in values)
        return f"[\n{lines}\n ]" if lines else "[]"

    return f'{{"format": {compact(SCORE_FORMAT)},\n "results": {block(results)},\n "errors": {block(errors)}}}\n'


def score(results: Sequence[Result], problems: Sequence[Problem], ctx: Context) -> str:
    return document((result_view(r, ctx.lang) for r in results), (problem_view(p, ctx.lang) for p in problems))


def report(result: Result, ctx: Context) -> str:
    return dumps(score_document([result], [], ctx.lang))
