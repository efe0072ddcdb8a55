"""Renderers: results in, strings out.

One module per format, each a set of pure functions returning ``str``; the
CLI only picks one from the registries below and writes what it returns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from civcheck.errors import Problem
from civcheck.scoring import Result


@dataclass(frozen=True)
class Context:
    """How to render: language, and what the output device can show."""

    lang: str = "zh"
    rich: bool = False  # draw with Rich: the output is a terminal
    color: bool = False
    width: int = 80
    ascii: bool = False  # the console's encoding has no box-drawing characters
    table_format: str = "simple"  # tabulate's style when not drawing with Rich
    bom: bool = True  # CSV: a UTF-8 BOM so that Excel and WPS read Chinese


ScoreRenderer = Callable[[Sequence[Result], Sequence[Problem], Context], str]
ReportRenderer = Callable[[Result, Context], str]


def score_renderers() -> dict[str, ScoreRenderer]:
    """``civcheck score --format`` choices."""
    from civcheck.render import csv_, json_, md, table

    return {"table": table.score, "json": json_.score, "csv": csv_.score, "md": md.score}


def report_renderers() -> dict[str, ReportRenderer]:
    """``civcheck report --format`` choices."""
    from civcheck.render import csv_, json_, md, table

    return {"table": table.report, "json": json_.report, "csv": csv_.report, "md": md.report}


SCORE_FORMATS = ("table", "json", "csv", "md")
REPORT_FORMATS = ("table", "json", "csv", "md")
