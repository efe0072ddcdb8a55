"""Spreadsheet cells as clerks leave them: CSV text and xlsx workbooks, bounded, and the dates they type.

Workbooks are zip files of XML, so their size on disk says little about
what they expand to: the unpacked size, the rows and the columns are bounded
before anything is built.  Used by the ledger reader and the forms reader.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from pathlib import Path
from typing import Any

from civcheck.errors import InputError, Problem
from civcheck.formats.text import MAX_BYTES, mb, read_bytes

MAX_CELL = 32_767  # the most a spreadsheet cell holds (Excel, WPS); a longer CSV field is no cell anyone typed


def csv_rows(text: str, name: str, delimiter: str = ",") -> list[list[str]]:
    """The rows of a CSV text; a field longer than any spreadsheet cell (32,767 characters) is a located error."""
    import csv
    import io

    csv.field_size_limit(MAX_BYTES)
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise InputError.at(name, 1, 1, "io.csv", reason=str(exc)) from None
    for line_no, row in enumerate(rows, 1):
        for column, cell in enumerate(row, 1):
            if len(cell) > MAX_CELL:
                raise InputError.at(name, line_no, column, "io.long_cell", limit=MAX_CELL)
    return rows


_CELL_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def cell_date(value: Any) -> dt.date | str | None:
    """A date as clerks write it (2026-07-25, 2026/7/25, 2026年7月25日, or a real date cell); text if not."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _CELL_DATE.match(unicodedata.normalize("NFKC", str(value)))
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    return str(value)


# Workbooks are zip files of XML: their size on disk says little about what they expand to.
MAX_UNZIPPED = 256 * 1024 * 1024  # all members together, as the zip's directory declares them


MAX_MEMBERS = 10_000


MAX_ROWS = 200_000  # a county's ledger: 20,000 sites with 10 tasks each


MAX_COLUMNS = 256


def open_workbook(path: str | Path, unzipped: int = MAX_UNZIPPED) -> Any:
    """An xlsx workbook opened read-only, after its bytes *and* its expanded size were bounded.

    A 4 MB "zip bomb" declares gigabytes of XML; it is refused from the zip's
    own directory before anything is unpacked (a member is never read past
    the size its directory declares).
    """
    import io
    import warnings
    import zipfile

    from openpyxl import load_workbook

    name = str(path)
    data = read_bytes(path)
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError.at(name, 1, 1, "io.unreadable", reason=f"not an xlsx workbook ({exc})") from None
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > unzipped:
        raise InputError.at(name, 1, 1, "io.zip_bomb", limit=mb(unzipped))
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    sized = ReadOnlyWorksheet._get_size  # type: ignore[attr-defined]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            # Opening a read-only sheet looks for its <dimension>; when there is none, openpyxl parses the
            # whole sheet to find it: 15 million cells read once before the first row is.  The size is not
            # needed (sheet_rows resets it and bounds rows and columns as it reads), so it is not looked for.
            ReadOnlyWorksheet._get_size = lambda self: None  # type: ignore[attr-defined]
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a damaged or foreign file fails in many ways inside openpyxl and zipfile
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise InputError.at(name, 1, 1, "io.unreadable", reason=reason) from None
    finally:
        ReadOnlyWorksheet._get_size = sized  # type: ignore[attr-defined]


def sheet_rows(sheet: Any, name: str, max_rows: int = MAX_ROWS) -> list[list[Any]]:
    """A read-only sheet's values, bounded: no more than *max_rows* rows and :data:`MAX_COLUMNS` columns."""
    from openpyxl.utils import get_column_letter

    sheet.reset_dimensions()  # a forged <dimension ref="A1:XFD1048576"> must not pad every row
    rows: list[list[Any]] = []
    try:
        for row in sheet.iter_rows(values_only=True):
            if len(rows) == max_rows:
                where = f"{sheet.title}!A{max_rows + 1}"
                raise InputError([Problem(name, max_rows + 1, 1, "io.too_many_rows", {"limit": max_rows}, where)])
            values = list(row)
            if len(values) > MAX_COLUMNS:
                if any(v not in (None, "") for v in values[MAX_COLUMNS:]):
                    where = f"{sheet.title}!{get_column_letter(MAX_COLUMNS + 1)}{len(rows) + 1}"
                    problem = Problem(name, len(rows) + 1, MAX_COLUMNS + 1, "io.too_many_columns",
                                      {"limit": MAX_COLUMNS}, where)  # fmt: skip
                    raise InputError([problem])
                values = values[:MAX_COLUMNS]
            rows.append(values)
    except InputError:
        raise
    except Exception as exc:  # damaged XML inside the zip
        raise InputError.at(name, 1, 1, "io.unreadable", reason=f"{type(exc).__name__}: {exc}") from None
    return rows


def cell_text(value: Any) -> str:
    """A cell's value as the text a clerk sees (3.0 is "3", a date is 2026-08-12)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)  # 1e+308 stays as Excel shows it, not as 309 digits
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()
