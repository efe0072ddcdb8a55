"""The rectification ledger (整改台账): tasks found, handed out, rectified, re-inspected, closed.

"问题发现、交办、整改、销号": every failed or partial item of every site becomes
a task with a responsible unit, a person, a remedy and a deadline.  The next
round's inspection closes what is gone (销号 only after re-inspection), keeps
what persists — with everything a clerk typed into the last ledger — and
adds what is new.  Pure functions: reading a ledger lives in
:mod:`civcheck.formats.ledger`, writing one in the renderers
(over :mod:`civcheck.render.ledger_rows`); two rounds compared in :mod:`civcheck.rounds`.

What a clerk types is kept or refused, never ignored:

* the usual words for a task's state are read (未整改, 已交办, 整改中, 已整改,
  已销号 and their variants); 已整改 means the unit reports the work done —
  ``rectified``, awaiting re-inspection — and only a re-inspection closes it;
* a task closed by hand (已销号) that the next round still finds is reopened
  with a warning naming it (未改先销), and its history says so;
* a task closed by hand without a date is closed on the day of the run, and
  the run says so;
* a task is dropped on purpose with 作废 (or 撤销) and a reason in 作废原因: it
  is no longer open, stays in the ledger with its reason, and a round that
  still finds its problem says so (it is not reopened, nor passed over);
* a row deleted from the last ledger comes back with its history (first
  round, first deadline) and a warning naming it — the ledger's record
  (:class:`Previous`) or an earlier round's answers tell which rows were
  there; deleting a row is not how a task is dropped;
* every hand-editable field is carried: the problem, the unit, the person,
  the remedy, the deadline, the state, the closing date and added columns; a
  new note from the next inspection goes into the history, beside the text
  the clerk kept.

Why this module is long (~650 lines): the words a clerk may type (status
words, the column headings) and the messages said back about each edit sit
beside the rules that read and carry them, so that a word, a rule and what
is said about it are changed together; about a hundred lines are that table.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Literal

from civcheck.i18n import extend, t
from civcheck.model import Site
from civcheck.scoring import Result
from civcheck.views import ResultView, view_of

LEDGER_FORMAT = "civcheck.ledger/1"

extend(
    {
        "ledger.row_deleted": (
            "警告：{id} 这一行已从台账删除，已按{source}恢复（{first} 轮首次发现，整改时限 {due}）；"
            "撤销任务请把整改状态改为 作废 并写明作废原因",
            "warning: the row of {id} was deleted from the ledger; restored from {source} (first found in round "
            "{first}, due {due}); to drop a task, set its status to 作废 (void) and give the reason in 作废原因",
        ),
        "ledger.more_deleted": (
            "另有 {n} 项任务的行被删除、已恢复，未在此列出，各项的处理记录里都有记载",
            "{n:more task|more tasks} restored after their rows were deleted, not listed here; "
            "each one's history says so",
        ),
        "ledger.h_row_deleted": (
            "{date} 发现此行已从台账删除，按{source}恢复",
            "{date} found deleted from the ledger; restored from {source}",
        ),
        "ledger.src_record": ("台账底册（截至 {date} 的台账）", "the ledger's record of {date}"),
        "ledger.src_answers": ("第 {round} 轮答卷", "the answers of round {round}"),
        "ledger.no_record_csv": (
            "提示：CSV 台账带不了台账底册，从中删除的行无法发现（重新发现时会当作新问题）；"
            "用 xlsx 台账，或同时给出该台账各轮的答卷",
            "note: a CSV ledger cannot carry a record of its tasks, so a row deleted from it cannot be noticed (a task "
            "found again would start as new); use an xlsx ledger, or give the answers of the rounds it holds too",
        ),
        "ledger.no_record_json": (
            "提示：JSON 台账不带台账底册，从中删除的任务无法发现（重新发现时会当作新问题）；"
            "用 xlsx 台账，或同时给出该台账各轮的答卷",
            "note: a JSON ledger carries no record of its tasks, so a task deleted from it cannot be noticed (a task "
            "found again would start as new); use an xlsx ledger, or give the answers of the rounds it holds too",
        ),
        "ledger.no_record_xlsx": (
            "提示：此工作簿没有台账底册（由旧版 civcheck 生成，或整改台账被复制到了别的工作簿），从中删除的行无法发现；"
            "同时给出该台账各轮的答卷即可发现",
            "note: this workbook carries no record of its tasks (written by an older civcheck, or the sheet was copied "
            "into another workbook), so a row deleted from it cannot be noticed; give the answers of its rounds too",
        ),
        "ledger.void_found": (
            "警告：{id} 已作废（{reason}），{found} 复查仍发现此问题：仍按作废处理；"
            "如需整改，请把整改状态改回 未整改 并清空作废原因",
            "warning: {id} is void ({reason}) but is still found on {found}: it stays void; to have it rectified, "
            "set its status back to 未整改 (open) and clear 作废原因",
        ),
        "ledger.h_void_found": ("{found} 复查仍发现此问题（已作废：{reason}）", "{found} still found (void: {reason})"),
        "ledger.void_no_reason": (
            "整改状态为 作废 的任务须在 作废原因 列写明原因（台账没有这一列的，请加上）",
            "a task set to 作废 (void) needs its reason in the 作废原因 (Void reason) column (add the column if "
            "the ledger has none)",
        ),
        "ledger.reason_not_void": (
            '作废原因 "{reason}" 只用于整改状态为 作废 的任务：要撤销任务请把整改状态改为 作废，否则清空此格',
            'a reason "{reason}" is only for a task set to 作废 (void): set its status to 作废 to drop the task, '
            "or clear this cell",
        ),
        "ledger.ambiguous_status": (
            '整改状态 "{status}" 可能指单位已整改（已整改），也可能指复查后销号（已销号），请写明其一（可用：{known}）',
            'the status "{status}" may mean the unit reports it done (已整改, rectified) or that it was closed '
            "(已销号, closed); write which (use {known})",
        ),
        "ledger.bad_record": (
            "台账底册已损坏（{reason}）：这是 civcheck 写入的隐藏表，请勿编辑；"
            "把整改台账复制到新工作簿，可以不带底册继续",
            "the ledger's record is damaged ({reason}): it is a hidden sheet civcheck writes, not to be edited; "
            "copy the ledger sheet into a new workbook to go on without it",
        ),
        "l.as_of": ("截至 {date}", "as of {date}"),
        "l.as_of_line": (
            "截至 {date}：是否逾期、逾期天数都按这一天计算",
            "As of {date}: overdue and days overdue are counted to this date",
        ),
        "l.s_void": ("作废 {n}", "{n} void"),
        "l.record_note": (
            "台账底册：civcheck 写入，用来发现从整改台账中删除的行；请勿编辑",
            "The ledger's record: written by civcheck to notice rows deleted from the ledger; do not edit",
        ),
    }
)
Status = Literal["open", "assigned", "rectifying", "rectified", "closed", "void"]
STATUSES: tuple[str, ...] = ("open", "assigned", "rectifying", "rectified", "closed", "void")
OPEN_STATUSES = frozenset(STATUSES) - {"closed", "void"}

# What clerks type into the 整改状态 column, in Excel or WPS; anything else is refused with its cell.
STATUS_WORDS: dict[str, str] = {
    "open": "open", "未整改": "open", "待整改": "open", "待交办": "open", "新发现": "open", "未销号": "open",
    "assigned": "assigned", "已交办": "assigned", "已分派": "assigned", "已分配": "assigned",
    "rectifying": "rectifying", "整改中": "rectifying", "正在整改": "rectifying", "在整改": "rectifying",
    "rectified": "rectified", "已整改": "rectified", "整改完成": "rectified", "已完成": "rectified",
    "完成": "rectified", "已整改待复查": "rectified", "待复查": "rectified", "已完成整改": "rectified",
    "完成整改": "rectified", "整改已完成": "rectified", "已整改完成": "rectified", "整改完毕": "rectified",
    "已整改完毕": "rectified", "整改到位": "rectified", "已整改到位": "rectified", "待销号": "rectified",
    "closed": "closed", "已销号": "closed", "销号": "closed",
    "void": "void", "作废": "void", "已作废": "void", "撤销": "void", "已撤销": "void",
}  # fmt: skip
# Words clerks use that could mean the unit finished (已整改) or the task was closed (已销号): refused, both named.
AMBIGUOUS_STATUS_WORDS = frozenset({"办结", "已办结", "结案", "已结案", "已处理", "处理完毕"})
STATUS_LABELS: dict[str, tuple[str, str]] = {
    "open": ("未整改", "open"),
    "assigned": ("已交办", "assigned"),
    "rectifying": ("整改中", "rectifying"),
    "rectified": ("已整改待复查", "rectified, awaiting re-inspection"),
    "closed": ("已销号", "closed"),
    "void": ("作废", "void"),
}
# How a task was closed: by a re-inspection that no longer found it, or by a clerk's hand.
CLOSED_BY: dict[str, tuple[str, str]] = {"inspection": ("复查销号", "re-inspected"), "hand": ("手工销号", "by hand")}
CLOSED_BY_WORDS = {"inspection": "inspection", "复查销号": "inspection", "复查": "inspection",
                   "re-inspected": "inspection", "hand": "hand", "手工销号": "hand", "手工": "hand",
                   "by hand": "hand"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Entry:
    """One task of the ledger: a gap found at a site, and where its rectification stands (slots: a county
    ledger holds hundreds of thousands)."""

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
    closed_by: str = ""  # inspection | hand
    history: tuple[str, ...] = ()  # what happened to the task, one line per event
    void_reason: str = ""  # why the office dropped the task (作废原因); only with status void
    where: str = field(default="", compare=False)  # where a ledger read back held it (for messages)

    @property
    def is_open(self) -> bool:
        """Still to be rectified: neither closed (销号) nor dropped (作废)."""
        return self.status in OPEN_STATUSES

    def overdue(self, today: dt.date) -> bool:
        """Open and past its deadline (倒排工期: the deadline does not move)."""
        return self.is_open and self.due is not None and self.due < today

    def due_within(self, today: dt.date, days: int) -> bool:
        """Open and due within *days* (or overdue already)."""
        return self.is_open and self.due is not None and self.due <= today + dt.timedelta(days=days)


@dataclass(frozen=True)
class Unanswered:
    """An item nobody answered (未检): listed apart, it is not a rectification task."""

    site: str
    site_name: str
    checklist: str
    item: str
    item_text: str
    round: str


@dataclass(frozen=True)
class Notice:
    """Something the run did to a clerk's entry that they must hear about (a warning line)."""

    key: str
    where: str
    args: Mapping[str, Any]


