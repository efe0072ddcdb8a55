"""A skipped test says why, in the summary of every run.

Where a program the tests use is missing (LibreOffice, Chromium, poppler,
git) its tests are skipped; a count of skips alone hides what went
unchecked.  Every skip in the suite states its cause and what is therefore
not checked, and the run's summary lists each skip with that reason.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent

SKIPS = {"skip", "skipif", "importorskip", "xfail"}


def _text(node: ast.expr | None, names: dict[str, ast.expr]) -> str:
    """The words of a reason: a string, an f-string's fixed parts, or the module-level name holding one."""
    if isinstance(node, ast.Name) and node.id in names:
        return _text(names[node.id], names)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return " ".join(_text(part, names) for part in node.values if isinstance(part, ast.Constant))
    return ""


def skip_reasons() -> list[tuple[str, str]]:
    """Each skip in the test modules as (file:line, its reason's words)."""
    found = []
    for path in sorted(HERE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {t.id: n.value for n in tree.body if isinstance(n, ast.Assign) for t in n.targets
                 if isinstance(t, ast.Name)}  # fmt: skip
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SKIPS:
                given = {k.arg: k.value for k in node.keywords}
                reason = given.get("reason") or (node.args[0] if node.func.attr == "skip" and node.args else None)
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", _text(reason, names)))
    return found


def test_every_skip_says_what_is_missing_and_what_goes_unchecked() -> None:
    reasons = skip_reasons()
    assert len(reasons) >= 6  # office, poppler, browser (twice), git, duckdb, root's unreadable folders
    vague = [(where, why) for where, why in reasons if ": " not in why or len(why.split()) < 8]
    assert vague == [], "a skip's reason reads 'cause: what is not checked'"


def test_the_summary_of_a_run_lists_each_skip_with_its_reason(tmp_path: Path) -> None:
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "import pytest\n\n"
        "@pytest.mark.skipif(True, reason='frobnicator is not installed: the widgets are not checked')\n"
        "def test_widgets():\n    pass\n\n"
        "def test_passes():\n    pass\n",
        encoding="utf-8",
    )
    # the project's own settings (pyproject.toml), as `make test` runs pytest
    run = subprocess.run([sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir",
                          str(tmp_path), "-p", "no:cacheprovider", str(sample)],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert "SKIPPED [1] test_sample.py:3: frobnicator is not installed: the widgets are not checked" in run.stdout
