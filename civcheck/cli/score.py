"""``civcheck score PATH...``: score answers files and folders; the ranked bulletin (通报)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_OK,
    approvals_in_play,
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
from civcheck.cli.helptext import zh_en

if TYPE_CHECKING:
    from civcheck.bulletin import Bulletin
    from civcheck.render.json_ import Stream


def _table_formats() -> list[str]:
    from tabulate import tabulate_formats

    return list(tabulate_formats)


def score(
    paths: list[Path] = typer.Argument(
        ...,
        help=zh_en("答卷文件，或递归查找其中答卷的文件夹。", "Answers files, or folders searched recursively."),
        show_default=False,
    ),
    fmt: str = options.Format("bulletin"),
    output: options.OptPath = options.Output,
    round_: Optional[str] = typer.Option(
        None,
        "--round",
        help=zh_en(
            "要排名的轮次，如 2026-08（默认：最近一轮；all：各轮分别排名）。",
            "The round to rank, e.g. 2026-08 (default: the latest; all: each round apart).",
        ),
    ),
    roster: Optional[Path] = typer.Option(
        None,
        "--sites",
        metavar="FILE",
        help=zh_en(
            "点位名册（YAML 或 CSV）：补上乡镇和网格，列出应自查而未自查的点位。",
            "A sites roster (YAML or CSV): fills township and grid, lists missing assessments.",
        ),
    ),
    group_by: Optional[list[str]] = typer.Option(
        None,
        "--group-by",
        metavar="BY",
        help=zh_en("按乡镇、网格或检查表汇总。", "Roll-ups by township, grid or checklist."),
        autocompletion=lambda: ["township", "grid", "checklist"],
    ),
    fail_under: Optional[float] = typer.Option(
        None,
        "--fail-under",
        metavar="N",
        help=zh_en("有点位低于 N 分或被一票否决时退出码为 1。", "Exit 1 when a site scores under N or is vetoed."),
        show_default=False,
    ),
    jobs: Optional[int] = options.Jobs,
    table_format: Optional[str] = typer.Option(
        None,
        "--table-format",
        metavar="STYLE",
        help=zh_en(
            "输出不是终端时表格的 tabulate 样式（如 github、grid）。",
            "tabulate style for piped tables (e.g. github, grid).",
        ),
        show_default=False,
        autocompletion=_table_formats,
    ),
    previous_round: Optional[str] = typer.Option(
        None,
        "--previous-round",
        help=zh_en(
            "上轮得分和变化与哪一轮比较（默认：前一轮；none：不比较）。",
            "The round 上轮得分/变化 compare with (default: the round before; none: no).",
        ),
        show_default=False,
    ),
    red_black: Optional[int] = typer.Option(
        None,
        "--red-black",
        metavar="N",
        help=zh_en(
            "红黑榜：前 N 名和后 N 名（一票否决的点位总在黑榜）。",
            "红黑榜: the N best and N worst (vetoed sites always black).",
        ),
        show_default=False,
    ),
    issuer: Optional[str] = typer.Option(
        None, "--issuer", help=zh_en("发文单位。", "发文单位: the office issuing the bulletin.")
    ),
    title: Optional[str] = typer.Option(
        None, "--title", help=zh_en("通报标题（默认：创建工作通报）。", "The bulletin's title (default 创建工作通报).")
    ),
    doc_no: Optional[str] = typer.Option(
        None, "--doc-no", help=zh_en("文号，如 城郊创建办〔2026〕8号。", "文号, e.g. 城郊创建办〔2026〕8号.")
    ),
    date: Optional[str] = typer.Option(
        None,
        "--date",
        metavar="YYYY-MM-DD",
        help=zh_en(
            "成文日期（默认：本轮最后的检查日期）。",
            "成文日期, the date of the notice (default: the round's last inspection date).",
        ),
        show_default=False,
    ),
    config: Optional[Path] = typer.Option(
        None,
        "--config",
        metavar="FILE",
        help=zh_en(
            "设置文件（默认：当前文件夹中的 civcheck.yaml，如有）。",
            "Settings file (default: civcheck.yaml in the working folder, if any).",
        ),
        show_default=False,
    ),
    approvals: options.OptPath = options.ApprovalsFile,
    strict_na: bool = options.StrictNa,
    no_bom: bool = options.NoBom,
    no_progress: bool = options.NoProgress,
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Score answers files and publish the ranked bulletin (通报)."""

    def body(lang: str) -> int:
        import sys

        from civcheck.api import PREVIOUS_AUTO, build_bulletin
        from civcheck.bulletin import Publication
        from civcheck.formats.config import BulletinSettings, find_config, load_config
        from civcheck.formats.sites import load_sites
        from civcheck.i18n import t
        from civcheck.progress import ProgressLine
        from civcheck.render.common import site_label, summary, veto_or_score
        from civcheck.render.json_ import stream_for

        renderer = pick("bulletin", fmt, output)
        if table_format is not None:
            from tabulate import tabulate_formats

            choose(table_format, tabulate_formats, option="--table-format")
        if jobs is not None and jobs < 1:
            fail("usage.jobs")
        if fail_under is not None and not 0 <= fail_under <= 100:
            fail("usage.fail_under")
        found = find_config(config)
        settings = load_config(found) if found is not None else BulletinSettings()
        publication = Publication(
            issuer=issuer if issuer is not None else settings.issuer,
            title=title if title is not None else settings.title,
            doc_no=doc_no if doc_no is not None else settings.doc_no,
            date=date_option(date, "--date") if date is not None else settings.date,
        )
        size = red_black if red_black is not None else settings.red_black or 0
        previous = None if previous_round in ("none", "") else previous_round or PREVIOUS_AUTO
        sites = load_sites(roster) if roster is not None else []
        approved = approvals_in_play(approvals, strict_na, lang)
        stream = stream_for(renderer.name) if "stream" in renderer.needs else None
        sink = _Sink(output) if stream else None
        progress = ProgressLine(lang, enabled=not no_progress)
        try:
            if sink and stream:
                sink.write(stream.begin())
            bulletin = build_bulletin(
                paths,
                round=round_,
                previous_round=previous,
                sites=sites,
                group_by=group_by or [],
                checklists=checklists or [],
                jobs=jobs,
                lang=lang,
                with_gaps="gaps" in renderer.needs and stream is None,
                with_sections="sections" in renderer.needs,
                with_json=stream is not None,
                publication=publication,
                red_black=size,
                approvals=approved,
                strict_na=strict_na,
                on_json=_streamer(sink, stream),
                on_note=note,
                on_file=progress,
                on_phase=progress.phase,
            )
            progress.close()
            if sink and stream:
                if output is not None:
                    progress.phase("write", format=renderer.name)
                sink.write(stream.end(bulletin, lang))
                sink.close()
                sink = None
            else:
                emit_as(renderer, bulletin, lang, output, table_format, bom=not no_bom, progress=progress)
        finally:
            progress.close()
            if sink is not None:
                sink.abort()
        rows = bulletin.rows
        if "head" in renderer.needs:  # the notice is dated: say on what, when no one chose the date
            _say_date(bulletin, lang)
        report_problems(bulletin.problems, lang)
        report_problems(bulletin.warnings, lang)  # the roster overruled, an approval expired: said, not failed
        on_screen = output is None and renderer.terminal and sys.stdout.isatty()
        errors = len({p.path for p in bulletin.problems})
        if not on_screen:  # the summary goes with the messages; the output is data
            err(summary(bulletin, lang) + (t("r.errors", lang, n=errors) if errors else ""))
        elif errors:  # a table on the terminal already leads with the summary: only what it cannot say
            err(t("r.errors_only", lang, n=errors))
        if bulletin.problems:
            return EXIT_INPUT
        if fail_under is not None:
            if not rows:
                err(t("batch.nothing_gated", lang))
                return EXIT_FINDINGS
            under = [r for _, r in bulletin.ranked if _under(r.rounded, r.vetoed, fail_under)]
            for r in under:
                err(t("batch.under", lang, mark=f"{fail_under:g}", site=site_label(r.site, r.site_name),
                      checklist=r.checklist, score=veto_or_score(r, lang)))  # fmt: skip
            if under:
                return EXIT_FINDINGS
        return EXIT_OK

    run(lang, body)


