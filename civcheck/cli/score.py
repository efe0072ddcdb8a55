"""``civcheck score PATH...``: score answers files and folders; the ranked bulletin (通报)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, choose, emit_as, err, fail, pick, run
from civcheck.render import formats_help


def score(
    paths: list[Path] = typer.Argument(..., help="Answers files, or folders searched recursively.", show_default=False),
    fmt: str = typer.Option("table", "--format", "-f", help=formats_help("bulletin")),
    output: options.OptPath = options.Output,
    round_: Optional[str] = typer.Option(
        None, "--round", help="The round to rank (e.g. 2026-08); default the latest; all: each round apart."
    ),
    roster: Optional[Path] = typer.Option(
        None, "--sites", help="A sites roster (YAML or CSV): fills township and grid, lists missing assessments."
    ),
    group_by: Optional[list[str]] = typer.Option(
        None, "--group-by", help="Roll-ups by township | grid | checklist (repeatable)."
    ),
    fail_under: Optional[float] = typer.Option(
        None, "--fail-under", help="Exit 1 when a site scores under N or is vetoed.", show_default=False
    ),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="Processes to score with (default: all cores)."),
    table_format: Optional[str] = typer.Option(
        None, "--table-format", help="tabulate style for piped tables (e.g. github, grid).", show_default=False
    ),
    no_bom: bool = typer.Option(False, "--no-bom", help="CSV without the UTF-8 BOM that Excel needs."),
    no_progress: bool = typer.Option(False, "--no-progress", help="No progress line on stderr."),
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Score answers files and publish the ranked bulletin (通报).

    Score answers files (one result per file) and publish the ranked bulletin (通报)."""

    def body(lang: str) -> int:
        import sys

        from civcheck.batch import Job, discover, duplicates, scan, survey
        from civcheck.bulletin import GROUP_BYS, Bulletin, coverage
        from civcheck.catalog import Catalog
        from civcheck.formats.sites import load_sites
        from civcheck.i18n import t
        from civcheck.progress import Progress
        from civcheck.render.common import site_label, veto_or_score
        from civcheck.render.json_ import Stream
        from civcheck.views import ResultView

        renderer = pick("bulletin", fmt, output)
        if table_format is not None:
            from tabulate import tabulate_formats

            choose(table_format, tabulate_formats, option="--table-format")
        for by in group_by or []:
            choose(by, GROUP_BYS, option="--group-by")
        if jobs is not None and jobs < 1:
            fail("usage.jobs")
        if fail_under is not None and not 0 <= fail_under <= 100:
            fail("usage.fail_under")
        sites = load_sites(roster) if roster is not None else []
        found, problems = discover(paths)
        catalog = Catalog.discover(list(checklists or []))
        problems = catalog.setup_problems() + problems
        if not found and not problems:
            fail("usage.no_files")
        files, chosen, rounds = _choose_round(survey(found), round_, lang)
        dirs = tuple(str(d) for d in checklists or [])
        job = Job(
            checklist_dirs=dirs,
            lang=lang,
            round=chosen,
            roster=tuple(sites),
            want_json="stream" in renderer.needs,
            want_gaps="gaps" in renderer.needs and "stream" not in renderer.needs,
        )
        workers = jobs or os.cpu_count() or 1
        rows: list[ResultView] = []
        skipped = 0
        seen: set[tuple[str, int, int, str]] = {(p.path, p.line, p.column, p.key) for p in problems}
        stream = Stream() if "stream" in renderer.needs else None
        sink = _Sink(output) if stream else None
        progress = Progress(len(files), lang, enabled=not no_progress and sys.stderr.isatty() and len(files) >= 20)
        try:
            if sink and stream:
                sink.write(stream.begin())
            for outcome in scan(files, job, workers):
                progress.advance()
                for problem in outcome.problems:
                    key = (problem.path, problem.line, problem.column, problem.key)
                    if key not in seen:
                        seen.add(key)
                        problems.append(problem)
                if outcome.skipped:
                    skipped += 1
                if outcome.row is None:
                    continue
                rows.append(outcome.row)
                if sink and stream and outcome.json is not None:
                    sink.write(stream.item(outcome.json))
            progress.close()
            twice = duplicates((r.file, (r.site, r.checklist, r.round)) for r in rows)
            if twice:
                problems += twice
                dropped = {p.path for p in twice}
                rows = [r for r in rows if r.file not in dropped]
            if round_ is not None and round_ != ALL_ROUNDS and not rows and not problems:
                fail("batch.no_round", round=round_, rounds=_names(rounds, lang))
            missing = []
            if sites:
                missing = coverage(sites, [(c.id, c.site_types) for c in catalog.checklists], rows)
            names = {site.id: site.name for site in sites}
            bulletin = Bulletin(rows, problems, group_by or [], missing, job.want_gaps, skipped, chosen, names)
            if sink and stream:
                sink.write(stream.end(bulletin, lang))
                sink.close()
                sink = None
            else:
                emit_as(renderer, bulletin, lang, output, table_format, bom=not no_bom)
        finally:
            progress.close()
            if sink is not None:
                sink.abort()
        from civcheck.cli._shell import report_problems
        from civcheck.render.common import summary

        report_problems(bulletin.problems, lang)
        on_screen = output is None and renderer.terminal and sys.stdout.isatty()
        if not on_screen or bulletin.problems:  # a table on the terminal already leads with the summary
            errors = len({p.path for p in bulletin.problems})
            err(summary(bulletin, lang) + (t("r.errors", lang, n=errors) if errors else ""))
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


