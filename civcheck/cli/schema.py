"""``civcheck schema checklist|answers|sites|approvals``: the JSON Schema of a file kind."""

from __future__ import annotations

from typing import Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import EXIT_OK, emit, fail, run


def schema(
    kind: str = typer.Argument(..., metavar="checklist|answers|sites|approvals", help="Which kind of file."),
    output: options.OptPath = options.Output,
    lang: Optional[str] = options.Lang,
) -> None:
    """The JSON Schema of a file kind (checklist, answers, …).

    Print the JSON Schema (draft 2020-12) of a checklist, answers, sites or approvals file, for editors and tools."""

    def body(lang: str) -> int:
        from civcheck.json_schema import KINDS, text

        if kind not in KINDS:
            fail("schemas.kind", kind=kind, choices=", ".join(KINDS))
        emit(text(kind), output)
        return EXIT_OK

    run(lang, body)
