"""The rule registry: one module per rule, like yamllint's ``rules/``.

Each rule module has an ``ID`` (what users write after ``--disable`` and
see in every report line), a ``LEVEL`` (``error`` or ``warning``), a
docstring that is its documentation (docs/lint.md is generated from these),
and a pure ``check(doc)`` generator of findings.  The order here is the
order of the documentation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from civcheck.lint.document import Document, Finding
from civcheck.lint.rules import (
    critical_na,
    declared_attributes,
    deduct_per,
    duplicate_ids,
    duplicate_keys,
    empty_when,
    grade_levels,
    grades_order,
    id_pattern,
    keys_and_types,
    pass_mark_band,
    points_total,
    positive_points,
    section_content,
    section_weight,
    syntax,
    text_en,
    text_zh,
    value_range,
)


class Rule(Protocol):
    """What a rule module provides."""

    @property
    def ID(self) -> str: ...

    @property
    def LEVEL(self) -> str: ...

    def check(self, doc: Document) -> Iterable[Finding]: ...


RULES: tuple[Rule, ...] = (
    syntax,
    duplicate_keys,
    keys_and_types,
    duplicate_ids,
    id_pattern,
    positive_points,
    deduct_per,
    grade_levels,
    grades_order,
    pass_mark_band,
    value_range,
    section_weight,
    section_content,
    empty_when,
    declared_attributes,
    points_total,
    text_zh,
    text_en,
    critical_na,
)

_BY_ID = {rule.ID: rule for rule in RULES}


def get(rule_id: str) -> Rule | None:
    """The rule with this id, if there is one."""
    return _BY_ID.get(rule_id)


def ids() -> list[str]:
    return [rule.ID for rule in RULES]


def summary(rule: Rule) -> str:
    """The first line of a rule's documentation."""
    return (rule.__doc__ or "").strip().splitlines()[0]
