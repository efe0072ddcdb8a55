"""The imperative shell shared by every command.

The single place that maps errors to exit codes (format.md §5): input
problems are printed as ``path:line:column: message`` on stderr and end in
exit 2; nothing here prints a traceback unless ``CIVCHECK_DEBUG`` is set.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from civcheck.approvals import Approvals
    from civcheck.errors import Problem
    from civcheck.progress import ProgressLine
    from civcheck.render import Context, Renderer

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3


def resolve_lang(lang: str | None) -> str:
    from civcheck.errors import UsageError
    from civcheck.language import LANGS, detect_lang, normalize

    if lang is None:
        return detect_lang()
    code = normalize(lang)
    if code not in LANGS:
        raise UsageError("usage.lang", lang=lang)
    return code


def err(line: str) -> None:
    """One line on stderr, never failing on a console that lacks a glyph, never carrying a control sequence.

    A progress line on the terminal is cleared first: the message takes its place.
    """
    from civcheck.progress import clear
    from civcheck.text import visible

    clear()
    sys.stderr.write(visible(line) + "\n")
    sys.stderr.flush()


def note(text: str) -> None:
    """A sentence for the person at the terminal, wrapped to its width (problem lines stay whole: use :func:`err`)."""
    if not sys.stderr.isatty():
        err(text)
        return
    import shutil

    from civcheck.render.layout import wrap
    from civcheck.text import visible

    for line in wrap(visible(text), shutil.get_terminal_size((80, 24)).columns):
        err(line)


def report_problems(problems: Iterable[Problem], lang: str) -> None:
    """Each problem on exactly one line (a key with a line break in it must not split a message in two)."""
    from civcheck.text import one_line

    said: set[str] = set()
    for problem in problems:
        line = one_line(problem.format(lang))
        if line not in said:  # a checklist folder that is missing matters once, not once per file
            said.add(line)
            err(line)


def run(lang_option: str | None, body: Callable[[str], int]) -> NoReturn:
    """Run a command body and exit with the code it (or its failure) maps to; Ctrl-C: one line, exit 130."""
    from civcheck.interrupt import EXIT_INTERRUPTED, caused_by_interrupt, handled, in_command, message, pending

    _tolerant_streams()
    _quiet_finalizers()
    from civcheck.atomic import forget_inputs, remove_unfinished
    from civcheck.errors import InputError, OutputError, UsageError
    from civcheck.language import detect_lang

    forget_inputs()
    lang = detect_lang()
    try:
        in_command()  # from here a Ctrl-C unwinds (workers ended, temporary files removed) and is said below
        lang = resolve_lang(lang_option)
        check_arguments(sys.argv[1:])
        code = body(lang)
    except InputError as exc:
        report_problems(exc.problems, lang)
        code = EXIT_INPUT
    except (UsageError, OutputError) as exc:
        err(f"civcheck: {exc.message(lang)}")
        code = EXIT_INPUT
    except KeyboardInterrupt:
        err(message(lang))
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # `civcheck score ... | head`: the reader went away; that is fine.
        _silence_stdout()
        code = EXIT_OK
    except Exception as exc:  # the one catch-all: a bug, not bad input — unless the system refused a write
        from civcheck.i18n import t

        if caused_by_interrupt(exc):  # a module loading when Ctrl-C came (Python wraps it in a RuntimeError)
            err(message(lang))
            code = EXIT_INTERRUPTED
        elif os.environ.get("CIVCHECK_DEBUG"):
            raise
        elif isinstance(exc, OSError) or type(exc).__name__ == "SerialisationError":
            # a scratch file a library writes (a workbook's sheets) on a full disk or past `ulimit -f`:
            # the output was not written (nothing half-written replaced anything), and it is not a bug
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            err(f"civcheck: {t('io.system', lang, reason=reason)}")
            code = EXIT_INPUT
        else:
            err(t("internal", lang, error=f"{type(exc).__name__}: {exc}"))
            code = EXIT_INTERNAL
    finally:
        remove_unfinished()  # a temporary file a Ctrl-C caught between its creation and its write
    if code != EXIT_INTERRUPTED and pending():  # a Ctrl-C Python lost on the way (in a finalizer): still said
        err(message(lang))
        code = EXIT_INTERRUPTED
    if code == EXIT_INTERRUPTED:
        handled()
    raise typer.Exit(code)


def refuse_command_line(lines: Iterable[str], code: int = EXIT_INPUT) -> NoReturn:
    """A command line the parser refused (cli/usage.py says why): on stderr, no traceback, exit 2."""
    _tolerant_streams()
    for line in lines:
        err(line)
    raise SystemExit(code)


def check_arguments(argv: list[str]) -> None:
    """Refuse an argument civcheck could not write back (format.md: every file it writes reads back).

    A ``--name`` typed in a console whose encoding differs from the locale
    arrives as undecodable bytes; recorded as they are, the answers file
    could not be read again.  A file name is exempt: the file system holds
    names in whatever bytes it likes, and such a path still opens.
    """
    from civcheck.errors import UsageError
    from civcheck.text import first_bad, one_line

    for n, arg in enumerate(argv):
        option, _, value = arg.partition("=") if arg.startswith("--") and "=" in arg else ("", "", arg)
        if first_bad(value) is None or os.path.lexists(value):
            continue
        if not option:
            option = argv[n - 1] if n and argv[n - 1].startswith("-") else f"#{n + 1}"
        encoding = (sys.getfilesystemencoding() or "utf-8").upper()
        raise UsageError("usage.bad_argument", option=option, value=one_line(value), encoding=encoding)


def _quiet_finalizers() -> None:
    """No raw "Exception ignored in …" traceback or library warning on stderr (CIVCHECK_DEBUG shows them)."""
    if not os.environ.get("CIVCHECK_DEBUG"):
        import warnings

        sys.unraisablehook = lambda unraisable: None
        warnings.simplefilter("ignore")  # a library's UserWarning about a cell is no message for a clerk


def _tolerant_streams() -> None:
    """Replace what a console's encoding (GBK, say) cannot show instead of crashing."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def context(lang: str, fmt: str, output: Path | None, table_format: str | None = None, bom: bool = True) -> Context:
    """What the output device can show: Rich and colour only on a terminal."""
    import shutil

    from civcheck.render import Context

    terminal = output is None and fmt == "table" and sys.stdout.isatty()
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("-", "")
    return Context(
        lang=lang,
        rich=terminal,
        color=terminal and not os.environ.get("NO_COLOR"),
        width=shutil.get_terminal_size((80, 24)).columns if terminal else 100,
        ascii=not encoding.startswith("utf"),
        table_format=table_format or "simple",
        bom=bom,
        cwd=os.getcwd(),
    )


