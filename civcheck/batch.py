"""Scoring many answers files: files and folders in, results and problems out.

A bad file never stops the batch: its problems are collected and every
other file is still scored (the CLI exits 2 at the end).  Results come back
sorted by file path, so the order of arguments changes nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from civcheck.catalog import Catalog, iter_files
from civcheck.errors import InputError, Problem
from civcheck.scoring import Result, score

NOT_ANSWERS = ("civcheck.checklist/1", "civcheck.sites/1")


@dataclass
class Batch:
    results: list[Result] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def discover(paths: Iterable[str | Path]) -> tuple[list[tuple[Path, bool]], list[Problem]]:
    """Answers-file candidates as (path, named explicitly), sorted and unique."""
    found: dict[str, tuple[Path, bool]] = {}
    problems = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in iter_files(path):
                found.setdefault(str(file), (file, False))
        elif path.exists():
            found[str(path)] = (path, True)
        else:
            problems.append(Problem(str(path), 1, 1, "io.not_found"))
    return [found[key] for key in sorted(found)], problems


def score_file(path: Path, catalog: Catalog, explicit: bool = True) -> Result | None:
    """Score one answers file; ``None`` for a checklist or roster met in a folder."""
    from civcheck.load import answers_from_data, bind_answers, checklist_for, parse_document, peek_format, read_text

    name = str(path)
    text = read_text(path)
    data = parse_document(text, name)
    if not explicit and peek_format(data) in NOT_ANSWERS:
        return None
    raw = answers_from_data(data, name, text)
    checklist = checklist_for(raw, catalog)
    return score(checklist, bind_answers(raw, checklist))


def iter_scores(files: Iterable[tuple[Path, bool]], catalog: Catalog) -> Iterator[Result | list[Problem] | None]:
    """Score each file in turn: a result, the file's problems, or None (skipped)."""
    for path, explicit in files:
        try:
            yield score_file(path, catalog, explicit)
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


def score_paths(paths: Iterable[str | Path], catalog: Catalog) -> Batch:
    """Score every answers file below *paths*."""
    with few_collections():
        return _score_paths(paths, catalog)


def _score_paths(paths: Iterable[str | Path], catalog: Catalog) -> Batch:
    batch = Batch()
    files, missing = discover(paths)
    for (path, _), outcome in zip(files, iter_scores(files, catalog), strict=True):
        if outcome is None:
            batch.skipped.append(str(path))
        elif isinstance(outcome, list):
            batch.problems.extend(outcome)
        else:
            batch.results.append(outcome)
    # Checklist problems met while scoring (a broken checklist an answers file needs) come first.
    batch.problems = list(catalog.problems) + missing + batch.problems
    return batch
