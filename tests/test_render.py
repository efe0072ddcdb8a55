"""Renderers for people: 80 columns, GBK consoles, NO_COLOR."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from civcheck.batch import score_file
from civcheck.catalog import Catalog
from civcheck.render import Context, report_renderers
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
    text = report_renderers()["table"](result, ctx)
    plain = ANSI.sub("", text)
    assert max(display_width(line) for line in plain.splitlines()) <= 80
    plain.encode("gbk")  # nothing a Chinese Windows console cannot show
    assert "UF-6.4" in plain and "58.39" in plain
    if ascii_only:
        assert "─" not in plain


def test_no_color_means_no_escape_codes(catalog: Catalog) -> None:
    result = score_file(EXAMPLES / "2026-08" / "hexi--village-ring.yaml", catalog)
    assert result is not None
    text = report_renderers()["table"](result, Context(rich=True, color=False, width=80))
    assert "\x1b[" not in text


def test_every_report_format_renders(catalog: Catalog) -> None:
    result = score_file(EXAMPLES / "2026-08" / "dongpo--village-ring.yaml", catalog)
    assert result is not None
    for name, render in report_renderers().items():
        text = render(result, Context(lang="zh"))
        assert "dongpo" in text, name
        text.lstrip("\ufeff").encode("gbk")