# An xlsx ledger's record of its tasks: a very hidden sheet.  Row 1: the format, the ledger's date, the fields
# (a JSON list) and a note; then one task a row, the JSON list of its values for those fields (the JSON ledger's
# entry, without what each run works out again), split over as many cells as it needs (16,000 characters a cell:
# at most 32,000 UTF-16 units, under the 32,767 a cell holds).  A list, not an object: a quarter of the size.
# Sorting, filtering, deleting rows and adding columns in the ledger leave the record as written.
RECORD_SHEET = "civcheck"
RECORD_FORMAT = "civcheck.ledger-record/1"
RECORD_FIELDS = ("id", "site_name", "township", "grid", "item_text", "problem", "lost", "owner", "person", "remedy",
                 "found_on", "due", "status", "closed_on", "closed_by", "void_reason", "rounds", "history",
                 "extra")  # fmt: skip
RECORD_CHUNK = 16_000


@dataclass(frozen=True)
class Previous:
    """The last ledger as read back: its tasks, and what it can tell about rows a clerk deleted from it.

    A spreadsheet cannot tell which of its rows were deleted.  An xlsx ledger
    carries a record of the tasks it was written with; the reader restores
    from it every task whose row is gone (*restored*, each with the date of
    the record).  A CSV cannot carry one (*no_record* names the note saying
    so); then only the answers of the rounds the ledger holds can tell, when
    the run is given them (:func:`build_rounds`).
    """

    entries: Sequence[Entry] = ()
    name: str = ""  # the file (and sheet) it was read from, for messages
    restored: Mapping[str, str] = field(default_factory=dict)  # id -> the record's date: rows deleted, restored
    no_record: str = ""  # the note's key when rows deleted from it cannot be noticed from the file alone


