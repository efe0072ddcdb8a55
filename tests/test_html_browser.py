"""The HTML bulletin as a browser shows it: headless Chromium renders it and we look.

.ci/run installs Debian's chromium when it is missing; on a machine without
it this test is skipped (and says so), since it needs a real browser.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civcheck.cli import app
from civcheck.render.html import PASS, VETO

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]  # fmt: skip


def rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)")
def test_the_bulletin_renders_its_charts_and_tables(tmp_path: Path) -> None:
    from PIL import Image

    page = tmp_path / "bulletin.html"
    result = CliRunner().invoke(app, ["score", str(EXAMPLES), "--round", "2026-08", "--sites",
                                      str(EXAMPLES / "sites.yaml"), "--group-by", "grid", "-f", "html", "-o",
                                      str(page), "--lang", "zh"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert CHROMIUM is not None
    common = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # what the browser built: 13 site bars, the ranking with 13 rows, the roll-up, the gap table
    assert dom.stdout.count('class="bar"') >= 13 + 30
    assert dom.stdout.count("<tr") >= 13 + 4 + 50
    shot = tmp_path / "shot.png"
    subprocess.run([*common, "--window-size=900,3200", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)  # fmt: skip
    image = Image.open(shot).convert("RGB")
    assert image.size == (900, 3200)
    counts = {color: n for n, color in image.getcolors(1 << 24) or []}
    # the chart was drawn: the seven passed sites' green bars, the two vetoed sites' red ones ...
    assert counts.get(rgb(PASS), 0) > 7 * 14 * 300
    assert counts.get(rgb(VETO), 0) > 14 * 300
    # ... and the ranking table's header row below it
    assert counts.get(rgb("#f1e4e4"), 0) > 2000
