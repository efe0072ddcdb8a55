"""JSON Lines for analytics engines: one result per line, and the DuckDB recipe of docs/performance.md runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civcheck.cli import app

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
runner = CliRunner()


def test_one_result_per_line_and_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "城郊-2026-08.jsonl"
    result = runner.invoke(app, ["score", str(EXAMPLES / "2026-08"), "-f", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 13
    whole = json.loads(runner.invoke(app, ["score", str(EXAMPLES / "2026-08"), "-f", "json"]).stdout)
    assert [json.loads(line) for line in lines] == whole["results"]  # the same objects, one a line


def test_the_duckdb_recipe_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    duckdb = pytest.importorskip(
        "duckdb",
        reason="duckdb is not installed (pip install -e '.[dev]'): the DuckDB recipe in docs/performance.md is not run",
    )
    monkeypatch.chdir(tmp_path)
    for round_ in ("2026-07", "2026-08"):
        result = runner.invoke(app, ["score", str(EXAMPLES / round_), "-f", "jsonl", "-o", f"城郊-{round_}.jsonl"])
        assert result.exit_code == 0, result.stderr
    docs = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", docs, re.S)
    assert len(queries) >= 3
    con = duckdb.connect()
    by_round = con.sql(queries[0]).fetchall()
    # by hand, from the examples: July 3 of 13 pass and 3 vetoed; August 7 pass and 2 vetoed
    assert [(r[0], r[2], r[4], r[5]) for r in by_round] == [("2026-07", 13, 3, 3), ("2026-08", 13, 7, 2)]
    ranked = con.sql(queries[1]).fetchall()
    assert ranked[0][:3] == ("chengjiao-gov", "government-compound", 93.75) and ranked[0][3] == 1
    assert con.sql(queries[2]).fetchall()  # the gaps most sites share
