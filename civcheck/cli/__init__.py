"""The ``civcheck`` command line: thin Typer commands over the library.

Start-up is kept as light as Typer itself: the commands live in their own
modules and are imported — and turned into Click commands — only when one is
run (or asked for help).  ``civcheck --help`` lists them from the table
below and their summaries from ``about.py`` without importing any.

The language is read from the command line before Click parses it
(``--lang`` may stand anywhere: ``civcheck score --help --lang en``), so that
help (``helptext.py``) and what the parser refuses (``usage.py``: exit 2) are
said in it; shell completion is answered by ``completion.py``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import MutableMapping, Sequence
from typing import Any, Optional

import typer
from typer._click.exceptions import ClickException

from civcheck import __version__
from civcheck.cli import options
from civcheck.cli.helptext import COMPLETE_VAR, LocalizedCommand, LocalizedGroup, prepare, zh_en

# name -> (module, function); each command's help is in about.py
COMMANDS: dict[str, tuple[str, str]] = {
    "assess": ("civcheck.cli.assess", "assess"),
    "score": ("civcheck.cli.score", "score"),
    "report": ("civcheck.cli.report", "report"),
    "ledger": ("civcheck.cli.ledger", "ledger"),
    "compare": ("civcheck.cli.ledger", "compare"),
    "template": ("civcheck.cli.forms", "template"),
    "import": ("civcheck.cli.forms", "import_"),
    "checklists": ("civcheck.cli.catalog_cmds", "checklists"),
    "show": ("civcheck.cli.catalog_cmds", "show"),
    "lint": ("civcheck.cli.lint", "lint"),
    "diff": ("civcheck.cli.diff", "diff"),
    "regress": ("civcheck.cli.regress", "regress"),
    "approvals": ("civcheck.cli.approvals", "app"),
    "schema": ("civcheck.cli.schema", "schema"),
    "completion": ("civcheck.cli.completion", "completion"),
}


def command_function(name: str) -> Any:
    """The Typer function behind command *name* (imports its module)."""
    module, attr = COMMANDS[name]
    return getattr(importlib.import_module(module), attr)


class LazyGroup(LocalizedGroup):
    """The root: subcommands imported and built on first use; the language known before parsing."""

    lang: str | None = None  # the language of this command line, read from argv by main()
    lang_option: str | None = None  # the --lang it gave, as typed (every command's default)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            function = command_function(cmd_name)
            if isinstance(function, typer.Typer):  # a command with subcommands of its own
                command = typer.main.get_command(function)
            else:
                single = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False, add_completion=False)
                single.command(cmd_name, cls=LocalizedCommand)(function)
                command = typer.main.get_command(single)
            command.name = cmd_name
            prepare(command, self.lang_option)
            self.commands[cmd_name] = command
        return self.commands.get(cmd_name)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        from civcheck.language import lang_in_argv, lang_of

        argv = sys.argv[1:] if args is None else list(args)
        self.lang_option = lang_in_argv(argv)
        self.lang = lang_of(argv)
        try:
            code = super().main(args, prog_name, complete_var or COMPLETE_VAR, False, windows_expand_args, **extra)
        except (typer.Abort, ClickException) as exc:
            if not standalone_mode:
                raise
            from civcheck.cli.usage import refuse

            refuse(exc, self.lang)  # said in the user's language; exit 2 (format.md §5)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)

    def _main_shell_completion(
        self, ctx_args: MutableMapping[str, Any], prog_name: str, complete_var: str | None = None
    ) -> None:
        import os

        instruction = os.environ.get(complete_var or COMPLETE_VAR)
        if instruction:  # a completion script asking
            from civcheck.cli.completion import answer

            answer(self, ctx_args, instruction)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"civcheck {__version__}")
        raise typer.Exit()


def _completion(install: bool) -> Any:
    def callback(ctx: typer.Context, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            from civcheck.cli.completion import completion

            completion(None, install=install, lang=getattr(ctx.find_root().command, "lang_option", None))

    return callback


app = typer.Typer(
    name="civcheck",
    cls=LazyGroup,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_version,
        is_eager=True,
        help=zh_en("显示版本号并退出。", "Show the version and exit."),
    ),
    install_completion: bool = typer.Option(
        False,
        "--install-completion",
        callback=_completion(install=True),
        is_eager=True,
        expose_value=False,
        help=zh_en(
            "为当前的 shell 安装 Tab 补全（同 civcheck completion --install）。",
            "Install Tab completion for the current shell (as civcheck completion --install).",
        ),
    ),
    show_completion: bool = typer.Option(
        False,
        "--show-completion",
        callback=_completion(install=False),
        is_eager=True,
        expose_value=False,
        help=zh_en(
            "显示当前 shell 的补全脚本（同 civcheck completion）。",
            "Show the completion script of the current shell (as civcheck completion).",
        ),
    ),
    lang: Optional[str] = options.Lang,
) -> None:
    """文明创建自查自测工具 / Checklists and scored self-assessments for township creation offices."""
