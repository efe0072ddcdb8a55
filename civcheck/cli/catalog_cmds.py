"""``civcheck checklists`` and ``civcheck show ID``."""

from __future__ import annotations

from typing import Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import EXIT_INPUT, EXIT_OK, context, emit, fail, report_problems, run
from civcheck.cli.helptext import zh_en


def checklists(
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """List the checklists found."""

    def body(lang: str) -> int:
        from civcheck.catalog import Catalog
        from civcheck.render.checklist_text import checklist_list

        catalog = Catalog.discover(checklists or [])
        emit(checklist_list(catalog.checklists, context(lang, "table", None)), None, console=True)
        report_problems(catalog.problems, lang)
        return EXIT_INPUT if catalog.problems else EXIT_OK

    run(lang, body)


def show(
    checklist_id: str = typer.Argument(
        ...,
        metavar="ID",
        help=zh_en("检查表编号（见 civcheck checklists）。", "A checklist id (see civcheck checklists)."),
        autocompletion=options.checklist_ids,
    ),
    version: Optional[str] = typer.Option(
        None,
        "--version",
        help=zh_en("找到多个版本时，用哪一个。", "Which version, when several are found."),
        autocompletion=options.checklist_versions,
    ),
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Show a checklist as a tree of sections and items."""

    def body(lang: str) -> int:
        from civcheck.catalog import Catalog
        from civcheck.render.checklist_text import checklist_tree

        catalog = Catalog.discover(checklists or [])
        found = catalog.find(checklist_id, version) if version is not None else catalog.newest(checklist_id)
        if found is None:
            known = ", ".join(sorted({f"{e.id} {e.version}" for e in catalog.entries})) or "-"
            fail("usage.no_checklist", id=checklist_id if version is None else f"{checklist_id} {version}", known=known)
        emit(checklist_tree(found, context(lang, "table", None)), None, console=True)
        report_problems(catalog.problems, lang)
        return EXIT_INPUT if catalog.problems else EXIT_OK

    run(lang, body)
