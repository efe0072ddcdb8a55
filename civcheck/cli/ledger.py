"""``civcheck ledger`` (整改台账, 交办单) and ``civcheck compare`` (rounds compared)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from civcheck.cli import options
from civcheck.render import formats_help

if TYPE_CHECKING:
    import datetime as dt

from civcheck.cli._shell import (
    EXIT_INPUT,
    EXIT_OK,
    choose,
    date_option,
    emit_as,
    err,
    fail,
    pick,
    report_problems,
    run,
)


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
    by: Optional[str] = typer.Option(
        None, "--by", help="交办单: the open tasks cut per owner | person | grid (a sheet or section each)."
    ),
    soon: Optional[int] = typer.Option(None, "--soon", help="Mark the tasks due within N days.", show_default=False),
    due_within: Optional[int] = typer.Option(
        None, "--due-within", help="Only open tasks due within N days, or overdue (督导).", show_default=False
    ),
    fmt: str = typer.Option("table", "--format", "-f", help=formats_help("ledger")),
    output: options.OptPath = options.Output,
    no_bom: bool = options.NoBom,
    no_progress: bool = options.NoProgress,
    jobs: Optional[int] = options.Jobs,
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """The rectification ledger (整改台账), carried round to round.

    The rectification ledger (整改台账): one task per gap, carried from round to round (销号); --by owner cuts
    it into 交办单."""

    def body(lang: str) -> int:
        from civcheck.api import build_ledger
        from civcheck.formats.sites import load_sites
        from civcheck.i18n import t
        from civcheck.ledger import BY
        from civcheck.progress import ProgressLine
        from civcheck.render.ledger_rows import LedgerPage, View

        renderer = pick("ledger", fmt, output)
        if by is not None:
            choose(by, BY, option="--by")
        for option, value in (("--soon", soon), ("--due-within", due_within)):
            if value is not None and not 0 <= value <= 3650:
                fail("usage.days", option=option)
        _check_jobs(jobs)
        when = date_option(today, "--today") or _today()
        deadline = date_option(due_by, "--due-by")
        sites = load_sites(roster) if roster is not None else []
        progress = ProgressLine(lang, enabled=not no_progress)
        try:
            built = build_ledger(paths, previous=previous, sites=sites, round=round_, due_by=deadline, today=when,
                                 checklists=checklists or [], jobs=jobs, lang=lang,
                                 on_file=progress if progress.enabled else None, on_phase=progress.phase)  # fmt: skip
            book = built.ledger
            view = View(by=by, soon=soon, due_within=due_within)
            emit_as(renderer, LedgerPage(book, view), lang, output, bom=not no_bom, progress=progress)
        finally:
            progress.close()
        report_problems(built.problems, lang)
        report_problems(built.warnings, lang)
        alike = [n for n in book.notices if n.key == "ledger.possible_duplicate"]
        for notice in [n for n in book.notices if n.key != "ledger.possible_duplicate"] + alike[:MAX_ALIKE]:
            err(f"{notice.where}: {t(notice.key, lang, **notice.args)}")
        if len(alike) > MAX_ALIKE:  # every group is marked in the 疑似重复 column; the terminal is not flooded
            err(t("ledger.more_alike", lang, n=len(alike) - MAX_ALIKE))
        _summary(book, lang)
        return EXIT_INPUT if built.problems else EXIT_OK

    run(lang, body)


MAX_ALIKE = 20  # possible-duplicate groups named on stderr; the rest are counted


def _summary(book: Any, lang: str) -> None:
    from civcheck.i18n import t
    from civcheck.ledger import counts

    by_status, _ = counts(book)
    parts = [t("l.s_" + k, lang, n=by_status[k]) for k in ("open", "assigned", "rectifying", "rectified", "closed")
             if by_status[k]]  # fmt: skip
    late = [t("l.s_" + k, lang, n=by_status[k]) for k in ("overdue", "reopened") if by_status[k]]
    sep = "，" if lang == "zh" else ", "
    err(t("l.summary", lang, n=len(book.entries), parts=sep.join(parts) or "-", late=sep.join(late) or "-"))


def _check_jobs(jobs: int | None) -> None:
    if jobs is not None and jobs < 1:
        fail("usage.jobs")


def compare(
    old: Path = typer.Argument(..., help="The earlier round: an answers file or folder.", show_default=False),
    new: Path = typer.Argument(..., help="The later round: an answers file or folder.", show_default=False),
    fmt: str = typer.Option("table", "--format", "-f", help=formats_help("compare")),
    output: options.OptPath = options.Output,
    no_bom: bool = options.NoBom,
    no_progress: bool = options.NoProgress,
    jobs: Optional[int] = options.Jobs,
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Two rounds compared: gaps closed, persisting and new.

    Two rounds side by side: each site's old and new score and the change, gaps closed, persisting and new."""

    def body(lang: str) -> int:
        from civcheck.api import compare_rounds
        from civcheck.progress import ProgressLine

        renderer = pick("compare", fmt, output)
        _check_jobs(jobs)
        progress = ProgressLine(lang, enabled=not no_progress)
        try:
            rows, problems = compare_rounds(old, new, checklists=checklists or [], jobs=jobs, lang=lang,
                                            on_file=progress if progress.enabled else None,
                                            on_phase=progress.phase)  # fmt: skip
            emit_as(renderer, rows, lang, output, bom=not no_bom, progress=progress)
        finally:
            progress.close()
        report_problems(problems, lang)
        return EXIT_INPUT if problems else EXIT_OK

    run(lang, body)


def _today() -> dt.date:
    import datetime as dt

    return dt.date.today()
