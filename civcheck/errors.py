"""Error types shared by every layer.

Problems with a user's files are normal input, not bugs: they are raised as
:class:`InputError` carrying the file and a 1-based line and column, and the CLI
turns each into one ``path:line:column: message`` line and exit code 2.  The
message is stored as a catalogue key plus arguments, so it is rendered in the
user's language only at the edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One located input problem (a file that cannot be read or is invalid)."""

    path: str
    line: int
    column: int
    key: str
    args: dict[str, Any] = field(default_factory=dict)
    where: str = ""  # a spreadsheet cell (sheet!B7) instead of line and column

    def __post_init__(self) -> None:
        # A file name is shown and written everywhere a problem goes: bytes the file system allows but no
        # UTF-8 text holds, and control characters, become visible escapes here, once.
        from civcheck.text import path_text

        object.__setattr__(self, "path", path_text(self.path))

    def message(self, lang: str) -> str:
        """The problem's text in *lang* (without the location)."""
        from civcheck.i18n import t

        return t(self.key, lang, **self.args)

    def format(self, lang: str) -> str:
        """``path:line:column: message`` — the shape editors and CI annotate (``path:sheet!cell:`` in workbooks)."""
        if self.where:
            return f"{self.path}:{self.where}: {self.message(lang)}"
        return f"{self.path}:{self.line}:{self.column}: {self.message(lang)}"


class InputError(Exception):
    """One or more problems with an input file; never a bug in civcheck."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].key if problems else "input error")
        self.problems = problems

    @classmethod
    def at(cls, path: str, line: int, column: int, msg: str, /, **args: Any) -> InputError:
        """Build an error holding a single problem."""
        return cls([Problem(path, line, column, msg, args)])


class UsageError(Exception):
    """A command was called wrongly (bad option value, nothing to do); exit 2."""

    def __init__(self, key: str, /, **args: Any) -> None:
        super().__init__(key)
        self.key = key
        self.args_ = args

    def message(self, lang: str) -> str:
        from civcheck.i18n import t

        return t(self.key, lang, **self.args_)


class OutputError(Exception):
    """A file could not be written (no such folder, no permission, disk full); exit 2, nothing half-written."""

    def __init__(self, path: str, reason: str, key: str = "usage.write") -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.key = key

    def message(self, lang: str) -> str:
        from civcheck.i18n import t
        from civcheck.text import path_text

        return t(self.key, lang, path=path_text(self.path), reason=path_text(self.reason))
