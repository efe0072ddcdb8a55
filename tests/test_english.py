"""English output is English: every command, every format, on a township whose data holds no Chinese.

The example township is copied with every run of Chinese in its files
replaced by an ASCII token (``Z1a2b3c``), so whatever Chinese an English run
still prints — a 、 joining headings, a word left untranslated, a （ — came
from civcheck's own labels.  The same outputs are scanned for counts that
disagree with their noun (``1 points each``, ``1 files with errors``) and for
the ``(s)`` that dodges the question.  A new message that regresses fails here.
"""

from __future__ import annotations

import re
import string
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from civcheck.cli import app
from civcheck.i18n import MESSAGES, join, t

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
CHINESE = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+")
RUN = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u00b7]+")  # · too, in data
# a 1 followed by a plural, or by a describing word and a plural: "1 points", "1 unfinished self-checks"
ONE = re.compile(r"(?<![\w.,/-])1 ([A-Za-z-]+)(?: ([A-Za-z-]+))?")
NOT_PLURAL = {"is", "was", "has", "does", "this", "its", "pass", "class", "status", "yes", "as", "less", "across",
              "lacks", "holds", "stands", "appears", "relies", "needs", "applies", "scores", "carries", "expects",
              "answers"}  # fmt: skip  # verbs after a count, and "answers file", the product's noun
DESCRIBING = {"more", "unfinished", "open", "new", "answers", "closed", "overdue", "failed", "passed", "vetoed"}


def plural_after_one(match: re.Match[str]) -> bool:
    first, second = match.group(1).lower(), (match.group(2) or "").lower()
    if first.endswith("s") and first not in NOT_PLURAL:
        return True
    return (first in DESCRIBING or "-" in first) and second.endswith("s") and second not in NOT_PLURAL


runner = CliRunner()


def plain(text: str) -> str:
    """Chinese runs in *text* replaced by ASCII tokens, the same run always by the same token."""
    return RUN.sub(lambda m: "Z" + format(zlib.crc32(m.group().encode()), "x")[:6], text)


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example township with no Chinese left in its answers, roster and approvals."""
    folder = tmp_path_factory.mktemp("town") / "chengjiao"
    for path in sorted(EXAMPLES.rglob("*")):
        target = folder / path.relative_to(EXAMPLES)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            continue
        if path.suffix == ".yaml":
            target.write_text(plain(path.read_text(encoding="utf-8")), encoding="utf-8")
        elif path.suffix != ".md":
            target.write_bytes(path.read_bytes())
    assert not any(CHINESE.search(p.read_text(encoding="utf-8")) for p in folder.rglob("*.yaml"))
    return folder


def wrong(text: str) -> list[str]:
    """What in *text* is not English: Chinese characters or marks, ``(s)``, a 1 with a plural noun."""
    found = [
        f"Chinese {m.group()!r} in …{text[max(0, m.start() - 40) : m.end() + 40]}…" for m in CHINESE.finditer(text)
    ]
    found += [f"(s) in …{text[max(0, m.start() - 40) : m.end() + 20]}…" for m in re.finditer(r"\(s\)", text)]
    found += [f"{m.group()!r}" for m in ONE.finditer(text) if plural_after_one(m)]
    return found


def cells(path: Path) -> str:
    """Every cell of a workbook's visible sheets, and their names, as text (a hidden sheet holds data for import)."""
    book = load_workbook(path, read_only=True)
    shown = [sheet for sheet in book.worksheets if sheet.sheet_state == "visible"]
    text = "\n".join(sheet.title for sheet in shown)
    for sheet in shown:
        for row in sheet.iter_rows(values_only=True):
            text += "\n" + "\t".join("" if v is None else str(v) for v in row)
    book.close()
    return text


def page(html: str) -> str:
    """An html page as it reads: its style sheet (comments for the maintainer) left out."""
    return re.sub(r"<style>.*?</style>", "", html, flags=re.DOTALL)


