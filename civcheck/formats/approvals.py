"""Approvals files (docs/formats.md §8): the office's word that an item does not apply to a site, and until when.

A site answers ``na`` (不适用) to take an item out of its own score; the
office approves that, item by item, with a reason, who approved it, on what
day and until what day::

    format: civcheck.approvals/1
    approvals:
      - site: hexi
        checklist: village-ring
        item: VR-5.2
        reason: 村内无河道沟渠，经现场核实
        approved_by: 城郊乡创建办 刘芳
        approved_on: 2026-08-01
        expires: 2026-12-31

Every key is required; an entry twice for one site, checklist and item, or
one that expires before it was approved, is refused where it stands.  Each
entry remembers its place, so that a run can say which approval it means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from civcheck.approvals import Approval, Approvals, Finding
from civcheck.errors import Problem
from civcheck.formats.reader import Doc, Issue, Map, top_mapping, type_name
from civcheck.formats.scalars import DocPath
from civcheck.formats.text import read_text
from civcheck.formats.values import locate_all, parse_document
from civcheck.i18n import extend

APPROVALS_FORMAT = "civcheck.approvals/1"
APPROVALS_NAME = "approvals.yaml"  # read from the working folder when no --approvals names a file
ENTRY_KEYS = ("site", "checklist", "item", "reason", "approved_by", "approved_on", "expires")

extend(
    {
        "approvals.duplicate": (
            "{site} / {checklist} / {item} 已在第 {row} 条批准过一次",
            "{site} / {checklist} / {item} is approved already, in entry {row}",
        ),
        "approvals.backwards": (
            "到期日 {expires} 早于批准日 {approved_on}",
            "expires on {expires}, before it was approved on {approved_on}",
        ),
    }
)


def load_approvals(path: str | Path) -> Approvals:
    """Read an approvals file; :class:`~civcheck.errors.InputError` with every problem located."""
    name = str(path)
    text = read_text(path)
    data = parse_document(text, name)
    doc = Doc(name, text)
    top = top_mapping(doc, data, "approvals", APPROVALS_FORMAT)
    doc.guard(lambda: top.only(("format", "approvals")))
    raw = doc.guard(lambda: top.require("approvals"))
    entries: list[tuple[Approval, DocPath]] = []
    if top.has("approvals") and not isinstance(raw, list):
        doc.add(top.issue("approvals", "schema.type", expected="list", got=type_name(raw), what="approvals"))
    seen: dict[tuple[str, str, str], int] = {}
    for n, entry in enumerate(raw if isinstance(raw, list) else []):
        at: DocPath = ("approvals", n)
        approval = doc.guard(partial(_entry, entry, at))
        if approval is None:
            continue
        key = (approval.site, approval.checklist, approval.item)
        if key in seen:
            doc.add(Issue(at, "approvals.duplicate", site=key[0], checklist=key[1], item=key[2], row=seen[key] + 1))
            continue
        seen[key] = n
        entries.append((approval, at))
    doc.raise_if_any()
    places = locate_all(text, [(p, False) for _, p in entries]) if entries else []
    located = []
    for (approval, _), (line, column) in zip(entries, places, strict=True):
        located.append(approval._replace(path=name, line=line, column=column))
    return Approvals(tuple(located), name)


def _entry(raw: Any, path: DocPath) -> Approval:
    entry = Map(raw, path, "approval")
    entry.only(ENTRY_KEYS)
    approved_on = _required_date(entry, "approved_on")
    expires = _required_date(entry, "expires")
    if expires < approved_on:
        raise entry.issue(
            "expires", "approvals.backwards", expires=expires.isoformat(), approved_on=approved_on.isoformat()
        )
    return Approval(
        site=entry.string("site", required=True),
        checklist=entry.string("checklist", required=True),
        item=entry.string("item", required=True),
        reason=entry.string("reason", required=True),
        approved_by=entry.string("approved_by", required=True),
        approved_on=approved_on,
        expires=expires,
    )


def _required_date(entry: Map, key: str) -> dt.date:
    """A date that must be there and must be a date (``expires: ~`` is as bad as no ``expires``)."""
    value = entry.require(key)
    found = entry.date(key)
    if found is None:
        raise entry.issue(key, "schema.type", expected="YYYY-MM-DD", got=type_name(value), what=key)
    return found


def find_approvals(explicit: Path | None, folder: Path | None = None) -> Path | None:
    """The approvals file to read: the one named, else ``approvals.yaml`` in *folder* (the working folder) if there."""
    if explicit is not None:
        return explicit
    candidate = folder / APPROVALS_NAME if folder is not None else Path(APPROVALS_NAME)  # named as a clerk would
    return candidate if candidate.exists() else None  # a FIFO or a folder by that name is reported, not passed over


def locate_findings(path: str | Path, findings: Sequence[Finding]) -> list[Problem]:
    """Each finding of :func:`civcheck.approvals.audit` as a problem located at the key it is about."""
    if not findings:
        return []
    name = str(path)
    text = read_text(path)
    # at the key, not its value: a value shared through an alias stands where its anchor is, in another entry
    places = locate_all(text, [(("approvals", f.entry, f.field), True) for f in findings])
    return [Problem(name, line, column, f.key, f.args) for f, (line, column) in zip(findings, places, strict=True)]
