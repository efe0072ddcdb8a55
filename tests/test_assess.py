"""The interactive self-check: input rules, a scripted session, and a real terminal.

The terminal tests drive ``civcheck assess`` through a pseudo-terminal with
pexpect, kill it with SIGKILL half-way, resume it, interrupt it with Ctrl-C,
and compare with the same answers piped in.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pexpect
import pytest

from civcheck.assess import Session, parse_line, wrap
from civcheck.batch import score_file
from civcheck.catalog import Catalog
from civcheck.formats.checklist import DEFAULT_LEVELS
from civcheck.model import Answer, Item, Site, Text
from civcheck.render.common import display_width
from civcheck.words import chinese_number, matching_ids

HERE = Path(__file__).parent
MINI = HERE / "data" / "checklists"


def item(kind: str = "check", na: bool = True) -> Item:
    from fractions import Fraction

    return Item(
        id="X-1",
        text=Text({"zh": "x"}),
        points=Fraction(5),
        kind=kind,
        na=na,  # type: ignore[arg-type]
        per=Fraction(1) if kind == "deduct" else None,
        levels=DEFAULT_LEVELS if kind == "grade" else (),
    )


@pytest.mark.parametrize(
    ("kind", "line", "expected"),
    [
        ("check", "y", Answer("X-1", status="pass")),
        ("check", "是", Answer("X-1", status="pass")),
        ("check", " YES ", Answer("X-1", status="pass")),
        ("check", "n", Answer("X-1", status="fail")),
        ("check", "否", Answer("X-1", status="fail")),
        ("check", "-", Answer("X-1", status="na")),
        ("check", "－", Answer("X-1", status="na")),  # a Chinese IME's full-width minus
        ("check", "不适用", Answer("X-1", status="na")),
        ("deduct", "3", Answer("X-1", found=3)),
        ("deduct", "３", Answer("X-1", found=3)),
        ("deduct", "0", Answer("X-1", found=0)),
        ("deduct", "０", Answer("X-1", found=0)),
        ("deduct", "2处", Answer("X-1", found=2)),
        ("deduct", "两处", Answer("X-1", found=2)),
        ("deduct", "两", Answer("X-1", found=2)),
        ("deduct", "十一个", Answer("X-1", found=11)),
        ("deduct", "三起", Answer("X-1", found=3)),
        ("deduct", "零", Answer("X-1", found=0)),
        ("deduct", "无问题", Answer("X-1", found=0)),
        ("grade", "good", Answer("X-1", level="good")),
        ("grade", "2", Answer("X-1", level="good")),
        ("grade", "良", Answer("X-1", level="good")),
        ("grade", "优", Answer("X-1", level="excellent")),
        ("grade", "差", Answer("X-1", level="poor")),
        ("grade", "Fair", Answer("X-1", level="fair")),
    ],
)
def test_answers_are_understood(kind: str, line: str, expected: Answer) -> None:
    parsed = parse_line(item(kind), line)
    assert (parsed.kind, parsed.answer) == ("answer", expected)


@pytest.mark.parametrize(
    ("kind", "line", "reason"),
    [
        ("check", "", "a.empty"),
        ("check", "maybe", "a.bad_check"),
        ("check", "3", "a.bad_check"),
        ("deduct", "-1", "a.bad_deduct"),
        ("deduct", "1.5", "a.bad_deduct"),
        ("deduct", "n", "a.bad_deduct"),
        # "0 problems" is typed as a count, never as a yes: 有 means "there are some"
        ("deduct", "y", "a.bad_deduct"),
        ("deduct", "yes", "a.bad_deduct"),
        ("deduct", "是", "a.bad_deduct"),
        ("deduct", "有", "a.bad_deduct"),
        ("deduct", "无", "a.bad_deduct"),
        ("deduct", "二三", "a.bad_deduct"),
        ("deduct", "10000", "a.too_many"),
        # words whose meaning depends on how the item is phrased are refused, never guessed
        ("check", "没有", "a.ambiguous"),
        ("check", "有", "a.ambiguous"),
        ("check", "无", "a.ambiguous"),
        ("check", "对", "a.ambiguous"),
        ("check", "不对", "a.ambiguous"),
        ("check", "行", "a.ambiguous"),
        ("check", "不行", "a.ambiguous"),
        ("grade", "5", "a.bad_grade"),
        ("grade", "great", "a.bad_grade"),
    ],
)
def test_anything_else_is_asked_again(kind: str, line: str, reason: str) -> None:
    assert (parse_line(item(kind), line).kind, parse_line(item(kind), line).reason) == ("invalid", reason)


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百零五", 105), ("两百", 200),
     ("三千零一", 3001), ("九千九百九十九", 9999), ("零", 0)],
)  # fmt: skip
def test_chinese_numerals(text: str, value: int) -> None:
    assert chinese_number(text) == value


@pytest.mark.parametrize("text", ["", "二三", "十十", "百", "百二", "十百", "零五", "甲"])
def test_not_chinese_numerals(text: str) -> None:
    assert chinese_number(text) is None


def test_an_item_is_named_by_its_id_or_a_unique_tail() -> None:
    ids = ["FM-1.1", "FM-11.1", "VR-5.1", "VR-5.2", "M-2"]
    assert matching_ids("VR-5.1", ids) == ["VR-5.1"]
    assert matching_ids("vr-5.1", ids) == ["VR-5.1"]
    assert matching_ids("5.1", ids) == ["VR-5.1"]
    assert matching_ids("1.1", ids) == ["FM-1.1"]  # not FM-11.1: a tail starts after - . or _
    assert matching_ids("2", ids) == []  # a bare number is a count or a level, never an item
    assert matching_ids("5", ids) == []


def test_na_is_refused_where_the_checklist_says_so() -> None:
    assert parse_line(item(na=False), "-").reason == "a.na_refused"


@pytest.mark.parametrize(("line", "kind"), [("?", "help"), ("？", "help"), ("b", "back"), ("q", "quit")])
def test_commands(line: str, kind: str) -> None:
    assert parse_line(item(), line).kind == kind


def test_empty_line_keeps_an_existing_answer_only() -> None:
    assert parse_line(item(), "", has_answer=True).kind == "keep"
    assert parse_line(item(), "", has_answer=False).kind == "invalid"


def test_wrap_fits_the_width_and_keeps_words() -> None:
    text = "主要出入口、主干道沿线布置社会公益广告 and keep English words whole please"
    lines = wrap(text, 30, "  ")
    assert all(display_width(line) <= 30 for line in lines)
    assert "English" in " ".join(lines).split()


class Script:
    """A clerk typing *lines*; what the session says is collected."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = list(lines)
        self.said: list[str] = []
        self.saves = 0

    def ask(self, prompt: str) -> str:
        if not self.lines:
            raise EOFError
        return self.lines.pop(0)

    def say(self, text: str) -> None:
        self.said.append(text)

    def save(self, answers: dict[str, Answer]) -> None:
        self.saves += 1


