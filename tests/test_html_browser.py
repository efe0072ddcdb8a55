"""The published bulletin as a browser prints it: headless Chromium renders it to PDF, and we look.

.ci/run installs Debian's chromium (and poppler-utils, to read the PDF back);
on a machine without them these tests are skipped, and say so.  With
``CIVCHECK_UPDATE_DOCS=1`` the page-one test also writes the picture the
README shows (docs/bulletin-page1.png).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civcheck.cli import app
from civcheck.render.charts import PASS

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
PICTURE = ROOT / "docs" / "bulletin-page1.png"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("pdfinfo")
_ABSENT = [name for name, found in (("chromium", CHROMIUM), ("poppler-utils (pdftotext, pdftoppm, pdfinfo)", POPPLER))
           if not found]  # fmt: skip
MISSING = " and ".join(_ABSENT)
WHY = (f"{MISSING} {'are' if len(_ABSENT) > 1 else 'is'} not installed: the printed bulletin is not checked "
       "(.ci/run installs them)")  # fmt: skip
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]  # fmt: skip
needs_browser = pytest.mark.skipif(bool(MISSING), reason=WHY)

PUBLISHED = ["--sites", str(EXAMPLES / "sites.yaml"), "--group-by", "grid", "--red-black", "3", "--issuer",
             "城郊乡创建工作领导小组办公室", "--doc-no", "城郊创建办〔2026〕8号", "--title",
             "关于2026年8月文明创建自查自测情况的通报", "--date", "2026-08-25"]  # fmt: skip


def rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example township's August bulletin, as html and as the PDF Chromium prints of it."""
    if MISSING:
        pytest.skip(WHY)
    folder = tmp_path_factory.mktemp("bulletin")
    page = folder / "bulletin.html"
    result = CliRunner().invoke(app, ["score", str(EXAMPLES), "--round", "2026-08", *PUBLISHED, "-f", "html", "-o",
                                      str(page), "--lang", "zh"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    pdf = folder / "bulletin.pdf"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={folder / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=180, check=True)  # fmt: skip
    assert pdf.exists()
    return page, pdf


def pdf_text(pdf: Path, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]


@needs_browser
def test_thirteen_sites_print_on_two_a4_pages_with_the_ranking_on_page_one(printed: tuple[Path, Path]) -> None:
    _, pdf = printed
    assert pages(pdf) <= 2
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)", info), info  # portrait A4
    first = pdf_text(pdf, 1)
    for words in ("城郊乡创建工作领导小组办公室", "城郊创建办〔2026〕8号", "关于2026年8月文明创建自查自测情况的通报",
                  "得分排名（上轮为 2026-07）"):  # fmt: skip
        assert words in first, words
    for site in ("城郊乡政府大院", "东坡村", "兴隆村", "双桥村", "城郊集镇", "河西村", "南关社区", "凉风村", "城郊农贸市场",
                 "城西社区"):  # fmt: skip
        assert site in first, site
    assert first.index("得分排名") < first.index("城西社区")  # the whole ranking is on page one
    assert "各点位得分" in pdf_text(pdf, 2)  # the charts after it


@needs_browser
def test_no_id_date_or_number_breaks_and_headers_lie_flat(printed: tuple[Path, Path]) -> None:
    _, pdf = printed
    first = pdf_text(pdf, 1)
    # every score, change and worst-gap id of the ranking stands whole on a line of the printed page
    for token in ("93.75", "89.20", "↑10.42", "↓9.75", "87.20", "77.42", "GC-6.1", "VR-3.3", "CP-4.5", "FM-3.6",
                  "UF-5.3", "2026-08-25", "chengjiao-market"):  # fmt: skip
        assert re.search(rf"(?<![0-9A-Za-z.\-]){re.escape(token)}(?![0-9A-Za-z.\-])", first), token
    header = next(line for line in first.splitlines() if "名次" in line)
    for heading in ("名次", "点位", "乡镇/网格", "检查表", "得分", "上轮", "变化", "等级", "达标", "否决", "主要问题"):
        assert heading in header, heading  # each heading on the header's one line, not a character per line


@needs_browser
def test_page_one_as_a_picture(printed: tuple[Path, Path], tmp_path: Path) -> None:
    from PIL import Image

    _, pdf = printed
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "80", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, timeout=120)  # fmt: skip
    (png,) = tmp_path.glob("page*.png")
    image = Image.open(png).convert("RGB")
    width, height = image.size
    assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
    top = image.crop((0, 0, width, height // 8))
    reds = sum(n for n, (r, g, b) in top.getcolors(1 << 20) or [] if r > 180 and g < 60 and b < 60)
    assert reds > 500  # the issuing office in red, and the red rule under it
    if os.environ.get("CIVCHECK_UPDATE_DOCS") == "1":
        image.save(PICTURE, optimize=True)
    assert PICTURE.exists(), "docs/bulletin-page1.png: run with CIVCHECK_UPDATE_DOCS=1 to make it"


@needs_browser
def test_the_charts_tell_the_truth(printed: tuple[Path, Path], tmp_path: Path) -> None:
    from PIL import Image

    page, _ = printed
    assert CHROMIUM is not None
    common = [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*common, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert html.count('class="pass-line"') == 1 and "达标线 80" in html  # one pass mark for every bar: one line
    # the two vetoed markets: hatched, the score struck through and 一票否决 said, never a bar of success
    assert html.count('fill="url(#hatch)"') == 2
    assert html.count('text-decoration="line-through"') == 2 and html.count(">一票否决</tspan>") == 2
    shot = tmp_path / "shot.png"
    subprocess.run([*common, "--window-size=900,2600", f"--screenshot={shot}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)  # fmt: skip
    counts = {color: n for n, color in Image.open(shot).convert("RGB").getcolors(1 << 24) or []}
    assert counts.get(rgb(PASS), 0) > 7 * 10 * 150  # the seven passing sites' green bars were drawn


@needs_browser
def test_the_printed_pass_line_misses_every_score(printed: tuple[Path, Path]) -> None:
    """As Chromium prints page 2: 达标线 80 and the line itself cross none of the 13 scores (77.42 … 93.75)."""
    _, pdf = printed
    xml = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    words = [(m[4], *map(float, m[:4])) for m in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml)]  # fmt: skip
    top = next(w[2] for w in words if w[0] == "各点位得分")
    bottom = next(w[2] for w in words if w[0] == "按网格汇总")
    chart = [w for w in words if top < w[2] < bottom]
    scores = [w for w in chart if re.fullmatch(r"\d+\.\d\d", w[0])]
    assert len(scores) == 13
    (label,) = [w for w in chart if w[0] == "达标线"]
    mark = next(w for w in chart if w[0] == "80" and abs(w[2] - label[2]) < 1)  # the "80" beside 达标线
    axis = max((w for w in chart if w[0] == "80"), key=lambda w: w[2])  # the scale's 80, under the line
    line_x = (axis[1] + axis[3]) / 2
    for _, left, upper, right, lower in scores:
        for box in (label, mark):
            assert right < box[1] or left > box[3] or lower < box[2] or upper > box[4]
        assert not left <= line_x <= right  # 77.42, 78.00, 78.07, 78.75, 79.40 are set after the line


def test_the_printed_ledger_holds_every_column_and_its_date(tmp_path: Path) -> None:
    page = tmp_path / "台账.html"
    result = CliRunner().invoke(app, ["ledger", str(EXAMPLES / "2026-08"), "--today", "2026-12-01", "-f", "html",
                                      "-o", str(page), "--lang", "zh"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    pdf = tmp_path / "台账.pdf"
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=180, check=True)  # fmt: skip
    first = pdf_text(pdf, 1)
    assert "截至 2026-12-01：是否逾期、逾期天数都按这一天计算" in first
    # no column cut off at the page's right edge: the first heading and the last stand on page one
    header = next(line for line in first.splitlines() if "序号" in line)
    for heading in ("序号", "编号", "问题描述", "整改时限", "整改状态", "作废原因", "出现轮次", "处理记录", "疑似重复"):
        assert heading in header, heading
    for token in ("2026-08-14", "2026-08-21", "未整改"):  # dates and states whole
        assert re.search(rf"(?<![0-9\-]){re.escape(token)}(?![0-9\-])", first), token
