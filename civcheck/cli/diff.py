"""``civcheck diff OLD NEW`` and ``civcheck diff --git REV FILE...``: what changed in a checklist."""

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


def diff(
    paths: list[Path] = typer.Argument(
        ...,
        metavar="OLD NEW | FILE...",
        help=zh_en(
            "两个检查表文件；用 --git 时为要比较的文件（或文件夹）。",
            "Two checklist files, or with --git the files (or folders) to check.",
        ),
    ),
    git: Optional[str] = typer.Option(
        None,
        "--git",
        metavar="REV",
        help=zh_en(
            "把每个文件与它在 git 版本 REV（HEAD、origin/main、标签……）中的样子比较。",
            "Compare each file with its version at git revision REV (HEAD, origin/main, a tag...).",
        ),
        show_default=False,
    ),
    fmt: str = options.Format("diff", "text"),
    output: options.OptPath = options.Output,
    lang: Optional[str] = options.Lang,
) -> None:
    """What changed between two versions of a checklist."""

    def body(lang: str) -> int:
        from civcheck.batch import discover
        from civcheck.diff import ChecklistDiff, DiffReport, compare
        from civcheck.errors import InputError, Problem
        from civcheck.formats.checklist import CHECKLIST_FORMAT, checklist_from_data, load_checklist
        from civcheck.formats.reader import peek_format
        from civcheck.formats.text import read_text
        from civcheck.formats.values import parse_document
        from civcheck.git import read_at_revision
        from civcheck.i18n import t

        renderer = pick("diff", fmt, output)
        diffs: list[ChecklistDiff] = []
        problems: list[Problem] = []
        if git is None:
            if len(paths) != 2:
                fail("diff.two_files")
            loaded = []
            for path in paths:
                try:
                    loaded.append(load_checklist(path))
                except InputError as exc:
                    problems += exc.problems
            if not problems:
                diffs.append(compare(loaded[0], loaded[1], str(paths[0]), str(paths[1])))
        else:
            files, problems = discover(paths)
            for path, explicit in files:
                name = f"{git}:{path}"
                try:
                    text = read_text(path)
                    data = parse_document(text, str(path))
                    if not explicit and peek_format(data) != CHECKLIST_FORMAT:
                        continue  # answers files and rosters in a folder
                    new = checklist_from_data(data, str(path), text)
                    before = read_at_revision(path, git)
                    if before is None:
                        err(t("diff.new_file", lang, path=str(path), rev=git))
                        continue
                    old = checklist_from_data(parse_document(before, name), name, before)
                except InputError as exc:
                    problems += exc.problems
                    continue
                diffs.append(compare(old, new, name, str(path)))
        emit_as(renderer, DiffReport(diffs, problems), lang, output)
        report_problems(problems, lang)
        if problems:
            return EXIT_INPUT
        return EXIT_FINDINGS if any(d.unversioned for d in diffs) else EXIT_OK

    run(lang, body)
