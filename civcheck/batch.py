"""Scoring many answers files: files and folders in, results and problems out.

A bad file never stops the batch: its problems are collected and every
other file is still scored (the CLI exits 2 at the end).  Results come back
sorted by file path, so the order of arguments changes nothing.

Why this module is long: it is the one path every batch takes — finding the
files, reading what their text declares, scoring them here or in worker
processes, and ending those workers whatever stops the run (finished, an
error, Ctrl-C); cut in two, each half would need the other's private state.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import json
import os
import re
from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from civcheck.approvals import Approvals
from civcheck.atomic import note_folder, note_input
from civcheck.catalog import Catalog, iter_files
from civcheck.errors import InputError, Problem
from civcheck.model import Site
from civcheck.roster import undeclared_problems
from civcheck.scoring import Result, score
from civcheck.views import ResultView

NOT_ANSWERS = ("civcheck.checklist/1", "civcheck.sites/1", "civcheck.config/1", "civcheck.approvals/1")
LOOKUP_FAILURES = ("answers.unknown_checklist", "answers.which_version", "answers.version")


@dataclass
class Batch:
    results: list[Result] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)  # attributes the roster gives otherwise


def discover(paths: Iterable[str | Path]) -> tuple[list[tuple[Path, bool]], list[Problem]]:
    """Answers-file candidates as (path, named explicitly), sorted and unique."""
    found: dict[str, tuple[Path, bool]] = {}
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            note_folder(path)
            for file in iter_files(path, problems):
                found.setdefault(str(file), (file, False))
        elif path.exists():
            found[str(path)] = (path, True)
            try:
                note_input(os.stat(path))
            except OSError:
                pass
        else:
            problems.append(Problem(str(path), 1, 1, "io.not_found"))
    return [found[key] for key in sorted(found)], problems


# A top-level key's value read from a file's text, without parsing it (catalog.py reads checklist headers the
# same way). A plain value only: a tag (!!str), an anchor (&r), an alias, a block scalar or a flow collection
# is left to the parser.
@functools.cache
def _patterns(key: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    k = re.escape(key)
    return (
        re.compile(
            rf"""^{k}:[ \t]*(?:"([^"\\\n]*)"|'([^'\n]*)'|([^\s#"'{{\[!&*|>%@`][^#\n]*?))?[ \t]*(?:#.*)?$""", re.M
        ),
        re.compile(rf"""^[ \t]*["']?{k}["']?[ \t]*:|[{{,][ \t]*["']?{k}["']?[ \t]*:""", re.M),
        re.compile(rf'"{k}"\s*:\s*("(?:[^"\\]|\\.)*")'),
    )


def _declared(text: str, is_json: bool, key: str) -> str | None:
    """The value of top-level *key* in a file's text: ``""`` if the key is absent, ``None`` if unsure."""
    yaml_key, any_key, json_key = _patterns(key)
    if is_json:
        found = json_key.findall(text)
        if not found:
            return "" if f'"{key}"' not in text else None
        if len(found) > 1:
            return None
        try:
            value = json.loads(found[0])
        except ValueError:
            return None
        return value if isinstance(value, str) else None
    if key not in text:
        return ""
    matches = list(yaml_key.finditer(text))
    if not matches:
        return "" if not any_key.search(text) else None
    # a second key anywhere (a note, a nested key) could be a second top-level one: then only parsing can say
    if len(matches) > 1 or (text.count(key) > 1 and len(any_key.findall(text)) > 1):
        return None
    match = matches[0]
    if match.group(3) is not None and ": " in match.group(3):  # not a plain scalar after all
        return None
    return next((g for g in match.groups() if g is not None), "").strip()


def _text_of(path: Path) -> str | None:
    from civcheck.formats.text import read_text

    try:
        return read_text(path)
    except InputError:
        return None