@dataclass
class Ledger:
    entries: list[Entry]
    missing: list[Unanswered] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    notices: list[Notice] = field(default_factory=list)
    round: str = ""
    duplicates: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # id -> the open tasks it may repeat

    @property
    def reopened(self) -> int:
        """Tasks closed by hand that the re-inspection still found (未改先销)."""
        return sum(n.key == "ledger.reopened_hand" for n in self.notices)


# The ledger's columns: (field, Chinese heading, English heading).  The same
# headings are written to csv/xlsx/md and recognised when a ledger is read back.
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("no", "序号", "No."),
    ("id", "编号", "ID"),
    ("township", "乡镇", "Township"),
    ("grid", "网格", "Grid"),
    ("site", "点位编号", "Site ID"),
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
    ("closed_by", "销号依据", "Closed by"),
    ("void_reason", "作废原因", "Void reason"),
    ("overdue", "是否逾期", "Overdue"),
    ("rounds", "出现轮次", "Rounds"),
    ("history", "处理记录", "History"),
    ("duplicate", "疑似重复", "Possible duplicate"),  # worked out each run (possible_duplicates); read back, ignored
)


_AS_OF = re.compile(r"\s*[（(]\s*(?:截至|as of)\s*[^（()）]*[)）]\s*$", re.IGNORECASE)


