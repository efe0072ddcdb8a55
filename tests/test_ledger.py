"""The closed loop: answers -> ledger -> an xlsx edited by hand -> the next round (销号)."""

from __future__ import annotations

import json
from pathlib import Path

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


def ledger_json(*args: str) -> dict:  # type: ignore[type-arg]
    code, out, err = civcheck("ledger", *args, "-f", "json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def by_id(doc: dict) -> dict:  # type: ignore[type-arg]
    return {e["id"]: e for e in doc["entries"]}


def test_july_ledger_lists_gaps_and_keeps_unanswered_items_apart() -> None:
    doc = ledger_json(str(JULY), "--sites", str(ROSTER), "--today", "2026-07-20")
    assert doc["format"] == "civcheck.ledger/1"
    entries = by_id(doc)
    e = entries["hexi/village-ring/VR-1.1"]
    assert (e["site_name"], e["grid"], e["problem"], e["lost"], e["person"], e["found_on"], e["due"]) == (
        "河西村",
        "第二网格",
        "3组至4组约200米断头路未硬化",
        6,
        "张仕军",
        "2026-07-12",
        "2026-09-10",
    )
    assert (e["status"], e["overdue"], e["rounds"]) == ("open", False, ["2026-07"])
    # VR-2.1 was due 3 days after the 12 July inspection: overdue by the 20th
    assert entries["hexi/village-ring/VR-2.1"]["due"] == "2026-07-15"
    assert entries["hexi/village-ring/VR-2.1"]["overdue"] is True
    assert [(m["site"], m["item"]) for m in doc["missing"]] == [("nanguan", "UF-3.3"), ("nanguan", "UF-6.4")]
    assert not any(e["site"] == "nanguan" and e["item"] in ("UF-3.3", "UF-6.4") for e in doc["entries"])


def test_due_by_schedules_backwards() -> None:
    entries = by_id(ledger_json(str(JULY), "--due-by", "2026-07-25", "--today", "2026-07-20"))
    assert entries["hexi/village-ring/VR-1.1"]["due"] == "2026-07-25"  # 9-10 brought forward
    assert entries["hexi/village-ring/VR-2.1"]["due"] == "2026-07-15"  # already earlier: kept


def edit_like_a_clerk(path: Path, changes: dict[str, dict[str, str]], extra: tuple[str, dict[str, str]]) -> None:
    """Open the ledger in 'Excel', fill in persons and statuses, add a column of one's own."""
    book = load_workbook(path)
    sheet = book["整改台账"]
    header = [c.value for c in sheet[1]]
    column = {h: n + 1 for n, h in enumerate(header)}
    note_col = len(header) + 1
    sheet.cell(row=1, column=note_col, value=extra[0])
    for row in range(2, sheet.max_row + 1):
        entry_id = sheet.cell(row=row, column=column["编号"]).value
        for heading, value in changes.get(entry_id, {}).items():
            sheet.cell(row=row, column=column[heading], value=value)
        if entry_id in extra[1]:
            sheet.cell(row=row, column=note_col, value=extra[1][entry_id])
    book.save(path)


def test_two_rounds_end_to_end(tmp_path: Path) -> None:
    july = tmp_path / "july.xlsx"
    code, _, err = civcheck("ledger", str(JULY), "--sites", str(ROSTER), "--today", "2026-07-20", "-f", "xlsx",
                            "-o", str(july))  # fmt: skip
    assert code == 0, err
    edit_like_a_clerk(
        july,
        {
            "hexi/village-ring/VR-1.1": {"责任人": "王五", "整改状态": "整改中"},
            "hexi/village-ring/VR-2.1": {"整改状态": "已交办"},
            "hexi/village-ring/VR-1.2": {"整改状态": "已交办", "责任人": "赵六"},
        },
        ("备注", {"hexi/village-ring/VR-1.1": "已申请道路硬化资金", "hexi/village-ring/VR-2.1": "村两委负责"}),
    )
    august = ledger_json(str(AUGUST), "--previous", str(july), "--sites", str(ROSTER), "--today", "2026-08-20")
    entries = by_id(august)
    # persisting: status, person, deadline, first-found date and the clerk's column all kept
    vr11 = entries["hexi/village-ring/VR-1.1"]
    assert (vr11["status"], vr11["person"], vr11["due"], vr11["found_on"]) == (
        "rectifying",
        "王五",
        "2026-09-10",
        "2026-07-12",
    )
    assert vr11["rounds"] == ["2026-07", "2026-08"] and vr11["extra"] == {"备注": "已申请道路硬化资金"}
    vr12 = entries["hexi/village-ring/VR-1.2"]
    assert (vr12["status"], vr12["person"], vr12["due"], vr12["overdue"]) == ("assigned", "赵六", "2026-07-27", True)
    # gone at the re-inspection on 12 August: closed (销号) on that date, history kept
    vr21 = entries["hexi/village-ring/VR-2.1"]
    assert (vr21["status"], vr21["closed_on"], vr21["overdue"], vr21["extra"]) == (
        "closed",
        "2026-08-12",
        False,
        {"备注": "村两委负责"},
    )
    # new this round
    vr63 = entries["hexi/village-ring/VR-6.3"]
    assert (vr63["status"], vr63["rounds"], vr63["found_on"]) == ("open", ["2026-08"], "2026-08-12")
    assert entries["chengjiao-market/farmers-market/FM-3.1"]["status"] == "open"
    # July's unanswered items were answered in August: nothing missing now
    assert august["missing"] == []

    # the August ledger written as xlsx keeps the clerk's column, and reads back the same
    aug_xlsx = tmp_path / "august.xlsx"
    code, _, err = civcheck("ledger", str(AUGUST), "--previous", str(july), "--sites", str(ROSTER), "--today",
                            "2026-08-20", "-f", "xlsx", "-o", str(aug_xlsx))  # fmt: skip
    assert code == 0, err
    header = [c.value for c in load_workbook(aug_xlsx)["整改台账"][1]]
    for heading in ("序号", "网格", "点位", "检查项目", "问题描述", "扣分", "责任单位", "责任人", "整改措施", "发现日期",
                    "整改时限", "整改状态", "销号日期", "作废原因", "是否逾期\n（截至 2026-08-20）", "备注"):  # fmt: skip
        assert heading in header
    again = by_id(ledger_json(str(AUGUST), "--previous", str(aug_xlsx), "--today", "2026-08-20"))
    assert again == entries


def test_compare_rounds() -> None:
    code, out, err = civcheck("compare", str(JULY), str(AUGUST), "-f", "json")
    assert code == 0, err
    sites = {(s["site"], s["checklist"]): s for s in json.loads(out)["sites"]}
    hexi = sites[("hexi", "village-ring")]
    assert (hexi["old_score"], hexi["new_score"]) == (70.4, 79.4)
    assert sorted(hexi["closed"]) == ["VR-2.1", "VR-2.6"]
    assert sorted(hexi["persisting"]) == ["VR-1.1", "VR-1.2", "VR-2.2", "VR-4.1", "VR-4.3", "VR-5.2", "VR-5.3",
                                          "VR-5.4", "VR-6.5"]  # fmt: skip
    assert sorted(hexi["new"]) == ["VR-2.7", "VR-6.3"]
    assert len(sites) == 13
    code, out, _ = civcheck("compare", str(JULY), str(AUGUST), "-f", "md")
    assert code == 0 and "| 河西村 (hexi) | 1公里内行政村 | 70.40 | 79.40 |" in out


def test_a_hand_edited_ledger_with_a_bad_status_is_located(tmp_path: Path) -> None:
    july = tmp_path / "july.xlsx"
    assert civcheck("ledger", str(JULY), "--today", "2026-07-20", "-f", "xlsx", "-o", str(july))[0] == 0
    book = load_workbook(july)
    sheet = book["整改台账"]
    sheet["P5"] = "搞定了"
    sheet["O6"] = "下周"
    book.save(july)
    code, out, err = civcheck("ledger", str(AUGUST), "--previous", str(july), "-f", "json")
    assert code == 2 and out == ""
    assert err.splitlines()[:2] == [
        f'{july}:整改台账!P5: 未知的整改状态 "搞定了"（可用：未整改 / 已交办 / 整改中 / 已整改 / 已销号 / 作废 (open / assigned / rectifying / rectified / closed / void)）',
        f'{july}:整改台账!O6: "下周" 不是日期（写作 2026-07-25）',
    ]


def test_a_json_ledger_with_a_bad_status_is_located_at_its_line_and_column(tmp_path: Path) -> None:
    july = tmp_path / "july.json"
    assert civcheck("ledger", str(JULY), "--today", "2026-07-20", "-f", "json", "-o", str(july))[0] == 0
    lines = july.read_text(encoding="utf-8").split("\n")
    n = next(i for i, line in enumerate(lines) if '"status": "open"' in line and i > 5)  # some entry, not the first
    column = lines[n].index('"status"') + 1
    lines[n] = lines[n].replace('"status": "open"', '"status": "搞定了"')
    july.write_text("\n".join(lines), encoding="utf-8")
    code, _, err = civcheck("ledger", str(AUGUST), "--previous", str(july), "-f", "json")
    assert code == 2 and err.startswith(f'{july}:{n + 1}:{column}: 未知的整改状态 "搞定了"')


def test_csv_ledger_round_trip(tmp_path: Path) -> None:
    july = tmp_path / "july.csv"
    assert civcheck("ledger", str(JULY), "--today", "2026-07-20", "-f", "csv", "-o", str(july))[0] == 0
    text = july.read_text(encoding="utf-8-sig")
    assert text.startswith(
        "序号,编号,乡镇,网格,点位编号,点位,检查表,检查项目,问题描述,扣分,责任单位,责任人,整改措施,"
        "发现日期,整改时限,整改状态,销号日期,销号依据,作废原因,是否逾期（截至 2026-07-20）,出现轮次,处理记录"
    )
    august = by_id(ledger_json(str(AUGUST), "--previous", str(july), "--today", "2026-08-20"))
    assert august["hexi/village-ring/VR-2.1"]["status"] == "closed"
    assert august["hexi/village-ring/VR-1.1"]["rounds"] == ["2026-07", "2026-08"]


def test_an_item_left_unanswered_in_the_new_round_is_not_closed(tmp_path: Path) -> None:
    july = tmp_path / "july.json"
    assert civcheck("ledger", str(JULY), "-f", "json", "-o", str(july))[0] == 0
    aug = tmp_path / "aug"
    aug.mkdir()
    text = (AUGUST / "hexi--village-ring.yaml").read_text(encoding="utf-8")
    # VR-2.1 failed in July; in August nobody answered it
    lines = [line for line in text.splitlines() if not line.startswith("  VR-2.1:")]
    (aug / "hexi.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = ledger_json(str(aug), "--previous", str(july), "--today", "2026-08-20")
    entry = by_id(doc)["hexi/village-ring/VR-2.1"]
    assert entry["status"] == "open" and entry["closed_on"] is None
    assert ("hexi", "VR-2.1") in [(m["site"], m["item"]) for m in doc["missing"]]


def test_a_json_ledger_carries_its_rounds_through_several_rounds(tmp_path: Path) -> None:
    july = tmp_path / "l7.json"
    aug = tmp_path / "l8.json"
    again = tmp_path / "l9.json"
    assert civcheck("ledger", str(JULY), "-f", "json", "-o", str(july))[0] == 0
    assert civcheck("ledger", str(AUGUST), "--previous", str(july), "-f", "json", "-o", str(aug))[0] == 0
    assert civcheck("ledger", str(AUGUST), "--previous", str(aug), "-f", "json", "-o", str(again))[0] == 0
    entry = by_id(json.loads(again.read_text(encoding="utf-8")))["hexi/village-ring/VR-1.1"]
    assert entry["rounds"] == ["2026-07", "2026-08"] and entry["round"] == "2026-08"


def test_both_rounds_at_once_are_carried_in_order(tmp_path: Path) -> None:
    together = by_id(ledger_json(str(EXAMPLES), "--today", "2026-08-20"))
    july = tmp_path / "l7.json"
    assert civcheck("ledger", str(JULY), "-f", "json", "-o", str(july))[0] == 0
    one_by_one = by_id(ledger_json(str(AUGUST), "--previous", str(july), "--today", "2026-08-20"))
    assert together == one_by_one
    assert together["hexi/village-ring/VR-2.1"]["status"] == "closed"


def test_due_by_and_hand_edits_apply_to_carried_tasks(tmp_path: Path) -> None:
    july = tmp_path / "july.xlsx"
    assert civcheck("ledger", str(JULY), "-f", "xlsx", "-o", str(july))[0] == 0
    edit_like_a_clerk(july, {"hexi/village-ring/VR-1.1": {"整改措施": "申请专项资金，9月底前完成硬化"}}, ("备注", {}))
    entries = by_id(ledger_json(str(AUGUST), "--previous", str(july), "--due-by", "2026-08-31", "--today",
                                "2026-08-20"))  # fmt: skip
    vr11 = entries["hexi/village-ring/VR-1.1"]
    assert vr11["due"] == "2026-08-31"  # 2026-09-10, brought forward
    assert vr11["remedy"] == "申请专项资金，9月底前完成硬化"
    # the August inspector wrote a new note for it: July's text stays, the new note joins the history
    assert vr11["problem"] == "3组至4组约200米断头路未硬化"
    assert len(vr11["history"]) == 1 and vr11["history"][0].startswith("2026-08-12 复查：")