def session(lines: list[str], answers: dict[str, Answer] | None = None) -> tuple[Session, Script]:
    catalog = Catalog.discover([MINI], env="")
    checklist = catalog.find("mini", "1")
    assert checklist is not None
    script = Script(lines)
    site = Site("s1", attributes={"has_live_poultry": False})
    return Session(
        checklist, site, answers if answers is not None else {}, "en", script.ask, script.say, script.save
    ), script


def test_a_scripted_session_with_back_help_and_notes() -> None:
    s, script = session(
        ["", "1", "potholes by the east gate", "a.jpg, b.jpg", "?", "b", "2", "", "", "y", "n", "", "", "fair", "", ""]
    )
    assert s.run() is True
    # M-2.2 is excluded for a market without live poultry: four items asked
    assert [st.item.id for st in s.steps] == ["M-1.1", "M-1.2", "M-2.1", "M-2.3"]
    assert s.answers["M-1.1"] == Answer("M-1.1", found=2, note="potholes by the east gate", evidence=("a.jpg", "b.jpg"))
    assert s.answers["M-1.2"] == Answer("M-1.2", status="pass")
    assert s.answers["M-2.1"] == Answer("M-2.1", status="fail")
    assert s.answers["M-2.3"] == Answer("M-2.3", level="fair")
    assert any("Please answer" in line for line in script.said)  # the empty first line was asked again


