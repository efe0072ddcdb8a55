"""Filled forms read back: a workbook (or the CSV a spreadsheet saves) into answers files.

Everything is found by its label — the checklist id and version, the site,
the column headings — so a sheet exported to CSV or laid out by hand reads
the same.  Answers are read with :func:`civcheck.kinds.parse_line`, the words
a clerk types at the terminal (达标/不达标/不适用, 优/良/中/差, counts).  Every
bad cell is reported as ``file:sheet!cell: message`` (CSV: ``file:cell``).
Each sheet is one site's answers and stands alone: a sheet with any bad cell
yields nothing, and the workbook's other sheets are still read.  Only what
concerns the whole file (it cannot be read, it unpacks too large, the
template's hidden sheet is damaged, no sheet is a form) refuses the file.
Hidden sheets are not read.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from civcheck import form_layout
from civcheck.errors import InputError, Problem
from civcheck.form_layout import FORM_SUFFIXES, label_key
from civcheck.formats.form_cells import CellProblem, Grid, bad_text, csv_grid, workbook_grids
from civcheck.formats.sheets import cell_date, cell_text
from civcheck.i18n import join, t
from civcheck.kinds import kind_of
from civcheck.model import Answer, Checklist, Item, Scalar, Site
from civcheck.words import condition, photo_list, show_value

if TYPE_CHECKING:
    from civcheck.catalog import Catalog

_BAD_NAME = re.compile(r'[/\\:*?"<>|\x00-\x1f]')  # a site id becomes a file name


_NUMBER = re.compile(r"^[-+]?([0-9]{1,15}(\.[0-9]{0,15})?|\.[0-9]{1,15})$")  # what a spreadsheet cell holds


@dataclass(frozen=True)
class Filled:
    """One filled form sheet: a site's answers to one checklist, ready to be written."""

    source: str  # "form.xlsx:兴隆村"
    checklist: Checklist
    site: Site
    round: str
    date: dt.date | None
    assessor: str
    answers: Mapping[str, Answer]
    site_cell: CellProblem  # where the site id was read, for problems found later

    @property
    def filename(self) -> str:
        from civcheck.text import file_stem

        return f"{file_stem(self.site.id)}--{self.checklist.id}.yaml"

    def applicable(self) -> list[Item]:
        return [item for item in self.checklist.iter_items() if item.applies_to(self.site.attributes)]


@dataclass(frozen=True)
class Form:
    """What one file held, sheet by sheet (each listed by its source, ``form.xlsx:兴隆村``).

    ``filled``: the good sheets; ``empty``: sheets nobody answered; ``hidden``:
    hidden sheets, not read; ``refused``: sheets with a bad cell, whose every
    problem is in ``problems`` (sheet by sheet, in the workbook's order).
    """

    filled: list[Filled]
    empty: list[str]
    hidden: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_form(path: str | Path, catalog: Catalog) -> Form:
    """Every form sheet in a workbook or CSV file: the good ones read, the bad ones refused with their problems.

    A form sheet with no answer at all is not read further (an untouched blank
    sheet is not an error) and is listed in :attr:`Form.empty`.  Raises
    :class:`InputError` only for what refuses the whole file: it cannot be
    read, its hidden template sheet is damaged, or no sheet is a form.
    """
    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix not in FORM_SUFFIXES:
        raise InputError.at(name, 1, 1, "form.suffix")
    hidden: list[str] = []
    if suffix == ".csv":
        grids, meta = [csv_grid(name)], dict[str, Site]()
    else:
        grids, meta, hidden = workbook_grids(name)
    form = Form([], [], hidden)
    found = False
    for grid in grids:
        problems = list(grid.problems)
        result = None if problems or bad_text(grid, problems) else _read_grid(grid, catalog, meta, problems)
        if problems:
            form.refused.append(grid.source)
            form.problems.extend(problems)
        elif result == "empty":
            form.empty.append(grid.source)
        elif isinstance(result, Filled):
            form.filled.append(result)
        found = found or result is not None
    if not found and not form.problems:
        raise InputError.at(name, 1, 1, "form.no_form")
    return form


_ATTRIBUTE = re.compile(r"^\s*(?:属性|attribute)\s*[:：]\s*(?:.*\[\s*(\S+?)\s*\]|(\S+))\s*$", re.IGNORECASE)


@dataclass
class _Found:
    """A labelled header value: the text and the 0-based cell it was read from."""

    value: Any
    row: int
    col: int


def _both_langs(key: str, **args: Any) -> tuple[str, str]:
    return t(key, "zh", **args), t(key, "en", **args)


