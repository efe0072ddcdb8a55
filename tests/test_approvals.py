"""不适用 that the office approves (docs/formats.md §8): justified, visible, expiring.

Every expectation is worked by hand on the test checklist (tests/data/checklists/mini.yaml):
M-1.1 deduct 10 (2 per problem), M-1.2 check 5, M-2.1 check 5 (critical, na: false),
M-2.2 check 5 only with live poultry, M-2.3 grade 5.  The site answers M-1.1 with one problem
(8 of 10), M-2.1 pass (5 of 5), M-2.2 does not apply, and 不适用 to M-1.2 (with a reason) and
M-2.3 (bare).  So the score is (8 + 5) / (10 + 5) = 86.666… -> 86.67 while both 不适用 leave it,
(8 + 5) / 20 = 65.00 when --strict-na counts M-2.3 as 未检, and 13 / 25 = 52.00 when it counts both.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from civcheck.approvals import Approval, Approvals, judge
from civcheck.cli import app

HERE = Path(__file__).parent
MINI = HERE / "data" / "checklists" / "mini.yaml"

ANSWERS = """\
format: civcheck.answers/1
checklist: mini
checklist_version: "1"
site: {id: s1, name: 测试点}
round: "2026-07"
date: 2026-07-10
answers:
  M-1.1: {found: 1, note: 东街一处坑洼}
  M-1.2: {status: na, note: 本路段无交通标志}
  M-2.1: pass
  M-2.3: na
"""

CLEAN = """\
format: civcheck.answers/1
checklist: mini
checklist_version: "1"
site: {id: s2, name: 对照点}
round: "2026-07"
date: 2026-07-10
answers:
  M-1.1: 0
  M-1.2: pass
  M-2.1: pass
  M-2.3: good
"""


def approvals_text(expires: str = "2026-12-31", approved_on: str = "2026-07-20") -> str:
    return f"""\
format: civcheck.approvals/1
approvals:
  - site: s1
    checklist: mini
    item: M-1.2
    reason: 本路段无交通标志，经现场核实
    approved_by: 创建办 刘芳
    approved_on: {approved_on}
    expires: {expires}
