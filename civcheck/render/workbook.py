"""Workbooks written row by row (openpyxl's write-only mode) with styles named once, ready to print.

Styling cells one by one in a normal workbook cost 96 % of a county ledger's
time and gigabytes of memory; write-only sheets with named styles cost a
fraction and stay flat in memory.  Every text cell is stored as text (a note
starting with ``=`` is never run as a formula), and every sheet prints on A4,
fitted to the page's width, with its header row repeated.  A row whose
wrapped text runs to several lines is given their height (:meth:`Book.append`):
Excel grows such a row when it opens the file, but LibreOffice and WPS print
it one line high, its text cut or written over the next row.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

LINE_HEIGHT = 15.0  # points: one line of the default 11-point font with its leading, in Excel, WPS and LibreOffice


class Book:
    """A write-only workbook with its styles named once (per-cell styles cost most of a big ledger's time)."""

    def __init__(self) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        self.book = Workbook(write_only=True)
        thin = Side(style="thin", color="999999")
        box = Border(left=thin, right=thin, top=thin, bottom=thin)
        top = Alignment(vertical="top")
        styles = {
            "cv-head": NamedStyle("cv-head", font=Font(bold=True), fill=PatternFill("solid", fgColor="F1E4E4"),
                                  border=box, alignment=Alignment(vertical="center", wrap_text=True)),
            "cv-title": NamedStyle("cv-title", font=Font(bold=True, size=13)),
            "cv-text": NamedStyle("cv-text", border=box, alignment=top),
            "cv-wrap": NamedStyle("cv-wrap", border=box, alignment=Alignment(vertical="top", wrap_text=True)),
            "cv-date": NamedStyle("cv-date", border=box, alignment=top, number_format="yyyy-mm-dd"),
            "cv-num": NamedStyle("cv-num", border=box, alignment=top, number_format="0.##"),
            "cv-score": NamedStyle("cv-score", border=box, alignment=top, number_format="0.00"),
            "cv-change": NamedStyle("cv-change", border=box, alignment=top, number_format="+0.00;-0.00;0.00"),
            "cv-int": NamedStyle("cv-int", border=box, alignment=top, number_format="0"),
            "cv-pct": NamedStyle("cv-pct", border=box, alignment=top, number_format="0.0%"),
            "cv-issuer": NamedStyle("cv-issuer", font=Font(bold=True, size=15, color="C00000")),
            "cv-meta": NamedStyle("cv-meta", font=Font(color="444444")),
        }  # fmt: skip
        for style in styles.values():
            self.book.add_named_style(style)
        # What assigning a named style does, done once: openpyxl looks the name up for every cell otherwise.
        self.arrays = {name: style.as_tuple() for name, style in styles.items()}
        self.wrapping = {self.arrays[n].alignmentId for n, s in styles.items() if s.alignment.wrap_text}
        self.rows: dict[int, tuple[int, dict[int, float]]] = {}  # per sheet: rows written, column widths

    def append(self, sheet: Any, cells: Sequence[Any]) -> None:
        """Write a row of :meth:`cell` cells, as tall as its longest wrapped text (set column widths first)."""
        written, widths = self.rows.get(id(sheet), (0, {}))
        if not widths:
            from openpyxl.utils import column_index_from_string

            widths = {column_index_from_string(k): d.width for k, d in sheet.column_dimensions.items() if d.width}
        row = written + 1
        self.rows[id(sheet)] = (row, widths)
        lines = 1
        for n, cell in enumerate(cells, 1):
            if cell is not None and isinstance(cell.value, str) and cell._style.alignmentId in self.wrapping:
                lines = max(lines, lines_of(cell.value, widths.get(n, 13.0)))
        if lines > 1 and row not in sheet.row_dimensions:  # a height set on purpose (a header's) is kept
            sheet.row_dimensions[row].height = LINE_HEIGHT * lines + 2
        sheet.append(cells)

    def cell(self, sheet: Any, value: Any, style: str) -> Any:
        from copy import copy

        from openpyxl.cell import WriteOnlyCell

        from civcheck.render.csv_ import FORMULA_START

        cell = WriteOnlyCell(sheet, value=value)
        cell._style = self.arrays[style]  # type: ignore[attr-defined]  # shared: cells are written once, then read
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
            if value.startswith(FORMULA_START):
                cell._style = copy(self.arrays[style])  # type: ignore[attr-defined]  # its own: quote prefix set
                cell.quotePrefix = True
        return cell

    def sheet(self, title: str, taken: set[str]) -> Any:
        name = sheet_name(title, taken)
        sheet = self.book.create_sheet(name)
        print_setup(sheet)
        return sheet

    def hidden_sheet(self, name: str) -> Any:
        """A sheet no one sees or unhides in Excel or WPS (very hidden): civcheck's own record, not for printing."""
        sheet = self.book.create_sheet(name)
        sheet.sheet_state = "veryHidden"
        return sheet

    def pieces(self, size: int = 1 << 20) -> Iterator[bytes]:
        """The saved workbook in pieces of *size* bytes, from a temporary file: never whole in memory."""
        import tempfile

        with tempfile.TemporaryFile() as spool:
            self.book.save(spool)
            spool.seek(0)
            while piece := spool.read(size):
                yield piece


def sheet_name(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, none of []:*?/\\), unique in the workbook."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in title).strip("'") or "-"
    name = clean[:31]
    n = 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name = clean[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name.lower())
    return name


def print_setup(sheet: Any, header_row: int = 1, portrait: bool = False) -> None:
    """A4, fitted to the page's width (as many pages long as it needs), the header row on every page."""
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.orientation = "portrait" if portrait else "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5


def lines_of(text: str, width: float) -> int:
    """How many lines *text* takes in a wrapped cell *width* characters wide (a Chinese character counts two)."""
    from civcheck.wrapping import cells

    room = max(1, int(width) - 2)  # the cell's padding, and a word that does not quite fit goes down whole
    return sum(max(1, -(-cells(part) // room)) for part in text.split("\n"))


def letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)
