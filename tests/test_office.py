"""Workbooks as a real office suite opens and prints them: LibreOffice Calc, headless.

.ci/run installs Debian's libreoffice-calc-nogui and poppler-utils; where they
cannot be installed the tests are skipped and say so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from civcheck.cli import app

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(
    OFFICE is None,
    reason="LibreOffice (soffice) is not installed: the workbooks are not opened by an office suite "
    "(.ci/run installs libreoffice-calc-nogui)",
)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftotext) is not installed: the printed pages are not checked (.ci/run installs it)",
)


def convert(path: Path, to: str, tmp_path: Path, single: bool = True) -> Path:
    """*path* converted by LibreOffice beside itself; *single* false: one file per sheet, named by the caller."""
    assert OFFICE is not None
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([OFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", to, "--outdir",
                    str(path.parent), str(path)], capture_output=True, timeout=180, check=True)  # fmt: skip
    out = path.with_suffix("." + to.split(":")[0])
    assert out.exists() or not single, f"LibreOffice wrote no {out.name}"
    return out


def ledger(tmp_path: Path, *extra: str) -> Path:
    path = tmp_path / "台账.xlsx"
    result = CliRunner().invoke(app, ["ledger", str(EXAMPLES / "2026-07"), "--sites", str(EXAMPLES / "sites.yaml"),
                                      "--today", "2026-07-20", "-f", "xlsx", "-o", str(path), *extra])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return path


@needs_office
@needs_poppler
def test_the_ledger_prints_every_column_on_the_first_pages_width(tmp_path: Path) -> None:
    pdf = convert(ledger(tmp_path), "pdf", tmp_path)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    lines = first.splitlines()
    assert lines[0].split() == ["整改台账", "截至", "2026-07-20"]  # the page's header: the date 是否逾期 counts to
    head = next(line for line in lines if "序号" in line)
    for heading in ("序号", "编号", "问题描述", "整改措施", "整改时限", "整改状态", "出现轮次", "处理记录"):
        assert heading in head, head  # fitted to the page's width: no column spills onto a page of its own
    pages = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                                 text=True).stdout.splitlines()
                     if line.startswith("Pages:")))  # fmt: skip
    second = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-layout", str(pdf), "-"], capture_output=True,
                            text=True).stdout  # fmt: skip
    assert pages <= 6 and ("序号" in second or pages == 1)  # the header row repeats on every page


@needs_office
def test_a_row_deleted_from_a_ledger_saved_by_the_office_suite_is_noticed(tmp_path: Path) -> None:
    path = ledger(tmp_path)
    book = load_workbook(path)
    sheet = book["整改台账"]
    (row,) = [r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 2).value.endswith("/GC-3.2")]
    sheet.delete_rows(row)
    book.save(path)
    saved = tmp_path / "saved"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([OFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved), str(path)], capture_output=True,
                   timeout=180, check=True)  # fmt: skip
    assert load_workbook(saved / path.name)["civcheck"].sheet_state == "hidden"  # kept, though no longer very hidden
    result = CliRunner().invoke(app, ["ledger", str(EXAMPLES / "2026-08"), "--previous", str(saved / path.name),
                                      "--today", "2026-12-01", "-f", "json", "--lang", "zh"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert f"{saved / path.name}:整改台账: 警告：chengjiao-gov/government-compound/GC-3.2 这一行已从台账删除" in (
        result.stderr
    )


@needs_office
def test_office_reads_the_ledger_cells_as_written(tmp_path: Path) -> None:
    path = ledger(tmp_path)
    written = [[c for c in row] for row in load_workbook(path)["整改台账"].iter_rows(values_only=True)]
    text = convert(path, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path).read_text(encoding="utf-8")
    read = list(csv.reader(io.StringIO(text)))
    assert len(read) == len(written)
    for mine, theirs in zip(written, read, strict=True):
        shown = ["" if v is None else v.date().isoformat() if isinstance(v, dt.datetime) else
                 f"{v:g}" if isinstance(v, float) else str(v) for v in mine]  # fmt: skip
        assert [s.replace("\n", "") for s in shown] == [s.replace("\n", "") for s in theirs[: len(shown)]]


def bulletin_book(tmp_path: Path) -> Path:
    path = tmp_path / "通报.xlsx"
    result = CliRunner().invoke(app, ["score", str(EXAMPLES), "--sites", str(EXAMPLES / "sites.yaml"), "--group-by",
                                      "grid", "--red-black", "3", "--issuer", "城郊乡创建办", "--date", "2026-08-25",
                                      "-f", "xlsx", "-o", str(path), "--lang", "zh"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return path


def as_shown(value: object, number_format: str) -> str:
    """A cell as a spreadsheet shows it, for the formats the bulletin uses."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if number_format == "0.00":
            return f"{value:.2f}"
        if number_format.startswith("+0.00"):
            return f"{value:+.2f}" if value else "0.00"
        if number_format == "0.0%":
            return f"{value * 100:.1f}%"
        return f"{value:g}"
    return str(value)