def runs(town: Path, out: Path) -> Iterator[tuple[str, list[str], Path | None]]:
    """(name, arguments, the file written or None) for every command and format on the township."""
    roster, approvals = str(town / "sites.yaml"), str(town / "approvals.yaml")
    july, august = str(town / "2026-07"), str(town / "2026-08")
    score = [str(town), "--sites", roster, "--group-by", "grid", "--red-black", "3", "--approvals", approvals,
             "--issuer", "Chengjiao office", "--no-progress"]  # fmt: skip
    for fmt in ("table", "json", "jsonl", "csv", "md"):
        yield f"score {fmt}", ["score", *score, "-f", fmt], None
    for fmt in ("xlsx", "html"):
        yield f"score {fmt}", ["score", *score, "-f", fmt, "-o", str(out / f"score.{fmt}")], out / f"score.{fmt}"
    yield "score all rounds", ["score", str(town), "--round", "all", "--no-progress", "--fail-under", "80"], None
    report = [str(town / "2026-08" / "city-road--route-corridor.yaml"), "--approvals", approvals]
    for fmt in ("table", "json", "csv", "md"):
        yield f"report {fmt}", ["report", *report, "-f", fmt], None
    yield "report html", ["report", *report, "-f", "html", "-o", str(out / "report.html")], out / "report.html"
    ledger = [july, "--sites", roster, "--today", "2026-07-20", "--no-progress"]
    for fmt in ("table", "json", "csv", "md"):
        yield f"ledger {fmt}", ["ledger", *ledger, "-f", fmt], None
    for fmt in ("xlsx", "html"):
        yield f"ledger {fmt}", ["ledger", *ledger, "-f", fmt, "-o", str(out / f"ledger.{fmt}")], out / f"ledger.{fmt}"
    yield "handouts", ["ledger", *ledger, "--by", "owner", "--soon", "7"], None
    yield "handouts xlsx", ["ledger", *ledger, "--by", "grid", "-f", "xlsx", "-o", str(out / "h.xlsx")], out / "h.xlsx"
    yield "due within", ["ledger", *ledger, "--due-within", "1"], None
    for fmt in ("table", "json", "csv", "md"):
        yield f"compare {fmt}", ["compare", july, august, "-f", fmt], None
    yield "compare xlsx", ["compare", july, august, "-f", "xlsx", "-o", str(out / "c.xlsx")], out / "c.xlsx"
    for fmt in ("table", "json", "junit", "github"):
        yield f"regress {fmt}", ["regress", str(town), "-f", fmt], None
    yield "checklists", ["checklists"], None
    yield "show", ["show", "route-corridor"], None
    yield "lint", ["lint", str(ROOT / "checklists")], None
    versions = []
    for source, name in ((ROOT / "checklists" / "archive" / "2026.07", "old.yaml"), (ROOT / "checklists", "new.yaml")):
        versions.append(out / name)  # the checklist's Chinese texts are data too: what a diff shows of them
        versions[-1].write_text(plain((source / "village-ring.yaml").read_text(encoding="utf-8")), encoding="utf-8")
    yield "diff", ["diff", *map(str, versions)], None
    yield "approvals check", ["approvals", "check", approvals, "--sites", roster, "--today", "2027-01-05"], None
    form = out / "form.xlsx"
    yield "template", ["template", "village-ring", "--sites", roster, "--round", "2026-09", "-o", str(form)], form
    yield "import", ["import", str(form), "--output", str(out / "imported")], None


def test_every_command_speaks_english_in_every_format(town: Path, tmp_path: Path) -> None:
    seen = 0
    for name, args, written in runs(town, tmp_path):
        result = runner.invoke(app, [*args, "--lang", "en"])
        assert result.exit_code in (0, 1), (name, result.exit_code, result.stderr, result.exception)
        text = result.stdout + "\n" + result.stderr
        if written is not None:
            assert written.exists(), name
            text += "\n" + (cells(written) if written.suffix == ".xlsx" else page(written.read_text(encoding="utf-8")))
        assert not wrong(text), (name, wrong(text)[:5])
        seen += 1
    assert seen == 38


