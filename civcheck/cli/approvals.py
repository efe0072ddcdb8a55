"""``civcheck approvals check FILE``: lint the office's approvals of 不适用."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import EXIT_FINDINGS, EXIT_OK, date_option, err, report_problems, run

app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False, add_completion=False, no_args_is_help=True)


@app.callback()
def approvals() -> None:
    """The office's approvals of 不适用: approvals check FILE.

    不适用 the office approves (approvals.yaml): justified, visible, expiring. See docs/formats.md §8."""


@app.command()
def check(
    file: Path = typer.Argument(..., help="An approvals file (civcheck.approvals/1).", show_default=False),
    roster: Optional[Path] = typer.Option(
        None, "--sites", help="A sites roster: approvals for sites it does not list are findings.", show_default=False
    ),
    today: Optional[str] = typer.Option(
        None, "--today", help="The date expiry is judged at, YYYY-MM-DD (default: today).", show_default=False
    ),
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Lint an approvals file: unknown sites, checklists or items, items that cannot be 不适用, expired entries.

    Every finding as path:line:column: message; exit 1 when there is one, 2 when the file cannot be read."""

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
