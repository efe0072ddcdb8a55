"""不适用 that the office approves: each ``na`` answer judged against the approvals in force.

Every point a site marks 不适用 leaves its score, so the rest weighs more:
the easiest way to look better.  An ``na`` must say why (its note), and the
office's approvals file (:mod:`civcheck.formats.approvals`) says which items
it accepts as not applying, for which site, until when.  Judged at the
inspection's date, an ``na`` is ``approved``, ``expired`` (an approval that
ran out before the inspection) or ``unapproved``.  When it was approved does
not matter: the office approves after reading the self-check, so approvals
usually postdate the inspections they cover.  With ``strict`` the last
two score as unanswered (未检) instead of leaving the score.  With no
approvals file in play nothing is judged (``None``): an office that keeps
none is not told that everything is unapproved.

Pure: the caller reads the file and hands the approvals in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal, NamedTuple

from civcheck.errors import Problem
from civcheck.i18n import extend
from civcheck.model import Assessment, Checklist, Item, Site

extend(
    {
        "approvals.none_strict": (
            "--strict-na 而没有批准文件（approvals.yaml）：每个“不适用”都按未检计分",
            "--strict-na with no approvals file (approvals.yaml): every N/A answer scores as unanswered",
        ),
        "approvals.unknown_checklist": (
            "没有名为 {checklist} 的检查表（已找到：{known}）",
            "no checklist is called {checklist} (found: {known})",
        ),
        "approvals.unknown_item": (
            "检查表 {checklist} 中没有条目 {item}",
            "checklist {checklist} has no item {item}",
        ),
        "approvals.never_na": (
            "{item} 不允许答“不适用”（na: false），这条批准永远用不上",
            "{item} cannot be answered N/A (na: false): this approval can never apply",
        ),
        "approvals.expired": (
            "这条批准已于 {expires} 到期（今天 {today}）",
            "this approval expired on {expires} (today is {today})",
        ),
        "approvals.unknown_site": (
            "名册中没有点位 {site}",
            "the roster has no site {site}",
        ),
        "approvals.not_inspected": (
            "点位 {site}（类型 {types}）不用检查表 {checklist}（适用类型：{wanted}）",
            "site {site} (type {types}) is not inspected with {checklist} (for: {wanted})",
        ),
        "approvals.summary": ("批准文件有 {n} 处问题", "{n:finding|findings} in the approvals file"),
        "approvals.clean": ("批准文件没有问题", "the approvals file is clean"),
        "approvals.expired_used": (
            "{site} 的 {checklist} {item} 答“不适用”，所依据的批准已于 {expires} 到期（检查日期 {date}）",
            "{site}'s N/A answer to {checklist} {item} relies on an approval that expired on {expires} "
            "(inspected {date})",
        ),
    }
)

Approval_state = Literal["approved", "expired", "unapproved"]


class Approval(NamedTuple):
    """The office's approval that an item does not apply to a site."""

    site: str
    checklist: str
    item: str
    reason: str
    approved_by: str
    approved_on: dt.date
    expires: dt.date
    path: str = ""  # where the entry stands, for messages
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Approvals:
    """An approvals file, indexed by (site, checklist, item)."""

    entries: tuple[Approval, ...] = ()
    path: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {(a.site, a.checklist, a.item): a for a in self.entries})

    def find(self, site: str, checklist: str, item: str) -> Approval | None:
        found: Approval | None = self.index.get((site, checklist, item))  # type: ignore[attr-defined]
        return found


class Judged(NamedTuple):
    """One ``na`` answer as judged: its approval state, the approval's expiry, and the approval."""

    state: Approval_state
    expires: dt.date | None
    approval: Approval | None


def judge(
    assessment: Assessment,
    checklist: Checklist,
    approvals: Approvals | None,
    strict: bool = False,
    today: dt.date | None = None,
) -> tuple[Assessment, dict[str, Judged]]:
    """Each ``na`` answer of *assessment* judged against *approvals* at the inspection's date (else *today*).

    Returns the assessment to score — without the answers *strict* turns into
    未检 — and the judgement of every ``na`` (empty when *approvals* is None).
    An item the site's attributes exclude (``when``) is not judged: it leaves
    the score whatever the answer says.
    """
    if approvals is None:
        return assessment, {}
    when = assessment.date or today or dt.date.today()
    site = assessment.site.id
    attributes = assessment.site.attributes
    items: dict[str, Item] = {}
    judged: dict[str, Judged] = {}
    for item_id, answer in assessment.answers.items():
        if answer.status != "na":
            continue
        if not items:  # only a file with a 不适用 pays for the index
            items = {item.id: item for item in checklist.iter_items()}
        item = items.get(item_id)
        if item is not None and item.when and not item.applies_to(attributes):
            continue
        approval = approvals.find(site, checklist.id, item_id)
        if approval is None:
            judged[item_id] = Judged("unapproved", None, None)
        elif approval.expires < when:
            judged[item_id] = Judged("expired", approval.expires, approval)
        else:
            judged[item_id] = Judged("approved", approval.expires, approval)
    if strict and any(j.state != "approved" for j in judged.values()):
        kept = {k: v for k, v in assessment.answers.items() if k not in judged or judged[k].state == "approved"}
        assessment = replace(assessment, answers=kept)
    return assessment, judged


