"""Sites rosters (format.md §6): YAML, JSON or a spreadsheet saved as CSV.

The roster names the sites a township must inspect, with their township,
grid, types, attributes and the unit and person answerable for each.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any

from civcheck.errors import InputError, Problem
from civcheck.formats.reader import Doc, Issue, Map, scalar, top_mapping, type_name
from civcheck.formats.scalars import MAX_DIGITS, DocPath
from civcheck.formats.sheets import csv_rows
from civcheck.formats.text import read_text
from civcheck.formats.values import parse_document
from civcheck.model import Scalar, Site
from civcheck.text import describe, first_bad

SITES_FORMAT = "civcheck.sites/1"


SITE_KEYS = ("id", "name", "type", "types", "township", "grid", "attributes", "owner", "person")


_ROSTER_SITE_KEYS = ("id", "name", "township", "grid", "types", "type", "attributes", "owner", "person")


def load_sites(path: str | Path) -> list[Site]:
    """Read a sites roster (YAML, JSON or CSV); ids must be unique."""
    name = str(path)
    text = read_text(path)
    if name.lower().endswith(".csv"):
        return _sites_csv(text, name)
    data = parse_document(text, name)
    doc = Doc(name, text)
    top = top_mapping(doc, data, "sites roster", SITES_FORMAT)
    doc.guard(lambda: top.only(("format", "sites")))
    raw = doc.guard(lambda: top.require("sites"))
    sites: list[Site] = []
    if top.has("sites") and not isinstance(raw, list):
        doc.add(top.issue("sites", "schema.type", expected="list", got=type_name(raw), what="sites"))
    seen: set[str] = set()
    for n, entry in enumerate(raw if isinstance(raw, list) else []):
        site = doc.guard(partial(_roster_site, entry, ("sites", n)))
        if site is None:
            continue
        if site.id in seen:
            doc.add(Issue(("sites", n, "id"), "schema.duplicate_id", id=site.id))
        seen.add(site.id)
        sites.append(site)
    doc.raise_if_any()
    return sites


def _roster_site(raw: Any, path: DocPath) -> Site:
    return site_map(Map(raw, path, "site"), _ROSTER_SITE_KEYS)


def site_map(site: Map, allowed: tuple[str, ...]) -> Site:
    site.only(allowed)
    attributes: dict[str, Scalar] = {}
    if site.has("attributes") and site.data["attributes"] is not None:
        attrs = Map(site.data["attributes"], site.at("attributes"), "attributes")
        for key, value in attrs.data.items():
            attributes[key] = scalar(value, attrs.at(key), f"attributes.{key}")
    site_type = site.string("type")
    types = site.strings("types") or ((site_type,) if site_type else ())
    return Site(
        id=site.string("id", required=True),
        name=site.string("name"),
        type=site_type,
        types=types,
        township=site.string("township"),
        grid=site.string("grid"),
        attributes=attributes,
        owner=site.string("owner"),
        person=site.string("person"),
    )


_CSV_COLUMNS = {
    "id": "id", "编号": "id", "点位编号": "id",
    "name": "name", "名称": "name", "点位": "name", "点位名称": "name",
    "township": "township", "乡镇": "township",
    "grid": "grid", "网格": "grid",
    "types": "types", "type": "types", "类型": "types", "点位类型": "types",
    "owner": "owner", "责任单位": "owner",
    "person": "person", "责任人": "person",
}  # fmt: skip


_LIST_SPLIT = re.compile(r"[;,、|\s]+")


def attribute_value(raw: str) -> Scalar:
    """A site attribute typed as text (a CSV cell, ``--attr``, a form): 是/否 and true/false, numbers, or text."""
    import unicodedata

    lowered = unicodedata.normalize("NFKC", raw).strip().lower()
    if lowered in ("true", "yes", "y", "是", "有"):
        return True
    if lowered in ("false", "no", "n", "否", "无"):
        return False
    if lowered.isascii() and lowered.isdigit() and len(lowered) <= MAX_DIGITS:
        return int(lowered)
    return raw.strip()


def _sites_csv(text: str, name: str) -> list[Site]:
    """A roster kept in a spreadsheet: a header row, one site per row.

    Known columns (English or Chinese headings) fill the site; every other
    column is an attribute (true/false, 是/否, numbers or text).
    """
    rows = csv_rows(text, name)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError.at(name, 1, 1, "io.empty")
    header = [cell.strip() for cell in rows[0]]
    fields = [_CSV_COLUMNS.get(h, _CSV_COLUMNS.get(h.lower(), "")) for h in header]
    for n, field in enumerate(fields):
        if field and field in fields[:n]:  # 编号 and id both: which one is the site's id?
            first = header[fields.index(field)]
            raise InputError.at(name, 1, n + 1, "schema.duplicate_column", column=header[n], other=first)
    if "id" not in fields:
        raise InputError.at(name, 1, 1, "schema.missing", key="id", what="CSV header")
    problems: list[Problem] = []
    sites: list[Site] = []
    seen: set[str] = set()
    for line_no, cells in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in cells):
            continue
        bad_cells = [(n, cell, first_bad(cell)) for n, cell in enumerate(cells, 1) if first_bad(cell) is not None]
        if bad_cells:
            n, cell, bad = bad_cells[0]
            problems.append(Problem(name, line_no, n, "text.bad_char", {"code": describe(cell[bad or 0])}))
            continue
        values: dict[str, str] = {}
        attributes: dict[str, Scalar] = {}
        for heading, field, cell in zip(header, fields, cells, strict=False):
            if field:
                values[field] = cell.strip()
            elif heading and cell.strip():
                attributes[heading] = attribute_value(cell)
        site_id = values.get("id", "")
        column = fields.index("id") + 1
        if not site_id:
            problems.append(Problem(name, line_no, column, "schema.empty", {"what": "id"}))
            continue
        if site_id in seen:
            problems.append(Problem(name, line_no, column, "schema.duplicate_id", {"id": site_id}))
            continue
        seen.add(site_id)
        types = tuple(t for t in _LIST_SPLIT.split(values.get("types", "")) if t)
        sites.append(
            Site(
                id=site_id,
                name=values.get("name", ""),
                type=types[0] if len(types) == 1 else "",
                types=types,
                township=values.get("township", ""),
                grid=values.get("grid", ""),
                attributes=attributes,
                owner=values.get("owner", ""),
                person=values.get("person", ""),
            )
        )
    if problems:
        raise InputError(problems)
    return sites
