"""``civcheck regress``: golden answers files keep checklist edits honest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

from typer.testing import CliRunner

from civcheck.cli import app
from civcheck.render import renderers

HERE = Path(__file__).parent
EXAMPLES = HERE.parent / "examples"
HEXI = EXAMPLES / "chengjiao" / "2026-08" / "hexi--village-ring.yaml"
GOOD = HERE / "data" / "good.yaml"
CL = ["--checklists", str(HERE / "data" / "checklists")]

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["regress", *args, "--lang", "en"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def drifted(tmp_path: Path) -> Path:
    """hexi (August) with two wrong expectations: the expect block is on line 80."""
    text = HEXI.read_text(encoding="utf-8")
    text = text.replace("score: 79.4,", "score: 79.41,").replace("passed: false", "passed: true")
    path = tmp_path / "hexi.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_examples_score_as_they_expect() -> None:
    code, out, err = run(str(EXAMPLES))
    assert (code, out) == (0, "")
    assert "26 answers files score as they expect" in err


def test_a_mismatch_exits_1_with_a_table(tmp_path: Path) -> None:
    path = drifted(tmp_path)
    code, out, err = run(str(path))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split() == ["File", "Site", "Checklist", "Field", "Expected", "Got"]
    assert lines[2].split() == [f"{path}:80", "hexi", "village-ring", "2026.12", "score", "79.41", "79.40"]
    assert lines[3].split() == [f"{path}:80", "hexi", "village-ring", "2026.12", "passed", "true", "false"]
    assert "1 answers file carries expect: 1 does not score as expected" in err


def test_section_expectations_are_compared(tmp_path: Path) -> None:
    text = GOOD.read_text(encoding="utf-8") + "expect: {score: 73.33, sections: {roads: 86.67, market: 50}}\n"
    path = tmp_path / "good.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(str(path), *CL, "-f", "json")
    doc = json.loads(out)
    assert code == 1
    (m,) = doc["mismatches"]
    assert (m["field"], m["expected"], m["got"], m["line"]) == ("sections.market", "50.00", "60.00", text.count("\n"))


def test_files_without_expect_are_counted_not_compared(tmp_path: Path) -> None:
    shutil.copy(GOOD, tmp_path / "good.yaml")
    code, out, err = run(str(tmp_path), *CL)
    assert (code, out) == (0, "")
    assert "1 answers file has no expect block" in err and "no answers file carries an expect block" in err


def test_input_problems_exit_2_after_the_rest(tmp_path: Path) -> None:
    path = drifted(tmp_path)
    (tmp_path / "broken.yaml").write_text("format: civcheck.answers/1\nchecklist: [\n", encoding="utf-8")
    code, out, err = run(str(tmp_path))
    assert code == 2
    assert f"{path}:80" in out
    assert f"{tmp_path / 'broken.yaml'}:" in err
    assert run(str(tmp_path / "nothing-here"))[0] == 2


def test_nothing_to_check_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = run(str(tmp_path))
    assert code == 2 and "no answers files found" in err


def test_junit(tmp_path: Path) -> None:
    shutil.copy(HEXI.parent / "xinglong--village-ring.yaml", tmp_path / "xinglong.yaml")
    path = drifted(tmp_path)
    code, out, _ = run(str(tmp_path), "-f", "junit")
    assert code == 1
    root = ET.fromstring(out)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "0")
    failed = [case for case in root.iter("testcase") if case.find("failure") is not None]
    assert [case.get("classname") for case in failed] == [str(path)]
    failure = failed[0].find("failure")
    assert failure is not None
    assert failure.get("message") == f"{path}:80:17: score: expected 79.41, got 79.40"


def test_github_and_every_format(tmp_path: Path) -> None:
    path = drifted(tmp_path)
    code, out, _ = run(str(path), "-f", "github")
    assert code == 1
    assert out.splitlines()[0] == (
        f"::error file={path},line=80,col=17,title=civcheck regress::score: expected 79.41, got 79.40"
    )
    assert set(renderers("regress")) == {"table", "json", "junit", "github"}
    for fmt in renderers("regress"):
        assert run(str(path), "-f", fmt)[0] == 1
