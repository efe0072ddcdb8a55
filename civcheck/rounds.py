"""Two rounds compared (整改前后对比): each site's score then and now, and its gaps closed, persisting and new.

Pure: a batch keeps one small :class:`Seen` per scored file (its score and
its gaps, never the scored result), so comparing rounds of thousands of
files stays flat in memory.  When a site was assessed twice in a round, the
later assessment (by round, date, then path) stands for it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from civcheck.scoring import Result
    from civcheck.views import ResultView


@dataclass(frozen=True)
class Seen:
    """What comparing needs of one scored file: its score and its gaps (id and text), nothing more."""

    site: str
    site_name: str
    checklist: str
    round: str
    date: dt.date | None
    path: str
    score: Decimal | None
    gaps: tuple[tuple[str, str], ...]
    checklist_label: str = ""  # the checklist's short title (简称), as rankings name it

    @classmethod
    def of(cls, result: Result, lang: str) -> Seen:
        a = result.assessment
        return cls(a.site.id, a.site.name, result.checklist.id, a.round, a.date, a.path, result.rounded_score,
                   tuple((g.item.id, g.item.text.get(lang)) for g in result.gaps),
                   result.checklist.label(lang))  # fmt: skip

    @classmethod
    def from_view(cls, view: ResultView) -> Seen:
        """:meth:`of` from a result's view with its gaps (the batch's compiled path)."""
        return cls(view.site, view.site_name, view.checklist, view.round, view.date, view.file, view.rounded,
                   tuple((g.item, g.text) for g in view.gaps), view.checklist_label)  # fmt: skip


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
    texts: Mapping[str, str] = field(default_factory=dict, compare=False)  # item id -> its text
    checklist_label: str = ""  # the short title (简称) the tables show; the id where there is none

    @property
    def change(self) -> Decimal | None:
        """本轮 − 上轮, when both rounds scored the site."""
        if self.old_score is None or self.new_score is None:
            return None
        return self.new_score - self.old_score

    @property
    def in_both(self) -> bool:
        return self.old_score is not None and self.new_score is not None


def _latest(seen: Iterable[Seen]) -> dict[tuple[str, str], Seen]:
    latest: dict[tuple[str, str], Seen] = {}
    for s in seen:
        key = (s.site, s.checklist)
        have = latest.get(key)
        if have is None or (s.round, s.date or dt.date.min, s.path) > (have.round, have.date or dt.date.min, have.path):
            latest[key] = s
    return latest


def compare(old: Iterable[Seen], new: Iterable[Seen]) -> list[Comparison]:
    """Each site and checklist in either round: scores, and gaps closed, persisting and new."""
    before, after = _latest(old), _latest(new)
    out = []
    for key in sorted(set(before) | set(after)):
        o, n = before.get(key), after.get(key)
        old_gaps = [g for g, _ in o.gaps] if o else []
        new_gaps = [g for g, _ in n.gaps] if n else []
        texts = {g: text for s in (o, n) if s for g, text in s.gaps}
        name = (n.site_name if n else "") or (o.site_name if o else "")
        label = (n.checklist_label if n else "") or (o.checklist_label if o else "")
        out.append(
            Comparison(
                site=key[0],
                site_name=name,
                checklist=key[1],
                old_score=o.score if o else None,
                new_score=n.score if n else None,
                closed=tuple(i for i in old_gaps if i not in new_gaps) if n else (),
                persisting=tuple(i for i in new_gaps if i in old_gaps),
                new=tuple(i for i in new_gaps if i not in old_gaps) if o else tuple(new_gaps),
                texts=texts,
                checklist_label=label or key[1],
            )
        )
    return out
