"""``civcheck lint PATH...``: check checklist files the way yamllint checks YAML."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    emit,
    emit_as,
    err,
    fail,
    pick,
    report_problems,
    run,
)
from civcheck.cli.helptext import zh_en


def _rule_ids() -> list[str]:
    from civcheck.lint import rules

    return [rule.ID for rule in rules.RULES]


def default_format(environ: Optional[dict[str, str]] = None) -> str:
    """``github`` inside GitHub Actions (annotations on the pull request), else ``text``."""
    env = os.environ if environ is None else environ
    return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"


def lint(
    paths: Optional[list[Path]] = typer.Argument(
        None,
        help=zh_en("检查表文件，或递归查找其中检查表的文件夹。", "Checklist files, or folders searched recursively."),
        show_default=False,
    ),
    fmt: Optional[str] = options.Format(
        "lint",
        None,
        ("（默认：在 GitHub Actions 中为 github，否则为 text）", " (default: github under GITHUB_ACTIONS, else text)"),
    ),
    strict: bool = typer.Option(
        False,
        "--strict",
        help=zh_en("有警告也以退出码 1 结束，不只是有错误时。", "Exit 1 on warnings too, not only on errors."),
    ),
    disable: Optional[list[str]] = typer.Option(
        None,
        "--disable",
        metavar="RULE",
        help=zh_en("跳过这条规则（规则编号见 --list-rules）。", "Skip a rule by its id (see --list-rules)."),
        show_default=False,
        autocompletion=_rule_ids,
    ),
    list_rules: bool = typer.Option(
        False,
        "--list-rules",
        help=zh_en("列出各条规则的编号和级别，然后退出。", "List the rules with their ids and levels, and exit."),
    ),
    output: options.OptPath = options.Output,
    lang: Optional[str] = options.Lang,
) -> None:
    """Check checklist files: every problem, located."""

    def body(lang: str) -> int:
        from civcheck.i18n import t
        from civcheck.lint import rules
        from civcheck.lint.linter import check_disabled, lint_paths

        if list_rules:
            listing = "".join(f"{r.ID:<16} {r.LEVEL:<8} {rules.summary(r)}\n" for r in rules.RULES)
            emit(listing, output, console=True)
            return EXIT_OK
        renderer = pick("lint", fmt or default_format(), output)
        skip = check_disabled(disable or [])
        if not paths:
            fail("lint.no_paths")
        result = lint_paths(paths, skip)
        emit_as(renderer, result, lang, output)
        report_problems(result.errors, lang)
        errors, warnings = result.count("error"), result.count("warning")
        files = len(result.files)
        if errors or warnings:
            err(t("lint.summary", lang, files=files, errors=errors, warnings=warnings))
        elif not result.errors:  # a file that could not be read is no clean file
            err(t("lint.clean", lang, files=files))
        if result.errors:
            return EXIT_INPUT
        return EXIT_FINDINGS if result.failed(strict) else EXIT_OK

    run(lang, body)
