"""``civcheck template`` and ``civcheck import``: fill-in workbooks for field inspectors, and back."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import EXIT_INPUT, EXIT_OK, err, fail, run
from civcheck.cli.helptext import zh_en

if TYPE_CHECKING:
    from civcheck.catalog import Catalog
    from civcheck.errors import Problem
    from civcheck.formats.form import Filled
    from civcheck.model import Checklist


def template(
    checklist_id: str = typer.Argument(
        ...,
        metavar="CHECKLIST",
        help=zh_en("检查表编号（见 civcheck checklists）。", "The checklist id (see civcheck checklists)."),
        autocompletion=options.checklist_ids,
    ),
    output: Path = typer.Option(
        ...,
        "--output",
        "-o",
        metavar="FILE",
        help=zh_en("要写出的工作簿（.xlsx）。", "The workbook to write (.xlsx)."),
        show_default=False,
    ),
    roster: Optional[Path] = typer.Option(
        None,
        "--sites",
        metavar="FILE",
        help=zh_en(
            "点位名册：类型符合检查表 site_types 的每个点位一个工作表。",
            "A sites roster: one sheet per site whose types meet the checklist's site_types.",
        ),
    ),
    only: Optional[list[str]] = typer.Option(
        None, "--site", help=zh_en("只要名册中的这个点位。", "Only this roster site.")
    ),
    round_: Optional[str] = typer.Option(
        None,
        "--round",
        help=zh_en("预先填上的检查轮次，如 2026-08。", "The inspection round to pre-fill, e.g. 2026-08."),
    ),
    version: Optional[str] = typer.Option(
        None,
        "--checklist-version",
        help=zh_en("找到这张检查表的多个版本时，用哪一个。", "Which version, when several of the checklist are found."),
    ),
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """A fill-in workbook for field inspectors (现场检查表)."""

    def body(lang: str) -> int:
        from civcheck.atomic import write_atomic
        from civcheck.catalog import Catalog
        from civcheck.errors import UsageError
        from civcheck.form_layout import site_for, sites_needing
        from civcheck.formats.sites import load_sites
        from civcheck.i18n import t
        from civcheck.render.form_template import template as build

        if output.suffix.lower() != ".xlsx":
            fail("form.xlsx_only", path=str(output))
        if only and roster is None:
            fail("form.site_needs_roster")
        checklist = _checklist(Catalog.discover(checklists or []), checklist_id, version)
        sites = None
        if roster is not None:
            listed = load_sites(roster)
            if only:
                by_id = {site.id: site for site in listed}
                for site_id in only:
                    if site_id not in by_id:
                        fail("form.no_site", site=site_id, roster=str(roster))
                chosen = [by_id[site_id] for site_id in dict.fromkeys(only)]
            else:
                chosen = sites_needing(checklist, listed)
                if not chosen:
                    types = ", ".join(checklist.site_types) or "-"
                    fail("form.no_sites", roster=str(roster), id=checklist.id, types=types)
            sites = [site_for(checklist, site) for site in chosen]
        data = build(checklist, sites, round_ or "", lang)
        try:
            write_atomic(output, data)
        except OSError as exc:
            raise UsageError("usage.write", path=str(output), reason=exc.strerror or str(exc)) from None
        count = len(sites) if sites is not None else 1
        typer.echo(t("form.written_book", lang, n=count, path=output, id=checklist.id, version=checklist.version))
        return EXIT_OK

    run(lang, body)


def import_(
    files: list[Path] = typer.Argument(
        ...,
        metavar="FILE...",
        help=zh_en(
            "填好的工作簿（.xlsx）或 CSV 文件，或存放它们的文件夹。",
            "Filled workbooks (.xlsx) or CSV files, or folders holding them.",
        ),
        show_default=False,
    ),
    output: Path = typer.Option(
        ...,
        "--output",
        "-o",
        metavar="DIR",
        help=zh_en(
            "写出答卷文件（点位--检查表.yaml）的文件夹。",
            "The folder to write the answers files to (SITE--CHECKLIST.yaml).",
        ),
        show_default=False,
    ),
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Filled-in workbooks back into answers files."""

    def body(lang: str) -> int:
        from civcheck.atomic import write_atomic
        from civcheck.catalog import Catalog
        from civcheck.cli._shell import report_problems
        from civcheck.errors import InputError, UsageError
        from civcheck.formats.form import answers_yaml, read_form
        from civcheck.i18n import t

        inputs, problems = _inputs(files)
        report_problems(problems, lang)
        if not inputs and not problems:
            fail("form.no_inputs")
        catalog = Catalog.discover(checklists or [])
        missing = unread = len(problems)  # the files named that do not exist
        refused = 0
        sheets: list[Filled] = []
        for path in inputs:
            try:
                form = read_form(path, catalog)
            except InputError as exc:
                report_problems(exc.problems, lang)
                problems += exc.problems
                unread += 1
                continue
            for source in form.empty:  # a sheet nobody filled in: no answers file of all-missing items
                typer.echo(t("form.skipped", lang, source=source))
            for source in form.hidden:
                typer.echo(t("form.hidden", lang, source=source))
            report_problems(form.problems, lang)
            problems += form.problems
            refused += len(form.refused)
            sheets += form.filled
        clashes = _clashes(sheets)
        report_problems(clashes.values(), lang)
        problems += clashes.values()
        refused += len(clashes)
        written = 0
        for n, sheet in enumerate(sheets):
            if n in clashes:
                continue
            target = output / sheet.filename
            try:
                output.mkdir(parents=True, exist_ok=True)
                write_atomic(target, answers_yaml(sheet, lang))
            except OSError as exc:
                raise UsageError("usage.write", path=str(output), reason=exc.strerror or str(exc)) from None
            written += 1
            applicable = sheet.applicable()
            answered = sum(1 for item in applicable if item.id in sheet.answers)
            typer.echo(t("form.imported", lang, source=sheet.source, path=target, answered=answered,
                         total=len(applicable)))  # fmt: skip
        catalog_problems = [p for p in catalog.problems if p not in problems]
        report_problems(catalog_problems, lang)
        problems += catalog_problems
        err(_summary(len(inputs) + missing, written, refused, unread, lang))
        return EXIT_INPUT if problems else EXIT_OK

    run(lang, body)


