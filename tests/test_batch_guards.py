"""Batches that mean something: one round ranked at a time, no site twice, no gate passed on nothing.

Every case runs ``civcheck score`` (or ``ledger``) as a user would, on small
answers files made from tests/data/good.yaml (mini checklist: 22 of 30
points = 73.33) with their round, site and answers changed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from civcheck.cli import app

HERE = Path(__file__).parent
MINI = HERE / "data" / "checklists"
GOOD = (HERE / "data" / "good.yaml").read_text(encoding="utf-8")
runner = CliRunner()


def answers(
    folder: Path, name: str, round_: str | None = "2026-07", site: str = "s1", changes: dict[str, str] | None = None
) -> Path:
    text = GOOD.replace("{id: s1,", "{id: " + site + ",")
    text = text.replace('round: "2026-07"\n', "" if round_ is None else f'round: "{round_}"\n')
    for item, value in (changes or {}).items():
        text = re.sub(rf"(?m)^  {re.escape(item)}: .*$", f"  {item}: {value}", text)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def score(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["score", *args, "--checklists", str(MINI), "--lang", "en"])
    return result.exit_code, result.stdout, result.stderr


def test_without_round_the_latest_round_is_ranked_and_the_others_named(tmp_path: Path) -> None:
    answers(tmp_path, "a-07.yaml", "2026-07")
    answers(tmp_path, "a-08.yaml", "2026-08", changes={"M-2.2": "pass"})
    answers(tmp_path, "b-08.yaml", "2026-08", site="s2")
    code, stdout, stderr = score(str(tmp_path), "--format", "json")
    assert code == 0, stderr
    doc = json.loads(stdout)
    assert [(r["site"]["id"], r["round"], r["score"]) for r in doc["results"]] == [
        ("s1", "2026-08", 90.0),  # 27 of 30
        ("s2", "2026-08", 73.33),
    ]
    assert stderr.splitlines()[0] == (
        "the answers hold 2 rounds (2026-07, 2026-08); ranking only the latest, 2026-08. Choose one with --round, "
        "or rank each apart with --round all"
    )


def test_round_all_ranks_each_round_apart(tmp_path: Path) -> None:
    answers(tmp_path, "a-07.yaml", "2026-07")
    answers(tmp_path, "a-08.yaml", "2026-08", changes={"M-2.2": "pass"})
    answers(tmp_path, "b-08.yaml", "2026-08", site="s2")
    code, stdout, stderr = score(str(tmp_path), "--round", "all", "--format", "csv")
    assert code == 0, stderr
    rows = [line.split(",") for line in stdout.lstrip("\ufeff").splitlines()]
    assert [(r[0], r[2], r[7], r[8]) for r in rows[1:]] == [
        ("1", "s1", "2026-07", "73.33"),  # round 2026-07: one site, rank 1
        ("1", "s1", "2026-08", "90.00"),  # round 2026-08 ranked apart: ranks start again
        ("2", "s2", "2026-08", "73.33"),
    ]


def test_a_round_that_matches_nothing_is_an_error_naming_the_rounds(tmp_path: Path) -> None:
    answers(tmp_path, "a-07.yaml", "2026-07")
    answers(tmp_path, "a-08.yaml", "2026-08")
    code, _stdout, stderr = score(str(tmp_path), "--round", "2026-8", "--fail-under", "80")
    assert code == 2
    assert stderr.strip() == "civcheck: no answers of round 2026-8 (rounds found: 2026-07, 2026-08)"


def test_a_file_without_a_round_beside_named_rounds_is_reported_not_dropped(tmp_path: Path) -> None:
    answers(tmp_path, "a.yaml", "2026-07")
    nameless = answers(tmp_path, "b.yaml", None, site="s2")
    code, _stdout, stderr = score(str(tmp_path))
    assert code == 2
    assert f"{nameless}:1:1: the file names no round, so it cannot be ranked in round 2026-07; add a round" in stderr


def test_two_files_for_one_site_checklist_and_round_are_an_error_naming_both(tmp_path: Path) -> None:
    first = answers(tmp_path, "a.yaml")
    second = answers(tmp_path, "b.yaml", changes={"M-2.2": "pass"})
    answers(tmp_path, "c.yaml", site="s3")
    code, stdout, stderr = score(str(tmp_path), "--format", "json")
    assert code == 2
    doc = json.loads(stdout)
    assert [r["site"] for r in doc["ranking"]] == ["s3"]  # the rest is still scored and ranked
    lines = stderr.splitlines()
    assert (
        f"{second}:1:1: site s1 already has answers for mini in round 2026-07 in {first}: one file per site, "
        "checklist and round; neither is ranked"
    ) in lines
    assert any(line.startswith(f"{first}:1:1: site s1 already has answers") and str(second) in line for line in lines)


def test_the_ledger_does_not_list_a_duplicated_sites_tasks_twice(tmp_path: Path) -> None:
    answers(tmp_path, "a.yaml")
    answers(tmp_path, "b.yaml")
    result = runner.invoke(
        app, ["ledger", str(tmp_path), "--checklists", str(MINI), "--format", "json", "--lang", "en"]
    )
    assert result.exit_code == 2
    assert json.loads(result.stdout)["entries"] == []
    assert "neither is ranked" in result.stderr


def test_nothing_scored_never_passes_a_gate(tmp_path: Path) -> None:
    (tmp_path / "sites.yaml").write_text("format: civcheck.sites/1\nsites: []\n", encoding="utf-8")
    code, _stdout, stderr = score(str(tmp_path), "--fail-under", "60")
    assert code == 1
    assert "nothing was scored, so --fail-under cannot pass" in stderr


def test_a_failed_gate_names_the_sites_under_it(tmp_path: Path) -> None:
    answers(tmp_path, "a.yaml")  # 73.33
    answers(tmp_path, "b.yaml", site="s2", changes={"M-2.2": "pass"})  # 90.00
    answers(tmp_path, "c.yaml", site="s3", changes={"M-2.1": "fail"})  # vetoed
    code, _, stderr = score(str(tmp_path), "--fail-under", "80")
    assert code == 1
    lines = stderr.splitlines()
    assert "under 80 or vetoed: 测试点 (s1) mini 73.33" in lines
    assert "under 80 or vetoed: 测试点 (s3) mini 56.67 vetoed (M-2.1)" in lines  # the veto overrides the score
    assert not any("(s2)" in line for line in lines)
    code, _, _ = score(str(tmp_path / "b.yaml"), "--fail-under", "80")
    assert code == 0


def test_an_unfinished_self_check_is_marked_everywhere_and_counted_apart(tmp_path: Path) -> None:
    answers(tmp_path, "a.yaml", site="s2", changes={"M-2.2": "pass"})
    text = GOOD.replace("  M-1.2: pass\n", "").replace("  M-2.3: good\n", "").replace("  M-2.1: pass\n", "")
    (tmp_path / "b.yaml").write_text(text.replace("  M-2.2: fail\n", "  M-2.2: fail\n  M-2.1: fail\n"), "utf-8")
    code, stdout, stderr = score(str(tmp_path), "--format", "md")
    assert code == 0, stderr
    assert "2 results: 1 passed, 0 failed, 0 vetoed; 1 unfinished (counted apart)" in stdout
    table = next(line for line in stdout.splitlines() if "(s1)" in line)
    # 3 of the 5 applicable items answered; its veto may change when the rest are answered
    assert "| unfinished 3/5 |" in table and "| yes (provisional) (M-2.1) |" in table
    code, stdout, _ = score(str(tmp_path), "--format", "csv")
    assert "unfinished 3/5" in stdout and "yes (provisional) (M-2.1)" in stdout
    code, stdout, _ = score(str(tmp_path))
    assert "unfinished 3/5" in stdout
    code, stdout, _ = score(str(tmp_path), "--format", "json")
    result = next(r for r in json.loads(stdout)["results"] if r["site"]["id"] == "s1")
    assert (result["complete"], result["vetoed"], result["missing"]) == (False, True, ["M-1.2", "M-2.3"])
    for fmt in ("table", "md", "html"):  # the report of that one site says so too
        out = tmp_path / f"r.{fmt}"
        report = runner.invoke(app, ["report", str(tmp_path / "b.yaml"), "-f", fmt, "-o", str(out),
                                     "--checklists", str(MINI), "--lang", "en"])  # fmt: skip
        assert report.exit_code == 0, report.stderr
        page = out.read_text(encoding="utf-8")
        assert "yes (provisional) (M-2.1)" in page and "unfinished 3/5" in page, fmt


def test_a_round_with_a_tag_or_an_anchor_is_read_by_the_parser_not_guessed(tmp_path: Path) -> None:
    answers(tmp_path, "a.yaml", "2026-08")
    tagged = answers(tmp_path, "b.yaml", "2026-08", site="s2")
    tagged.write_text(tagged.read_text(encoding="utf-8").replace('round: "2026-08"', "round: !!str 2026-08"))
    bad = answers(tmp_path, "c.yaml", "2026-08", site="s3")
    bad.write_text(bad.read_text(encoding="utf-8").replace('round: "2026-08"', "round: !!int [1]"))
    code, stdout, stderr = score(str(tmp_path), "--format", "json")
    assert code == 2  # the broken one is reported, not dropped
    assert [r["site"]["id"] for r in json.loads(stdout)["results"]] == ["s1", "s2"]  # one round: 2026-08
    assert "rounds" not in stderr and f"{bad}:5:8: YAML tag !!int is not allowed" in stderr
