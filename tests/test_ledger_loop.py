"""The loop as clerks run it: a ledger edited in a spreadsheet comes back with every edit kept or flagged.

July's ledger is written, edited the way a clerk edits it (openpyxl standing in
for Excel or WPS: states typed in several words, 已销号 on a problem that is
still there, the 编号 column deleted, each field changed), and August's run
carries it.  Every edit is either kept or said out loud.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from civcheck.cli import app

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
JULY, AUGUST, ROSTER = EXAMPLES / "2026-07", EXAMPLES / "2026-08", EXAMPLES / "sites.yaml"
runner = CliRunner()


def civcheck(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--lang", "zh"])
    return result.exit_code, result.stdout, result.stderr


def july(tmp_path: Path, fmt: str) -> Path:
    path = tmp_path / f"july.{fmt}"
    code, _, err = civcheck("ledger", str(JULY), "--sites", str(ROSTER), "--today", "2026-07-20", "-f", fmt, "-o",
                            str(path))  # fmt: skip
    assert code == 0, err
    return path


def august(previous: Path) -> tuple[dict[str, Any], str]:
    code, out, err = civcheck("ledger", str(AUGUST), "--previous", str(previous), "--sites", str(ROSTER), "--today",
                              "2026-08-20", "-f", "json")  # fmt: skip
    assert code == 0, err
    return {e["id"]: e for e in json.loads(out)["entries"]}, err


def edit_sheet(path: Path, edits: dict[str, dict[str, Any]], delete: tuple[str, ...] = ()) -> dict[str, str]:
    """Edit cells by (编号, heading) like a clerk, delete whole columns; return where each row's state now is."""
    book = load_workbook(path)
    sheet = book["整改台账"]
    header = [c.value for c in sheet[1]]
    column = {h: n + 1 for n, h in enumerate(header)}
    rows = {sheet.cell(row=r, column=column["编号"]).value: r for r in range(2, sheet.max_row + 1)} if edits else {}
    for entry_id, changes in edits.items():
        for heading, value in changes.items():
            if heading not in column:
                column[heading] = len(column) + 1
                sheet.cell(row=1, column=column[heading], value=heading)
            sheet.cell(row=rows[entry_id], column=column[heading], value=value)
    for heading in delete:
        sheet.delete_cols(column[heading])
        header = [c.value for c in sheet[1]]
        column = {h: n + 1 for n, h in enumerate(header)}
    book.save(path)
    from openpyxl.utils import get_column_letter

    return {entry_id: f"{get_column_letter(column['整改状态'])}{r}" for entry_id, r in rows.items()}


def test_a_clerks_workbook_comes_back_with_every_edit_kept_or_flagged(tmp_path: Path) -> None:
    import datetime as dt

    path = july(tmp_path, "xlsx")
    h = "hexi/village-ring/"
    cells = edit_sheet(
        path,
        {
            h + "VR-1.1": {"整改状态": "已销号"},  # closed by hand, no date, and still there in August
            h + "VR-1.2": {"整改状态": "已整改"},  # the unit says it is done; August still finds it
            h + "VR-2.1": {"整改状态": "销号", "销号日期": "2026/7/30"},  # closed by hand with a date; gone in August
            h + "VR-2.6": {"整改状态": "完成"},  # rectified; August's re-inspection closes it
            h + "VR-2.2": {"整改状态": "正在整改", "问题描述": "2组、5组柴草堆（手填）", "责任单位": "村两委（手填）",
                           "责任人": "王五", "整改措施": "9月前清运完毕（手填）", "整改时限": dt.date(2026, 9, 1),
                           "备注": "已约谈"},
            h + "VR-4.1": {"整改状态": "待整改"},
        },
        delete=("编号",),  # matched by 点位编号 + 检查表 + 检查项目 instead
    )  # fmt: skip
    entries, err = august(path)
    vr11 = entries[h + "VR-1.1"]
    assert (vr11["status"], vr11["found_on"], vr11["closed_on"]) == ("open", "2026-08-12", None)
    assert vr11["history"] == ["- 手工销号；2026-08-12 复查仍存在，重新打开（未改先销）", *vr11["history"][1:]]
    assert (f"{path}:整改台账!{cells[h + 'VR-1.1']}: 警告：{h}VR-1.1 已于 - 手工销号，2026-08-12 复查仍存在，"
            "已重新打开（未改先销）") in err.splitlines()  # fmt: skip
    vr12 = entries[h + "VR-1.2"]
    assert vr12["status"] == "rectifying"
    assert f"警告：{h}VR-1.2 单位报已整改，2026-08-12 复查仍存在，退回整改中" in err
    vr21 = entries[h + "VR-2.1"]
    assert (vr21["status"], vr21["closed_on"], vr21["closed_by"]) == ("closed", "2026-07-30", "hand")
    vr26 = entries[h + "VR-2.6"]
    assert (vr26["status"], vr26["closed_on"], vr26["closed_by"]) == ("closed", "2026-08-12", "inspection")
    assert vr26["history"] == ["2026-08-12 复查未见此问题，销号"]
    vr22 = entries[h + "VR-2.2"]
    assert (vr22["status"], vr22["problem"], vr22["owner"], vr22["person"], vr22["remedy"], vr22["due"]) == (
        "rectifying", "2组、5组柴草堆（手填）", "村两委（手填）", "王五", "9月前清运完毕（手填）", "2026-09-01",
    )  # fmt: skip
    assert vr22["extra"] == {"备注": "已约谈"}
    assert entries[h + "VR-4.1"]["status"] == "open"
    assert err.splitlines()[-1].endswith("未改先销 1")  # counted in the summary