def test_quit_and_resume_at_the_first_unanswered_item() -> None:
    s, _ = session(["0", "q"])
    assert s.run() is False
    assert list(s.answers) == ["M-1.1"]
    s2, script = session(["y", "y", "good", "", ""], answers=dict(s.answers))
    assert s2.run() is True
    assert any("Resuming: 1 of 4" in line for line in script.said)
    assert set(s2.answers) == {"M-1.1", "M-1.2", "M-2.1", "M-2.3"}


def test_review_walks_answered_items_and_enter_keeps_them() -> None:
    answers = {
        "M-1.1": Answer("M-1.1", found=0),
        "M-1.2": Answer("M-1.2", status="pass"),
        "M-2.1": Answer("M-2.1", status="pass"),
        "M-2.3": Answer("M-2.3", level="good"),
    }
    s, _ = session(["", "n", "", "", "", ""], answers=dict(answers))
    assert s.run(review=True) is True
    assert s.answers == {**answers, "M-1.2": Answer("M-1.2", status="fail")}


# --- a real terminal ---------------------------------------------------------

# farmers-market 2026.12 for a market without live poultry: 28 items, 91 points, 88 once FM-4.6 is N/A.
FARMERS = [
    ("FM-1.1", "y"),
    ("FM-1.2", "2", "东门地面破损2处", "photos/fm-1.jpg"),
    ("FM-1.3", "是"),
    ("FM-1.4", "y"),
    ("FM-1.5", "良", "", ""),
    ("FM-1.6", "y"),
    ("FM-2.3", "y"),
    ("FM-2.4", "0"),
    ("FM-2.5", "无问题"),
    ("FM-2.6", "n", "无公厕指引牌", ""),
    ("FM-2.7", "优"),
    ("FM-2.8", "0"),
    ("FM-3.1", "0"),
    ("FM-3.2", "1", "", ""),
    ("FM-3.3", "0"),
    ("FM-3.4", "y"),
    ("FM-3.5", "y"),
    ("FM-3.6", "y"),
    ("FM-3.7", "y"),
    ("FM-4.1", "y"),
    ("FM-4.3", "y"),
    ("FM-4.4", "y"),
    ("FM-4.5", "0"),
    ("FM-4.6", "-", "本轮未开市"),  # 不适用: asked why
    ("FM-4.7", "0"),
    ("FM-4.8", "y"),
    ("FM-4.9", "y"),
    ("FM-5.1", "good", "", ""),
]
# lost: FM-1.2 2 x 1 = 2, FM-1.5 良 0.2 x 2 = 0.4, FM-2.6 3, FM-3.2 1, FM-5.1 good 0.2 x 4 = 0.8: 7.2 in all.
# earned 88 - 7.2 = 80.8 of 88 = 91.8181... -> 91.82
EXPECTED_SCORE = Decimal("91.82")


def spawn(out: Path, *extra: str) -> pexpect.spawn:
    photo(out.parent / "photos" / "fm-1.jpg")  # the photo FARMERS names: a path typed must be found
    env = {**os.environ, "COLUMNS": "80", "LINES": "40", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    return pexpect.spawn(
        sys.executable,
        [
            "-m",
            "civcheck",
            "assess",
            "farmers-market",
            "--site",
            "chengjiao-market",
            "--name",
            "城郊农贸市场",
            "--attr",
            "has_live_poultry=false",
            "--round",
            "2026-07",
            "--assessor",
            "张三",
            "--out",
            str(out),
            "--lang",
            "zh",
            *extra,
        ],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 80),
    )


def photo(path: Path) -> Path:
    """A small real JPEG at *path* (a photo the inspector took)."""
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 6), (200, 120, 40)).save(path, "JPEG")
    return path


def answer_steps(child: pexpect.spawn, steps: list[tuple[str, ...]]) -> None:
    for step in steps:
        item_id, value, *note = step
        child.expect(item_id)
        child.expect("> ")
        child.sendline(value)
        if value == "-" and note:
            child.expect("不适用理由")
            child.sendline(note[0])
        elif note:
            child.expect("问题描述")
            child.sendline(note[0])
            child.expect("证据照片路径")
            child.sendline(note[1])


