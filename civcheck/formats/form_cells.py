"""A filled form's sheets as grids of cells: bounded, hidden sheets set aside, and problems named by cell.

The layer under :mod:`civcheck.formats.form`: it knows workbooks and CSV
files, not checklists.  A cell's problem reads ``file:sheet!E12: message``
the way a clerk finds it in Excel or WPS; the hidden sheet a template keeps
gives back the roster sites the form was made for.  A sheet past the bounds
(rows, columns) is one bad sheet, not a bad workbook: a clerk's own table of
ten thousand rows beside the forms must not cost the forms.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from civcheck.errors import InputError, Problem
from civcheck.form_layout import META_SHEET
from civcheck.formats.sheets import cell_text
from civcheck.i18n import t
from civcheck.model import Scalar, Site


@dataclass(frozen=True)
class CellProblem(Problem):
    """A problem in one cell: shown as ``file:sheet!E12: message`` (CSV: ``file:E12: message``)."""

    sheet: str | None = None
    cell: str = ""
    localized: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # arguments given in zh and en

    def message(self, lang: str) -> str:
        args = {**self.args, **{k: v[1] if lang == "en" else v[0] for k, v in self.localized.items()}}
        return t(self.key, lang, **args)

    def format(self, lang: str) -> str:
        where = f"{self.sheet}!{self.cell}" if self.sheet is not None else self.cell
        return f"{self.path}:{where}: {self.message(lang)}"


@dataclass
class Grid:
    """One sheet (or CSV file) as rows of cell values, trailing empty cells trimmed."""

    path: str
    sheet: str | None
    rows: list[list[Any]]
    problems: list[Problem] = field(default_factory=list)  # the sheet could not be read within bounds

    def at(
        self, row: int, col: int, key: str, localized: Mapping[str, tuple[str, str]] | None = None, **args: Any
    ) -> CellProblem:
        """A problem at a 0-based (row, col)."""
        return CellProblem(
            self.path, row + 1, col + 1, key, args, sheet=self.sheet, cell=self.ref(row, col), localized=localized or {}
        )

    @property
    def source(self) -> str:
        """The file and sheet, as the answers file's comment names them: form.xlsx:兴隆村."""
        name = Path(self.path).name
        return f"{name}:{self.sheet}" if self.sheet is not None else name

    def ref(self, row: int, col: int) -> str:
        """The cell's name as Excel shows it: E12."""
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(col + 1)}{row + 1}"

    def value(self, row: int, col: int) -> Any:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return None


def bad_text(grid: Grid, problems: list[Problem]) -> bool:
    """Cells holding characters civcheck does not carry (text.py), each reported where it is."""
    from civcheck.text import describe, first_bad

    found = False
    for r, row in enumerate(grid.rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                bad = first_bad(value)
                if bad is not None:
                    problems.append(grid.at(r, c, "text.bad_char", code=describe(value[bad])))
                    found = True
    return found


MAX_FORM_UNZIPPED = 64 * 1024 * 1024


MAX_FORM_ROWS = 5_000  # a checklist has dozens of items; a sheet of thousands of rows is no form


_SHEET_BOUNDS = ("io.too_many_rows", "io.too_many_columns")  # problems of one sheet, not of the workbook


def workbook_grids(name: str) -> tuple[list[Grid], dict[str, Site], list[str]]:
    from civcheck.formats.sheets import open_workbook, sheet_rows

    book = open_workbook(name, MAX_FORM_UNZIPPED)
    grids: list[Grid] = []
    meta: dict[str, Site] = {}
    hidden: list[str] = []
    try:
        for ws in book.worksheets:
            if ws.title == META_SHEET:
                rows = [_trim(row) for row in sheet_rows(ws, name, MAX_FORM_ROWS)]
                if rows and rows[0] and str(rows[0][0]).startswith("civcheck"):
                    meta = _meta_sites(rows, name)
                    continue
            if ws.sheet_state != "visible":  # what nobody sees on screen is not an inspector's form
                hidden.append(f"{Path(name).name}:{ws.title}")
                continue
            try:
                rows = [_trim(row) for row in sheet_rows(ws, name, MAX_FORM_ROWS)]
            except InputError as exc:
                if any(problem.key not in _SHEET_BOUNDS for problem in exc.problems):
                    raise  # damaged XML: the workbook itself cannot be read
                grids.append(Grid(name, ws.title, [], exc.problems))  # this sheet only
                continue
            grids.append(Grid(name, ws.title, rows))
    finally:
        book.close()
    return grids, meta, hidden


def _meta_sites(rows: list[list[Any]], name: str) -> dict[str, Site]:
    """The roster sites a template was made for, as it stored them on its hidden sheet.

    A site's entry that is not what ``civcheck template`` wrote (NaN, a number
    past any limit, nesting without end, not an object with an id) is refused
    at its cell: read as nothing, the site's owner, person and attributes
    would be lost from the answers without a word.
    """
    sites: dict[str, Site] = {}
    for n, row in enumerate(rows):
        if len(row) >= 3 and row[0] == "site":
            where = f"{META_SHEET}!C{n + 1}"
            try:
                data = json.loads(row[2], parse_constant=_no_constant) if isinstance(row[2], str) else None
            except (ValueError, RecursionError) as exc:
                detail = "nesting too deep" if isinstance(exc, RecursionError) else str(exc)[:80]
                raise InputError([Problem(name, 0, 0, "form.meta_bad", {"detail": detail}, where=where)]) from None
            if not isinstance(data, dict) or not isinstance(data.get("id"), str):
                raise InputError([Problem(name, 0, 0, "form.meta_bad", {"detail": "not a site"}, where=where)])
            sites[data["id"]] = _site_from_data(data)
    return sites


def _no_constant(value: str) -> Any:
    raise ValueError(value)  # NaN and Infinity are no attribute values


def _site_from_data(data: dict[str, Any]) -> Site:
    def text(key: str) -> str:
        value = data.get(key)
        return value if isinstance(value, str) else ""

    raw = data.get("attributes")
    attributes: dict[str, Scalar] = {}
    if isinstance(raw, dict):
        for key, value in raw.items():
            if isinstance(value, float):
                if math.isfinite(value) and abs(value) < 1e15:
                    attributes[key] = Fraction(Decimal(str(value)))
            elif value is None or isinstance(value, (str, int, bool)):
                attributes[key] = value
    kind = text("type")
    return Site(
        id=text("id"),
        name=text("name"),
        type=kind,
        types=(kind,) if kind else (),
        township=text("township"),
        grid=text("grid"),
        attributes=attributes,
        owner=text("owner"),
        person=text("person"),
    )


def csv_grid(name: str) -> Grid:
    from civcheck.formats.sheets import csv_rows
    from civcheck.formats.text import read_text

    text = read_text(name).lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ";" if first.count(";") > first.count(",") else ","
    return Grid(name, None, [_trim(list(row)) for row in csv_rows(text, name, delimiter)])


def _trim(row: list[Any]) -> list[Any]:
    while row and cell_text(row[-1]) == "":
        row.pop()
    return row
