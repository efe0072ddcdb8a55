"""Ledgers read back (整改台账): JSON, CSV or an xlsx a clerk edited, every cell kept or refused where it is.

The model, and what carrying a ledger into the next round means, live in
:mod:`civcheck.ledger`; this module only turns a file into its entries — and,
for an xlsx ledger, reads the record of the tasks it was written with, to
bring back the rows a clerk deleted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civcheck.errors import InputError, Problem
from civcheck.formats.reader import Doc, top_mapping, type_name
from civcheck.formats.scalars import sane
from civcheck.formats.sheets import cell_date, cell_text, csv_rows, open_workbook, sheet_rows
from civcheck.formats.text import read_text
from civcheck.formats.values import parse_json
from civcheck.text import describe, first_bad

if TYPE_CHECKING:
    from civcheck.ledger import Entry, Previous

_LEDGER_TEXT = ("site_name", "township", "grid", "item_text", "problem", "owner", "person", "remedy", "void_reason")


def load_ledger(path: str | Path, names: Mapping[str, str] | None = None) -> Previous:
    """Read a ledger civcheck wrote: JSON, CSV or an xlsx clerks may have edited by hand.

    Headings are matched in Chinese or English; columns civcheck does not
    know are kept with each entry; status words may be Chinese (整改中, 已销号…).
    *names* (site name -> id) lets a sheet whose 编号 column was deleted be
    matched by 点位 name.  An xlsx ledger's record gives back every task whose
    row was deleted (``Previous.restored``).
    """
    from civcheck.ledger import Previous

    name = str(path)
    lower = name.lower()
    if lower.endswith(".xlsx"):
        rows, where, record, title = _xlsx_rows(path)
        entries = _ledger_entries(rows, name, where, names)
        if record is None:
            return Previous(entries, f"{name}:{title}", no_record="ledger.no_record_xlsx")
        lost, as_of = _record_entries(record, name, {e.id for e in entries})
        return Previous([*entries, *lost], f"{name}:{title}", {e.id: as_of for e in lost})
    text = read_text(path)
    if lower.endswith(".json"):
        rows = _json_ledger_rows(text, name)
        entries = _ledger_entries(rows, name, _json_places(text, rows[0] if rows else []), names)
        return Previous(entries, name, no_record="ledger.no_record_json")

    from civcheck.render.csv_ import unsafe_cell

    rows = [[unsafe_cell(cell) for cell in r] for r in csv_rows(text, name)]
    return Previous(_ledger_entries(rows, name, None, names), name, no_record="ledger.no_record_csv")


def _cell_text(value: Any, key: str = "") -> Any:
    """A JSON ledger value as the cell a spreadsheet would hold (lists joined, as in 出现轮次 and 处理记录)."""
    if isinstance(value, list):
        return ("\n" if key == "history" else ", ").join(str(v) for v in value)
    return value


def _json_ledger_rows(text: str, name: str) -> list[list[Any]]:
    """A JSON ledger as rows under a header, like the spreadsheets."""
    from civcheck.ledger import LEDGER_FORMAT

    doc = Doc(name, text)
    top = top_mapping(doc, parse_json(text, name), "ledger", LEDGER_FORMAT)
    entries = top.data.get("entries")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        doc.add(top.issue("entries", "schema.type", expected="list", got=type_name(entries), what="entries"))
        doc.raise_if_any()
        return []
    return _entry_rows(entries, lambda n: Problem(name, 1, 1, ""))


def _entry_rows(entries: list[dict[str, Any]], at: Callable[[int], Problem]) -> list[list[Any]]:
    """Tasks in the JSON ledger's form as rows under a header (*at* places entry *n* for a message)."""
    header = [field for field, _, _ in _ledger_columns()]
    ignored = {"site", "item", "round", "extra", "possible_duplicates"}  # derived, or the 疑似重复 column worked out
    extras = sorted({k for e in entries for k in e if k not in header and k not in ignored})
    rows: list[list[Any]] = [header + extras]
    for n, e in enumerate(entries, 1):
        row = [_cell_text(e.get(k), k) for k in header] + [_cell_text(e.get(k), k) for k in extras]
        hand = e.get("extra") or {}
        if not isinstance(hand, dict):
            args = {"expected": "mapping", "got": type_name(hand), "what": "extra"}
            raise InputError([replace(at(n), key="schema.type", args=args)])
        for heading, value in hand.items():
            if heading not in rows[0]:
                rows[0].append(heading)
                for earlier in rows[1:]:
                    earlier.append(None)
            row += [None] * (len(rows[0]) - len(row))
            row[rows[0].index(heading)] = value
        row += [None] * (len(rows[0]) - len(row))
        rows.append(row)
    return rows


