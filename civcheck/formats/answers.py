"""Answers files (format.md §2): read in two steps, and written back.

An answers file is first checked on its own (:func:`read_answers`: its
format, checklist and site), then bound to its checklist
(:func:`bind_answers`: every answer checked against its item's kind).  The
writer (:func:`answers_document`) is the reader's inverse: what ``assess``
and ``import`` save reads back as written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civcheck.formats.reader import Doc, Issue, Map, number, show, top_mapping, type_name
from civcheck.formats.scalars import DocPath, IntLiteral
from civcheck.formats.sites import SITE_KEYS, site_map
from civcheck.formats.text import read_text
from civcheck.formats.values import parse_document
from civcheck.kinds import AnswerError, kind_of
from civcheck.model import Answer, Assessment, Checklist, Expect, Item, Site

if TYPE_CHECKING:
    from civcheck.catalog import Catalog

ANSWERS_FORMAT = "civcheck.answers/1"


_ANSWERS_KEYS = ("format", "checklist", "checklist_version", "site", "round", "date", "assessor", "answers", "expect")


_ANSWER_KEYS = ("status", "level", "found", "note", "evidence", "fixed_on_site", "owner", "person", "due")


_EXPECT_KEYS = ("score", "grade", "passed", "vetoed", "sections")


class RawAnswers:
    """An answers file checked on its own, before its checklist is known."""

    def __init__(self, name: str, text: str, data: dict[str, Any], top: Map) -> None:
        self.name = name
        self.text = text
        self.data = data
        self.top = top
        self.checklist: str = data["checklist"]
        version = data.get("checklist_version")
        self.version: str | None = None if version is None else str(version)


def read_answers(path: str | Path) -> RawAnswers:
    """Read an answers file and check what does not need its checklist."""
    name = str(path)
    text = read_text(path)
    return answers_from_data(parse_document(text, name), name, text)


def answers_from_data(data: Any, name: str, text: str) -> RawAnswers:
    doc = Doc(name, text)
    top = top_mapping(doc, data, "answers file", ANSWERS_FORMAT)
    doc.guard(lambda: top.only(_ANSWERS_KEYS))
    doc.guard(lambda: top.string("checklist", required=True))
    doc.guard(lambda: top.string("checklist_version"))
    doc.guard(lambda: top.require("site"))
    doc.guard(lambda: top.require("answers"))
    doc.raise_if_any()
    return RawAnswers(name, text, data, top)


def bind_answers(raw: RawAnswers, checklist: Checklist) -> Assessment:
    """Check *raw* against its *checklist* and build the assessment."""
    doc = Doc(raw.name, raw.text)
    top = raw.top
    site = doc.guard(lambda: _site(top))
    round_ = doc.guard(lambda: top.string("round", required=top.has("round"))) or ""
    date = doc.guard(lambda: top.date("date"))
    assessor = doc.guard(lambda: top.string("assessor")) or ""
    expect = doc.guard(lambda: _expect(top)) if top.has("expect") else None
    answers: dict[str, Answer] = {}
    raw_answers = top.data["answers"]
    if raw_answers is None:
        raw_answers = {}
    if not isinstance(raw_answers, dict):
        doc.add(top.issue("answers", "schema.type", expected="mapping", got=type_name(raw_answers), what="answers"))
    else:
        items, cache = _answer_cache(checklist)
        for item_id, value in raw_answers.items():
            # Most answers are short scalars (pass, 0, good): checked once per checklist, then shared.
            plain = type(value) is str or (isinstance(value, int) and not isinstance(value, bool))
            if plain:
                hit = cache.get((item_id, value))
                if hit is not None:
                    answers[item_id] = hit
                    continue
            elif type(value) is dict:
                quick = _quick_mapping(item_id, value, items, cache)
                if quick is not None:
                    answers[item_id] = quick
                    continue
            answer = doc.guard(partial(_answer, item_id, value, items, checklist))
            if answer is not None:
                answers[item_id] = answer
                if plain and len(cache) < 100_000:
                    cache[(item_id, value)] = answer
    doc.raise_if_any()
    assert site is not None
    return Assessment(
        checklist=checklist.id,
        checklist_version=raw.version,
        site=site,
        answers=answers,
        round=round_,
        date=date,
        assessor=assessor,
        expect=expect,
        path=raw.name,
    )


_CACHES: dict[int, tuple[Checklist, dict[str, Item], dict[tuple[Any, ...], Answer]]] = {}


def _answer_cache(checklist: Checklist) -> tuple[dict[str, Item], dict[tuple[Any, ...], Answer]]:
    """The checklist's items by id, and the answers already read for scalar values (frozen, so shared)."""
    cached = _CACHES.get(id(checklist))
    if cached is None or cached[0] is not checklist:
        if len(_CACHES) > 64:
            _CACHES.clear()
        cached = (checklist, {item.id: item for item in checklist.iter_items()}, {})
        _CACHES[id(checklist)] = cached
    return cached[1], cached[2]


