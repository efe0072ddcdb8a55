"""Forms for field inspectors: ``civcheck template`` writes the workbook, ``civcheck import`` reads it back.

The workbooks are filled with openpyxl the way a clerk fills them in Excel:
Chinese words from the drop-downs, counts typed as numbers, notes and photo
references, a date typed into the date cell.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from civcheck.batch import score_file
from civcheck.catalog import Catalog
from civcheck.cli import app
from civcheck.formats.answers import load_assessment
from civcheck.formats.form_cells import CellProblem
from civcheck.model import Answer

ROOT = Path(__file__).parent.parent
ROSTER = ROOT / "examples" / "chengjiao" / "sites.yaml"
runner = CliRunner()

# village-ring for 兴隆村 (has_waterway: true, on_route: false): the rows of its sheet.
# Rows 1-5 hold the header, 6-7 the attributes on_route and has_waterway, 8 the guide, 9 the headings.
XINGLONG_ROWS = {"VR-1.1": 9, "VR-1.2": 10, "VR-1.3": 11, "VR-4.3": 23, "VR-5.1": 25}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def make_form(tmp_path: Path, *extra: str, name: str = "form.xlsx") -> Path:
    out = tmp_path / name
    code, stdout, stderr = run("template", "village-ring", "--sites", str(ROSTER), "--round", "2026-08",
                               "-o", str(out), "--lang", "zh", *extra)  # fmt: skip
    assert code == 0, stderr
    sheets = 1 if "--site" in extra else 3
    assert stdout == f"已生成 {out}：{sheets} 张工作表（village-ring 2026.12）\n"
    return out


def rows_by_item(ws: Any) -> dict[str, int]:
    heading = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value in ("条目编号", "Item"))
    return {ws.cell(r, 1).value: r for r in range(heading + 1, ws.max_row + 1) if ws.cell(r, 1).value}


def fill(ws: Any, answers: dict[str, Any], notes: dict[str, str] | None = None, photos: dict[str, str] | None = None,
         default: bool = True) -> None:  # fmt: skip
    """Answer every item like a clerk: 达标 / 0 / 优 unless *answers* says otherwise; None leaves it blank."""
    for item_id, row in rows_by_item(ws).items():
        kind = ws.cell(row, 4).value
        usual = "达标" if kind.startswith("检查") else 0 if kind.startswith("扣分") else "优"
        value = answers.get(item_id, usual if default else None)
        ws.cell(row, 5).value = value
        ws.cell(row, 6).value = (notes or {}).get(item_id)
        ws.cell(row, 7).value = (photos or {}).get(item_id)


def read(path: Path, ws_name: str) -> list[list[Any]]:
    ws = load_workbook(path)[ws_name]
    return [list(row) for row in ws.iter_rows(values_only=True)]


# --------------------------------------------------------------------------
# template


def test_one_sheet_per_roster_site_that_needs_the_checklist(tmp_path: Path) -> None:
    book = load_workbook(make_form(tmp_path))
    assert book.sheetnames == ["兴隆村", "河西村", "东坡村", "civcheck"]  # the three village_ring sites
    assert [ws.sheet_state for ws in book.worksheets] == ["visible", "visible", "visible", "hidden"]
    ws = book["兴隆村"]
    header = [[ws.cell(r, c).value for c in (1, 2, 4, 5)] for r in range(2, 7)]
    assert header == [
        ["检查表编号", "village-ring", "检查表版本", "2026.12"],
        ["点位编号", "xinglong", "点位名称", "兴隆村"],
        ["轮次", "2026-08", "检查日期", None],
        ["检查人", None, "乡镇/网格", "城郊 第二网格"],
        ["属性：是否有河道沟渠 [has_waterway]", "是", "为“是”时检查 VR-5.1、VR-5.2、VR-5.3", None],
    ]
    assert [ws.cell(8, c).value for c in range(1, 8)] == [
        "条目编号", "分组", "检查内容", "类型及分值", "检查结果", "问题描述", "证据（照片/资料编号）",
    ]  # fmt: skip
    # all three villages have water: every item is on every sheet
    assert [len(rows_by_item(book[name])) for name in ("兴隆村", "河西村", "东坡村")] == [25, 25, 25]
    assert {k: v for k, v in rows_by_item(ws).items() if k in XINGLONG_ROWS} == XINGLONG_ROWS
    row = XINGLONG_ROWS["VR-1.2"]
    assert ws.cell(row, 2).value == "道路硬化"
    assert ws.cell(row, 3).value.startswith("硬化路面无坑洼、破损、塌陷\n提示：村内道路随机抽取3段、每段300米")
    assert ws.cell(row, 3).value.endswith("抽样：村内道路随机抽取3段、每段300米（不足900米的全程）")  # the sample
    assert ws.cell(row, 4).value == "扣分 6 分\n每处扣 1 分，扣完为止"
    assert ws.cell(XINGLONG_ROWS["VR-5.1"], 4).value == "检查 6 分\n一票否决项\n不可选不适用"
    assert ws.cell(XINGLONG_ROWS["VR-4.3"], 4).value == "评级 5 分\n等级：优/良/中/差"


def test_answer_cells_have_drop_downs_and_only_fill_in_cells_are_unlocked(tmp_path: Path) -> None:
    ws = load_workbook(make_form(tmp_path))["兴隆村"]
    rows = XINGLONG_ROWS
    validations = {str(cell): dv for dv in ws.data_validations.dataValidation for cell in str(dv.sqref).split()}
    check, no_na, grade, deduct = (validations[f"E{rows[i]}"] for i in ("VR-1.1", "VR-5.1", "VR-4.3", "VR-1.2"))
    assert (check.type, check.formula1, check.errorStyle) == ("list", '"达标,不达标,不适用"', "stop")
    assert (no_na.type, no_na.formula1) == ("list", '"达标,不达标"')  # VR-5.1 has na: false
    assert (grade.type, grade.formula1) == ("list", '"优,良,中,差,不适用"')
    assert (deduct.type, deduct.operator, deduct.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert "每处扣 1 分，最多扣 6 分" in deduct.prompt
    assert check.showErrorMessage and check.showInputMessage and deduct.showErrorMessage
    assert f"E{rows['VR-1.3']}" in validations and "E8" not in validations and "F9" not in validations
    # sheet protection on; only the answer, note and evidence cells and the site's fill-in cells unlocked
    assert ws.protection.sheet
    for ref in ("E9", "F9", "G9", "E25", "B3", "E3", "B4", "E4", "B5"):
        assert not ws[ref].protection.locked, ref
    for ref in ("A9", "B9", "C9", "D9", "A8", "E8", "B2", "E2", "B6", "B7", "A1"):
        assert ws[ref].protection.locked, ref
    assert ws.freeze_panes == "B9"
    assert ws.print_title_rows == "$8:$8"
    assert ws.column_dimensions["C"].width >= 40 and ws.column_dimensions["A"].width >= 10
    assert ws["C9"].alignment.wrap_text
    assert ws["B3"].number_format == "@"  # a round or an id like 0012 stays text


def test_blank_form_in_english_lists_every_item_with_its_condition(tmp_path: Path) -> None:
    out = tmp_path / "blank.xlsx"
    code, stdout, _ = run("template", "village-ring", "-o", str(out), "--lang", "en")
    assert code == 0 and stdout == f"Wrote {out}: 1 sheet (village-ring 2026.12)\n"
    book = load_workbook(out)
    assert book.sheetnames == ["Form", "civcheck"]
    ws = book["Form"]
    assert [ws.cell(r, 1).value for r in range(2, 7)] == [
        "Checklist ID", "Site ID", "Round", "Assessor", "Attribute: Has a river, stream or ditch [has_waterway]",
    ]  # fmt: skip
    assert ws["B3"].value is None and not ws["B6"].protection.locked  # attributes are filled in on a blank form
    assert [ws.cell(8, c).value for c in range(1, 6)] == ["Item", "Section", "Standard", "Kind and points", "Answer"]
    rows = rows_by_item(ws)
    assert len(rows) == 25  # nothing is excluded without a site
    assert ws.cell(rows["VR-5.2"], 3).value.endswith("Applies when: Has a river, stream or ditch=yes")
    validations = {str(cell): dv for dv in ws.data_validations.dataValidation for cell in str(dv.sqref).split()}
    assert validations["B6"].formula1 == '"yes,no"'
    assert validations[f"E{rows['VR-1.1']}"].formula1 == '"pass,fail,n/a"'
    assert validations[f"E{rows['VR-4.3']}"].formula1 == '"Excellent,Good,Fair,Poor,n/a"'


def test_roster_text_is_never_a_formula(tmp_path: Path) -> None:
    roster = tmp_path / "sites.yaml"
    roster.write_text(
        "format: civcheck.sites/1\nsites:\n  - {id: s1, name: '=HYPERLINK(\"http://x\")', types: [village_ring]}\n",
        encoding="utf-8",
    )
    out = tmp_path / "f.xlsx"
    assert run("template", "village-ring", "--sites", str(roster), "-o", str(out))[0] == 0
    ws = load_workbook(out).worksheets[0]
    assert ws.title == '=HYPERLINK("http___x")'
    assert ws["E3"].value == '=HYPERLINK("http://x")' and ws["E3"].data_type == "s" and ws["E3"].quotePrefix


def test_template_usage_errors(tmp_path: Path) -> None:
    assert run("template", "village-ring", "-o", str(tmp_path / "f.csv"))[0] == 2
    code, _, err = run("template", "contingency-plan", "--sites", str(ROSTER), "--site", "nowhere",
                       "-o", str(tmp_path / "f.xlsx"), "--lang", "en")  # fmt: skip
    assert code == 2 and err == f"civcheck: the roster {ROSTER} has no site nowhere\n"
    code, _, err = run("template", "nope", "-o", str(tmp_path / "f.xlsx"), "--lang", "en")
    assert code == 2 and err.startswith('civcheck: no checklist "nope" (found: contingency-plan, ')
    assert not (tmp_path / "f.xlsx").exists()
    # --site picks sites explicitly
    code, _, _ = run(
        "template", "village-ring", "--sites", str(ROSTER), "--site", "hexi", "-o", str(tmp_path / "h.xlsx")
    )
    assert code == 0 and load_workbook(tmp_path / "h.xlsx").sheetnames == ["河西村", "civcheck"]


# --------------------------------------------------------------------------
# import


def test_filled_form_imports_and_scores_as_computed_by_hand(tmp_path: Path) -> None:
    form = make_form(tmp_path)
    book = load_workbook(form)
    ws = book["兴隆村"]
    ws["E4"] = dt.date(2026, 8, 20)  # Excel stores a typed date as a date
    ws["B5"] = "曾婷"
    fill(
        ws,
        {"VR-1.2": 2, "VR-1.3": "不达标", "VR-2.2": "1", "VR-2.3": 3, "VR-2.6": "是", "VR-4.3": "良",
         "VR-5.3": "不适用", "VR-6.4": None, "VR-6.5": "中"},
        notes={"VR-1.2": "东街坑洼2处", "VR-1.3": "4组巷道约60米未硬化"},
        photos={"VR-1.2": "p1.jpg，p2.jpg"},
    )  # fmt: skip
    book.save(form)
    out = tmp_path / "answers"
    code, stdout, stderr = run("import", str(form), "--output", str(out), "--lang", "zh")
    assert code == 0, stderr
    target = out / "xinglong--village-ring.yaml"
    assert stdout.splitlines() == [
        "form.xlsx:河西村：没有任何答案，跳过",
        "form.xlsx:东坡村：没有任何答案，跳过",
        f"form.xlsx:兴隆村 → {target}（已答 24/25 项）",
    ]
    assert stderr == "导入 1 个文件：写出 1 份答卷\n"
    assert sorted(p.name for p in out.iterdir()) == ["xinglong--village-ring.yaml"]

    text = target.read_text(encoding="utf-8")
    assert text.startswith("# 由 civcheck import 从 form.xlsx:兴隆村 导入\nformat: civcheck.answers/1\n")
    catalog = Catalog.discover([])
    _, assessment = load_assessment(target, catalog)
    assert (assessment.checklist, assessment.checklist_version) == ("village-ring", "2026.12")
    assert (assessment.round, assessment.date, assessment.assessor) == ("2026-08", dt.date(2026, 8, 20), "曾婷")
    site = assessment.site
    assert (site.id, site.name, site.type, site.township, site.grid, site.owner) == (
        "xinglong", "兴隆村", "village_ring", "城郊", "第二网格", "兴隆村委会",
    )  # fmt: skip
    assert site.attributes["has_waterway"] is True
    answers = assessment.answers
    assert answers["VR-1.2"] == Answer("VR-1.2", found=2, note="东街坑洼2处", evidence=("p1.jpg", "p2.jpg"))
    assert answers["VR-1.3"] == Answer("VR-1.3", status="fail", note="4组巷道约60米未硬化")
    assert answers["VR-2.2"] == Answer("VR-2.2", found=1)
    assert answers["VR-2.6"] == Answer("VR-2.6", status="pass")
    assert answers["VR-4.3"] == Answer("VR-4.3", level="good")
    assert answers["VR-5.3"] == Answer("VR-5.3", status="na")
    assert answers["VR-6.5"] == Answer("VR-6.5", level="fair")
    assert "VR-6.4" not in answers  # blank: unanswered
    assert len(answers) == 24

    # By hand: village-ring 2026.12 has 100 points, all applicable to a village with water; VR-5.3 (2) is
    # answered N/A, so 98 are possible. Lost: VR-1.2 2 problems x 1 = 2; VR-1.3 failed 4; VR-2.2 1 x 1 = 1;
    # VR-2.3 3 x 1 = 3; VR-4.3 良 = 0.8 x 5, 1 lost; VR-6.4 unanswered 2; VR-6.5 中 = 0.6 x 4, 1.6 lost.
    # Earned 98 - 14.6 = 83.4, score 100 x 83.4 / 98 = 85.102... -> 85.10.
    result = score_file(target, catalog)
    assert result is not None
    assert (result.possible, result.earned) == (98, Fraction(834, 10))
    assert result.score == Fraction(8340, 98)
    assert result.rounded_score == Decimal("85.10")
    assert result.grade is not None and result.grade.id == "good"
    assert (result.passed, result.vetoed, result.complete, result.missing) == (True, False, False, ("VR-6.4",))


def test_a_sheet_with_a_bad_cell_writes_nothing_and_the_workbooks_other_sheets_are_imported(tmp_path: Path) -> None:
    form = make_form(tmp_path)
    book = load_workbook(form)
    fill(book["兴隆村"], {"VR-1.3": "不达标"})
    fill(book["河西村"], {"VR-1.2": 2.5})  # the one bad cell
    fill(book["东坡村"], {"VR-4.3": "良"})
    book.save(form)
    out = tmp_path / "answers"
    out.mkdir()
    (out / "xinglong--village-ring.yaml").write_text("# an earlier import\n", encoding="utf-8")
    (out / "hexi--village-ring.yaml").write_text("# an earlier import\n", encoding="utf-8")

    code, stdout, stderr = run("import", str(form), "--output", str(out), "--lang", "zh")
    assert code == 2
    assert stderr.splitlines() == [
        f"{form}:河西村!E{XINGLONG_ROWS['VR-1.2']}: 条目 VR-1.2 是扣分项，应填发现问题的处数（不小于 0 的整数），不能填 2.5",
        "导入 1 个文件：写出 2 份答卷；1 张工作表有错误，未写入",
    ]
    assert stdout.splitlines() == [
        f"form.xlsx:兴隆村 → {out / 'xinglong--village-ring.yaml'}（已答 25/25 项）",
        f"form.xlsx:东坡村 → {out / 'dongpo--village-ring.yaml'}（已答 25/25 项）",
    ]
    # a good sheet replaces its earlier import; the bad sheet leaves its earlier one as it was
    assert sorted(p.name for p in out.iterdir()) == [
        "dongpo--village-ring.yaml", "hexi--village-ring.yaml", "xinglong--village-ring.yaml",
    ]  # fmt: skip
    assert (out / "hexi--village-ring.yaml").read_text(encoding="utf-8") == "# an earlier import\n"
    # By hand: every one of the 100 points applies to both villages (they have water).
    # 兴隆村 fails VR-1.3 (4 points): 96 / 100. 东坡村's VR-4.3 良 earns 0.8 x 5 = 4 of 5: 99 / 100.
    catalog = Catalog.discover([])
    scored = {name: score_file(out / f"{name}--village-ring.yaml", catalog) for name in ("xinglong", "dongpo")}
    assert {name: (r.earned, r.possible, r.rounded_score) for name, r in scored.items() if r is not None} == {
        "xinglong": (96, 100, Decimal("96.00")), "dongpo": (99, 100, Decimal("99.00")),
    }  # fmt: skip

    code, _, stderr = run("import", str(form), "--output", str(out), "--lang", "en")
    assert code == 2
    assert stderr.splitlines()[-1] == "1 file read: 2 answers files written; 1 sheet with errors, not written"


def test_every_bad_cell_is_located_in_zh_and_en(tmp_path: Path) -> None:
    bad = make_form(tmp_path)
    book = load_workbook(bad)
    fill(book["兴隆村"], {"VR-1.1": "好", "VR-1.2": 2.5, "VR-5.1": "不适用", "VR-4.3": "一般"})
    hexi = book["河西村"]
    hexi["B3"] = None  # the site id was deleted
    fill(hexi, {"VR-1.3": "不达标"})
    book.save(bad)
    good = make_form(tmp_path, name="good.xlsx")
    book = load_workbook(good)
    fill(book["河西村"], {})
    book.save(good)

    out = tmp_path / "answers"
    code, stdout, stderr = run("import", str(bad), str(good), "--output", str(out), "--lang", "zh")
    assert code == 2
    rows = XINGLONG_ROWS
    assert stderr.splitlines() == [
        f"{bad}:兴隆村!E{rows['VR-1.1']}: “好”不是条目 VR-1.1 的有效答案：它的意思取决于条目的说法（可填：达标、不达标、不适用）",
        f"{bad}:兴隆村!E{rows['VR-1.2']}: 条目 VR-1.2 是扣分项，应填发现问题的处数（不小于 0 的整数），不能填 2.5",
        f"{bad}:兴隆村!E{rows['VR-4.3']}: “一般”不是条目 VR-4.3 的有效答案（可填：优、良、中、差、不适用）",
        f"{bad}:兴隆村!E{rows['VR-5.1']}: 条目 VR-5.1 不可填“不适用”",
        f"{bad}:河西村!B3: 缺少点位编号",
        "导入 2 个文件：写出 1 份答卷；2 张工作表有错误，未写入",
    ]
    assert stderr.splitlines()[0].startswith(f"{bad}:兴隆村!E9: “好”不是条目 VR-1.1 的有效答案")
    assert sorted(p.name for p in out.iterdir()) == ["hexi--village-ring.yaml"]
    assert stdout.splitlines() == [
        "form.xlsx:东坡村：没有任何答案，跳过",
        "good.xlsx:兴隆村：没有任何答案，跳过",
        "good.xlsx:东坡村：没有任何答案，跳过",
        f"good.xlsx:河西村 → {out / 'hexi--village-ring.yaml'}（已答 25/25 项）",
    ]

    code, _, stderr = run("import", str(bad), "--output", str(out), "--lang", "en")
    assert code == 2
    assert stderr.splitlines()[:2] == [
        f'{bad}:兴隆村!E9: "好" is not an answer to item VR-1.1: its meaning depends on how the item is phrased '
        "(choices: pass, fail, n/a)",
        f"{bad}:兴隆村!E10: item VR-1.2 is a deduct item: type the number of problems found (a whole number >= 0), "
        "not 2.5",
    ]
    assert stderr.splitlines()[-1] == "1 file read: 0 answers files written; 2 sheets with errors, not written"


def test_unknown_checklist_and_version_are_located(tmp_path: Path) -> None:
    form = make_form(tmp_path)
    book = load_workbook(form)
    ws = book["兴隆村"]
    fill(ws, {})
    ws["B2"] = "village-rings"
    book["河西村"]["E2"] = "2025.01"
    fill(book["河西村"], {})
    book.save(form)
    code, _, stderr = run("import", str(form), "-o", str(tmp_path / "out"), "--lang", "en")
    assert code == 2
    lines = stderr.splitlines()
    assert lines[0].startswith(f'{form}:兴隆村!B2: no checklist "village-rings" (found: contingency-plan, ')
    assert (
        lines[1]
        == f'{form}:河西村!E2: checklist "village-ring" has no version "2025.01" (versions found: 2026.07, 2026.12)'
    )
    assert not (tmp_path / "out").exists()


def test_answer_to_an_item_the_sites_attributes_exclude_is_an_error(tmp_path: Path) -> None:
    out = tmp_path / "blank.xlsx"
    assert run("template", "village-ring", "-o", str(out), "--round", "2026-08")[0] == 0
    book = load_workbook(out)
    ws = book["检查表"]
    ws["B3"], ws["E3"], ws["B6"] = "xinqiao", "新桥村", "否"
    fill(ws, {"VR-5.3": "不适用"})  # VR-5.1 (has_waterway) answered 达标 although the village has no water
    book.save(out)
    code, _, stderr = run("import", str(out), "-o", str(tmp_path / "a"), "--lang", "zh")
    row = rows_by_item(ws)["VR-5.1"]
    assert code == 2
    assert stderr.splitlines()[0] == (
        f"{out}:检查表!E{row}: 条目 VR-5.1 只适用于 是否有河道沟渠=是 的点位，本表点位属性不符；请改正点位属性或清空此答案"
    )
    for item_id in ("VR-5.1", "VR-5.2", "VR-5.3"):
        ws.cell(rows_by_item(ws)[item_id], 5).value = None
    book.save(out)
    code, _, stderr = run("import", str(out), "-o", str(tmp_path / "a"))
    assert code == 0, stderr
    _, assessment = load_assessment(tmp_path / "a" / "xinqiao--village-ring.yaml", Catalog.discover([]))
    assert assessment.site.attributes == {"has_waterway": False}
    assert (assessment.site.name, assessment.site.type, assessment.round) == ("新桥村", "village_ring", "2026-08")
    assert len(assessment.answers) == 22


def test_csv_saved_from_the_sheet_imports_the_same(tmp_path: Path) -> None:
    form = make_form(tmp_path)
    book = load_workbook(form)
    ws = book["河西村"]
    ws["E4"], ws["B5"] = "2026-08-21", "马俊"
    fill(ws, {"VR-1.2": 1, "VR-6.5": "良"}, notes={"VR-1.2": "=西街坑洼"})
    book.save(form)
    # What Excel in China writes with "save as CSV": GBK, the grid as shown, merged cells once.
    data = tmp_path / "hexi.csv"
    with open(data, "w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle)
        for row in ws.iter_rows(values_only=True):
            writer.writerow(["" if v is None else v for v in row])
    out = tmp_path / "answers"
    code, stdout, stderr = run("import", str(data), "-o", str(out), "--lang", "zh")
    assert code == 0, stderr
    assert stdout == f"hexi.csv → {out / 'hexi--village-ring.yaml'}（已答 25/25 项）\n"
    _, assessment = load_assessment(out / "hexi--village-ring.yaml", Catalog.discover([]))
    assert (assessment.site.id, assessment.site.name, assessment.assessor) == ("hexi", "河西村", "马俊")
    assert assessment.date == dt.date(2026, 8, 21)
    assert assessment.answers["VR-1.2"] == Answer("VR-1.2", found=1, note="=西街坑洼")
    assert assessment.answers["VR-6.5"] == Answer("VR-6.5", level="good")
    result = score_file(out / "hexi--village-ring.yaml", Catalog.discover([]))
    assert result is not None
    # hexi has water: all 100 points possible; lost 1 (VR-1.2) + 0.8 (VR-6.5 良 = 0.8 x 4): 98.2 / 100 = 98.20
    assert (result.possible, result.earned, result.rounded_score) == (100, Fraction(982, 10), Decimal("98.20"))

    # a bad cell in a CSV file is named like the cell Excel shows
    with open(data, encoding="gbk", newline="") as handle:
        records = list(csv.reader(handle))
    assert records[8][:5] == ["VR-1.1", "道路硬化", records[8][2], "检查 6 分", "达标"]
    records[8][4] = "通过了"
    with open(data, "w", encoding="gbk", newline="") as handle:
        csv.writer(handle).writerows(records)
    code, _, stderr = run("import", str(data), "-o", str(tmp_path / "b"), "--lang", "en")
    assert code == 2
    assert stderr.splitlines()[0] == f'{data}:E9: "通过了" is not an answer to item VR-1.1 (choices: pass, fail, n/a)'
    assert not (tmp_path / "b").exists()


def test_a_bad_csv_among_good_ones_writes_nothing_and_the_others_are_imported(tmp_path: Path) -> None:
    form = make_form(tmp_path)
    book = load_workbook(form)
    fill(book["兴隆村"], {"VR-1.3": "不达标"})
    fill(book["河西村"], {"VR-6.5": "好的"})  # the one bad cell
    fill(book["东坡村"], {"VR-4.3": "良"})
    inbox = tmp_path / "收件箱"
    inbox.mkdir()
    for name, site in (("兴隆村", "xinglong"), ("河西村", "hexi"), ("东坡村", "dongpo")):
        with open(inbox / f"{site}.csv", "w", encoding="gbk", newline="") as handle:  # Excel's "save as CSV"
            csv.writer(handle).writerows(["" if v is None else v for v in row] for row in book[name].iter_rows(
                values_only=True))  # fmt: skip
    out = tmp_path / "answers"
    code, stdout, stderr = run("import", str(inbox), "-o", str(out), "--lang", "en")
    assert code == 2
    row = rows_by_item(book["河西村"])["VR-6.5"]
    assert stderr.splitlines() == [
        f'{inbox / "hexi.csv"}:E{row}: "好的" is not an answer to item VR-6.5 (choices: Excellent, Good, Fair, Poor, '
        "n/a)",
        "3 files read: 2 answers files written; 1 sheet with errors, not written",
    ]
    assert stdout.splitlines() == [
        f"dongpo.csv -> {out / 'dongpo--village-ring.yaml'} (25 of 25 items answered)",
        f"xinglong.csv -> {out / 'xinglong--village-ring.yaml'} (25 of 25 items answered)",
    ]
    assert sorted(p.name for p in out.iterdir()) == ["dongpo--village-ring.yaml", "xinglong--village-ring.yaml"]
    catalog = Catalog.discover([])
    for name, score in (("xinglong", Decimal("96.00")), ("dongpo", Decimal("99.00"))):  # as from the workbook
        result = score_file(out / f"{name}--village-ring.yaml", catalog)
        assert result is not None and result.rounded_score == score, name


def test_one_site_twice_writes_neither_and_unreadable_files_are_reported(tmp_path: Path) -> None:
    first = make_form(tmp_path, "--site", "hexi", name="a.xlsx")
    second = tmp_path / "b.xlsx"  # the same site filled in twice
    book = load_workbook(first)
    fill(book["河西村"], {})
    book.save(first)
    fill(book["河西村"], {"VR-1.3": "不达标"})
    book.save(second)
    junk = tmp_path / "c.xlsx"
    junk.write_bytes(b"not a workbook")
    other = tmp_path / "notes.xlsx"
    Workbook().save(other)
    out = tmp_path / "answers"
    code, stdout, stderr = run("import", str(tmp_path), "-o", str(out), "--lang", "en")
    assert code == 2
    lines = stderr.splitlines()
    assert lines[0].startswith(f"{junk}:1:1: cannot read the file: not an xlsx workbook")
    assert lines[1:] == [
        f"{other}:1:1: no civcheck form found (make one with civcheck template)",
        f"{first}:河西村!B3: site hexi has this checklist filled in more than once (also in b.xlsx:河西村); "
        "none is written",
        f"{second}:河西村!B3: site hexi has this checklist filled in more than once (also in a.xlsx:河西村); "
        "none is written",
        "4 files read: 0 answers files written; 2 sheets with errors, not written; 2 files that could not be imported",
    ]
    assert stdout == "" and not out.exists()


def test_one_site_twice_in_a_workbook_leaves_its_other_sheets_imported(tmp_path: Path) -> None:
    form = make_form(tmp_path)
    book = load_workbook(form)
    for name in ("兴隆村", "河西村", "东坡村"):
        fill(book[name], {})
    book["东坡村"]["B3"] = "HEXI"  # a copied sheet whose id was changed to the wrong site (one file on Windows)
    book.save(form)
    out = tmp_path / "answers"
    code, stdout, stderr = run("import", str(form), "-o", str(out), "--lang", "zh")
    assert code == 2
    assert stderr.splitlines() == [
        f"{form}:河西村!B3: 点位 hexi 的这张检查表填了不止一份（另见 form.xlsx:东坡村），均未写入",
        f"{form}:东坡村!B3: 点位 HEXI 的这张检查表填了不止一份（另见 form.xlsx:河西村），均未写入",
        "导入 1 个文件：写出 1 份答卷；2 张工作表有错误，未写入",
    ]
    assert stdout == f"form.xlsx:兴隆村 → {out / 'xinglong--village-ring.yaml'}（已答 25/25 项）\n"
    assert sorted(p.name for p in out.iterdir()) == ["xinglong--village-ring.yaml"]


def test_a_sheet_past_the_bounds_is_refused_alone(tmp_path: Path) -> None:
    form = make_form(tmp_path, "--site", "xinglong")
    book = load_workbook(form)
    fill(book["兴隆村"], {})
    own = book.create_sheet("台账")  # a clerk's own table beside the form, too long to be any form
    for n in range(1, 5_002):
        own.cell(n, 1).value = n
    book.save(form)
    out = tmp_path / "answers"
    code, stdout, stderr = run("import", str(form), "-o", str(out), "--lang", "en")
    assert code == 2
    assert stderr.splitlines() == [
        f"{form}:台账!A5001: more than 5000 rows; refused",
        "1 file read: 1 answers file written; 1 sheet with errors, not written",
    ]
    assert stdout == f"form.xlsx:兴隆村 -> {out / 'xinglong--village-ring.yaml'} (25 of 25 items answered)\n"


def test_cell_problems_keep_their_place_for_json_consumers() -> None:
    problem = CellProblem("f.xlsx", 12, 5, "form.na_refused", {"item": "X"}, sheet="兴隆村", cell="E12")
    assert problem.format("en") == "f.xlsx:兴隆村!E12: item X may not be answered N/A"
    assert (problem.line, problem.column) == (12, 5)


@pytest.mark.parametrize(
    ("typed", "found"), [(3, 3), (3.0, 3), ("３", 3), ("+2", 2), ("0", 0), ("两处", 2), ("无问题", 0)]
)
def test_counts_are_read_as_typed(tmp_path: Path, typed: Any, found: int) -> None:
    form = make_form(tmp_path, "--site", "hexi")
    book = load_workbook(form)
    fill(book["河西村"], {"VR-1.2": typed})
    book.save(form)
    assert run("import", str(form), "-o", str(tmp_path / "a"))[0] == 0
    _, assessment = load_assessment(tmp_path / "a" / "hexi--village-ring.yaml", Catalog.discover([]))
    assert assessment.answers["VR-1.2"] == Answer("VR-1.2", found=found)


def test_a_word_whose_meaning_depends_on_the_item_is_refused(tmp_path: Path) -> None:
    form = make_form(tmp_path, "--site", "hexi")
    book = load_workbook(form)
    fill(book["河西村"], {"VR-1.1": "没有", "VR-1.2": "有"})
    book.save(form)
    code, _, stderr = run("import", str(form), "-o", str(tmp_path / "a"), "--lang", "en")
    assert code == 2
    assert stderr.splitlines()[:2] == [
        f'{form}:河西村!E9: "没有" is not an answer to item VR-1.1: its meaning depends on how the item is phrased '
        "(choices: pass, fail, n/a)",
        f'{form}:河西村!E10: "有" is not an answer to item VR-1.2 (choices: a whole number >= 0, n/a)',
    ]


def test_roster_details_and_decimal_attributes_survive_the_round_trip(tmp_path: Path) -> None:
    roster = tmp_path / "sites.yaml"
    roster.write_text(
        "format: civcheck.sites/1\nsites:\n  - {id: s1, name: 一村, grid: 第五网格, owner: 一村村委会,"
        " types: [village_ring], attributes: {has_waterway: true, area_km2: 1.5}}\n",
        encoding="utf-8",
    )
    form = tmp_path / "f.xlsx"
    assert run("template", "village-ring", "--sites", str(roster), "-o", str(form))[0] == 0
    book = load_workbook(form)
    fill(book["一村"], {"VR-1.1": "不达标"}, default=False)
    book.save(form)
    code, _, stderr = run("import", str(form), "-o", str(tmp_path / "a"))
    assert code == 0, stderr
    _, assessment = load_assessment(tmp_path / "a" / "s1--village-ring.yaml", Catalog.discover([]))
    site = assessment.site
    assert (site.grid, site.owner, site.type) == ("第五网格", "一村村委会", "village_ring")
    assert site.attributes == {"has_waterway": True, "area_km2": Fraction(3, 2)}
    assert assessment.answers == {"VR-1.1": Answer("VR-1.1", status="fail")}
