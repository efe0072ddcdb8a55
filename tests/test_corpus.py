"""Malformed input is normal input: every bad file gives exit 2 and one located line.

Each case runs the real command in a subprocess, as a clerk would, and checks
the exit code, the ``path:line:column: message`` line, and that no traceback
leaks out.  A hang is caught by the subprocess timeout (60 s, generous for a
busy machine); how fast bad files are refused is measured in bench/, not here.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
CHECKLISTS = HERE / "data" / "checklists"

# file -> (line, column, a fragment of the English message)
ANSWERS = {
    "alias_bomb.yaml": (1, 14, "alias expansions"),
    "answers_list.yaml": (7, 3, "answers: expected mapping, got list"),
    "bad_date.yaml": (5, 7, "2026-13-45 is not a valid date"),
    "bad_due.yaml": (7, 30, 'due must be a date YYYY-MM-DD, got "next week"'),
    "bad_encoding.yaml": (6, 11, "cannot be decoded as UTF-8 / GB18030"),
    "binary.yaml": (3, 1, "binary file"),
    "bool_answer.yaml": (7, 10, "check item: answer pass, fail or na, not true"),
    "check_value.yaml": (7, 10, 'check item: answer pass, fail or na, not "good"'),
    "comments_only.yaml": (1, 1, "the file is empty"),
    "control_char.yaml": (7, 32, "control character 0x0007"),
    "custom_tag.yaml": (7, 10, "YAML tag !pass is not allowed"),
    "deep_nesting.yaml": (7, 97, "nested deeper than 64 levels"),
    "deeper_nesting.yaml": (7, 1008, "maximum nesting depth"),
    "duplicate_key.json": (4, 4, 'duplicate key "M-1.2"'),
    "duplicate_key.yaml": (9, 3, 'duplicate key "M-1.2"'),
    "empty.yaml": (1, 1, "the file is empty"),
    "found_fraction.yaml": (7, 18, "whole number >= 0) or na, not 1.5"),
    "found_negative.yaml": (7, 10, "whole number >= 0) or na, not -1"),
    "found_text.json": (4, 22, 'whole number >= 0) or na, not "3"'),
    "json_syntax.json": (3, 30, "JSON syntax error"),
    "missing_site.yaml": (1, 1, 'lacks the required key "site"'),
    "missing_site_id.yaml": (4, 7, 'site lacks the required key "id"'),
    "multi_document.yaml": (7, 1, "expected a single document"),
    "na_refused.yaml": (7, 10, "may not be answered na"),
    "nan_found.yaml": (7, 10, ".nan is not a finite number"),
    "not_mapping.yaml": (1, 1, "expected mapping, got list"),
    "python_tag.yaml": (7, 10, "YAML tag !!python/object/apply:os.system is not allowed"),
    "status_and_level.yaml": (7, 11, "give only one of status and level"),
    "unknown_checklist.yaml": (2, 12, 'no checklist "nope"'),
    "unknown_item.yaml": (8, 3, 'checklist mini has no item "M-9.9"'),
    "unknown_key.yaml": (6, 1, 'unknown key "asessor"'),
    "unknown_level.yaml": (7, 10, 'has no level "great"'),
    "version_mismatch.yaml": (3, 20, 'has no version "9" (versions found: 1)'),
    "wrong_format.yaml": (1, 9, "format must be civcheck.answers/1"),
    "yaml_syntax.yaml": (8, 1, "YAML syntax error"),
    "huge_int.yaml": (7, 10, "the number 999999999999... is out of range"),
    "exponent_bomb.yaml": (6, 17, "the number 1.0e-999999999 is out of range"),
    "exponent_bomb.json": (3, 22, "the number 1e999999999... is out of range"),
}

CHECKLIST_CASES = {
    "bad_checklist_id.yaml": (3, 5, 'checklist id "Mini_List"'),
    "bad_item_id.yaml": (42, 13, 'item id "M 2.2" is malformed'),
    "deduct_no_per.yaml": (19, 9, 'deduct item "M-1.1" lacks per'),
    "duplicate_item_id.yaml": (42, 13, 'duplicate id "M-1.2"'),
    "duplicate_section.yaml": (32, 9, 'duplicate id "roads"'),
    "empty_when.yaml": (45, 15, "when must not be empty"),
    "grades_no_zero.yaml": (14, 23, "the last grade must have min 0"),
    "grades_order.yaml": (12, 23, "grades must run from the highest min down"),
    "level_fraction.yaml": (16, 20, "fraction must lie between 0 and 1"),
    "levels_empty.yaml": (47, 9, 'grade item "M-2.3" has no levels'),
    "missing_title.yaml": (2, 1, 'lacks the required key "title"'),
    "per_zero.yaml": (23, 14, "per must be greater than 0"),
    "points_zero.yaml": (29, 17, "points must be greater than 0"),
    "section_both.yaml": (32, 5, 'section "market" must hold either items or sections'),
    "unknown_item_key.yaml": (42, 9, 'unknown key "dealine"'),
    "unknown_kind.yaml": (48, 15, '"rating" is not one of check | grade | deduct'),
    "weighted_no_weight.yaml": (17, 5, 'section "roads" lacks a weight'),
    "deadline_huge.yaml": (26, 24, "deadline_days must lie between 0 and 3650"),
}


def civcheck(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "civcheck", *args, "--lang", "en"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=60,
    )
    return proc.returncode, proc.stdout, proc.stderr


def assert_located(stderr: str, name: str, line: int, column: int, fragment: str) -> None:
    assert "Traceback" not in stderr
    first = stderr.splitlines()[0]
    assert first.startswith(f"{name}:{line}:{column}: "), first
    assert fragment in first, first


def test_the_corpus_is_complete() -> None:
    assert sorted(p.name for p in (CORPUS / "answers").iterdir()) == sorted(ANSWERS)
    assert sorted(p.name for p in (CORPUS / "checklists").iterdir()) == sorted(CHECKLIST_CASES)
    assert len(ANSWERS) + len(CHECKLIST_CASES) >= 20


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_bad_answers_file(name: str) -> None:
    line, column, fragment = ANSWERS[name]
    path = CORPUS / "answers" / name
    code, _stdout, stderr = civcheck("score", str(path), "--checklists", str(CHECKLISTS))
    assert code == 2, stderr
    assert_located(stderr, str(path), line, column, fragment)


@pytest.mark.parametrize("name", sorted(CHECKLIST_CASES))
def test_bad_checklist_file(name: str, tmp_path: Path) -> None:
    line, column, fragment = CHECKLIST_CASES[name]
    shutil.copy(CORPUS / "checklists" / name, tmp_path / name)
    code, _stdout, stderr = civcheck("checklists", "--checklists", str(tmp_path))
    assert code == 2, stderr
    assert_located(stderr, str(tmp_path / name), line, column, fragment)


def test_a_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    good = HERE / "data" / "good.yaml"
    bad = CORPUS / "answers" / "unknown_item.yaml"
    code, stdout, _stderr = civcheck("score", str(good), str(bad), "--checklists", str(CHECKLISTS), "--format", "json")
    assert code == 2
    import json

    doc = json.loads(stdout)
    assert [r["file"] for r in doc["results"]] == [str(good)]
    assert doc["errors"] == [
        {"file": str(bad), "line": 8, "column": 3, "message": 'checklist mini has no item "M-9.9"'}
    ]


def test_a_missing_file_is_an_input_error() -> None:
    code, _, stderr = civcheck("report", "no/such/file.yaml")
    assert code == 2
    assert stderr.startswith("no/such/file.yaml:1:1: no such file")


def test_chinese_messages() -> None:
    path = CORPUS / "answers" / "na_refused.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "civcheck", "score", str(path), "--checklists", str(CHECKLISTS), "--lang", "zh"],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(f'{path}:7:10: 条目 M-2.1 不允许"不适用"')
