"""What people see at a terminal: every table at 80, 100, 120 and 160 columns, in a real pseudo-terminal.

Ranks, site names, ids, scores, grades, versions and dates must appear whole
(never cut to ``93.`` or 不合), no line may be wider than the terminal, and a
dropped column is named in a footnote.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pexpect
import pytest
from typer.testing import CliRunner

from civcheck.cli import app
from civcheck.render.layout import display_width

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
ROSTER = EXAMPLES / "sites.yaml"
WIDTHS = (80, 100, 120, 160)


def screen(width: int, *args: str) -> list[str]:
    """The lines a command prints on a terminal *width* columns wide."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "CIVCHECK_LANG": "zh"}
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    child = pexpect.spawn(sys.executable, ["-m", "civcheck", *args], env=env, encoding="utf-8", timeout=60,
                          dimensions=(60, width))  # fmt: skip
    child.expect(pexpect.EOF)
    child.close()
    # what stays on the screen: a carriage return (the progress line) lets the next text overwrite the line
    lines = [line.split("\r")[-1] for line in (child.before or "").replace("\r\n", "\n").split("\n")]
    assert max(display_width(line) for line in lines) <= width, "\n".join(lines)
    return lines


def line_with(lines: list[str], *pieces: str) -> str:
    """The one line holding every piece, whole."""
    found = [line for line in lines if all(p in line for p in pieces)]
    assert found, f"{pieces} not on one line in:\n" + "\n".join(lines)
    return found[0]


def scored() -> list[dict[str, object]]:
    result = CliRunner().invoke(app, ["score", str(EXAMPLES), "--round", "2026-08", "--format", "json"])
    return list(json.loads(result.stdout)["results"])


@pytest.mark.parametrize("width", WIDTHS)
def test_the_bulletin_keeps_rank_site_score_and_grade_whole(width: int) -> None:
    lines = screen(width, "score", str(EXAMPLES), "--round", "2026-08", "--sites", str(ROSTER))
    results = scored()
    assert len(results) == 13
    for r in results:
        site = r["site"]
        assert isinstance(site, dict)
        label = f"{site['name']} ({site['id']})"
        score = f"{r['score']:.2f}"
        line_with(lines, label, score, str(r["grade_label"]))
    if width < 160:  # the footnote naming the dropped columns (it may wrap)
        start = next(n for n, line in enumerate(lines) if line.startswith("（终端宽"))
        assert "主要问题" in "".join(lines[start : start + 3])


@pytest.mark.parametrize("width", WIDTHS)
def test_a_report_keeps_sections_scores_and_classes_whole(width: int) -> None:
    path = str(EXAMPLES / "2026-08" / "hexi--village-ring.yaml")
    lines = screen(width, "report", path)
    (view,) = json.loads(CliRunner().invoke(app, ["report", path, "--format", "json"]).stdout)["results"]
    line_with(lines, "得分", f"{view['score']:.2f}")
    line_with(lines, "等级", view["grade_label"])
    classes = {"strong": "强项", "fair": "一般", "weak": "弱项"}
    assert len(view["sections"]) == 6
    for s in view["sections"]:
        line_with(lines, f"{s['title']} ({s['id']})", f"{s['score']:.2f}", classes[s["class"]])


@pytest.mark.parametrize("width", WIDTHS)
def test_the_checklist_list_keeps_ids_and_versions_whole(width: int) -> None:
    lines = screen(width, "checklists")
    for checklist in ("contingency-plan", "farmers-market", "government-compound", "market-town",
                      "route-corridor", "urban-rural-fringe", "village-ring"):  # fmt: skip
        line_with(lines, checklist, "2026.")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_ledger_keeps_sites_items_dates_and_states_whole(width: int) -> None:
    lines = screen(width, "ledger", str(EXAMPLES / "2026-07"), "--today", "2026-07-20")
    result = CliRunner().invoke(app, ["ledger", str(EXAMPLES / "2026-07"), "--format", "json"])
    entries = json.loads(result.stdout)["entries"]
    assert len(entries) > 20
    for e in entries:
        line_with(lines, e["site_name"], e["item"], e["due"])


@pytest.mark.parametrize("width", WIDTHS)
def test_red_black_and_the_change_fit_the_terminal(width: int) -> None:
    lines = screen(width, "score", str(EXAMPLES), "--red-black", "3")
    start = lines.index(next(line for line in lines if line.startswith("红黑榜")))
    listed = lines[start:]
    # by hand (see tests/test_publish.py): three red, the two vetoed and the lowest other black
    for rank, site, score in (("1", "城郊乡政府大院", "93.75"), ("12", "城郊农贸市场", "87.20"),
                              ("13", "城西社区", "77.42"), ("11", "凉风村", "78.00")):  # fmt: skip
        line = line_with(listed, rank, site, score)
        assert line.split()[0] in ("红榜", "黑榜")
    if width >= 100:  # the change fits beside the score; at 80 columns it is dropped and said so
        line_with(lines, "城郊乡政府大院", "93.75", "↑10.42")
    else:
        assert any("变化" in line and "未显示" in line for line in lines)


@pytest.mark.parametrize("width", WIDTHS)
def test_with_the_round_column_names_and_ids_break_only_between_words(width: int) -> None:
    lines = screen(width, "score", str(EXAMPLES), "--round", "all", "--no-progress")
    for r in scored():
        site = r["site"]
        assert isinstance(site, dict)
        assert any(str(site["name"]) in line for line in lines), site["name"]  # the name whole on one line
        assert any(f"({site['id']})" in line for line in lines), site["id"]  # the id whole, with its brackets


