"""Renderers: data in, text or bytes out — one protocol, one registry.

Every renderer is a pure function ``render(data, ctx) -> str | bytes`` (or an
iterator of pieces, for outputs that grow with the number of sites) in the
module of its format (``table``, ``json_``, ``csv_``, ``md``, ``html``,
``xlsx``, and the CI formats of lint, regress and diff).  :data:`REGISTRY`
lists each one with what the command line needs to know about it — its kind
(which command shows it), its ``--format`` name, a one-line summary, whether
it is written to a file only, and what the data must carry — so that the
choices, the help text and what a command computes are all derived from
this table.  Adding a format is one module and one line here
(docs/architecture.md shows it worked through).

The module named by a line is imported only when that renderer runs, so a
command's start-up does not pay for openpyxl or the html templates.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

Output = str | bytes | Iterable[str] | Iterable[bytes]  # whole, or pieces written as they are made


@dataclass(frozen=True)
class Context:
    """How to render: language, and what the output device can show."""

    lang: str = "zh"
    rich: bool = False  # a terminal: fit tables to its width (render/layout.py)
    color: bool = False
    width: int = 80
    ascii: bool = False  # the console's encoding has no box-drawing characters
    table_format: str = "simple"  # tabulate's style when not drawing for a terminal
    bom: bool = True  # CSV: a UTF-8 BOM so that Excel and WPS read Chinese
    cwd: str = ""  # the folder the command ran in: files below it are shown relative to it


@dataclass(frozen=True)
class Renderer:
    """One output format of one kind of data (see the module docstring)."""

    kind: str  # bulletin | report | ledger | compare | lint | regress | diff
    name: str  # the --format value
    summary: str  # for --help
    target: str  # "module:function" of the pure render(data, ctx) function
    binary: bool = False  # written to a file only (--output): xlsx, html
    needs: frozenset[str] = field(default_factory=frozenset)  # "gaps", "sections", "stream", "head": see below
    terminal: bool = False  # meant for a terminal: printed through its encoding, fitted to its width

    @property
    def function(self) -> Callable[[Any, Context], Output]:
        module, _, attr = self.target.partition(":")
        found: Callable[[Any, Context], Output] = getattr(importlib.import_module(module), attr)
        return found

    def __call__(self, data: Any, ctx: Context) -> str | bytes:
        """The whole output at once (a renderer that streams is joined)."""
        out = self.function(data, ctx)
        if isinstance(out, (str, bytes)):
            return out
        parts = list(out)
        return b"".join(p for p in parts if isinstance(p, bytes)) if self.binary else "".join(map(str, parts))

    def chunks(self, data: Any, ctx: Context) -> Iterator[str | bytes]:
        """The output piece by piece, as the renderer makes it: a county's bulletin is never whole in memory."""
        out = self.function(data, ctx)
        if isinstance(out, (str, bytes)):
            yield out
        else:
            yield from out


def _r(kind: str, name: str, summary: str, target: str, **more: Any) -> Renderer:
    return Renderer(kind, name, summary, "civcheck.render." + target, **more)


GAPS = frozenset({"gaps"})
SECTIONS = frozenset({"sections"})  # each result's sections (the html bulletin's means by section)
PHOTOS = frozenset({"photos"})  # the data is a report_html.ReportPage: the result and its photos, found
STREAM = frozenset({"stream", "gaps"})  # written result by result as files are scored (a whole one needs the gaps)
HEAD = frozenset({"head"})  # prints the notice's head (its 成文日期 among it): the command says how it was dated

REGISTRY: tuple[Renderer, ...] = (
    _r("bulletin", "table", "the ranking fitted to the terminal", "table:bulletin", terminal=True),
    _r("bulletin", "json", "civcheck.score/1, written as files are scored", "json_:bulletin", needs=STREAM),
    _r(
        "bulletin",
        "jsonl",
        "one result per line (JSON Lines), for DuckDB and other engines",
        "json_:lines",
        needs=STREAM,
    ),
    _r("bulletin", "csv", "one row per result, for Excel and WPS", "csv_:bulletin"),
    _r("bulletin", "md", "Markdown tables", "md:bulletin", needs=HEAD),
    _r("bulletin", "xlsx", "a workbook: ranking, roll-ups, every gap", "xlsx:bulletin", binary=True, needs=GAPS | HEAD),
    _r("bulletin", "html", "a printable page with charts", "html:bulletin", binary=True, needs=SECTIONS | HEAD),
    _r("report", "table", "the report at the terminal", "table:report", terminal=True),
    _r("report", "json", "civcheck.score/1 with one result", "json_:report"),
    _r("report", "csv", "one row per gap", "csv_:report"),
    _r("report", "md", "Markdown, the photos' paths listed", "md:report"),
    _r(
        "report",
        "html",
        "a printable page with the photos (--embed-photos)",
        "report_html:report",
        binary=True,
        needs=PHOTOS,
    ),
    _r("ledger", "table", "tasks and counts at the terminal", "table:ledger", terminal=True),
    _r("ledger", "json", "civcheck.ledger/1, one task per line", "json_:ledger"),
    _r("ledger", "csv", "the ledger's columns, for Excel and WPS", "csv_:ledger"),
    _r("ledger", "md", "Markdown tables", "md:ledger"),
    _r("ledger", "xlsx", "a workbook to edit and print", "xlsx:ledger", binary=True),
    _r("ledger", "html", "a printable page (交办单: a page per owner)", "html:ledger", binary=True),
    _r("compare", "table", "two rounds at the terminal", "table:compare", terminal=True),
    _r("compare", "json", "civcheck.compare/1", "json_:compare"),
    _r("compare", "csv", "one row per site", "csv_:compare"),
    _r("compare", "md", "Markdown tables", "md:compare"),
    _r("compare", "xlsx", "a workbook, the change signed, persisting gaps highlighted", "xlsx:compare", binary=True),
    _r("lint", "text", "path:line:column: level rule message", "lint_output:text", terminal=True),
    _r("lint", "json", "civcheck.lint/1", "lint_output:json_"),
    _r("lint", "junit", "JUnit XML for CI test reports", "lint_output:junit_"),
    _r("lint", "github", "GitHub Actions annotations", "lint_output:github_"),
    _r("regress", "table", "expected against got", "regress_output:table", terminal=True),
    _r("regress", "json", "civcheck.regress/1", "regress_output:json_"),
    _r("regress", "junit", "JUnit XML for CI test reports", "regress_output:junit_"),
    _r("regress", "github", "GitHub Actions annotations", "regress_output:github_"),
    _r("diff", "text", "what changed, in words", "diff_output:text", terminal=True),
    _r("diff", "json", "civcheck.diff/1", "diff_output:json_"),
)


def renderers(kind: str) -> dict[str, Renderer]:
    """The formats of *kind*, by --format name, in the registry's order."""
    return {r.name: r for r in REGISTRY if r.kind == kind}


def formats_help(kind: str) -> str:
    """``table | json | csv …``: the --format choices of a command, for its help text."""
    return " | ".join(renderers(kind))
