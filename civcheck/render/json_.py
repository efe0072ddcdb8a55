"""JSON output: the ``civcheck.score/1`` document of format.md §4."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from civcheck.errors import Problem
from civcheck.render import Context
from civcheck.scoring import Result
from civcheck.views import score_document


def dumps(document: Any) -> str:
    """Indented, UTF-8 text (Chinese stays readable), newline-terminated."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def score(results: Sequence[Result], problems: Sequence[Problem], ctx: Context) -> str:
    return dumps(score_document(results, problems, ctx.lang))


def report(result: Result, ctx: Context) -> str:
    return dumps(score_document([result], [], ctx.lang))
