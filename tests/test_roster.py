"""The roster is the authority on what a site is: its attributes decide which items apply, not the answers file's."""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civcheck.cli import app
from civcheck.model import Site
from civcheck.roster import Conflict, apply_roster

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
ROSTER = EXAMPLES / "sites.yaml"
runner = CliRunner()


def test_the_roster_wins_and_the_disagreement_is_named() -> None:
    answers = Site("x", attributes={"has_waterway": False, "lanes": 2, "own": "k"})
    listed = Site("x", name="兴隆村", grid="第二网格", attributes={"has_waterway": True, "lanes": Fraction(2)})
    site, conflicts = apply_roster(answers, {"x": listed})
    assert site.attributes == {"has_waterway": True, "lanes": 2, "own": "k"}  # the roster's, and the answers' own key
    assert (site.name, site.grid) == ("兴隆村", "第二网格")
    assert conflicts == [Conflict("has_waterway", False, True)]  # 2 and 2.0 are the same number
    assert apply_roster(Site("x", attributes={"n": 1}), {"x": Site("x", attributes={"n": True})})[1] == [
        Conflict("n", 1, True)  # but true is no 1
    ]
    assert apply_roster(answers, {"y": listed}) == (answers, [])  # a site not on the roster stands as answered


@pytest.fixture
def hexi_says_no_waterway(tmp_path: Path) -> Path:
    """河西村's August answers claiming no waterway, though the roster says it has one."""
    folder = tmp_path / "2026-08"
    shutil.copytree(EXAMPLES / "2026-08", folder)
    hexi = folder / "hexi--village-ring.yaml"
    hexi.write_text(hexi.read_text(encoding="utf-8").replace("    has_waterway: true\n", "    has_waterway: false\n"),
                    encoding="utf-8")  # fmt: skip
    return folder


def hexi_score(out: str) -> float:
    return float(next(r["score"] for r in json.loads(out)["results"] if r["site"]["id"] == "hexi"))


def test_score_scores_the_site_the_roster_describes_and_warns(hexi_says_no_waterway: Path) -> None:
    folder = hexi_says_no_waterway
    hexi = folder / "hexi--village-ring.yaml"
    with_roster = runner.invoke(app, ["score", str(folder), "--sites", str(ROSTER), "-f", "json", "--lang", "zh"])
    assert with_roster.exit_code == 0, with_roster.stderr  # a warning, not a failure
    # the roster's has_waterway: true, so the file scores what its expect block (worked out on that site) says
    assert hexi_score(with_roster.stdout) == 79.4
    line = next(x for x in with_roster.stderr.splitlines() if "has_waterway" in x)
    assert line == f"{hexi}:14:19: 答卷写 has_waterway（是否有河道沟渠）为 false，点位名册为 true：以名册为准计分"
    assert [w["line"] for w in json.loads(with_roster.stdout)["warnings"]] == [14]
    alone = runner.invoke(app, ["score", str(folder), "-f", "json"])
    assert alone.exit_code == 0 and "has_waterway" not in alone.stderr
    assert hexi_score(alone.stdout) != 79.4  # without a roster the answers' word stands, and the river items drop out


def test_regress_makes_the_disagreement_an_error(hexi_says_no_waterway: Path) -> None:
    result = runner.invoke(app, ["regress", str(hexi_says_no_waterway), "--sites", str(ROSTER), "--lang", "en"])
    assert result.exit_code == 2
    assert f"{hexi_says_no_waterway / 'hexi--village-ring.yaml'}:14:19: the answers say has_waterway (Has a river, " \
           "stream or ditch) is false, the roster says true" in result.stderr  # fmt: skip
    assert runner.invoke(app, ["regress", str(EXAMPLES), "--sites", str(ROSTER)]).exit_code == 0  # the example agrees


def test_the_ledger_scores_by_the_roster_too(hexi_says_no_waterway: Path) -> None:
    result = runner.invoke(app, ["ledger", str(hexi_says_no_waterway), "--sites", str(ROSTER), "-f", "json",
                                 "--today", "2026-08-20"])  # fmt: skip
    assert result.exit_code == 0 and "has_waterway" in result.stderr
