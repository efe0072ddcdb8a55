"""``civcheck regress PATH...``: score answers files that carry ``expect`` and report every mismatch."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    emit_as,
    err,
    fail,
    pick,
    report_problems,
    run,
)
from civcheck.render import formats_help


def regress(
    paths: list[Path] = typer.Argument(..., help="Answers files, or folders searched recursively.", show_default=False),
    fmt: str = typer.Option("table", "--format", "-f", help=formats_help("regress")),
    output: options.OptPath = options.Output,
    roster: Optional[Path] = typer.Option(
        None, "--sites", help="A sites roster: each site scored as it says; an answers file that disagrees is an error."
    ),
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Check answers files still score their expect: block.

    Check that answers files still score what their expect block says (exit 1 on any mismatch)."""

    def body(lang: str) -> int:
        from civcheck.catalog import Catalog
        from civcheck.i18n import t
        from civcheck.regress import regress_paths

        renderer = pick("regress", fmt, output)
        from civcheck.formats.sites import load_sites

        catalog = Catalog.discover(checklists or [])
        sites = {site.id: site for site in load_sites(roster)} if roster is not None else None
        result = regress_paths(paths, catalog, sites)
        if not result.checked and not result.unchecked and not result.problems:
            fail("usage.no_files")
        emit_as(renderer, result, lang, output)
        report_problems(result.problems, lang)
        if result.unchecked:
            err(t("regress.unchecked", lang, n=len(result.unchecked)))
        failed = len(result.failed_files())
        if failed:
            err(t("regress.summary", lang, checked=len(result.checked), failed=failed))
        elif result.checked:
            err(t("regress.all_ok", lang, checked=len(result.checked)))
        else:
            err(t("regress.none", lang))
        if result.problems:
            return EXIT_INPUT
        return EXIT_FINDINGS if result.mismatches else EXIT_OK

    run(lang, body)
