"""The rectification ledger (整改台账) and rounds compared (销号).

"问题发现、交办、整改、销号": every failed or partial item of every site becomes
an entry with a responsible unit, a person, a remedy and a deadline; the
next round's inspection closes what is gone (销号 only after re-inspection),
keeps what persists — with everything a clerk typed into the last ledger —
and adds what is new.  Pure functions: reading and writing ledgers live in
:mod:`civcheck.load` and :mod:`civcheck.render.ledger_out`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Literal

from civcheck.model import Site
from civcheck.scoring import Result, round_half_up

LEDGER_FORMAT = "civcheck.ledger/1"
Status = Literal["open", "assigned", "rectifying", "closed"]
STATUSES: tuple[str, ...] = ("open", "assigned", "rectifying", "closed")

# What clerks type into the 整改状态 column, in Excel or WPS.
STATUS_WORDS: dict[str, str] = {
    "open": "open", "未整改": "open", "待整改": "open", "待交办": "open", "新发现": "open", "未销号": "open",
    "assigned": "assigned", "已交办": "assigned", "已分派": "assigned", "已分配": "assigned",
    "rectifying": "rectifying", "整改中": "rectifying", "正在整改": "rectifying", "在整改": "rectifying",
    "closed": "closed", "已整改": "closed", "已销号": "closed", "已完成": "closed", "销号": "closed",
    "完成": "closed",
}  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One task of the ledger: a gap found at a site, and where its rectification stands."""

    id: str  # site/checklist/item
    site: str
    site_name: str
    township: str
    grid: str
    checklist: str
    item: str
    item_text: str
    problem: str
    lost: Decimal
    owner: str
    person: str
    remedy: str
    found_on: dt.date | None
    due: dt.date | None
    status: str = "open"
    closed_on: dt.date | None = None
    round: str = ""
    rounds: tuple[str, ...] = ()  # every round the gap was found in
    extra: tuple[tuple[str, str], ...] = ()  # columns a clerk added by hand, kept as they are

    def overdue(self, today: dt.date) -> bool:
        """Not closed and past its deadline (倒排工期: the deadline does not move)."""
        return self.status != "closed" and self.due is not None and self.due < today


@dataclass(frozen=True)
class Unanswered:
    """An item nobody answered (漏项): listed apart, it is not a rectification task."""

    site: str
    site_name: str
    checklist: str
    item: str
    item_text: str
    round: str


@dataclass
class Ledger:
    entries: list[Entry]
    missing: list[Unanswered] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)


# The ledger's columns: (field, Chinese heading, English heading).  The same
# headings are written to csv/xlsx/md and recognised when a ledger is read back.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("no", "序号", "No."),
    ("id", "编号", "ID"),
    ("township", "乡镇", "Township"),
    ("grid", "网格", "Grid"),
    ("site_name", "点位", "Site"),
    ("checklist", "检查表", "Checklist"),
    ("item_text", "检查项目", "Item"),
    ("problem", "问题描述", "Problem"),
    ("lost", "扣分", "Lost"),
    ("owner", "责任单位", "Owner"),
    ("person", "责任人", "Person"),
    ("remedy", "整改措施", "Remedy"),
    ("found_on", "发现日期", "Found on"),
    ("due", "整改时限", "Due"),
    ("status", "整改状态", "Status"),
    ("closed_on", "销号日期", "Closed on"),
    ("overdue", "是否逾期", "Overdue"),
    ("rounds", "出现轮次", "Rounds"),
)
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "open": ("未整改", "open"),
    "assigned": ("已交办", "assigned"),
    "rectifying": ("整改中", "rectifying"),
    "closed": ("已销号", "closed"),
}


def status_label(status: str, lang: str) -> str:
    zh, en = STATUS_LABELS.get(status, (status, status))
    return en if lang == "en" else zh


def entry_id(site: str, checklist: str, item: str) -> str:
    return f"{site}/{checklist}/{item}"


