"""Renderers for people: 80 columns, GBK consoles, NO_COLOR."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from civcheck.batch import score_file
from civcheck.catalog import Catalog
from civcheck.render import Context, renderers
from civcheck.render.common import display_width

EXAMPLES = Path(__file__).parent.parent / "examples" / "chengjiao"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.discover([], env="")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("ascii_only", [False, True])
def test_terminal_report_fits_80_columns_and_a_gbk_console(catalog: Catalog, lang: str, ascii_only: bool) -> None:
    result = score_file(EXAMPLES / "2026-07" / "nanguan--urban-rural-fringe.yaml", catalog)
    assert result is not None
    ctx = Context(lang=lang, rich=True, color=True, width=80, ascii=ascii_only)
    text = renderers("report")["table"](result, ctx)
    plain = ANSI.sub("", text)
    assert max(display_width(line) for line in plain.splitlines()) <= 80
    plain.encode("gbk")  # nothing a Chinese Windows console cannot show
    assert "UF-6.4" in plain and "60.00" in plain
    if ascii_only:
        assert "─" not in plain


def test_no_color_means_no_escape_codes(catalog: Catalog) -> None:
    result = score_file(EXAMPLES / "2026-08" / "hexi--village-ring.yaml", catalog)
    assert result is not None
    text = renderers("report")["table"](result, Context(rich=True, color=False, width=80))
    assert "\x1b[" not in text


def test_every_report_format_renders(catalog: Catalog) -> None:
    result = score_file(EXAMPLES / "2026-08" / "dongpo--village-ring.yaml", catalog)
    assert result is not None
    from civcheck.render.report_html import ReportPage

    for name, render in renderers("report").items():
        text = str(render(ReportPage(result, {}) if "photos" in render.needs else result, Context(lang="zh")))
        assert "dongpo" in text, name
        text.lstrip("\ufeff").encode("gbk")


def test_human_formats_show_the_checklists_decimals(tmp_path: Path) -> None:
    from civcheck.catalog import Catalog as Cat

    checklist = (Path(__file__).parent / "data" / "checklists" / "mini.yaml").read_text(encoding="utf-8")
    checklist = checklist.replace("  pass_mark: 80\n", "  pass_mark: 80\n  decimals: 3\n").replace("  total: 30\n", "")
    checklist = checklist.replace(
        "        points: 10\n        per: 2\n", "        points: 1234.5678\n        per: 0.01\n"
    )
    (tmp_path / "cl").mkdir()
    (tmp_path / "cl" / "mini.yaml").write_text(checklist, encoding="utf-8")
    answers = (Path(__file__).parent / "data" / "good.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(answers.replace("{found: 1,", "{found: 3,"), encoding="utf-8")
    result = score_file(tmp_path / "a.yaml", Cat.discover([tmp_path / "cl"], env=""))
    assert result is not None
    # roads: (1234.5678 - 0.03 + 5) / (1234.5678 + 5) = 1239.5378 / 1239.5678 = 99.99758...% -> 99.998
    for fmt in ("table", "md"):
        text = renderers("report")[fmt](result, Context(lang="en"))
        assert "99.998" in text and "1239.568" in text and "1239.538" in text, fmt
        assert "99.99 " not in text


# --- tables at any width (render/layout.py) ---------------------------------------------


def test_a_table_too_narrow_for_its_kept_columns_becomes_one_record_per_row() -> None:
    from civcheck.render.layout import KEEP, NUMBER, grid

    header, rows = ["排名", "点位", "得分"], [["1", "东坡村 (dongpo)", "89.20"], ["2", "兴隆村 (xinglong)", "9.5"]]
    cols = (NUMBER, KEEP, NUMBER)
    # the kept columns at their narrowest, never breaking a word: 4 + 2 + 10 ("(xinglong)") + 2 + 5 = 23
    assert grid(header, rows, cols, 23).text == (
        "排名  点位         得分\n" + "─" * 23 + "\n"
        "   1  东坡村      89.20\n      (dongpo)\n   2  兴隆村        9.5\n      (xinglong)\n"
    )
    laid = grid(header, rows, cols, 22)  # one column less: a record per row, a value too long under its label
    assert (
        laid.text == "排名: 1\n点位: 东坡村 (dongpo)\n得分: 89.20\n\n排名: 2\n点位:\n  兴隆村 (xinglong)\n得分: 9.5\n"
    )
    assert laid.dropped == ()


WIDTHS_TO_END = """
import json, sys
from civcheck.render.layout import KEEP, TEXT, Col, grid, wrap
site, long = "城郊乡政府大院 (chengjiao-gov)", "GC-6.1 文化站设多功能活动厅、图书阅览室（含电子阅览）" * 3
out = {}
for width in (-5, 0, 1, 2, 3, 10, 20, 21, 30):
    laid = grid(["点位", "问题", "网格"], [[site, long, "第一网格"]] * 3, (KEEP, TEXT, Col(drop=1)), width)
    out[width] = [laid.text.count("点位"), "".join(wrap(long, width, "  ")).replace(" ", "")]
json.dump(out, sys.stdout)
"""


def test_any_width_ends() -> None:
    """A width below any table's, down to none at all, still ends (a child process, stopped after 60 s if it hangs)."""
    import json
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", WIDTHS_TO_END], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    long = "GC-6.1 文化站设多功能活动厅、图书阅览室（含电子阅览）" * 3
    for width, (headings, wrapped) in json.loads(done.stdout).items():
        # the site kept whole between its words: 15 ("(chengjiao-gov)") + 2 + 4 ("问题") = 21 columns, or records
        assert headings == (1 if int(width) >= 21 else 3), width  # a heading over columns, or a label per record
        assert wrapped == long.replace(" ", ""), width  # every character, once


def test_a_dropped_checklist_follows_the_site_only_where_the_site_repeats() -> None:
    from civcheck.render.layout import NUMBER, Col, grid

    header = ["排名", "点位", "检查表", "得分"]
    rows = [["2", "东坡村 (dongpo)", "1公里内行政村", "89.20"], ["2", "兴隆村 (xinglong)", "1公里内行政村", "89.20"],
            ["7", "东坡村 (dongpo)", "沿途沿路沿水", "87.25"]]  # fmt: skip
    cols = (NUMBER, Col(keep=True, names=True), Col(drop=1, qualifies=True), NUMBER)
    wide = grid(header, rows, cols, 60, apart={0, 2})
    assert wide.dropped == () and wide.folded == "" and "[" not in wide.text  # the column shows it
    # 4 + 2 + 17 + 2 + 13 + 2 + 5 = 45 with the column; 4 + 2 + 31 + 2 + 5 = 44 with it folded
    narrow = grid(header, rows, cols, 44, apart={0, 2})
    assert narrow.dropped == ("检查表",) and narrow.folded == "检查表"
    assert narrow.text.splitlines()[2:] == [
        "   2  东坡村 (dongpo) [1公里内行政村]  89.20",
        "   2  兴隆村 (xinglong)                89.20",
        "   7  东坡村 (dongpo) [沿途沿路沿水]   87.25",
    ]
    assert "[" not in grid(header, rows, cols, 44).text  # no row to tell apart: the column is simply dropped
    # at 40 the site has 40 - 4 - 5 - 4 = 27 columns: the bracket goes whole onto a line of its own
    assert grid(header, rows, cols, 40, apart={0, 2}).text.splitlines()[2:4] == [
        "   2  东坡村 (dongpo)              89.20",
        "      [1公里内行政村]",
    ]
