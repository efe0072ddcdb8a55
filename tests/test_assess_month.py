"""A self-check month after month: rounds that cannot be mixed up, attributes asked, answers never taken for notes.

Each test drives ``civcheck assess`` as a clerk does — piped (a scripted
run) or in a real pseudo-terminal (pexpect) — and reads back what the
answers file recorded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from civcheck.answers_file import this_month
from civcheck.batch import score_file
from civcheck.catalog import Catalog
from civcheck.model import Answer

HERE = Path(__file__).parent
MINI = HERE / "data" / "checklists"
GOOD = HERE / "data" / "good.yaml"  # mini, site s1 with live poultry, round 2026-07: M-1.1 found 1 ... M-2.3 good


def civcheck(cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "civcheck", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, timeout=60)  # fmt: skip


def mini(cwd: Path, *args: str, stdin: str = "", lang: str = "en") -> subprocess.CompletedProcess[str]:
    return civcheck(cwd, "assess", "mini", "--site", "s1", "--checklists", str(MINI), "--lang", lang, *args,
                    stdin=stdin)  # fmt: skip


def answers_in(path: Path, checklists: Path = MINI) -> dict[str, Answer]:
    result = score_file(path, Catalog.discover([checklists], env=""))
    assert result is not None
    return dict(result.assessment.answers)


def terminal(cwd: Path, *args: str, lang: str = "zh") -> pexpect.spawn:
    env = {**os.environ, "COLUMNS": "80", "LINES": "40", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    return pexpect.spawn(sys.executable, ["-m", "civcheck", "assess", *args, "--lang", lang], env=env,
                         encoding="utf-8", timeout=30, dimensions=(40, 80), cwd=str(cwd))  # fmt: skip


def jpeg(path: Path) -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 6), (30, 90, 160)).save(path, "JPEG")
    return path


# --- rounds ------------------------------------------------------------------


def test_a_file_of_another_round_is_refused_naming_both_rounds(tmp_path: Path) -> None:
    september = tmp_path / "s1--mini.yaml"
    september.write_bytes(GOOD.read_bytes())  # round 2026-07
    proc = mini(tmp_path, "--round", "2026-10", "--out", str(september), stdin="q\n")
    assert proc.returncode == 2
    assert "holds the 2026-07 round and this self-check is 2026-10" in proc.stderr
    assert "--from" in proc.stderr and "Traceback" not in proc.stderr
    assert september.read_bytes() == GOOD.read_bytes()  # not touched


def test_the_default_file_carries_the_round_and_never_resumes_another(tmp_path: Path) -> None:
    (tmp_path / "s1--mini.yaml").write_bytes(GOOD.read_bytes())  # last round's file, under the old default name
    proc = mini(tmp_path, "--round", "2026-10", "--attr", "has_live_poultry=false", stdin="q\n")
    assert proc.returncode == 1, proc.stderr  # quit with every item open
    assert "Resuming" not in proc.stdout
    assert "Round: 2026-10\n" in proc.stdout
    assert "Other answers files for this site and checklist: s1--mini.yaml" in proc.stdout
    new = tmp_path / "s1--mini--2026-10.yaml"
    assert answers_in(new) == {}
    assert "round: 2026-10\n" in new.read_text(encoding="utf-8")
    assert (tmp_path / "s1--mini.yaml").read_bytes() == GOOD.read_bytes()


def test_without_round_the_current_month_is_recorded_and_said(tmp_path: Path) -> None:
    proc = mini(tmp_path, "--attr", "has_live_poultry=false", stdin="0\n")
    month = this_month()
    assert f"Round: {month} (no --round given: this month)" in proc.stdout
    new = tmp_path / f"s1--mini--{month}.yaml"
    result = score_file(new, Catalog.discover([MINI], env=""))
    assert result is not None and result.assessment.round == month
    assert f"--round {month} --out s1--mini--{month}.yaml" in proc.stdout  # the resume command names the round
    # a file whose round was never recorded gets one, and says so
    old = tmp_path / "old.yaml"
    old.write_text(GOOD.read_text(encoding="utf-8").replace('round: "2026-07"\n', ""), encoding="utf-8")
    proc = mini(tmp_path, "--out", str(old), stdin="q\n")
    assert f"Round: {month} (the answers file recorded none; {month} is recorded now)" in proc.stdout
    assert f"round: {month}" in old.read_text(encoding="utf-8").split("answers:")[0]  # in the header, not at the end


def test_from_offers_last_rounds_answers_one_by_one(tmp_path: Path) -> None:
    last = tmp_path / "s1--mini--2026-07.yaml"
    text = GOOD.read_text(encoding="utf-8").replace("M-1.2: pass", "M-1.2: {status: fail, evidence: [a.jpg]}")
    text = text.replace(
        "M-1.1: {found: 1, note: 东街一处坑洼}", "M-1.1: {found: 1, note: 东街一处坑洼, evidence: [b.jpg]}"
    )
    last.write_text(text, encoding="utf-8")
    # Enter keeps M-1.1 (found 1, its note offered too), M-1.2 is answered anew, Enter keeps M-2.1, M-2.2
    proc = mini(tmp_path, "--round", "2026-08", "--from", str(last), stdin="\ny\n\n\n3\n")
    assert proc.returncode == 0, proc.stderr
    assert "Starting from" in proc.stdout and "(2026-07)" in proc.stdout
    assert "Last round (2026-07): 1 problem found (东街一处坑洼). Enter keeps it" in proc.stdout
    assert proc.stdout.count("(kept from 2026-07)") == 3
    new = tmp_path / "s1--mini--2026-08.yaml"
    assert answers_in(new) == {
        "M-1.1": Answer("M-1.1", found=1, note="东街一处坑洼"),  # kept, but not last round's photo
        "M-1.2": Answer("M-1.2", status="pass"),
        "M-2.1": Answer("M-2.1", status="pass"),
        "M-2.2": Answer("M-2.2", status="fail"),
        "M-2.3": Answer("M-2.3", level="fair"),
    }
    assert score_file(new, Catalog.discover([MINI], env="")).assessment.site.attributes == {"has_live_poultry": True}
    assert last.read_text(encoding="utf-8") == text  # last round's file is read, never written


def test_from_never_keeps_an_answer_silently(tmp_path: Path) -> None:
    last = tmp_path / "last.yaml"
    last.write_bytes(GOOD.read_bytes())
    proc = mini(tmp_path, "--round", "2026-08", "--from", str(last), stdin="\nq\n")
    assert proc.returncode == 1
    new = tmp_path / "s1--mini--2026-08.yaml"
    assert answers_in(new) == {"M-1.1": Answer("M-1.1", found=1, note="东街一处坑洼")}  # only what was confirmed
    assert "--from" in proc.stdout.splitlines()[-1]  # resuming keeps offering last round's answers
    # the same round, or the file itself, is no starting point
    proc = mini(tmp_path, "--round", "2026-07", "--from", str(last), "--out", str(tmp_path / "x.yaml"))
    assert proc.returncode == 2 and "is of this round (2026-07) too" in proc.stderr
    proc = mini(tmp_path, "--round", "2026-08", "--from", str(new), "--out", str(new))
    assert proc.returncode == 2 and "names the answers file itself" in proc.stderr


def test_from_drops_answers_the_new_checklist_version_no_longer_takes(tmp_path: Path) -> None:
    v2 = tmp_path / "v2"
    v2.mkdir()
    text = (MINI / "mini.yaml").read_text(encoding="utf-8").replace('version: "1"', 'version: "2"')
    text = text.replace(
        "      - id: M-2.3\n        text: {zh: 公厕清洁, en: Toilet cleanliness}\n        kind: grade",
        "      - id: M-2.3\n        text: {zh: 公厕清洁, en: Toilet cleanliness}\n        kind: check",
    )
    (v2 / "mini.yaml").write_text(text, encoding="utf-8")
    last = tmp_path / "last.yaml"
    last.write_bytes(GOOD.read_bytes())
    proc = civcheck(tmp_path, "assess", "mini", "--site", "s1", "--checklists", str(MINI), "--checklists", str(v2),
                    "--round", "2026-08", "--from", str(last), "--lang", "en", stdin="\n\n\n\n\n")  # fmt: skip
    assert "last round's answers to M-2.3 no longer fit and are not offered" in " ".join(proc.stdout.split())
    assert proc.returncode == 2  # the fifth line is empty and M-2.3 has nothing to keep
    assert '<stdin>:5: M-2.3: "" is not an answer.' in proc.stderr


def test_at_a_terminal_a_carried_answer_is_shown_and_confirmed(tmp_path: Path) -> None:
    last = tmp_path / "last.yaml"
    last.write_bytes(GOOD.read_bytes())
    child = terminal(tmp_path, "mini", "--site", "s1", "--checklists", str(MINI), "--round", "2026-08", "--from",
                     str(last))  # fmt: skip
    child.expect("上轮（2026-07）：发现问题 1 处（东街一处坑洼） — 回车沿用，或输入本轮答案")
    child.expect("> ")
    child.sendline("")
    child.expect(r"已记录 M-1.1：发现问题 1 处，扣 2 分（沿用 2026-07 轮）")
    child.expect("问题描述（回车沿用上轮“东街一处坑洼”）：")
    child.sendline("东街坑洼仍未修补")
    child.expect("证据照片路径")
    child.sendline("")
    child.expect("M-1.2")
    child.expect("> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert answers_in(tmp_path / "s1--mini--2026-08.yaml") == {
        "M-1.1": Answer("M-1.1", found=1, note="东街坑洼仍未修补")
    }


# --- attributes that decide which items are asked -------------------------------


def test_at_a_terminal_an_undeclared_attribute_is_asked_first_in_the_checklists_words(tmp_path: Path) -> None:
    child = terminal(tmp_path, "farmers-market", "--site", "mkt3", "--round", "2026-10")
    child.expect(r"本市场是否经营活禽？（决定 FM-2.1、FM-2.2 是否适用） > ")
    child.sendline("有问题")
    child.expect("请回答 是（y）或 否（n）。")
    child.sendline("是")
    child.expect("已记录：是否销售活禽 = 是")
    child.expect(r"\[1/30\] ")  # FM-2.1 and FM-2.2 are asked: 30 items, not 28
    child.expect("> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    saved = (tmp_path / "mkt3--farmers-market--2026-10.yaml").read_text(encoding="utf-8")
    assert "attributes: {has_live_poultry: true}" in saved


def test_piped_a_missing_attribute_stops_the_run_naming_it(tmp_path: Path) -> None:
    proc = civcheck(tmp_path, "assess", "farmers-market", "--site", "mkt3", "--round", "2026-10", "--lang", "en",
                    stdin="y\n")  # fmt: skip
    assert proc.returncode == 2
    assert "has_live_poultry" in proc.stderr and "FM-2.1, FM-2.2" in proc.stderr and "--attr" in proc.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_score_says_which_items_an_undeclared_attribute_left_out(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(GOOD.read_text(encoding="utf-8").replace(", attributes: {has_live_poultry: true}", ""),
                    encoding="utf-8")  # fmt: skip
    proc = civcheck(tmp_path, "score", str(path), "--checklists", str(MINI), "--lang", "en")
    assert proc.returncode == 0
    assert f"{path}:4:" in proc.stderr
    assert "M-2.2 not scored: the site does not state has_live_poultry (Sells live poultry)" in proc.stderr
    proc = civcheck(tmp_path, "report", str(path), "--checklists", str(MINI), "--lang", "zh")
    assert "M-2.2 未计分：点位未说明 has_live_poultry（是否销售活禽）" in proc.stderr


# --- answers that end up as notes and photos -----------------------------------


def test_a_plain_list_of_answers_is_recorded_as_answers_or_refused_at_its_line(tmp_path: Path) -> None:
    """The scripted run that once stored the note "达标" and shifted every later answer by two items."""
    proc = civcheck(tmp_path, "assess", "market-town", "--site", "t1", "--round", "2026-10", "--attr",
                    "has_construction_site=false", "--attr", "has_market_day=true", "--lang", "zh",
                    stdin="0\n不达标\n达标\n达标\n")  # fmt: skip
    assert proc.returncode == 2
    # MT-1.3 counts problems: 达标 is no count, and the run stops at that line
    assert proc.stderr.startswith("<stdin>:3: MT-1.3：“达标”不是有效答案。“达标”不是处数")
    result = score_file(tmp_path / "t1--market-town--2026-10.yaml", Catalog.discover([], env=""))
    assert result is not None
    assert result.assessment.answers == {"MT-1.1": Answer("MT-1.1", found=0), "MT-1.2": Answer("MT-1.2", status="fail")}


def test_a_note_without_its_bar_is_refused_with_the_way_to_write_it(tmp_path: Path) -> None:
    proc = mini(tmp_path, "--attr", "has_live_poultry=false", stdin="0\n不达标 东门无标志\n")
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[0] == (
        '<stdin>:2: M-1.2: "不达标 东门无标志" is not an answer. '
        'a note and photos follow the answer after "|", e.g. 不达标 | 东门无标志'
    )
    proc = mini(tmp_path, "--attr", "has_live_poultry=false", "--out", "b.yaml", stdin="1 | y\n")
    assert proc.returncode == 2
    assert '<stdin>:1: M-1.1: "1 | y" was not recorded: "y" is an answer word, not a note' in proc.stderr
    assert answers_in(tmp_path / "b.yaml") == {}


def test_at_a_terminal_an_answer_word_is_no_note_and_no_photo(tmp_path: Path) -> None:
    jpeg(tmp_path / "photos" / "m1.jpg")
    child = terminal(tmp_path, "mini", "--site", "s1", "--checklists", str(MINI), "--attr", "has_live_poultry=false",
                     "--round", "2026-10")  # fmt: skip
    child.expect("M-1.1")
    child.expect("> ")
    child.sendline("1")
    child.expect("问题描述")
    child.sendline("y")  # the clerk answering the next item too early
    child.expect("“y”是答案用词，不是问题描述或照片路径")
    child.sendline("东门坑洼")
    child.expect("证据照片路径")
    child.sendline("良")
    child.expect("“良”是答案用词")
    child.sendline("photos/m1.jpq")  # a typo
    child.expect("照片 photos/m1.jpq：照片不存在（路径相对于答卷所在文件夹）")
    child.sendline(str(tmp_path / "photos" / "m1.jpg"))  # dragged into the console: an absolute path
    child.expect("M-1.2")
    child.expect("> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    out = tmp_path / "s1--mini--2026-10.yaml"
    assert answers_in(out) == {"M-1.1": Answer("M-1.1", found=1, note="东门坑洼", evidence=("photos/m1.jpg",))}


def test_piped_photos_must_exist(tmp_path: Path) -> None:
    jpeg(tmp_path / "p" / "a.jpg")
    proc = mini(tmp_path, "--attr", "has_live_poultry=false", stdin="2 | 东门 | p/a.jpg, p/b.jpg\n")
    assert proc.returncode == 2
    assert '<stdin>:1: M-1.1: "2 | 东门 | p/a.jpg, p/b.jpg" was not recorded: photo p/b.jpg: no such photo' in (
        proc.stderr
    )
    proc = mini(tmp_path, "--attr", "has_live_poultry=false", "--out", "b.yaml", stdin="2 | 东门 | p/a.jpg，p/a.jpg\n")
    assert answers_in(tmp_path / "b.yaml") == {
        "M-1.1": Answer("M-1.1", found=2, note="东门", evidence=("p/a.jpg", "p/a.jpg"))
    }


def test_review_shows_photos_and_lets_them_be_removed_or_replaced(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        jpeg(tmp_path / "p" / f"{name}.jpg")
    out = tmp_path / "r.yaml"
    text = GOOD.read_text(encoding="utf-8").replace(
        "M-1.1: {found: 1, note: 东街一处坑洼}",
        "M-1.1: {found: 1, note: 东街一处坑洼, evidence: [p/a.jpg, p/gone.jpg]}",
    )
    out.write_text(text, encoding="utf-8")
    child = terminal(out.parent, "mini", "--site", "s1", "--checklists", str(MINI), "--out", str(out), "--review")
    child.expect("M-1.1")
    child.expect(r"1\) p/a.jpg")
    child.expect(r"2\) p/gone.jpg（文件不存在）")
    child.expect("> ")
    child.sendline("")  # keep the answer: its photos are offered for changes
    child.expect("照片（回车保留")
    child.sendline("删除 2")
    child.expect("照片已更新，现有 1 张。")
    child.expect("照片（回车保留")
    child.sendline("+ p/b.jpg")
    child.expect("现有 2 张")
    child.expect("照片（回车保留")
    child.sendline("删除 5")
    child.expect("没有第 5 张照片（共 2 张）")
    child.sendline("")
    child.expect("M-1.2")
    child.expect("> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert answers_in(out)["M-1.1"].evidence == ("p/a.jpg", "p/b.jpg")
    child = terminal(out.parent, "mini", "--site", "s1", "--checklists", str(MINI), "--out", str(out), "--review")
    child.expect("M-1.1")
    child.expect("> ")
    child.sendline("")
    child.expect("照片（回车保留")
    child.sendline("p/c.jpg")  # replaces both
    child.expect("现有 1 张")
    child.sendline("清空")
    child.expect("现有 0 张")
    child.expect("M-1.2")
    child.expect("> ")
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    assert answers_in(out)["M-1.1"].evidence == ()


# --- leaving an item for later, and the words clerks use -------------------------


def test_skip_leaves_an_item_open_without_quitting(tmp_path: Path) -> None:
    child = terminal(tmp_path, "mini", "--site", "s1", "--checklists", str(MINI), "--attr", "has_live_poultry=false",
                     "--round", "2026-10")  # fmt: skip
    child.expect("M-1.1")
    child.expect("> ")
    child.sendline("跳过")
    child.expect("已跳过 M-1.1，稍后再答。")
    for item_id, line in (("M-1.2", "y"), ("M-2.1", "y"), ("M-2.3", "良好")):
        child.expect(item_id)
        child.expect("> ")
        child.sendline(line)
    child.expect("已记录 M-2.3：良")
    child.expect("问题描述")
    child.sendline("跳过")  # at the note prompt: no note, never the note "跳过"
    child.expect("证据照片路径")
    child.sendline("")
    child.expect("跳过未答 1 项：M-1.1；再次运行即从这些条目继续。")
    child.expect("还有 1 项未答。")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    out = tmp_path / "s1--mini--2026-10.yaml"
    assert answers_in(out) == {"M-1.2": Answer("M-1.2", status="pass"), "M-2.1": Answer("M-2.1", status="pass"),
                               "M-2.3": Answer("M-2.3", level="good")}  # fmt: skip
    proc = mini(tmp_path, "--round", "2026-10", stdin="s\n")  # piped, skip is a line of its own too
    assert proc.returncode == 1
    assert "Skipped M-1.1; it stays open." in proc.stdout


@pytest.mark.parametrize(
    ("typed", "level"), [("良好", "good"), ("优秀", "excellent"), ("中等", "fair"), ("较差", "poor")]
)
def test_the_long_names_of_the_levels_are_understood(tmp_path: Path, typed: str, level: str) -> None:
    proc = mini(tmp_path, "--attr", "has_live_poultry=false", stdin=f"0\ny\ny\n{typed}\n")
    assert proc.returncode == 0, proc.stderr
    assert answers_in(tmp_path / f"s1--mini--{this_month()}.yaml")["M-2.3"] == Answer("M-2.3", level=level)
