"""Renderers: results in, strings out.

One module per format, each a set of pure functions returning ``str``; the
CLI only picks one from the registries below and writes what it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from civcheck.bulletin import Bulletin
from civcheck.scoring import Result


@dataclass(frozen=True)
class Context:
    """How to render: language, and what the output device can show."""

    lang: str = "zh"
    rich: bool = False  # draw with Rich: the output is a terminal
    color: bool = False
    width: int = 80
    ascii: bool = False  # the console's encoding has no box-drawing characters
    table_format: str = "simple"  # tabulate's style when not drawing with Rich
    bom: bool = True  # CSV: a UTF-8 BOM so that Excel and WPS read Chinese


BulletinRenderer = Callable[[Bulletin, Context], "str | bytes"]
ReportRenderer = Callable[[Result, Context], str]


def bulletin_renderers() -> dict[str, BulletinRenderer]:
    """``civcheck score --format`` choices other than json, which is streamed (see json_.Stream)."""
    from civcheck.render import csv_, html, md, table, xlsx

    return {"table": table.bulletin, "csv": csv_.bulletin, "md": md.bulletin, "xlsx": xlsx.bulletin,
            "html": html.bulletin}  # fmt: skip


def report_renderers() -> dict[str, ReportRenderer]:
    """``civcheck report --format`` choices."""
    from civcheck.render import csv_, json_, md, table

    return {"table": table.report, "json": json_.report, "csv": csv_.report, "md": md.report}


SCORE_FORMATS = ("table", "json", "csv", "md", "xlsx", "html")
BINARY_FORMATS = ("xlsx", "html")  # written to a file only (--output)
REPORT_FORMATS = ("table", "json", "csv", "md")
