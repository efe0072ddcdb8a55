"""漏项, 弱项 and 未检 as the minutes mean them, in every output format.

漏项: an item answered and earning nothing (work not done at all); 弱项: an item
earning part of its points; 未检: an item nobody answered (the self-check is
unfinished).  JSON keeps the ids failed / partial / missing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from civcheck.cli import app

ROOT = Path(__file__).parent.parent
MARKET = ROOT / "examples" / "chengjiao" / "2026-08" / "chengjiao-market--farmers-market.yaml"
runner = CliRunner()


@pytest.fixture
def market(tmp_path: Path) -> Path:
    """August's market with FM-1.1 left unanswered: FM-3.6 failed (漏项), FM-1.2 partly done (弱项), FM-1.1 未检."""
    folder = tmp_path / "2026-08"
    folder.mkdir()
    path = folder / MARKET.name
    text = MARKET.read_text(encoding="utf-8")
    text, n = re.subn(r"^  FM-1\.1:.*\n(    .*\n)*", "", text, count=1, flags=re.MULTILINE)
    assert n == 1
    path.write_text(text.replace("expect:", "x-expect:"), encoding="utf-8")
    return path


def out(*args: str) -> str:
    result = runner.invoke(app, [*args, "--lang", "zh"])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("fmt", ["table", "md", "csv"])
def test_the_report_says_each_word(market: Path, fmt: str) -> None:
    text = out("report", str(market), "-f", fmt)
    for item, word in (("FM-3.6", "漏项"), ("FM-1.2", "弱项"), ("FM-1.1", "未检")):
        assert any(item in line and word in line for line in text.splitlines()), (fmt, item, word)


def test_the_html_report_and_the_json_ids(market: Path, tmp_path: Path) -> None:
    page = tmp_path / "r.html"
    out("report", str(market), "-f", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert all(word in html for word in ("漏项", "弱项", "未检"))
    doc = json.loads(out("report", str(market), "-f", "json"))
    categories = {g["item"]: g["category"] for g in doc["results"][0]["gaps"]}
    assert (categories["FM-3.6"], categories["FM-1.2"], categories["FM-1.1"]) == ("failed", "partial", "missing")


def test_the_bulletin_and_the_ledger_say_each_word(market: Path, tmp_path: Path) -> None:
    book = tmp_path / "b.xlsx"
    out("score", str(market.parent), "-f", "xlsx", "-o", str(book))
    gaps = load_workbook(book)["问题清单"]
    header = [c.value for c in gaps[2]]
    words = {row[header.index("类别")] for row in gaps.iter_rows(min_row=3, values_only=True)}
    assert {"漏项 (否决项)", "弱项", "未检"} <= words
    table = out("score", str(market.parent))
    assert "未完成 29/30" in table  # an unanswered item leaves the self-check unfinished
    ledger = out("ledger", str(market.parent), "-f", "md", "--today", "2026-08-20")
    assert "未检（未作答，不列入整改）" in ledger and "FM-1.1" in ledger.split("未检（未作答，不列入整改）")[1]


def test_english_says_not_done_partly_done_and_unchecked(market: Path) -> None:
    result = runner.invoke(app, ["report", str(market), "-f", "md", "--lang", "en"])
    assert all(word in result.stdout for word in ("not done", "partly done", "unchecked"))