_CORE_FIELDS = ("status", "level", "found")


def _quick_mapping(
    item_id: str, value: dict[str, Any], items: Mapping[str, Item], cache: dict[tuple[Any, ...], Answer]
) -> Answer | None:
    """The common answer with a note — ``{found: 2, note: …, evidence: […]}`` — read without the general reader.

    Only what is certainly valid is taken: one core key whose value was
    already checked for this item and field, a note that is non-blank text, an
    evidence that is text or a list of text.  Anything else (``None`` here) goes
    through :func:`_answer`, which reads it in full or says what is wrong.
    """
    field = ""
    for key in value:
        if key in _CORE_FIELDS:
            if field:
                return None
            field = key
        elif key != "note" and key != "evidence":
            return None
    raw = value.get(field)
    if not field or not (type(raw) is str or type(raw) is int or type(raw) is IntLiteral):
        return None
    core = cache.get((item_id, field, raw))
    if core is None:
        item = items.get(item_id)
        if item is None:
            return None
        try:
            core = _answer_value(item, raw, ("answers", item_id, field), field)
        except Issue:
            return None
        if len(cache) < 100_000:
            cache[(item_id, field, raw)] = core
    note = value.get("note", "")
    if type(note) is not str or (note and not note.strip()):
        return None
    evidence = value.get("evidence", ())
    if type(evidence) is str:
        evidence = (evidence,)
    elif type(evidence) is list and all(type(e) is str for e in evidence):
        evidence = tuple(evidence)
    elif evidence != ():
        return None
    return Answer(item_id, core.status, core.level, core.found, note, evidence)


def _site(top: Map) -> Site:
    return site_map(Map(top.data["site"], top.at("site"), "site"), SITE_KEYS)


def _expect(top: Map) -> Expect:
    exp = Map(top.data["expect"], top.at("expect"), "expect")
    exp.only(_EXPECT_KEYS)
    score: Fraction | None = None
    if exp.has("score") and exp.data["score"] is not None:
        score = exp.number("score")
    sections: dict[str, Fraction | None] = {}
    if exp.has("sections"):
        raw = Map(exp.data["sections"], exp.at("sections"), "expect.sections")
        for key, value in raw.data.items():
            sections[key] = None if value is None else number(value, raw.at(key), key)
    passed = exp.boolean("passed", False) if exp.has("passed") else None
    vetoed = exp.boolean("vetoed", False) if exp.has("vetoed") else None
    return Expect(
        score=score,
        has_score=exp.has("score"),
        grade=exp.string("grade") or None,
        passed=passed,
        vetoed=vetoed,
        sections=sections,
    )


