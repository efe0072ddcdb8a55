"""The library's entry points: what each command does, callable from Python without the CLI.

The commands in :mod:`civcheck.cli` parse options, call one function here and
render what it returns; a script does the same without Typer::

    from civcheck.api import build_bulletin
    bulletin = build_bulletin(["answers/"], round="2026-08")
    for rank, row in bulletin.ranked:
        print(rank, row.site, row.rounded)

Nothing here prints or exits.  Problems with a user's files come back with
the result (``bulletin.problems``, ``LedgerRun.problems``) so that one bad
file never hides the others; a call that cannot be answered at all (an
unknown round, an unknown checklist) raises :class:`~civcheck.errors.UsageError`.
Notes a person should see (several rounds found) go to the optional
*on_note* callback; progress to *on_file* as ``(done, total)`` — the answers
files scored so far, and in all — and the step under way after (or before)
the scoring to *on_phase*, by name (:data:`PHASES`).

Why this module is long: it holds one entry point per command (bulletin,
ledger, comparison, approvals, self-check), each short; kept together they
are the one page a script's author reads.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civcheck.errors import InputError, Problem, UsageError
from civcheck.i18n import extend

if TYPE_CHECKING:
    from civcheck.answers_file import AnswersFile
    from civcheck.approvals import Approvals
    from civcheck.batch import Job, Outcome
    from civcheck.bulletin import Before, Bulletin, Publication
    from civcheck.catalog import Catalog
    from civcheck.ledger import Ledger
    from civcheck.model import Site
    from civcheck.rounds import Comparison
    from civcheck.scoring import Result

extend(
    {
        "usage.red_black": (
            "--red-black 应为 0 到 1000 之间的整数",
            "--red-black must be a whole number from 0 to 1000",
        ),
        "usage.previous_all": (
            "--round all 分别排名各轮次，不能再指定 --previous-round",
            "--round all ranks every round apart; --previous-round does not apply",
        ),
        "usage.previous_same": (
            "--previous-round {round} 就是本轮，请指定更早的轮次",
            "--previous-round {round} is the round ranked; name an earlier one",
        ),
        "batch.no_previous_round": (
            "没有轮次为 {round} 的答卷可作上轮对比（已有轮次：{rounds}）",
            "no answers of round {round} to compare with (rounds found: {rounds})",
        ),
    }
)

PathLike = str | Path
OnFile = Callable[[int, int], None]
OnPhase = Callable[[str], None]
ALL_ROUNDS = "all"
# What a long run does besides scoring, as *on_phase* hears it: finding the files and reading their rounds,
# reading the previous ledger, building the ledger, comparing two rounds (writing the output and laying out a
# table are the commands' own steps, named by cli/_shell.emit_as).
PHASES = ("find", "previous", "ledger", "compare")


def available_cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def catalog_of(checklists: Iterable[PathLike] = (), env: str | None = None) -> Catalog:
    """The bundled checklists, those in ``$CIVCHECK_CHECKLISTS`` and those in *checklists* (folders or files)."""
    from civcheck.catalog import Catalog

    return Catalog.discover([Path(p) for p in checklists], env=env)


def score_file(
    path: PathLike,
    checklists: Iterable[PathLike] | Catalog = (),
    approvals: Approvals | None = None,
    strict_na: bool = False,
    warnings: list[Problem] | None = None,
) -> Result:
    """One answers file scored against its checklist; :class:`InputError` (located problems) when it cannot be.

    With *approvals*, each 不适用 is judged (and with *strict_na* one without an
    approval in force scores as unanswered); an expired approval it relies on
    is added to *warnings*.
    """
    from civcheck.batch import score_file as score_one
    from civcheck.catalog import Catalog

    catalog = checklists if isinstance(checklists, Catalog) else catalog_of(checklists)
    if catalog.setup_problems():
        raise InputError(catalog.setup_problems())
    try:
        result = score_one(Path(path), catalog, conflicts=warnings, approvals=approvals, strict_na=strict_na)
    except InputError as exc:
        raise InputError(catalog.problems + exc.problems) from None
    assert result is not None  # an explicitly named file is read as answers
    return result


@dataclass
class Collected:
    """What a scan kept: one compact record per scored file, the problems met, and how many files were skipped."""

    outcomes: list[Outcome]
    problems: list[Problem]
    skipped: int = 0
    warnings: list[Problem] = field(default_factory=list)  # the roster's attributes won over the answers'


def collect(
    files: Sequence[tuple[Path, bool]],
    job: Job,
    *,
    jobs: int = 1,
    problems: Sequence[Problem] = (),
    on_outcome: Callable[[Outcome], None] | None = None,
    on_file: OnFile | None = None,
    uncounted: Collection[str] = frozenset(),
) -> Collected:
    """Score *files* (``(path, named explicitly)``) in *jobs* processes, keeping one compact record per file.

    Problems are kept once each, after *problems* (those met finding the
    files).  A site, checklist and round answered in two files is an error
    naming both, and neither is kept: a bulletin would rank the site twice and
    a ledger list its tasks twice.  A file skipped (a checklist or roster met
    in a folder, an answers file of another round) is only counted.
    *on_file* hears ``(done, total)`` over the files not *uncounted* (those
    whose text says they are not answers to score: read, but not counted).
    """
    from contextlib import closing

    from civcheck.batch import duplicates, scan
    from civcheck.interrupt import check

    if jobs < 1:
        raise UsageError("usage.jobs")
    found = list(problems)
    seen = {(p.path, p.line, p.column, p.key) for p in found}
    outcomes: list[Outcome] = []
    warnings: list[Problem] = []
    skipped = 0
    total = sum(1 for path, _ in files if str(path) not in uncounted)
    done = 0
    with closing(scan(files, job, jobs)) as scanned:  # whatever ends this loop ends the workers, there and then
        for outcome in scanned:
            check()  # a Ctrl-C lost on the way stops the scan here
            if on_file is not None and outcome.path not in uncounted:
                done += 1
                on_file(done, total)
            for problem in outcome.problems:
                key = (problem.path, problem.line, problem.column, problem.key)
                if key not in seen:
                    seen.add(key)
                    found.append(problem)
            warnings += outcome.warnings
            skipped += outcome.skipped
            if outcome.row is None:
                continue
            if on_outcome is not None:
                on_outcome(outcome)
            outcome.json = None  # written out already (or not wanted): a batch keeps compact records only
            outcomes.append(outcome)
    twice = duplicates((o.path, (o.row.site, o.row.checklist, o.row.round)) for o in outcomes if o.row is not None)
    dropped = {p.path for p in twice}
    return Collected([o for o in outcomes if o.path not in dropped], found + twice, skipped, warnings)


@dataclass(frozen=True)
class RoundChoice:
    """The files to score for one round, the round chosen (``None``: every round apart) and every round found."""

    files: list[tuple[Path, bool]]
    chosen: str | None
    rounds: list[str]


def choose_round(surveyed: Sequence[tuple[Path, bool, str | None]], wanted: str | None) -> RoundChoice:
    """The files of the round to rank (pure: *surveyed* is ``(path, explicit, round read from its text)``).

    Sites are ranked within one round: with no *wanted* round, the latest
    found; ``"all"`` ranks every round apart.  A file whose round could not
    be read from its text is scored anyway, and its parsed round decides.
    """
    from civcheck.bulletin import natural_key

    rounds = sorted({r for _, _, r in surveyed if r}, key=natural_key)
    if wanted == ALL_ROUNDS:
        chosen = None
    elif wanted is not None:
        if wanted not in rounds and all(r for _, _, r in surveyed):
            raise UsageError("batch.no_round", round=wanted, rounds=round_names(rounds))
        chosen = wanted
    else:
        chosen = rounds[-1] if rounds else None
    files = [(path, explicit) for path, explicit, r in surveyed if chosen is None or not r or r == chosen]
    return RoundChoice(files, chosen, rounds)


def round_names(rounds: Sequence[str], lang: str = "zh") -> tuple[str, ...] | str:
    """The rounds for a message (a tuple :func:`civcheck.i18n.t` joins in its language), or ``-`` for none."""
    from civcheck.i18n import t

    return tuple(r or t("batch.unnamed_round", lang) for r in rounds) or "-"


PREVIOUS_AUTO = "auto"


def build_bulletin(
    paths: Iterable[PathLike],
    *,
    round: str | None = None,
    previous_round: str | None = PREVIOUS_AUTO,
    sites: Sequence[Site] = (),
    group_by: Sequence[str] = (),
    checklists: Iterable[PathLike] = (),
    jobs: int | None = 1,
    lang: str = "zh",
    with_gaps: bool = False,
    with_sections: bool = True,
    with_json: bool = False,
    publication: Publication | None = None,
    red_black: int = 0,
    approvals: Approvals | None = None,
    strict_na: bool = False,
    on_json: Callable[[bytes], None] | None = None,
    on_note: Callable[[str], None] | None = None,
    on_file: OnFile | None = None,
    on_phase: OnPhase | None = None,
) -> Bulletin:
    """The ranked bulletin (通报) over every answers file below *paths*, for one round (default: the latest).

    *previous_round* is the round 上轮得分 and 变化 compare with: ``"auto"``
    (the default) takes the round before the one ranked when the answers hold
    it, ``None`` compares with none.  *sites* (a roster, see
    :func:`civcheck.formats.sites.load_sites`) fills names, townships and
    grids and lists the sites with no assessment.  *with_gaps* keeps each
    row's gaps (for formats that list them); *with_json* has each file's JSON
    document (UTF-8 bytes) passed to *on_json* as soon as it is scored, so a caller can
    stream it.  *red_black* asks for 红黑榜 of that size.  *approvals* (see
    :func:`civcheck.formats.approvals.load_approvals`) judges each 不适用;
    with *strict_na* one without an approval in force scores as unanswered.
    *jobs* ``None`` uses every core.
    """
    from civcheck.batch import Job, discover, survey
    from civcheck.bulletin import GROUP_BYS, Before, Bulletin, Publication, coverage, last_inspection
    from civcheck.gap_store import GapStore
    from civcheck.i18n import t

    for by in group_by:
        if by not in GROUP_BYS:
            raise UsageError("usage.choice", option="--group-by", value=by, choices=", ".join(GROUP_BYS))
    if not 0 <= red_black <= 1000:
        raise UsageError("usage.red_black")
    if on_phase is not None:
        on_phase("find")
    found, problems = discover(paths)
    dirs = [Path(p) for p in checklists]
    catalog = catalog_of(dirs)
    problems = catalog.setup_problems() + problems
    if not found and not problems:
        raise UsageError("usage.no_files")
    others: set[str] = set()  # rosters, approvals, settings met among the answers: read, not counted
    surveyed = survey(found, others)
    choice = choose_round(surveyed, round)
    if round is None and len(choice.rounds) > 1 and on_note is not None:
        on_note(t("batch.rounds", lang, n=len(choice.rounds), rounds=round_names(choice.rounds, lang),
                  latest=round_names(choice.rounds[-1:], lang)))  # fmt: skip
    before = _round_before(choice, previous_round, lang)
    workers = jobs or available_cores()
    job = Job(
        checklist_dirs=tuple(str(d) for d in dirs),
        lang=lang,
        round=choice.chosen,
        roster=tuple(sites),
        want_json=with_json,
        want_gaps=with_gaps,
        want_sections=with_sections,
        approvals=approvals,
        strict_na=strict_na,
    )
    previous: dict[tuple[str, str], Before] = {}
    earlier_files = [(p, e) for p, e, r in surveyed if r == before] if before is not None else []
    earlier_count = sum(1 for p, _ in earlier_files if str(p) not in others)
    total = earlier_count + sum(1 for p, _ in choice.files if str(p) not in others)  # one line over both rounds

    def counted(offset: int) -> OnFile | None:
        return None if on_file is None else (lambda done, _: on_file(offset + done, total))

    if before is not None:  # scored first, so that what streams out is this round's alone
        earlier = collect(earlier_files, replace(job, round=before, want_json=False, want_gaps=False), jobs=workers,
                          on_file=counted(0), uncounted=others)  # fmt: skip
        problems += earlier.problems
        for o in earlier.outcomes:
            if o.row is not None:
                previous[(o.row.site, o.row.checklist)] = Before(o.row.rounded, o.row.vetoed, o.row.complete)

    store = GapStore() if with_gaps else None

    def each(outcome: Outcome) -> None:
        if on_json is not None and outcome.json is not None:
            on_json(outcome.json)
        if store is not None and outcome.row is not None and outcome.row.gaps:
            store.put(outcome.row.file, outcome.row.gaps)  # the gaps wait on disk; the row stays small
            outcome.row = outcome.row.without_gaps()

    kept = collect(choice.files, job, jobs=workers, problems=problems, on_outcome=each,
                   on_file=counted(earlier_count), uncounted=others)  # fmt: skip
    rows = [o.row for o in kept.outcomes if o.row is not None]
    problems = kept.problems
    if round is not None and round != ALL_ROUNDS and not rows and not problems:
        raise UsageError("batch.no_round", round=round, rounds=round_names(choice.rounds, lang))
    missing = coverage(sites, [(c.id, c.site_types) for c in catalog.checklists], rows) if sites else []
    names = {site.id: site.name for site in sites}
    published = publication or Publication()
    if published.date is None:  # 成文日期: the round's last inspection, unless the office dates it
        last = last_inspection(rows)
        published = replace(published, date=last or dt.date.today(), dated="inspections" if last else "today")
    return Bulletin(rows, problems, list(group_by), missing, with_gaps, kept.skipped, choice.chosen, names,
                    published, before, previous, red_black, kept.warnings, store)  # fmt: skip


def _round_before(choice: RoundChoice, wanted: str | None, lang: str) -> str | None:
    """The round to compare with: the one named, or (``auto``) the round before the one ranked, if any."""
    if wanted is None or choice.chosen is None:
        if wanted not in (None, PREVIOUS_AUTO):
            raise UsageError("usage.previous_all")
        return None
    if wanted == PREVIOUS_AUTO:
        earlier = choice.rounds[: choice.rounds.index(choice.chosen)] if choice.chosen in choice.rounds else []
        return earlier[-1] if earlier else None
    if wanted not in choice.rounds:
        raise UsageError("batch.no_previous_round", round=wanted, rounds=round_names(choice.rounds, lang))
    if wanted == choice.chosen:
        raise UsageError("usage.previous_same", round=wanted)
    return wanted


@dataclass(frozen=True)
class LedgerRun:
    """A ledger built from a round's answers, and the problems met reading them."""

    ledger: Ledger
    problems: list[Problem]
    warnings: list[Problem] = field(default_factory=list)