def as_of_heading(heading: str, today: dt.date, lang: str, sep: str = "") -> str:
    """A heading whose cells hold a value worked out on *today* (是否逾期, 提醒), naming that date (after *sep*:
    a line break in a workbook's narrow column)."""
    as_of = t("l.as_of", lang, date=today.isoformat())
    return f"{heading}{sep}（{as_of}）" if lang == "zh" else f"{heading}{sep or ' '}({as_of})"


def undated_heading(heading: str) -> str:
    """A heading read back without the date :func:`as_of_heading` gave it."""
    return _AS_OF.sub("", heading)


def status_label(status: str, lang: str) -> str:
    zh, en = STATUS_LABELS.get(status, (status, status))
    return en if lang == "en" else zh


def closed_by_label(closed_by: str, lang: str) -> str:
    zh, en = CLOSED_BY.get(closed_by, (closed_by, closed_by))
    return en if lang == "en" else zh


def entry_id(site: str, checklist: str, item: str) -> str:
    return f"{site}/{checklist}/{item}"


def entries_of(
    result: Result, lang: str, roster: Mapping[str, Site] | None = None, due_by: dt.date | None = None
) -> tuple[list[Entry], list[Unanswered]]:
    """One entry per failed or partial item; unanswered items apart.  The roster fills what the file leaves out."""
    view = view_of(result, lang)
    listed = (roster or {}).get(view.site)
    if listed is not None:
        view = view._replace(
            site_name=view.site_name or listed.name,
            township=view.township or listed.township,
            grid=view.grid or listed.grid,
            gaps=tuple(g._replace(person=g.person or listed.person) for g in view.gaps),
        )
    return entries_from_view(view, due_by)


def entries_from_view(view: ResultView, due_by: dt.date | None = None) -> tuple[list[Entry], list[Unanswered]]:
    """:func:`entries_of` from a result's view with its gaps — the batch's compiled path (civcheck/compiled.py).

    The view already holds what a task needs: each gap's text, owner and
    person resolved, its due date, the note; the roster was applied to the
    site before scoring.  tests/test_fast_paths.py proves both give the same.
    """
    entries: list[Entry] = []
    missing: list[Unanswered] = []
    for gap in view.gaps:
        if gap.category == "missing":
            missing.append(Unanswered(view.site, view.site_name, view.checklist, gap.item, gap.text, view.round))
            continue
        due = gap.due
        if due_by is not None and (due is None or due_by < due):
            due = due_by  # 倒排工期
        entries.append(
            Entry(
                id=entry_id(view.site, view.checklist, gap.item),
                site=view.site,
                site_name=view.site_name,
                township=view.township,
                grid=view.grid,
                checklist=view.checklist,
                item=gap.item,
                item_text=gap.text,
                problem=gap.note or gap.text,
                lost=gap.lost,
                owner=gap.owner,
                person=gap.person,
                remedy=gap.remedy,
                found_on=view.date,
                due=due,
                status="open",
                round=view.round,
                rounds=(view.round,) if view.round else (),
            )
        )
    return entries, missing


@dataclass(frozen=True)
class Inspection:
    """A site and checklist scored this round: when, and which items went unanswered."""

    date: dt.date | None
    unanswered: frozenset[str] = frozenset()


def _day(date: dt.date | None) -> str:
    return date.isoformat() if date else "-"


