"""The bulletin that leaves the office: 红黑榜, the round before, the issuer's head, the workbook's print set-up.

Expected lists and changes are worked out by hand from the rows each test builds.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from builders import view
from openpyxl import load_workbook
from typer.testing import CliRunner

from civcheck.api import build_bulletin
from civcheck.bulletin import Before, Bulletin, rank, red_black
from civcheck.cli import app
from civcheck.errors import UsageError
from civcheck.views import ResultView

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
MINI = Path(__file__).parent / "data" / "checklists" / "mini.yaml"
runner = CliRunner()


def row(site: str, score: str | None, passed: bool = True, vetoed: bool = False, done: bool = True,
        round_: str = "r", checklist: str = "c") -> ResultView:  # fmt: skip
    return view(
        file=f"{site}.yaml", site=site, site_name=site, round=round_, checklist=checklist,
        score=None if score is None else Fraction(score), rounded=None if score is None else Decimal(score),
        passed=passed and not vetoed, vetoed=vetoed, vetoes=("X",) if vetoed else (), missing=() if done else ("Q",),
    )  # fmt: skip


def names(members: list[tuple[int, ResultView]]) -> list[tuple[int, str]]:
    return [(n, r.site) for n, r in members]


# --- 红黑榜 -----------------------------------------------------------------------------


def test_red_black_by_hand() -> None:
    rows = [row("a", "95.00"), row("b", "90.00"), row("c", "90.00"), row("d", "85.00"), row("e", "70.00", passed=False),
            row("v", "88.00", vetoed=True), row("u", "99.00", done=False)]  # fmt: skip
    (lists,) = red_black(rank(rows), 2)
    # ranked: u 99 (1), a 95 (2), b 90 (3), c 90 (3), v? no: vetoed last; d 85 (5), e 70 (6), v (7)
    # red: the 2 best finished, passing, unvetoed — a, then b; c ties with b, so it is listed too
    assert names(lists.red) == [(2, "a"), (3, "b"), (3, "c")]
    # black: every vetoed site (v), then the lowest of the rest until 2 are listed: e
    assert names(lists.black) == [(7, "v"), (6, "e")]
    assert lists.unfinished == 1  # u scored 99 but is unfinished: on neither list


def test_every_vetoed_site_is_black_however_many_and_a_failing_site_is_never_red() -> None:
    rows = [row("a", "80.00", passed=False), row("v1", "95.00", vetoed=True), row("v2", "91.00", vetoed=True),
            row("v3", "60.00", vetoed=True)]  # fmt: skip
    (lists,) = red_black(rank(rows), 2)
    assert lists.red == []  # nobody passed
    assert names(lists.black) == [(2, "v1"), (3, "v2"), (4, "v3")]  # three vetoed, though the list is of 2


def test_a_provisional_veto_is_black_and_not_counted_unfinished() -> None:
    rows = [row("a", "90.00"), row("p", "85.00", vetoed=True, done=False), row("b", "70.00", passed=False)]
    (lists,) = red_black(rank(rows), 1)
    assert names(lists.red) == [(1, "a")] and names(lists.black) == [(3, "p")] and lists.unfinished == 0


def test_each_round_has_its_own_lists() -> None:
    rows = [row("a", "90.00", round_="2026-07"), row("b", "80.00", round_="2026-07"), row("a", "70.00", round_="2026-08",
            passed=False), row("b", "95.00", round_="2026-08")]  # fmt: skip
    first, second = red_black(rank(rows), 1)
    assert (first.round, names(first.red), names(first.black)) == ("2026-07", [(1, "a")], [(2, "b")])
    assert (second.round, names(second.red), names(second.black)) == ("2026-08", [(1, "b")], [(2, "a")])


# --- the round before --------------------------------------------------------------------


def test_change_against_the_round_before() -> None:
    now = [row("a", "88.20"), row("b", "77.42"), row("n", "90.00")]
    b = Bulletin(now, previous_round="2026-07", previous={("a", "c"): Before(Decimal("64.60"), False, True),
                                                          ("b", "c"): Before(Decimal("80.00"), True, True)})  # fmt: skip
    a, worse, new = (b.change(r) for r in now)
    assert a is not None and a.delta == Decimal("23.60") and not a.new  # 88.20 − 64.60
    assert (
        worse is not None and worse.delta == Decimal("-2.58") and worse.previous == Before(Decimal("80.00"), True, True)
    )
    assert new is not None and new.new and new.delta is None
    assert Bulletin(now).change(now[0]) is None  # nothing compared: no columns at all


def write(folder: Path, site: str, round_: str, answers: str) -> None:
    path = folder / round_ / f"{site}--mini.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'format: civcheck.answers/1\nchecklist: mini\nchecklist_version: "1"\nsite: {{id: {site}, type: market_town, '
        f"attributes: {{has_live_poultry: false}}}}\nround: {round_}\nanswers:\n{answers}",
        encoding="utf-8",
    )


ALL_PASS = "  M-1.1: 0\n  M-1.2: pass\n  M-2.1: pass\n  M-2.3: excellent\n"


@pytest.fixture
def rounds(tmp_path: Path) -> Path:
    # 25 points possible (M-2.2 does not apply without live poultry)
    write(tmp_path, "a", "2026-06", ALL_PASS)  # 100.00
    write(tmp_path, "a", "2026-07", "  M-1.1: 2\n  M-1.2: pass\n  M-2.1: pass\n  M-2.3: good\n")  # 6+5+5+4 = 80.00
    write(tmp_path, "a", "2026-08", "  M-1.1: 1\n  M-1.2: pass\n  M-2.1: pass\n  M-2.3: good\n")  # 8+5+5+4 = 88.00
    write(tmp_path, "b", "2026-08", ALL_PASS)  # new in August: 100.00
    return tmp_path


def test_the_round_before_is_compared_by_default_or_as_named(rounds: Path) -> None:
    b = build_bulletin([rounds], checklists=[MINI])
    assert (b.round, b.previous_round) == ("2026-08", "2026-07")
    changes = {r.site: b.change(r) for r in b.rows}
    assert changes["a"] is not None and changes["a"].delta == Decimal("8.00")  # 88.00 − 80.00
    assert changes["b"] is not None and changes["b"].new
    named = build_bulletin([rounds], checklists=[MINI], previous_round="2026-06")
    a = next(r for r in named.rows if r.site == "a")
    assert named.previous_round == "2026-06" and named.change(a) == (Before(Decimal("100.00"), False, True),
                                                                      Decimal("-12.00"))  # fmt: skip
    assert build_bulletin([rounds], checklists=[MINI], previous_round=None).previous_round is None
    assert build_bulletin([rounds / "2026-08"], checklists=[MINI]).previous_round is None  # only one round found


@pytest.mark.parametrize(("kwargs", "key"), [({"previous_round": "2025-01"}, "batch.no_previous_round"),
                                             ({"previous_round": "2026-08"}, "usage.previous_same"),
                                             ({"round": "all", "previous_round": "2026-07"}, "usage.previous_all"),
                                             ({"red_black": -1}, "usage.red_black")])  # fmt: skip
def test_a_round_before_that_cannot_be_is_refused(rounds: Path, kwargs: dict[str, object], key: str) -> None:
    with pytest.raises(UsageError) as caught:
        build_bulletin([rounds], checklists=[MINI], **kwargs)  # type: ignore[arg-type]
    assert caught.value.key == key


def test_the_change_columns_in_every_format(rounds: Path, tmp_path: Path) -> None:
    args = ["score", str(rounds), "--checklists", str(MINI), "--no-progress", "--lang", "zh"]
    table = runner.invoke(app, args)
    assert table.exit_code == 0, table.stderr
    assert "得分排名（上轮为 2026-07）" in table.stdout
    line_a = next(line for line in table.stdout.splitlines() if " a " in f" {line} " and "88.00" in line)
    assert "80.00" in line_a and "↑8.00" in line_a
    assert "新增" in next(line for line in table.stdout.splitlines() if "100.00" in line)
    data = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    entry = next(e for e in data["ranking"] if e["site"] == "a")
    assert (data["previous_round"], entry["previous_score"], entry["change"], entry["new"]) == ("2026-07", 80.0, 8.0,
                                                                                                False)  # fmt: skip
    csv_text = runner.invoke(app, [*args, "-f", "csv"]).stdout.lstrip("\ufeff")
    head, *lines = csv_text.splitlines()
    columns = head.split(",")
    a = dict(zip(columns, next(x for x in lines if ",a," in x).split(","), strict=True))
    assert (a["上轮得分"], a["变化"], a["新增"]) == ("80.00", "8.00", "否")
    plain = runner.invoke(app, [*args, "-f", "csv", "--previous-round", "none"]).stdout
    assert "上轮得分" not in plain  # without a round before, the plain ranking's columns


# --- the head of the notice -----------------------------------------------------------------

HEAD = ["--issuer", "城郊镇创建工作领导小组办公室", "--doc-no", "城郊创建办〔2026〕8号", "--title",
        "关于2026年8月文明创建自查自测情况的通报", "--date", "2026-08-25"]  # fmt: skip


def test_the_head_in_md_html_and_the_workbook(tmp_path: Path) -> None:
    args = ["score", str(EXAMPLES), "--no-progress", "--lang", "zh", *HEAD]
    md = runner.invoke(app, [*args, "-f", "md"]).stdout
    assert md.startswith(
        "**城郊镇创建工作领导小组办公室**\n\n城郊创建办〔2026〕8号\n\n# 关于2026年8月文明创建自查自测情况的通报\n\n"
    )
    assert "轮次：2026-08 成文日期：2026-08-25" in md
    page = tmp_path / "b.html"
    assert runner.invoke(app, [*args, "-f", "html", "-o", str(page)]).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert (
        '<p class="issuer">城郊镇创建工作领导小组办公室</p>' in html
        and '<p class="doc-no">城郊创建办〔2026〕8号</p>' in html
    )
    assert "<h1>关于2026年8月文明创建自查自测情况的通报</h1>" in html and "2026-08-25" in html
    book = tmp_path / "b.xlsx"
    assert runner.invoke(app, [*args, "-f", "xlsx", "-o", str(book)]).exit_code == 0
    sheet = load_workbook(book)["得分排名"]
    assert [sheet.cell(n, 1).value for n in range(1, 5)] == ["城郊镇创建工作领导小组办公室", "城郊创建办〔2026〕8号",
                                                              "关于2026年8月文明创建自查自测情况的通报",
                                                              "轮次：2026-08\u3000成文日期：2026-08-25"]  # fmt: skip


def test_a_township_sets_its_head_once_in_its_config_and_an_option_wins(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    (tmp_path / "civcheck.yaml").write_text(
        "format: civcheck.config/1\nbulletin:\n  issuer: 城郊镇创建办\n  doc_no: 城郊创建办〔2026〕9号\n  red_black: 2\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["score", str(EXAMPLES), "-f", "json", "--doc-no", "临时〔2026〕1号"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["publication"]["issuer"] == "城郊镇创建办" and data["publication"]["doc_no"] == "临时〔2026〕1号"
    assert data["publication"]["date"] == "2026-08-14"  # no date given: August's last inspection (below)
    assert [m["site"] for m in data["red_black"][0]["red"]] == ["chengjiao-gov", "dongpo", "xinglong"]  # a 2-2 tie
    # the config file in a scanned folder is no answers file
    assert runner.invoke(app, ["score", str(tmp_path), str(EXAMPLES), "-f", "json"]).exit_code == 0


# the August answers are dated 2026-08-10 (1 file), -11 (2), -12 (3), -13 (4) and -14 (3); July's 07-10 … 07-14
@pytest.mark.parametrize("fmt", ["md", "html", "xlsx"])
def test_a_bulletin_is_dated_on_its_rounds_last_inspection_and_says_so(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"b.{fmt}"
    for lang, said in (("zh", "成文日期取本轮最后检查日期 2026-08-14；可用 --date 指定"),
                       ("en", "the bulletin is dated 2026-08-14, the round's last inspection; choose another date "
                              "with --date")):  # fmt: skip
        result = runner.invoke(
            app, ["score", str(EXAMPLES), "--no-progress", "-f", fmt, "-o", str(out), "--lang", lang]
        )
        assert result.exit_code == 0, result.stderr
        assert said in result.stderr.splitlines()
    if fmt == "md":  # in en, as the last run left it
        assert "Date: 2026-08-14" in out.read_text(encoding="utf-8")
    july = runner.invoke(app, ["score", str(EXAMPLES), "--round", "2026-07", "--no-progress", "-f", fmt, "-o",
                               str(out), "--lang", "zh"])  # fmt: skip
    assert "成文日期取本轮最后检查日期 2026-07-14；可用 --date 指定" in july.stderr
    both = runner.invoke(app, ["score", str(EXAMPLES), "--round", "all", "--no-progress", "-f", fmt, "-o", str(out),
                               "--lang", "zh"])  # fmt: skip
    assert "成文日期取各轮中最后的检查日期 2026-08-14；可用 --date 指定" in both.stderr
    given = runner.invoke(app, ["score", str(EXAMPLES), "--no-progress", "-f", fmt, "-o", str(out), "--date",
                                "2026-08-25", "--lang", "zh"])  # fmt: skip
    assert given.exit_code == 0 and "成文日期取" not in given.stderr  # chosen: nothing to say
    for quiet in ("table", "csv", "json"):  # formats without the notice's head say nothing of its date
        assert "成文日期取" not in runner.invoke(app, ["score", str(EXAMPLES), "-f", quiet, "--lang", "zh"]).stderr


def test_the_date_given_in_the_config_or_on_the_command_line_wins(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    (tmp_path / "civcheck.yaml").write_text("format: civcheck.config/1\nbulletin:\n  date: 2026-08-20\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["score", str(EXAMPLES), "--no-progress", "-f", "md", "--lang", "zh"]
    from_file = runner.invoke(app, args)
    assert "成文日期：2026-08-20" in from_file.stdout and "成文日期取" not in from_file.stderr
    assert "成文日期：2026-08-25" in runner.invoke(app, [*args, "--date", "2026-08-25"]).stdout
    (tmp_path / "civcheck.yaml").write_text("format: civcheck.config/1\nbulletin:\n  date: 2026-08\n", "utf-8")
    bad = runner.invoke(app, args)
    assert bad.exit_code == 2 and "civcheck.yaml:3:9: " in bad.stderr, bad.stderr


def test_answers_without_dates_give_a_bulletin_dated_today_and_it_says_so(tmp_path: Path) -> None:
    import re

    for path in (EXAMPLES / "2026-08").glob("*.yaml"):
        text = re.sub(r"^date: .*\n", "", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
        (tmp_path / path.name).write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["score", str(tmp_path), "--no-progress", "-f", "md", "--lang", "zh"])
    assert result.exit_code == 0, result.stderr
    today = dt.date.today().isoformat()
    assert f"答卷没有写检查日期（date），成文日期取今天 {today}；可用 --date 指定" in result.stderr
    assert f"成文日期：{today}" in result.stdout


def test_a_bad_config_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "civcheck.yaml"
    bad.write_text("format: civcheck.config/1\nbulletin:\n  issuer: x\n  red_back: 3\n", encoding="utf-8")
    result = runner.invoke(app, ["score", str(EXAMPLES), "--config", str(bad), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f'{bad}:4:3: unknown key "red_back"')
    assert "Traceback" not in result.stderr


# --- 红黑榜 in the formats ----------------------------------------------------------------------


def test_red_black_as_a_section_and_a_sheet(tmp_path: Path) -> None:
    args = ["score", str(EXAMPLES), "--no-progress", "--lang", "zh", "--red-black", "3"]
    md = runner.invoke(app, [*args, "-f", "md"]).stdout
    section = md[md.index("## 红黑榜") :]
    # red: 93.75, then the 89.20 pair (rank 2, 2): three; black: the two vetoed, then the lowest other (78.00)
    assert [line.split(" | ")[0].strip("| ") for line in section.splitlines() if line.startswith("| 红榜") or
            line.startswith("| 黑榜")] == ["红榜", "红榜", "红榜", "黑榜", "黑榜", "黑榜"]  # fmt: skip
    assert "| 黑榜 | 11 | 凉风村 (liangfeng) |" in section
    book = tmp_path / "b.xlsx"
    assert runner.invoke(app, [*args, "-f", "xlsx", "-o", str(book)]).exit_code == 0
    sheet = load_workbook(book)["红黑榜"]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert [(r[0], r[1], r[4]) for r in rows] == [("红榜", 1, 93.75), ("红榜", 2, 89.2), ("红榜", 2, 89.2),
                                                  ("黑榜", 12, 87.2), ("黑榜", 13, 77.42), ("黑榜", 11, 78.0)]  # fmt: skip


# --- the workbook, ready to print and filter -----------------------------------------------------


def test_the_workbook_prints_and_filters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)
    book = tmp_path / "b.xlsx"
    result = runner.invoke(app, ["score", str(EXAMPLES / "2026-08"), str(EXAMPLES / "2026-07"), "--group-by", "grid",
                                 "--sites", "sites.yaml", "-f", "xlsx", "-o", str(book), *HEAD])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(book)
    assert wb.sheetnames == ["得分排名", "按网格汇总", "问题清单"]
    for sheet in wb.worksheets:
        assert sheet.page_setup.paperSize == 9 and sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    ranking = wb["得分排名"]
    # five title lines (office, number, title, round and date, summary), then the header on row 6
    assert ranking.print_title_rows == "$6:$6" and ranking.freeze_panes == "A7"
    # 20 columns, 4 for 不适用 (two sites answered na), no 红黑榜 column; 13 rows
    assert ranking.auto_filter.ref == "A6:X19"
    header = [c.value for c in ranking[6]]
    first = {h: c for h, c in zip(header, ranking[7], strict=True)}
    assert first["得分"].value == 93.75 and first["得分"].number_format == "0.00"
    assert first["上轮得分"].value == 83.33 and first["变化"].number_format == "+0.00;-0.00;0.00"
    assert first["文件"].value == "2026-08/chengjiao-gov--government-compound.yaml"  # relative to where it ran
    grid = wb["按网格汇总"]
    rate = grid.cell(3, 5)
    assert (rate.value, rate.number_format) == (0.75, "0.0%")  # 3 of the first grid's 4 passed
    gaps = wb["问题清单"]
    due = next(c for c in gaps[3] if c.column_letter == "N")
    assert isinstance(due.value, dt.datetime) and due.number_format == "yyyy-mm-dd"


# --- the chart tells the truth ----------------------------------------------------------------


def test_the_chart_draws_a_veto_as_a_veto_and_an_unfinished_self_check_as_unfinished() -> None:
    from civcheck.render.charts import FAIL, PASS, UNFINISHED, bar_chart, site_bars

    rows = [row("ok", "90.00"), row("low", "70.00", passed=False), row("v", "95.00", vetoed=True),
            row("u", "40.00", done=False)]  # fmt: skip
    bars = {b.label.split(" · ")[0]: b for b in site_bars(rank(rows), "zh")}
    assert (bars["ok"].color, bars["low"].color) == (PASS, FAIL)
    # 95 but vetoed: hatched grey, the score struck through, 一票否决 said — never a long bar of success
    assert (bars["v"].color, bars["v"].struck, bars["v"].note) == ("url(#hatch)", True, "一票否决")
    assert (bars["u"].color, bars["u"].note) == (UNFINISHED, "未完成 4/5")  # builders' rows have 5 items
    svg = bar_chart(list(bars.values()), "t", "zh", line=Decimal(80))
    assert svg.count('class="pass-line"') == 1 and "达标线 80" in svg and 'class="mark"' not in svg
    # checklists with different pass marks: a tick on each bar instead of one line
    mixed = [bars["ok"]._replace(mark=Decimal(60)), bars["low"]._replace(mark=Decimal(80))]
    ticks = bar_chart(mixed, "t", "zh")
    assert ticks.count('class="mark"') == 2 and "pass-line" not in ticks


def _boxes(
    svg: str,
) -> tuple[dict[str, float], list[tuple[str, float, float, float, float]], tuple[float, float, float]]:
    """From the SVG's coordinates: the pass line (x, y1, y2), and each text's box (text, left, top, right, bottom).

    Widths are estimated on the wide side, independently of the renderer: a Chinese character 1 em, anything
    else 0.62 em; a line of text reaches 0.9 em above its baseline and 0.25 em below.
    """
    import xml.etree.ElementTree as ET

    from civcheck.render.layout import display_width

    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    view = [float(v) for v in root.attrib["viewBox"].split()]
    texts = []
    for node in root.iter(f"{ns}text"):
        said = "".join(node.itertext()).replace("".join(n.text or "" for n in node.iter(f"{ns}title")), "")
        size = float(node.attrib.get("font-size", 10))
        wide = sum(size if display_width(c) == 2 else 0.62 * size for c in said)
        x, y = float(node.attrib["x"]), float(node.attrib["y"])
        left = {"middle": x - wide / 2, "end": x - wide}.get(node.attrib.get("text-anchor", ""), x)
        texts.append((node.attrib.get("class", ""), left, y - 0.9 * size, left + wide, y + 0.25 * size))
    line = next(n for n in root.iter(f"{ns}line") if n.attrib.get("class") in ("pass-line", "mark"))
    return {"width": view[2]}, texts, (float(line.attrib["x1"]), float(line.attrib["y1"]), float(line.attrib["y2"]))


def test_the_pass_line_and_its_label_never_cover_a_score() -> None:
    """Scores at, just under and well under the mark: no score's box meets the label's box or the line."""
    import xml.etree.ElementTree as ET

    from civcheck.render.charts import FAIL, PASS, Bar, bar_chart

    values = ("100.00", "80.00", "79.99", "79.40", "78.75", "78.07", "77.42", "60.00", "0.00")
    bars = [Bar(f"site {v}", Decimal(v), PASS if Decimal(v) >= 80 else FAIL) for v in values]
    bars.append(Bar("vetoed", Decimal("79.50"), "url(#hatch)", note="一票否决", struck=True))
    for lang in ("zh", "en"):
        svg = bar_chart(bars, "t", lang, line=Decimal(80))
        view, texts, (line_x, line_top, line_bottom) = _boxes(svg)
        (label,) = [box for box in texts if box[0] == "pass-label"]
        scores = [box for box in texts if box[0] == "score"]
        assert len(scores) == len(bars)
        for _, left, top, right, bottom in scores:
            assert right < label[1] or left > label[3] or bottom < label[2] or top > label[4]  # boxes apart
            assert not left <= line_x <= right or bottom < line_top or top > line_bottom  # the line misses it
        assert label[1] >= 0 and label[3] <= view["width"] and label[4] <= line_top  # the line starts below it
    # by hand: the scale runs 400 wide from x = 210, so the mark is at 530; 79.40 ends at 527.6 and its label,
    # which would start at 531.6 across the line, starts 4 past it; 80.00 and 60.00 keep their 4 past the bar
    root = ET.fromstring(bar_chart(bars, "t", "zh", line=Decimal(80)))
    starts = {"".join(n.itertext()).split()[0]: n.attrib["x"] for n in root.iter("{http://www.w3.org/2000/svg}text")
              if n.attrib.get("class") == "score"}  # fmt: skip
    assert (starts["79.40"], starts["79.99"], starts["80.00"], starts["60.00"]) == ("534.0", "534.0", "534.0", "454.0")
    # checklists with different pass marks: each bar's own tick misses its score too
    ticked = [Bar("a", Decimal("59.10"), FAIL, mark=Decimal(60)), Bar("b", Decimal("78.07"), FAIL, mark=Decimal(80))]
    svg = bar_chart(ticked, "t", "zh")
    _, texts, _ = _boxes(svg)
    marks = [float(n.attrib["x1"]) for n in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}line")
             if n.attrib.get("class") == "mark"]  # fmt: skip
    for mark, (_, left, _, right, _) in zip(marks, [b for b in texts if b[0] == "score"], strict=True):
        assert not left <= mark <= right
