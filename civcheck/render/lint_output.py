"""``civcheck lint`` output: text, json, junit and github, each a pure function returning a string."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from civcheck.lint.linter import LintRun
from civcheck.render import github, junit
from civcheck.views import problem_json

LINT_FORMAT = "civcheck.lint/1"
LINT_FORMATS = ("text", "json", "junit", "github")

LintRenderer = Callable[[LintRun, str], str]


def text(run: LintRun, lang: str) -> str:
    """One line per problem: ``path:line:column: level rule-id message``."""
    return "".join(p.format(lang) + "\n" for p in run.problems)


def json_(run: LintRun, lang: str) -> str:
    document: dict[str, Any] = {
        "format": LINT_FORMAT,
        "files": run.files,
        "problems": [
            {
                "file": p.path,
                "line": p.line,
                "column": p.column,
                "level": p.level,
                "rule": p.rule,
                "message": p.message(lang),
            }
            for p in run.problems
        ],
        "errors": [problem_json(p, lang) for p in run.errors],
        "summary": {"files": len(run.files), "errors": run.count("error"), "warnings": run.count("warning")},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def junit_(run: LintRun, lang: str) -> str:
    """One test case per file: failed when it has errors; warnings are shown with it."""
    cases = []
    for path in run.files:
        found = [p for p in run.problems if p.path == path]
        errors = [p.format(lang) for p in found if p.level == "error"]
        warnings = [p.format(lang) for p in found if p.level == "warning"]
        failure = "\n".join(errors + warnings) if errors else None
        output = None if errors else "\n".join(warnings) or None
        cases.append(junit.Case("civcheck.lint", path, failure=failure, output=output))
    for problem in run.errors:
        cases.append(junit.Case("civcheck.lint", problem.path, error=problem.format(lang)))
    return junit.render("civcheck lint", cases)


def github_(run: LintRun, lang: str) -> str:
    """Workflow commands, so each problem is annotated on its line in the pull request."""
    lines = [
        github.annotation(p.level, p.path, p.line, p.column, f"civcheck {p.rule}", p.message(lang))
        for p in run.problems
    ]
    lines += [github.annotation("error", p.path, p.line, p.column, "civcheck", p.message(lang)) for p in run.errors]
    return "".join(line + "\n" for line in lines)


def lint_renderers() -> dict[str, LintRenderer]:
    """``civcheck lint --format`` choices."""
    return {"text": text, "json": json_, "junit": junit_, "github": github_}