def survey(files: Sequence[tuple[Path, bool]], others: set[str] | None = None) -> list[tuple[Path, bool, str | None]]:
    """Each candidate file with the round its text declares: ``""`` if it has none, ``None`` if unsure.

    Lets ``score`` pick the round to rank, count the files it will really
    score and skip the others before paying for a parse; a file read here as
    unsure (or unreadable) is simply scored, and its parsed round decides.
    Into *others* go the files found in a folder whose text declares another
    kind of file (a roster, the approvals, the settings, a checklist): they are
    still read — a broken one is reported — but they are not answers, and a
    progress line does not count them.
    """
    surveyed = []
    for path, explicit in files:
        text = _text_of(path)
        is_json = path.suffix.lower() == ".json"
        surveyed.append((path, explicit, None if text is None else _declared(text, is_json, "round")))
        if (
            others is not None
            and not explicit
            and text is not None
            and _declared(text, is_json, "format") in NOT_ANSWERS
        ):
            others.add(str(path))
    return surveyed


def duplicates(keyed: Iterable[tuple[str, tuple[str, str, str]]]) -> list[Problem]:
    """Two answers files for one site, checklist and round: an input error naming both.

    Ranking both would put one site twice in the bulletin and its gaps twice
    in the ledger; civcheck cannot know which is the real record.
    """
    first: dict[tuple[str, str, str], str] = {}
    problems: list[Problem] = []
    for path, key in keyed:
        if key in first:
            site, checklist, round_ = key
            args = {"site": site, "checklist": checklist, "round": round_ or "-", "other": first[key]}
            problems.append(Problem(path, 1, 1, "batch.duplicate", args))
            problems.append(Problem(first[key], 1, 1, "batch.duplicate", {**args, "other": path}))
        else:
            first[key] = path
    return problems


def score_file(
    path: Path,
    catalog: Catalog,
    explicit: bool = True,
    roster: Mapping[str, Site] | None = None,
    conflicts: list[Problem] | None = None,
    approvals: Approvals | None = None,
    strict_na: bool = False,
) -> Result | None:
    """Score one answers file; ``None`` for a checklist or roster met in a folder.

    With a *roster*, the site is scored as the roster says (civcheck/roster.py)
    and each attribute the answers give otherwise is added to *conflicts*;
    with *approvals*, each 不适用 is judged (civcheck/approvals.py), and an
    expired approval it relies on is added to *conflicts* too.
    """
    from civcheck.formats.answers import answers_from_data, bind_answers, checklist_for
    from civcheck.formats.reader import peek_format
    from civcheck.formats.text import read_text
    from civcheck.formats.values import parse_document

    name = str(path)
    text = read_text(path)
    data = parse_document(text, name)
    if not explicit and peek_format(data) in NOT_ANSWERS:
        return None
    raw = answers_from_data(data, name, text)
    checklist = checklist_for(raw, catalog)
    assessment = bind_answers(raw, checklist)
    if roster:
        from civcheck.roster import apply_roster, conflict_problems

        site, found = apply_roster(assessment.site, roster)
        assessment = replace(assessment, site=site)
        if conflicts is not None:
            conflicts += conflict_problems(name, text, found, checklist)
    if conflicts is not None:
        conflicts += undeclared_problems(name, text, checklist, assessment.site)
    if approvals is not None:
        from civcheck.approvals import judge_for_scoring

        judged_as, judged, expired = judge_for_scoring(assessment, checklist, approvals, strict_na)
        if conflicts is not None:
            conflicts += expired
        return replace(score(checklist, judged_as), judged=judged)
    return score(checklist, assessment)


def iter_scores(
    files: Iterable[tuple[Path, bool]],
    catalog: Catalog,
    roster: Mapping[str, Site] | None = None,
    conflicts: list[Problem] | None = None,
) -> Iterator[Result | list[Problem] | None]:
    """Score each file in turn: a result, the file's problems, or None (skipped)."""
    for path, explicit in files:
        try:
            yield score_file(path, catalog, explicit, roster, conflicts)
        except InputError as exc:
            yield exc.problems


