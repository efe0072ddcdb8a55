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
