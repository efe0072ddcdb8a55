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


def test_the_scripted_run_is_what_the_readme_says(tmp_path: Path) -> None:
    """The README's piped example: one line per item, its note and photo on its line, 跳过 leaving one open."""
    import subprocess
    import sys

    from PIL import Image

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"```sh\n(printf .*?)\n```", text, re.DOTALL)
    assert command is not None
    (tmp_path / "photos").mkdir()
    Image.new("RGB", (8, 6)).save(tmp_path / "photos" / "fm-1.jpg", "JPEG")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}", "CIVCHECK_LANG": "zh"}
    proc = subprocess.run(["bash", "-c", command.group(1)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)  # fmt: skip
    assert proc.returncode == 1, proc.stderr  # items remain: a scripted run that did not finish says so
    assert "已跳过 FM-1.5，稍后再答。" in proc.stdout
    saved = (tmp_path / "chengjiao-market--farmers-market--2026-07.yaml").read_text(encoding="utf-8")
    assert "note: 东门地面破损2处\n    evidence: [photos/fm-1.jpg]" in saved
    assert "FM-1.4: {status: fail, note: 东区自搭摊棚3处}" in saved and "FM-1.6: pass" in saved
    assert "FM-1.5" not in saved