def test_a_word_for_the_state_that_civcheck_does_not_know_is_located(tmp_path: Path) -> None:
    path = july(tmp_path, "xlsx")
    cells = edit_sheet(path, {"hexi/village-ring/VR-1.1": {"整改状态": "差不多了"}})
    code, out, err = civcheck("ledger", str(AUGUST), "--previous", str(path), "-f", "json")
    assert code == 2 and out == ""
    assert err.startswith(f'{path}:整改台账!{cells["hexi/village-ring/VR-1.1"]}: 未知的整改状态 "差不多了"')


def test_without_ids_rows_are_matched_by_site_name_and_else_refused(tmp_path: Path) -> None:
    path = july(tmp_path, "xlsx")
    edit_sheet(path, {"hexi/village-ring/VR-2.2": {"责任人": "王五"}}, delete=("编号", "点位编号"))
    entries, _ = august(path)  # 点位 (the site's name) + 检查表 + 检查项目
    assert entries["hexi/village-ring/VR-2.2"]["person"] == "王五"
    edit_sheet(path, {}, delete=("点位",))
    code, _, err = civcheck("ledger", str(AUGUST), "--previous", str(path), "-f", "json")
    assert code == 2
    assert err.startswith(f"{path}:整改台账!A1: 台账缺少 编号 列，也缺少 点位编号（或 点位）、检查表、检查项目 三列")


EDITS = {"问题描述": "东街柴草堆（手填）", "责任单位": "村两委（手填）", "责任人": "王五", "整改措施": "限期清运（手填）",
         "整改时限": "2026-09-01", "整改状态": "整改中", "备注": "已约谈"}  # fmt: skip


def edit_json(path: Path, entry_id: str) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    (entry,) = [e for e in doc["entries"] if e["id"] == entry_id]
    entry.update(problem=EDITS["问题描述"], owner=EDITS["责任单位"], person=EDITS["责任人"], remedy=EDITS["整改措施"],
                 due=EDITS["整改时限"], status="rectifying", extra={"备注": EDITS["备注"]})  # fmt: skip
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def edit_csv(path: Path, entry_id: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    header = rows[0] + ["备注"]
    (row,) = [r for r in rows if r[1] == entry_id]
    for heading, value in EDITS.items():
        if heading in rows[0]:
            row[rows[0].index(heading)] = value
    for r in rows[1:]:
        r.append(EDITS["备注"] if r is row else "")
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *rows[1:]])


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_every_hand_editable_field_is_carried(tmp_path: Path, fmt: str) -> None:
    path = july(tmp_path, fmt)
    entry_id = "hexi/village-ring/VR-2.2"  # still found in August
    if fmt == "json":
        edit_json(path, entry_id)
    elif fmt == "csv":
        edit_csv(path, entry_id)
    else:
        edit_sheet(path, {entry_id: EDITS})
    e = august(path)[0][entry_id]
    assert (e["problem"], e["owner"], e["person"], e["remedy"], e["due"], e["status"], e["extra"]) == (
        EDITS["问题描述"], EDITS["责任单位"], EDITS["责任人"], EDITS["整改措施"], EDITS["整改时限"], "rectifying",
        {"备注": EDITS["备注"]},
    )  # fmt: skip


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_a_closing_date_typed_by_hand_is_kept(tmp_path: Path, fmt: str) -> None:
    path = july(tmp_path, fmt)
    entry_id = "hexi/village-ring/VR-2.1"  # gone in August
    if fmt == "xlsx":
        edit_sheet(path, {entry_id: {"整改状态": "已销号", "销号日期": "2026年7月28日"}})
    elif fmt == "json":
        doc = json.loads(path.read_text(encoding="utf-8"))
        next(e for e in doc["entries"] if e["id"] == entry_id).update(status="closed", closed_on="2026-07-28")
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    else:
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        row = next(r for r in rows if r[1] == entry_id)
        row[rows[0].index("整改状态")], row[rows[0].index("销号日期")] = "已销号", "2026/7/28"
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
    e = august(path)[0][entry_id]
    assert (e["status"], e["closed_on"], e["closed_by"]) == ("closed", "2026-07-28", "hand")


def test_a_hand_closure_without_a_date_is_dated_today_and_said(tmp_path: Path) -> None:
    path = july(tmp_path, "xlsx")
    edit_sheet(path, {"hexi/village-ring/VR-2.1": {"整改状态": "已销号"}})
    entries, err = august(path)
    assert entries["hexi/village-ring/VR-2.1"]["closed_on"] == "2026-08-20"
    assert "提示：hexi/village-ring/VR-2.1 手工销号未填销号日期，记为本次运行日期 2026-08-20" in err


