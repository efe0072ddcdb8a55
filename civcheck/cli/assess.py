"""``civcheck assess CHECKLIST --site ID``: the item-by-item self-check at a terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, context, err, fail, run

if TYPE_CHECKING:
    from civcheck.catalog import Catalog
    from civcheck.model import Answer, Checklist, Site

EXIT_INTERRUPTED = 130


def assess(
    checklist_id: str = typer.Argument(..., metavar="CHECKLIST", help="The checklist id (see `civcheck checklists`)."),
    site_id: str = typer.Option(..., "--site", help="The site's id (e.g. xinglong)."),
    name: Optional[str] = typer.Option(None, "--name", help="The site's name (e.g. 兴隆村)."),
    site_type: Optional[str] = typer.Option(None, "--type", help="The site's type (e.g. village_ring)."),
    attrs: Optional[list[str]] = typer.Option(
        None, "--attr", help="A site attribute KEY=VALUE, e.g. has_waterway=true (repeatable)."
    ),
    roster: Optional[Path] = typer.Option(None, "--sites", help="A sites roster to take the site's details from."),
    round_: Optional[str] = typer.Option(None, "--round", help="The inspection round, e.g. 2026-07."),
    assessor: Optional[str] = typer.Option(None, "--assessor", help="Who inspects (检查人)."),
    out: Optional[Path] = typer.Option(None, "--out", help="The answers file (default: SITE--CHECKLIST.yaml)."),
    review: bool = typer.Option(False, "--review", help="Walk through the answered items to change them."),
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Self-check a site item by item (逐条逐项自查), resumable.

    Self-check a site item by item (逐条逐项自查); every answer is saved at once, and a rerun resumes."""

    def body(lang: str) -> int:
        import shutil

        from civcheck.answers_file import ChangedElsewhere
        from civcheck.api import catalog_of, start_or_resume
        from civcheck.assess import BadLine, Session
        from civcheck.i18n import t
        from civcheck.text import file_stem

        if not site_id.strip():
            fail("a.empty_site")
        catalog = catalog_of(checklists or [])
        target = out or Path(f"{file_stem(site_id)}--{file_stem(checklist_id)}.yaml")
        site = None if target.exists() else _site(catalog, checklist_id, site_id, name, site_type, roster)
        answers_file = start_or_resume(
            target,
            checklist_id,
            site or _bare(site_id),
            checklists=catalog,
            round=round_ or "",
            assessor=assessor or "",
            attributes=_attributes(attrs or []),
        )
        checklist, site = answers_file.checklist, answers_file.site
        answers = answers_file.answers
        save = answers_file.save
        if not target.exists():
            save(answers)
        reader = _Lines(lang)
        session = Session(
            checklist,
            site,
            answers,
            lang,
            ask=reader,
            say=_say,
            save=save,
            width=shutil.get_terminal_size((80, 24)).columns,
            strict=not reader.tty,
            confirm_vetoes=reader.tty,
        )
        resume = f"civcheck assess {checklist.id} --site {site.id} --out {target}"
        try:
            finished = session.run(review=review)
        except KeyboardInterrupt:
            _say("")
            err(t("a.interrupted", lang, path=target, command=resume))
            return EXIT_INTERRUPTED
        except ChangedElsewhere as changed:
            _say("")
            for item, theirs, ours in changed.items:
                err(t("a.changed_elsewhere", lang, path=target, item=item,
                      theirs=_words(checklist, theirs, lang), ours=_words(checklist, ours, lang)))  # fmt: skip
            return EXIT_INPUT
        except BadLine as bad:
            # a scripted run stops at the first line that is not an answer: nothing after it is applied
            _say("")
            err(t("a.stdin_line", lang, line=reader.line, message=bad.message))
            err(t("a.saved", lang, path=target))
            return EXIT_INPUT
        if not finished:
            _say("")
            _say(t("a.saved", lang, path=target))
            if session.remaining():
                _say(t("a.remaining", lang, n=session.remaining()))
            _say(t("a.resume", lang, command=resume))
            return EXIT_OK if reader.tty or not session.remaining() else EXIT_FINDINGS
        _say(t("a.saved", lang, path=target))
        _report(target, catalog, lang)
        return EXIT_OK

    run(lang, body)


