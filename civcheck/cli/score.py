"""``civcheck score PATH...``: score answers files and folders; the ranked bulletin (通报)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, choose, context, emit, err, fail, run


def score(
    paths: list[Path] = typer.Argument(..., help="Answers files, or folders searched recursively.", show_default=False),
    fmt: str = typer.Option("table", "--format", "-f", help="table | json | csv | md | xlsx | html"),
    output: options.OptPath = options.Output,
    round_: Optional[str] = typer.Option(None, "--round", help="Only answers of this round (e.g. 2026-08)."),
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

        from civcheck.batch import Job, discover, scan
        from civcheck.bulletin import GROUP_BYS, Bulletin, GapRow, Row, coverage
        from civcheck.catalog import Catalog
        from civcheck.i18n import t
        from civcheck.load import load_sites
        from civcheck.progress import Progress
        from civcheck.render import BINARY_FORMATS, SCORE_FORMATS, bulletin_renderers
        from civcheck.render.json_ import Stream

        choose(fmt, SCORE_FORMATS)
        if fmt in BINARY_FORMATS and output is None:
            fail("usage.needs_output", format=fmt)
        for by in group_by or []:
            choose(by, GROUP_BYS, option="--group-by")
        if jobs is not None and jobs < 1:
            fail("usage.jobs")
        if fail_under is not None and not 0 <= fail_under <= 100:
            fail("usage.fail_under")
        sites = load_sites(roster) if roster is not None else []
        files, problems = discover(paths)
        catalog = Catalog.discover(list(checklists or []))
        problems = catalog.setup_problems() + problems
        if not files and not problems:
            fail("usage.no_files")
        dirs = tuple(str(d) for d in checklists or [])
        job = Job(
            checklist_dirs=dirs,
            lang=lang,
            round=round_,
            roster=tuple(sites),
            want_json=fmt == "json",
            want_gaps=fmt in ("xlsx", "html"),
        )
        workers = jobs or os.cpu_count() or 1
        rows: list[Row] = []
        gaps: list[GapRow] | None = [] if job.want_gaps else None
        skipped = 0
        seen: set[tuple[str, int, int, str]] = set()
        stream = Stream() if fmt == "json" else None
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
                if gaps is not None:
                    gaps.extend(outcome.gaps)
                if sink and stream and outcome.json is not None:
                    sink.write(stream.item(outcome.json))
            progress.close()
            missing = []
            if sites:
                missing = coverage(sites, [(c.id, c.site_types) for c in catalog.checklists], rows)
            names = {site.id: site.name for site in sites}
            bulletin = Bulletin(rows, problems, group_by or [], missing, gaps, skipped, round_, names)
            if sink and stream:
                sink.write(stream.end(bulletin, lang))
                sink.close()
                sink = None
            else:
                ctx = context(lang, fmt, output, table_format, bom=not no_bom)
                rendered = bulletin_renderers()[fmt](bulletin, ctx)
                emit(rendered, output, console=fmt == "table")  # type: ignore[arg-type]
        finally:
            progress.close()
            if sink is not None:
                sink.abort()
        from civcheck.cli._shell import report_problems

        report_problems(bulletin.problems, lang)
        vetoed = sum(r.vetoed for r in rows)
        passed = sum(r.passed for r in rows)
        err(t("r.summary", lang, files=len(rows), passed=passed, failed=len(rows) - passed - vetoed, vetoed=vetoed,
              errors=len({p.path for p in bulletin.problems})))  # fmt: skip
        if bulletin.problems:
            return EXIT_INPUT
        if fail_under is not None and any(_under(r.rounded, r.vetoed, fail_under) for r in rows):
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


def _under(rounded: object, vetoed: bool, threshold: float) -> bool:
    from decimal import Decimal

    return vetoed or rounded is None or Decimal(str(rounded)) < Decimal(str(threshold))