def test_the_workbook_marks_overdue_rows_against_today_and_prints(tmp_path: Path) -> None:
    path = july(tmp_path, "xlsx")
    sheet = load_workbook(path)["整改台账"]
    (rule,) = [r for rng in sheet.conditional_formatting for r in rng.rules]
    assert "TODAY()" in rule.formula[0]  # a rule, not a frozen value: red when the file is opened late
    for word in ("已销号", "销号", "closed"):  # a clerk's 销号 ends the red as the next run would read it
        assert f'2)<>"{word}"' in rule.formula[0]
    assert (sheet.page_setup.orientation, sheet.page_setup.paperSize, sheet.page_setup.fitToWidth) == (
        "landscape",
        9,
        1,
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.print_title_rows == "$1:$1"
    header = [c.value for c in sheet[1]]
    for heading in ("问题描述", "整改措施", "处理记录"):
        assert sheet.cell(row=2, column=header.index(heading) + 1).alignment.wrap_text
    assert sheet.auto_filter.ref.startswith("A1:")


# --- 交办单 ------------------------------------------------------------------------------


def test_handouts_per_owner_hold_the_open_tasks_overdue_first(tmp_path: Path) -> None:
    code, out, err = civcheck("ledger", str(JULY), "--sites", str(ROSTER), "--today", "2026-07-20", "--by", "owner",
                              "--soon", "10", "-f", "json")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    entries = {e["id"]: e for e in doc["entries"]}
    groups = {g["key"]: g for g in doc["handouts"]}
    assert sum(len(g["entries"]) for g in groups.values()) == len(entries)  # every open task, once
    for group in groups.values():
        owners = {entries[i]["owner"] for i in group["entries"]}
        assert owners == {group["key"]}
        late = [entries[i]["overdue"] for i in group["entries"]]
        assert late == sorted(late, reverse=True)  # overdue first
        assert group["overdue"] == sum(late)


def test_handouts_as_workbook_and_printable_page(tmp_path: Path) -> None:
    xlsx = tmp_path / "交办单.xlsx"
    code, _, err = civcheck("ledger", str(JULY), "--sites", str(ROSTER), "--today", "2026-07-20", "--by", "owner",
                            "--soon", "7", "-f", "xlsx", "-o", str(xlsx))  # fmt: skip
    assert code == 0, err
    book = load_workbook(xlsx)
    assert len(book.sheetnames) > 5 and "市场开办方" in book.sheetnames
    sheet = book["市场开办方"]
    assert sheet["A1"].value == "整改交办单 · 市场开办方"
    assert sheet["A2"].value.startswith("责任单位：市场开办方　轮次：2026-07　截至 2026-07-20：未销号 ")
    assert [c.value for c in sheet[3]][:3] == ["序号", "编号", "点位"]
    assert sheet.print_title_rows == "$3:$3" and sheet.page_setup.orientation == "landscape"
    html = tmp_path / "交办单.html"
    code, _, err = civcheck("ledger", str(JULY), "--today", "2026-07-20", "--by", "grid", "-f", "html", "-o",
                            str(html))  # fmt: skip
    assert code == 0, err
    page = html.read_text(encoding="utf-8")
    assert page.count('<section class="handout') == 4 and "break-before: page" in page
    assert "整改交办单 · 第一网格" in page and "接收人" in page


def test_due_within_keeps_the_open_tasks_due_soon_or_overdue() -> None:
    code, out, err = civcheck("ledger", str(JULY), "--today", "2026-07-20", "--due-within", "7", "-f", "json")
    assert code == 0, err
    kept = json.loads(out)["entries"]
    assert kept and all(e["status"] != "closed" and e["due"] <= "2026-07-27" for e in kept)
    code, out, _ = civcheck("ledger", str(JULY), "--today", "2026-07-20", "-f", "json")
    everything = json.loads(out)["entries"]
    assert len(kept) == sum(1 for e in everything if e["due"] and e["due"] <= "2026-07-27")


# --- compare ---------------------------------------------------------------------------


def test_compare_workbook_has_the_change_and_item_texts(tmp_path: Path) -> None:
    path = tmp_path / "对比.xlsx"
    code, _, err = civcheck("compare", str(JULY), str(AUGUST), "-f", "xlsx", "-o", str(path))
    assert code == 0, err
    sheet = load_workbook(path)["两轮对比"]
    header = [c.value for c in sheet[1]]
    assert header == ["点位", "检查表", "上轮得分", "本轮得分", "变化", "仍存在", "已销号", "新发现"]
    hexi = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "河西村 (hexi)")
    assert (hexi[2].value, hexi[3].value, hexi[4].value) == (70.4, 79.4, 9.0)
    assert hexi[4].number_format == "+0.00;-0.00;0.00"
    assert hexi[5].value.startswith("VR-1.1 通村道路和村内主干道全部硬化") and hexi[5].fill.fgColor.rgb == "00FFF2CC"
    # only persisting problems are highlighted: not the closed and new columns beside them, nor empty cells
    assert {r[6].fill.fgColor.rgb for r in sheet.iter_rows(min_row=2)} | {r[7].fill.fgColor.rgb for r in
            sheet.iter_rows(min_row=2)} <= {"00000000"}  # fmt: skip
    assert all(r[5].fill.fgColor.rgb == ("00FFF2CC" if r[5].value else "00000000") for r in sheet.iter_rows(min_row=2))
    code, out, _ = civcheck("compare", str(JULY), str(AUGUST), "-f", "csv")
    assert "河西村 (hexi),village-ring,70.40,79.40,9.00," in out  # numbers, so a spreadsheet sums them


