"""The answers file a self-check writes: started or resumed, saved after every answer, never clobbered.

``civcheck assess`` (or any program) calls :func:`start_or_resume`, then
:meth:`AnswersFile.save` after each answer.  What it guarantees:

* every save is atomic (the old file or the new one, never a torn mix);
* a file changed by someone else since it was read — a second ``assess`` on
  the same file, a clerk's editor — is read again and merged: answers only
  they changed are taken, answers only this session changed are kept, and
  an item both changed differently stops the session with
  :class:`ChangedElsewhere` naming it, after saving theirs — no answer is
  dropped without saying so;
* a resumed file keeps what a person wrote in it: comments, anchors,
  ``expect:`` blocks and ``x-`` keys (a file with comments is edited in place
  with ruamel.yaml; a plain one is written in the canonical layout);
* ``--out x.json`` writes JSON, which every command reads back.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from civcheck.errors import InputError, UsageError
from civcheck.formats.answers import answer_data, answers_document, site_data
from civcheck.i18n import extend
from civcheck.model import Answer, Checklist, Site

if TYPE_CHECKING:
    from civcheck.catalog import Catalog

Stamp = tuple[int, int, int]

extend(
    {
        "a.other_round": (
            "{path} 是 {theirs} 轮的答卷，本次自查为 {ours} 轮，不在其上续写：继续 {theirs} 轮请用 --round {theirs}；"
            "开始 {ours} 轮请另用一个答卷（默认文件名含轮次），可加 --from {path} 以上轮答案为起点",
            "{path} holds the {theirs} round and this self-check is {ours}: it is not continued. To resume {theirs}, "
            "use --round {theirs}; to start {ours}, use another answers file (the default name carries the round), "
            "with --from {path} to start from last round's answers",
        ),
        "a.from_same_round": (
            "--from {path} 与本次同为 {round} 轮：继续该答卷请用 --out {path}",
            "--from {path} is of this round ({round}) too: to continue it, use --out {path}",
        ),
    }
)


class ChangedElsewhere(Exception):
    """The file was changed by someone else, and some items were answered differently there."""

    def __init__(self, items: list[tuple[str, Answer | None, Answer]]) -> None:
        super().__init__(", ".join(item for item, _, _ in items))
        self.items = items  # (item, their answer, ours) for each conflict


def _stamp(path: Path) -> Stamp | None:
    """What tells one version of the file from the next: a new inode at each atomic save, mtime, size."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


@dataclass
class AnswersFile:
    """One site's answers to one checklist, as kept on disk during a self-check."""

    path: Path
    checklist: Checklist
    site: Site
    header: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    original: str | None = None  # the text resumed, kept when it holds what people wrote (comments, anchors)
    changed: set[str] = field(default_factory=set)  # header keys this session set anew
    base: dict[str, Answer] = field(default_factory=dict)  # the answers as last read from or written to disk
    stamp: Stamp | None = None

    @property
    def order(self) -> list[str]:
        return [item.id for item in self.checklist.iter_items()]

    def render(self, answers: Mapping[str, Answer]) -> str:
        """The file's text with *answers*: JSON for ``.json``, the resumed text edited in place, or canonical YAML."""
        present = {k: v for k, v in self.header.items() if v not in ("", None)}
        if self.path.suffix.lower() == ".json":
            return _json_document(present, answers, self.order, self.extra)
        if self.original is not None:
            return _edit_in_place(self.original, present, self.changed, answers, self.order)
        return answers_document(present, answers, self.order, self.extra)

    @property
    def round(self) -> str:
        return str(self.header.get("round") or "")

    def declare(self, attributes: Mapping[str, Any]) -> None:
        """Record site attributes the clerk stated (saved with the next answer, or by :meth:`save` at once)."""
        self.site = replace(self.site, attributes={**self.site.attributes, **attributes})
        self.header["site"] = site_data(self.site)
        self.changed.add("site")

    def save(self, answers: dict[str, Answer]) -> None:
        """Write *answers* atomically, merging what someone else saved meanwhile (see the module docstring)."""
        from civcheck.atomic import write_atomic

        conflicts: list[tuple[str, Answer | None, Answer]] = []
        if self.stamp is not None and _stamp(self.path) != self.stamp:
            theirs = self._reread()
            conflicts = _merge(self.base, answers, theirs)
        write_atomic(self.path, self.render(answers), rewrite=True)
        self.stamp = _stamp(self.path)
        self.base = dict(answers)
        if conflicts:
            raise ChangedElsewhere(conflicts)

    def _reread(self) -> dict[str, Answer]:
        from civcheck.formats.answers import bind_answers, read_answers

        raw = read_answers(self.path)
        theirs = dict(bind_answers(raw, self.checklist).answers)
        if self.path.suffix.lower() != ".json" and self.original is not None:
            from civcheck.formats.text import read_text

            self.original = read_text(self.path)  # their comments and layout too
        return theirs


