"""``civcheck regress`` output: table, json, junit and github; pure functions returning strings."""

from __future__ import annotations

import json

from civcheck.i18n import extend, t
from civcheck.regress import Located, RegressRun
from civcheck.render import Context, github, junit
from civcheck.text import one_line
from civcheck.views import problem_json

REGRESS_FORMAT = "civcheck.regress/1"

extend(
    {
        "regress.field": ("字段", "Field"),
        "regress.expected": ("预期", "Expected"),
        "regress.got": ("实际", "Got"),
        "regress.mismatch": ("{field}：预期 {expected}，实际 {got}", "{field}: expected {expected}, got {got}"),
        "regress.all_ok": (
            "{checked} 份答卷的计分结果与 expect 一致",
            "{checked:answers file scores as it expects|answers files score as they expect}",
        ),
        "regress.summary": (
            "{checked} 份答卷带有 expect：{failed} 份结果不符",
            "{checked:answers file carries|answers files carry} expect: {failed:does|do} not score as expected",
        ),
        "regress.unchecked": (
            "{n} 份答卷没有 expect，未比对",
            "{n:answers file has|answers files have} no expect block (not compared)",
        ),
        "regress.none": ("没有带 expect 的答卷", "no answers file carries an expect block"),
    }
)


def table(run: RegressRun, ctx: Context) -> str:
    """One row per mismatch: file:line, site, checklist, field, expected, got."""
    lang = ctx.lang
    if not run.mismatches:
        return ""
    from tabulate import tabulate

    headers = [t("w.file", lang), t("w.site", lang), t("w.checklist", lang)]
    headers += [t("regress.field", lang), t("regress.expected", lang), t("regress.got", lang)]
    # each cell on one line: a file name may hold a line break, and a line that starts "::warning::" in a CI log
    # is a command to the CI runner, not text
    rows = [
        [one_line(str(c)) for c in (f"{m.mismatch.file}:{m.line}", m.site, m.checklist, m.mismatch.field,
                                    m.mismatch.expected, m.mismatch.got)]
        for m in run.mismatches
    ]  # fmt: skip
    return tabulate(rows, headers=headers, tablefmt="simple", disable_numparse=True) + "\n"


def json_(run: RegressRun, ctx: Context) -> str:
    lang = ctx.lang
    document = {
        "format": REGRESS_FORMAT,
        "checked": [r.assessment.path for r in run.checked],
        "unchecked": run.unchecked,
        "mismatches": [
            {
                "file": m.mismatch.file,
                "line": m.line,
                "column": m.column,
                "site": m.site,
                "checklist": m.checklist,
                "field": m.mismatch.field,
                "expected": m.mismatch.expected,
                "got": m.mismatch.got,
            }
            for m in run.mismatches
        ],
        "errors": [problem_json(p, lang) for p in run.problems],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _message(m: Located, lang: str) -> str:
    return t("regress.mismatch", lang, field=m.mismatch.field, expected=m.mismatch.expected, got=m.mismatch.got)


def junit_(run: RegressRun, ctx: Context) -> str:
    """One test case per answers file with an expect block; a mismatch fails it."""
    lang = ctx.lang
    cases = []
    for result in run.checked:
        path = result.assessment.path
        found = [m for m in run.mismatches if m.mismatch.file == path]
        failure = "\n".join(f"{path}:{m.line}:{m.column}: {_message(m, lang)}" for m in found) or None
        name = f"{result.assessment.site.id} / {result.checklist.id} {result.checklist.version}"
        cases.append(junit.Case(path, name, failure=failure))
    for problem in run.problems:
        cases.append(junit.Case(problem.path, "read", error=problem.format(lang)))
    return junit.render("civcheck regress", cases)


def github_(run: RegressRun, ctx: Context) -> str:
    lang = ctx.lang
    lines = [
        github.annotation("error", m.mismatch.file, m.line, m.column, "civcheck regress", _message(m, lang))
        for m in run.mismatches
    ]
    lines += [github.annotation("error", p.path, p.line, p.column, "civcheck", p.message(lang)) for p in run.problems]
    return "".join(line + "\n" for line in lines)
