"""The JSON Schemas accept what civcheck accepts and refuse what it refuses, for editors."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from civcheck import json_schema as schema
from civcheck.catalog import bundled_dir
from civcheck.cli import app
from civcheck.formats import answers as fa
from civcheck.formats import checklist as fc
from civcheck.formats import sites as fs
from civcheck.formats.text import read_text
from civcheck.formats.values import parse_document

HERE = Path(__file__).parent
ROOT = HERE.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
MINI = HERE / "data" / "checklists" / "mini.yaml"


def plain(value: Any) -> Any:
    """Parsed YAML as a YAML language server sees it: dates are strings, numbers are numbers."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    return value


def data(path: Path) -> Any:
    return plain(parse_document(read_text(path), str(path)))


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema.schema(kind))


def errors(kind: str, document: Any) -> list[str]:
    return [e.message for e in validator(kind).iter_errors(document)]


@pytest.mark.parametrize("kind", schema.KINDS)
def test_the_schemas_are_valid_draft_2020_12(kind: str) -> None:
    document = schema.schema(kind)
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema.path(kind) == ROOT / "schemas" / f"{kind}.schema.json"


@pytest.mark.parametrize("path", [*sorted(bundled_dir().glob("*.yaml")), MINI], ids=lambda p: p.name)
def test_every_bundled_checklist_is_valid_and_points_at_its_schema(path: Path) -> None:
    assert errors("checklist", data(path)) == []
    if path.parent == bundled_dir():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/checklist.schema.json"
        assert (path.parent / "../schemas/checklist.schema.json").resolve() == schema.path("checklist").resolve()


@pytest.mark.parametrize("path", [*sorted(EXAMPLES.glob("2026-*/*.yaml")), HERE / "data" / "good.yaml"], ids=str)
def test_every_example_answers_file_is_valid(path: Path) -> None:
    assert errors("answers", data(path)) == []


def test_the_example_roster_is_valid() -> None:
    assert errors("sites", data(EXAMPLES / "sites.yaml")) == []


def mini(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = data(MINI)
    item = document["sections"][0]["items"][0]  # M-1.1, a deduct item
    for key, value in changes.items():
        if value is None:
            item.pop(key, None)
        else:
            item[key] = value
    return document


@pytest.mark.parametrize(
    "changes",
    [
        {"points": 0},
        {"points": "10"},
        {"per": None},  # a deduct item without per
        {"kind": "check"},  # per on a check item
        {"kind": "rating"},
        {"dealine": 7},
        {"text": None},
        {"when": {}},
        {"critical": "yes"},
        {"id": "M 1.1"},
        {"deadline_days": -1},
        {"levels": ["good"]},  # levels on a deduct item
    ],
    ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()),
)
def test_bad_checklists_are_refused(changes: dict[str, Any]) -> None:
    assert errors("checklist", mini(**changes))


def test_bad_structure_is_refused() -> None:
    both = mini()
    both["sections"][0]["sections"] = [{"id": "x", "items": both["sections"][1]["items"]}]
    assert errors("checklist", both)
    weighted = mini()
    weighted["scoring"]["model"] = "weighted"
    assert errors("checklist", weighted)  # sections without weight
    for section in weighted["sections"]:
        section["weight"] = 1
    assert errors("checklist", weighted) == []
    no_format = mini()
    del no_format["format"]
    assert errors("checklist", no_format)
    assert errors("checklist", {**mini(), "x-note": "自定义"}) == []


def test_bad_answers_and_rosters_are_refused() -> None:
    good = data(HERE / "data" / "good.yaml")
    assert errors("answers", {**good, "asessor": "x"})
    assert errors("answers", {**good, "answers": {"M-1.1": {"status": "pass", "level": "good"}}})
    assert errors("answers", {**good, "answers": {"M-1.1": -1}})
    assert errors("answers", {**good, "expect": {"passed": "yes"}})
    assert errors("answers", {k: v for k, v in good.items() if k != "site"})
    roster = data(EXAMPLES / "sites.yaml")
    assert errors("sites", {**roster, "sites": [{"name": "no id"}]})
    assert errors("sites", {**roster, "format": "civcheck.answers/1"})


def test_the_schemas_know_the_same_keys_as_the_loader() -> None:
    checklist = schema.schema("checklist")
    defs = checklist["$defs"]
    assert set(checklist["properties"]) == set(fc._CHECKLIST_KEYS)
    assert set(defs["scoring"]["properties"]) == set(fc._SCORING_KEYS)
    assert set(defs["section"]["properties"]) == set(fc._SECTION_KEYS)
    assert set(defs["item"]["properties"]) == set(fc._ITEM_KEYS)
    answers = schema.schema("answers")
    assert set(answers["properties"]) == set(fa._ANSWERS_KEYS)
    assert set(answers["$defs"]["site"]["properties"]) == set(fs.SITE_KEYS)
    assert set(answers["$defs"]["expect"]["properties"]) == set(fa._EXPECT_KEYS)
    assert set(answers["$defs"]["answer"]["anyOf"][2]["properties"]) == set(fa._ANSWER_KEYS)
    assert set(schema.schema("sites")["$defs"]["site"]["properties"]) == set(fs._ROSTER_SITE_KEYS)


