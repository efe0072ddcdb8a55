"""The ``civcheck`` command line: thin Typer commands over the library.

Only Typer is imported at start-up; every command imports what it needs
when it runs, so ``civcheck --help`` stays as quick as Typer itself.
"""

from __future__ import annotations

import typer

from civcheck import __version__
from civcheck.cli import assess, catalog_cmds, report, score
from civcheck.cli import diff as diff_cmd
from civcheck.cli import ledger as ledger_cmd
from civcheck.cli import lint as lint_cmd
from civcheck.cli import regress as regress_cmd
from civcheck.cli import schema as schema_cmd


def _version(value: bool) -> None:
    if value:
        typer.echo(f"civcheck {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="civcheck",
    help="文明创建自查自测工具 / Checklists and scored self-assessments for township creation offices.",
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """文明创建自查自测工具 / Checklists and scored self-assessments for township creation offices."""


app.command("assess")(assess.assess)
app.command("score")(score.score)
app.command("report")(report.report)
app.command("checklists")(catalog_cmds.checklists)
app.command("show")(catalog_cmds.show)
app.command("lint")(lint_cmd.lint)
app.command("diff")(diff_cmd.diff)
app.command("regress")(regress_cmd.regress)
app.command("schema")(schema_cmd.schema)
app.command("ledger")(ledger_cmd.ledger)
app.command("compare")(ledger_cmd.compare)


def main() -> None:
    """Console-script entry point."""
    app()
