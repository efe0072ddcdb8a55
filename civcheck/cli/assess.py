"""``civcheck assess CHECKLIST --site ID``: the item-by-item self-check at a terminal."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from civcheck.cli import options
from civcheck.cli._shell import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, context, err, fail, run
from civcheck.cli.helptext import zh_en

if TYPE_CHECKING:
    from collections.abc import Callable

    from civcheck.answers_file import AnswersFile, Carried
    from civcheck.catalog import Catalog
    from civcheck.model import Answer, Checklist, Site


def assess(
    checklist_id: str = typer.Argument(
        ...,
        metavar="CHECKLIST",
        help=zh_en("检查表编号（见 civcheck checklists）。", "The checklist id (see civcheck checklists)."),
        autocompletion=options.checklist_ids,
    ),
    site_id: str = typer.Option(..., "--site", help=zh_en("点位编号，如 xinglong。", "The site's id (e.g. xinglong).")),
    name: Optional[str] = typer.Option(
        None, "--name", help=zh_en("点位名称，如 兴隆村。", "The site's name (e.g. 兴隆村).")
    ),
    site_type: Optional[str] = typer.Option(
        None, "--type", help=zh_en("点位类型，如 village_ring。", "The site's type (e.g. village_ring).")
    ),
    attrs: Optional[list[str]] = typer.Option(
        None,
        "--attr",
        metavar="KEY=VALUE",
        help=zh_en("点位属性，如 has_waterway=true。", "A site attribute, e.g. has_waterway=true."),
    ),
    roster: Optional[Path] = typer.Option(
        None,
        "--sites",
        metavar="FILE",
        help=zh_en("从点位名册中取点位的名称、类型和属性。", "A sites roster to take the site's details from."),
    ),
    round_: Optional[str] = typer.Option(
        None,
        "--round",
        help=zh_en(
            "检查轮次，如 2026-07（默认：续写的答卷所记，否则为本月）。",
            "The inspection round, e.g. 2026-07 (default: the resumed file's, else this month).",
        ),
    ),
    assessor: Optional[str] = typer.Option(None, "--assessor", help=zh_en("检查人。", "Who inspects (检查人).")),
    out: Optional[Path] = typer.Option(
        None,
        "--out",
        metavar="FILE",
        help=zh_en(
            "答卷文件（默认：点位--检查表--轮次.yaml）。", "The answers file (default: SITE--CHECKLIST--ROUND.yaml)."
        ),
    ),
    review: bool = typer.Option(
        False,
        "--review",
        help=zh_en("逐项查看已答的条目，以便修改。", "Walk through the answered items to change them."),
    ),
    from_: Optional[Path] = typer.Option(
        None,
        "--from",
        metavar="FILE",
        help=zh_en(
            "以上一轮的答卷为起点：上轮答案逐项显示，确认后才记入本轮。",
            "Start from last round's answers file: each answer is shown and kept only when confirmed.",
        ),
    ),
    checklists: options.PathList = options.Checklists,
    lang: Optional[str] = options.Lang,
) -> None:
    """Self-check a site item by item (逐条逐项自查), resumable."""

    def body(lang: str) -> int:
        import shutil

        from civcheck.answers_file import ChangedElsewhere, carry_from, this_month
        from civcheck.api import catalog_of, start_or_resume
        from civcheck.assess import BadLine, Session
        from civcheck.i18n import t
        from civcheck.interrupt import EXIT_INTERRUPTED
        from civcheck.render.layout import wrap
        from civcheck.text import file_stem

        if not site_id.strip():
            fail("a.empty_site")
        catalog = catalog_of(checklists or [])
        round_named = round_ or this_month()
        target = out or Path(f"{file_stem(site_id)}--{file_stem(checklist_id)}--{file_stem(round_named)}.yaml")
        if from_ is not None and from_.exists() and target.exists() and from_.resolve() == target.resolve():
            fail("a.from_is_out")
        carried = None
        if target.exists():
            answers_file = start_or_resume(target, checklist_id, site_id, checklists=catalog, round=round_,
                                           assessor=assessor or "", attributes=_attributes(attrs or []))  # fmt: skip
            if from_ is not None:
                carried = carry_from(from_, catalog, answers_file.checklist, site_id, answers_file.round)
        else:
            newest = catalog.newest(checklist_id)
            if from_ is not None and newest is not None:
                carried = carry_from(from_, catalog, newest, site_id, round_named)
            base = carried.site if carried is not None and roster is None else None
            site = _site(catalog, checklist_id, site_id, name, site_type, roster, base)
            answers_file = start_or_resume(target, checklist_id, site, checklists=catalog, round=round_named,
                                           assessor=assessor or "", attributes=_attributes(attrs or []))  # fmt: skip
        checklist, site = answers_file.checklist, answers_file.site
        answers = answers_file.answers
        save = answers_file.save
        reader = _Lines(lang)
        missing = checklist.undeclared(site.attributes)
        if missing and not reader.tty:  # a script cannot be asked: the run would drop items in silence
            asked = tuple(t("a.attr_named", lang, key=k, name=checklist.attribute_name(k, lang)) for k in missing)
            fail("a.attr_missing", attrs=asked, items=tuple(i for items in missing.values() for i in items))
        started = not target.exists()
        if started or answers_file.changed:  # a round, attribute or assessor given now is recorded now
            save(answers)
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
            carried=carried.answers if carried is not None else None,
            carried_round=carried.round if carried is not None else "",
            check_photo=_photo_check(target),
            declare=answers_file.declare,
        )
        for line in _intro(answers_file, round_, started, carried, target, lang):
            for part in wrap(line, session.width):
                _say(part)
        if started and from_ is None:
            _mention_others(target, site_id, checklist.id, lang)
        words = [
            "civcheck",
            "assess",
            checklist.id,
            "--site",
            site.id,
            "--round",
            answers_file.round,
            "--out",
            str(target),
        ]
        resume = _command_line([*words, *(["--from", str(from_)] if from_ is not None else [])])
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


def _intro(answers_file: AnswersFile, round_: str | None, started: bool, carried: Carried | None, target: Path,
           lang: str) -> list[str]:  # fmt: skip
    """The first screen's lines: whose self-check, which round and why that one, which file, what is carried."""
    from civcheck.i18n import t
    from civcheck.render.common import site_label

    site, checklist = answers_file.site, answers_file.checklist
    who = site_label(site.id, site.name)
    lines = [
        t("a.intro", lang, site=who, checklist=f"{checklist.title.get(lang)} ({checklist.id} {checklist.version})")
    ]
    if "round" in answers_file.changed:
        key = "a.round_adopted"
    elif round_:
        key = "pub.round"  # as a bulletin's head says it
    else:
        key = "a.round_default" if started else "a.round_file"
    lines += [t(key, lang, round=answers_file.round), t("a.file_line", lang, path=target)]
    if carried is not None:
        lines.append(t("a.from_line", lang, round=carried.round or "-", path=carried.path))
        if carried.dropped:
            lines.append(t("a.from_dropped", lang, items=carried.dropped))
    return lines


