"""Running the rules over files and folders, without stopping at the first problem.

Every rule sees every file and every finding is kept.  The exception is a
file that cannot be parsed: its one ``syntax`` problem is all there is to
say.  A file that cannot be read at all (missing, binary, an unknown
encoding) is not a lint finding but an input error, kept apart so the CLI
can exit 2 after reporting everything else.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from civcheck.errors import InputError, Problem
from civcheck.i18n import extend
from civcheck.lint import rules as registry
from civcheck.lint.document import Document
from civcheck.lint.nodes import parse
from civcheck.lint.problem import Level, LintProblem

extend(
    {
        "lint.summary": ("检查了 {files}：{errors}，{warnings}", "{files} checked: {errors}, {warnings}"),
        "lint.clean": ("检查了 {files}，没有发现问题", "{files} checked, no problems found"),
        "lint.n_files": ("{n} 个文件", "{n} files"),
        "lint.n_files.1": ("{n} 个文件", "1 file"),
        "lint.n_errors": ("{n} 个错误", "{n} errors"),
        "lint.n_errors.1": ("{n} 个错误", "1 error"),
        "lint.n_warnings": ("{n} 个警告", "{n} warnings"),
        "lint.n_warnings.1": ("{n} 个警告", "1 warning"),
        "lint.unknown_rule": ("未知的规则 {rule}（可用：{known}）", "unknown rule {rule} (rules: {known})"),
        "lint.keep_syntax": ("syntax 规则不能关闭", "the syntax rule cannot be disabled"),
        "lint.no_paths": ("请给出要检查的检查表文件或目录", "give the checklist files or folders to lint"),
    }
)


# The rules that still apply to a file declaring another civcheck format.
_FOR_ANY_FILE = ("syntax", "duplicate-keys", "schema")


@dataclass
class LintRun:
    """Everything one ``civcheck lint`` found."""

    files: list[str] = field(default_factory=list)
    problems: list[LintProblem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def count(self, level: Level) -> int:
        return sum(1 for p in self.problems if p.level == level)

    def failed(self, strict: bool = False) -> bool:
        """Whether the findings fail the check: errors, or with *strict* warnings too."""
        return any(p.level == "error" or strict for p in self.problems)


def _looks_like_checklist(doc: Document) -> bool:
    top = doc.top
    if top is None:
        return doc.root is None  # a syntax error: cannot tell, so report it
    fmt = top.get("format")
    if fmt is not None and isinstance(fmt.value, str):
        return fmt.value.startswith("civcheck.checklist")
    return top.has("sections") and not top.has("answers")


def lint_document(doc: Document, disabled: Collection[str] = ()) -> list[LintProblem]:
    """Run every enabled rule over a parsed document."""
    problems: list[LintProblem] = []
    for rule in registry.RULES:
        if rule.ID in disabled:
            continue
        if doc.root is None and rule.ID != "syntax":
            break
        if doc.foreign and rule.ID not in _FOR_ANY_FILE:
            continue
        level: Level = "warning" if rule.LEVEL == "warning" else "error"
        for finding in rule.check(doc):
            problems.append(
                LintProblem(doc.name, finding.line, finding.column, rule.ID, level, finding.key, finding.args)
            )
    problems.sort(key=LintProblem.sort_key)
    return problems


def lint_text(text: str, name: str, disabled: Collection[str] = ()) -> list[LintProblem]:
    """Lint one checklist given as text (*name* is what reports call it)."""
    parsed = parse(text, name)
    return lint_document(Document(name, text, parsed.root, parsed.problem), disabled)


def lint_file(path: str | Path, disabled: Collection[str] = (), explicit: bool = True) -> list[LintProblem] | None:
    """Lint one file; ``None`` when, met in a folder, it is not a checklist.

    Raises :class:`InputError` when the file cannot be read.
    """
    from civcheck.formats.text import read_text

    name = str(path)
    text = read_text(path)
    parsed = parse(text, name)
    doc = Document(name, text, parsed.root, parsed.problem)
    if not explicit and not _looks_like_checklist(doc):
        return None
    return lint_document(doc, disabled)


def lint_paths(paths: Iterable[str | Path], disabled: Collection[str] = ()) -> LintRun:
    """Lint checklist files, and every checklist in folders (recursively).

    A file named explicitly is always linted as a checklist; in a folder,
    answers files, rosters and other YAML are skipped.
    """
    from civcheck.batch import discover

    run = LintRun()
    files, run.errors = discover(paths)
    for path, explicit in files:
        try:
            found = lint_file(path, disabled, explicit)
        except InputError as exc:
            run.errors.extend(exc.problems)
            continue
        if found is None:
            run.skipped.append(str(path))
            continue
        run.files.append(str(path))
        run.problems.extend(found)
    return run


def check_disabled(disabled: Iterable[str]) -> list[str]:
    """The rule ids to skip; raises a usage error for an unknown id or for ``syntax``."""
    from civcheck.errors import UsageError

    chosen = list(disabled)
    for rule_id in chosen:
        if rule_id == "syntax":
            raise UsageError("lint.keep_syntax")
        if registry.get(rule_id) is None:
            raise UsageError("lint.unknown_rule", rule=rule_id, known=", ".join(registry.ids()))
    return chosen