def build_ledger(
    paths: Iterable[PathLike],
    *,
    previous: PathLike | None = None,
    sites: Sequence[Site] = (),
    round: str | None = None,
    due_by: dt.date | None = None,
    today: dt.date | None = None,
    checklists: Iterable[PathLike] = (),
    jobs: int | None = 1,
    lang: str = "zh",
    on_file: OnFile | None = None,
    on_phase: OnPhase | None = None,
) -> LedgerRun:
    """The rectification ledger (整改台账): one task per gap, carried forward from the *previous* ledger (销号).

    *previous* is the last ledger as written (json, csv or xlsx, edited by
    hand or not; a task whose row was deleted from it comes back, see
    :class:`civcheck.ledger.Previous`); *today* decides what is overdue
    (default: the real today).
    """
    from civcheck.batch import Job
    from civcheck.formats.ledger import load_ledger
    from civcheck.ledger import build_rounds

    dirs = tuple(str(p) for p in checklists)
    job = Job(checklist_dirs=dirs, lang=lang, round=round, roster=tuple(sites), want_tasks=True, due_by=due_by)
    kept = _scan_paths(paths, job, jobs, on_file, on_phase)
    rounds: dict[str, list[Any]] = {}
    names = {s.name: s.id for s in sites if s.name}
    for outcome in kept.outcomes:
        assert outcome.row is not None
        rounds.setdefault(outcome.row.round, []).append(outcome.tasks)
        if outcome.row.site_name:
            names.setdefault(outcome.row.site_name, outcome.row.site)
    if previous is not None and on_phase is not None:
        on_phase("previous")
    before = load_ledger(Path(previous), names) if previous is not None else ()
    if on_phase is not None:
        on_phase("ledger")
    book = build_rounds(rounds, lang, before, due_by, today or dt.date.today())
    return LedgerRun(book, kept.problems, kept.warnings)


