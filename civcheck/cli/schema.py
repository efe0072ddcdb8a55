"""``civcheck schema checklist|answers|sites|approvals``: the JSON Schema of a file kind."""

from __future__ import annotations

from typing import Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import EXIT_OK, emit, fail, run
from civcheck.cli.helptext import zh_en


def _kinds() -> list[str]:
    from civcheck.json_schema import KINDS

    return list(KINDS)


def schema(
    kind: str = typer.Argument(
        ...,
        metavar="checklist|answers|sites|approvals",
        help=zh_en("哪一类文件。", "Which kind of file."),
        autocompletion=_kinds,
    ),
    output: options.OptPath = options.Output,
    lang: Optional[str] = options.Lang,
) -> None:
    """The JSON Schema of a file kind (checklist, answers, …)."""

    def body(lang: str) -> int:
        from civcheck.json_schema import KINDS, text

        if kind not in KINDS:
            fail("schemas.kind", kind=kind, choices=", ".join(KINDS))
        emit(text(kind), output)
        return EXIT_OK

    run(lang, body)
