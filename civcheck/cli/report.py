"""``civcheck report FILE``: the scored gap report for one site."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import EXIT_OK, approvals_in_play, emit_as, err, pick, report_problems, run
from civcheck.cli.helptext import zh_en

if TYPE_CHECKING:
    from civcheck.errors import Problem


def report(
    file: Path = typer.Argument(..., help=zh_en("一份答卷。", "One answers file."), show_default=False),
    fmt: str = options.Format("report"),
    output: options.OptPath = options.Output,
    embed_photos: bool = typer.Option(
        False,
        "--embed-photos",
        help=zh_en(
            "html：把照片缩小后放进网页（否则只链接）。", "html: the photos inside the page, shrunk (else linked)."
        ),
    ),
    approvals: options.OptPath = options.ApprovalsFile,
    strict_na: bool = options.StrictNa,
    no_bom: bool = options.NoBom,
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """One site's gap report: sections and ranked gaps."""

    def body(lang: str) -> int:
        from civcheck.api import score_file

        renderer = pick("report", fmt, output)
        warnings: list[Problem] = []
        approved = approvals_in_play(approvals, strict_na, lang)
        result = score_file(file, checklists or [], approved, strict_na, warnings)
        report_problems(warnings, lang)  # an expired approval: said, not failed
        if "photos" not in renderer.needs:
            emit_as(renderer, result, lang, output, bom=not no_bom)
            return EXIT_OK
        from civcheck.i18n import t
        from civcheck.photos import gather
        from civcheck.render.publication import evidence_of
        from civcheck.render.report_html import ReportPage

        assert output is not None  # a binary format: pick() made sure
        evidence = dict(evidence_of(result))
        photos = gather(evidence, result.assessment.path, output.parent, embed_photos)
        emit_as(renderer, ReportPage(result, photos), lang, output, bom=not no_bom)
        for item, paths in evidence.items():
            for path in paths:
                photo = photos[path]
                if photo.problem:
                    why = t(photo.problem, lang, **photo.args)
                    err(t("photo.warning", lang, file=result.assessment.path, item=item, photo=path, why=why))
        return EXIT_OK

    run(lang, body)