def _record_entries(rows: list[list[Any]], name: str, kept: set[str]) -> tuple[list[Entry], str]:
    """The tasks of an xlsx ledger's record whose rows are not *kept* in the ledger, and the date it was written
    as of.  Only those are built (the rest is the sheet's own business); a damaged record is refused at its cell
    (the sheet is civcheck's own, hidden from clerks: a problem there is damage, not an edit)."""
    import json

    from civcheck.ledger import RECORD_FIELDS, RECORD_FORMAT, RECORD_SHEET

    def at(r: int, reason: str = "") -> Problem:  # record row r (0-based), cell A
        return Problem(name, r + 1, 1, "ledger.bad_record", {"reason": reason}, f"{RECORD_SHEET}!A{r + 1}")

    def value(r: int, text: str) -> Any:
        try:
            return parse_json(text, name)
        except InputError as exc:  # said at the record's cell, not at a line of the text it holds
            found = exc.problems[0]
            raise InputError([at(r, str(found.args.get("detail") or found.key))]) from None

    head = [cell_text(v) for v in (rows[0] if rows else [])] + ["", "", ""]
    as_of = cell_date(head[1])
    fields = value(0, head[2]) if head[0] == RECORD_FORMAT and isinstance(as_of, dt.date) else None
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields) or "id" not in fields:
        raise InputError([at(0, f"{RECORD_FORMAT}, 2026-07-20, {json.dumps(RECORD_FIELDS[:2])[:-1]}, …]")])
    assert isinstance(as_of, dt.date)
    key = fields.index("id")
    entries: list[dict[str, Any]] = []
    places: list[int] = []  # the record's row of each
    for r, raw in enumerate(rows[1:], 1):
        text = "".join(v for v in raw if isinstance(v, str))
        if not text.strip():
            continue
        values = value(r, text)
        if not isinstance(values, list) or len(values) != len(fields):
            raise InputError([at(r, f"{len(fields)} values")])
        if not isinstance(values[key], str) or values[key] not in kept:  # a row gone from the ledger (or no id)
            entries.append(dict(zip(fields, values, strict=True)))
            places.append(r)
    if not entries:
        return [], as_of.isoformat()
    table = _entry_rows(entries, lambda n: at(places[n - 1]))
    return _ledger_entries(table, name, lambda r, c: at(places[r - 1] if r else 0).where), as_of.isoformat()


def _json_places(text: str, header: list[Any]) -> Callable[[int, int], str]:
    """Where the value behind row *r*, column *c* stands in a JSON ledger's text, as ``line:column``.

    The rows are entries; their spans are found once with the C decoder
    (one pass, however long the ledger), and a key is looked for inside its
    entry's span only when a message needs its place.
    """
    import json
    import re

    spans: list[tuple[int, int]] = []
    found = re.search(r'"entries"\s*:\s*\[', text)
    decoder = json.JSONDecoder()
    at = found.end() if found else len(text)
    while at < len(text):
        while at < len(text) and text[at] in " \t\r\n,":
            at += 1
        if at >= len(text) or text[at] != "{":
            break
        try:
            _, end = decoder.raw_decode(text, at)
        except ValueError:
            break
        spans.append((at, end))
        at = end

    def place(r: int, c: int) -> str:
        start, end = spans[r - 1] if 0 < r <= len(spans) else (0, 0)
        key = header[c] if 0 <= c < len(header) else None
        hit = re.compile(r'"' + re.escape(json.dumps(key, ensure_ascii=False)[1:-1]) + r'"\s*:').search(
            text, start, end
        ) if key is not None and end else None  # fmt: skip
        offset = hit.start() if hit else start
        line = text.count("\n", 0, offset) + 1
        return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"

    return place


def _ledger_columns() -> tuple[tuple[str, str, str], ...]:
    from civcheck.ledger import COLUMNS

    return COLUMNS


