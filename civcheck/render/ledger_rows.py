"""The ledger and rounds compared as rows of cells: what every format shows, decided once.

The columns clerks know (序号, 编号, 网格, 点位, 检查项目, 问题描述, 扣分, 责任单位,
责任人, 整改措施, 发现日期, 整改时限, 整改状态, 销号日期, 处理记录…), the 交办单 cut
per owner, person or grid, and the two-round comparison; each format module
(table, json, csv, md, html, xlsx) lays these out its own way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from civcheck.i18n import join, t
from civcheck.ledger import (
    COLUMNS,
    STATUS_LABELS,
    Entry,
    Handout,
    Ledger,
    as_of_heading,
    closed_by_label,
    counts,
    due_soon,
    handouts,
    order,
    status_label,
)
from civcheck.render.common import one_line, site_label, yes_no
from civcheck.rounds import Comparison

WRAPPED = ("item_text", "problem", "remedy", "history", "void_reason")  # long text: wraps in the workbook, and in print


WIDTHS = {"no": 6, "id": 24, "township": 8, "grid": 10, "site": 12, "site_name": 14, "checklist": 16,
          "item_text": 30, "problem": 30, "lost": 6, "owner": 16, "person": 8, "remedy": 30, "found_on": 11,
          "due": 11, "status": 12, "closed_on": 11, "closed_by": 9, "void_reason": 20, "overdue": 8, "duplicate": 24,
          "rounds": 14, "history": 34}  # fmt: skip


@dataclass(frozen=True)
class View:
    """What to show of a ledger: all of it, or the 交办单 per owner/person/grid, or only tasks due soon."""

    by: str | None = None  # owner | person | grid: one 交办单 per value
    soon: int | None = None  # mark tasks due within this many days
    due_within: int | None = None  # keep only open tasks due within this many days (or overdue)


@dataclass(frozen=True)
class LedgerPage:
    """What a ledger renderer is given: the ledger, and what of it to show."""

    ledger: Ledger
    view: View = View()


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def extra_headings(entries: Sequence[Entry]) -> list[str]:
    headings: list[str] = []
    for e in entries:
        for heading, _ in e.extra:
            if heading not in headings:
                headings.append(heading)
    return headings


def headings(lang: str, extras: Sequence[str], today: dt.date, sep: str = "") -> list[str]:
    """The ledger's column headings; 是否逾期 names the date it was worked out on (截至 …, after *sep*)."""
    return [as_of_heading(en if lang == "en" else zh, today, lang, sep) if field == "overdue"
            else en if lang == "en" else zh for field, zh, en in COLUMNS] + list(extras)  # fmt: skip


def as_of_line(ledger: Ledger, lang: str) -> str:
    """The line under a ledger's title: the date overdue is counted to (--today, else the day of the run)."""
    return t("l.as_of_line", lang, date=ledger.today.isoformat())


def status(status: str, lang: str) -> str:
    return status_label(status, lang)


def cells(entry: Entry, n: int, ledger: Ledger, lang: str, extras: Sequence[str], dates: bool = False) -> list[Any]:
    """One entry as the row under :func:`headings` (real dates and numbers for xlsx, text elsewhere)."""
    extra = dict(entry.extra)
    as_date = (lambda d: d) if dates else day
    return [
        n, entry.id, entry.township, entry.grid, entry.site, entry.site_name or entry.site, entry.checklist,
        f"{entry.item} {entry.item_text}".strip(), entry.problem, float(entry.lost) if dates else str(entry.lost),
        entry.owner, entry.person, entry.remedy, as_date(entry.found_on), as_date(entry.due),
        status(entry.status, lang), as_date(entry.closed_on), closed_by_label(entry.closed_by, lang),
        entry.void_reason, yes_no(entry.overdue(ledger.today), lang), ", ".join(entry.rounds), "\n".join(entry.history),
        join(ledger.duplicates.get(entry.id, ()), lang),
        *(extra.get(h, "") for h in extras),
    ]  # fmt: skip


def selected(ledger: Ledger, view: View) -> list[Entry]:
    """The entries the view keeps, in ledger order."""
    entries = order(ledger.entries)
    if view.due_within is not None:
        entries = [e for e in entries if e.due_within(ledger.today, view.due_within)]
    return entries


def handout_groups(ledger: Ledger, view: View) -> list[Handout]:
    trimmed = Ledger(selected(ledger, view), ledger.missing, ledger.today, ledger.notices, ledger.round)
    return handouts(trimmed, view.by or "owner", view.soon)


def reminder(entry: Entry, ledger: Ledger, view: View, lang: str) -> str:
    """逾期 / N 天内到期: what a 交办单 marks beside a task."""
    if entry.overdue(ledger.today):
        return t("l.overdue_days", lang, days=(ledger.today - entry.due).days if entry.due else 0)
    if due_soon(entry, ledger.today, view.soon):
        return t("l.due_in", lang, days=(entry.due - ledger.today).days if entry.due else 0)
    return ""