"""


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [*args, "--checklists", str(MINI)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "s1.yaml").write_text(ANSWERS, encoding="utf-8")
    return tmp_path


def report_json(site: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    code, out, err = run("report", str(site / "answers" / "s1.yaml"), "-f", "json", "--approvals", *extra)
    assert code == 0, err
    return json.loads(out)["results"][0]  # type: ignore[no-any-return]


# --- judged by hand ---------------------------------------------------------------------------------------------


def test_without_an_approvals_file_na_leaves_the_score_and_nothing_is_judged(site: Path) -> None:
    r = report_json(site, "none")
    assert r["score"] == 86.67 and r["possible"] == 15 and r["complete"] is True
    assert r["not_applicable"] == [
        {"item": "M-1.2", "reason": "本路段无交通标志", "approved": None, "expires": None, "points": 5,
         "unanswered": False},
        {"item": "M-2.3", "reason": "", "approved": None, "expires": None, "points": 5, "unanswered": False},
    ]  # fmt: skip


def test_an_approved_na_and_an_unapproved_bare_one(site: Path) -> None:
    (site / "ok.yaml").write_text(approvals_text(), encoding="utf-8")
    r = report_json(site, str(site / "ok.yaml"))
    assert r["score"] == 86.67  # the score does not move without --strict-na
    assert [(n["item"], n["approved"], n["expires"]) for n in r["not_applicable"]] == [
        ("M-1.2", True, "2026-12-31"),
        ("M-2.3", False, None),
    ]
    code, out, _ = run("report", str(site / "answers" / "s1.yaml"), "--approvals", str(site / "ok.yaml"))
    assert code == 0
    lines = out.splitlines()
    assert any(
        line.split()[:3] == ["M-1.2", "5", "本路段无交通标志"] and "已批准（至 2026-12-31）" in line for line in lines
    )
    assert any(line.split()[:4] == ["M-2.3", "5", "未说明理由", "未经批准"] for line in lines)
    assert any(line.startswith("不适用") and "2 项 / 10 分；未经批准 1；未说明理由 1" in line for line in lines)


def test_an_unapproved_na_scores_as_unanswered_under_strict_na(site: Path) -> None:
    (site / "ok.yaml").write_text(approvals_text(), encoding="utf-8")
    r = report_json(site, str(site / "ok.yaml"), "--strict-na")
    # M-2.3 counts: (8 + 5) / (10 + 5 + 5) = 65.00, and the self-check is unfinished
    assert (r["score"], r["earned"], r["possible"], r["complete"]) == (65.0, 13, 20, False)
    assert r["missing"] == ["M-2.3"]
    assert [(n["item"], n["approved"], n["unanswered"]) for n in r["not_applicable"]] == [
        ("M-1.2", True, False),
        ("M-2.3", False, True),
    ]
    assert [g["item"] for g in r["gaps"] if g["category"] == "missing"] == ["M-2.3"]


def test_an_expired_approval_is_reported_with_its_date_and_located(site: Path) -> None:
    approvals = site / "old.yaml"
    approvals.write_text(approvals_text(expires="2026-07-01", approved_on="2026-06-01"), encoding="utf-8")
    code, out, err = run(
        "report", str(site / "answers" / "s1.yaml"), "-f", "json", "--approvals", str(approvals), "--strict-na"
    )
    assert code == 0  # said, not failed
    assert (
        f"{approvals}:3:5: s1 的 mini M-1.2 答“不适用”，所依据的批准已于 2026-07-01 到期（检查日期 2026-07-10）" in err
    )
    r = json.loads(out)["results"][0]
    # both 不适用 count as 未检: 13 / 25 = 52.00
    assert (r["score"], r["possible"], r["missing"]) == (52.0, 25, ["M-1.2", "M-2.3"])
    assert [(n["approved"], n["expires"]) for n in r["not_applicable"]] == [(False, "2026-07-01"), (False, None)]
    code, out, _ = run("report", str(site / "answers" / "s1.yaml"), "--approvals", str(approvals), "--strict-na")
    assert "批准已于 2026-07-01 到期，按未检计分" in out


def test_an_approval_counts_up_to_its_last_day_whenever_it_was_given() -> None:
    from builders import answer, assessment, checklist, item, section

    cl = checklist(section("s", item("M-1.2"), item("M-1.3", when={"road": (True,)})))
    a = assessment({"M-1.2": answer("M-1.2", "na", note="无"), "M-1.3": answer("M-1.3", "na")}, {"road": False})
    assert a.date == dt.date(2026, 7, 10)
    last_day = Approval("s", "t", "M-1.2", "无", "办", approved_on=dt.date(2026, 8, 1), expires=dt.date(2026, 7, 10))
    _, judged = judge(a, cl, Approvals((last_day,)))
    assert judged["M-1.2"].state == "approved"  # approved after the inspection, still in force that day
    assert "M-1.3" not in judged  # excluded by `when`: nothing to approve, nothing to warn about
    _, judged = judge(a, cl, Approvals((last_day._replace(expires=dt.date(2026, 7, 9)),)))
    assert judged["M-1.2"].state == "expired"


def test_strict_na_without_an_approvals_file_says_every_na_counts(site: Path) -> None:
    code, out, err = run(
        "report", str(site / "answers" / "s1.yaml"), "-f", "json", "--strict-na", "--approvals", "none"
    )
    assert code == 0
    assert "--strict-na 而没有批准文件（approvals.yaml）：每个“不适用”都按未检计分" in err
    assert json.loads(out)["results"][0]["score"] == 52.0


def test_approvals_yaml_in_the_working_folder_is_read(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (site / "approvals.yaml").write_text(approvals_text(), encoding="utf-8")
    monkeypatch.chdir(site)
    code, out, _ = run("report", "answers/s1.yaml", "-f", "json")
    assert code == 0
    assert [n["approved"] for n in json.loads(out)["results"][0]["not_applicable"]] == [True, False]
    code, out, _ = run("report", "answers/s1.yaml", "-f", "json", "--approvals", "none")
    assert [n["approved"] for n in json.loads(out)["results"][0]["not_applicable"]] == [None, None]


# --- the bulletin's 不适用 column -------------------------------------------------------------------------------


def test_the_bulletin_shows_na_items_points_and_what_lacks_approval(site: Path) -> None:
    (site / "answers" / "s2.yaml").write_text(CLEAN, encoding="utf-8")
    (site / "ok.yaml").write_text(approvals_text(), encoding="utf-8")
    folder, approvals = str(site / "answers"), str(site / "ok.yaml")
    code, out, _ = run("score", folder, "--approvals", approvals, "--table-format", "github")
    assert code == 0
    header = next(line for line in out.splitlines() if line.startswith("|") and "排名" in line)
    assert "不适用" in [c.strip() for c in header.split("|")]
    row = next(line for line in out.splitlines() if "(s1)" in line)
    assert "| 2 项 / 10 分；未经批准 1；未说明理由 1 |" in row
    clean = next(line for line in out.splitlines() if "(s2)" in line)
    assert "| -" in clean and "项 /" not in clean

    code, out, _ = run("score", folder, "--approvals", approvals, "--strict-na", "--table-format", "github")
    row = next(line for line in out.splitlines() if "(s1)" in line)
    assert "| 2 项 / 5 分；未经批准 1（按未检）；未说明理由 1 |" in row  # M-2.3's 5 points stay in the score

    code, out, _ = run("score", folder, "--approvals", approvals, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out.lstrip("\ufeff"))))
    by_site = {r["编号"]: r for r in rows}
    assert [by_site["s1"][k] for k in ("不适用项数", "不适用分值", "未经批准项数", "未说明理由项数")] == [
        "2",
        "10",
        "1",
        "1",
    ]
    assert [by_site["s2"][k] for k in ("不适用项数", "不适用分值", "未经批准项数", "未说明理由项数")] == [
        "0",
        "0",
        "0",
        "0",
    ]


def test_the_bulletin_has_no_na_column_when_no_site_answered_na(tmp_path: Path) -> None:
    (tmp_path / "s2.yaml").write_text(CLEAN, encoding="utf-8")
    code, out, _ = run("score", str(tmp_path), "--approvals", "none", "-f", "csv")
    assert code == 0 and "不适用" not in out.splitlines()[0]
    code, out, _ = run("score", str(tmp_path), "--approvals", "none", "--table-format", "github")
    assert "不适用" not in out


def test_the_workbook_and_the_page_carry_the_na_counts(site: Path) -> None:
    from openpyxl import load_workbook

    (site / "ok.yaml").write_text(approvals_text(), encoding="utf-8")
    book = site / "b.xlsx"
    code, _, err = run(
        "score", str(site / "answers"), "--approvals", str(site / "ok.yaml"), "-f", "xlsx", "-o", str(book)
    )
    assert code == 0, err
    sheet = load_workbook(book).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in rows if "排名" in r)
    first = rows[rows.index(header) + 1]
    got = {k: first[header.index(k)] for k in ("不适用项数", "不适用分值", "未经批准项数", "未说明理由项数")}
    assert got == {"不适用项数": 2, "不适用分值": 10, "未经批准项数": 1, "未说明理由项数": 1}
    page = site / "b.html"
    code, _, _ = run(
        "score", str(site / "answers"), "--approvals", str(site / "ok.yaml"), "-f", "html", "-o", str(page)
    )
    html = page.read_text(encoding="utf-8")
    assert "<th>不适用</th>" in html
    cell = '<span class="nw">2 项</span><br><span class="nw">10 分</span><br><small class="flag"><span class="nw">未经批准 1'
    assert cell in html


# --- the approvals file and its lint ----------------------------------------------------------------------------

FINDINGS = """\
format: civcheck.approvals/1
approvals:
  - site: nobody
    checklist: mini
    item: M-9.9
    reason: x
    approved_by: y
    approved_on: 2026-07-01
    expires: 2026-08-01
  - site: s1
    checklist: mini
    item: M-2.1
    reason: x
    approved_by: y
    approved_on: 2026-07-01
    expires: 2027-08-01
  - site: s1
    checklist: nosuch
    item: M-1.2
    reason: x
    approved_by: y
    approved_on: 2026-07-01
    expires: 2027-08-01