def merge(
    previous: Sequence[Entry],
    current: Sequence[Entry],
    inspected: Mapping[tuple[str, str], Inspection],
    due_by: dt.date | None = None,
    lang: str = "zh",
    today: dt.date | None = None,
    notices: list[Notice] | None = None,
) -> list[Entry]:
    """Carry the last ledger into this round's.

    *inspected* holds each (site, checklist) scored this round.  A previous
    entry whose gap is gone at a re-inspected site is closed on that date —
    but not when its item went unanswered: 销号 only after re-inspection.  One
    still found keeps everything the clerk typed (see the module docstring)
    and its deadline (brought forward to *due_by*); one closed by hand and
    found again is reopened, and so is one the unit reported rectified —
    each with a :class:`Notice` in *notices*.  A site not re-inspected keeps
    its entries; new gaps enter as ``open``.
    """
    said = notices if notices is not None else []
    before = {e.id: e for e in previous}
    merged: list[Entry] = []
    seen: set[str] = set()
    for entry in current:
        seen.add(entry.id)
        old = before.get(entry.id)
        if old is None:
            merged.append(entry)
            continue
        merged.append(_found_again(old, entry, due_by, lang, said))
    for old in previous:
        if old.id in seen:
            continue
        inspection = inspected.get((old.site, old.checklist))
        if inspection is not None and old.is_open and old.item not in inspection.unanswered:
            event = t("ledger.h_closed", lang, date=_day(inspection.date))
            merged.append(replace(old, status="closed", closed_on=inspection.date, closed_by="inspection",
                                  history=(*old.history, event)))  # fmt: skip
            continue
        if old.status == "closed" and old.closed_on is None:  # closed by hand, no date typed
            run_day = today or dt.date.today()
            said.append(Notice("ledger.closed_today", old.where or old.id, {"id": old.id, "date": _day(run_day)}))
            old = replace(old, closed_on=run_day, closed_by=old.closed_by or "hand")
        if due_by is not None and old.is_open and (old.due is None or due_by < old.due):
            old = replace(old, due=due_by)
        merged.append(old)
    return merged


def _found_again(old: Entry, entry: Entry, due_by: dt.date | None, lang: str, said: list[Notice]) -> Entry:
    """A task the new round found again: the clerk's fields kept, a reopening said and recorded."""
    rounds = old.rounds + tuple(r for r in entry.rounds if r not in old.rounds)
    history = old.history
    status = old.status
    found_on = old.found_on or entry.found_on
    due = old.due if old.due is not None else entry.due
    if old.status == "closed":
        hand = old.closed_by != "inspection"
        key = "ledger.reopened_hand" if hand else "ledger.reopened_relapse"
        said.append(Notice(key, old.where or old.id, {"id": old.id, "closed": _day(old.closed_on),
                                                      "found": _day(entry.found_on)}))  # fmt: skip
        history += (t("ledger.h_" + ("reopened_hand" if hand else "relapse"), lang, closed=_day(old.closed_on),
                      found=_day(entry.found_on)),)  # fmt: skip
        status, found_on, due = "open", entry.found_on, entry.due
    elif old.status == "void":  # dropped on purpose, yet still there: said, recorded, left as the office decided
        args = {"id": old.id, "reason": old.void_reason, "found": _day(entry.found_on)}
        said.append(Notice("ledger.void_found", old.where or old.id, args))
        history += (t("ledger.h_void_found", lang, found=args["found"], reason=old.void_reason),)
    elif old.status == "rectified":
        said.append(
            Notice("ledger.reopened_rectified", old.where or old.id, {"id": old.id, "found": _day(entry.found_on)})
        )
        history += (t("ledger.h_not_rectified", lang, found=_day(entry.found_on)),)
        status = "rectifying"
    if entry.problem != entry.item_text and entry.problem != old.problem:  # the inspector's new note
        history += (t("ledger.h_note", lang, date=_day(entry.found_on), note=entry.problem),)
    history = tuple(dict.fromkeys(history))  # the same round carried twice records its events once
    if due_by is not None and status != "void" and (due is None or due_by < due):
        due = due_by
    return replace(
        entry,
        status=status,
        person=old.person or entry.person,
        owner=old.owner or entry.owner,
        remedy=old.remedy or entry.remedy,
        problem=old.problem or entry.problem,
        due=due,
        found_on=found_on,
        closed_on=None,
        closed_by="",
        rounds=rounds,
        extra=old.extra,
        history=history,
        void_reason=old.void_reason,
    )


