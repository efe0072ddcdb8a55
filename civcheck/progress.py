"""A progress line on stderr for long batch runs.

Hand-written rather than Rich's: one line, ASCII and Chinese only (a GBK
console shows it), redrawn at most ten times a second, and gone when the run
ends so that nothing but the summary stays on screen.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from civcheck.i18n import t


class Progress:
    """``评分 1234/20000  6%  1850 份/秒`` on one line, updated in place."""

    def __init__(self, total: int, lang: str, enabled: bool, stream: TextIO | None = None) -> None:
        self.total = total
        self.lang = lang
        self.enabled = enabled and total > 0
        self.stream = stream or sys.stderr
        self.done = 0
        self.start = time.monotonic()
        self.last = 0.0
        self.width = 0

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and self.done < self.total:
            return
        self.last = now
        rate = self.done / max(now - self.start, 1e-9)
        percent = 100 * self.done // self.total
        line = t("p.line", self.lang, done=self.done, total=self.total, percent=percent, rate=f"{rate:,.0f}")
        self.width = max(self.width, len(line) * 2)
        self.stream.write("\r" + line)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


class ProgressLine:
    """A progress callback ``(done, total)`` for the library's entry points (:mod:`civcheck.api`).

    The line starts once the number of files is known (anew for each scan),
    and only where it helps: a terminal on stderr and a run of at least 20 files.
    """

    def __init__(self, lang: str, enabled: bool = True) -> None:
        self.lang = lang
        self.enabled = enabled
        self.line: Progress | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.line is None or done == 1:  # a new scan (compare reads two rounds) starts a new line
            self.close()
            self.line = Progress(total, self.lang, enabled=self.enabled and sys.stderr.isatty() and total >= 20)
        self.line.advance()

    def close(self) -> None:
        if self.line is not None:
            self.line.close()
