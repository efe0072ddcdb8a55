"""``civcheck lint`` as CI runs it: exit codes, output formats, options."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from civcheck.cli import app
from civcheck.cli.lint import default_format
from civcheck.render import Context, renderers

TESTS = Path(__file__).parent.parent
MINI = TESTS / "data" / "checklists" / "mini.yaml"
ROOT = TESTS.parent

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", *args], env={"GITHUB_ACTIONS": "", **(env or {})})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def broken(tmp_path: Path) -> Path:
    """mini with one error (points 0, line 22) and one warning (a text without English, line 36)."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace("points: 10", "points: 0").replace("{zh: 无以路为市, en: No trading on the road}", "无以路为市")
    text = text.replace("total: 30", "total: 20")
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def warned(tmp_path: Path) -> Path:
    text = MINI.read_text(encoding="utf-8").replace("{zh: 无以路为市, en: No trading on the road}", "无以路为市")
    path = tmp_path / "warned.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_checklists_exit_0() -> None:
    code, out, err = run(str(ROOT / "checklists"), "--lang", "en")
    assert (code, out) == (0, "")
    assert "14 files checked, no problems found" in err  # seven checklists, and their 2026.07 versions


def test_errors_exit_1_with_one_line_each(broken: Path) -> None:
    code, out, err = run(str(broken), "--lang", "en")
    assert code == 1
    assert out.splitlines() == [
        f"{broken}:22:17: error positive-points points must be greater than 0",
        f"{broken}:36:15: warning text-en M-2.1.text has no English (en) text",
    ]
    assert "1 file checked: 1 error, 1 warning" in err


def test_warnings_exit_0_unless_strict(warned: Path) -> None:
    assert run(str(warned))[0] == 0
    assert run(str(warned), "--strict")[0] == 1
    assert run(str(warned), "--strict", "--disable", "text-en")[0] == 0


def test_unreadable_input_exits_2_after_linting_the_rest(broken: Path, tmp_path: Path) -> None:
    code, out, err = run(str(broken), str(tmp_path / "nope.yaml"), "--lang", "en")
    assert code == 2
    assert "positive-points" in out
    assert f"{tmp_path / 'nope.yaml'}:1:1: no such file" in err


def test_usage_errors_exit_2(broken: Path) -> None:
    assert run("--lang", "en")[0] == 2
    code, _, err = run(str(broken), "--disable", "no-such-rule", "--lang", "en")
    assert code == 2 and "unknown rule no-such-rule" in err
    code, _, err = run(str(broken), "--disable", "syntax", "--lang", "en")
    assert code == 2 and "cannot be disabled" in err
    code, _, err = run(str(broken), "--format", "xml", "--lang", "en")
    assert code == 2 and "format xml is not available" in err


def test_json_format(broken: Path) -> None:
    code, out, _ = run(str(broken), "-f", "json", "--lang", "en")
    doc = json.loads(out)
    assert code == 1 and doc["format"] == "civcheck.lint/1"
    assert doc["problems"][0] == {
        "file": str(broken),
        "line": 22,
        "column": 17,
        "level": "error",
        "rule": "positive-points",
        "message": "points must be greater than 0",
    }
    assert doc["summary"] == {"files": 1, "errors": 1, "warnings": 1}


def test_junit_format(broken: Path, tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "mini.yaml")
    code, out, _ = run(str(broken), str(tmp_path / "mini.yaml"), "-f", "junit", "--lang", "en")
    assert code == 1
    root = ET.fromstring(out)
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "2", "1")
    cases = {case.get("name"): case for case in root.iter("testcase")}
    failure = cases[str(broken)].find("failure")
    assert failure is not None and "positive-points" in (failure.text or "") and "text-en" in (failure.text or "")
    assert cases[str(tmp_path / "mini.yaml")].find("failure") is None


def test_github_format_is_chosen_inside_github_actions(broken: Path) -> None:
    code, out, _ = run(str(broken), "--lang", "en", env={"GITHUB_ACTIONS": "true"})
    assert code == 1
    assert out.splitlines() == [
        f"::error file={broken},line=22,col=17,title=civcheck positive-points::points must be greater than 0",
        f"::warning file={broken},line=36,col=15,title=civcheck text-en::M-2.1.text has no English (en) text",
    ]
    assert run(str(broken), "-f", "text", env={"GITHUB_ACTIONS": "true"})[1].startswith(f"{broken}:22:17: ")
    assert default_format({"GITHUB_ACTIONS": "true"}) == "github" and default_format({}) == "text"


def test_github_annotations_escape_their_fields() -> None:
    from civcheck.render.github import annotation

    assert annotation("error", "a,b:c.yaml", 1, 2, "t", "50%\nnext") == (
        "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=t::50%25%0Anext"
    )


def test_every_format_renders(broken: Path) -> None:
    from civcheck.lint import lint_paths

    result = lint_paths([broken])
    assert set(renderers("lint")) == {"text", "json", "junit", "github"}
    for render in renderers("lint").values():
        assert "positive-points" in render(result, Context(lang="zh"))


def test_list_rules_and_chinese_messages(broken: Path) -> None:
    code, out, _ = run("--list-rules")
    assert code == 0
    assert out.splitlines()[0].split()[:2] == ["syntax", "error"]
    assert any(line.split()[:2] == ["text-en", "warning"] for line in out.splitlines())
    assert run(str(broken), "--lang", "zh")[1].splitlines()[0].endswith("error positive-points points 必须大于 0")


def test_output_file(broken: Path, tmp_path: Path) -> None:
    target = tmp_path / "lint.xml"
    code, out, _ = run(str(broken), "-f", "junit", "-o", str(target))
    assert code == 1 and out == ""
    assert ET.parse(target).getroot().tag == "testsuites"