def build(
    results: Iterable[Result],
    lang: str,
    previous: Sequence[Entry] = (),
    roster: Mapping[str, Site] | None = None,
    due_by: dt.date | None = None,
    today: dt.date | None = None,
) -> Ledger:
    """The ledger after every round in *results*, oldest first, each carried into the next.

    Given July and August together, July's tasks are closed or carried by
    August exactly as if the two rounds had been run one after the other.
    """
    rounds: dict[str, list[tuple[list[Entry], list[Unanswered], tuple[str, str], Inspection]]] = {}
    for result in results:
        found, unanswered = entries_of(result, lang, roster, due_by)
        key = (result.assessment.site.id, result.checklist.id)
        inspection = Inspection(result.assessment.date, frozenset(result.missing))
        rounds.setdefault(result.assessment.round, []).append((found, unanswered, key, inspection))
    return build_rounds(rounds, lang, previous, due_by, today)


Part = tuple[list[Entry], list[Unanswered], tuple[str, str], Inspection]  # what one answers file contributed


def build_rounds(
    rounds: Mapping[str, Sequence[Part]],
    lang: str,
    previous: Sequence[Entry] | Previous = (),
    due_by: dt.date | None = None,
    today: dt.date | None = None,
) -> Ledger:
    """:func:`build` over what each file contributed (its entries, unanswered items and inspection).

    An inspection the *previous* ledger already holds (a task of that site
    and checklist lists its round) is not carried into it again: the ledger
    carries it already, with what clerks typed since.  Those inspections are
    replayed on their own instead, and a task they yield that the ledger
    lacks is a row a clerk deleted — restored as the answers leave it, with
    a warning, as rows restored from an xlsx ledger's record are.
    """
    last = previous if isinstance(previous, Previous) else Previous(tuple(previous))
    run_day = today or dt.date.today()
    notices: list[Notice] = []
    entries = [_restored(e, last, t("ledger.src_record", lang, date=last.restored[e.id]), lang, run_day, notices)
               if e.id in last.restored else e for e in last.entries]  # fmt: skip
    held = {(e.site, e.checklist, r) for e in entries for r in e.rounds}
    missing: list[Unanswered] = []

    def when(name: str) -> tuple[dt.date, str]:
        return (min(i.date or dt.date.min for _, _, _, i in rounds[name]), name)

    order_ = sorted(rounds, key=when)
    replayed: list[Entry] = []
    given_held = False
    for name in order_:  # the inspections the last ledger holds, on their own: what rows it should have
        parts = [p for p in rounds[name] if (*p[2], name) in held]
        if parts:
            given_held = True
            found = [e for part in parts for e in part[0]]
            replayed = merge(replayed, found, {p[2]: p[3] for p in parts}, due_by, lang, run_day, [])
    if last.no_record and last.entries and not given_held:  # nothing here can tell which rows it lost
        notices.append(Notice(last.no_record, last.name, {}))
    known = {e.id for e in entries}
    for e in replayed:
        if e.id not in known:
            source = t("ledger.src_answers", lang, round=e.rounds[0] if e.rounds else "-")
            entries.append(_restored(e, last, source, lang, run_day, notices))
    latest = ""
    for name in order_:
        missing = [m for part in rounds[name] for m in part[1]]
        fresh = [p for p in rounds[name] if (*p[2], name) not in held]
        found = [e for part in fresh for e in part[0]]
        entries = merge(entries, found, {p[2]: p[3] for p in fresh}, due_by, lang, run_day, notices)
        latest = name
    if not rounds:
        entries = merge(entries, [], {}, due_by, lang, run_day, notices)
    duplicates = possible_duplicates(entries)
    for group in sorted({tuple(sorted((key, *others))) for key, others in duplicates.items()}):
        notices.append(Notice("ledger.possible_duplicate", group[0], {"ids": tuple(group)}))
    return Ledger(entries, missing, run_day, notices, latest, duplicates)