def handout_header(h: Handout, ledger: Ledger, view: View, lang: str) -> str:
    """The line that heads a 交办单, so it can be printed and handed over."""
    return t(
        "l.handout_head", lang, by=t(f"l.key_{view.by}", lang), key=h.key, round=ledger.round or "-",
        date=ledger.today.isoformat(), n=len(h.entries), overdue=h.overdue,
        soon=t("l.handout_soon", lang, days=view.soon, n=h.soon) if view.soon is not None else "",
    )  # fmt: skip


HANDOUT_KEYS = ("l.no", "w.id", "w.site", "w.item", "w.note", "w.owner", "w.person", "w.remedy", "w.due", "l.status",
                "l.reminder")  # fmt: skip


def handout_headings(ledger: Ledger, lang: str, dated: bool = False) -> list[str]:
    """A 交办单's column headings; *dated*: 提醒 names its date, where no head line above the rows does (CSV)."""
    names = [t(k, lang) for k in HANDOUT_KEYS]
    return [*names[:-1], as_of_heading(names[-1], ledger.today, lang)] if dated else names


def handout_rows(h: Handout, ledger: Ledger, view: View, lang: str) -> list[list[str]]:
    return [
        [str(n), e.id, e.site_name or e.site, f"{e.item} {e.item_text}", one_line(e.problem), one_line(e.owner),
         e.person or "-", one_line(e.remedy), day(e.due), status(e.status, lang), reminder(e, ledger, view, lang)]
        for n, e in enumerate(h.entries, 1)
    ]  # fmt: skip


def entry_json(e: Entry, ledger: Ledger) -> dict[str, Any]:
    return {
        "id": e.id, "site": e.site, "site_name": e.site_name, "township": e.township, "grid": e.grid,
        "checklist": e.checklist, "item": e.item, "item_text": e.item_text, "problem": e.problem,
        "lost": float(e.lost) if e.lost != e.lost.to_integral_value() else int(e.lost), "owner": e.owner,
        "person": e.person, "remedy": e.remedy, "found_on": day(e.found_on) or None,
        "due": day(e.due) or None, "status": e.status, "closed_on": day(e.closed_on) or None,
        "closed_by": e.closed_by or None, "void_reason": e.void_reason or None, "overdue": e.overdue(ledger.today),
        "possible_duplicates": list(ledger.duplicates.get(e.id, ())), "round": e.round,
        "rounds": list(e.rounds), "history": list(e.history), "extra": dict(e.extra),
    }  # fmt: skip


def counts_tables(ledger: Ledger, lang: str) -> list[tuple[str, list[str], list[list[str]]]]:
    by_status, owners = counts(ledger)
    status_rows = [[t("l.overdue", lang), str(by_status["overdue"])]]
    status_rows += [[status(s, lang), str(by_status[s])] for s in STATUS_LABELS]
    if by_status["reopened"]:
        status_rows.append([t("l.reopened", lang), str(by_status["reopened"])])
    owner_rows = [[owner, str(open_), str(late), str(closed)] for owner, open_, late, closed in owners]
    return [
        (t("l.by_status", lang), [t("l.status", lang), t("l.count", lang)], status_rows),
        (t("l.by_owner", lang), [t("w.owner", lang), t("l.open", lang), t("l.overdue", lang), t("l.closed", lang)],
         owner_rows),
    ]  # fmt: skip


def missing_rows(ledger: Ledger, lang: str) -> tuple[list[str], list[list[str]]]:
    header = [t("w.site", lang), t("w.checklist", lang), t("w.item", lang), t("w.round", lang)]
    rows = [[site_label(m.site, m.site_name), m.checklist, f"{m.item} {m.item_text}", m.round]
            for m in ledger.missing]  # fmt: skip
    return header, rows


def change_text(c: Comparison) -> str:
    if c.change is None:
        return "-"
    return f"{c.change:+.2f}" if c.change else "0.00"


def items_text(ids: Sequence[str], c: Comparison) -> str:
    return "; ".join(f"{i} {c.texts.get(i, '')}".strip() for i in ids) or "-"


COMPARE_KEYS = ("w.site", "w.checklist", "c.old", "c.new", "c.change", "c.persisting", "c.closed", "c.added")


def compare_split(rows: Sequence[Comparison]) -> tuple[list[Comparison], list[Comparison]]:
    """(sites scored in both rounds, sites seen in only one), each in the given order."""
    return [c for c in rows if c.in_both], [c for c in rows if not c.in_both]


def compare_rows(rows: Sequence[Comparison], lang: str) -> tuple[list[str], list[list[str]], list[list[str]]]:
    """(header, sites in both rounds, sites in only one) — checklists by short title, item text beside every id."""
    header = [t(k, lang) for k in COMPARE_KEYS]

    def line(c: Comparison) -> list[str]:
        return [site_label(c.site, c.site_name), c.checklist_label or c.checklist,
                "-" if c.old_score is None else str(c.old_score), "-" if c.new_score is None else str(c.new_score),
                change_text(c), items_text(c.persisting, c), items_text(c.closed, c), items_text(c.new, c)]  # fmt: skip

    both, one = compare_split(rows)
    return header, [line(c) for c in both], [line(c) for c in one]
