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
from civcheck.cli.helptext import zh_en


def regress(
    paths: list[Path] = typer.Argument(
        ...,
        help=zh_en("答卷文件，或递归查找其中答卷的文件夹。", "Answers files, or folders searched recursively."),
        show_default=False,
    ),
    fmt: str = options.Format("regress"),
    output: options.OptPath = options.Output,
    roster: Optional[Path] = typer.Option(
        None,
        "--sites",
        metavar="FILE",
        help=zh_en(
            "点位名册：每个点位按名册评分，答卷与名册不一致即为错误。",
            "A sites roster: each site scored as it says; an answers file that disagrees is an error.",
        ),
    ),
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Check answers files still score their expect: block."""

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
