"""The ``civcheck`` command line: thin Typer commands over the library.

Start-up is kept as light as Typer itself: the commands live in their own
modules and are imported — and turned into Click commands — only when one is
run (or asked for help).  ``civcheck --help`` lists them from the table
below without importing any; a test keeps the table's summaries equal to
the commands' own docstrings.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

from civcheck import __version__

# name -> (module, function, one-line summary shown by `civcheck --help`)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "assess": ("civcheck.cli.assess", "assess", "Self-check a site item by item (逐条逐项自查), resumable."),
    "score": ("civcheck.cli.score", "score", "Score answers files and publish the ranked bulletin (通报)."),
    "report": ("civcheck.cli.report", "report", "One site's gap report: sections and ranked gaps."),
    "ledger": ("civcheck.cli.ledger", "ledger", "The rectification ledger (整改台账), carried round to round."),
    "compare": ("civcheck.cli.ledger", "compare", "Two rounds compared: gaps closed, persisting and new."),
    "template": ("civcheck.cli.forms", "template", "A fill-in workbook for field inspectors (现场检查表)."),
    "import": ("civcheck.cli.forms", "import_", "Filled-in workbooks back into answers files."),
    "checklists": ("civcheck.cli.catalog_cmds", "checklists", "List the checklists found."),
    "show": ("civcheck.cli.catalog_cmds", "show", "Show a checklist as a tree of sections and items."),
    "lint": ("civcheck.cli.lint", "lint", "Check checklist files: every problem, located."),
    "diff": ("civcheck.cli.diff", "diff", "What changed between two versions of a checklist."),
    "regress": ("civcheck.cli.regress", "regress", "Check answers files still score their expect: block."),
    "approvals": ("civcheck.cli.approvals", "app", "The office's approvals of 不适用: approvals check FILE."),
    "schema": ("civcheck.cli.schema", "schema", "The JSON Schema of a file kind (checklist, answers, …)."),
}  # fmt: skip


def command_function(name: str) -> Any:
    """The Typer function behind command *name* (imports its module)."""
    module, attr, _ = COMMANDS[name]
    return getattr(importlib.import_module(module), attr)


class LazyGroup(TyperGroup):
    """A group whose subcommands are imported and built on first use."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            function = command_function(cmd_name)
            if isinstance(function, typer.Typer):  # a command with subcommands of its own
                command = typer.main.get_command(function)
            else:
                single = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False, add_completion=False)
                single.command(cmd_name)(function)
                command = typer.main.get_command(single)
            command.name = cmd_name
            self.commands[cmd_name] = command
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, _shorten(summary, limit)) for name, (_, _, summary) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 3, 10)].rstrip() + "..."


def _version(value: bool) -> None:
    if value:
        typer.echo(f"civcheck {__version__}")
        raise typer.Exit()


app = typer.Typer(
    name="civcheck",
    cls=LazyGroup,
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


def main() -> None:
    """The command line (``civcheck.__main__`` calls it; Ctrl-C while it starts: one line, exit 130)."""
    from civcheck.interrupt import program

    program(app)