@needs_office
def test_office_shows_the_bulletin_cells_as_written(tmp_path: Path) -> None:
    path = bulletin_book(tmp_path)
    book = load_workbook(path)
    # every sheet, each to its own CSV (token 12 = -1), cells as shown (token 9 = true)
    convert(path, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", tmp_path, False)
    assert book.sheetnames == ["得分排名", "红黑榜", "按网格汇总", "问题清单"]
    for sheet in book.worksheets:
        shown = path.with_name(f"{path.stem}-{sheet.title}.csv")
        read = list(csv.reader(io.StringIO(shown.read_text(encoding="utf-8"))))
        written = [[as_shown(c.value, c.number_format) for c in row] for row in sheet.iter_rows()]
        assert len(read) == len(written), sheet.title
        for mine, theirs in zip(written, read, strict=True):
            assert [s.replace("\n", "") for s in mine] == [s.replace("\n", "") for s in theirs[: len(mine)]], (
                sheet.title
            )
    ranking = list(csv.reader(io.StringIO(path.with_name(f"{path.stem}-得分排名.csv").read_text(encoding="utf-8"))))
    first = dict(zip(ranking[4], ranking[5], strict=False))  # office, title, round and date, summary; header
    # by hand: 93.75 now, 83.33 in July, +10.42; the file relative to where the command ran
    assert (first["得分"], first["上轮得分"], first["变化"]) == ("93.75", "83.33", "+10.42")
    grids = list(csv.reader(io.StringIO(path.with_name(f"{path.stem}-按网格汇总.csv").read_text(encoding="utf-8"))))
    assert grids[2][:5] == ["第一网格", "4", "89.29", "87.20", "75.0%"]


@needs_office
@needs_poppler
def test_the_bulletin_workbook_prints_its_title_and_every_column(tmp_path: Path) -> None:
    pdf = convert(bulletin_book(tmp_path), "pdf", tmp_path)
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    assert "城郊乡创建办" in first and "成文日期：2026-08-25" in first
    header = next(line for line in first.splitlines() if "排名" in line and "点位" in line)
    for heading in ("排名", "得分", "上轮得分", "变化", "一票否决", "主要问题", "榜单", "文件"):
        assert heading in header, heading  # fitted to the page's width: no column on a page of its own


def pdf_words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """Each word printed on *page*, with its box (x0, y0, x1, y1) in points."""
    import re

    xml = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', xml)
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]


@needs_office
@needs_poppler
def test_the_printed_ledger_never_writes_one_row_over_the_next(tmp_path: Path) -> None:
    """A wrapped cell's row is as tall as its lines: LibreOffice does not grow it, and printed one line high its
    text ran over the rows below (the problem, the remedy, the history)."""
    pdf = convert(ledger(tmp_path), "pdf", tmp_path)
    words = pdf_words(pdf, 1)
    assert len(words) > 200
    clashes = [(a[0], b[0]) for n, a in enumerate(words) for b in words[n + 1 :]
               if min(a[3], b[3]) - max(a[1], b[1]) > 1 and min(a[4], b[4]) - max(a[2], b[2]) > 1]  # fmt: skip
    assert clashes == [], clashes[:5]


@needs_office
@needs_poppler
def test_a_handout_prints_every_task_whole(tmp_path: Path) -> None:
    """Each 交办单 as the unit receives it: every problem and remedy printed in full, none cut at its cell's edge."""
    import json

    book = ledger(tmp_path, "--by", "owner")
    result = CliRunner().invoke(app, ["ledger", str(EXAMPLES / "2026-07"), "--sites", str(EXAMPLES / "sites.yaml"),
                                      "--today", "2026-07-20", "-f", "json"])  # fmt: skip
    tasks = [e for e in json.loads(result.stdout)["entries"] if e["status"] != "closed"]
    pdf = convert(book, "pdf", tmp_path)
    pages = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                                 text=True).stdout.splitlines()
                     if line.startswith("Pages:")))  # fmt: skip
    columns: dict[str, str] = {"问题描述": "", "整改措施": ""}
    for page in range(1, pages + 1):  # each column's words read down the page: a cell's lines in order
        words = pdf_words(pdf, page)
        heads = sorted((x0, w) for w, x0, _, _, _ in words if w in ("问题描述", "整改措施", "责任单位", "整改时限"))
        for (left, name), (right, _) in itertools.pairwise(heads):
            if name in columns:
                inside = sorted((round(y0), x0, w) for w, x0, y0, _, _ in words if left - 1 <= x0 < right - 1)
                columns[name] += "".join(w for _, _, w in inside if w != name)
    cut = [(e["id"], name) for e in tasks for name, key in (("问题描述", "problem"), ("整改措施", "remedy"))
           if "".join(e[key].split()) not in columns[name]]  # fmt: skip
    assert len(tasks) > 50 and cut == [], cut[:5]
