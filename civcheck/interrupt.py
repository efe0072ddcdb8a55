"""Ctrl-C, wherever it lands: one line on stderr, exit 130, no worker left, no temporary file.

Python turns SIGINT into ``KeyboardInterrupt`` in the main thread, between two
steps of Python code.  That alone leaves holes, each closed here:

* **Start-up.**  Before a command's body runs (imports, Typer reading the
  options) a Ctrl-C would print a traceback, or end in silence.
  :func:`program` makes it say the one line and exit 130 at once: nothing
  is open yet.  From the body on (:func:`in_command`) it is Python's
  ``KeyboardInterrupt`` again, so that workers are ended and temporary files
  removed on the way out; ``cli/_shell.py`` says the line.
* **Cleanup.**  What ends workers or removes a temporary file runs with Ctrl-C
  held back (:func:`held`): pressed again meanwhile, it is taken once that step
  is done, and cannot cut it in two.
* **Worker processes.**  A terminal sends Ctrl-C to the whole process group.  A
  worker that took it would die with a traceback — and could die holding the
  pool's queue lock, so that ending the pool waits for ever.  Workers ignore it
  (:func:`worker_ignores`) and the main process ends them.  A pool is started
  with Ctrl-C held back: its threads inherit that, and the signal always
  reaches the main thread, which is waiting for results.
* **A Ctrl-C Python loses or keeps.**  Raised inside a finalizer (a weak
  reference's callback as a module loads), ``KeyboardInterrupt`` is dropped:
  the run would go on and end as if nothing was pressed; :func:`check` raises it
  again at the next file and the shell at the end.  Python wraps what a class's
  ``__set_name__`` raises in a ``RuntimeError``: that is still the Ctrl-C
  (:func:`caused_by_interrupt`), not a bug.  And Python remembers a
  ``KeyboardInterrupt`` that passed through code made from text (``exec``, as
  dataclasses make their methods), even once handled: ``python -m civcheck``
  would then end by SIGINT instead of exit 130 (:func:`handled` clears it).
* **A line typed at the terminal.**  A SIGINT that lands after the prompt is
  written and before the read begins sets Python's flag, but nothing wakes the
  read: the session would wait for Enter.  :func:`read_line` waits for the line
  or the signal, whichever comes first.

Python itself starts before any of this (some tens of milliseconds): a Ctrl-C
then is Python's own.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

EXIT_INTERRUPTED = 130
_pending: list[bool] = []  # a Ctrl-C came and nothing has handled it yet


class _AtStartup(SystemExit):
    """Ctrl-C before a command's body runs (not KeyboardInterrupt: Typer would end in silence on that)."""


def message(lang: str) -> str:
    """The one line an interrupted command prints."""
    from civcheck.i18n import t

    return f"civcheck: {t('interrupted', lang)}"


def _at_startup(signum: int, frame: FrameType | None) -> None:
    _pending[:] = [True]
    raise _AtStartup(EXIT_INTERRUPTED)


def program(start: Callable[[], object]) -> None:
    """Run *start* — loading the command line and running it — with Ctrl-C taken care of from now on.

    Until the command's body runs (:func:`in_command`), a Ctrl-C ends the
    program at once with the one line and exit 130: nothing is open yet.
    """
    try:
        signal.signal(signal.SIGINT, _at_startup)
    except ValueError:  # pragma: no cover - not the main thread: leave the signal alone
        pass
    try:
        start()
    except BaseException as exc:
        if not _caused_by(exc, _AtStartup):
            raise
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # ending anyway: a second Ctrl-C cannot cut the line
        from civcheck.language import lang_of

        sys.stderr.write(message(lang_of(sys.argv[1:])) + "\n")
        sys.stderr.flush()
        raise SystemExit(EXIT_INTERRUPTED) from None


def in_command() -> None:
    """A command's body starts: Ctrl-C is ``KeyboardInterrupt`` again, for the body to unwind.

    Only in the program itself (:func:`program`): a test or a script calling a
    command keeps its own handling.  A Ctrl-C at start-up that Python lost on
    the way (raised in a finalizer, which does not pass it on) ends it now.
    """
    if signal.getsignal(signal.SIGINT) is _at_startup:
        if _pending:
            raise _AtStartup(EXIT_INTERRUPTED)
        signal.signal(signal.SIGINT, _interrupt)


def caused_by_interrupt(exc: BaseException) -> bool:
    """Whether *exc* is, or was raised because of, a Ctrl-C (Python wraps some errors, see above)."""
    return _caused_by(exc, KeyboardInterrupt)


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, kind):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or (None if cause.__suppress_context__ else cause.__context__)
    return False


def _interrupt(signum: int, frame: FrameType | None) -> None:
    _pending[:] = [True]
    raise KeyboardInterrupt


def check() -> None:
    """Raise the Ctrl-C again if the one raised was lost on the way (a finalizer does not pass it on)."""
    if _pending:
        raise KeyboardInterrupt


def pending() -> bool:
    """Whether a Ctrl-C came that nothing has handled."""
    return bool(_pending)


def handled() -> None:
    """The Ctrl-C is dealt with: the process ends with exit 130 (and not by SIGINT, see above)."""
    _pending.clear()
    exec("")  # running text clears what Python kept of a KeyboardInterrupt that passed through text


def worker_ignores() -> None:
    """In a worker process: Ctrl-C is for the main process, which ends the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def held() -> Iterator[None]:
    """Ctrl-C held back in this thread for a few steps that must not be cut in two; it is taken right after.

    Threads and processes started meanwhile inherit the mask: a pool's threads
    never take the signal, so it wakes the main thread (where it is needed).
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def read_line(prompt: str) -> str:
    """``input(prompt)`` at a terminal, except that a Ctrl-C is never left waiting for Enter.

    The prompt is written, then the line or the signal is waited for together
    (the signal wakes the wait through Python's wakeup descriptor, also when
    it came before the wait began); ``input()`` then reads a line that is
    already there.  Line editing is the terminal's, as with ``input()``.
    """
    import select
    import threading

    if os.name != "posix" or threading.current_thread() is not threading.main_thread():
        return input(prompt)  # pragma: no cover - elsewhere the console wakes input() itself

    try:
        fd = sys.stdin.fileno()
    except (AttributeError, ValueError, OSError):
        return input(prompt)
    wake_r, wake_w = os.pipe()
    try:
        os.set_blocking(wake_w, False)
        old = signal.set_wakeup_fd(wake_w, warn_on_full_buffer=False)
        try:
            sys.stdout.write(prompt)
            sys.stdout.flush()
            while fd not in select.select([fd, wake_r], [], [])[0]:
                os.read(wake_r, 64)  # a signal came: its handler runs now (Ctrl-C raises KeyboardInterrupt)
        finally:
            signal.set_wakeup_fd(old)
    finally:
        os.close(wake_r)
        os.close(wake_w)
    return input()