@contextmanager
def few_collections() -> Iterator[None]:
    """Run the garbage collector rarely while a batch allocates.

    Parsing and scoring build many small, acyclic objects; with the default
    thresholds Python's cyclic collector runs thousands of times over a batch
    and re-walks everything already kept, which costs more than the YAML
    parsing itself.  Reference counting still frees everything promptly.
    """
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(200_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def score_paths(paths: Iterable[str | Path], catalog: Catalog, roster: Mapping[str, Site] | None = None) -> Batch:
    """Score every answers file below *paths* (as the *roster* says each site is, when one is given)."""
    with few_collections():
        return _score_paths(paths, catalog, roster)


def _score_paths(paths: Iterable[str | Path], catalog: Catalog, roster: Mapping[str, Site] | None) -> Batch:
    batch = Batch()
    files, missing = discover(paths)
    for (path, _), outcome in zip(files, iter_scores(files, catalog, roster, batch.conflicts), strict=True):
        if outcome is None:
            batch.skipped.append(str(path))
        elif isinstance(outcome, list):
            batch.problems.extend(outcome)
        else:
            batch.results.append(outcome)
    # Checklist problems met while scoring (a broken checklist an answers file needs) come first.
    batch.problems = list(catalog.problems) + missing + batch.problems
    return batch


# --------------------------------------------------------------------------
# Streaming, parallel scans for bulletins


@dataclass(frozen=True)
class Job:
    """What every worker needs to score a file: picklable, so processes can share it."""

    checklist_dirs: tuple[str, ...] = ()
    env: str | None = None
    lang: str = "zh"
    round: str | None = None
    roster: tuple[Site, ...] = ()
    want_json: bool = False
    want_gaps: bool = False
    want_sections: bool = True  # a bulletin row's sections (only the html bulletin draws them)
    want_tasks: bool = False  # ledger: the file's tasks, unanswered items and inspection
    want_seen: bool = False  # compare: the file's score and gaps
    due_by: dt.date | None = None
    fill_roster: bool = True  # the roster's attributes and names over the answers' (civcheck/roster.py)
    spool: str | None = None  # worker processes: a folder to write JSON lines to instead of sending them back
    approvals: Approvals | None = None  # the office's approvals of 不适用 (civcheck/approvals.py); None: none in play
    strict_na: bool = False  # 不适用 without an approval in force scores as unanswered (未检)


@dataclass
class Outcome:
    """One file's contribution to a bulletin, a ledger or a comparison: compact records, or its problems."""

    path: str
    row: ResultView | None = None  # with its gaps when the job wants them
    json: bytes | None = None  # UTF-8: a worker sends it on and the output takes it as it is
    json_at: tuple[str, int, int] | None = None  # or where a worker process spooled it: (file, offset, length)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # e.g. attributes the roster gives otherwise
    skipped: bool = False  # not an answers file, or another round
    tasks: Any = None  # (entries, unanswered, (site, checklist), Inspection) for the ledger
    seen: Any = None  # rounds.Seen for compare


_WORKER: dict[str, object] = {}


def _start(job: Job) -> None:
    """Per process: the job and a catalog of its own (parsed once, then reused)."""
    gc.freeze()
    gc.set_threshold(200_000, 50, 100)
    _WORKER["job"] = job
    _WORKER["catalog"] = Catalog.discover(list(job.checklist_dirs), env=job.env)
    _WORKER["roster"] = {site.id: site for site in job.roster}


def _score_one(entry: tuple[str, bool]) -> Outcome:
    outcome = _score_entry(entry)
    job = _WORKER["job"]
    assert isinstance(job, Job)
    if job.spool is not None and outcome.json is not None:
        outcome.json_at = _spool(job.spool, outcome.json)
        outcome.json = None
    return outcome


_SPOOL: dict[str, tuple[int, int]] = {}  # per worker process: its spool file's descriptor and length


def _spool(folder: str, line: bytes) -> tuple[str, int, int]:
    """Append *line* to this worker's spool file; where it is: (file, offset, length)."""
    path = os.path.join(folder, f"{os.getpid()}.jsonl")
    fd, end = _SPOOL.get(path, (-1, 0))
    if fd < 0:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.write(fd, line)  # unbuffered: the main process reads it as soon as the outcome arrives
    _SPOOL[path] = (fd, end + len(line))
    return path, end, len(line)


def _score_entry(entry: tuple[str, bool]) -> Outcome:
    from civcheck.compiled import score_view, supported
    from civcheck.formats.answers import answers_from_data, bind_answers, checklist_for
    from civcheck.formats.reader import peek_format
    from civcheck.formats.text import read_text
    from civcheck.formats.values import parse_document
    from civcheck.views import json_of, view_of

    job = _WORKER["job"]
    catalog = _WORKER["catalog"]
    roster = _WORKER["roster"]
    assert isinstance(job, Job) and isinstance(catalog, Catalog) and isinstance(roster, dict)
    name, explicit = entry
    known = len(catalog.problems)
    try:
        text = read_text(name)
        data = parse_document(text, name)
        if not explicit and peek_format(data) in NOT_ANSWERS:
            return Outcome(name, skipped=True)
        raw = answers_from_data(data, name, text)
        checklist = checklist_for(raw, catalog)
        assessment = bind_answers(raw, checklist)
    except InputError as exc:
        # A checklist that failed to load while serving this file is reported with it; when
        # no checklist matched, so are the checklist files that could not even be indexed.
        related = catalog.problems[known:]
        if any(p.key in LOOKUP_FAILURES for p in exc.problems):
            related = catalog.problems[: catalog.indexed] + related
        return Outcome(name, problems=related + exc.problems)
    if job.round is not None and assessment.round != job.round:
        if not assessment.round:  # ranked with round X it would be a guess; left out it would vanish
            return Outcome(name, problems=[Problem(name, 1, 1, "batch.no_round_given", {"round": job.round})])
        return Outcome(name, skipped=True)
    warnings: list[Problem] = []
    if roster and job.fill_roster:
        from dataclasses import replace

        from civcheck.roster import apply_roster, conflict_problems

        site, conflicts = apply_roster(assessment.site, roster)
        assessment = replace(assessment, site=site)
        warnings = conflict_problems(name, text, conflicts, checklist) if conflicts else []
    warnings += undeclared_problems(name, text, checklist, assessment.site)
    judged = None
    if job.approvals is not None:
        from civcheck.approvals import judge_for_scoring

        assessment, judged, expired = judge_for_scoring(assessment, checklist, job.approvals, job.strict_na)
        warnings += expired
    if supported(checklist):
        # the checklist compiled once, the view (and the JSON line) in one pass; a ledger's tasks and what
        # comparing needs are read from the view's gaps
        need_gaps = job.want_gaps or job.want_tasks or job.want_seen
        view, line = score_view(checklist, assessment, job.lang, need_gaps, job.want_json, judged)
        if not job.want_sections:  # less to send back from a worker process
            view = view._replace(sections=())
        outcome = Outcome(name, row=view, warnings=warnings, json=line.encode() if line is not None else None)
        if job.want_tasks:
            from civcheck.ledger import Inspection, entries_from_view

            entries, unanswered = entries_from_view(view, job.due_by)
            key = (assessment.site.id, checklist.id)
            outcome.tasks = (entries, unanswered, key, Inspection(view.date, frozenset(view.missing)))
        if job.want_seen:
            from civcheck.rounds import Seen

            outcome.seen = Seen.from_view(view)
        if need_gaps and not job.want_gaps:
            outcome.row = view.without_gaps()
        return outcome
    result = score(checklist, assessment)
    if judged is not None:
        result = replace(result, judged=judged)
    view = view_of(result, job.lang, gaps=job.want_gaps or job.want_json)
    outcome = Outcome(name, row=view if job.want_gaps else view.without_gaps(), warnings=warnings)
    if job.want_tasks:
        from civcheck.ledger import Inspection, entries_of

        entries, unanswered = entries_of(result, job.lang, roster, job.due_by)
        key = (assessment.site.id, checklist.id)
        outcome.tasks = (entries, unanswered, key, Inspection(assessment.date, frozenset(result.missing)))
    if job.want_seen:
        from civcheck.rounds import Seen

        outcome.seen = Seen.of(result, job.lang)
    if job.want_json:
        from civcheck.render.json_ import compact

        outcome.json = compact(json_of(view)).encode()
    return outcome


# A worker process costs about what scoring 30 files does (forking, its catalog, sending results
# back): with fewer files than this per worker, one process is faster.
MIN_FILES_PER_WORKER = 50


def scan(files: Sequence[tuple[Path, bool]], job: Job, jobs: int = 1) -> Generator[Outcome, None, None]:
    """Score *files* in order, in *jobs* processes; the outcomes stream back in file order.

    The output does not depend on *jobs*: workers score files independently,
    in chunks, and ``imap`` hands their outcomes back in the order the files
    were given.  Few files are scored in this process (:data:`MIN_FILES_PER_WORKER`).
    However the scan ends — finished, an error, Ctrl-C, or the caller closing
    it — the workers are ended and the spool files removed before it returns.
    """
    entries = [(str(path), explicit) for path, explicit in files]
    if jobs <= 1 or len(entries) < MIN_FILES_PER_WORKER * jobs:
        with few_collections():
            _start(job)
            yield from map(_score_one, entries)
        return
    import multiprocessing

    chunk = max(1, min(64, len(entries) // (jobs * 8)))
    fork = "fork" in multiprocessing.get_all_start_methods()
    if fork:
        # The first file is scored here: its checklist is loaded and compiled and the readers' tables warm
        # before the workers are forked, so that they inherit all of it instead of each building it again.
        with few_collections():
            _start(job)
            yield _score_one(entries[0])
        entries = entries[1:]
    with _Spooled(job) as spooled, _pool(jobs, None if fork else spooled.job) as pool:
        yield from map(spooled.back, pool.imap(_score_one, entries, chunksize=chunk))


def _worker(job: Job | None) -> None:
    """A worker process starts: Ctrl-C is the main process's to handle; a spawned worker builds its catalog."""
    from civcheck.interrupt import worker_ignores

    worker_ignores()
    if job is not None:
        _start(job)


@contextmanager
def _pool(jobs: int, job: Job | None) -> Iterator[Any]:
    """*jobs* worker processes (forked, or spawned and given *job*), ended whatever happens.

    The pool starts with Ctrl-C held back (civcheck/interrupt.py): its threads
    never take the signal, its workers ignore it, and one pressed meanwhile
    arrives once the pool's end is assured.
    """
    import multiprocessing

    from civcheck.interrupt import held

    context = multiprocessing.get_context("fork" if job is None else None)
    with ExitStack() as stack:
        with held():
            pool = context.Pool(jobs, initializer=_worker, initargs=(job,))
            stack.callback(_end, pool)
        yield pool


def _end(pool: Any) -> None:
    """End the workers and wait for them; a Ctrl-C pressed meanwhile is taken once they are gone."""
    from civcheck.interrupt import held

    with held():
        pool.terminate()


class _Spooled:
    """A run's JSON lines written by its workers to spool files, read back here in file order.

    Sending 20 KB of JSON per file through the pool's pipes cost the main
    process more than writing it: the workers append their lines to files of
    their own, and only where each line lies travels back.  The folder is the
    run's, private, and removed when the run ends, whatever happens.
    """

    def __init__(self, job: Job) -> None:
        self.job = job
        self.folder: Any = None
        self.files: dict[str, int] = {}

    def __enter__(self) -> _Spooled:
        if self.job.want_json:
            import tempfile

            from civcheck.interrupt import held

            with held():  # the folder and the note of it, together: a Ctrl-C cannot leave it behind
                self.folder = tempfile.TemporaryDirectory(prefix="civcheck-")
            self.job = replace(self.job, spool=self.folder.name)
            _WORKER["job"] = self.job  # forked workers inherit it
        return self

    def back(self, outcome: Outcome) -> Outcome:
        if outcome.json_at is not None:
            path, offset, length = outcome.json_at
            fd = self.files.get(path)
            if fd is None:
                fd = self.files[path] = os.open(path, os.O_RDONLY)
            outcome.json = os.pread(fd, length, offset)
            outcome.json_at = None
        return outcome

    def __exit__(self, *exc: object) -> None:
        from civcheck.interrupt import held

        with held():  # removed whole, whatever is pressed meanwhile
            for fd in self.files.values():
                os.close(fd)
            if self.folder is not None:
                self.folder.cleanup()