"""

ROSTER = """\
format: civcheck.sites/1
sites:
  - {id: s1, name: 测试点, type: market_town}
"""


def test_approvals_check_finds_what_can_never_or_no_longer_apply(tmp_path: Path) -> None:
    path = tmp_path / "approvals.yaml"
    path.write_text(FINDINGS, encoding="utf-8")
    roster = tmp_path / "sites.yaml"
    roster.write_text(ROSTER, encoding="utf-8")
    code, _, err = run("approvals", "check", str(path), "--sites", str(roster), "--today", "2026-09-01", "--lang", "en")
    assert code == 1
    p = str(path)
    assert err.splitlines()[:-1] == [
        f"{p}:3:5: the roster has no site nobody",
        f"{p}:5:5: checklist mini has no item M-9.9",
        f"{p}:9:5: this approval expired on 2026-08-01 (today is 2026-09-01)",
        f"{p}:12:5: M-2.1 cannot be answered N/A (na: false): this approval can never apply",
        f"{p}:18:5: no checklist is called nosuch (found: " + err.split("(found: ")[1].split(")")[0] + ")",
    ]
    assert "mini" in err.split("(found: ")[1]
    assert err.splitlines()[-1] == "5 findings in the approvals file"


def test_a_clean_approvals_file_passes_the_check(tmp_path: Path) -> None:
    path = tmp_path / "approvals.yaml"
    path.write_text(approvals_text(), encoding="utf-8")
    code, _, err = run("approvals", "check", str(path), "--today", "2026-09-01")
    assert (code, err.strip()) == (0, "批准文件没有问题")
    code, _, err = run("approvals", "check", str(path), "--today", "2027-01-01")
    assert code == 1 and ":9:5: 这条批准已于 2026-12-31 到期（今天 2027-01-01）" in err


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("    expires: 2026-12-31\n", ""), ':3:5: approval lacks the required key "expires"'),
        (("  - site: s1\n", "  - site: s1\n    owner: x\n"), ':4:5: unknown key "owner"'),
        (
            ("    expires: 2026-12-31\n", "    expires: 2026-07-01\n"),
            ":9:14: expires on 2026-07-01, before it was approved",
        ),
        (("    expires: 2026-12-31\n", "    expires: someday\n"), ":9:14: "),
        (("    reason: 本路段无交通标志，经现场核实\n", "    reason: ''\n"), ":6:13: reason must not be empty"),
        (("format: civcheck.approvals/1\n", "format: civcheck.sites/1\n"), ":1:9: "),
        (("    expires: 2026-12-31\n", "    expires: ~\n"), ":9:14: expires: expected YYYY-MM-DD, got null"),
        (("    approved_on: 2026-07-20\n", "    approved_on:\n"), ":8:17: approved_on: expected YYYY-MM-DD, got null"),
        (("approvals:\n  - site: s1\n", "approvals:\nx-list:\n  - site: s1\n"), ":2:11: "),
    ],
    ids=[
        "missing key",
        "unknown key",
        "backwards",
        "bad date",
        "empty reason",
        "other format",
        "null date",
        "empty date",
        "null list",
    ],
)
def test_a_bad_approvals_file_is_located_exit_2_for_every_command(
    tmp_path: Path, site: Path, edit: tuple[str, str], message: str
) -> None:
    path = tmp_path / "approvals.yaml"
    text = approvals_text()
    assert edit[0] in text
    path.write_text(text.replace(*edit), encoding="utf-8")
    for args in (
        ("approvals", "check", str(path)),
        ("score", str(site / "answers"), "--approvals", str(path)),
        ("report", str(site / "answers" / "s1.yaml"), "--approvals", str(path)),
    ):
        code, out, err = run(*args, "--lang", "en")
        assert code == 2, (args, err)
        assert f"{path}{message}" in err, err
        assert "Traceback" not in err and out == ""


def test_the_same_approval_twice_is_refused_where_the_second_stands(tmp_path: Path) -> None:
    path = tmp_path / "approvals.yaml"
    entry = approvals_text().split("approvals:\n")[1]
    path.write_text(approvals_text() + entry, encoding="utf-8")
    code, _, err = run("approvals", "check", str(path), "--lang", "en")
    assert code == 2
    assert f"{path}:10:5: s1 / mini / M-1.2 is approved already, in entry 1" in err


def test_a_folder_scan_skips_an_approvals_file(site: Path) -> None:
    (site / "answers" / "approvals.yaml").write_text(approvals_text(), encoding="utf-8")
    code, out, err = run("score", str(site / "answers"), "--approvals", "none", "-f", "json")
    assert code == 0, err
    assert [r["site"]["id"] for r in json.loads(out)["results"]] == ["s1"]


def test_the_schema_agrees_with_the_reader() -> None:
    from jsonschema import Draft202012Validator

    from civcheck import json_schema
    from civcheck.formats.approvals import ENTRY_KEYS

    schema = json_schema.schema("approvals")
    Draft202012Validator.check_schema(schema)
    entry = schema["$defs"]["approval"]
    assert set(entry["properties"]) == set(entry["required"]) == set(ENTRY_KEYS)
    import yaml

    example = yaml.safe_load((HERE.parent / "examples" / "chengjiao" / "approvals.yaml").read_text(encoding="utf-8"))
    plain = json.loads(json.dumps(example, default=str))
    assert list(Draft202012Validator(schema).iter_errors(plain)) == []
    plain["approvals"][0]["until"] = "2026-12-31"
    assert list(Draft202012Validator(schema).iter_errors(plain))


def test_findings_about_aliased_values_stand_at_each_entry(tmp_path: Path) -> None:
    path = tmp_path / "approvals.yaml"
    text = approvals_text().replace("    checklist: mini\n", "    checklist: &c nosuch\n")
    second = approvals_text().split("approvals:\n")[1].replace("    checklist: mini\n", "    checklist: *c\n")
    path.write_text(text + second.replace("item: M-1.2", "item: M-2.3"), encoding="utf-8")
    code, _, err = run("approvals", "check", str(path), "--today", "2026-09-01", "--lang", "en")
    assert code == 1
    lines = err.splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [f"{path}:4:5", f"{path}:11:5"]
    assert lines[-1] == "2 findings in the approvals file"


def test_a_reason_for_na_does_not_become_a_problem_note(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    args = ["assess", "mini", "--site", "s1", "--out", str(out), "--lang", "zh", "--attr", "has_live_poultry=false"]
    result = CliRunner().invoke(app, [*args, "--checklists", str(MINI)], input="0\n- | 村内无公厕\nb\nn\nq\n")
    assert result.exit_code in (0, 1), result.stderr
    saved = out.read_text(encoding="utf-8")
    assert "M-1.2: fail" in saved and "村内无公厕" not in saved