def _merge(base: Mapping[str, Answer], ours: dict[str, Answer], theirs: Mapping[str, Answer]) -> list[Any]:
    """Fold *theirs* into *ours* (in place); the items both changed, differently, are returned and theirs kept."""
    conflicts = []
    for item in sorted(set(theirs) | set(ours)):
        mine, other, before = ours.get(item), theirs.get(item), base.get(item)
        if other in (before, mine):
            continue  # they did not change it, or changed it the same way
        if mine == before:  # only they changed it
            if other is not None:
                ours[item] = other
            continue
        conflicts.append((item, other, mine))
        if other is not None:
            ours[item] = other
    return conflicts


def _plain(value: Any) -> Any:
    """A value as JSON writes it: dates as ISO text, exact decimals as numbers."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _json_document(
    header: Mapping[str, Any], answers: Mapping[str, Answer], order: list[str], extra: Mapping[str, Any]
) -> str:
    doc: dict[str, Any] = {"format": "civcheck.answers/1", **header}
    doc["answers"] = {item: answer_data(answers[item]) for item in order if item in answers}
    doc.update(extra)
    return json.dumps(_plain(doc), ensure_ascii=False, indent=2) + "\n"


def keeps_handwriting(text: str) -> bool:
    """Whether a file holds what the canonical writer would drop: comments or anchors."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#") or " #" in line or "&" in line or "*" in stripped[:1]:
            return True
    return False