def compare_rounds(
    old: PathLike,
    new: PathLike,
    *,
    checklists: Iterable[PathLike] = (),
    jobs: int | None = 1,
    lang: str = "zh",
    on_file: OnFile | None = None,
    on_phase: OnPhase | None = None,
) -> tuple[list[Comparison], list[Problem]]:
    """Two rounds (each an answers file or folder) compared: scores, and gaps closed, persisting and new."""
    from civcheck.batch import Job
    from civcheck.rounds import compare

    job = Job(checklist_dirs=tuple(str(p) for p in checklists), lang=lang, want_seen=True)
    before = _scan_paths([old], job, jobs, on_file, on_phase)
    after = _scan_paths([new], job, jobs, on_file, on_phase)
    if on_phase is not None:
        on_phase("compare")
    rows = compare([o.seen for o in before.outcomes], [o.seen for o in after.outcomes])
    return rows, before.problems + after.problems


def _scan_paths(
    paths: Iterable[PathLike], job: Job, jobs: int | None, on_file: OnFile | None, on_phase: OnPhase | None
) -> Collected:
    """Every file below *paths* scored for *job*; with *on_file*, counting only those their text says are
    answers (of *job*'s round, if it has one) — which takes reading each file's text once before."""
    from civcheck.batch import discover, survey

    if on_phase is not None:
        on_phase("find")
    files, problems = discover(paths)
    catalog = catalog_of(job.checklist_dirs)
    uncounted: set[str] = set()
    if on_file is not None:
        for path, _, round_ in survey(files, uncounted):
            if job.round is not None and round_ and round_ != job.round:  # read, and skipped as another round's
                uncounted.add(str(path))
    return collect(files, job, jobs=jobs or available_cores(), problems=catalog.setup_problems() + problems,
                   on_file=on_file, uncounted=uncounted)  # fmt: skip