class _Lines:
    """Lines from the clerk: the terminal's line editing, or standard input read strictly, line by line.

    Piped lines are counted, so that a bad one is reported as ``<stdin>:LINE``;
    the first may carry the BOM Notepad writes; each is decoded as UTF-8 (else
    the console's own encoding) and refused when it holds characters civcheck
    does not carry, never saved as something that cannot be read back.
    """

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.tty = sys.stdin.isatty()
        self.line = 0

    def __call__(self, prompt: str) -> str:
        from civcheck.assess import BadLine
        from civcheck.i18n import t
        from civcheck.interrupt import read_line
        from civcheck.text import describe, first_bad

        if self.tty:
            while True:
                self.line += 1
                text = read_line(prompt)  # input(), but a Ctrl-C right after the prompt is not left waiting
                bad = first_bad(text)
                if bad is None:
                    return text
                _say("  " + t("a.bad_char", self.lang, code=describe(text[bad])))
        sys.stdout.write(prompt)
        sys.stdout.flush()
        raw = sys.stdin.buffer.readline()
        if not raw:
            raise EOFError
        self.line += 1
        if self.line == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        decoded = _decode(raw)
        if decoded is None:
            raise BadLine(t("a.bad_bytes", self.lang))
        text = decoded.rstrip("\r\n")
        bad = first_bad(text)
        if bad is not None:
            raise BadLine(t("a.bad_char", self.lang, code=describe(text[bad])))
        sys.stdout.write(text + "\n")
        return text


def _decode(raw: bytes) -> str | None:
    import locale

    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = locale.getpreferredencoding(False)
    if encoding.lower().replace("-", "") in ("utf8", ""):
        return None
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _say(text: str) -> None:
    from civcheck.text import visible

    sys.stdout.write(visible(text) + "\n")
    sys.stdout.flush()


def _bare(site_id: str) -> Site:
    from civcheck.model import Site

    return Site(site_id)


def _words(checklist: Checklist, answer: Answer | None, lang: str) -> str:
    from civcheck.assess import describe
    from civcheck.i18n import t

    if answer is None:
        return t("a.w_none_recorded", lang)
    item = next(i for i in checklist.iter_items() if i.id == answer.item)
    return describe(item, answer, lang) + (f"（{answer.note}）" if answer.note else "")


def _site(
    catalog: Catalog, checklist_id: str, site_id: str, name: str | None, site_type: str | None, roster: Path | None
) -> Site:
    """A new self-check's site: from the roster when one is given, with --name and --type on top."""
    from civcheck.api import site_for
    from civcheck.formats.sites import load_sites

    listed = load_sites(roster) if roster is not None else None
    return site_for(catalog, checklist_id, site_id, roster=listed, roster_name=str(roster), name=name,
                    site_type=site_type)  # fmt: skip


def _attributes(specs: list[str]) -> dict[str, Any]:
    """--attr KEY=VALUE options as typed attributes."""
    from civcheck.formats.sites import attribute_value

    values: dict[str, Any] = {}
    for spec in specs:
        key, sep, raw = spec.partition("=")
        if not sep or not key.strip():
            fail("a.bad_attr", spec=spec)
        values[key.strip()] = attribute_value(raw)
    return values


def _report(target: Path, catalog: Catalog, lang: str) -> None:
    from civcheck.api import score_file
    from civcheck.cli._shell import emit
    from civcheck.render import renderers

    result = score_file(target, catalog)
    emit(renderers("report")["table"](result, context(lang, "table", None)), None, console=True)