def _command_line(words: list[str]) -> str:
    """A command to copy and run: a word with a space or a shell's special character is quoted (cmd.exe's way,
    which bash and PowerShell read too)."""
    import subprocess

    return subprocess.list2cmdline(words)


def _mention_others(target: Path, site_id: str, checklist_id: str, lang: str) -> None:
    """Other rounds' files of this site and checklist beside a new one: the clerk may want to start from one."""
    from civcheck.i18n import t
    from civcheck.text import file_stem

    folder = target.parent
    stem = f"{file_stem(site_id)}--{file_stem(checklist_id)}"
    patterns = [f"{stem}{suffix}" for suffix in (".yaml", ".yml", ".json")]
    patterns += [f"{stem}--*{suffix}" for suffix in (".yaml", ".yml", ".json")]
    found = [path for pattern in patterns for path in folder.glob(pattern)]
    others = sorted({p for p in found if p.resolve() != target.resolve()}, key=_modified, reverse=True)
    if others:
        _say(t("a.other_files", lang, files=tuple(str(p) for p in others[:3])))


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # gone meanwhile
        return 0.0


def _photo_check(target: Path) -> Callable[[str], tuple[str, str]]:
    """A typed photo path checked where the report will look for it (beside the answers file, up to here)."""
    from civcheck.photos import typed

    return lambda path: typed(path, target.parent, Path.cwd())


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
    catalog: Catalog,
    checklist_id: str,
    site_id: str,
    name: str | None,
    site_type: str | None,
    roster: Path | None,
    base: Site | None = None,
) -> Site:
    """A new self-check's site: from the roster (else last round's file), with --name and --type on top."""
    from civcheck.api import site_for
    from civcheck.formats.sites import load_sites

    listed = load_sites(roster) if roster is not None else [base] if base is not None else None
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
