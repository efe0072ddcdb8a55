"""The README's examples run as written."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.DOTALL)


def test_the_library_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = python_blocks()
    assert blocks, "the README shows the library in use"
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, "README.md", "exec"), {})  # the README's own example
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("1 ")  # the first ranked site
    saved = (tmp_path / "xinglong--village-ring.yaml").read_text(encoding="utf-8")
    assert "VR-1.1: pass" in saved and "round: 2026-09" in saved
    assert sorted(os.listdir(tmp_path)) == ["examples", "xinglong--village-ring.yaml"]  # nothing else written