def _read_grid(
    grid: Grid, catalog: Catalog, meta: Mapping[str, Site], problems: list[Problem]
) -> Filled | Literal["bad", "empty"] | None:
    """One sheet: a :class:`Filled`; "bad" (problems added), "empty" (nothing answered); None: no form."""
    labels, headings = form_layout.labels(), form_layout.headings()
    heading: int | None = None
    columns: dict[str, int] = {}
    for r, row in enumerate(grid.rows):
        found = {headings[k]: c for c, cell in enumerate(row) if (k := label_key(cell)) in headings}
        if "id" in found and "answer" in found:
            heading, columns = r, found
            break
    header: dict[str, _Found] = {}
    attrs: dict[str, _Found] = {}
    for r, row in enumerate(grid.rows[: heading if heading is not None else 60]):
        for c, cell in enumerate(row):
            name = labels.get(label_key(cell))
            if name is not None:
                header.setdefault(name, _Found(grid.value(r, c + 1), r, c + 1))
                continue
            match = _ATTRIBUTE.match(unicodedata.normalize("NFKC", cell_text(cell)))
            if match:
                attrs.setdefault(match.group(1) or match.group(2), _Found(grid.value(r, c + 1), r, c + 1))
    if heading is None and "checklist" not in header:
        return None  # a sheet of the clerk's own
    if heading is not None:
        col = columns["answer"]
        if not any(cell_text(grid.value(r, col)) for r in range(heading + 1, len(grid.rows))):
            return "empty"
    before = len(problems)
    if heading is None:
        names = {"id": _both_langs("form.h.id"), "answer": _both_langs("form.h.answer")}
        problems.append(grid.at(0, 0, "form.no_heading", names))
    checklist = _checklist(grid, header, catalog, problems)
    site_spot = header.get("site")
    site_id = cell_text(site_spot.value) if site_spot else ""
    site_cell = _missing(grid, header, "site")
    if not site_id:
        problems.append(site_cell)
    elif _BAD_NAME.search(site_id) or site_id.startswith("."):
        problems.append(replace(site_cell, key="form.bad_site_id", args={"id": site_id}, localized={}))
    date = _date(grid, header.get("date"), problems)
    if checklist is None or heading is None:
        return "bad"
    base = meta.get(site_id) or Site(site_id, type=checklist.site_types[0] if checklist.site_types else "")
    attributes = dict(base.attributes)
    for key, spot in attrs.items():
        text = cell_text(spot.value)
        known = base.attributes.get(key)
        if text and not (key in base.attributes and text in (show_value(known, "zh"), show_value(known, "en"))):
            attributes[key] = _attribute(text)  # as the cell says, unless it still shows the roster's value
    name_spot = header.get("name")
    name = cell_text(name_spot.value) if name_spot else ""
    site = replace(base, id=site_id, name=name or base.name, attributes=attributes)
    answers = _answers(grid, heading, columns, checklist, attributes, problems)
    if len(problems) > before:
        return "bad"
    round_spot, assessor_spot = header.get("round"), header.get("assessor")
    return Filled(
        source=grid.source,
        checklist=checklist,
        site=site,
        round=_round(round_spot.value) if round_spot else "",
        date=date,
        assessor=cell_text(assessor_spot.value) if assessor_spot else "",
        answers=answers,
        site_cell=site_cell,
    )


def _missing(grid: Grid, header: Mapping[str, _Found], name: str) -> CellProblem:
    """A "site ID is missing" problem at the cell beside its label (or A1 when the label is gone too)."""
    spot = header.get(name)
    row, col = (spot.row, spot.col) if spot else (0, 0)
    return grid.at(row, col, "form.missing", {"what": _both_langs("form.l." + name)})


def _checklist(grid: Grid, header: Mapping[str, _Found], catalog: Catalog, problems: list[Problem]) -> Checklist | None:
    spot = header.get("checklist")
    checklist_id = cell_text(spot.value) if spot else ""
    if spot is None or not checklist_id:
        problems.append(_missing(grid, header, "checklist"))
        return None
    version_spot = header.get("version")
    version = cell_text(version_spot.value) if version_spot else ""
    found = catalog.find(checklist_id, version or None)
    if found is not None:
        return found
    versions = catalog.versions(checklist_id)
    if not versions:
        known = ", ".join(catalog.ids()) or "-"
        problems.append(grid.at(spot.row, spot.col, "answers.unknown_checklist", id=checklist_id, known=known))
        return None
    listed = ", ".join(c.version for c in versions)
    if version and version_spot is not None:
        for candidate in versions:  # a CSV that went through Excel: "2026.10" came back as 2026.1
            numeric = _NUMBER.match(version) and _NUMBER.match(candidate.version)
            if numeric and Decimal(version) == Decimal(candidate.version):
                return candidate
        problems.append(grid.at(version_spot.row, version_spot.col, "answers.version", id=checklist_id,
                                version=version, versions=listed))  # fmt: skip
    else:
        where = version_spot or spot
        problems.append(grid.at(where.row, where.col, "answers.which_version", id=checklist_id, versions=listed))
    return None


def _attribute(text: str) -> Scalar:
    from civcheck.formats.sites import attribute_value

    return attribute_value(text)


def _round(value: Any) -> str:
    if isinstance(value, dt.datetime) and value.day == 1 and value.time() == dt.time():
        return value.strftime("%Y-%m")  # Excel read a typed 2026-08 as 1 August 2026
    return cell_text(value)


