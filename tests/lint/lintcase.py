"""A small helper so rule tests read like yamllint's: a snippet, a rule, the exact places."""

from __future__ import annotations

import textwrap

from civcheck.lint import LintProblem, lint_text

# Four lines every snippet starts with; the snippet's own lines are numbered from 5.
HEAD = """\
format: civcheck.checklist/1
id: demo
version: "1"
title: {zh: 演示, en: Demo}
"""


def lint(source: str) -> list[LintProblem]:
    return lint_text(textwrap.dedent(source), "demo.yaml")


def found(source: str, rule: str) -> list[tuple[int, int]]:
    """Where *rule* reports something in *source*, as (line, column) pairs."""
    return [(p.line, p.column) for p in lint(source) if p.rule == rule]


def check(source: str, rule: str, *where: tuple[int, int]) -> None:
    """*rule* reports exactly at *where* (nothing at all when none is given)."""
    assert found(source, rule) == list(where), [p.format("en") for p in lint(source)]


def clean(source: str) -> None:
    """No rule finds anything."""
    problems = lint(source)
    assert problems == [], [p.format("en") for p in problems]