def _answer(item_id: str, value: Any, items: Mapping[str, Item], checklist: Checklist) -> Answer:
    path: DocPath = ("answers", item_id)
    item = items.get(item_id)
    if item is None:
        raise Issue(path, "answers.unknown_item", at_key=True, item=item_id, checklist=checklist.id)
    if isinstance(value, dict):
        ans = Map(value, path, item_id)
        ans.only(_ANSWER_KEYS)
        given = [key for key in ("status", "level", "found") if key in value]
        if len(given) > 1:
            raise ans.issue(given[1], "answers.both", at_key=True, first=given[0], second=given[1])
        if not given:
            raise Issue(path, "answers.no_value", item=item_id)
        field = given[0]
        core = _answer_value(item, value[field], (*path, field), field)
        evidence = ans.strings("evidence")
        fixed = ans.boolean("fixed_on_site", False) if ans.has("fixed_on_site") else None
        return Answer(
            item=item_id,
            status=core.status,
            level=core.level,
            found=core.found,
            note=ans.string("note"),
            evidence=evidence,
            fixed_on_site=fixed,
            owner=ans.string("owner"),
            person=ans.string("person"),
            due=ans.date("due"),
        )
    return _answer_value(item, value, path, None)


def _answer_value(item: Item, value: Any, path: DocPath, field: str | None) -> Answer:
    """Read the core of an answer: ``na``, or what the item's kind takes (a status, a level or a count)."""
    kind = kind_of(item)
    if value == "na" and field in (None, "status"):
        if not item.na:
            raise Issue(path, "answers.na_refused", item=item.id)
        return Answer(item.id, status="na")
    try:
        if field not in (None, kind.field) and not (field == "status" and value == "pass" and kind.counts):
            raise AnswerError(f"answers.{ {'check': 'check_value', 'grade': 'grade_value'}.get(kind.name, 'found') }",
                              item=item.id, known=", ".join(level.id for level in item.levels))  # fmt: skip
        return kind.from_file(item, value)
    except AnswerError as bad:
        raise Issue(path, bad.key, **{"got": show(value), **bad.args_}) from None


def checklist_for(raw: RawAnswers, catalog: Catalog) -> Checklist:
    """The checklist an answers file names; a located error names what exists."""
    found = catalog.find(raw.checklist, raw.version)
    if found is not None:
        return found
    versions = catalog.versions(raw.checklist)
    doc = Doc(raw.name, raw.text)
    if not versions:
        known = ", ".join(catalog.ids()) or "-"
        doc.add(raw.top.issue("checklist", "answers.unknown_checklist", id=raw.checklist, known=known))
    elif raw.version is None:
        doc.add(Issue((), "answers.which_version", id=raw.checklist, versions=", ".join(c.version for c in versions)))
    else:
        doc.add(
            raw.top.issue(
                "checklist_version",
                "answers.version",
                id=raw.checklist,
                version=raw.version,
                versions=", ".join(c.version for c in versions),
            )
        )
    doc.raise_if_any()
    raise AssertionError("unreachable")


def load_assessment(path: str | Path, catalog: Catalog) -> tuple[Checklist, Assessment]:
    """Read an answers file and bind it to its checklist from *catalog*."""
    raw = read_answers(path)
    checklist = checklist_for(raw, catalog)
    return checklist, bind_answers(raw, checklist)


# --------------------------------------------------------------------------
# Writing: the file is written in checklist order with short forms where they say everything
# (``MT-1.2: pass``) and mappings where there is a note, so that a file saved by ``civcheck assess``
# reads like one typed by hand, and the same answers always give byte-identical files.


def answer_data(answer: Answer) -> Any:
    """An answer as YAML-ready data: a scalar, or a mapping when it carries more."""
    if answer.status == "na":
        core: tuple[str, Any] = ("status", "na")
    elif answer.status is not None:
        core = ("status", answer.status)
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
    from :mod:`civcheck.formats.values` as Decimal and IntLiteral; they are written as
    they were typed (``75.83``, ``0012``).
    """
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def decimal(dumper: Any, value: Decimal) -> Any:
        return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))

    def literal(dumper: Any, value: IntLiteral) -> Any:
        return dumper.represent_scalar("tag:yaml.org,2002:int", value.literal)

    Dumper.add_representer(Decimal, decimal)
    Dumper.add_representer(IntLiteral, literal)
    return Dumper