def check_approvals(
    path: PathLike,
    *,
    checklists: Iterable[PathLike] = (),
    sites: Sequence[Site] | None = None,
    today: dt.date | None = None,
) -> list[Problem]:
    """Every finding in an approvals file, located (:func:`civcheck.approvals.audit`); InputError if unreadable."""
    from civcheck.approvals import audit
    from civcheck.formats.approvals import load_approvals, locate_findings

    catalog = catalog_of(checklists)
    if catalog.setup_problems():
        raise InputError(catalog.setup_problems())
    approvals = load_approvals(path)
    versions = {cid: catalog.versions(cid) for cid in catalog.ids()}
    roster = {site.id: site for site in sites} if sites is not None else None
    findings = audit(approvals, versions, today or dt.date.today(), roster)
    return locate_findings(path, findings)


def site_for(
    catalog: Catalog,
    checklist_id: str,
    site_id: str,
    *,
    roster: Sequence[Site] | None = None,
    roster_name: str = "--sites",
    name: str | None = None,
    site_type: str | None = None,
) -> Site:
    """A new self-check's site: from the *roster* when one is given, with *name* and *site_type* on top.

    The type defaults to the first of the site's types the checklist covers,
    else the checklist's first site type.
    """
    from civcheck.model import Site

    checklist = catalog.newest(checklist_id)
    site_types = checklist.site_types if checklist is not None else ()
    base = Site(site_id)
    if roster is not None:
        listed = {s.id: s for s in roster}
        if site_id not in listed:
            raise UsageError("a.no_site", site=site_id, roster=roster_name)
        base = listed[site_id]
    types = [site_type] if site_type else [kind for kind in base.types if kind in site_types]
    chosen = types[0] if types else (site_types[0] if site_types else "")
    return Site(
        id=site_id,
        name=name or base.name,
        type=chosen,
        types=base.types,
        township=base.township,
        grid=base.grid,
        attributes=dict(base.attributes),
        owner=base.owner,
        person=base.person,
    )