def _edit_in_place(
    original: str, header: Mapping[str, Any], changed: set[str], answers: Mapping[str, Answer], order: list[str]
) -> str:
    """The resumed text with its answers updated, its comments, anchors and layout kept (ruamel.yaml)."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.allow_unicode = True
    doc = yaml.load(original)
    keys = ["format", *header]
    for key in changed:
        if key not in header:
            continue
        if key in doc or not hasattr(doc, "insert"):
            doc[key] = header[key]
            continue
        before = [k for k in keys[: keys.index(key)] if k in doc]  # a key the file lacked goes where it belongs
        doc.insert(list(doc).index(before[-1]) + 1 if before else 0, key, header[key])
    block = doc.get("answers")
    if not isinstance(block, dict):
        doc["answers"] = block = {}
    for item in order:
        if item not in answers:
            continue
        value = answer_data(answers[item])
        if item in block:
            if block[item] != value:
                block[item] = value
            continue
        before = [k for k in order[: order.index(item)] if k in block]
        position = list(block).index(before[-1]) + 1 if before else 0
        if hasattr(block, "insert"):
            block.insert(position, item, value)
        else:
            block[item] = value
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def this_month(today: dt.date | None = None) -> str:
    """The round a self-check records when none is named: the current month, ``2026-12``."""
    return (today or dt.date.today()).strftime("%Y-%m")


def start_or_resume(
    path: Path,
    catalog: Catalog,
    checklist_id: str,
    site: Site,
    *,
    round_: str | None = None,
    assessor: str = "",
    attributes: Mapping[str, Any] | None = None,
) -> AnswersFile:
    """The answers file for *site* on a checklist: resumed when *path* exists, else started on the newest version.

    A round is always recorded: *round_*, else the resumed file's own, else
    the current month.  A file of another round is never resumed as this
    one (a :class:`~civcheck.errors.UsageError` naming both rounds): October's
    self-check does not silently become September's.  A file that holds
    another site's or checklist's answers is refused too: it is never overwritten.
    """
    if path.exists():
        return _resume(path, catalog, checklist_id, site.id, round_, assessor, attributes)
    checklist = catalog.newest(checklist_id)
    if checklist is None:
        raise UsageError("usage.no_checklist", id=checklist_id, known=", ".join(catalog.ids()) or "-")
    if attributes:
        site = replace(site, attributes={**site.attributes, **attributes})
    header = {
        "checklist": checklist.id,
        "checklist_version": checklist.version,
        "site": site_data(site),
        "round": round_ or this_month(),
        "date": dt.date.today(),
        "assessor": assessor,
    }
    return AnswersFile(path, checklist, site, header)


def _resume(
    path: Path,
    catalog: Catalog,
    checklist_id: str,
    site_id: str,
    round_: str | None,
    assessor: str,
    attributes: Mapping[str, Any] | None,
) -> AnswersFile:
    from civcheck.formats.answers import bind_answers, checklist_for, read_answers
    from civcheck.roster import same

    raw = read_answers(path)
    checklist = checklist_for(raw, catalog)
    assessment = bind_answers(raw, checklist)
    if checklist.id != checklist_id or assessment.site.id != site_id:
        raise UsageError("a.other_file", path=str(path), checklist=checklist.id, site=assessment.site.id)
    if round_ and assessment.round and round_ != assessment.round:
        raise UsageError("a.other_round", path=str(path), theirs=assessment.round, ours=round_)
    site = assessment.site
    header = {
        "checklist": checklist.id,
        "checklist_version": checklist.version,
        "site": site_data(site),
        "round": assessment.round,
        "date": assessment.date,
        "assessor": assessment.assessor,
    }
    changed = set()
    if attributes and any(key not in site.attributes or not same(site.attributes[key], value)
                          for key, value in attributes.items()):  # fmt: skip
        site = replace(site, attributes={**site.attributes, **attributes})
        header["site"] = site_data(site)
        changed.add("site")
    if not header["round"]:  # a file written before rounds were always recorded
        header["round"] = round_ or this_month()
        changed.add("round")
    if assessor and assessor != header["assessor"]:
        header["assessor"] = assessor
        changed.add("assessor")
    extra = {k: v for k, v in raw.data.items() if k not in ("format", "answers", *header)}
    original = raw.text if path.suffix.lower() != ".json" and keeps_handwriting(raw.text) else None
    answers = dict(assessment.answers)
    return AnswersFile(path, checklist, site, header, extra, answers, original, changed, dict(answers), _stamp(path))


@dataclass(frozen=True)
class Carried:
    """Last round's answers, offered one by one as the starting point of a new round (``assess --from``).

    Nothing here is an answer of the new round until the clerk confirms it
    at its item; photos are never carried (they show last round's street).
    """

    path: Path
    round: str
    site: Site
    answers: Mapping[str, Answer]
    dropped: tuple[str, ...]  # answered last round, but the item changed or is gone in the checklist used now


def carry_from(path: Path, catalog: Catalog, checklist: Checklist, site_id: str, round_: str) -> Carried:
    """The answers of *path* (another round of the same site and checklist) as proposals for *checklist*.

    An answer is offered only where it still means the same: the item is
    still there, of the same kind, and the level or 不适用 is still allowed.
    """
    from civcheck.formats.answers import bind_answers, checklist_for, read_answers

    raw = read_answers(path)
    old = checklist_for(raw, catalog)
    assessment = bind_answers(raw, old)
    if old.id != checklist.id or assessment.site.id != site_id:
        raise UsageError("a.other_file", path=str(path), checklist=old.id, site=assessment.site.id)
    if assessment.round == round_:
        raise UsageError("a.from_same_round", path=str(path), round=round_)
    items = {item.id: item for item in checklist.iter_items()}
    before = {item.id: item for item in old.iter_items()}
    kept: dict[str, Answer] = {}
    dropped = []
    for item_id, answer in assessment.answers.items():
        item = items.get(item_id)
        same = item is not None and item.kind == before[item_id].kind
        if same and item is not None:
            if answer.status == "na":
                same = item.na
            elif answer.level is not None:
                same = item.level(answer.level) is not None
        if not same:
            dropped.append(item_id)
            continue
        kept[item_id] = replace(answer, evidence=(), fixed_on_site=None, due=None)  # facts of last round only
    return Carried(path, assessment.round, assessment.site, kept, tuple(dropped))


__all__ = ["AnswersFile", "Carried", "ChangedElsewhere", "InputError", "carry_from", "start_or_resume", "this_month"]
