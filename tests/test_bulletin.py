"""The ranked bulletin: ranking, roll-ups, roster coverage, formats, --jobs."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from builders import view
from typer.testing import CliRunner

from civcheck.bulletin import coverage, natural_key, rank, rollup
from civcheck.cli import app
from civcheck.formats.sites import load_sites
from civcheck.model import Site
from civcheck.views import ResultView

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
ROSTER = EXAMPLES / "sites.yaml"
runner = CliRunner()


def row(site: str, score: int | None, passed: bool = False, vetoed: bool = False, grid: str = "A",
        checklist: str = "c") -> ResultView:  # fmt: skip
    return view(
        file=f"{site}.yaml", site=site, site_name=site, grid=grid, checklist=checklist,
        score=None if score is None else Fraction(score),
        rounded=None if score is None else Decimal(score).quantize(Decimal("0.01")),
        passed=passed, vetoed=vetoed, vetoes=("X",) if vetoed else (),
    )  # fmt: skip


def test_ranking_puts_vetoed_sites_last_and_ties_share_a_rank() -> None:
    rows = [row("d", 70), row("v", 95, vetoed=True), row("b", 85), row("n", None), row("a", 90), row("c", 85)]
    assert [(n, r.site) for n, r in rank(rows)] == [(1, "a"), (2, "b"), (2, "c"), (4, "d"), (5, "n"), (6, "v")]


def test_rollups_by_hand() -> None:
    rows = [row("a", 90, passed=True), row("b", 70), row("v", 95, vetoed=True), row("x", 60, grid="B")]
    (a, b) = rollup(rows, "grid")
    # A: mean (90 + 70 + 95) / 3 = 85, lowest 70, 1 of 3 passed = 33.3 %, one veto
    assert (a.key, a.sites, a.mean, a.min, a.pass_rate, a.vetoes) == (
        "A",
        3,
        Decimal("85.00"),
        Decimal("70.00"),
        Decimal("33.3"),
        1,
    )
    assert (b.key, b.sites, b.mean, b.pass_rate) == ("B", 1, Decimal("60.00"), Decimal("0.0"))


def test_rollups_sort_chinese_numbered_grids_naturally() -> None:
    assert sorted(["第十网格", "第二网格", "第一网格"], key=natural_key) == ["第一网格", "第二网格", "第十网格"]


def test_coverage_lists_every_site_and_checklist_without_answers() -> None:
    sites = [Site("x", types=("village_ring", "route_corridor")), Site("y", types=("village_ring",))]
    checklists = [("village-ring", ("village_ring",)), ("route-corridor", ("route_corridor",)),
                  ("market-town", ("market_town",))]  # fmt: skip
    rows = [row("x", 80, checklist="village-ring")]
    assert coverage(sites, checklists, rows) == [("x", "route-corridor"), ("y", "village-ring")]


def test_csv_roster(tmp_path: Path) -> None:
    path = tmp_path / "sites.csv"
    path.write_bytes(
        "\ufeff编号,名称,乡镇,网格,类型,has_waterway,责任人\r\n"
        "xinglong,兴隆村,城郊,第二网格,village_ring;route_corridor,是,李四\r\n"
        "0012,河西村,城郊,第二网格,village_ring,否,\r\n".encode()
    )
    sites = load_sites(path)
    assert [(s.id, s.name, s.types, dict(s.attributes), s.person) for s in sites] == [
        ("xinglong", "兴隆村", ("village_ring", "route_corridor"), {"has_waterway": True}, "李四"),
        ("0012", "河西村", ("village_ring",), {"has_waterway": False}, ""),
    ]


def score(*args: str) -> tuple[int, str, str, bytes]:
    result = runner.invoke(app, ["score", *args, "--lang", "zh"])
    return result.exit_code, result.stdout, result.stderr, result.stdout_bytes


def test_json_bulletin_round_roster_and_rollups() -> None:
    code, out, _, _ = score(str(EXAMPLES), "--round", "2026-08", "--sites", str(ROSTER), "--group-by", "grid",
                            "-f", "json", "-j", "1")  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    assert len(doc["results"]) == 13 and {r["round"] for r in doc["results"]} == {"2026-08"}
    assert doc["ranking"][0] == {"rank": 1, "file": str(EXAMPLES / "2026-08" / "chengjiao-gov--government-compound.yaml"),
                                 "site": "chengjiao-gov", "checklist": "government-compound", "round": "2026-08",
                                 "score": 93.75, "vetoed": False, "complete": True,
                                 # July's 83.33 from the round before: 93.75 − 83.33 = 10.42
                                 "previous_score": 83.33, "previous_vetoed": False, "change": 10.42, "new": False}  # fmt: skip
    assert [(r["site"], r["vetoed"]) for r in doc["ranking"][-2:]] == [("chengjiao-market", True), ("chengxi", True)]
    assert doc["missing"] == [] and doc["errors"] == []
    grids = {g["key"]: g for g in doc["groups"]["grid"]}
    # 第四网格: 城西 77.42 (vetoed) and 南关 78.07, neither passes; the mean of the exact scores is 77.75
    assert grids["第四网格"] == {"key": "第四网格", "sites": 2, "mean": 77.75, "min": 77.42, "pass_rate": 0.0,
                                 "vetoes": 1}  # fmt: skip
    dongpo = next(r for r in doc["results"] if r["site"]["id"] == "dongpo")
    assert dongpo["site"]["grid"] == "第二网格"


def test_the_roster_reports_missing_assessments(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "2026-08", tmp_path / "aug")
    (tmp_path / "aug" / "hexi--village-ring.yaml").unlink()
    code, out, _, _ = score(str(tmp_path / "aug"), "--sites", str(ROSTER), "-f", "json")
    assert code == 0
    assert json.loads(out)["missing"] == [{"site": "hexi", "checklist": "village-ring"}]
    code, out, _, _ = score(str(tmp_path / "aug"), "--sites", str(ROSTER), "-f", "md")
    assert "## 应自查未自查（按花名册）" in out and "| 河西村 (hexi) | village-ring |" in out


def test_csv_bulletin_neutralizes_formulas(tmp_path: Path) -> None:
    text = (EXAMPLES / "2026-08" / "hexi--village-ring.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text.replace("name: 河西村", 'name: \'=HYPERLINK("http://x","点我")\''), "utf-8")
    code, _, _, raw = score(str(tmp_path), "-f", "csv")
    assert code == 0
    decoded = raw.decode("utf-8")
    assert decoded.startswith("\ufeff排名,点位,编号")
    assert "'=HYPERLINK" in decoded and ",=HYPERLINK" not in decoded


def test_xlsx_bulletin(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    shutil.copytree(EXAMPLES / "2026-08", tmp_path / "aug")
    hexi = tmp_path / "aug" / "hexi--village-ring.yaml"
    text = hexi.read_text(encoding="utf-8")
    hexi.write_text(text.replace("id: hexi", "id: '0012'").replace("note: ", "note: =cmd|' /C calc'!A0 ", 1), "utf-8")
    out = tmp_path / "b.xlsx"
    code, _, err, _ = score(str(tmp_path / "aug"), "--group-by", "grid", "-f", "xlsx", "-o", str(out))
    assert code == 0, err
    book = load_workbook(out)
    assert book.sheetnames == ["得分排名", "按网格汇总", "问题清单"]
    ranking = book["得分排名"]
    # the title, the round and date, the summary; then the header, frozen
    assert ranking.freeze_panes == "A5"
    assert [c.value for c in ranking[4]][:4] == ["排名", "点位", "编号", "乡镇"]
    ids = [ranking.cell(row=n, column=3) for n in range(5, ranking.max_row + 1)]
    assert "0012" in [c.value for c in ids] and all(c.data_type == "s" for c in ids)
    gaps = book["问题清单"]
    notes = [c for c in gaps["O"] if isinstance(c.value, str) and c.value.startswith("=cmd")]
    assert notes and all(c.data_type == "s" and c.quotePrefix for c in notes)
    assert ranking.column_dimensions["B"].width >= 10


def test_binary_formats_need_an_output_file() -> None:
    code, _, err, _ = score(str(EXAMPLES / "2026-08"), "-f", "xlsx")
    assert code == 2 and "--output" in err


def test_an_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err, _ = score(str(tmp_path))
    assert code == 2 and "没有找到答卷文件" in err


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """August's 13 answers files ten times over (sites renamed): enough files for worker processes to be used."""
    import re

    from civcheck.batch import MIN_FILES_PER_WORKER

    folder = tmp_path_factory.mktemp("county")
    for n in range(10):
        for path in (EXAMPLES / "2026-08").glob("*.yaml"):
            text = re.sub(r"(?m)^  id: (\S+)$", rf"  id: \g<1>-{n}", path.read_text(encoding="utf-8"), count=1)
            (folder / f"{n}-{path.name}").write_text(text, encoding="utf-8")
    assert len(list(folder.iterdir())) >= 2 * MIN_FILES_PER_WORKER
    return folder