def _date(grid: Grid, spot: _Found | None, problems: list[Problem]) -> dt.date | None:
    """The form's date cell: a real date, or one typed as clerks type dates (see :func:`cell_date`)."""
    if spot is None:
        return None
    value = spot.value if isinstance(spot.value, (dt.date, dt.datetime)) else cell_text(spot.value)
    found = cell_date(unicodedata.normalize("NFKC", value) if isinstance(value, str) else value)
    if isinstance(found, str):
        problems.append(grid.at(spot.row, spot.col, "form.bad_date", got=found))
        return None
    return found


def _answers(
    grid: Grid,
    heading: int,
    columns: Mapping[str, int],
    checklist: Checklist,
    attributes: Mapping[str, Scalar],
    problems: list[Problem],
) -> dict[str, Answer]:
    from civcheck.kinds import parse_line

    items = {item.id: item for item in checklist.iter_items()}
    answers: dict[str, Answer] = {}
    where: dict[str, str] = {}
    id_col, answer_col = columns["id"], columns["answer"]
    for r in range(heading + 1, len(grid.rows)):
        item_id = cell_text(grid.value(r, id_col))
        raw = grid.value(r, answer_col)
        text = _answer_text(raw)
        if not item_id:
            if text:
                problems.append(grid.at(r, answer_col, "form.no_item"))
            continue
        item = items.get(item_id)
        if item is None:
            problems.append(grid.at(r, id_col, "answers.unknown_item", item=item_id, checklist=checklist.id))
            continue
        if item_id in where:
            problems.append(grid.at(r, id_col, "form.duplicate_item", item=item_id, cell=where[item_id]))
            continue
        where[item_id] = grid.ref(r, id_col)
        if not text:
            continue  # unanswered (未检): not an error
        parsed = parse_line(item, text)
        if parsed.kind != "answer" or parsed.answer is None:
            problems.append(_bad_answer(grid, r, answer_col, item, text, parsed.reason))
            continue
        answer = parsed.answer
        if answer.status != "na" and not item.applies_to(attributes):
            cond = {"cond": (condition(item, "zh", checklist), condition(item, "en", checklist))}
            problems.append(grid.at(r, answer_col, "form.not_applicable", cond, item=item.id))
            continue
        note = cell_text(grid.value(r, columns["note"])) if "note" in columns else ""
        evidence: tuple[str, ...] = ()
        if "evidence" in columns:
            evidence = photo_list(cell_text(grid.value(r, columns["evidence"])))
        answers[item_id] = replace(answer, note=note, evidence=evidence)
    return answers


def _answer_text(value: Any) -> str:
    text = cell_text(value)
    plain = unicodedata.normalize("NFKC", text).strip()
    if _NUMBER.match(plain):
        number = Decimal(plain)
        if number == number.to_integral_value() and number >= 0:
            return str(int(number))  # "3.0" and "+3" are three problems
    return text


def _bad_answer(grid: Grid, row: int, col: int, item: Item, text: str, reason: str) -> CellProblem:
    if reason == "a.na_refused":
        return grid.at(row, col, "form.na_refused", item=item.id)
    if kind_of(item).counts and _looks_numeric(text):
        return grid.at(row, col, "form.not_whole", item=item.id, got=text)
    choices = {"choices": (_choices_text(item, "zh"), _choices_text(item, "en"))}
    key = "form.ambiguous" if reason == "a.ambiguous" else "form.bad_word"
    return grid.at(row, col, key, choices, item=item.id, got=text)


def _looks_numeric(text: str) -> bool:
    plain = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if _NUMBER.match(plain) or re.match(r"^[-+]?\d+/\d+$", plain):
        return True
    try:
        Decimal(plain)
    except InvalidOperation:
        return False
    return True


def _choices_text(item: Item, lang: str) -> str:
    words = kind_of(item).form_words(item, lang) + ([t("form.w.na", lang)] if item.na else [])
    return join(words, lang)


def answers_yaml(filled: Filled, lang: str) -> str:
    """The answers file (format.md §2) for a filled sheet, checked by reading it back."""
    from civcheck.formats.answers import answers_document, answers_from_data, bind_answers, site_data
    from civcheck.formats.values import parse_document

    site = site_data(filled.site)
    if "attributes" in site:  # YAML has no Fraction: a roster's 1.5 (read as 3/2) is written 1.5 again
        site["attributes"] = {k: float(v) if isinstance(v, Fraction) else v for k, v in site["attributes"].items()}
    header: dict[str, Any] = {
        "checklist": filled.checklist.id,
        "checklist_version": filled.checklist.version,
        "site": site,
        "round": filled.round,
        "date": filled.date,
        "assessor": filled.assessor,
    }
    header = {key: value for key, value in header.items() if value not in ("", None)}
    order = [item.id for item in filled.checklist.iter_items()]
    body = answers_document(header, filled.answers, order)
    text = f"# {t('form.source', lang, source=filled.source)}\n{body}"
    try:
        bind_answers(answers_from_data(parse_document(text, filled.filename), filled.filename, text), filled.checklist)
    except InputError as exc:  # pragma: no cover - a bug in this module, not in the form
        raise RuntimeError(f"imported answers do not read back: {exc.problems[0].message('en')}") from None
    return text
