"""``civcheck ledger`` (整改台账, 交办单) and ``civcheck compare`` (rounds compared)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from civcheck.cli import options
from civcheck.cli.helptext import zh_en

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
    note,
    pick,
    report_problems,
    run,
)


def ledger(
    paths: list[Path] = typer.Argument(
        ..., help=zh_en("本轮的答卷文件或文件夹。", "Answers files or folders of this round."), show_default=False
    ),
    previous: Optional[Path] = typer.Option(
        None,
        "--previous",
        metavar="FILE",
        help=zh_en(
            "上一轮的台账（json、csv 或 xlsx，手工改过的也可以），接续下来。",
            "The last ledger (json, csv or xlsx, edited by hand or not) to carry forward.",
        ),
    ),
    today: Optional[str] = typer.Option(
        None,
        "--today",
        metavar="YYYY-MM-DD",
        help=zh_en(
            "逾期计算截至的日期，每种输出都写明（默认：运行当天）。",
            "The date overdue counts to, stated in every output (截至; default: the day of the run).",
        ),
    ),
    due_by: Optional[str] = typer.Option(
        None,
        "--due-by",
        metavar="YYYY-MM-DD",
        help=zh_en(
            "倒排工期：所有任务的整改时限都不晚于这一天。",
            "A campaign deadline (倒排工期): no task is due later than this date.",
        ),
    ),
    roster: Optional[Path] = typer.Option(
        None,
        "--sites",
        metavar="FILE",
        help=zh_en("点位名册：名称、网格、默认责任人。", "A sites roster: names, grids, default persons."),
    ),
    round_: Optional[str] = typer.Option(
        None, "--round", help=zh_en("只用这一轮的答卷。", "Only answers of this round.")
    ),
    by: Optional[str] = typer.Option(
        None,
        "--by",
        metavar="owner|person|grid",
        help=zh_en(
            "交办单：把未销号的任务按责任单位、责任人或网格分开（各占一个工作表或一节）。",
            "交办单: the open tasks cut per owner, person or grid (a sheet or section each).",
        ),
        autocompletion=lambda: ["owner", "person", "grid"],
    ),
    soon: Optional[int] = typer.Option(
        None,
        "--soon",
        metavar="N",
        help=zh_en("标出 N 天内到期的任务。", "Mark the tasks due within N days."),
        show_default=False,
    ),
    due_within: Optional[int] = typer.Option(
        None,
        "--due-within",
        metavar="N",
        help=zh_en(
            "督导：只列 N 天内到期或已逾期的未销号任务。", "Only open tasks due within N days, or overdue (督导)."
        ),
        show_default=False,
    ),
    fmt: str = options.Format("ledger"),
    output: options.OptPath = options.Output,
    no_bom: bool = options.NoBom,
    no_progress: bool = options.NoProgress,
    jobs: Optional[int] = options.Jobs,
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """The rectification ledger (整改台账), carried round to round."""

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
        for notice in _said(book.notices):
            err(f"{notice.where}: {t(notice.key, lang, **notice.args)}")
        for key, more in _unsaid(book.notices).items():  # each is marked in the ledger; the terminal is not flooded
            err(t(MANY[key], lang, n=more))
        _summary(book, lang)
        return EXIT_INPUT if built.problems else EXIT_OK

    run(lang, body)


MAX_ALIKE = 20  # possible-duplicate groups (or rows restored) named on stderr; the rest are counted
# Notices that may come by the hundred, and what says how many more there are: each group is marked in the
# 疑似重复 column; each restored row's 处理记录 says it was deleted.
MANY = {"ledger.possible_duplicate": "ledger.more_alike", "ledger.row_deleted": "ledger.more_deleted"}


def _said(notices: list[Any]) -> list[Any]:
    """The notices printed, in order: no more than :data:`MAX_ALIKE` of each kind in :data:`MANY`."""
    seen: dict[str, int] = {}
    out = []
    for notice in notices:
        if notice.key in MANY:
            seen[notice.key] = seen.get(notice.key, 0) + 1
            if seen[notice.key] > MAX_ALIKE:
                continue
        out.append(notice)
    return out


def _unsaid(notices: list[Any]) -> dict[str, int]:
    """How many of each kind in :data:`MANY` went unprinted."""
    counted = {key: sum(n.key == key for n in notices) - MAX_ALIKE for key in MANY}
    return {key: more for key, more in counted.items() if more > 0}


def _summary(book: Any, lang: str) -> None:
    from civcheck.i18n import t
    from civcheck.ledger import STATUSES, counts

    by_status, _ = counts(book)
    parts = [t("l.s_" + k, lang, n=by_status[k]) for k in STATUSES if by_status[k]]
    late = [t("l.s_" + k, lang, n=by_status[k]) for k in ("overdue", "reopened") if by_status[k]]
    sep = "，" if lang == "zh" else ", "
    said = {"parts": sep.join(parts) or "-", "late": sep.join(late) or "-"}
    note(t("l.summary", lang, n=len(book.entries), date=book.today.isoformat(), **said))


def _check_jobs(jobs: int | None) -> None:
    if jobs is not None and jobs < 1:
        fail("usage.jobs")


def compare(
    old: Path = typer.Argument(
        ...,
        help=zh_en("较早的一轮：答卷文件或文件夹。", "The earlier round: an answers file or folder."),
        show_default=False,
    ),
    new: Path = typer.Argument(
        ...,
        help=zh_en("较晚的一轮：答卷文件或文件夹。", "The later round: an answers file or folder."),
        show_default=False,
    ),
    fmt: str = options.Format("compare"),
    output: options.OptPath = options.Output,
    no_bom: bool = options.NoBom,
    no_progress: bool = options.NoProgress,
    jobs: Optional[int] = options.Jobs,
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Two rounds compared: gaps closed, persisting and new."""

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
