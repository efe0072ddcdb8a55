"""A township's settings, once: ``civcheck.yaml`` in the working folder (docs/formats.md §7).

A township issues the same bulletin every round — the same office, the same
numbering — so what ``--issuer``, ``--title``, ``--doc-no``, ``--date`` and
``--red-black`` say can be written once::

    format: civcheck.config/1
    bulletin:
      issuer: 城郊镇创建工作领导小组办公室
      title: 文明创建自查自测情况通报
      doc_no: 城郊创建办〔2026〕8号
      red_black: 3
      date: 2026-08-25        # rarely: without it a bulletin is dated on its round's last inspection

Options on the command line win over the file.  The file is read like every
other input — bounded, decoded, every problem located — and a folder scan
skips it, as it skips checklists and rosters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from civcheck.formats.reader import Doc, Map, top_mapping
from civcheck.formats.text import read_text
from civcheck.formats.values import parse_document

CONFIG_FORMAT = "civcheck.config/1"
CONFIG_NAME = "civcheck.yaml"
BULLETIN_KEYS = ("issuer", "title", "doc_no", "red_black", "date")
MAX_RED_BLACK = 1000


@dataclass(frozen=True)
class BulletinSettings:
    """What a township sets once for its bulletins; empty strings and ``None`` where the file says nothing."""

    issuer: str = ""
    title: str = ""
    doc_no: str = ""
    red_black: int | None = None
    date: dt.date | None = None  # 成文日期; none: the round's last inspection date


def load_config(path: str | Path) -> BulletinSettings:
    """Read a ``civcheck.config/1`` file; :class:`~civcheck.errors.InputError` with located problems if it is bad."""
    name = str(path)
    text = read_text(path)
    data = parse_document(text, name)
    doc = Doc(name, text)
    top = top_mapping(doc, data, "config", CONFIG_FORMAT)
    doc.guard(lambda: top.only(("format", "bulletin")))
    settings = BulletinSettings()
    if top.has("bulletin") and top.data["bulletin"] is not None:
        found = doc.guard(lambda: _bulletin(Map(top.data["bulletin"], top.at("bulletin"), "bulletin")))
        settings = found or settings
    doc.raise_if_any()
    return settings


def _bulletin(section: Map) -> BulletinSettings:
    section.only(BULLETIN_KEYS)
    size = section.whole("red_black")
    if size is not None and size > MAX_RED_BLACK:
        raise section.issue("red_black", "schema.range", what="red_black", got=str(size), low=0, high=MAX_RED_BLACK)
    return BulletinSettings(
        issuer=section.string("issuer"),
        title=section.string("title"),
        doc_no=section.string("doc_no"),
        red_black=size,
        date=section.date("date"),
    )


def find_config(explicit: Path | None, folder: Path | None = None) -> Path | None:
    """The config file to read: the one named, else ``civcheck.yaml`` in *folder* (the working folder) if there."""
    if explicit is not None:
        return explicit
    candidate = (folder or Path.cwd()) / CONFIG_NAME
    return candidate if candidate.exists() else None  # a FIFO or a folder by that name is reported, not passed over