class Finding(NamedTuple):
    """One thing wrong with an approval: which entry, which of its keys, the message key and its arguments."""

    entry: int
    field: str
    key: str
    args: dict[str, str]


def audit(
    approvals: Approvals,
    checklists: Mapping[str, Sequence[Checklist]],
    today: dt.date,
    roster: Mapping[str, Site] | None = None,
) -> list[Finding]:
    """What ``civcheck approvals check`` finds: approvals that name nothing real, or can never or no longer apply.

    *checklists* gives every version of each checklist found (an item counts
    if any version has it: old answers still score against old versions);
    *roster*, when given, is the authority on which sites exist and what type
    each is.
    """
    found: list[Finding] = []
    known = ", ".join(sorted(checklists)) or "-"
    for n, a in enumerate(approvals.entries):
        if roster is not None and a.site not in roster:
            found.append(Finding(n, "site", "approvals.unknown_site", {"site": a.site}))
        versions = checklists.get(a.checklist)
        if not versions:
            found.append(Finding(n, "checklist", "approvals.unknown_checklist", {"checklist": a.checklist,
                                                                                  "known": known}))  # fmt: skip
        else:
            items = [item for c in versions for item in c.iter_items() if item.id == a.item]
            if not items:
                found.append(Finding(n, "item", "approvals.unknown_item", {"checklist": a.checklist, "item": a.item}))
            elif not any(item.na for item in items):
                found.append(Finding(n, "item", "approvals.never_na", {"item": a.item}))
            site = roster.get(a.site) if roster is not None else None
            wanted = {t for c in versions for t in c.site_types}
            types = set(site.types) or ({site.type} if site.type else set()) if site is not None else set()
            if site is not None and wanted and types and not wanted & types:
                found.append(Finding(n, "checklist", "approvals.not_inspected", {
                    "site": a.site, "types": ", ".join(sorted(types)), "checklist": a.checklist,
                    "wanted": ", ".join(sorted(wanted))}))  # fmt: skip
        if a.expires < today:
            found.append(Finding(n, "expires", "approvals.expired", {"expires": a.expires.isoformat(),
                                                                      "today": today.isoformat()}))  # fmt: skip
    return found


def judge_for_scoring(
    assessment: Assessment, checklist: Checklist, approvals: Approvals, strict: bool = False
) -> tuple[Assessment, dict[str, NaState], list[Problem]]:
    """:func:`judge`, as a batch needs it: the assessment to score, what its result carries, the warnings."""
    judged_as, found = judge(assessment, checklist, approvals, strict)
    return judged_as, states(found, assessment), expired_problems(found, assessment, checklist.id)


def expired_problems(judged: Mapping[str, Judged], assessment: Assessment, checklist_id: str) -> list[Problem]:
    """A warning for each approval a 不适用 relies on that had expired by the inspection, located at the approval."""
    out = []
    for item, j in judged.items():
        if j.state == "expired" and j.approval is not None:
            a = j.approval
            when = assessment.date.isoformat() if assessment.date else "-"
            args = {"site": a.site, "checklist": checklist_id, "item": item, "expires": a.expires.isoformat(),
                    "date": when}  # fmt: skip
            out.append(Problem(a.path, a.line, a.column, "approvals.expired_used", args))
    return out


class NaState(NamedTuple):
    """What a result carries of one judged 不适用: the state, the approval's expiry, the answer's reason.

    The reason travels here because under ``strict`` the answer itself no
    longer is in the assessment that was scored.
    """

    state: Approval_state
    expires: dt.date | None
    reason: str


def states(judged: Mapping[str, Judged], assessment: Assessment) -> dict[str, NaState]:
    """What a result view shows of each judgement, *assessment* being the one judged (before *strict*)."""
    answers = assessment.answers
    return {item: NaState(j.state, j.expires, answers[item].note) for item, j in judged.items()}
