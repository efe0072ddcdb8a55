"""``civcheck score PATH...``: score answers files and folders."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, choose, context, emit, err, report_problems, run


def score(
    paths: list[Path] = typer.Argument(..., help="Answers files, or folders searched recursively.", show_default=False),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json | csv | md"),
    output: options.OptPath = options.Output,
    fail_under: Optional[float] = typer.Option(
        None, "--fail-under", help="Exit 1 when a site scores under N or is vetoed.", show_default=False
    ),
    table_format: Optional[str] = typer.Option(
        None, "--table-format", help="tabulate style for piped tables (e.g. github, grid).", show_default=False
    ),
    no_bom: bool = typer.Option(False, "--no-bom", help="CSV without the UTF-8 BOM that Excel needs."),
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Score answers files: one result per file (format.md §3-4)."""

    def body(lang: str) -> int:
        from civcheck.batch import few_collections, score_paths
        from civcheck.catalog import Catalog
        from civcheck.i18n import t
        from civcheck.render import SCORE_FORMATS, score_renderers

        choose(fmt, SCORE_FORMATS)
        catalog = Catalog.discover(checklists or [])
        batch = score_paths(paths, catalog)
        ctx = context(lang, fmt, output, table_format, bom=not no_bom)
        with few_collections():
            text = score_renderers()[fmt](batch.results, batch.problems, ctx)
        emit(text, output, console=fmt == "table")
        report_problems(batch.problems, lang)
        if len(batch.results) + len(batch.problems) > 1:
            vetoed = sum(r.vetoed for r in batch.results)
            passed = sum(r.passed for r in batch.results)
            err(
                t(
                    "r.summary",
                    lang,
                    files=len(batch.results),
                    passed=passed,
                    failed=len(batch.results) - passed - vetoed,
                    vetoed=vetoed,
                    errors=len({p.path for p in batch.problems}),
                )
            )
        if batch.problems:
            return EXIT_INPUT
        if fail_under is not None and any(_under(r, fail_under) for r in batch.results):
            return EXIT_FINDINGS
        return EXIT_OK

    run(lang, body)


def _under(result: object, threshold: float) -> bool:
    from decimal import Decimal

    from civcheck.scoring import Result

    assert isinstance(result, Result)
    rounded = result.rounded_score
    return result.vetoed or rounded is None or rounded < Decimal(str(threshold))