def _restored(entry: Entry, last: Previous, source: str, lang: str, today: dt.date, said: list[Notice]) -> Entry:
    """A task whose row was deleted from the last ledger, back with its history and a warning naming it."""
    args = {"id": entry.id, "source": source, "first": entry.rounds[0] if entry.rounds else "-", "due": _day(entry.due)}
    said.append(Notice("ledger.row_deleted", last.name or entry.where or entry.id, args))
    event = t("ledger.h_row_deleted", lang, date=_day(today), source=source)
    return replace(entry, history=(*entry.history, event), where=last.name or entry.where)


def possible_duplicates(entries: Iterable[Entry]) -> dict[str, tuple[str, ...]]:
    """Open tasks that may be one problem counted twice: the same inspector's note in the same place.

    One pig pen seen from two checklists (VR-2.4 and RC-1.2 at 东坡村), or a
    market toilet written up under both the market town and the market, is
    deducted twice and becomes two tasks.  Tasks are suspected when they
    carry the same note (not the item's own text) and lie in the same grid —
    or at the same site where no grid is given.  They are marked, never
    merged: only a person can tell one problem from two alike.
    """
    groups: dict[tuple[str, str, str], list[str]] = {}
    for e in entries:
        note = " ".join(e.problem.split())
        if not e.is_open or not note or note == " ".join(e.item_text.split()):
            continue
        place = (e.township, e.grid, "") if e.grid else ("", "", e.site)
        groups.setdefault((*place[:2], place[2] + "\0" + note), []).append(e.id)
    marked: dict[str, tuple[str, ...]] = {}
    for ids in groups.values():
        if len(ids) > 1:
            for entry_id in ids:
                marked[entry_id] = tuple(i for i in ids if i != entry_id)
    return marked


def order(entries: Iterable[Entry]) -> list[Entry]:
    """Grid, site, checklist, then the order items were found in."""
    from civcheck.bulletin import natural_key

    return sorted(entries, key=lambda e: (natural_key(e.grid), e.site, e.checklist, natural_key(e.item)))


def counts(ledger: Ledger) -> tuple[dict[str, int], list[tuple[str, int, int, int]]]:
    """Entries by status (overdue counted first), and per owner: (owner, open, overdue, closed); void tasks are
    counted by status only (they are neither open nor closed)."""
    by_status = {"overdue": sum(e.overdue(ledger.today) for e in ledger.entries)}
    for status in STATUSES:
        by_status[status] = sum(e.status == status for e in ledger.entries)
    by_status["reopened"] = ledger.reopened
    owners: dict[str, list[int]] = {}
    for e in ledger.entries:
        if e.status == "void":
            continue
        row = owners.setdefault(e.owner or "-", [0, 0, 0])
        if e.status == "closed":
            row[2] += 1
        else:
            row[0] += 1
            row[1] += e.overdue(ledger.today)
    table = sorted(((owner, v[0], v[1], v[2]) for owner, v in owners.items()), key=lambda r: (-r[2], -r[1], r[0]))
    return by_status, table


# --------------------------------------------------------------------------
# 交办单: the open tasks cut per owner, person or grid

BY: tuple[str, ...] = ("owner", "person", "grid")


@dataclass(frozen=True)
class Handout:
    """One 交办单: the open tasks of one owner (person, grid), overdue first."""

    key: str
    entries: tuple[Entry, ...]
    overdue: int
    soon: int  # due within the --soon days


def handouts(ledger: Ledger, by: str, soon: int | None = None) -> list[Handout]:
    """The open tasks grouped by *by*, each group overdue first, then by deadline; groups by name."""
    from civcheck.bulletin import natural_key

    groups: dict[str, list[Entry]] = {}
    for e in ledger.entries:
        if e.is_open:
            groups.setdefault(str(getattr(e, by)) or "-", []).append(e)
    out = []
    for key in sorted(groups, key=natural_key):
        members = sorted(groups[key], key=lambda e: (not e.overdue(ledger.today), e.due or dt.date.max, e.id))
        near = sum(1 for e in members if soon is not None and not e.overdue(ledger.today)
                   and e.due_within(ledger.today, soon))  # fmt: skip
        out.append(Handout(key, tuple(members), sum(e.overdue(ledger.today) for e in members), near))
    return out


def due_soon(entry: Entry, today: dt.date, soon: int | None) -> bool:
    return soon is not None and not entry.overdue(today) and entry.due_within(today, soon)