def _xlsx_rows(
    path: str | Path,
) -> tuple[list[list[Any]], Callable[[int, int], str], list[list[Any]] | None, str]:
    """The ledger sheet's rows (整改台账, else the first sheet), where each cell is, the record's rows (None
    without one) and the sheet's title."""
    from openpyxl.utils import get_column_letter

    from civcheck.ledger import RECORD_SHEET

    name = str(path)
    book = open_workbook(path)
    try:
        shown = [s for s in book.worksheets if s.title != RECORD_SHEET] or book.worksheets
        sheet = book["整改台账"] if "整改台账" in book.sheetnames else shown[0]
        rows = sheet_rows(sheet, name)
        title = sheet.title
        record = sheet_rows(book[RECORD_SHEET], name) if RECORD_SHEET in book.sheetnames else None
    finally:
        book.close()

    def cell(r: int, c: int) -> str:
        return f"{title}!{get_column_letter(c + 1)}{r + 1}"

    return rows, cell, record, title


def _ledger_entries(
    rows: list[list[Any]],
    name: str,
    cell: Callable[[int, int], str] | None,
    names: Mapping[str, str] | None = None,
) -> list[Any]:
    """Ledger rows under a header, read as a clerk left them: every cell kept, or refused where it is.

    A row is found by its 编号 (site/checklist/item); a sheet whose 编号 column
    was deleted is matched by site (点位编号, or 点位 looked up in *names*) +
    检查表 + 检查项目 instead.
    """
    from civcheck.ledger import AMBIGUOUS_STATUS_WORDS, CLOSED_BY_WORDS, STATUS_WORDS, Entry, undated_heading

    if not rows:
        raise InputError.at(name, 1, 1, "io.empty")
    known = {}
    for field, zh, en in _ledger_columns():
        for label in (field, zh, en, en.lower()):
            known[label] = field
    header = ["" if h is None else str(h).strip() for h in rows[0]]
    fields = [known.get(h, known.get(h.lower(), known.get(undated_heading(h), ""))) for h in header]
    has_site = "site" in fields or ("site_name" in fields and names is not None)
    if "id" not in fields and not (has_site and "checklist" in fields and "item_text" in fields):
        where = cell(0, 0) if cell else ""
        raise InputError([Problem(name, 1, 1, "ledger.no_id_columns", {}, "" if where[:1].isdigit() else where)])
    problems: list[Problem] = []

    def problem(r: int, c: int, key: str, **args: Any) -> None:
        where = cell(r, c) if cell else ""
        if where[:1].isdigit():  # a JSON ledger: a line and column in its text
            line, column = (int(n) for n in where.split(":"))
            problems.append(Problem(name, line, column, key, args))
        else:
            problems.append(Problem(name, r + 1, c + 1, key, args, where))

    def place(r: int, c: int) -> str:
        return f"{name}:{cell(r, c)}" if cell else f"{name}:{r + 1}:{c + 1}"

    entries = []
    first_row: dict[str, int] = {}
    for r, raw in enumerate(rows[1:], 1):
        values = list(raw) + [None] * (len(header) - len(raw))
        if not any(v not in (None, "") for v in values):
            continue
        got: dict[str, Any] = {}
        extra: list[tuple[str, str]] = []
        bad_cells = [(c, v) for c, v in enumerate(values) if isinstance(v, str) and first_bad(v) is not None]
        if bad_cells:
            c, v = bad_cells[0]
            problem(r, c, "text.bad_char", code=describe(v[first_bad(v) or 0]))
            continue
        for c, (heading, field) in enumerate(zip(header, fields, strict=False)):
            value = values[c]
            if field:
                got[field] = value
                got[f"@{field}"] = c
            elif heading and value not in (None, ""):
                extra.append((heading, str(value)))
        parts = _ledger_key(got, names, r, problem)
        if parts is None:
            continue
        entry_id = "/".join(parts)
        if entry_id in first_row:  # one task twice: carried twice, or one of them lost
            problem(r, got.get("@id", 0), "ledger.duplicate_id", id=entry_id, row=first_row[entry_id] + 1)
            continue
        first_row[entry_id] = r
        status_raw = _plain_text(got.get("status")) or "open"
        status = STATUS_WORDS.get(status_raw, STATUS_WORDS.get(status_raw.lower()))
        if status is None:
            key = "ledger.ambiguous_status" if status_raw in AMBIGUOUS_STATUS_WORDS else "ledger.bad_status"
            problem(r, got["@status"], key, status=status_raw, known=_STATUS_CHOICES)
            continue
        reason = _plain_text(got.get("void_reason"))
        if status == "void" and not reason:  # dropping a task is a decision with its reason, not a blank
            problem(r, got["@status"], "ledger.void_no_reason")
            continue
        if status != "void" and reason:
            problem(r, got["@void_reason"], "ledger.reason_not_void", reason=reason)
            continue
        closed_raw = _plain_text(got.get("closed_by"))
        closed_by = CLOSED_BY_WORDS.get(closed_raw, CLOSED_BY_WORDS.get(closed_raw.lower(), "")) if closed_raw else ""
        if closed_raw and not closed_by:
            problem(r, got["@closed_by"], "ledger.bad_closed_by", value=closed_raw)
            continue
        if status == "closed" and not closed_by:
            closed_by = "hand"  # a clerk typed 已销号: no re-inspection closed it
        dates: dict[str, dt.date | None] = {}
        for key in ("found_on", "due", "closed_on"):
            value = cell_date(got.get(key))
            if isinstance(value, str):
                problem(r, got[f"@{key}"], "ledger.bad_date", value=value)
                value = None
            dates[key] = value
        try:
            lost = Decimal(str(got.get("lost") or 0).strip() or "0")
        except InvalidOperation:
            lost = Decimal("NaN")
        if not sane(lost):
            problem(r, got["@lost"], "ledger.bad_number", value=got.get("lost"))
            continue
        rounds = tuple(x for x in re.split(r"[,，;；\s]+", str(got.get("rounds") or "")) if x)
        history = tuple(line for line in str(got.get("history") or "").split("\n") if line.strip())

        # free text is kept as typed; a cell of nothing but spaces is empty
        text = {key: "" if got.get(key) is None or not str(got[key]).strip() else str(got[key]) for key in _LEDGER_TEXT}
        if text["item_text"].startswith(parts[2] + " "):  # written as "VR-1.1 text" for people
            text["item_text"] = text["item_text"][len(parts[2]) + 1 :]
        entries.append(
            Entry(
                id=entry_id,
                site=parts[0],
                checklist=parts[1],
                item=parts[2],
                lost=lost,
                found_on=dates["found_on"],
                due=dates["due"],
                status=status,
                closed_on=dates["closed_on"],
                round=rounds[-1] if rounds else "",
                rounds=rounds,
                extra=tuple(extra),
                closed_by=closed_by,
                history=history,
                where=place(r, got.get("@status", got.get("@id", 0))),
                **text,
            )
        )
    if problems:
        raise InputError(problems)
    return entries


