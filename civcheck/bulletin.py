"""The ranked bulletin (定期通报): ranking, roll-ups and coverage over result views.

Pure functions over :class:`~civcheck.views.ResultView` records.  A batch over
thousands of answers files keeps one view per file — without its gaps
unless the format lists them (xlsx, html) — never the scored objects, so
memory stays flat however many files are scored.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal, NamedTuple

from civcheck.errors import Problem
from civcheck.model import Site
from civcheck.scoring import round_half_up
from civcheck.views import GapView, ResultView

if TYPE_CHECKING:
    from civcheck.gap_store import GapStore
from civcheck.words import chinese_number

GroupBy = Literal["township", "grid", "checklist"]
GROUP_BYS: tuple[str, ...] = ("township", "grid", "checklist")


@dataclass(frozen=True)
class Group:
    """A roll-up over the rows sharing a township, a grid or a checklist."""

    key: str
    sites: int
    mean: Decimal | None
    min: Decimal | None
    pass_rate: Decimal
    vetoes: int


@dataclass(frozen=True)
class Publication:
    """Who issues a bulletin, and as what: the head of an official notice (通报).

    Set with ``--issuer``, ``--title``, ``--doc-no`` and ``--date``, or once
    for a township in its ``civcheck.yaml`` (:mod:`civcheck.formats.config`).
    A bulletin is written about its round: with no date given it is dated
    on the round's last inspection (:func:`last_inspection`), not on the day
    it happens to be printed, and ``dated`` says which.
    """

    issuer: str = ""  # 发文单位, e.g. 城郊镇创建工作领导小组办公室
    title: str = ""  # 标题; default 创建工作通报 and the round
    doc_no: str = ""  # 文号, e.g. 城郊创建办〔2026〕8号
    date: dt.date | None = None  # 成文日期; none given: the last inspection date of the rows ranked
    dated: Literal["given", "inspections", "today"] = "given"  # where date came from: as given, or defaulted


class Before(NamedTuple):
    """A site's standing in the round before: what 上轮得分 and 变化 are read from."""

    rounded: Decimal | None
    vetoed: bool
    complete: bool


class Change(NamedTuple):
    """One row against the round before: 上轮得分, 变化 (this round − last), or a site new to the bulletin."""

    previous: Before | None
    delta: Decimal | None

    @property
    def new(self) -> bool:
        return self.previous is None


class RedBlack(NamedTuple):
    """红黑榜 of one round: the best (red) and the worst (black), each ``(rank, row)``, and rows left off both."""

    round: str
    red: list[tuple[int, ResultView]]
    black: list[tuple[int, ResultView]]
    unfinished: int  # unfinished self-checks: judged on neither list


@dataclass
class Bulletin:
    """Everything a bulletin shows, in the order the formats need it."""

    rows: list[ResultView]  # with their gaps when the format lists them (xlsx, html), else without
    problems: list[Problem] = field(default_factory=list)
    group_by: Sequence[str] = ()
    missing: list[tuple[str, str]] = field(default_factory=list)
    with_gaps: bool = False
    skipped: int = 0
    round: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # site names from the roster
    publication: Publication = Publication()
    previous_round: str | None = None  # the round 上轮得分 comes from, when one is compared
    previous: Mapping[tuple[str, str], Before] = field(default_factory=dict)  # (site, checklist) -> last round
    red_black_size: int = 0  # --red-black N; 0: no 红黑榜
    warnings: list[Problem] = field(default_factory=list)  # answers the roster overrules (civcheck/roster.py)
    gap_store: GapStore | None = None  # where a large batch keeps its rows' gaps (on disk, not in memory)

    def gaps_of(self, row: ResultView) -> tuple[GapView, ...]:
        """A row's gaps: kept with it, or read back from the store a batch put them in."""
        if row.gaps or self.gap_store is None:
            return row.gaps
        return self.gap_store.get(row.file)

    def change(self, row: ResultView) -> Change | None:
        """The row against the round before; ``None`` when no round before is compared."""
        if self.previous_round is None:
            return None
        before = self.previous.get((row.site, row.checklist))
        if before is None:
            return Change(None, None)
        delta = None if before.rounded is None or row.rounded is None else row.rounded - before.rounded
        return Change(before, delta)

    @property
    def red_black(self) -> list[RedBlack]:
        """红黑榜 of each round ranked (empty unless asked for)."""
        return red_black(self.ranked, self.red_black_size) if self.red_black_size else []

    @property
    def ranked(self) -> list[tuple[int, ResultView]]:
        return rank(self.rows)

    @property
    def rounds(self) -> list[str]:
        """The rounds the rows belong to, oldest first (each is ranked apart)."""
        return sorted({r.round for r in self.rows}, key=natural_key)

    @property
    def tally(self) -> Tally:
        return tally(self.rows)

    @property
    def groups(self) -> dict[str, list[Group]]:
        return {by: rollup(self.rows, by) for by in self.group_by}


