"""A lint finding with its place, rule and level: the unit every output format renders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Level = Literal["error", "warning"]
LEVELS: tuple[Level, ...] = ("error", "warning")


@dataclass(frozen=True)
class LintProblem:
    """One problem in a checklist file, like yamllint's ``LintProblem``.

    The message is a catalogue key plus arguments, rendered in the user's
    language only at the edge; the rule id and level are stable tokens that
    CI tools can match on.
    """

    path: str
    line: int
    column: int
    rule: str
    level: Level
    key: str
    args: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        from civcheck.text import path_text

        object.__setattr__(self, "path", path_text(self.path))

    def message(self, lang: str) -> str:
        from civcheck.i18n import t

        return t(self.key, lang, **self.args)

    def format(self, lang: str) -> str:
        """``path:line:column: level rule-id message``."""
        return f"{self.path}:{self.line}:{self.column}: {self.level} {self.rule} {self.message(lang)}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule)