def blocks(lines: list[str]) -> list[list[str]]:
    """A narrow screen's records: the runs of lines between blank lines."""
    out: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            out[-1].append(line)
        elif out[-1]:
            out.append([])
    return [b for b in out if b]


def record(lines: list[str], *pieces: str) -> list[str]:
    """The one record (a block of ``label: value`` lines) holding every piece, each whole on one of its lines."""
    found = [b for b in blocks(lines) if all(any(p in line for line in b) for p in pieces)]
    assert len(found) == 1, f"{pieces} in {len(found)} records of:\n" + "\n".join(lines)
    return found[0]


# 东坡村 is ranked twice in August (docs/checklists.md names the short titles): at 2 with 89.20 for the
# 1 km village ring, at 7 with 87.25 for the route corridor; 兴隆村 shares rank 2 under one checklist only.
DONGPO = (("2", "1公里内行政村", "89.20"), ("7", "沿途沿路沿水", "87.25"))


@pytest.mark.parametrize("width", (30, 80, 100, 120))
def test_a_site_ranked_twice_says_which_checklist_each_row_is(width: int) -> None:
    lines = screen(width, "score", str(EXAMPLES), "--round", "2026-08", "--red-black", "3", "--no-progress")
    ranking = lines[: next(n for n, line in enumerate(lines) if line.startswith("红黑榜"))]
    for rank, label, score in DONGPO:
        if width < 40:  # one record per row: the checklist has its own line
            block = record(ranking, "点位: 东坡村 (dongpo)", f"得分: {score}")
            assert f"排名: {rank}" in block and f"检查表: {label}" in block, block
            continue
        line = line_with(ranking, "东坡村 (dongpo)", label, score)
        assert line.split()[0] == rank, line
    if width >= 40:
        assert not any("兴隆村 (xinglong) [" in line for line in lines)  # named by one checklist: no brackets
        folded = any("东坡村 (dongpo) [" in line for line in ranking)
        header = next(line for line in ranking if line.startswith("排名"))
        assert folded == ("检查表" not in header)  # in brackets exactly when the column is dropped
        if folded:  # the footnote says what the brackets hold
            assert "检查表写在点位后的 [ ] 内" in "".join(ranking[-4:]), ranking[-4:]
    # the red list holds 东坡村 once: still said which of its two it is
    red = lines[lines.index(next(line for line in lines if line.startswith("红黑榜"))) :]
    if width < 40:
        assert "检查表: 1公里内行政村" in record(red, "点位: 东坡村 (dongpo)")
    else:
        assert line_with(red, "东坡村 (dongpo)", "1公里内行政村", "89.20").split()[:2] == ["红榜", "2"]


@pytest.mark.parametrize("width", (30, 80, 100, 120))
def test_two_rounds_compared_say_which_checklist_each_row_is(width: int) -> None:
    lines = screen(width, "compare", str(EXAMPLES / "2026-07"), str(EXAMPLES / "2026-08"))
    # by hand from the answers files: July 71.40 → August 89.20 (village ring), 72.31 → 87.25 (route corridor)
    for label, old, new in (("1公里内行政村", "71.40", "89.20"), ("沿途沿路沿水", "72.31", "87.25")):
        if width < 40:
            block = record(lines, "点位: 东坡村 (dongpo)", f"本轮得分: {new}")
            assert f"检查表: {label}" in block and f"上轮得分: {old}" in block, block
        else:
            line_with(lines, "东坡村 (dongpo)", label, old, new)


@pytest.mark.parametrize("command", ["score", "compare", "report", "ledger"])
def test_a_terminal_ten_columns_wide_still_gets_everything(command: str) -> None:
    """Narrower than any table: each row a record, every line within 10 columns, and the run ends (60 s guard)."""
    args = {"score": ["score", str(EXAMPLES), "--round", "2026-08", "--red-black", "3", "--no-progress"],
            "compare": ["compare", str(EXAMPLES / "2026-07"), str(EXAMPLES / "2026-08")],
            "report": ["report", str(EXAMPLES / "2026-08" / "hexi--village-ring.yaml")],
            "ledger": ["ledger", str(EXAMPLES / "2026-08"), "--today", "2026-08-20", "--no-progress"]}[command]  # fmt: skip
    lines = screen(10, *args)
    assert len(lines) > 100
    if command == "score":  # the last row, a record of its own in the ranking and again on the black list
        assert sum("排名: 13" in b for b in blocks(lines)) == 2


def test_a_ledger_on_a_terminal_too_narrow_for_its_table_still_ends_and_states_its_date() -> None:
    """30 columns cannot hold the columns kept whole: the table is drawn wider than the screen (the terminal wraps
    it) rather than shrunk below nothing, which never ended; the title and the 截至 line wrap to the screen."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "CIVCHECK_LANG": "zh"}
    env.pop("COLUMNS", None)
    child = pexpect.spawn(sys.executable, ["-m", "civcheck", "ledger", str(EXAMPLES / "2026-07"), "--today",
                                           "2026-07-20", "--no-progress"], env=env, encoding="utf-8", timeout=60,
                          dimensions=(60, 30))  # fmt: skip
    child.expect(pexpect.EOF)  # a hang guard of 60 s
    child.close()
    lines = (child.before or "").replace("\r\n", "\n").split("\n")
    assert child.exitstatus == 0
    assert lines[:3] == ["整改台账", "截至 2026-07-20：是否逾期、逾", "期天数都按这一天计算"]
    assert all(display_width(line) <= 30 for line in lines[:3])