_STATUS_CHOICES = (
    "未整改 / 已交办 / 整改中 / 已整改 / 已销号 / 作废 (open / assigned / rectifying / rectified / closed / void)"
)


def _plain_text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _ledger_key(
    got: Mapping[str, Any], names: Mapping[str, str] | None, r: int, problem: Callable[..., None]
) -> tuple[str, str, str] | None:
    """A row's site, checklist and item: from 编号, else from the site, checklist and item columns."""
    if "@id" in got:
        entry_id = _plain_text(got.get("id"))
        parts = entry_id.rsplit("/", 2)  # a site id may hold "/", checklist and item ids cannot
        if len(parts) != 3 or not all(parts):
            problem(r, got["@id"], "ledger.bad_id", id=entry_id)
            return None
        return parts[0], parts[1], parts[2]
    site = _plain_text(got.get("site"))
    if not site and "@site_name" in got and names is not None:
        site_name = _plain_text(got.get("site_name"))
        site = names.get(site_name, "")
        if not site:
            problem(r, got["@site_name"], "ledger.unknown_site_name", name=site_name)
            return None
    checklist = _plain_text(got.get("checklist"))
    item = _plain_text(got.get("item_text")).split(" ", 1)[0]
    if not (site and checklist and item):
        column = got.get("@site", got.get("@site_name", 0)) if not site else got.get("@checklist", 0)
        problem(r, column if checklist or not site else got.get("@checklist", 0), "ledger.no_key")
        return None
    return site, checklist, item