def last_inspection(rows: Iterable[ResultView]) -> dt.date | None:
    """The latest inspection date (``date:`` of the answers files) among *rows*: a bulletin's default 成文日期.

    With ``--round all`` the rows are every round's, so the date is the last
    round's last inspection — the day after which the whole notice could be written.
    """
    return max((r.date for r in rows if r.date is not None), default=None)


def red_black(ranked: Sequence[tuple[int, ResultView]], size: int) -> list[RedBlack]:
    """The *size* best and *size* worst of each round (红黑榜), from a ranking as :func:`rank` makes it.

    Red: finished, unvetoed self-checks that reached their pass mark, best
    first.  Black: every vetoed site, whatever it scored (a provisional veto
    on an unfinished self-check too: it is marked so), then the lowest
    scores of the rest, worst first, until the list holds *size*.  A tie at
    the edge of a list is never cut — a published list cannot name one of two
    equal scores — so a list may run longer than *size*.  Unfinished
    self-checks are on neither list: a score still being filled in is no verdict.
    """
    by_round: dict[str, list[tuple[int, ResultView]]] = {}
    for number, row in ranked:
        by_round.setdefault(row.round, []).append((number, row))
    out = []
    for name, rows in by_round.items():
        finished = [(n, r) for n, r in rows if r.complete and r.rounded is not None]
        red = _top([(n, r) for n, r in finished if r.passed and not r.vetoed], size)
        on_red = {id(r) for _, r in red}
        black = [(n, r) for n, r in rows if r.vetoed]
        rest = [(n, r) for n, r in reversed(finished) if not r.vetoed and id(r) not in on_red]
        if len(black) < size:
            black += _top(rest, size - len(black))
        unfinished = sum(1 for _, r in rows if not r.vetoed and (not r.complete or r.rounded is None))
        out.append(RedBlack(name, red, black, unfinished))
    return out


def _top(rows: Sequence[tuple[int, ResultView]], size: int) -> list[tuple[int, ResultView]]:
    """The first *size* rows, and any after them that tie with the last one taken (same rounded score)."""
    if size <= 0 or not rows:
        return []
    taken = list(rows[:size])
    edge = taken[-1][1].rounded
    taken += [(n, r) for n, r in rows[size:] if r.rounded == edge]
    return taken


def _order(row: ResultView) -> tuple[int, Fraction, str, str, str]:
    tier = 2 if row.vetoed else (1 if row.score is None else 0)
    return (tier, -(row.score if row.score is not None else Fraction(0)), row.site, row.checklist, row.file)


def rank(rows: Iterable[ResultView]) -> list[tuple[int, ResultView]]:
    """Rows ranked by score, highest first; sites without a score, then vetoed sites, last.

    Equal rounded scores share a rank (1, 2, 2, 4), as in a published bulletin.
    Each round is ranked apart (oldest round first): a site is never ranked
    against its own earlier self.
    """
    by_round: dict[str, list[ResultView]] = {}
    for row in rows:
        by_round.setdefault(row.round, []).append(row)
    ranked: list[tuple[int, ResultView]] = []
    for name in sorted(by_round, key=natural_key):
        start = len(ranked)
        previous: tuple[bool, Decimal | None] | None = None
        for n, row in enumerate(sorted(by_round[name], key=_order), 1):
            key = (row.vetoed, row.rounded)
            number = ranked[-1][0] if previous == key and len(ranked) > start else n
            ranked.append((number, row))
            previous = key
    return ranked


