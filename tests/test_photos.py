"""The inspector's photos in the report: linked, or embedded and shrunk; never read from outside; never left out silently."""

from __future__ import annotations

import base64
import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from civcheck.cli import app
from civcheck.photos import SIDE, locate

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
MARKET = "2026-08/chengjiao-market--farmers-market.yaml"
runner = CliRunner()


@pytest.fixture
def township(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example township, the command run from inside it."""
    folder = tmp_path / "chengjiao"
    shutil.copytree(EXAMPLES, folder)
    monkeypatch.chdir(folder)
    return folder


def report(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["report", *args, "--lang", "zh"])
    return result.exit_code, result.stderr


def test_photos_are_linked_relative_to_the_page(township: Path) -> None:
    (township / "out").mkdir()
    code, err = report(MARKET, "-f", "html", "-o", "out/市场.html")
    assert code == 0 and err == ""
    html = (township / "out" / "市场.html").read_text(encoding="utf-8")
    # found beside the township's round folders, linked from the page's folder
    assert '<a href="../photos/2026-08/chengjiao-market-fm-3.6-north-1.jpg">' in html
    assert "<img" not in html


def test_embedded_photos_are_shrunk_and_the_page_stands_alone(township: Path) -> None:
    big = Image.new("RGB", (4000, 3000), (120, 160, 90))
    big.save(township / "photos" / "2026-08" / "chengjiao-market-fm-3.6-north-1.jpg", quality=95)
    code, err = report(MARKET, "-f", "html", "-o", "市场.html", "--embed-photos")
    assert code == 0, err
    html = (township / "市场.html").read_text(encoding="utf-8")
    images = re.findall(r'<img src="data:image/jpeg;base64,([A-Za-z0-9+/=]+)"', html)
    assert len(images) == 2  # FM-3.6's two photos
    for data in images:
        with Image.open(io.BytesIO(base64.b64decode(data))) as image:
            assert max(image.size) <= SIDE
    shrunk = Image.open(io.BytesIO(base64.b64decode(images[0])))
    assert shrunk.size == (640, 480)  # 4000 × 3000 scaled to 640 on its longer side, the proportions kept
    assert len(html.encode("utf-8")) < 200_000
    assert "http" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_a_photo_that_cannot_be_shown_is_said_in_its_place_and_on_stderr(township: Path) -> None:
    answers = township / MARKET
    text = answers.read_text(encoding="utf-8")
    text = text.replace("photos/2026-08/chengjiao-market-fm-3.6-north-2.jpg", "../../../../../etc/passwd", 1)
    answers.write_text(text, encoding="utf-8")
    (township / "photos" / "2026-08" / "chengjiao-market-fm-3.6-north-1.jpg").write_text("not a jpeg", "utf-8")
    code, err = report(MARKET, "-f", "html", "-o", "市场.html", "--embed-photos")
    assert code == 0
    lines = err.splitlines()
    assert f"{MARKET}：FM-3.6 的照片 photos/2026-08/chengjiao-market-fm-3.6-north-1.jpg：不是可识别的图片" in lines
    assert f"{MARKET}：FM-3.6 的照片 ../../../../../etc/passwd：照片不在答卷所在文件夹或工作文件夹内，不予读取" in lines
    html = (township / "市场.html").read_text(encoding="utf-8")
    assert "不是可识别的图片" in html and "不予读取" in html and "root:" not in html


def test_where_a_photo_may_come_from(tmp_path: Path) -> None:
    work = tmp_path / "town"
    answers = work / "2026-08"
    (work / "photos").mkdir(parents=True)
    answers.mkdir()
    (work / "photos" / "a.jpg").write_bytes(b"x")
    (answers / "b.jpg").write_bytes(b"x")
    (tmp_path / "secret.jpg").write_bytes(b"x")
    assert locate("b.jpg", answers, work) == ((answers / "b.jpg").resolve(), "")  # beside the answers file
    assert locate("photos/a.jpg", answers, work) == ((work / "photos" / "a.jpg").resolve(), "")  # a folder above
    assert locate("../secret.jpg", answers, work) == (None, "photo.outside")
    assert locate(str(tmp_path / "secret.jpg"), answers, work) == (None, "photo.absolute")
    assert locate("photos/none.jpg", answers, work) == (None, "photo.missing")
    (work / "photos" / "link.jpg").symlink_to(tmp_path / "secret.jpg")
    assert locate("photos/link.jpg", answers, work) == (None, "photo.outside")  # a link out is still out


def test_an_image_bomb_is_refused(township: Path) -> None:
    bomb = Image.new("1", (12_000, 12_000))  # 144 megapixels in a file of a few kilobytes
    bomb.save(township / "photos" / "2026-08" / "chengjiao-market-fm-3.6-north-1.jpg", format="PNG")
    code, err = report(MARKET, "-f", "html", "-o", "市场.html", "--embed-photos")
    assert code == 0 and "照片过大" in err


def test_markdown_lists_the_photos_paths() -> None:
    result = runner.invoke(app, ["report", str(EXAMPLES / MARKET), "-f", "md", "--lang", "zh"])
    assert result.exit_code == 0
    section = result.stdout[result.stdout.index("## 佐证材料（照片）") :]
    assert "- FM-3.6: `photos/2026-08/chengjiao-market-fm-3.6-north-1.jpg`, " in section
