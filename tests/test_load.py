"""Reading files: encodings, YAML/JSON equivalence, exact numbers, lookup, rosters."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from civcheck.batch import score_file
from civcheck.catalog import Catalog
from civcheck.errors import InputError
from civcheck.formats.checklist import load_checklist
from civcheck.formats.sites import load_sites
from civcheck.formats.text import read_text
from civcheck.formats.values import parse_yaml

HERE = Path(__file__).parent
DATA = HERE / "data"
GOOD = DATA / "good.yaml"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.discover([DATA / "checklists"], env="")


def scored(path: Path, catalog: Catalog) -> tuple[object, ...]:
    r = score_file(path, catalog)
    assert r is not None
    return (r.score, r.vetoed, r.passed, [(g.item.id, g.lost) for g in r.gaps], r.assessment.site.name)


def test_good_file_scores(catalog: Catalog) -> None:
    # 8 (deduct 10, one found at 2) + 5 + 5 + 0 + 4 (good) = 22 of 30
    assert scored(GOOD, catalog)[0] == Fraction(22 * 100, 30)


@pytest.mark.parametrize(
    ("encoding", "bom", "newline"),
    [("gb18030", b"", "\n"), ("gbk", b"", "\r\n"), ("utf-8", b"\xef\xbb\xbf", "\r\n"), ("utf-16", b"", "\n")],
)
def test_encodings_from_windows_office_software(
    tmp_path: Path, catalog: Catalog, encoding: str, bom: bytes, newline: str
) -> None:
    text = GOOD.read_text(encoding="utf-8").replace("\n", newline)
    path = tmp_path / "answers.yaml"
    path.write_bytes(bom + text.encode(encoding))
    assert scored(path, catalog) == scored(GOOD, catalog)


def test_json_answers_score_like_yaml(tmp_path: Path, catalog: Catalog) -> None:
    doc = {
        "format": "civcheck.answers/1",
        "checklist": "mini",
        "checklist_version": "1",
        "site": {"id": "s1", "name": "测试点", "attributes": {"has_live_poultry": True}},
        "round": "2026-07",
        "date": "2026-07-10",
        "answers": {
            "M-1.1": {"found": 1, "note": "东街一处坑洼"},
            "M-1.2": "pass",
            "M-2.1": "pass",
            "M-2.2": "fail",
            "M-2.3": "good",
        },
    }
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    assert scored(path, catalog) == scored(GOOD, catalog)


def test_decimals_are_exact() -> None:
    data = parse_yaml("per: 0.1\nweight: 1_000.5\nn: 3\n", "x.yaml")
    assert Fraction(data["per"]) == Fraction(1, 10)
    assert Fraction(data["weight"]) == Fraction(2001, 2)
    assert data["n"] == 3


def test_keys_are_text_so_item_ids_keep_their_spelling() -> None:
    assert parse_yaml("1.10: pass\n2: fail\n", "x.yaml") == {"1.10": "pass", "2": "fail"}


def test_anchors_and_merge_keys_work() -> None:
    data = parse_yaml("base: &b {points: 5, kind: check}\nitem: {<<: *b, points: 3}\n", "x.yaml")
    assert data["item"] == {"points": 3, "kind": "check"}


def test_several_problems_in_one_file_are_all_reported(tmp_path: Path, catalog: Catalog) -> None:
    text = GOOD.read_text(encoding="utf-8").replace("M-1.2: pass", "M-1.2: maybe").replace("M-2.3: good", "M-2.3: 9")
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        score_file(path, catalog)
    assert [(p.line, p.column, p.key) for p in err.value.problems] == [
        (10, 10, "answers.check_value"),
        (13, 10, "answers.grade_value"),
    ]


def test_checklist_version_may_be_left_out_when_only_one_exists(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(GOOD.read_text(encoding="utf-8").replace('checklist_version: "1"\n', ""), encoding="utf-8")
    assert scored(path, catalog) == scored(GOOD, catalog)


def test_versions_are_told_apart(tmp_path: Path) -> None:
    v2 = (DATA / "checklists" / "mini.yaml").read_text(encoding="utf-8").replace('version: "1"', 'version: "2"')
    (tmp_path / "mini-2.yaml").write_text(v2, encoding="utf-8")
    catalog = Catalog.discover([DATA / "checklists", tmp_path], env="")
    assert [c.version for c in catalog.versions("mini")] == ["1", "2"]
    assert catalog.find("mini", "2") is not None and catalog.find("mini", None) is None
    no_version = tmp_path / "a.yaml"
    no_version.write_text(GOOD.read_text(encoding="utf-8").replace('checklist_version: "1"\n', ""), "utf-8")
    with pytest.raises(InputError) as err:
        score_file(no_version, catalog)
    assert err.value.problems[0].key == "answers.which_version"


def test_same_id_and_version_twice_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "copy.yaml").write_bytes((DATA / "checklists" / "mini.yaml").read_bytes())
    catalog = Catalog.discover([DATA / "checklists", tmp_path], env="")
    assert [p.key for p in catalog.problems] == ["catalog.duplicate"]


def test_checklist_dirs_from_the_environment(tmp_path: Path) -> None:
    catalog = Catalog.discover([], env=f"{DATA / 'checklists'}")
    assert catalog.find("mini", "1") is not None
    assert catalog.find("farmers-market", "2026.12") is not None  # bundled ones are always there
    assert catalog.find("farmers-market", None) is None  # two versions: an answers file must name one


def test_item_levels_subset() -> None:
    text = (DATA / "checklists" / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("        kind: grade\n", "        kind: grade\n        levels: [excellent, poor]\n")
    from civcheck.formats.checklist import checklist_from_data

    checklist = checklist_from_data(parse_yaml(text, "m.yaml"), "m.yaml", text)
    grade_item = next(i for i in checklist.iter_items() if i.kind == "grade")
    assert [level.id for level in grade_item.levels] == ["excellent", "poor"]


def test_localized_text_falls_back_to_chinese() -> None:
    checklist = load_checklist(DATA / "checklists" / "mini.yaml")
    market = checklist.sections[1]
    assert market.items[0].text.get("en") == "No trading on the road"
    assert market.items[0].text.get("fr") == "无以路为市"


def test_sites_roster(tmp_path: Path) -> None:
    path = tmp_path / "sites.yaml"
    path.write_text(
        "format: civcheck.sites/1\nsites:\n"
        "  - {id: xinglong, name: 兴隆村, township: 城郊, grid: 第三网格, types: [village_ring, route_corridor],\n"
        "     attributes: {has_waterway: true}, owner: 兴隆村委会, person: 李四}\n"
        "  - {id: hexi, name: 河西村, types: [village_ring]}\n",
        encoding="utf-8",
    )
    sites = load_sites(path)
    assert [(s.id, s.grid, s.types, dict(s.attributes), s.person) for s in sites] == [
        ("xinglong", "第三网格", ("village_ring", "route_corridor"), {"has_waterway": True}, "李四"),
        ("hexi", "", ("village_ring",), {}, ""),
    ]
    path.write_text("format: civcheck.sites/1\nsites:\n  - {id: a}\n  - {id: a}\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_sites(path)
    assert (err.value.problems[0].line, err.value.problems[0].column) == (4, 10)


def test_unreadable_inputs(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        read_text(tmp_path)
    assert err.value.problems[0].key == "io.directory"


def test_a_checklist_with_a_misspelt_format_is_reported_not_skipped(tmp_path: Path) -> None:
    text = (DATA / "checklists" / "mini.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text.replace("civcheck.checklist/1", "civcheck.checklist/2"), "utf-8")
    (tmp_path / "b.yaml").write_text(text.replace("format: civcheck.checklist/1\n", ""), "utf-8")
    (tmp_path / "notes.yaml").write_text("just: some other file\n", "utf-8")
    catalog = Catalog.discover([tmp_path], env="")
    assert sorted((Path(p.path).name, p.key) for p in catalog.problems) == [
        ("a.yaml", "schema.format"),
        ("b.yaml", "schema.missing"),
    ]


def test_only_the_checklist_asked_for_is_parsed(tmp_path: Path) -> None:
    mini = (DATA / "checklists" / "mini.yaml").read_text(encoding="utf-8")
    (tmp_path / "mini.yaml").write_text(mini, "utf-8")
    broken = mini.replace('id: mini\nversion: "1"', 'id: other\nversion: "1"').replace("per: 2", "per: 0")
    (tmp_path / "other.yaml").write_text(broken, "utf-8")
    catalog = Catalog.discover([tmp_path], env="")
    assert catalog.find("mini", "1") is not None
    assert catalog.problems == []  # the broken one was indexed, not read
    assert catalog.find("other", "1") is None
    assert [p.key for p in catalog.problems] == ["schema.positive"]
    assert catalog.ids() == [
        "contingency-plan",
        "farmers-market",
        "government-compound",
        "market-town",
        "mini",
        "route-corridor",
        "urban-rural-fringe",
        "village-ring",
    ]


def test_yaml_1_1_number_traps_keep_what_was_written() -> None:
    data = parse_yaml("id: 0012\ngrid: 010\ntime: 1:30\nn: 3\n", "x.yaml")
    assert (data["id"], data["grid"], data["time"], data["n"]) == (12, 10, "1:30", 3)
    assert (data["id"].literal, data["grid"].literal) == ("0012", "010")


def test_site_ids_with_leading_zeros_stay_text(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(GOOD.read_text(encoding="utf-8").replace("id: s1", "id: 0012"), "utf-8")
    result = score_file(path, catalog)
    assert result is not None and result.assessment.site.id == "0012"


def test_an_empty_note_is_no_note(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(GOOD.read_text(encoding="utf-8").replace("note: 东街一处坑洼", 'note: ""'), "utf-8")
    result = score_file(path, catalog)
    assert result is not None and result.assessment.answers["M-1.1"].note == ""


def test_json_problems_are_located_even_where_yaml_cannot_read_the_file(tmp_path: Path) -> None:
    from civcheck.formats.values import parse_json

    text = '{\n\t"a": 1,\n\t"b": 2,\n\t"a": 3\n}\n'
    with pytest.raises(InputError) as err:
        parse_json(text, "x.json")
    assert (err.value.problems[0].line, err.value.problems[0].column, err.value.problems[0].key) == (
        4,
        2,
        "yaml.duplicate_key",
    )
    with pytest.raises(InputError) as err:
        parse_json('{\n  "found": NaN\n}\n', "x.json")
    assert (err.value.problems[0].line, err.value.problems[0].column) == (2, 12)
