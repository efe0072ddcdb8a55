"""``civcheck lint``: checklists checked the way yamllint checks YAML.

Each rule is a small module under :mod:`civcheck.lint.rules` with an id, a
level and its own documentation; :func:`lint_paths` runs them all over
files and folders and returns every :class:`LintProblem` found.
"""

from __future__ import annotations

from civcheck.lint.linter import LintRun, lint_file, lint_paths, lint_text
from civcheck.lint.problem import LintProblem

__all__ = ["LintProblem", "LintRun", "lint_file", "lint_paths", "lint_text"]
