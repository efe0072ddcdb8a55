"""``civcheck approvals check FILE``: lint the office's approvals of 不适用."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import EXIT_FINDINGS, EXIT_OK, date_option, err, report_problems, run
from civcheck.cli.helptext import LocalizedCommand, LocalizedGroup, zh_en

app = typer.Typer(
    cls=LocalizedGroup,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    no_args_is_help=True,
)


@app.callback()
def approvals(lang: Optional[str] = options.Lang) -> None:  # --lang is read from the command line before this
    """The office's approvals of 不适用: approvals check FILE."""


@app.command(cls=LocalizedCommand)
def check(
    file: Path = typer.Argument(
        ...,
        help=zh_en("核批文件（civcheck.approvals/1）。", "An approvals file (civcheck.approvals/1)."),
        show_default=False,
    ),
    roster: Optional[Path] = typer.Option(
        None,
        "--sites",
        metavar="FILE",
        help=zh_en(
            "点位名册：核批了名册中没有的点位即为问题。",
            "A sites roster: approvals for sites it does not list are findings.",
        ),
        show_default=False,
    ),
    today: Optional[str] = typer.Option(
        None,
        "--today",
        metavar="YYYY-MM-DD",
        help=zh_en("按哪一天判断是否过期（默认：今天）。", "The date expiry is judged at (default: today)."),
        show_default=False,
    ),
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Lint an approvals file: unknown sites or items, expired entries."""

    def body(lang: str) -> int:
        from civcheck.api import check_approvals
        from civcheck.formats.sites import load_sites
        from civcheck.i18n import t

        when = date_option(today, "--today")
        sites = load_sites(roster) if roster is not None else None
        found = check_approvals(file, checklists=checklists or [], sites=sites, today=when)
        report_problems(found, lang)
        if found:
            err(t("approvals.summary", lang, n=len(found)))
            return EXIT_FINDINGS
        err(t("approvals.clean", lang))
        return EXIT_OK

    run(lang, body)