@dataclass(frozen=True)
class Tally:
    """The summary line's counts; an unfinished self-check is counted apart, whatever it scored."""

    total: int
    passed: int
    failed: int
    vetoed: int
    incomplete: int


def tally(rows: Iterable[ResultView]) -> Tally:
    total = passed = failed = vetoed = incomplete = 0
    for r in rows:
        total += 1
        if not r.complete:
            incomplete += 1
        elif r.vetoed:
            vetoed += 1
        elif r.passed:
            passed += 1
        else:
            failed += 1
    return Tally(total, passed, failed, vetoed, incomplete)


def _key(row: ResultView, by: str) -> str:
    return str(getattr(row, by)) or "-"


_NUMBER = re.compile(r"([0-9]{1,18}|[零〇一二两三四五六七八九十百千]{1,12})")


@functools.lru_cache(maxsize=1 << 16)
def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort 第二网格 before 第十网格, and grid 2 before grid 10 (grids and item ids repeat: remembered)."""
    parts: list[tuple[int, int | str]] = []
    for piece in _NUMBER.split(text):
        if not piece:
            continue
        if piece.isascii() and piece.isdigit():
            parts.append((0, int(piece)))
        elif _NUMBER.fullmatch(piece):
            parts.append((0, chinese_number(piece) or 0))
        else:
            parts.append((1, piece))
    return tuple(parts)


def rollup(rows: Iterable[ResultView], by: str) -> list[Group]:
    """Sites, mean and lowest score, pass rate and vetoes per township, grid or checklist."""
    buckets: dict[str, list[ResultView]] = {}
    for row in rows:
        buckets.setdefault(_key(row, by), []).append(row)
    groups = []
    for key in sorted(buckets, key=natural_key):
        members = buckets[key]
        scores = [r.score for r in members if r.score is not None]
        mean = round_half_up(sum(scores, Fraction(0)) / len(scores), 2) if scores else None
        lowest = min((r.rounded for r in members if r.rounded is not None), default=None)
        passed = sum(r.passed for r in members)
        groups.append(
            Group(
                key=key,
                sites=len(members),
                mean=mean,
                min=lowest,
                pass_rate=round_half_up(Fraction(100 * passed, len(members)), 1),
                vetoes=sum(r.vetoed for r in members),
            )
        )
    return groups


def coverage(
    sites: Sequence[Site], checklists: Iterable[tuple[str, Sequence[str]]], rows: Iterable[ResultView]
) -> list[tuple[str, str]]:
    """Every (site, checklist) the roster calls for that has no answers file.

    *checklists* gives each checklist id with its ``site_types``; a site needs
    every checklist whose types meet its own.
    """
    by_id: dict[str, set[str]] = {}
    for checklist_id, types in checklists:
        by_id.setdefault(checklist_id, set()).update(types)
    present = {(r.site, r.checklist) for r in rows}
    missing = []
    for site in sites:
        wanted = set(site.types) or ({site.type} if site.type else set())
        for checklist_id in sorted(by_id):
            if by_id[checklist_id] & wanted and (site.id, checklist_id) not in present:
                missing.append((site.id, checklist_id))
    return missing


def section_means(rows: Iterable[ResultView]) -> list[tuple[str, str, str, Decimal]]:
    """The mean score of each top-level section of each checklist across sites (for the chart), from exact scores."""
    sums: dict[tuple[str, str], list[Fraction]] = {}
    titles: dict[tuple[str, str], str] = {}
    for row in rows:
        for s in row.sections:
            if s.exact is not None:
                sums.setdefault((row.checklist, s.id), []).append(s.exact)
                titles[(row.checklist, s.id)] = s.title or s.id
    ordered = sorted(sums.items(), key=lambda kv: kv[0][0])  # by checklist, sections in checklist order
    return [
        (checklist, section, titles[(checklist, section)], round_half_up(sum(v, Fraction(0)) / len(v), 2))
        for (checklist, section), v in ordered
    ]
