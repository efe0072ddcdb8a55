"""``civcheck report FILE``: the scored gap report for one site."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import EXIT_OK, emit_as, pick, run
from civcheck.render import formats_help


def report(
    file: Path = typer.Argument(..., help="One answers file.", show_default=False),
    fmt: str = typer.Option("table", "--format", "-f", help=formats_help("report")),
    output: options.OptPath = options.Output,
    no_bom: bool = options.NoBom,
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """One site's gap report: sections and ranked gaps.

    The gap report for one site: score, sections (强项/一般/弱项, 漏项 and 未检 counted) and ranked gaps."""

    def body(lang: str) -> int:
        from civcheck.api import score_file

        renderer = pick("report", fmt, output)
        emit_as(renderer, score_file(file, checklists or []), lang, output, bom=not no_bom)
        return EXIT_OK

    run(lang, body)
