"""A progress line on stderr for long batch runs: the answers files scored, then what follows.

Hand-written rather than Rich's: one line, ASCII and Chinese only (a GBK
console shows it), never wider than the terminal, redrawn at most ten times a
second, and gone when the run ends (or is interrupted) so that nothing but the
summary stays on screen.  It counts the answers files being scored — not a
roster or settings file met among them — shows a rate only once a second of
scoring has passed (before that it would mean nothing), and names each step
that takes time without scoring (finding the files, reading the previous
ledger, building the ledger, comparing, writing the output), so that a long
run is never silent.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any, TextIO

from civcheck.i18n import extend, t

extend(
    {
        "p.line": ("评分 {done}/{total}  {percent}%", "scoring {done}/{total}  {percent}%"),
        "p.rate": ("{line}  {rate} 份/秒", "{line}  {rate:file/s|files/s}"),
        "p.find": ("正在查找答卷...", "finding the answers files..."),
        "p.previous": ("正在读取上期台账...", "reading the previous ledger..."),
        "p.ledger": ("正在整理台账...", "building the ledger..."),
        "p.compare": ("正在比对两轮...", "comparing the two rounds..."),
        "p.write": ("正在写出 {format}...", "writing {format}..."),
        "p.table": ("正在排版表格...", "laying out the table..."),
    }
)

_ON_SCREEN: list[ProgressLine] = []  # the line shown now, if any: cleared before any message is printed
MIN_FILES = 20  # fewer files than this are scored too fast for a count to help
RATE_AFTER = 1.0  # seconds of scoring before a rate is shown
REDRAW = 0.1  # seconds between two redraws of the count


class ProgressLine:
    """The progress of a command: a count ``(done, total)`` for each scan, a step by name in between.

    Given to the library's entry points (:mod:`civcheck.api`) as *on_file* and
    *on_phase*.  Shown only where it helps: a terminal on stderr, and not
    ``--no-progress``.  A count starts anew when a scan starts (``done == 1``:
    ``compare`` reads two rounds) and is shown from :data:`MIN_FILES` files.
    """

    def __init__(self, lang: str, enabled: bool = True, stream: TextIO | None = None) -> None:
        self.lang = lang
        self.stream = stream or sys.stderr
        self.enabled = enabled and self.stream.isatty()
        self.shown = 0  # the display width of what is on the line now
        self.start = 0.0
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < MIN_FILES:
            return
        now = time.monotonic()
        if done == 1:  # a new scan: the rate is measured from its first file
            self.start, self.last = now, 0.0
        if now - self.last < REDRAW and done < total:
            return
        self.last = now
        line = t("p.line", self.lang, done=done, total=total, percent=100 * done // total)
        if now - self.start >= RATE_AFTER:
            with_rate = t("p.rate", self.lang, line=line, rate=f"{(done - 1) / (now - self.start):,.0f}")
            line = with_rate if _fits(with_rate, self.stream) else line  # a narrow terminal: the count alone
        self._show(line)

    def phase(self, name: str, **args: Any) -> None:
        """Name the step under way (``p.NAME`` in the catalogue) until the next count, step or :meth:`close`."""
        if self.enabled:
            self._show(t(f"p.{name}", self.lang, **args))

    def close(self) -> None:
        """Clear the line (again, if a Ctrl-C cut the last clearing short)."""
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0
        if self in _ON_SCREEN:
            _ON_SCREEN.remove(self)

    def _show(self, text: str) -> None:
        from civcheck.render.layout import display_width

        while not _fits(text, self.stream) and text:
            text = text[:-1]
        width = display_width(text)
        pad = " " * max(0, self.shown - width)
        self.shown = max(self.shown, width)  # noted before it is written: a Ctrl-C in between still clears it
        if self not in _ON_SCREEN:
            _ON_SCREEN.append(self)
        self.stream.write("\r" + text + pad)
        self.stream.flush()


def clear() -> None:
    """Clear the progress line, if one is shown: a message is about to be printed on stderr."""
    for line in list(_ON_SCREEN):
        line.close()


def _fits(text: str, stream: TextIO) -> bool:
    """Whether *text* fits the terminal's line (its last column left free: some terminals wrap there)."""
    from civcheck.render.layout import display_width

    try:
        columns = os.get_terminal_size(stream.fileno()).columns or 80
    except (OSError, ValueError, AttributeError):
        columns = 80
    return display_width(text) < columns
