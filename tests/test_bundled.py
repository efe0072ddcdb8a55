"""The seven bundled checklists and the example township (the product's content)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from civcheck.batch import score_paths
from civcheck.catalog import Catalog, bundled_dir
from civcheck.formats.checklist import load_checklist
from civcheck.formats.sites import load_sites
from civcheck.formats.values import parse_yaml
from civcheck.regress import mismatches

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
IDS = (
    "market-town",
    "farmers-market",
    "government-compound",
    "village-ring",
    "route-corridor",
    "urban-rural-fringe",
    "contingency-plan",
)
ATTRIBUTES = {
    "has_live_poultry",
    "has_waterway",
    "has_construction_site",
    "has_old_residential",
    "on_route",
    "has_market_day",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.discover([], env="")


def test_the_seven_are_bundled(catalog: Catalog) -> None:
    assert catalog.problems == []
    assert {p.stem for p in bundled_dir().glob("*.yaml")} == set(IDS)
    # each in its current version, and in the 2026.07 version that older answers name
    assert sorted((c.id, c.version) for c in catalog.checklists) == sorted(
        (i, v) for i in IDS for v in ("2026.07", "2026.12")
    )
    assert all(catalog.newest(i) is not None and catalog.newest(i).version == "2026.12" for i in IDS)  # type: ignore[union-attr]


@pytest.mark.parametrize("checklist_id", IDS)
def test_checklist_is_complete(checklist_id: str) -> None:
    path = bundled_dir() / f"{checklist_id}.yaml"
    checklist = load_checklist(path)
    items = list(checklist.iter_items())
    assert 12 <= len(items) <= 30
    assert checklist.total == 100
    assert sum((i.points for i in items), Fraction(0)) == 100
    assert len({i.id for i in items}) == len(items)  # the loader refuses duplicates too
    for text in (checklist.title, *(s.title for s in checklist.sections)):
        assert text.values.get("zh") and text.values.get("en")
    for it in items:
        for field in ("text", "hint", "owner", "remedy"):
            value = getattr(it, field).values
            assert value.get("zh") and value.get("en"), (it.id, field)
        assert it.method and it.evidence and it.deadline_days is not None, it.id
        assert set(it.when) <= ATTRIBUTES, it.id
    assert any(i.kind == "deduct" for i in items)
    raw = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    assert raw["version"] == checklist.version


def test_the_examples_cover_every_checklist_and_site() -> None:
    sites = load_sites(EXAMPLES / "sites.yaml")
    assert len(sites) >= 12
    for round_ in ("2026-07", "2026-08"):
        names = {p.stem for p in (EXAMPLES / round_).glob("*.yaml")}
        checklists = {n.split("--")[1] for n in names}
        assert checklists == set(IDS)
        assert {n.split("--")[0] for n in names} == {s.id for s in sites}


@pytest.mark.parametrize("round_", ["2026-07", "2026-08"])
def test_every_example_scores_exactly_as_expected(catalog: Catalog, round_: str) -> None:
    batch = score_paths([EXAMPLES / round_], catalog)
    assert batch.problems == []
    assert len(batch.results) == 13
    assert all(r.assessment.expect is not None for r in batch.results)
    assert [m for r in batch.results for m in mismatches(r)] == []


def test_the_story_vetoes_three_in_july_and_two_still_in_august(catalog: Catalog) -> None:
    july = score_paths([EXAMPLES / "2026-07"], catalog).results
    august = score_paths([EXAMPLES / "2026-08"], catalog).results
    assert sorted((r.assessment.site.id, r.vetoes) for r in july if r.vetoed) == [
        ("chengjiao-market", ("FM-3.6",)),  # a street market at the east gate
        ("chengxi", ("UF-5.3",)),  # a morning street market
        ("dongpo", ("VR-2.5",)),  # a new shed: illegal construction
    ]
    assert sorted((r.assessment.site.id, r.vetoes) for r in august if r.vetoed) == [
        ("chengjiao-market", ("FM-3.6",)),
        ("chengxi", ("UF-5.3",)),
    ]
    assert sum(r.passed for r in july) == 3 and sum(r.passed for r in august) == 7
    assert sum(not r.complete for r in july) == 1 and all(r.complete for r in august)


def test_a_drifted_expectation_is_caught(catalog: Catalog, tmp_path: Path) -> None:
    source = EXAMPLES / "2026-08" / "hexi--village-ring.yaml"
    text = source.read_text(encoding="utf-8")
    drifted = tmp_path / "hexi.yaml"
    drifted.write_text(text.replace("score: 79.4,", "score: 79.41,").replace("passed: false", "passed: true"), "utf-8")
    (result,) = score_paths([drifted], catalog).results
    assert [(m.field, m.expected, m.got) for m in mismatches(result)] == [
        ("score", "79.41", "79.40"),
        ("passed", "true", "false"),
    ]
