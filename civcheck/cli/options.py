"""Options shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

Lang = typer.Option(None, "--lang", help="zh | en (default: CIVCHECK_LANG, else the locale).", show_default=False)
Checklists = typer.Option(
    None,
    "--checklists",
    help="A directory of checklists to search (repeatable; also CIVCHECK_CHECKLISTS).",
    show_default=False,
)
Output = typer.Option(
    None, "--output", "-o", help="Write to this file (atomically) instead of standard output.", show_default=False
)

NoBom = typer.Option(False, "--no-bom", help="CSV without the UTF-8 BOM that Excel needs.")
NoProgress = typer.Option(False, "--no-progress", help="No progress line on stderr.")
Jobs = typer.Option(None, "--jobs", "-j", help="Processes to score with (default: all cores).")

OptPath = Optional[Path]
PathList = Optional[list[Path]]

ApprovalsFile = typer.Option(
    None,
    "--approvals",
    help="The office's approvals of 不适用 (default: approvals.yaml in the working folder, if any; none: no).",
    show_default=False,
)
StrictNa = typer.Option(False, "--strict-na", help="不适用 without an approval in force scores as unanswered (未检).")