def test_a_whole_checklist_through_a_terminal_killed_and_resumed(tmp_path: Path) -> None:
    out = tmp_path / "market.yaml"
    child = spawn(out)
    answer_steps(child, FARMERS[:10])
    child.expect("FM-2.7")  # shown, not yet answered: the answer being typed is the most a kill loses
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    catalog = Catalog.discover([], env="")
    partial = score_file(out, catalog)  # a complete, valid file: nothing torn
    assert partial is not None
    assert list(partial.assessment.answers) == [s[0] for s in FARMERS[:10]]
    assert partial.assessment.answers["FM-1.2"].note == "东门地面破损2处"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["market.yaml", "photos"]  # no temp file left behind

    child = spawn(out)
    child.expect("继续上次的自查：已答 10/28 项")
    answer_steps(child, FARMERS[10:])
    child.expect("全部 28 项已作答")
    child.expect("自查自测报告")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    result = score_file(out, catalog)
    assert result is not None
    assert result.rounded_score == EXPECTED_SCORE
    assert result.grade is not None and result.grade.id == "excellent"
    assert result.passed and not result.vetoed and result.complete
    assert [g.item.id for g in result.gaps] == ["FM-2.6", "FM-1.2", "FM-3.2", "FM-5.1", "FM-1.5"]


def test_every_screen_fits_80_columns(tmp_path: Path) -> None:
    import io

    child = spawn(tmp_path / "a.yaml")
    child.logfile_read = log = io.StringIO()
    answer_steps(child, FARMERS[:6])
    child.sendline("?")
    child.expect("整改时限")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    text = log.getvalue()
    # every line but the resume command, which holds the (long) temporary path
    lines = [line for line in text.replace("\r", "").split("\n") if str(tmp_path) not in line]
    assert len(lines) > 50 and max(display_width(line) for line in lines) <= 80
    text.encode("gbk")  # nothing a Chinese Windows console cannot print


def test_ctrl_c_keeps_what_was_typed(tmp_path: Path) -> None:
    out = tmp_path / "market.yaml"
    child = spawn(out)
    answer_steps(child, FARMERS[:3])
    child.expect("FM-1.4")
    child.expect("> ")
    child.sendintr()
    child.expect("已中断，答案已保存到 .*；继续请运行：civcheck assess farmers-market")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")
    result = score_file(out, Catalog.discover([], env=""))
    assert result is not None and list(result.assessment.answers) == ["FM-1.1", "FM-1.2", "FM-1.3"]


def piped_lines() -> str:
    """FARMERS as a script: one line per item, its note and photos after "|" on the same line."""
    return "\n".join(" | ".join(step[1:]) for step in FARMERS) + "\n"


def test_piped_answers_produce_the_same_file(tmp_path: Path) -> None:
    terminal = tmp_path / "terminal.yaml"
    child = spawn(terminal)
    answer_steps(child, FARMERS)
    child.expect(pexpect.EOF)
    child.close()
    piped = tmp_path / "piped.yaml"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "civcheck",
            "assess",
            "farmers-market",
            "--site",
            "chengjiao-market",
            "--name",
            "城郊农贸市场",
            "--attr",
            "has_live_poultry=false",
            "--round",
            "2026-07",
            "--assessor",
            "张三",
            "--out",
            str(piped),
            "--lang",
            "zh",
        ],
        input=piped_lines(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr
    assert piped.read_bytes() == terminal.read_bytes()
    assert "全部 28 项已作答" in proc.stdout
    result = score_file(piped, Catalog.discover([], env=""))
    assert result is not None
    na = result.assessment.answers["FM-4.6"]
    assert (na.status, na.note) == ("na", "本轮未开市")


def test_piped_input_that_ends_early_saves_and_says_how_to_resume(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "civcheck",
            "assess",
            "mini",
            "--site",
            "s1",
            "--checklists",
            str(MINI),
            "--attr",
            "has_live_poultry=false",
            "--out",
            str(out),
            "--lang",
            "en",
        ],
        input="0\ny\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
    )
    assert proc.returncode == 1  # a scripted run that leaves items open has not finished the job
    assert "2 items still to answer." in proc.stdout
    assert "To resume, run again: civcheck assess mini --site s1" in proc.stdout
    result = score_file(out, Catalog.discover([MINI], env=""))
    assert result is not None and list(result.assessment.answers) == ["M-1.1", "M-1.2"]
    assert result.missing == ("M-2.1", "M-2.3")  # M-2.2 is excluded: no live poultry stated


