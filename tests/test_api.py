"""The library's entry points (civcheck.api), called from Python the way a script would, without the CLI.

Scores are worked out by hand from the mini checklist (tests/data/checklists/mini.yaml):
with no live poultry M-2.2 does not apply, so 25 points are possible.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from civcheck.api import build_bulletin, build_ledger, compare_rounds, score_file, site_for, start_or_resume
from civcheck.errors import InputError, UsageError
from civcheck.model import Answer

MINI = Path(__file__).parent / "data" / "checklists" / "mini.yaml"

HEAD = 'format: civcheck.answers/1\nchecklist: mini\nchecklist_version: "1"\n'


def write(folder: Path, site: str, round_: str, answers: str) -> Path:
    path = folder / round_ / f"{site}--mini.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        HEAD + f"site: {{id: {site}, type: market_town, attributes: {{has_live_poultry: false}}}}\n"
        f"round: {round_}\ndate: {round_}-15\nanswers:\n{answers}",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def township(tmp_path: Path) -> Path:
    # 2026-07, a: M-1.1 three found (10 - 3*2 = 4) + 5 + 5 + 优 5 = 19/25 = 76.00
    write(tmp_path, "a", "2026-07", "  M-1.1: 3\n  M-1.2: pass\n  M-2.1: pass\n  M-2.3: excellent\n")
    # 2026-08, a: 8 + 5 + 5 + 良 4 = 22/25 = 88.00
    write(tmp_path, "a", "2026-08", "  M-1.1: 1\n  M-1.2: pass\n  M-2.1: pass\n  M-2.3: good\n")
    # 2026-08, b: 10 + 0 + 5 + 中 3 = 18/25 = 72.00
    write(tmp_path, "b", "2026-08", "  M-1.1: 0\n  M-1.2: fail\n  M-2.1: pass\n  M-2.3: fair\n")
    # 2026-08, c: 10 + 5 + 0 + 5 = 20/25 = 80.00, but M-2.1 is critical: vetoed, ranked last
    write(tmp_path, "c", "2026-08", "  M-1.1: 0\n  M-1.2: pass\n  M-2.1: fail\n  M-2.3: excellent\n")
    return tmp_path


def test_build_bulletin_ranks_the_latest_round_and_says_so(township: Path) -> None:
    notes: list[str] = []
    progress: list[tuple[int, int]] = []
    bulletin = build_bulletin([township], checklists=[MINI], lang="en", on_note=notes.append,
                              on_file=lambda done, total: progress.append((done, total)))  # fmt: skip
    assert bulletin.round == "2026-08" and not bulletin.problems
    ranked = [(n, r.site, r.rounded, r.vetoed) for n, r in bulletin.ranked]
    assert ranked == [
        (1, "a", Decimal("88.00"), False),
        (2, "b", Decimal("72.00"), False),
        (3, "c", Decimal("80.00"), True),
    ]
    assert len(notes) == 1 and "2026-07" in notes[0] and "2026-08" in notes[0]
    # one count over both rounds: the July file is scored for 上轮得分 (not ranked), then August's three
    assert progress == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_build_bulletin_of_every_round_and_the_gaps_kept_on_request(township: Path) -> None:
    bulletin = build_bulletin([township], round="all", checklists=[MINI], with_gaps=True)
    by_round = [(r.round, r.site, r.rounded) for _, r in bulletin.ranked]
    assert by_round[0] == ("2026-07", "a", Decimal("76.00"))
    b = next(r for r in bulletin.rows if r.site == "b")
    assert [g.item for g in bulletin.gaps_of(b)] == ["M-1.2", "M-2.3"]  # 5 lost, then 2 lost (kept on disk)


def test_build_bulletin_streams_each_files_json(township: Path) -> None:
    import json

    docs: list[dict[str, object]] = []
    build_bulletin([township], checklists=[MINI], with_json=True, on_json=lambda text: docs.append(json.loads(text)))
    assert sorted(d["site"]["id"] for d in docs) == ["a", "b", "c"]  # type: ignore[index]


def test_an_unknown_round_raises_and_a_bad_file_comes_back_located(township: Path) -> None:
    with pytest.raises(UsageError) as caught:
        build_bulletin([township], round="2025-01", checklists=[MINI])
    assert caught.value.key == "batch.no_round"
    (township / "2026-08" / "d--mini.yaml").write_text(HEAD + "round: 2026-08\nanswers: [\n", encoding="utf-8")
    bulletin = build_bulletin([township], checklists=[MINI])
    assert [r.site for r in bulletin.rows] == ["a", "b", "c"]
    assert [(Path(p.path).name, p.line) for p in bulletin.problems] == [
        ("d--mini.yaml", 6)
    ]  # the list never closes: reported where the file ends


def test_score_file_scores_one_and_raises_located_problems(township: Path) -> None:
    result = score_file(township / "2026-08" / "b--mini.yaml", [MINI])
    assert result.rounded_score == Decimal("72.00") and not result.vetoed
    broken = township / "broken.yaml"
    broken.write_text(HEAD + "site: {id: x}\nanswers:\n  M-1.1: -1\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        score_file(broken, [MINI])
    assert [(p.line, p.key) for p in caught.value.problems] == [(6, "answers.found")]


def test_build_ledger_opens_one_task_per_gap(township: Path) -> None:
    run = build_ledger([township / "2026-08"], checklists=[MINI], today=dt.date(2026, 8, 20))
    assert not run.problems
    tasks = sorted((e.site, e.item) for e in run.ledger.entries)
    assert tasks == [("a", "M-1.1"), ("a", "M-2.3"), ("b", "M-1.2"), ("b", "M-2.3"), ("c", "M-2.1")]


def test_compare_rounds_closes_keeps_and_opens_gaps(township: Path) -> None:
    rows, problems = compare_rounds(township / "2026-07", township / "2026-08", checklists=[MINI])
    assert not problems
    a = next(r for r in rows if r.site == "a")
    assert (a.old_score, a.new_score) == (Decimal("76.00"), Decimal("88.00"))
    assert (list(a.closed), list(a.persisting), list(a.new)) == ([], ["M-1.1"], ["M-2.3"])


def test_start_or_resume_saves_and_resumes(tmp_path: Path) -> None:
    path = tmp_path / "x--mini.yaml"
    first = start_or_resume(path, "mini", "x", checklists=[MINI], round="2026-09")
    assert first.site.id == "x" and first.site.type == "market_town"  # the checklist's site type
    first.save({"M-1.1": Answer("M-1.1", found=2)})
    again = start_or_resume(path, "mini", "x", checklists=[MINI])
    assert again.answers == {"M-1.1": Answer("M-1.1", found=2)}
    with pytest.raises(UsageError):  # another site's file is never written over
        start_or_resume(path, "mini", "y", checklists=[MINI])


def test_site_for_takes_the_roster_and_refuses_a_site_not_on_it() -> None:
    from civcheck.api import catalog_of
    from civcheck.model import Site

    catalog = catalog_of([MINI])
    roster = [Site("x", name="兴隆集镇", types=("village_ring", "market_town"), township="城郊")]
    site = site_for(catalog, "mini", "x", roster=roster)
    assert (site.name, site.type, site.township) == ("兴隆集镇", "market_town", "城郊")
    with pytest.raises(UsageError) as caught:
        site_for(catalog, "mini", "y", roster=roster, roster_name="sites.yaml")
    assert caught.value.args_ == {"site": "y", "roster": "sites.yaml"}
