"""``civcheck diff``: what changed between checklist versions, and the unbumped version CI must catch."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from builders import checklist, item, section
from typer.testing import CliRunner

from civcheck.cli import app
from civcheck.diff import Change, compare
from civcheck.model import Checklist, Text

HERE = Path(__file__).parent
MINI = HERE / "data" / "checklists" / "mini.yaml"
FARMERS = HERE.parent / "checklists" / "farmers-market.yaml"

runner = CliRunner()


def base() -> Checklist:
    return checklist(
        section("roads", item("R-1", 10, "deduct", per=2), item("R-2", 5)),
        section("market", item("M-1", 5, critical=True, na=False), item("M-2", 5, "grade")),
    )


def changes(old: Checklist, new: Checklist) -> list[tuple[str, str, str, object, object, bool]]:
    return [(c.scope, c.id, c.field, c.old, c.new, c.scoring) for c in compare(old, new).changes]


def with_item(cl: Checklist, item_id: str, **fields: object) -> Checklist:
    def fix(sec):  # type: ignore[no-untyped-def]
        return replace(
            sec,
            items=tuple(replace(i, **fields) if i.id == item_id else i for i in sec.items),  # type: ignore[arg-type]
        )

    return replace(cl, sections=tuple(fix(s) for s in cl.sections))


def test_no_change() -> None:
    diff = compare(base(), base())
    assert diff.changes == () and not diff.scoring_changed and not diff.unversioned


def test_repointed_item() -> None:
    new = with_item(base(), "R-2", points=Fraction(6))
    assert changes(base(), new) == [("item", "R-2", "points", 5, 6, True)]
    assert compare(base(), new).unversioned
    assert not compare(base(), replace(new, version="2")).unversioned


@pytest.mark.parametrize(
    ("fields", "field", "old", "new"),
    [
        ({"kind": "deduct", "per": Fraction(1)}, "kind", "check", "deduct"),
        ({"per": Fraction(5, 2)}, "per", 2, 2.5),
        ({"critical": True}, "critical", False, True),
        ({"na": False}, "na", True, False),
        ({"when": {"has_waterway": (True,)}}, "when", {}, {"has_waterway": [True]}),
    ],
)
def test_scoring_fields(fields: dict[str, object], field: str, old: object, new: object) -> None:
    target = "R-1" if field == "per" else "R-2"
    found = changes(base(), with_item(base(), target, **fields))
    assert (("item", target, field, old, new, True)) in found


def test_a_new_id_is_another_checklist() -> None:
    new = replace(with_item(base(), "R-2", points=Fraction(6)), id="t-chengjiao")
    diff = compare(base(), new)
    assert diff.scoring_changed and not diff.unversioned
    assert ("checklist", "t-chengjiao", "id", "t", "t-chengjiao", False) in changes(base(), new)


def test_rewording_is_not_scoring_relevant() -> None:
    new = with_item(base(), "R-2", text=Text({"zh": "道路标志完好", "en": "Signs intact"}), deadline_days=7)
    assert changes(base(), new) == [
        ("item", "R-2", "text", {"zh": "R-2"}, {"zh": "道路标志完好", "en": "Signs intact"}, False),
        ("item", "R-2", "deadline_days", None, 7, False),
    ]
    assert not compare(base(), new).unversioned


def test_added_removed_and_moved_items() -> None:
    old = base()
    r1, r2 = old.sections[0].items
    m1, m2 = old.sections[1].items
    new = replace(
        old,
        sections=(
            replace(old.sections[0], items=(r1, item("R-3", 4))),
            replace(old.sections[1], items=(m1, m2, r2)),
        ),
    )
    found = changes(old, new)
    added = {"section": "roads", "kind": "check", "points": 4, "text": {"zh": "R-3"}}
    assert ("item", "R-3", "added", None, added, True) in found
    assert ("item", "R-2", "section", "roads", "market", True) in found
    removed = replace(old, sections=(replace(old.sections[0], items=(r1,)), old.sections[1]))
    summary = {"section": "roads", "kind": "check", "points": 5, "text": {"zh": "R-2"}}
    assert changes(old, removed) == [("item", "R-2", "removed", summary, None, True)]


def test_sections_and_checklist_settings() -> None:
    old = base()
    new = replace(old, pass_mark=Fraction(80), sections=(*old.sections, section("toilets", item("T-1", 5))))
    found = changes(old, new)
    assert ("checklist", "t", "pass_mark", 60, 80, True) in found
    assert ("section", "toilets", "added", None, {"parent": ""}, True) in found
    weighted = replace(old, model="weighted")
    heavier = replace(weighted, sections=(replace(old.sections[0], weight=Fraction(2)), old.sections[1]))
    assert ("section", "roads", "weight", None, 2, True) in changes(weighted, heavier)
    points_only = replace(old, sections=(replace(old.sections[0], weight=Fraction(2)), old.sections[1]))
    assert changes(old, points_only) == [("section", "roads", "weight", None, 2, False)]


def test_level_fractions_are_compared_once() -> None:
    old = base()
    m2 = old.sections[1].items[1]
    levels = tuple(replace(lv, fraction=Fraction(3, 4)) if lv.id == "good" else lv for lv in m2.levels)
    new = with_item(old, "M-2", levels=levels)
    found = changes(old, new)
    assert [c[2] for c in found] == ["levels"]
    assert found[0][0] == "checklist" and found[0][3]["good"] == 0.8 and found[0][4]["good"] == 0.75


# -- the command ---------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["diff", *args, "--lang", "en"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def edited(tmp_path: Path, name: str, *pairs: tuple[str, str], source: Path = MINI) -> str:
    text = source.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_unversioned_scoring_change_exits_1(tmp_path: Path) -> None:
    new = edited(tmp_path, "new.yaml", ("points: 10", "points: 12"), ("total: 30", "total: 32"))
    code, out, _ = run(str(MINI), new)
    assert code == 1
    assert "    ~ item M-1.1  points: 10 → 12" in out.splitlines()
    assert "1 scoring-relevant change but version is still 1: bump version" in out


def test_bumped_version_exits_0(tmp_path: Path) -> None:
    new = edited(tmp_path, "new.yaml", ("points: 10", "points: 12"), ('version: "1"', 'version: "2"'))
    code, out, _ = run(str(MINI), new)
    assert code == 0
    assert "mini: 1 → 2" in out and "version bumped from 1 to 2" in out


def test_rewording_alone_exits_0(tmp_path: Path) -> None:
    new = edited(tmp_path, "new.yaml", ("en: No potholes", "en: No potholes at all"))
    code, out, _ = run(str(MINI), new)
    assert code == 0
    assert '    ~ item M-1.1  text.en: "No potholes" → "No potholes at all"' in out.splitlines()
    assert "No scoring-relevant change." in out


def test_json_output(tmp_path: Path) -> None:
    new = edited(tmp_path, "new.yaml", ("per: 2", "per: 1"))
    code, out, _ = run(str(MINI), new, "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["format"] == "civcheck.diff/1"
    (d,) = doc["diffs"]
    assert (d["old"]["version"], d["scoring_changed"], d["version_changed"], d["unversioned"]) == (
        "1",
        True,
        False,
        True,
    )
    assert d["changes"] == [{"scope": "item", "id": "M-1.1", "field": "per", "old": 2, "new": 1, "scoring": True}]


def test_invalid_input_exits_2(tmp_path: Path) -> None:
    bad = edited(tmp_path, "bad.yaml", ("points: 10", "points: 0"))
    code, _, err = run(str(MINI), bad)
    assert code == 2 and f"{bad}:22:17: points must be greater than 0" in err
    assert run(str(MINI))[0] == 2
    assert run(str(MINI), str(tmp_path / "missing.yaml"))[0] == 2


def test_a_bundled_checklist_against_an_edit(tmp_path: Path) -> None:
    new = edited(tmp_path, "fm.yaml", ("        critical: true\n", "        critical: false\n"), source=FARMERS)
    code, out, _ = run(str(FARMERS), new)
    assert code == 1 and "~ item FM-2.1  critical: true → false" in out


# -- --git ---------------------------------------------------------------------

needs_git = pytest.mark.skipif(
    shutil.which("git") is None, reason="git is not installed: civcheck diff --git is not run against a real repository"
)


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@needs_git
def test_git_revision(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "checklists").mkdir(parents=True)
    target = repo / "checklists" / "mini.yaml"
    shutil.copy(MINI, target)
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    assert run("--git", "HEAD", str(target))[0] == 0  # unchanged
    text = target.read_text(encoding="utf-8").replace("per: 2", "per: 3")
    target.write_text(text, encoding="utf-8")
    code, out, _ = run("--git", "HEAD", str(repo / "checklists"))
    assert code == 1 and f"(HEAD:{target} → {target})" in out and "per: 2 → 3" in out
    target.write_text(text.replace('version: "1"', 'version: "2"'), encoding="utf-8")
    assert run("--git", "HEAD", str(target))[0] == 0
    shutil.copy(MINI, repo / "checklists" / "new.yaml")
    code, _, err = run("--git", "HEAD", str(repo / "checklists" / "new.yaml"))
    assert code == 0 and "not in HEAD (a new checklist)" in err
    code, _, err = run("--git", "no-such-rev", str(target))
    assert code == 2 and "git knows no revision no-such-rev" in err
    outside = tmp_path / "outside.yaml"
    shutil.copy(MINI, outside)
    code, _, err = run("--git", "HEAD", str(outside))
    assert code == 2 and "cannot read git revision HEAD" in err


def test_change_records_are_plain_data() -> None:
    change = compare(base(), with_item(base(), "R-2", points=Fraction(1, 3))).changes[0]
    assert change == Change("item", "R-2", "points", 5, "1/3", True)