def start_or_resume(
    path: PathLike,
    checklist_id: str,
    site: Site | str,
    *,
    checklists: Iterable[PathLike] | Catalog = (),
    round: str | None = None,
    assessor: str = "",
    attributes: Mapping[str, Any] | None = None,
) -> AnswersFile:
    """The answers file for *site* on a checklist: resumed when *path* exists, else started on the newest version.

    ``save(answers)`` on what it returns writes the file atomically, merging
    answers another session saved meanwhile.  A file holding another site's
    or checklist's answers is refused, never overwritten; so is a file of
    another round than *round* (default: the file's own, else the current month).
    """
    from civcheck.answers_file import start_or_resume as start
    from civcheck.catalog import Catalog

    catalog = checklists if isinstance(checklists, Catalog) else catalog_of(checklists)
    if isinstance(site, str):
        site = site_for(catalog, checklist_id, site)
    return start(Path(path), catalog, checklist_id, site, round_=round, assessor=assessor, attributes=attributes)


__all__ = [
    "ALL_ROUNDS",
    "PHASES",
    "PREVIOUS_AUTO",
    "Collected",
    "LedgerRun",
    "RoundChoice",
    "build_bulletin",
    "build_ledger",
    "catalog_of",
    "choose_round",
    "collect",
    "compare_rounds",
    "score_file",
    "site_for",
    "start_or_resume",
]
