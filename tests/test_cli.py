"""The commands as a user runs them (through Typer's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from civcheck.cli import app

HERE = Path(__file__).parent
DATA = HERE / "data"
GOOD = str(DATA / "good.yaml")
CL = ["--checklists", str(DATA / "checklists")]

runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def answers(**changes: str) -> str:
    text = Path(GOOD).read_text(encoding="utf-8")
    for old, new in changes.items():
        text = text.replace(old.replace("_", "-"), new)
    return text


def test_score_json_follows_the_contract() -> None:
    code, out, _ = run("score", GOOD, *CL, "--format", "json", "--lang", "en")
    assert code == 0
    doc = json.loads(out)
    assert doc["format"] == "civcheck.score/1" and doc["errors"] == []
    (r,) = doc["results"]
    assert r["file"] == GOOD
    assert r["site"] == {"id": "s1", "name": "测试点"}
    assert r["checklist"] == {"id": "mini", "version": "1", "title": "Test checklist"}
    assert (r["round"], r["score"], r["grade"], r["passed"], r["vetoed"], r["complete"]) == (
        "2026-07",
        73.33,
        "pass",
        False,
        False,
        True,
    )
    assert (r["earned"], r["possible"]) == (22, 30)
    assert r["sections"][0] == {
        "id": "roads",
        "title": "Roads",
        "score": 86.67,
        "earned": 13,
        "possible": 15,
        "class": "fair",
        "standing": "fair",
        "missing": [],
    }
    assert r["sections"][1]["score"] == 60.0 and r["sections"][1]["class"] == "weak"  # under the pass mark, 80
    # M-2.2 failed (5 lost of 30: 16.67), M-1.1 one pothole (2 lost: 6.67), M-2.3 good (1 lost: 3.33)
    assert [(g["item"], g["category"], g["lost"], g["impact"]) for g in r["gaps"]] == [
        ("M-2.2", "failed", 5, 16.67),
        ("M-1.1", "partial", 2, 6.67),
        ("M-2.3", "partial", 1, 3.33),
    ]
    pothole = r["gaps"][1]
    assert (pothole["owner"], pothole["remedy"], pothole["due"], pothole["note"], pothole["critical"]) == (
        "Highway section",
        "Patch the potholes",
        "2026-07-25",
        "东街一处坑洼",
        False,
    )


def test_fail_under(tmp_path: Path) -> None:
    assert run("score", GOOD, *CL, "--fail-under", "80")[0] == 1
    assert run("score", GOOD, *CL, "--fail-under", "73.33")[0] == 0
    vetoed = write(tmp_path, "v.yaml", answers(**{"M-2.1: pass": "M-2.1: fail"}))
    assert run("score", vetoed, *CL, "--fail-under", "10")[0] == 1
    assert run("score", vetoed, *CL)[0] == 0  # a veto alone is a result, not a failure of the command


def test_file_order_changes_nothing(tmp_path: Path) -> None:
    other = write(tmp_path, "b.yaml", answers(**{"M-1.2: pass": "M-1.2: fail"}))
    a = run("score", GOOD, other, *CL, "-f", "json")[1]
    b = run("score", other, GOOD, *CL, "-f", "json")[1]
    assert a == b


def test_folders_are_searched_and_other_civcheck_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "round" / "deep").mkdir(parents=True)
    write(tmp_path / "round" / "deep", "a.yaml", answers())
    write(tmp_path / "round", "sites.yaml", "format: civcheck.sites/1\nsites: []\n")
    code, out, _ = run("score", str(tmp_path / "round"), *CL, "-f", "json")
    assert code == 0
    assert [Path(r["file"]).name for r in json.loads(out)["results"]] == ["a.yaml"]


def test_csv_opens_in_excel(tmp_path: Path) -> None:
    note = answers(**{"M-1.1: {found: 1, note: 东街一处坑洼}": "M-1.1: {found: 1, note: '=HYPERLINK(1)'}"})
    path = write(tmp_path, "a.yaml", note)
    code, out, _ = run("report", path, *CL, "-f", "csv")
    assert code == 0
    assert out.startswith("\ufeff点位,检查表,轮次,分组,条目,检查内容")
    raw = runner.invoke(app, ["report", path, *CL, "-f", "csv"]).stdout_bytes
    assert raw.count(b"\r\n") == 4 and b"\n" not in raw.replace(b"\r\n", b"")
    assert ",'=HYPERLINK(1)\n" in out
    assert not run("score", GOOD, *CL, "-f", "csv", "--no-bom")[1].startswith("\ufeff")


def test_markdown_escapes_untrusted_notes(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", answers(**{"东街一处坑洼": "'<script>x</script> | *bold*'"}))
    out = run("report", path, *CL, "-f", "md")[1]
    assert "<script>" not in out
    assert "&lt;script&gt;x&lt;/script&gt; \\| \\*bold\\*" in out


def test_report_table_lists_sections_and_ranked_gaps() -> None:
    code, out, _ = run("report", GOOD, *CL, "--lang", "zh")
    assert code == 0
    assert "测试点 (s1)" in out and "73.33" in out
    lines = out.splitlines()
    order = [n for n, line in enumerate(lines) for key in ("M-2.2", "M-1.1", "M-2.3") if line.startswith(key)]
    assert len(order) == 3 and order == sorted(order)
    assert all(len(line) <= 120 for line in lines)


def test_report_json_is_the_score_document() -> None:
    a = json.loads(run("report", GOOD, *CL, "-f", "json")[1])
    b = json.loads(run("score", GOOD, *CL, "-f", "json")[1])
    assert a["format"] == b["format"] == "civcheck.score/1"
    assert a["results"] == b["results"] and a["errors"] == b["errors"] == []


def test_output_file_is_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    code, out, _ = run("score", GOOD, *CL, "-f", "json", "--output", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["results"][0]["score"] == 73.33
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_language_from_option_and_environment() -> None:
    assert "Score" in run("score", GOOD, *CL, "--lang", "en")[1]
    assert "得分" in run("score", GOOD, *CL, env={"CIVCHECK_LANG": "zh"})[1]
    assert "Score" in run("score", GOOD, *CL, env={"CIVCHECK_LANG": "en_US.UTF-8"})[1]
    code, _, err = run("score", GOOD, *CL, "--lang", "fr")
    assert (code == 2 and "unknown language fr" in err) or "未知语言 fr" in err


def test_unknown_format_is_a_usage_error() -> None:
    code, _, err = run("score", GOOD, *CL, "-f", "pdf", "--lang", "en")
    assert code == 2 and "format pdf is not available here" in err


def test_checklists_lists_the_seven_bundled() -> None:
    code, out, _ = run("checklists", "--lang", "en")
    assert code == 0
    for cid in (
        "market-town",
        "farmers-market",
        "government-compound",
        "village-ring",
        "route-corridor",
        "urban-rural-fringe",
        "contingency-plan",
    ):
        assert cid in out


def test_show_prints_a_tree() -> None:
    code, out, _ = run("show", "mini", *CL, "--lang", "zh")
    assert code == 0
    assert "[roads] 道路  (15)" in out
    assert "M-2.1  无以路为市 [检查 5] [否决项] (不可答不适用)" in out
    assert "适用条件: 是否销售活禽=是" in out  # the attribute by its declared label
    code, _, err = run("show", "nope", *CL, "--lang", "en")
    assert code == 2 and 'no checklist "nope"' in err


def test_version() -> None:
    from civcheck import __version__

    assert run("--version")[1].strip() == f"civcheck {__version__}"


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    import os
    import stat

    target = tmp_path / "out.json"
    umask = os.umask(0o022)
    try:
        assert run("score", GOOD, *CL, "-f", "json", "--output", str(target))[0] == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_a_checklist_twice_in_the_search_path_is_an_error_for_every_command(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_bytes((DATA / "checklists" / "mini.yaml").read_bytes())
    (tmp_path / "b.yaml").write_bytes((DATA / "checklists" / "mini.yaml").read_bytes())
    for command in ("score", "report"):
        code, _, err = run(command, GOOD, "--checklists", str(tmp_path), "--lang", "en")
        assert code == 2, command
        assert "checklist mini version 1 is also in" in err, command
