"""Options shared by several commands, declared once, with their help in both languages.

Every option's help is written ``help=zh_en("中文", "English")`` beside the
option (``helptext.py``); ``tests/test_help.py`` fails on one without it.
The values an option takes are offered by shell completion through its
``autocompletion`` (the functions at the bottom, which import what they read
only when asked).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

import typer

from civcheck.cli.helptext import zh_en

Lang = typer.Option(
    None,
    "--lang",
    metavar="zh|en",
    help=zh_en("界面语言 zh 或 en（默认看环境变量 CIVCHECK_LANG，再看区域设置）。",
               "The language, zh or en (default: CIVCHECK_LANG, else the locale)."),
    show_default=False,
    autocompletion=lambda: ["zh", "en"],
)  # fmt: skip
Checklists = typer.Option(
    None,
    "--checklists",
    metavar="DIR",
    help=zh_en("另一个查找检查表的文件夹（也可用环境变量 CIVCHECK_CHECKLISTS）。",
               "A directory of checklists to search (also CIVCHECK_CHECKLISTS)."),
    show_default=False,
)  # fmt: skip
Output = typer.Option(
    None,
    "--output",
    "-o",
    metavar="FILE",
    help=zh_en("写入这个文件（整体写入，不留半个文件），而不是输出到屏幕。",
               "Write to this file (atomically) instead of standard output."),
    show_default=False,
)  # fmt: skip

NoBom = typer.Option(
    False, "--no-bom", help=zh_en("CSV 不带 Excel 需要的 UTF-8 BOM。", "CSV without the UTF-8 BOM that Excel needs.")
)
NoProgress = typer.Option(False, "--no-progress", help=zh_en("不在标准错误上显示进度。", "No progress line on stderr."))
Jobs = typer.Option(
    None,
    "--jobs",
    "-j",
    help=zh_en("用几个进程评分（默认：全部 CPU 核）。", "Processes to score with (default: all cores)."),
)

OptPath = Optional[Path]
PathList = Optional[list[Path]]

ApprovalsFile = typer.Option(
    None,
    "--approvals",
    metavar="FILE",
    help=zh_en("创建办对不适用的核批文件（默认：当前文件夹中的 approvals.yaml，如有；none：不用）。",
               "The office's approvals of 不适用 (default: approvals.yaml in the working folder, if any; none: no)."),
    show_default=False,
)  # fmt: skip
StrictNa = typer.Option(
    False,
    "--strict-na",
    help=zh_en("没有有效核批的不适用按未作答（未检）计分。",
               "不适用 without an approval in force scores as unanswered (未检)."),
)  # fmt: skip


def Format(kind: str, default: Optional[str] = "table", note: tuple[str, str] = ("", "")) -> Any:
    """``--format``/``-f`` of a command showing *kind* (render/__init__.py's registry: its choices, offered
    by completion)."""
    from civcheck.render import formats_help

    choices = formats_help(kind)
    return typer.Option(
        default,
        "--format",
        "-f",
        metavar="FORMAT",
        help=zh_en(f"输出格式：{choices}{note[0]}。", f"The output format: {choices}{note[1]}."),
        show_default=default is not None,
        autocompletion=lambda: _formats(kind),
    )


def _formats(kind: str) -> list[str]:
    from civcheck.render import renderers

    return list(renderers(kind))


def checklist_ids(ctx: typer.Context) -> list[str]:
    """Completion of a checklist id: those found with the command's --checklists and CIVCHECK_CHECKLISTS."""
    from civcheck.catalog import Catalog

    return Catalog.discover(ctx.params.get("checklists") or []).ids()


def checklist_versions(ctx: typer.Context) -> list[str]:
    """Completion of a checklist's --version: the versions found of the id given before it."""
    from civcheck.catalog import Catalog

    # the id typed before --version: parsed, or (the command line ending in an option without its value) left over
    checklist = ctx.params.get("checklist_id") or next(iter(ctx.args), None)
    if not checklist:
        return []
    return [c.version for c in Catalog.discover(ctx.params.get("checklists") or []).versions(checklist)]