def entries_of(
    result: Result, lang: str, roster: Mapping[str, Site] | None = None, due_by: dt.date | None = None
) -> tuple[list[Entry], list[Unanswered]]:
    """One entry per failed or partial item; unanswered items apart."""
    a = result.assessment
    listed = (roster or {}).get(a.site.id)
    site_name = a.site.name or (listed.name if listed else "")
    township = a.site.township or (listed.township if listed else "")
    grid = a.site.grid or (listed.grid if listed else "")
    default_person = a.site.person or (listed.person if listed else "")
    entries: list[Entry] = []
    missing: list[Unanswered] = []
    for gap in result.gaps:
        text = gap.item.text.get(lang)
        if gap.category == "missing":
            missing.append(Unanswered(a.site.id, site_name, result.checklist.id, gap.item.id, text, a.round))
            continue
        answer = gap.answer
        due = gap.due
        if due_by is not None and (due is None or due_by < due):
            due = due_by  # 倒排工期: the campaign's deadline wins over a later one
        entries.append(
            Entry(
                id=entry_id(a.site.id, result.checklist.id, gap.item.id),
                site=a.site.id,
                site_name=site_name,
                township=township,
                grid=grid,
                checklist=result.checklist.id,
                item=gap.item.id,
                item_text=text,
                problem=(answer.note if answer and answer.note else "") or text,
                lost=round_half_up(gap.lost, result.checklist.decimals),
                owner=(answer.owner if answer and answer.owner else "") or gap.item.owner.get(lang),
                person=(answer.person if answer and answer.person else "") or default_person,
                remedy=gap.item.remedy.get(lang),
                found_on=a.date,
                due=due,
                status="open",
                round=a.round,
                rounds=(a.round,) if a.round else (),
            )
        )
    return entries, missing


@dataclass(frozen=True)
class Inspection:
    """A site and checklist scored this round: when, and which items went unanswered."""

    date: dt.date | None
    unanswered: frozenset[str] = frozenset()


def merge(
    previous: Sequence[Entry],
    current: Sequence[Entry],
    inspected: Mapping[tuple[str, str], Inspection],
    due_by: dt.date | None = None,
) -> list[Entry]:
    """Carry the last ledger into this round's.

    *inspected* holds each (site, checklist) scored this round.  A previous
    entry whose gap is gone at a re-inspected site is closed on that date —
    but not when its item went unanswered: 销号 only after re-inspection.  One
    still failing keeps its status, person, deadline (brought forward to
    *due_by*), first-found date, history, remedy and the columns a clerk
    added, and its problem text unless this round's inspector wrote a new
    note; a site not re-inspected keeps its entries untouched; new gaps
    enter as ``open``.
    """
    before = {e.id: e for e in previous}
    merged: list[Entry] = []
    seen: set[str] = set()
    for entry in current:
        seen.add(entry.id)
        old = before.get(entry.id)
        if old is None:
            merged.append(entry)
            continue
        rounds = old.rounds + tuple(r for r in entry.rounds if r not in old.rounds)
        reopened = old.status == "closed"
        due = entry.due if reopened or old.due is None else old.due
        if due_by is not None and (due is None or due_by < due):
            due = due_by
        noted = entry.problem != entry.item_text  # this round's answer carries its own note
        merged.append(
            replace(
                entry,
                status="open" if reopened else old.status,
                person=old.person or entry.person,
                owner=old.owner or entry.owner,
                remedy=old.remedy or entry.remedy,
                problem=entry.problem if noted or not old.problem else old.problem,
                due=due,
                found_on=entry.found_on if reopened else (old.found_on or entry.found_on),
                closed_on=None,
                rounds=rounds,
                extra=old.extra,
            )
        )
    for old in previous:
        if old.id in seen:
            continue
        inspection = inspected.get((old.site, old.checklist))
        if inspection is not None and old.status != "closed" and old.item not in inspection.unanswered:
            merged.append(replace(old, status="closed", closed_on=inspection.date))
        elif due_by is not None and old.status != "closed" and (old.due is None or due_by < old.due):
            merged.append(replace(old, due=due_by))
        else:
            merged.append(old)
    return merged


