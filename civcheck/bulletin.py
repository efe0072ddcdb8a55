"""The ranked bulletin (定期通报): compact rows, ranking, roll-ups and coverage.

Pure functions over small records.  A batch over thousands of answers files
keeps only one :class:`Row` per file (and, for the formats that list them,
one :class:`GapRow` per gap), never the scored objects, so memory stays
flat however many files are scored.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from civcheck.errors import Problem
from civcheck.model import Site
from civcheck.scoring import Result, round_half_up
from civcheck.text import path_text
from civcheck.words import chinese_number

GroupBy = Literal["township", "grid", "checklist"]
GROUP_BYS: tuple[str, ...] = ("township", "grid", "checklist")


@dataclass(frozen=True)
class SectionScore:
    checklist: str
    id: str
    title: str
    score: Fraction | None


@dataclass(frozen=True)
class Row:
    """One scored answers file, as the bulletin needs it."""

    file: str
    site: str
    site_name: str
    township: str
    grid: str
    checklist: str
    version: str
    round: str
    score: Fraction | None
    rounded: Decimal | None
    grade: str
    grade_label: str
    passed: bool
    vetoed: bool
    vetoes: tuple[str, ...]
    gaps: int
    missing: int
    worst: str
    worst_text: str
    sections: tuple[SectionScore, ...] = ()
    to_answer: int = 0  # applicable items (answered, 不适用 or unanswered)

    @property
    def complete(self) -> bool:
        """Every applicable item answered: a finished self-check, not one in progress."""
        return self.missing == 0

    @property
    def answered(self) -> int:
        return self.to_answer - self.missing


@dataclass(frozen=True)
class GapRow:
    """One gap of one site, for the gap listings (xlsx, html)."""

    site: str
    site_name: str
    township: str
    grid: str
    checklist: str
    item: str
    text: str
    category: str
    critical: bool
    lost: Decimal
    impact: Decimal | None
    owner: str
    person: str
    remedy: str
    due: str
    note: str
    file: str = ""


@dataclass(frozen=True)
class Group:
    """A roll-up over the rows sharing a township, a grid or a checklist."""

    key: str
    sites: int
    mean: Decimal | None
    min: Decimal | None
    pass_rate: Decimal
    vetoes: int


@dataclass
class Bulletin:
    """Everything a bulletin shows, in the order the formats need it."""

    rows: list[Row]
    problems: list[Problem] = field(default_factory=list)
    group_by: Sequence[str] = ()
    missing: list[tuple[str, str]] = field(default_factory=list)
    gaps: list[GapRow] | None = None
    skipped: int = 0
    round: str | None = None
    names: dict[str, str] = field(default_factory=dict)  # site names from the roster

    @property
    def ranked(self) -> list[tuple[int, Row]]:
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


def row_of(result: Result, lang: str) -> Row:
    """The bulletin's record of one result."""
    a = result.assessment
    worst = result.gaps[0] if result.gaps else None
    sections = tuple(
        SectionScore(result.checklist.id, s.section.id, s.section.title.get(lang) or s.section.id, s.score)
        for s in result.sections
    )
    return Row(
        file=path_text(a.path),
        site=a.site.id,
        site_name=a.site.name,
        township=a.site.township,
        grid=a.site.grid,
        checklist=result.checklist.id,
        version=result.checklist.version,
        round=a.round,
        score=result.score,
        rounded=result.rounded_score,
        grade=result.grade.id if result.grade else "",
        grade_label=(result.grade.label.get(lang) if result.grade and result.grade.label else "")
        or (result.grade.id if result.grade else ""),
        passed=result.passed,
        vetoed=result.vetoed,
        vetoes=result.vetoes,
        gaps=len(result.gaps),
        missing=len(result.missing),
        worst=worst.item.id if worst else "",
        worst_text=worst.item.text.get(lang) if worst else "",
        sections=sections,
        to_answer=sum(1 for r in result.items if r.state != "excluded"),
    )


def gap_rows_of(result: Result, lang: str) -> tuple[GapRow, ...]:
    """Every gap of *result* as flat records."""
    from civcheck.views import gap_view

    a = result.assessment
    out = []
    for gap in result.gaps:
        v = gap_view(result, gap, lang)
        out.append(
            GapRow(
                site=a.site.id,
                site_name=a.site.name,
                township=a.site.township,
                grid=a.site.grid,
                checklist=result.checklist.id,
                item=gap.item.id,
                text=v["text"],
                category=gap.category,
                critical=gap.item.critical,
                lost=round_half_up(gap.lost, result.checklist.decimals),
                impact=round_half_up(gap.impact, result.checklist.decimals),
                owner=v["owner"],
                person=v["person"],
                remedy=v["remedy"],
                due=v["due"] or "",
                note=v["note"],
                file=path_text(a.path),
            )
        )
    return tuple(out)


def fill_from_roster(site: Site, roster: dict[str, Site]) -> Site:
    """The site's township, grid, name, owner and person, from the roster where the answers left them out.

    Attributes are not filled: they decide which items apply, and the answers
    file is the record of what was inspected.
    """
    listed = roster.get(site.id)
    if listed is None:
        return site
    from dataclasses import replace

    return replace(
        site,
        name=site.name or listed.name,
        township=site.township or listed.township,
        grid=site.grid or listed.grid,
        owner=site.owner or listed.owner,
        person=site.person or listed.person,
    )


def _order(row: Row) -> tuple[int, Fraction, str, str, str]:
    tier = 2 if row.vetoed else (1 if row.score is None else 0)
    return (tier, -(row.score if row.score is not None else Fraction(0)), row.site, row.checklist, row.file)


def rank(rows: Iterable[Row]) -> list[tuple[int, Row]]:
    """Rows ranked by score, highest first; sites without a score, then vetoed sites, last.

    Equal rounded scores share a rank (1, 2, 2, 4), as in a published bulletin.
    Each round is ranked apart (oldest round first): a site is never ranked
    against its own earlier self.
    """
    by_round: dict[str, list[Row]] = {}
    for row in rows:
        by_round.setdefault(row.round, []).append(row)
    ranked: list[tuple[int, Row]] = []
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


def tally(rows: Iterable[Row]) -> Tally:
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


def _key(row: Row, by: str) -> str:
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


def rollup(rows: Iterable[Row], by: str) -> list[Group]:
    """Sites, mean and lowest score, pass rate and vetoes per township, grid or checklist."""
    buckets: dict[str, list[Row]] = {}
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
    sites: Sequence[Site], checklists: Iterable[tuple[str, Sequence[str]]], rows: Iterable[Row]
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


def section_means(rows: Iterable[Row]) -> list[tuple[str, str, str, Decimal]]:
    """The mean score of each section of each checklist across sites (for the chart)."""
    sums: dict[tuple[str, str], list[Fraction]] = {}
    titles: dict[tuple[str, str], str] = {}
    for row in rows:
        for s in row.sections:
            if s.score is not None:
                sums.setdefault((s.checklist, s.id), []).append(s.score)
                titles[(s.checklist, s.id)] = s.title
    ordered = sorted(sums.items(), key=lambda kv: kv[0][0])  # by checklist, sections in checklist order
    return [
        (checklist, section, titles[(checklist, section)], round_half_up(sum(v, Fraction(0)) / len(v), 2))
        for (checklist, section), v in ordered
    ]