def test_the_roster_supplies_the_sites_details(tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    roster = HERE.parent / "examples" / "chengjiao" / "sites.yaml"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "civcheck",
            "assess",
            "village-ring",
            "--site",
            "xinglong",
            "--sites",
            str(roster),
            "--out",
            str(out),
            "--lang",
            "en",
        ],
        input="q\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
    )
    assert proc.returncode == 1, proc.stderr  # quit with every item still open
    result = score_file(out, Catalog.discover([], env=""))
    assert result is not None
    site = result.assessment.site
    assert (site.name, site.grid, site.type, site.attributes.get("has_waterway")) == (
        "兴隆村",
        "第二网格",
        "village_ring",
        True,
    )
    # the water items (VR-5.x) apply to a village with water: nothing excluded here
    assert not [r for r in result.items if r.state == "excluded" and r.item.id.startswith("VR-5")]


def test_an_answers_file_of_another_site_is_not_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    out.write_bytes((HERE / "data" / "good.yaml").read_bytes())
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "civcheck",
            "assess",
            "mini",
            "--site",
            "other",
            "--checklists",
            str(MINI),
            "--out",
            str(out),
            "--lang",
            "en",
        ],
        input="q\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
    )
    assert proc.returncode == 2 and "holds answers for site s1 on mini" in proc.stderr
    assert out.read_bytes() == (HERE / "data" / "good.yaml").read_bytes()


def test_a_note_typed_at_the_end_of_piped_input_is_kept() -> None:
    s, _ = session(["n", "no signs at the east gate"], answers={"M-1.1": Answer("M-1.1", found=0)})
    assert s.run() is False  # the input ended at the photos prompt
    assert s.answers["M-1.2"] == Answer("M-1.2", status="fail", note="no signs at the east gate")


def test_changing_an_answer_keeps_what_else_the_file_recorded() -> None:
    import datetime as dt

    old = Answer("M-1.2", status="fail", note="old", owner="交通部门", person="李四", due=dt.date(2026, 8, 1),
                 fixed_on_site=False, evidence=("a.jpg",))  # fmt: skip
    answers = {"M-1.1": Answer("M-1.1", found=0), "M-1.2": old, "M-2.1": Answer("M-2.1", status="pass"),
               "M-2.3": Answer("M-2.3", level="excellent")}  # fmt: skip
    s, _ = session(["", "y", "", ""], answers=dict(answers))
    assert s.run(review=True) is True
    assert s.answers["M-1.2"] == Answer("M-1.2", status="pass", owner="交通部门", person="李四",
                                        due=dt.date(2026, 8, 1), fixed_on_site=False)  # fmt: skip