@pytest.mark.parametrize("fmt", ["json", "csv", "md", "html", "table", "xlsx"])
def test_jobs_do_not_change_the_output(fmt: str, tmp_path: Path, county: Path) -> None:
    args = [str(county), "--group-by", "township", "-f", fmt, "--date", "2026-08-25"]
    one = tmp_path / f"one.{fmt}"
    two = tmp_path / f"two.{fmt}"
    assert score(*args, "-j", "1", "-o", str(one))[0] == 0
    assert score(*args, "-j", "2", "-o", str(two))[0] == 0
    if fmt == "xlsx":  # a workbook is a zip with dates inside: compare what it holds
        from openpyxl import load_workbook

        cells = [[[c.value for c in row] for row in sheet.iter_rows()] for sheet in load_workbook(one).worksheets]
        assert cells == [[[c.value for c in row] for row in s.iter_rows()] for s in load_workbook(two).worksheets]
        return
    assert one.read_bytes() == two.read_bytes()
    assert len(one.read_bytes()) > 1000


def test_html_bulletin_is_self_contained_and_escaped(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "2026-08", tmp_path / "aug")
    hexi = tmp_path / "aug" / "hexi--village-ring.yaml"
    text = hexi.read_text(encoding="utf-8").replace("name: 河西村", "name: 河西村<script>alert(1)</script>", 1)
    hexi.write_text(text, "utf-8")
    out = tmp_path / "b.html"
    assert score(str(tmp_path / "aug"), "-f", "html", "-o", str(out), "--issuer", "<b>办</b>")[0] == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>办</b>" not in html and "&lt;b&gt;办&lt;/b&gt;" in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "@page { size: A4" in html
    assert html.count('class="bar"') >= 13
