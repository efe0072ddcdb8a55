"""Writing answers files (format.md §2) — the inverse of :mod:`civcheck.load`.

The file is written in checklist order with short forms where they say
everything (``MT-1.2: pass``) and mappings where there is a note, so that a
file saved by ``civcheck assess`` reads like one typed by hand, and the same
answers always give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from civcheck.model import Answer, Site


def answer_data(answer: Answer) -> Any:
    """An answer as YAML-ready data: a scalar, or a mapping when it carries more."""
    if answer.status is not None:
        core: tuple[str, Any] = ("status", answer.status)
    elif answer.level is not None:
        core = ("level", answer.level)
    else:
        core = ("found", answer.found if answer.found is not None else 0)
    extra: dict[str, Any] = {}
    if answer.note:
        extra["note"] = answer.note
    if answer.evidence:
        extra["evidence"] = list(answer.evidence)
    if answer.fixed_on_site is not None:
        extra["fixed_on_site"] = answer.fixed_on_site
    if answer.owner:
        extra["owner"] = answer.owner
    if answer.person:
        extra["person"] = answer.person
    if answer.due is not None:
        extra["due"] = answer.due
    if not extra:
        return core[1]
    return {core[0]: core[1], **extra}


def site_data(site: Site) -> dict[str, Any]:
    data: dict[str, Any] = {"id": site.id}
    for key in ("name", "type", "township", "grid"):
        if getattr(site, key):
            data[key] = getattr(site, key)
    if site.attributes:
        # exact decimals (area: 1.5) are read as fractions; YAML writes them back as numbers
        data["attributes"] = {
            k: (int(v) if v.denominator == 1 else float(v)) if isinstance(v, Fraction) else v
            for k, v in site.attributes.items()
        }
    for key in ("owner", "person"):
        if getattr(site, key):
            data[key] = getattr(site, key)
    return data


def answers_document(
    header: Mapping[str, Any],
    answers: Mapping[str, Answer],
    order: Iterable[str],
    extra: Mapping[str, Any] | None = None,
) -> str:
    """The YAML text of an answers file: *header* keys, answers in *order*, then *extra*."""
    import yaml

    ordered = [item for item in order if item in answers]
    doc: dict[str, Any] = {"format": "civcheck.answers/1", **header}
    doc["answers"] = {item: answer_data(answers[item]) for item in ordered}
    doc.update(extra or {})
    text: str = yaml.dump(
        doc, Dumper=_dumper(), allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
    )
    if not ordered:
        text = text.replace("answers: {}\n", "answers: {}  # 尚未作答 / nothing answered yet\n")
    return text


def _dumper() -> Any:
    """A safe dumper that writes back what the loader read: exact decimals and spelled-out whole numbers.

    Values kept from an existing file (an ``expect:`` block, ``x-`` keys) come
    from :mod:`civcheck.load` as Decimal and IntLiteral; they are written as
    they were typed (``75.83``, ``0012``).
    """
    import yaml

    from civcheck.load import IntLiteral

    class Dumper(yaml.SafeDumper):
        pass

    def decimal(dumper: Any, value: Decimal) -> Any:
        return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))

    def literal(dumper: Any, value: IntLiteral) -> Any:
        return dumper.represent_scalar("tag:yaml.org,2002:int", value.literal)

    Dumper.add_representer(Decimal, decimal)
    Dumper.add_representer(IntLiteral, literal)
    return Dumper