def _say_date(bulletin: Bulletin, lang: str) -> None:
    """成文日期取本轮最后检查日期 2026-08-14；可用 --date 指定 — or that no file had a date, so it is today."""
    from civcheck.i18n import t

    pub = bulletin.publication
    if pub.dated == "given" or pub.date is None:
        return
    key = "pub.dated_today" if pub.dated == "today" else "pub.dated_rounds" if len(bulletin.rounds) > 1 else "pub.dated"
    note(t(key, lang, date=pub.date.isoformat()))


class _Sink:
    """Where a streamed bulletin goes: standard output, or a file that appears whole."""

    def __init__(self, output: Path | None) -> None:
        import sys

        from civcheck.atomic import AtomicFile

        self.file = AtomicFile(output) if output is not None else None
        self.stdout = getattr(sys.stdout, "buffer", None)

    def write(self, text: str | bytes) -> None:
        data = text.encode("utf-8") if isinstance(text, str) else text
        if self.file is not None:
            self.file.write(data)
        elif self.stdout is not None:
            self.stdout.write(data)
        else:  # pragma: no cover - a stdout without bytes (tests' CliRunner has one)
            import sys

            sys.stdout.write(data.decode("utf-8"))

    def close(self) -> None:
        if self.file is not None:
            self.file.commit()
        elif self.stdout is not None:
            self.stdout.flush()

    def abort(self) -> None:
        if self.file is not None:
            self.file.abort()


def _streamer(sink: _Sink | None, stream: Stream | None) -> Callable[[bytes], None] | None:
    """Each file's JSON document written out as soon as it is scored (the json format streams)."""
    if sink is None or stream is None:
        return None
    return lambda text: sink.write(stream.item(text))


def _under(rounded: object, vetoed: bool, threshold: float) -> bool:
    from decimal import Decimal

    return vetoed or rounded is None or Decimal(str(rounded)) < Decimal(str(threshold))
