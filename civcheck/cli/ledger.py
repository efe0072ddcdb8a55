"""``civcheck ledger`` (整改台账) and ``civcheck compare`` (rounds compared)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from civcheck.cli import options

if TYPE_CHECKING:
    import datetime as dt

from civcheck.cli._shell import EXIT_INPUT, EXIT_OK, choose, context, emit, fail, report_problems, run


def ledger(
    paths: list[Path] = typer.Argument(..., help="Answers files or folders of this round.", show_default=False),
    previous: Optional[Path] = typer.Option(
        None, "--previous", help="The last ledger (json, csv or xlsx, edited by hand or not) to carry forward."
    ),
    today: Optional[str] = typer.Option(None, "--today", help="Today's date for 逾期 (default: the real today)."),
    due_by: Optional[str] = typer.Option(
        None, "--due-by", help="A campaign deadline (倒排工期): no task is due later than this date."
    ),
    roster: Optional[Path] = typer.Option(None, "--sites", help="A sites roster: names, grids, default persons."),
    round_: Optional[str] = typer.Option(None, "--round", help="Only answers of this round."),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json | csv | xlsx | md"),
    output: options.OptPath = options.Output,
    no_bom: bool = typer.Option(False, "--no-bom", help="CSV without the UTF-8 BOM that Excel needs."),
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """The rectification ledger (整改台账), carried round to round.

    The rectification ledger (整改台账): one task per gap, carried from round to round (销号)."""

    def body(lang: str) -> int:
        from civcheck.batch import score_paths, unique_results
        from civcheck.catalog import Catalog
        from civcheck.ledger import Ledger, build
        from civcheck.load import load_ledger, load_sites
        from civcheck.render.ledger_out import LEDGER_FORMATS

        choose(fmt, LEDGER_FORMATS)
        if fmt == "xlsx" and output is None:
            fail("usage.needs_output", format=fmt)
        when = _date(today, "--today") or _today()
        deadline = _date(due_by, "--due-by")
        sites = {s.id: s for s in load_sites(roster)} if roster is not None else {}
        before = load_ledger(previous) if previous is not None else []
        batch = score_paths(paths, Catalog.discover(checklists or []))
        results = [r for r in batch.results if round_ is None or r.assessment.round == round_]
        results, twice = unique_results(results)
        batch.problems += twice
        entries, missing = build(results, lang, before, sites, deadline)
        book = Ledger(entries, missing, when)
        ctx = context(lang, fmt, output, bom=not no_bom)
        emit(LEDGER_FORMATS[fmt](book, ctx), output, console=fmt == "table")  # type: ignore[arg-type]
        report_problems(batch.problems, lang)
        return EXIT_INPUT if batch.problems else EXIT_OK

    run(lang, body)


def compare(
    old: Path = typer.Argument(..., help="The earlier round: an answers file or folder.", show_default=False),
    new: Path = typer.Argument(..., help="The later round: an answers file or folder.", show_default=False),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json | md"),
    output: options.OptPath = options.Output,
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Two rounds compared: gaps closed, persisting and new.

    Two rounds side by side: each site's old and new score, gaps closed, persisting and new."""

    def body(lang: str) -> int:
        from civcheck.batch import score_paths, unique_results
        from civcheck.catalog import Catalog
        from civcheck.ledger import compare as compare_rounds
        from civcheck.render.ledger_out import COMPARE_FORMATS

        choose(fmt, COMPARE_FORMATS)
        catalog = Catalog.discover(checklists or [])
        before = score_paths([old], catalog)
        after = score_paths([new], catalog)
        before.results, twice_before = unique_results(before.results)
        after.results, twice_after = unique_results(after.results)
        before.problems += twice_before
        after.problems += twice_after
        rows = compare_rounds(before.results, after.results)
        emit(COMPARE_FORMATS[fmt](rows, context(lang, fmt, output)), output, console=fmt == "table")
        problems = before.problems + after.problems
        report_problems(problems, lang)
        return EXIT_INPUT if problems else EXIT_OK

    run(lang, body)


def _today() -> dt.date:
    import datetime as dt

    return dt.date.today()


def _date(value: str | None, option: str) -> dt.date | None:
    import datetime as dt

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        fail("l.bad_date", value=f"{option} {value}")
