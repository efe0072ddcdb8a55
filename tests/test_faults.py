"""Rules a mutation run showed untested, each pinned by a test that fails when the rule is broken.

* files are written whole or not at all: with ``os.replace`` or ``fsync``
  failing, the old file is intact and no temporary file is left;
* the ledger keeps a hand-edited owner and problem text, and ``--due-by``
  reaches the tasks of sites nobody re-inspected;
* JSON numbers round half-up, not to even;
* ``when: true`` does not match an attribute of 1.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from builders import assessment, checklist, item, section

from civcheck.atomic import AtomicFile, write_atomic
from civcheck.errors import OutputError
from civcheck.ledger import Entry, Inspection, merge
from civcheck.model import Item, Text
from civcheck.scoring import score
from civcheck.views import json_of, view_of


def _fail(*_: object, **__: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("broken", ["replace", "fsync"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             broken: str) -> None:  # fmt: skip
    target = tmp_path / "answers.yaml"
    target.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(os, broken, _fail)
    with pytest.raises(OutputError):
        write_atomic(target, "new\n")
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["answers.yaml"]


@pytest.mark.parametrize("broken", ["replace", "fsync"])
def test_a_failed_stream_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              broken: str) -> None:  # fmt: skip
    target = tmp_path / "bulletin.json"
    target.write_text("old\n", encoding="utf-8")
    out = AtomicFile(target)
    out.write(b'{"results": [')
    assert target.read_text(encoding="utf-8") == "old\n"  # nothing reaches the target while it streams
    monkeypatch.setattr(os, broken, _fail)
    with pytest.raises(OutputError):
        out.commit()
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["bulletin.json"]


def test_a_write_becomes_visible_only_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.yaml"
    target.write_text("old\n", encoding="utf-8")
    seen: list[str] = []
    real_replace = os.replace

    def watch(src: str, dst: str) -> None:
        seen.append(target.read_text(encoding="utf-8"))  # what a reader sees just before the rename
        assert Path(src).read_text(encoding="utf-8") == "new\n"
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", watch)
    write_atomic(target, "new\n")
    assert seen == ["old\n"] and target.read_text(encoding="utf-8") == "new\n"


def entry(**kw: object) -> Entry:
    base: dict[str, object] = dict(
        id="s/c/X-1", site="s", site_name="S", township="", grid="", checklist="c", item="X-1", item_text="道路无坑洼",
        problem="道路无坑洼", lost=Decimal(2), owner="公路段", person="", remedy="修补", found_on=dt.date(2026, 7, 10),
        due=dt.date(2026, 7, 25), round="2026-07", rounds=("2026-07",),
    )  # fmt: skip
    base.update(kw)
    return Entry(**base)  # type: ignore[arg-type]


def test_a_hand_edited_owner_and_problem_text_are_carried() -> None:
    old = entry(owner="城管中队（手填）", problem="东街3处坑洼（手填）")
    found_again = entry(found_on=dt.date(2026, 8, 12), round="2026-08", rounds=("2026-08",))  # no new note
    (merged,) = merge([old], [found_again], {("s", "c"): Inspection(dt.date(2026, 8, 12))})
    assert (merged.owner, merged.problem) == ("城管中队（手填）", "东街3处坑洼（手填）")
    noted = entry(problem="东街仍有1处坑洼", round="2026-08", rounds=("2026-08",))
    (merged,) = merge([old], [noted], {("s", "c"): Inspection(dt.date(2026, 8, 12))})
    # the clerk's text stays; this round's own note joins the task's history, so nothing is lost
    assert merged.problem == "东街3处坑洼（手填）"
    assert merged.history == ("2026-07-10 复查：东街仍有1处坑洼",)


def test_due_by_reaches_tasks_of_sites_not_reinspected() -> None:
    old = entry(due=dt.date(2026, 9, 30))
    (merged,) = merge([old], [], {}, due_by=dt.date(2026, 8, 31))
    assert (merged.status, merged.due) == ("open", dt.date(2026, 8, 31))


def test_json_numbers_round_half_up_not_to_even() -> None:
    # 8 points, 1 lost: impact 12.5 exactly; with no decimals half-up gives 13 (to even: 12)
    listed = checklist(section("a", item("X-1", 1), item("X-2", 7)), decimals=0)
    view = json_of(view_of(score(listed, assessment({"X-1": "fail", "X-2": "pass"})), "zh"))
    assert view["score"] == 88.0  # 87.5 -> 88 (to even: 88 as well)
    assert view["gaps"][0]["impact"] == 13.0
    halves = checklist(section("a", item("X-1", "0.5"), item("X-2", "7.5")), decimals=0)
    view = json_of(view_of(score(halves, assessment({"X-1": "fail", "X-2": "pass"})), "zh"))
    assert (view["score"], view["gaps"][0]["lost"], view["gaps"][0]["impact"]) == (94.0, 1, 6.0)  # 93.75, 0.5, 6.25


def test_when_true_does_not_match_one() -> None:
    flagged = Item("X", Text({"zh": "x"}), Fraction(1), when={"has_waterway": (True,)})
    assert flagged.applies_to({"has_waterway": True})
    assert not flagged.applies_to({"has_waterway": 1})
    counted = Item("X", Text({"zh": "x"}), Fraction(1), when={"rooms": (1,)})
    assert counted.applies_to({"rooms": 1}) and not counted.applies_to({"rooms": True})