class _Sink:
    """Where a streamed bulletin goes: standard output, or a file that appears whole."""

    def __init__(self, output: Path | None) -> None:
        import sys

        from civcheck.atomic import AtomicFile

        self.file = AtomicFile(output) if output is not None else None
        self.stdout = getattr(sys.stdout, "buffer", None)

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        if self.file is not None:
            self.file.write(data)
        elif self.stdout is not None:
            self.stdout.write(data)
        else:  # pragma: no cover - a stdout without bytes (tests' CliRunner has one)
            import sys

            sys.stdout.write(text)

    def close(self) -> None:
        if self.file is not None:
            self.file.commit()
        elif self.stdout is not None:
            self.stdout.flush()

    def abort(self) -> None:
        if self.file is not None:
            self.file.abort()


ALL_ROUNDS = "all"


def _names(rounds: list[str], lang: str) -> str:
    from civcheck.i18n import t

    return "、".join(r or t("batch.unnamed_round", lang) for r in rounds) or "-"


def _choose_round(
    surveyed: list[tuple[Path, bool, str | None]], wanted: str | None, lang: str
) -> tuple[list[tuple[Path, bool]], str | None, list[str]]:
    """The files to score and the round to rank.

    Sites are ranked within one round: with no ``--round``, the latest round
    found (and a note on stderr naming the others); ``--round all`` ranks every
    round apart.  A file whose round could not be read from its text is
    scored anyway, and its parsed round decides.
    """
    from civcheck.bulletin import natural_key
    from civcheck.cli._shell import err
    from civcheck.i18n import t

    rounds = sorted({r for _, _, r in surveyed if r}, key=natural_key)
    if wanted == ALL_ROUNDS:
        chosen = None
    elif wanted is not None:
        if wanted not in rounds and all(r for _, _, r in surveyed):
            fail("batch.no_round", round=wanted, rounds=_names(rounds, lang))
        chosen = wanted
    else:
        chosen = rounds[-1] if rounds else None
        if len(rounds) > 1:
            err(t("batch.rounds", lang, n=len(rounds), rounds=_names(rounds, lang), latest=_names(rounds[-1:], lang)))
    # a file of another named round is that round's; one whose round is unknown or unnamed is read and judged
    files = [(path, explicit) for path, explicit, r in surveyed if chosen is None or not r or r == chosen]
    return files, chosen, rounds


def _under(rounded: object, vetoed: bool, threshold: float) -> bool:
    from decimal import Decimal

    return vetoed or rounded is None or Decimal(str(rounded)) < Decimal(str(threshold))