def test_the_assessment_at_a_terminal_speaks_english(town: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    args = ["assess", "route-corridor", "--site", "dongpo", "--sites", str(town / "sites.yaml"), "--round", "2026-09",
            "--out", str(out), "--lang", "en"]  # fmt: skip
    result = runner.invoke(app, args, input="1\n")  # RC-1.1 (1 point per problem): one found, no note or photo
    assert result.exit_code == 1, result.stderr  # input ended before the last item
    text = result.stdout + result.stderr
    assert "Recorded RC-1.1: 1 problem found, 1 point lost" in text and "1 point each" in text, text[-2000:]
    assert "23 items still to answer" in text
    assert not wrong(text), wrong(text)[:5]


def test_every_english_message_agrees_with_a_count_of_one() -> None:
    """Each field of each English message set to 1 in turn: no ``1 files``, no ``(s)``, no Chinese mark."""
    _load_every_module()  # each feature adds its messages when its module is imported
    bad = []
    for key, (_, en) in MESSAGES.items():
        names = sorted({f.split(":")[0] for _, f, _, _ in string.Formatter().parse(en) if f})
        for name in names or [""]:
            text = t(key, "en", **{n: 1 if n == name else "X" for n in names})
            bad += [f"{key}: {problem}" for problem in wrong(text) if not problem.startswith("Chinese")]
        marks = re.findall(r"[\u3000-\u303f\uff00-\uffef]", en)
        if marks:
            bad.append(f"{key}: Chinese punctuation {marks} in {en!r}")
    assert not bad, "\n".join(bad)


def test_counts_and_lists_follow_the_language() -> None:
    MESSAGES["test.count"] = ("{n} 个文件，每处 {per} 分", "{n:file|files}, {per:point|points} each")
    try:
        assert t("test.count", "en", n=1, per="1") == "1 file, 1 point each"
        assert t("test.count", "en", n=2, per="0.5") == "2 files, 0.5 points each"
        assert t("test.count", "en", n=0, per="1.5") == "0 files, 1.5 points each"
        assert t("test.count", "zh", n=1, per="1") == "1 个文件，每处 1 分"
    finally:
        del MESSAGES["test.count"]
    assert join(["Township", "Grid"], "en") == "Township, Grid"
    assert join(["乡镇", "网格"], "zh") == "乡镇、网格"
    assert t("batch.no_round", "en", round="9", rounds=("2026-07", "2026-08")).endswith(
        "(rounds found: 2026-07, 2026-08)"
    )
    assert t("batch.no_round", "zh", round="9", rounds=("2026-07", "2026-08")).endswith("2026-07、2026-08）")


def _load_every_module() -> None:
    import importlib
    import pkgutil

    import civcheck

    for module in pkgutil.walk_packages(civcheck.__path__, "civcheck."):
        importlib.import_module(module.name)


def test_a_narrow_english_terminal_names_what_it_leaves_out_in_english(town: Path) -> None:
    """At 80 columns the ranking drops columns; the footnote lists them with commas, and says where the checklist is."""
    import os
    import sys

    import pexpect

    env = {**os.environ, "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", "CIVCHECK_LANG": "en"}
    env.pop("COLUMNS", None)
    score = ["score", str(town), "--round", "2026-08", "--no-progress"]
    compare = ["compare", str(town / "2026-07"), str(town / "2026-08")]
    for args, dropped in ((score, "Township, Grid, Checklist, Last round, Change, Not applicable, Gaps, Worst gap"),
                          (compare, "Checklist, Closed, New")):  # fmt: skip
        child = pexpect.spawn(sys.executable, ["-m", "civcheck", *args], env=env, encoding="utf-8", timeout=60,
                              dimensions=(60, 80))  # fmt: skip
        child.expect(pexpect.EOF)
        child.close()
        screen = (child.before or "").replace("\r\n", "\n")
        assert child.exitstatus == 0, screen
        assert not wrong(screen), wrong(screen)[:5]
        said = " ".join(screen.split())
        assert f"not shown: {dropped}, but a site on several rows has its Checklist in [brackets]" in said, said[-600:]