@pytest.mark.parametrize("kind", schema.KINDS)
def test_the_command_prints_the_schema(kind: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["schema", kind])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == schema.schema(kind)
    target = tmp_path / "s.json"
    assert CliRunner().invoke(app, ["schema", kind, "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == schema.text(kind)


def test_an_unknown_kind_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["schema", "report", "--lang", "en"])
    assert (
        result.exit_code == 2
        and "unknown file kind report (choices: checklist, answers, sites, approvals)" in result.stderr
    )


def test_the_wheel_ships_the_schemas() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"schemas" = "civcheck/schemas"' in pyproject


# --- one schema, three readers ---------------------------------------------------------------------


def _readers_say(path: Path) -> tuple[bool, bool, bool]:
    """(loader accepts, lint accepts, the JSON Schema accepts) for one checklist file."""
    import jsonschema

    from civcheck.errors import InputError
    from civcheck.lint import lint_paths

    try:
        fc.load_checklist(path)
        loader = True
    except InputError:
        loader = False
    run = lint_paths([path])
    lint = not run.failed(strict=False) and not run.errors
    validator = jsonschema.Draft202012Validator(schema.schema("checklist"))
    return loader, lint, validator.is_valid(plain(parse_document(read_text(path), str(path))))


ROOT_DIR = Path(__file__).parent.parent
CORPUS_CHECKLISTS = Path(__file__).parent / "corpus" / "checklists"
# Rules about the file as a whole that a JSON Schema cannot state: the loader and lint refuse these alone.
BEYOND_JSON_SCHEMA = {
    "duplicate_item_id.yaml": "ids unique across the file",
    "duplicate_section.yaml": "ids unique across the file",
    "grades_no_zero.yaml": "the last grade band starts at 0",
    "grades_order.yaml": "grade bands in falling order",
    "levels_empty.yaml": "a grade item's levels are defined",
}


@pytest.mark.parametrize(
    "path",
    [*sorted(ROOT_DIR.glob("checklists/**/*.yaml")), Path(__file__).parent / "data" / "checklists" / "mini.yaml"],
    ids=lambda p: p.name,
)
def test_every_reader_accepts_a_good_checklist(path: Path) -> None:
    assert _readers_say(path) == (True, True, True)


@pytest.mark.parametrize("path", sorted(CORPUS_CHECKLISTS.glob("*.yaml")), ids=lambda p: p.name)
def test_every_reader_refuses_a_bad_checklist(path: Path) -> None:
    expected = (False, False, path.name in BEYOND_JSON_SCHEMA)
    assert _readers_say(path) == expected


MINI_TEXT = (Path(__file__).parent / "data" / "checklists" / "mini.yaml").read_text(encoding="utf-8")
MUTATIONS = {
    "unknown top key": ("title: {zh: 测试检查表, en: Test checklist}\n", "title: {zh: 测试检查表, en: Test checklist}\ntitel: x\n"),
    "unknown scoring key": ("  pass_mark: 80\n", "  pass_mark: 80\n  passmark: 80\n"),
    "unknown section key": ("  - id: roads\n", "  - id: roads\n    wieght: 2\n"),
    "unknown item key": ("        deadline_days: 15\n", "        deadline_days: 15\n        dealine: 15\n"),
    "no title": ("title: {zh: 测试检查表, en: Test checklist}\n", ""),
    "no version": ('version: "1"\n', ""),
    "item without points": ("        points: 5\n        owner: {zh: 交通部门", "        owner: {zh: 交通部门"),
    "points as text": ("        points: 10\n", "        points: 10分\n"),
    "kind misspelt": ("        kind: deduct\n", "        kind: deduction\n"),
    "method misspelt": ("        per: 2\n", "        per: 2\n        method: look\n"),
    "critical as text": ("        critical: true\n", "        critical: yes please\n"),
    "decimals negative": ("  pass_mark: 80\n", "  pass_mark: 80\n  decimals: -1\n"),
    "attribute without label": ("  has_live_poultry: {type: boolean, label: {zh: 是否销售活禽, en: Sells live poultry}}",
                                "  has_live_poultry: {type: boolean}"),
}  # fmt: skip


@pytest.mark.parametrize("change", list(MUTATIONS), ids=list(MUTATIONS))
def test_every_reader_refuses_the_same_key_and_type_mistakes(tmp_path: Path, change: str) -> None:
    old, new = MUTATIONS[change]
    assert old in MINI_TEXT
    path = tmp_path / "mini.yaml"
    path.write_text(MINI_TEXT.replace(old, new, 1), encoding="utf-8")
    assert _readers_say(path) == (False, False, False)