def test_sites_in_only_one_round_are_listed_apart(tmp_path: Path) -> None:
    only = tmp_path / "only"
    only.mkdir()
    (only / "hexi.yaml").write_bytes((AUGUST / "hexi--village-ring.yaml").read_bytes())
    code, out, _ = civcheck("compare", str(JULY), str(only), "-f", "md")
    assert code == 0
    both, apart = out.split("## 仅在一轮出现的点位")
    assert "河西村 (hexi)" in both and "兴隆村 (xinglong)" in apart and "兴隆村" not in both


def test_one_problem_seen_from_two_checklists_is_marked_as_a_possible_duplicate(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "2026-08"
    shutil.copytree(AUGUST, folder)
    ring = folder / "dongpo--village-ring.yaml"
    note = "仍未整改：抽查的3段中K10+750破旧废弃猪圈1处，户主外出务工，正在联系拆除"
    # the same pig pen written up again under the village checklist's 乱堆乱放 (VR-2.2)
    text = ring.read_text(encoding="utf-8").replace("  VR-2.2: 0\n", f"  VR-2.2: {{found: 1, note: {note}}}\n", 1)
    ring.write_text(text, encoding="utf-8")
    code, out, err = civcheck("ledger", str(folder), "--sites", str(ROSTER), "--today", "2026-08-20", "-f", "json")
    assert code == 0, err
    entries = {e["id"]: e for e in json.loads(out)["entries"]}
    pen, again = "dongpo/route-corridor/RC-1.2", "dongpo/village-ring/VR-2.2"
    assert entries[pen]["possible_duplicates"] == [again] and entries[again]["possible_duplicates"] == [pen]
    others = [i for i, e in entries.items() if e["possible_duplicates"] and i not in (pen, again)]
    assert others == []  # nothing else in the example repeats a note
    assert f"疑似重复：{pen}、{again} 在同一网格（或点位）记录的问题描述相同" in err
    # marked, never merged: both tasks stay, and the column is written for the clerk to see
    code, out, _ = civcheck("ledger", str(folder), "--sites", str(ROSTER), "--today", "2026-08-20", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    assert {r["编号"]: r["疑似重复"] for r in rows if r["疑似重复"]} == {pen: again, again: pen}


def test_the_same_note_in_another_grid_or_on_a_closed_task_is_no_duplicate() -> None:
    import datetime as dt
    from decimal import Decimal

    from civcheck.ledger import Entry, possible_duplicates

    def entry(site: str, item: str, grid: str, status: str = "open", problem: str = "路边堆放杂物") -> Entry:
        return Entry(f"{site}/c/{item}", site, site, "城郊", grid, "c", item, "道路整洁", problem, Decimal(1), "", "",
                     "", dt.date(2026, 8, 1), None, status)  # fmt: skip

    assert possible_duplicates([entry("a", "X", "第一网格"), entry("b", "Y", "第一网格")]) == {
        "a/c/X": ("b/c/Y",), "b/c/Y": ("a/c/X",)}  # fmt: skip
    assert possible_duplicates([entry("a", "X", "第一网格"), entry("b", "Y", "第二网格")]) == {}
    assert possible_duplicates([entry("a", "X", "第一网格"), entry("b", "Y", "第一网格", "closed")]) == {}
    # a note that only repeats the item's own text says nothing about the place: not compared
    assert possible_duplicates([entry("a", "X", "", problem="道路整洁"), entry("a", "Y", "", problem="道路整洁")]) == {}


def test_many_groups_of_possible_duplicates_are_counted_not_all_printed(tmp_path: Path) -> None:
    good = (Path(__file__).parent / "data" / "good.yaml").read_text(encoding="utf-8")
    note = "{found: 1, note: 同一处垃圾堆}"
    for n in range(25):  # 25 sites, each with the same note on two items: 25 groups
        text = good.replace("{id: s1,", f"{{id: s{n},").replace(
            "  M-1.1: {found: 1, note: 东街一处坑洼}", f"  M-1.1: {note}"
        )
        check = "  M-2.2: {status: fail, note: 同一处垃圾堆}"  # a check item: the same note on a fail
        (tmp_path / f"s{n}.yaml").write_text(text.replace("  M-2.2: fail", check), encoding="utf-8")
    result = CliRunner().invoke(app, ["ledger", str(tmp_path), "--checklists", str(Path(__file__).parent / "data" /
                                      "checklists"), "-f", "json"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert sum("疑似重复：" in line for line in lines) == 20
    assert "另有 5 组疑似重复未在此列出，均已在台账“疑似重复”列标出" in lines
    marked = [e for e in json.loads(result.stdout)["entries"] if e["possible_duplicates"]]
    assert len(marked) == 50  # every one is still marked in the ledger


# --- rows deleted, tasks dropped on purpose, the date overdue counts to ------------------------------------------

GC32, VR21 = "chengjiao-gov/government-compound/GC-3.2", "hexi/village-ring/VR-2.1"  # found again / gone in August
DELETED = "这一行已从台账删除，已按{source}恢复（2026-07 轮首次发现，整改时限 {due}）；撤销任务请把整改状态改为 作废 并写明作废原因"


def rework_sheet(path: Path, delete: tuple[str, ...]) -> None:
    """What clerks do to a sheet: sort it (by 责任单位, backwards), add a column of their own, delete rows."""
    book = load_workbook(path)
    sheet = book["整改台账"]
    header = [c.value for c in sheet[1]]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    rows.sort(key=lambda r: str(r[header.index("责任单位")]), reverse=True)
    kept = [r for r in rows if r[header.index("编号")] not in delete]
    assert len(kept) == len(rows) - len(delete)
    sheet.delete_rows(2, sheet.max_row)
    sheet.cell(row=1, column=len(header) + 1, value="督办人")
    for r, values in enumerate(kept, 2):
        for c, value in enumerate([*values, "李主任"], 1):
            sheet.cell(row=r, column=c, value=value)
    book.save(path)


def test_a_row_deleted_from_the_workbook_is_said_and_the_task_keeps_its_history(tmp_path: Path) -> None:
    path = july(tmp_path, "xlsx")  # as of 2026-07-20
    rework_sheet(path, delete=(GC32, VR21))
    code, out, err = civcheck("ledger", str(AUGUST), "--previous", str(path), "--sites", str(ROSTER), "--today",
                              "2026-12-01", "-f", "json")  # fmt: skip
    assert code == 0, err
    entries = {e["id"]: e for e in json.loads(out)["entries"]}
    record = "台账底册（截至 2026-07-20 的台账）"
    # only the two deleted rows are said (sorting and the added column are no deletion), each naming its task
    assert [line for line in err.splitlines() if "删除" in line] == [
        f"{path}:整改台账: 警告：{GC32} " + DELETED.format(source=record, due="2026-07-13"),
        f"{path}:整改台账: 警告：{VR21} " + DELETED.format(source=record, due="2026-07-15"),
    ]
    # found again in August: July's round, its first deadline, overdue since then — not a fresh task of August
    gc = entries[GC32]
    assert (gc["rounds"], gc["found_on"], gc["due"], gc["overdue"], gc["status"]) == (
        ["2026-07", "2026-08"], "2026-07-10", "2026-07-13", True, "open",
    )  # fmt: skip
    assert gc["history"] == [f"2026-12-01 发现此行已从台账删除，按{record}恢复",
                             "2026-08-10 复查：仍有1辆电动车停放在办公楼东侧消防通道内"]  # fmt: skip
    # gone in August: closed by that re-inspection, its history kept
    vr = entries[VR21]
    assert (vr["status"], vr["closed_on"], vr["closed_by"], vr["rounds"]) == (
        "closed", "2026-08-12", "inspection", ["2026-07"],
    )  # fmt: skip
    assert vr["history"] == [f"2026-12-01 发现此行已从台账删除，按{record}恢复", "2026-08-12 复查未见此问题，销号"]
    assert entries["hexi/village-ring/VR-1.1"]["extra"] == {"督办人": "李主任"}  # the rest read as the clerk left it
    # the 交办单 counts its days overdue from July's deadline: 13 July to 1 December
    code, out, _ = civcheck("ledger", str(AUGUST), "--previous", str(path), "--sites", str(ROSTER), "--today",
                            "2026-12-01", "--by", "owner", "-f", "csv")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    (row,) = [r for r in rows if r["编号"] == GC32]
    assert row["提醒（截至 2026-12-01）"] == "逾期 141 天"


def test_a_json_ledger_says_it_cannot_tell_its_deleted_tasks(tmp_path: Path) -> None:
    path = july(tmp_path, "json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["entries"] = [e for e in doc["entries"] if e["id"] != GC32]  # a task taken out by hand
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, _, err = civcheck("ledger", str(AUGUST), "--previous", str(path), "--today", "2026-12-01", "-f", "json")
    assert code == 0, err
    assert f"{path}: 提示：JSON 台账不带台账底册，从中删除的任务无法发现（重新发现时会当作新问题）；" in err


def test_a_csv_ledger_cannot_tell_its_deleted_rows_unless_given_the_rounds_it_holds(tmp_path: Path) -> None:
    path = july(tmp_path, "csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if f",{GC32}," not in line), encoding="utf-8-sig")
    code, out, err = civcheck("ledger", str(AUGUST), "--previous", str(path), "--today", "2026-12-01", "-f", "json")
    assert code == 0, err
    assert (f"{path}: 提示：CSV 台账带不了台账底册，从中删除的行无法发现（重新发现时会当作新问题）；"
            "用 xlsx 台账，或同时给出该台账各轮的答卷") in err.splitlines()  # fmt: skip
    assert {e["id"]: e for e in json.loads(out)["entries"]}[GC32]["rounds"] == ["2026-08"]  # as the note says
    # given July's answers too (the township's folder), the deleted row is noticed from them
    code, out, err = civcheck("ledger", str(EXAMPLES), "--previous", str(path), "--today", "2026-12-01", "-f", "json")
    assert code == 0, err
    assert [line for line in err.splitlines() if "台账底册" in line or "删除" in line] == [
        f"{path}: 警告：{GC32} " + DELETED.format(source="第 2026-07 轮答卷", due="2026-07-13"),
    ]
    gc = {e["id"]: e for e in json.loads(out)["entries"]}[GC32]
    assert (gc["rounds"], gc["found_on"], gc["due"], gc["overdue"]) == (["2026-07", "2026-08"], "2026-07-10",
                                                                          "2026-07-13", True)  # fmt: skip
    assert gc["history"][0] == "2026-12-01 发现此行已从台账删除，按第 2026-07 轮答卷恢复"


def test_a_workbook_without_its_record_says_it_cannot_tell(tmp_path: Path) -> None:
    path = july(tmp_path, "xlsx")
    book = load_workbook(path)
    del book["civcheck"]  # the ledger sheet copied into a workbook of one's own
    book.save(path)
    _, err = august(path)
    assert f"{path}:整改台账: 提示：此工作簿没有台账底册" in err


def test_the_rounds_a_ledger_holds_are_not_carried_into_it_again(tmp_path: Path) -> None:
    path = july(tmp_path, "xlsx")
    h = "hexi/village-ring/"
    edit_sheet(
        path, {h + "VR-1.1": {"整改状态": "已销号", "销号日期": "2026-07-30"}, h + "VR-1.2": {"整改状态": "已整改"}}
    )
    one = civcheck("ledger", str(AUGUST), "--previous", str(path), "--today", "2026-08-20", "-f", "json")
    both = civcheck("ledger", str(EXAMPLES), "--previous", str(path), "--today", "2026-08-20", "-f", "json")
    assert one == both  # July's answers again change nothing: the ledger carries July already
    code, out, err = civcheck("ledger", str(JULY), "--previous", str(path), "--today", "2026-08-20", "-f", "json")
    entries = {e["id"]: e for e in json.loads(out)["entries"]}
    # July's own inspection does not reopen what the clerk closed or reported done after it
    assert (entries[h + "VR-1.1"]["status"], entries[h + "VR-1.1"]["closed_on"]) == ("closed", "2026-07-30")
    assert entries[h + "VR-1.2"]["status"] == "rectified"
    assert code == 0 and err.splitlines() == [
        "台账 158 项（截至 2026-08-20）：未整改 156，待复查 1，已销号 1；逾期 152"
    ]


def test_a_task_dropped_on_purpose_stays_void_and_a_finding_again_is_said(tmp_path: Path) -> None:
    path = july(tmp_path, "xlsx")
    reason = "与 GC-1.1 为同一处，重复登记"
    cells = edit_sheet(path, {GC32: {"整改状态": "作废", "作废原因": reason},
                              VR21: {"整改状态": "撤销", "作废原因": "该组已整体搬迁"}})  # fmt: skip
    entries, err = august(path)
    gc = entries[GC32]
    assert (gc["status"], gc["void_reason"], gc["overdue"], gc["rounds"]) == ("void", reason, False,
                                                                              ["2026-07", "2026-08"])  # fmt: skip
    assert gc["history"] == [f"2026-08-10 复查仍发现此问题（已作废：{reason}）",
                             "2026-08-10 复查：仍有1辆电动车停放在办公楼东侧消防通道内"]  # fmt: skip
    assert (f"{path}:整改台账!{cells[GC32]}: 警告：{GC32} 已作废（{reason}），2026-08-10 复查仍发现此问题：仍按作废处理；"
            "如需整改，请把整改状态改回 未整改 并清空作废原因") in err.splitlines()  # fmt: skip
    vr = entries[VR21]  # gone in August: a void task is not closed by the re-inspection either
    assert (vr["status"], vr["void_reason"], vr["closed_on"], vr["history"]) == ("void", "该组已整体搬迁", None, [])
    assert "作废 2" in err.splitlines()[-1]
    # not open: in no 交办单, and the next ledger keeps it void with its reason
    code, out, _ = civcheck("ledger", str(AUGUST), "--previous", str(path), "--by", "owner", "-f", "json")
    assert code == 0 and not any(GC32 in h["entries"] for h in json.loads(out)["handouts"])
    again = tmp_path / "august.xlsx"
    assert civcheck("ledger", str(AUGUST), "--previous", str(path), "-f", "xlsx", "-o", str(again))[0] == 0
    back, _ = august(again)
    assert (back[GC32]["status"], back[GC32]["void_reason"]) == ("void", reason)


def test_void_without_a_reason_and_a_reason_without_void_are_refused_at_their_cells(tmp_path: Path) -> None:
    path = july(tmp_path, "xlsx")
    vr11 = "hexi/village-ring/VR-1.1"
    cells = edit_sheet(path, {GC32: {"整改状态": "作废"}, vr11: {"作废原因": "不需要整改"}})
    code, out, err = civcheck("ledger", str(AUGUST), "--previous", str(path), "-f", "json")
    assert code == 2 and out == ""
    assert sorted(err.splitlines()[:2]) == sorted([
        f"{path}:整改台账!{cells[GC32]}: 整改状态为 作废 的任务须在 作废原因 列写明原因（台账没有这一列的，请加上）",
        f'{path}:整改台账!S{cells[vr11][1:]}: 作废原因 "不需要整改" 只用于整改状态为 作废 的任务：'
        "要撤销任务请把整改状态改为 作废，否则清空此格",
    ])  # fmt: skip


def test_the_words_clerks_type_for_done_mean_rectified_and_an_ambiguous_one_is_refused(tmp_path: Path) -> None:
    path = july(tmp_path, "xlsx")
    h = "hexi/village-ring/"
    words = {"VR-1.1": "已完成整改", "VR-1.2": "整改已完成", "VR-2.2": "已整改完成", "VR-4.1": "完成整改",
             "VR-4.3": "整改完毕", "VR-5.2": "已整改到位", "VR-5.3": "待销号"}  # all still found in August  # fmt: skip
    edit_sheet(path, {h + item: {"整改状态": word} for item, word in words.items()})
    entries, err = august(path)
    for item in words:  # each read as the unit reporting it done; August's re-inspection still finds it
        assert entries[h + item]["status"] == "rectifying", item
        assert f"警告：{h}{item} 单位报已整改，2026-08-12 复查仍存在，退回整改中" in err
    cells = edit_sheet(path, {h + "VR-1.1": {"整改状态": "已办结"}})
    code, _, err = civcheck("ledger", str(AUGUST), "--previous", str(path), "-f", "json")
    assert code == 2
    assert err.startswith(
        f'{path}:整改台账!{cells[h + "VR-1.1"]}: 整改状态 "已办结" 可能指单位已整改（已整改），'
        "也可能指复查后销号（已销号），请写明其一（可用：未整改 / 已交办 / 整改中 / 已整改 / 已销号 / 作废"
    )


@pytest.mark.parametrize("by", [None, "owner"])
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "md", "html", "xlsx"])
def test_every_ledger_output_states_the_date_overdue_counts_to(tmp_path: Path, fmt: str, by: str | None) -> None:
    out_file = tmp_path / f"ledger.{fmt}"
    args = ["ledger", str(JULY), "--today", "2026-12-01", "-f", fmt, *(["--by", by] if by else [])]
    code, out, err = civcheck(*args, *(["-o", str(out_file)] if fmt in ("xlsx", "html") else []))
    assert code == 0, err
    assert err.splitlines()[-1].startswith("台账 158 项（截至 2026-12-01）：")
    said = "截至 2026-12-01：是否逾期、逾期天数都按这一天计算"
    head = "责任单位：乡镇党政办　轮次：2026-07　截至 2026-12-01：未销号 4 项，其中逾期 4 项"
    if fmt == "json":
        assert json.loads(out)["today"] == "2026-12-01"
    elif fmt == "csv":
        header = next(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
        assert ("提醒（截至 2026-12-01）" if by else "是否逾期（截至 2026-12-01）") in header
    elif fmt == "xlsx":
        book = load_workbook(out_file)
        if by:
            assert book["乡镇党政办"]["A2"].value == head
        else:
            sheet = book["整改台账"]
            assert "是否逾期\n（截至 2026-12-01）" in [c.value for c in sheet[1]]
            assert sheet.oddHeader.center.text == "整改台账　截至 2026-12-01"  # printed on every page
    else:
        text = out_file.read_text(encoding="utf-8") if fmt == "html" else out
        assert (head.replace("　", " ") if fmt == "md" else head) in text if by else said in text


def test_a_damaged_record_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = july(tmp_path, "xlsx")
    from civcheck.ledger import RECORD_FIELDS

    book = load_workbook(path)
    record = book["civcheck"]
    assert json.loads(record["C1"].value) == list(RECORD_FIELDS)
    task = json.loads(record["A3"].value)
    task[0], task[RECORD_FIELDS.index("status")] = "hexi/village-ring/VR-9.9", "搞定了"  # a row the ledger lacks
    record["A3"] = json.dumps(task, ensure_ascii=False)
    record["A4"] = '["hexi/village-ring/VR-1.2", '
    book.save(path)
    code, _, err = civcheck("ledger", str(AUGUST), "--previous", str(path), "-f", "json")
    assert code == 2
    assert err.startswith(f"{path}:civcheck!A4: 台账底册已损坏（Expecting value）")
    record["A4"] = '["hexi/village-ring/VR-1.2"]'
    book.save(path)
    code, _, err = civcheck("ledger", str(AUGUST), "--previous", str(path), "-f", "json")
    assert code == 2 and err.startswith(f"{path}:civcheck!A4: 台账底册已损坏（19 values）")
    record["A4"] = None
    book.save(path)
    code, _, err = civcheck("ledger", str(AUGUST), "--previous", str(path), "-f", "json")
    assert code == 2 and err.startswith(f'{path}:civcheck!A3: 未知的整改状态 "搞定了"')  # read as the sheet is
    book["civcheck"]["IW2"] = "x"  # wider than any ledger: refused where it starts, as in the ledger sheet
    book.save(path)
    code, _, err = civcheck("ledger", str(AUGUST), "--previous", str(path), "-f", "json")
    assert code == 2 and err.startswith(f"{path}:civcheck!IW2: ")
    book["civcheck"]["IW2"] = None
    book["civcheck"]["A1"] = "备注"
    book.save(path)
    code, _, err = civcheck("ledger", str(AUGUST), "--previous", str(path), "-f", "json")
    assert code == 2 and err.startswith(f"{path}:civcheck!A1: 台账底册已损坏")


def test_a_json_ledger_reads_back_without_its_worked_out_columns_as_extras(tmp_path: Path) -> None:
    path = tmp_path / "l.json"
    doc = json.loads(july(tmp_path, "json").read_text(encoding="utf-8"))
    doc["entries"][0]["possible_duplicates"] = ["x/y/Z-1"]  # worked out each run, like 是否逾期
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    entries, _ = august(path)
    assert entries[doc["entries"][0]["id"]]["extra"] == {}


def test_void_in_the_core_is_neither_closed_by_a_re_inspection_nor_brought_forward() -> None:
    import datetime as dt
    from decimal import Decimal

    from civcheck.ledger import Entry, Inspection, merge

    void = Entry("s/c/X-1", "s", "S", "", "", "c", "X-1", "道路无坑洼", "东街坑洼", Decimal(2), "", "", "",
                 dt.date(2026, 7, 10), dt.date(2026, 9, 30), "void", void_reason="重复登记", rounds=("2026-07",))  # fmt: skip
    (merged,) = merge([void], [], {("s", "c"): Inspection(dt.date(2026, 8, 12))}, due_by=dt.date(2026, 8, 31))
    assert (merged.status, merged.closed_on, merged.due) == ("void", None, dt.date(2026, 9, 30))
    assert not merged.overdue(dt.date(2026, 12, 1)) and not merged.due_within(dt.date(2026, 9, 29), 7)


def test_a_long_task_is_recorded_over_several_cells_never_as_a_formula(tmp_path: Path) -> None:
    import datetime as dt
    from decimal import Decimal

    from civcheck.formats.ledger import load_ledger
    from civcheck.ledger import Entry, Ledger
    from civcheck.render import Context, renderers
    from civcheck.render.ledger_rows import LedgerPage

    note = "=1+1 " * 6000  # 30,000 characters: the record's row runs over two cells, the second opening with "="
    task = Entry("s/c/X-1", "s", "S", "", "", "c", "X-1", "道路无坑洼", note, Decimal("1.5"), "公路段", "", "",
                 dt.date(2026, 7, 10), dt.date(2026, 7, 25), rounds=("2026-07",), history=("一", "二"))  # fmt: skip
    path = tmp_path / "l.xlsx"
    written = renderers("ledger")["xlsx"](LedgerPage(Ledger([task], [], dt.date(2026, 7, 20))), Context(lang="zh"))
    assert isinstance(written, bytes)
    path.write_bytes(written)
    book = load_workbook(path)
    cells = [c for c in book["civcheck"][2] if c.value is not None]
    assert [c.data_type for c in cells] == ["s", "s"] and cells[1].value.startswith("=")  # text, not a formula
    book["整改台账"].delete_rows(2)
    book.save(path)
    previous = load_ledger(path)
    (back,) = previous.entries
    assert previous.restored == {"s/c/X-1": "2026-07-20"}
    assert (back.problem, back.lost, back.due, back.rounds, back.history) == (note, Decimal("1.5"), task.due,
                                                                              task.rounds, task.history)  # fmt: skip


def test_many_deleted_rows_are_counted_not_all_printed(tmp_path: Path) -> None:
    path = july(tmp_path, "xlsx")
    book = load_workbook(path)
    sheet = book["整改台账"]
    sheet.delete_rows(2, 25)  # the first 25 tasks
    book.save(path)
    entries, err = august(path)
    lines = err.splitlines()
    assert sum("这一行已从台账删除" in line for line in lines) == 20
    assert "另有 5 项任务的行被删除、已恢复，未在此列出，各项的处理记录里都有记载" in lines
    assert sum(any("发现此行已从台账删除" in h for h in e["history"]) for e in entries.values()) == 25
