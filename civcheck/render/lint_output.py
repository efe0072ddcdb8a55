"""``civcheck lint`` output: text, json, junit and github, each a pure function returning a string."""

from __future__ import annotations

import json
from typing import Any

from civcheck.lint.linter import LintRun
from civcheck.render import Context, github, junit
from civcheck.views import problem_json

LINT_FORMAT = "civcheck.lint/1"


def text(run: LintRun, ctx: Context) -> str:
    """One line per problem: ``path:line:column: level rule-id message``."""
    lang = ctx.lang
    return "".join(p.format(lang) + "\n" for p in run.problems)


def json_(run: LintRun, ctx: Context) -> str:
    lang = ctx.lang
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


def junit_(run: LintRun, ctx: Context) -> str:
    """One test case per file: failed when it has errors; warnings are shown with it."""
    lang = ctx.lang
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


def github_(run: LintRun, ctx: Context) -> str:
    """Workflow commands, so each problem is annotated on its line in the pull request."""
    lang = ctx.lang
    lines = [
        github.annotation(p.level, p.path, p.line, p.column, f"civcheck {p.rule}", p.message(lang))
        for p in run.problems
    ]
    lines += [github.annotation("error", p.path, p.line, p.column, "civcheck", p.message(lang)) for p in run.errors]
    return "".join(line + "\n" for line in lines)