def emit(text: str | bytes, output: Path | None, console: bool = False) -> None:
    """Print *text*, or write it atomically to *output*.

    Files (json, csv, md…) are always UTF-8 bytes, also when redirected from
    a GBK console on Windows, and keep their CRLFs; only *console* text goes
    through the terminal's own encoding.
    """
    if output is None and isinstance(text, bytes):  # a binary renderer always has an output, but to be sure
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
        return
    if output is None:
        assert isinstance(text, str)
        if not console and sys.stdout.isatty():  # csv or md read on a terminal: nothing raw reaches it
            from civcheck.text import visible

            text = visible(text.replace("\r\n", "\n"))
        buffer = getattr(sys.stdout, "buffer", None)
        if console or buffer is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        return
    from civcheck.atomic import write_atomic

    write_atomic(output, text)


def pick(kind: str, name: str, output: Path | None) -> Renderer:
    """The renderer a command's ``--format`` names (render/__init__.py's registry); a usage error if none."""
    from civcheck.render import renderers

    found = renderers(kind)
    choose(name, found)
    renderer = found[name]
    if renderer.binary and output is None:
        fail("usage.needs_output", format=name)
    return renderer


def emit_as(renderer: Renderer, data: object, lang: str, path: Path | None, table_format: str | None = None,
           bom: bool = True, progress: ProgressLine | None = None) -> None:  # fmt: skip
    """Render *data* and print it, or write it (atomically) to *path*: the one way every command outputs.

    A *progress* line names the step while it runs, and is cleared before anything reaches standard output.
    """
    ctx = context(lang, "table" if renderer.terminal else renderer.name, path, table_format, bom)
    if progress is not None:
        progress.phase("table" if renderer.terminal else "write", format=renderer.name)
    if path is None or renderer.terminal:
        text = renderer(data, ctx)
        if progress is not None:
            progress.close()
        emit(text, path, console=renderer.terminal)
        return
    from civcheck.atomic import AtomicFile
    from civcheck.interrupt import check

    out = AtomicFile(path)  # pieces go to a temporary file that replaces *path* only once all is written
    try:
        for piece in renderer.chunks(data, ctx):
            check()
            out.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
    except BaseException:
        out.abort()
        raise
    out.commit()


def choose(value: str, choices: Iterable[str], option: str = "--format") -> str:
    """*value* if it is one of *choices*; a usage error naming the option otherwise."""
    from civcheck.errors import UsageError

    options = tuple(choices)
    if value not in options:
        if option == "--format":
            raise UsageError("usage.format", format=value, choices=", ".join(options))
        raise UsageError("usage.choice", option=option, value=value, choices=", ".join(options))
    return value


def fail(key: str, **args: object) -> NoReturn:
    from civcheck.errors import UsageError

    raise UsageError(key, **args)


def date_option(value: str | None, option: str) -> dt.date | None:
    """A date option (``--today 2026-08-20``), or a usage error naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        fail("l.bad_date", value=f"{option} {value}")


def approvals_in_play(option: Path | None, strict: bool, lang: str) -> Approvals | None:
    """The approvals of 不适用 a run judges by: the file named, else ``approvals.yaml`` here, else none.

    ``--approvals none`` turns the convention off.  With ``--strict-na`` and
    no file, there is nothing to approve by: every 不适用 scores as 未检, and
    the person is told so rather than left to wonder at the scores.
    """
    from civcheck.approvals import Approvals
    from civcheck.formats.approvals import find_approvals, load_approvals
    from civcheck.i18n import t

    found = None if option is not None and str(option) == "none" else find_approvals(option)
    if found is not None:
        return load_approvals(found)
    if strict:
        note(t("approvals.none_strict", lang))
        return Approvals()
    return None