def build(
    results: Iterable[Result],
    lang: str,
    previous: Sequence[Entry] = (),
    roster: Mapping[str, Site] | None = None,
    due_by: dt.date | None = None,
) -> tuple[list[Entry], list[Unanswered]]:
    """The ledger after every round in *results*, oldest first, each carried into the next.

    Given July and August together, July's tasks are closed or carried by
    August exactly as if the two rounds had been run one after the other.
    """
    rounds: dict[str, list[Result]] = {}
    for result in results:
        rounds.setdefault(result.assessment.round, []).append(result)
    entries = list(previous)
    missing: list[Unanswered] = []
    for name in sorted(rounds, key=lambda r: (min(x.assessment.date or dt.date.min for x in rounds[r]), r)):
        found: list[Entry] = []
        missing = []
        inspected: dict[tuple[str, str], Inspection] = {}
        for result in rounds[name]:
            gaps, unanswered = entries_of(result, lang, roster, due_by)
            found += gaps
            missing += unanswered
            key = (result.assessment.site.id, result.checklist.id)
            inspected[key] = Inspection(result.assessment.date, frozenset(result.missing))
        entries = merge(entries, found, inspected, due_by)
    return entries, missing


def order(entries: Iterable[Entry]) -> list[Entry]:
    """Grid, site, checklist, then the order items were found in."""
    from civcheck.bulletin import natural_key

    return sorted(entries, key=lambda e: (natural_key(e.grid), e.site, e.checklist, natural_key(e.item)))


def counts(ledger: Ledger) -> tuple[dict[str, int], list[tuple[str, int, int, int]]]:
    """Entries by status (overdue counted first), and per owner: (owner, open, overdue, closed)."""
    by_status = {"overdue": sum(e.overdue(ledger.today) for e in ledger.entries)}
    for status in STATUSES:
        by_status[status] = sum(e.status == status for e in ledger.entries)
    owners: dict[str, list[int]] = {}
    for e in ledger.entries:
        row = owners.setdefault(e.owner or "-", [0, 0, 0])
        if e.status == "closed":
            row[2] += 1
        else:
            row[0] += 1
            row[1] += e.overdue(ledger.today)
    table = sorted(((owner, v[0], v[1], v[2]) for owner, v in owners.items()), key=lambda r: (-r[2], -r[1], r[0]))
    return by_status, table


# --------------------------------------------------------------------------
# Rounds compared


@dataclass(frozen=True)
class Comparison:
    site: str
    site_name: str
    checklist: str
    old_score: Decimal | None
    new_score: Decimal | None
    closed: tuple[str, ...]
    persisting: tuple[str, ...]
    new: tuple[str, ...]


def _latest(results: Iterable[Result]) -> dict[tuple[str, str], Result]:
    latest: dict[tuple[str, str], Result] = {}
    for r in results:
        key = (r.assessment.site.id, r.checklist.id)
        stamp = (r.assessment.round, r.assessment.date or dt.date.min, r.assessment.path)
        have = latest.get(key)
        if have is None or stamp > (have.assessment.round, have.assessment.date or dt.date.min, have.assessment.path):
            latest[key] = r
    return latest


def compare(old: Iterable[Result], new: Iterable[Result]) -> list[Comparison]:
    """Each site and checklist in either round: scores, and gaps closed, persisting and new."""
    before, after = _latest(old), _latest(new)
    out = []
    for key in sorted(set(before) | set(after)):
        o, n = before.get(key), after.get(key)
        old_gaps = [g.item.id for g in o.gaps] if o else []
        new_gaps = [g.item.id for g in n.gaps] if n else []
        name = (n or o).assessment.site.name if (n or o) else ""  # type: ignore[union-attr]
        out.append(
            Comparison(
                site=key[0],
                site_name=name,
                checklist=key[1],
                old_score=o.rounded_score if o else None,
                new_score=n.rounded_score if n else None,
                closed=tuple(i for i in old_gaps if i not in new_gaps) if n else (),
                persisting=tuple(i for i in new_gaps if i in old_gaps),
                new=tuple(i for i in new_gaps if i not in old_gaps) if o else tuple(new_gaps),
            )
        )
    return out
