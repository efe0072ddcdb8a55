"""The linter as a whole: every finding in a file, agreement with the loader, files and folders."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from lintcase import lint

from civcheck.catalog import bundled_dir
from civcheck.errors import InputError
from civcheck.formats.checklist import checklist_from_data, load_checklist
from civcheck.formats.values import parse_document
from civcheck.lint import lint_paths, lint_text

TESTS = Path(__file__).parent.parent
CORPUS = TESTS / "corpus" / "checklists"
MINI = TESTS / "data" / "checklists" / "mini.yaml"
ROOT = TESTS.parent

# Rules that hold checklists to more than the loader asks (the loader accepts what they flag).
STRICTER_THAN_LOADER = {"text-zh", "text-en", "critical-na", "points-total", "pass-mark-band", "duplicate-ids"}


def test_the_bundled_checklists_are_clean_warnings_included() -> None:
    run = lint_paths([bundled_dir()])
    assert len(run.files) == 14  # seven checklists, and their 2026.07 versions kept for old answers
    assert run.errors == [] and run.skipped == []
    assert [p.format("en") for p in run.problems] == []


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.iterdir()))
def test_lint_finds_what_the_loader_refuses_at_the_same_place(name: str) -> None:
    path = CORPUS / name
    with pytest.raises(InputError) as refused:
        load_checklist(path)
    expected = {(p.line, p.column) for p in refused.value.problems}
    errors = {(p.line, p.column) for p in lint_paths([path]).problems if p.level == "error"}
    assert expected <= errors


def test_every_problem_in_a_file_is_reported() -> None:
    source = MINI.read_text(encoding="utf-8")
    broken = (
        source.replace("points: 10", "points: 0")
        .replace("id: M-1.2", "id: M-1.1")
        .replace("deadline_days: 7", "dealine: 7")
        .replace("pass_mark: 80", "pass_mark: 80\n  model: weighted")
    )
    problems = lint_text(broken, "mini.yaml")
    assert sorted({p.rule for p in problems}) == [
        "duplicate-ids",
        "points-total",
        "positive-points",
        "schema",
        "section-weight",
    ]
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_problem_lines_have_the_yamllint_shape() -> None:
    (problem,) = lint("format: civcheck.checklist/1\nid: x\nversion: 1\ntitle: 题\nsections: []\n")[-1:]
    line = problem.format("en")
    assert re.fullmatch(r"demo\.yaml:5:11: error schema sections must be a non-empty list, got \[\]", line), line
    assert problem.format("zh").startswith("demo.yaml:5:11: error schema ")


def test_folders_skip_answers_and_rosters_but_not_broken_files(tmp_path: Path) -> None:
    shutil.copy(MINI, tmp_path / "mini.yaml")
    shutil.copy(TESTS / "data" / "good.yaml", tmp_path / "answers.yaml")
    (tmp_path / "sites.yaml").write_text("format: civcheck.sites/1\nsites: []\n", encoding="utf-8")
    (tmp_path / "notes.yaml").write_text("just: notes\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("sections: [\n", encoding="utf-8")
    run = lint_paths([tmp_path])
    assert [Path(f).name for f in run.files] == ["broken.yaml", "mini.yaml"]
    assert sorted(Path(f).name for f in run.skipped) == ["answers.yaml", "notes.yaml", "sites.yaml"]
    assert [(Path(p.path).name, p.rule) for p in run.problems] == [("broken.yaml", "syntax")]


def test_a_file_named_explicitly_is_linted_as_a_checklist(tmp_path: Path) -> None:
    notes = tmp_path / "notes.yaml"
    notes.write_text("just: notes\n", encoding="utf-8")
    run = lint_paths([notes])
    assert [p.message("en") for p in run.problems][:1] == ['unknown key "just" (known: attributes, format, id, levels, '
                                                          "scoring, sections, short_title, site_types, source, tags, title, "
                                                          'version)']  # fmt: skip


def test_unreadable_files_are_input_errors_not_findings(tmp_path: Path) -> None:
    (tmp_path / "bin.yaml").write_bytes(b"format: \x00\x01")
    run = lint_paths([tmp_path / "bin.yaml", tmp_path / "missing.yaml"])
    assert run.problems == [] and run.files == []
    assert sorted(p.key for p in run.errors) == ["io.binary", "io.not_found"]


def test_json_checklists_are_linted_with_positions(tmp_path: Path) -> None:
    data = parse_document(MINI.read_text(encoding="utf-8"), str(MINI))
    data["sections"][0]["items"][0]["points"] = 0
    path = tmp_path / "mini.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    (problem,) = [p for p in lint_paths([path]).problems if p.rule == "positive-points"]
    line = path.read_text(encoding="utf-8").splitlines()[problem.line - 1]
    assert line.strip() == '"points": 0,' and line[problem.column - 1] == "0"


def test_duplicate_keys_in_json_are_found_too(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"format": "civcheck.checklist/1",\n "id": "a",\n "id": "b"}\n', encoding="utf-8")
    assert [(p.rule, p.line, p.column) for p in lint_paths([path]).problems if p.rule == "duplicate-keys"] == [
        ("duplicate-keys", 3, 2)
    ]


# -- lint is at least as strict as the loader ---------------------------------

MINI_DATA = yaml.safe_load(MINI.read_text(encoding="utf-8"))
ODD_VALUES = [None, "", "x", 0, -1, 1.5, 7, True, [], ["x"], {}, {"zh": ""}, {"en": "only"}, "2026-07-10"]
PLACES = [
    (),
    ("scoring",),
    ("scoring", "grades", 0),
    ("sections", 0),
    ("sections", 0, "items", 0),
    ("sections", 0, "items", 1),
    ("sections", 1, "items", 2),
]


def _mutate(data: dict, place: tuple, key: str, value: object, delete: bool) -> dict:  # type: ignore[type-arg]
    copy = json.loads(json.dumps(data))
    target = copy
    for step in place:
        target = target[step]
    if delete:
        target.pop(key, None)
    else:
        target[key] = value
    return copy


KEYS = ["format", "id", "version", "title", "sections", "items", "kind", "points", "per", "critical", "na", "when"]
KEYS += ["levels", "text", "weight", "min", "grades", "pass_mark", "decimals", "total", "model", "deadline_days"]
KEYS += ["method", "owner", "label", "bogus"]


@settings(max_examples=300, deadline=None)
@given(
    place=st.sampled_from(PLACES),
    key=st.sampled_from(KEYS),
    value=st.sampled_from(ODD_VALUES),
    delete=st.booleans(),
)
def test_what_the_loader_refuses_lint_reports_as_an_error(
    place: tuple,
    key: str,
    value: object,
    delete: bool,  # type: ignore[type-arg]
) -> None:
    try:
        data = _mutate(MINI_DATA, place, key, value, delete)
    except (KeyError, IndexError, TypeError):
        return
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    try:
        checklist_from_data(parse_document(text, "m.yaml"), "m.yaml", text)
        refused = None
    except InputError as exc:
        refused = exc.problems
    errors = [p for p in lint_text(text, "m.yaml") if p.level == "error"]
    if refused:
        assert errors, (text, [p.format("en") for p in refused])
    else:
        assert {p.rule for p in errors} <= STRICTER_THAN_LOADER, [p.format("en") for p in errors]


def test_lint_runs_over_the_repository_checklists_as_make_test_does() -> None:
    run = lint_paths([ROOT / "checklists"])
    assert len(run.files) == 14 and not run.failed(strict=True)
