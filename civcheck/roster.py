"""The roster is the authority on a site: what it says decides which items apply.

An answers file records one inspection; the sites roster (``--sites``) is
the township's list of what each site *is* — its township, grid, name,
answerable unit and person, and the attributes a checklist's ``when`` reads
(是否有河道沟渠, 是否售卖活禽…).  A site must not decide for itself which
items, vetoes included, apply to it, so when a roster is given its
attributes are the ones scored, and an answers file that says otherwise is
reported where it says so: a warning in ``score``, ``ledger`` and
``compare`` (the roster's value is used), an error in ``regress`` (the
``expect`` block was worked out on a different site).

Pure functions; locating a conflict in the answers file's text is the only
read of a file, and the caller hands the text in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import NamedTuple

from civcheck.errors import Problem
from civcheck.i18n import extend
from civcheck.model import Checklist, Scalar, Site

extend(
    {
        "roster.conflict": (
            "答卷写 {key}（{label_zh}）为 {answers}，点位名册为 {roster}：以名册为准计分",
            "the answers say {key} ({label_en}) is {answers}, the roster says {roster}: scored as the roster says",
        ),
        "roster.undeclared": (
            "{items} 未计分：点位未说明 {key}（{label_zh}），这些条目只适用于写明了它的点位；"
            "请在答卷的 site.attributes 或点位名册中写明",
            "{items} not scored: the site does not state {key} ({label_en}), and they apply only where it is stated; "
            "give it in the answers' site.attributes or in the roster",
        ),
    }
)


class Conflict(NamedTuple):
    """An attribute the answers file and the roster give differently."""

    key: str
    answers: Scalar
    roster: Scalar


def same(a: Scalar, b: Scalar) -> bool:
    """Equal as a clerk means it: ``true`` is not ``1``, ``1.0`` is ``1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


def apply_roster(site: Site, roster: Mapping[str, Site]) -> tuple[Site, list[Conflict]]:
    """The site as scored: its roster entry's attributes over its own, the roster's names where it has none.

    A site not on the roster is scored as its answers file says.  An
    attribute only the answers file gives is kept (the roster is silent on it).
    """
    listed = roster.get(site.id)
    if listed is None:
        return site, []
    conflicts = [Conflict(key, site.attributes[key], value) for key, value in listed.attributes.items()
                 if key in site.attributes and not same(site.attributes[key], value)]  # fmt: skip
    scored = replace(
        site,
        name=site.name or listed.name,
        township=site.township or listed.township,
        grid=site.grid or listed.grid,
        owner=site.owner or listed.owner,
        person=site.person or listed.person,
        attributes={**site.attributes, **listed.attributes},
    )
    return scored, conflicts


def _written(value: Scalar) -> str:
    """A value as YAML writes it (what the clerk typed): true/false, numbers, text."""
    from civcheck.words import plain

    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, (int, str)):
        return str(value)
    return plain(value)


def conflict_problems(path: str, text: str, conflicts: list[Conflict], checklist: Checklist) -> list[Problem]:
    """Each conflict located at the attribute in the answers file's text."""
    from civcheck.formats.values import locate

    problems = []
    for c in conflicts:
        line, column = locate(text, ("site", "attributes", c.key)) if text else (1, 1)
        args = {
            "key": c.key,
            "answers": _written(c.answers),
            "roster": _written(c.roster),
            "label_zh": checklist.attribute_name(c.key, "zh"),
            "label_en": checklist.attribute_name(c.key, "en"),
        }
        problems.append(Problem(path, line, column, "roster.conflict", args))
    return problems


def undeclared_problems(path: str, text: str, checklist: Checklist, site: Site) -> list[Problem]:
    """Items left out because the site does not state an attribute they depend on: said, never dropped in silence.

    Located at the site's attributes in the answers file (where the fact
    belongs), one warning per attribute naming the items it leaves out.
    """
    missing = checklist.undeclared(site.attributes)
    if not missing:
        return []
    from civcheck.formats.values import locate

    line, column = locate(text, ("site", "attributes")) if text else (1, 1)
    return [
        Problem(path, line, column, "roster.undeclared", {
            "items": items,
            "key": key,
            "label_zh": checklist.attribute_name(key, "zh"),
            "label_en": checklist.attribute_name(key, "en"),
        })
        for key, items in missing.items()
    ]  # fmt: skip