def test_resuming_a_file_with_an_expect_block_keeps_it_as_written(tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    text = (HERE.parent / "examples" / "chengjiao" / "2026-07" / "xinglong--village-ring.yaml").read_text("utf-8")
    out.write_text(text + "x-batch: 0012\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "civcheck", "assess", "village-ring", "--site", "xinglong", "--out", str(out),
         "--review", "--lang", "en"],
        input="\nq\n", capture_output=True, text=True, encoding="utf-8", timeout=30,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr  # a review left early: every item is still answered
    saved = out.read_text(encoding="utf-8")
    assert "expect: {score: 80.2, grade: good, passed: true, vetoed: false}" in saved
    assert "x-batch: 0012" in saved


# --- data entry at a real terminal: what is typed is recorded as meant ---------


def spawn_mini(out: Path, lang: str = "zh") -> pexpect.spawn:
    env = {**os.environ, "COLUMNS": "80", "LINES": "40", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    args = ["-m", "civcheck", "assess", "mini", "--site", "s1", "--checklists", str(MINI), "--out", str(out),
            "--attr", "has_live_poultry=false"]  # fmt: skip
    return pexpect.spawn(sys.executable, [*args, "--lang", lang], env=env, encoding="utf-8", timeout=30,
                         dimensions=(40, 80))  # fmt: skip


def prompt(child: pexpect.spawn, item_id: str) -> None:
    child.expect(item_id)
    child.expect("> ")


def saved(out: Path) -> dict[str, Answer]:
    result = score_file(out, Catalog.discover([MINI], env=""))
    assert result is not None
    return dict(result.assessment.answers)


def test_terminal_refuses_ambiguous_words_takes_chinese_counts_and_echoes(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    child = spawn_mini(out)
    prompt(child, "M-1.1")  # a deduct item: a count only
    child.sendline("有")
    child.expect("“有”不是处数；请输入发现问题的处数，如 0、2、两处（每处扣 2 分")
    child.sendline("两处")
    child.expect("已记录 M-1.1：发现问题 2 处，扣 4 分")
    child.expect("问题描述")
    child.sendline("东门坑洼")
    child.expect("证据照片路径")
    child.sendline("")
    prompt(child, "M-1.2")  # a check item
    child.sendline("没有")
    child.expect("“没有”的意思取决于条目的说法，无法判断达标与否；请输入 y（达标）或 n（不达标）。")
    child.sendline("是")
    child.expect("已记录 M-1.2：达标")
    prompt(child, "M-2.1")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert saved(out) == {"M-1.1": Answer("M-1.1", found=2, note="东门坑洼"), "M-1.2": Answer("M-1.2", status="pass")}


def test_terminal_confirms_a_veto_and_the_header_shows_it(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    child = spawn_mini(out)
    for item_id, line in (("M-1.1", "0"), ("M-1.2", "y")):
        prompt(child, item_id)
        child.sendline(line)
    prompt(child, "M-2.1")  # critical
    child.sendline("n")
    child.expect(r"一票否决项，确认不达标？")
    child.sendline("n")  # not confirmed: asked again, nothing recorded
    prompt(child, "M-2.1")
    assert "M-2.1" not in saved(out)
    child.sendline("n")
    child.expect(r"一票否决项，确认不达标？")
    child.sendline("y")
    child.expect("已记录 M-2.1：不达标（一票否决项）")
    child.expect("问题描述")
    child.sendline("")
    child.expect("证据照片路径")
    child.sendline("")
    child.expect(r"已答 3/4  一票否决（M-2.1）")  # the running header shows the veto at once
    child.expect("> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert saved(out)["M-2.1"] == Answer("M-2.1", status="fail")


def test_terminal_jumps_to_an_item_and_q_at_the_note_prompt_quits(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    child = spawn_mini(out)
    prompt(child, "M-1.1")
    child.sendline("2.3")  # a unique tail of M-2.3: jump there
    prompt(child, "M-2.3")
    child.sendline("中")
    child.expect(r"已记录 M-2.3：中（得 3/5 分）")
    child.expect("问题描述")
    child.sendline("q")  # a command, not the note "q"
    child.expect(pexpect.EOF)
    child.close()
    assert saved(out) == {"M-2.3": Answer("M-2.3", level="fair")}


def test_terminal_review_jumps_by_full_id(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    out.write_bytes((HERE / "data" / "good.yaml").read_bytes())
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    child = pexpect.spawn(sys.executable, ["-m", "civcheck", "assess", "mini", "--site", "s1", "--checklists",
                                           str(MINI), "--out", str(out), "--review", "--lang", "en"],
                          env=env, encoding="utf-8", timeout=30, dimensions=(40, 80))  # fmt: skip
    prompt(child, "M-1.1")
    child.sendline("m-2.3")
    prompt(child, "M-2.3")
    child.sendline("poor")
    child.expect(r"Recorded M-2.3: Poor \(0 of 5 points\)")
    child.expect("Problem found")
    child.sendline("b")  # back to the item, the answer stays recorded
    prompt(child, "M-2.3")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert saved(out)["M-2.3"].level == "poor"


def run_piped(out: Path, data: bytes, *extra: str) -> subprocess.CompletedProcess[bytes]:
    args = ["-m", "civcheck", "assess", "mini", "--site", "s1", "--checklists", str(MINI), "--out", str(out),
            "--attr", "has_live_poultry=false"]  # fmt: skip
    return subprocess.run([sys.executable, *args, "--lang", "en", *extra], input=data, capture_output=True, timeout=60)


def test_piped_input_stops_at_the_first_bad_line(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    # M-1.1 "0"; M-1.2 "yy" is no answer: nothing after line 2 may be applied
    proc = run_piped(out, b"0\nyy\nn\n2\ny\n")
    assert proc.returncode == 2
    assert proc.stderr.decode().splitlines()[0] == (
        '<stdin>:2: M-1.2: "yy" is not an answer. Type y (pass), n (fail) or - (not applicable).'
    )
    assert saved(out) == {"M-1.1": Answer("M-1.1", found=0)}


def test_piped_lines_are_one_item_each_with_the_note_on_its_line(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    proc = run_piped(out, "1 | 东门坑洼\ny\n有\n".encode())
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith(
        '<stdin>:3: M-2.1: "有" is not an answer. "有" means pass or fail depending on how'
    )
    assert saved(out) == {"M-1.1": Answer("M-1.1", found=1, note="东门坑洼"), "M-1.2": Answer("M-1.2", status="pass")}


def test_piped_input_may_start_with_a_bom(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    proc = run_piped(out, "\ufeff0\r\ny\r\ny\r\ngood\r\n\r\n\r\n".encode())
    assert proc.returncode == 0, proc.stderr.decode()
    assert saved(out) == {"M-1.1": Answer("M-1.1", found=0), "M-1.2": Answer("M-1.2", status="pass"),
                          "M-2.1": Answer("M-2.1", status="pass"), "M-2.3": Answer("M-2.3", level="good")}  # fmt: skip


def test_piped_input_that_is_not_text_is_refused_not_saved(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    proc = run_piped(out, b"1\n\xb6\xab\xc3\xc5\xff\n")  # a note in broken bytes
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith("<stdin>:2: this line is not UTF-8 text")
    assert saved(out) == {"M-1.1": Answer("M-1.1", found=1)}
    proc = run_piped(tmp_path / "b.yaml", b"1\ny | note \x1b]0;pwned\x07\n")
    assert proc.returncode == 2
    assert proc.stderr.decode().startswith("<stdin>:2: Control character U+001B is not accepted")


def test_a_name_in_the_wrong_encoding_is_refused_not_written(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    gbk_name = "城郊农贸市场".encode("gbk")
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"}
    proc = subprocess.run(
        [sys.executable.encode(), b"-m", b"civcheck", b"assess", b"mini", b"--site", b"s1", b"--checklists",
         str(MINI).encode(), b"--out", str(out).encode(), b"--name", gbk_name, b"--lang", b"en"],
        input=b"", capture_output=True, timeout=60, env=env,
    )  # fmt: skip
    assert proc.returncode == 2
    assert b"--name" in proc.stderr and b"not valid UTF-8" in proc.stderr
    assert b"Traceback" not in proc.stderr
    assert not out.exists()


# --- the answers file is never clobbered -------------------------------------


def test_two_sessions_on_one_file_merge_and_a_conflict_is_named(tmp_path: Path) -> None:
    from civcheck.answers_file import ChangedElsewhere, start_or_resume

    out = tmp_path / "a.yaml"
    catalog = Catalog.discover([MINI], env="")
    first = start_or_resume(out, catalog, "mini", Site("s1"))
    first.save(first.answers)
    second = start_or_resume(out, catalog, "mini", Site("s1"))  # a second terminal opens the same file
    first.answers["M-1.1"] = Answer("M-1.1", found=1)
    first.save(first.answers)
    second.answers["M-1.2"] = Answer("M-1.2", status="pass")
    second.save(second.answers)  # merges: keeps the first session's M-1.1
    assert saved(out) == {"M-1.1": Answer("M-1.1", found=1), "M-1.2": Answer("M-1.2", status="pass")}
    first.answers["M-2.1"] = Answer("M-2.1", status="pass")
    first.save(first.answers)  # merges the other way
    assert set(saved(out)) == {"M-1.1", "M-1.2", "M-2.1"}
    # both change M-1.2, differently: theirs is kept and the conflict is named, never silently lost
    second.answers["M-1.2"] = Answer("M-1.2", status="fail", note="东门无标志")
    first.answers["M-1.2"] = Answer("M-1.2", status="pass", note="复查已补")
    second.save(second.answers)
    with pytest.raises(ChangedElsewhere) as caught:
        first.save(first.answers)
    assert [(item, theirs.status if theirs else None, ours.status) for item, theirs, ours in caught.value.items] == [
        ("M-1.2", "fail", "pass")
    ]
    assert saved(out)["M-1.2"] == Answer("M-1.2", status="fail", note="东门无标志")


def test_resuming_a_hand_written_file_keeps_its_comments_and_anchors(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    out.write_text(
        "# 城郊 · 测试点 · 七月自查（手写）\n"
        'format: civcheck.answers/1\nchecklist: mini\nchecklist_version: "1"\n'
        "site: &s1 {id: s1, name: 测试点, attributes: {has_live_poultry: false}}\n"
        'round: "2026-07"\n'
        "x-also: *s1\n"
        "answers:\n"
        "  M-1.1: 0   # 东街已修补\n"
        "  # M-1.2 待复查\n",
        encoding="utf-8",
    )
    proc = run_piped(out, b"y\nq\n")
    assert proc.returncode == 1, proc.stderr.decode()
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# 城郊 · 测试点 · 七月自查（手写）\n")
    assert "&s1" in text and "x-also: *s1" in text and "# 东街已修补" in text
    assert saved(out) == {"M-1.1": Answer("M-1.1", found=0), "M-1.2": Answer("M-1.2", status="pass")}


def test_an_answers_file_named_json_is_written_as_json(tmp_path: Path) -> None:
    import json

    out = tmp_path / "a.json"
    proc = run_piped(out, "2 | 东街\ny\n".encode())
    assert proc.returncode == 1, proc.stderr.decode()
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["answers"] == {"M-1.1": {"found": 2, "note": "东街"}, "M-1.2": "pass"}
    assert saved(out) == {"M-1.1": Answer("M-1.1", found=2, note="东街"), "M-1.2": Answer("M-1.2", status="pass")}


def test_a_site_id_never_leads_a_file_out_of_its_folder(tmp_path: Path) -> None:
    args = ["-m", "civcheck", "assess", "mini", "--checklists", str(MINI), "--lang", "en", "--attr",
            "has_live_poultry=false"]  # fmt: skip
    proc = subprocess.run([sys.executable, *args, "--site", "../../escape", "--round", "../x"], input=b"q\n",
                          capture_output=True, cwd=tmp_path, timeout=60)  # fmt: skip
    assert proc.returncode == 1
    assert [p.name for p in tmp_path.iterdir()] == ["_.._escape--mini--_x.yaml"]  # ../x: no way out either
    proc = subprocess.run([sys.executable, *args, "--site", ""], input=b"", capture_output=True, cwd=tmp_path,
                          timeout=60)  # fmt: skip
    assert proc.returncode == 2 and b"--site must not be empty" in proc.stderr


def test_na_asks_why_and_a_bare_one_is_said_to_lack_a_reason(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    args = [sys.executable, "-m", "civcheck", "assess", "mini", "--site", "s1", "--checklists", str(MINI)]
    proc = subprocess.run(
        [*args, "--out", str(out), "--lang", "zh", "--attr", "has_live_poultry=false"],
        input="0\n-\ny\n- | 村内无公厕\n",  # M-1.2 不适用 without a reason, M-2.3 with one on its line
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=30,
    )
    assert proc.returncode == 0, proc.stderr
    assert "不适用理由" not in proc.stdout  # a script is never asked: the reason is on the answer's line
    assert proc.stdout.count("未说明理由：通报和报告中将标注“未说明理由”") == 1
    result = score_file(out, Catalog.discover([MINI], env=""))
    assert result is not None
    answers = result.assessment.answers
    assert (answers["M-1.2"].status, answers["M-1.2"].note) == ("na", "")
    assert (answers["M-2.3"].status, answers["M-2.3"].note) == ("na", "村内无公厕")