def _clashes(sheets: list[Filled]) -> dict[int, Problem]:
    """Sheets that would write the same answers file (one site and checklist twice): by index, each one's problem.

    None of them is written: which of two forms for one site is the right one is the office's to say.
    File names are compared as Windows and macOS compare them, ignoring case.
    """
    from dataclasses import replace

    by_file: dict[str, list[int]] = {}
    for n, sheet in enumerate(sheets):
        by_file.setdefault(sheet.filename.casefold(), []).append(n)
    clashes: dict[int, Problem] = {}
    for group in by_file.values():
        for n in group if len(group) > 1 else ():
            other = sheets[next(o for o in group if o != n)].source
            args = {"site": sheets[n].site.id, "other": other}
            clashes[n] = replace(sheets[n].site_cell, key="form.duplicate_site", args=args, localized={})
    return dict(sorted(clashes.items()))


def _summary(files: int, written: int, refused: int, unread: int, lang: str) -> str:
    """``导入 2 个文件：写出 3 份答卷；1 张工作表有错误，未写入``: the last line of an import."""
    from civcheck.i18n import t

    parts = [t("form.s_written", lang, n=written)]
    if refused:
        parts.append(t("form.s_refused", lang, n=refused))
    if unread:
        parts.append(t("form.s_unread", lang, n=unread))
    return t("form.summary", lang, files=t("form.s_files", lang, n=files), parts=t("form.s_sep", lang).join(parts))


def _inputs(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    """The files named, and the .xlsx/.xlsm/.csv files in the folders named (sorted; Office lock files skipped)."""
    from civcheck.catalog import iter_files
    from civcheck.errors import Problem
    from civcheck.form_layout import FORM_SUFFIXES

    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():  # a sub-folder that cannot be read is reported, not skipped
            for file in iter_files(path, problems, tuple(FORM_SUFFIXES)):
                if not file.name.startswith("~$"):  # Excel's lock file beside an open workbook
                    found.append(file)
        elif path.exists():
            found.append(path)
        else:
            problems.append(Problem(str(path), 1, 1, "io.not_found"))
    return list(dict.fromkeys(found)), problems


def _checklist(catalog: Catalog, checklist_id: str, version: str | None) -> Checklist:
    found = catalog.find(checklist_id, version) if version is not None else catalog.newest(checklist_id)
    if found is not None:
        return found
    versions = catalog.versions(checklist_id)
    if not versions:
        fail("usage.no_checklist", id=checklist_id, known=", ".join(catalog.ids()) or "-")
    listed = ", ".join(c.version for c in versions)
    if version is None:
        fail("answers.which_version", id=checklist_id, versions=listed)
    fail("answers.version", id=checklist_id, version=version, versions=listed)
