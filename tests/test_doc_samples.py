"""Every sample of civcheck's output in README.md and docs/*.md is what the command prints today.

A sample is a ``console`` block: ``$ civcheck …`` (a trailing ``\\`` continues
the command on the next line) and, below it, what it prints, stdout and
stderr as one terminal shows them.  Each command line runs as a shell runs
it (a variable set before it, a pipe into ``jq``, ``> /dev/null``) in a
terminal 80 columns wide (a pty, NO_COLOR), in Chinese unless the command
says otherwise (``--lang en``), from the repository's root with the bundled
checklists and the example township — or, when it writes files, in a
temporary folder where the repository's files are at hand.  A line ``...``
stands for any number of lines and ``...`` within a line for any text, so
samples stay short.  A sample that is wrong fails with the doc, its line
and a diff.

An HTML comment right above a block gives what the run needs beyond that::

    <!-- sample
    file: bad.yaml = the yaml block above     (that file, in the temporary folder)
    setup: filled-village-forms               (a function below prepares the folder)
    typed: y | 两处 | q                        (what is typed at the prompts, in order)
    -->

Typed text (never empty) is sent once its prompt — the text before it on
its line in the sample — has appeared, so a session reads as it does at a
terminal.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import shlex
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
WIDTH, HEIGHT = 80, 50

WRITERS = {"assess", "template", "import"}  # commands that write into the folder they run in
OUTPUTS = {"-o", "--output", "--out"}


@dataclass
class Command:
    """One ``$ civcheck …`` of a sample and the lines the doc shows it printing."""

    line: int
    text: str
    output_line: int  # the doc's line of the first line it shows printed
    expected: list[str] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        """The command's words, variables set before it left out; it must be civcheck's."""
        words = shlex.split(self.text)
        while words and re.match(r"^[A-Z_]+=", words[0]):
            words.pop(0)
        assert words[:1] == ["civcheck"], f"line {self.line}: a sample runs civcheck, not {words[:1]}"
        return words

    @property
    def programs(self) -> list[str]:
        """The other programs its output is piped into (jq, head)."""
        words = self.words
        return [words[n + 1] for n, word in enumerate(words[:-1]) if word == "|"]

    @property
    def writes(self) -> bool:
        words = self.words
        redirected = [words[n + 1] for n, word in enumerate(words[:-1]) if word in (">", "2>", ">>")]
        return bool(WRITERS & set(words[1:2]) or OUTPUTS & set(words)) or any(p != "/dev/null" for p in redirected)


@dataclass
class Sample:
    """A console block: its doc and fence line, its commands, and what its comment asks for."""

    doc: str
    line: int
    commands: list[Command]
    files: dict[str, str] = field(default_factory=dict)
    setup: str = ""
    typed: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}"

    @property
    def writes(self) -> bool:
        return bool(self.files or self.setup or any(c.writes for c in self.commands))


def parse(text: str, doc: str) -> list[Sample]:
    """The console blocks of a Markdown text."""
    lines = text.splitlines()
    samples: list[Sample] = []
    yaml_above = ""
    n = 0
    while n < len(lines):
        fence = lines[n].strip()
        if fence.startswith("```yaml"):
            end = lines.index("```", n + 1)
            yaml_above = "\n".join(lines[n + 1 : end]) + "\n"
            n = end + 1
            continue
        if fence != "```console":
            n += 1
            continue
        sample = Sample(doc, n + 1, [])
        _directives(sample, lines, n, yaml_above)
        n += 1
        while lines[n] != "```":
            if lines[n].startswith("$ "):
                start, words = n, lines[n][2:]
                while words.endswith("\\"):
                    n += 1
                    words = words[:-1] + " " + lines[n].strip()
                sample.commands.append(Command(start + 1, words, n + 2))
            else:
                assert sample.commands, f"{doc}:{n + 1}: a console sample starts with `$ civcheck …`"
                sample.commands[-1].expected.append(lines[n])
            n += 1
        samples.append(sample)
        n += 1
    return samples


def _directives(sample: Sample, lines: list[str], fence: int, yaml_above: str) -> None:
    """Read the ``<!-- sample … -->`` comment that ends on the line above the fence, if there is one."""
    if fence == 0 or lines[fence - 1].strip() != "-->":
        return
    start = max(n for n in range(fence) if lines[n].startswith("<!-- sample"))
    for line in lines[start + 1 : fence - 1]:
        key, _, value = (part.strip() for part in line.partition(":"))
        if key == "file":
            name, _, source = (part.strip() for part in value.partition("="))
            assert source == "the yaml block above", f"{sample.doc}:{start + 1}: unknown file source {source!r}"
            sample.files[name] = yaml_above
        elif key == "setup":
            sample.setup = value
        elif key == "typed":
            sample.typed = [word.strip() for word in value.split("|")]
            assert all(sample.typed), f"{sample.doc}:{start + 1}: typed text cannot be empty"
        else:
            raise AssertionError(f"{sample.doc}:{start + 1}: unknown sample directive {key!r}")


def every_sample() -> list[Sample]:
    found = []
    for path in DOCS:
        found += parse(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    return found


# --------------------------------------------------------------------------
# comparing


def _pattern(line: str) -> re.Pattern[str]:
    return re.compile(".*?".join(re.escape(part) for part in line.rstrip().split("...")))


def first_mismatch(expected: list[str], actual: list[str]) -> int | None:
    """None when *actual* is what *expected* shows (a line ``...`` is any lines, ``...`` in a line any text);
    else the index of the first shown line that cannot be matched (``len(expected)``: more was printed)."""
    patterns = [None if line.strip() == "..." else _pattern(line) for line in expected]
    seen: dict[tuple[int, int], bool] = {}
    reached = [0]

    def walk(i: int, j: int) -> bool:
        if (i, j) not in seen:
            reached[0] = max(reached[0], i)
            pattern = patterns[i] if i < len(patterns) else None
            if i == len(patterns):
                seen[i, j] = j == len(actual)
            elif pattern is None:
                seen[i, j] = walk(i + 1, j) or (j < len(actual) and walk(i, j + 1))
            else:
                seen[i, j] = j < len(actual) and bool(pattern.fullmatch(actual[j])) and walk(i + 1, j + 1)
        return seen[i, j]

    return None if walk(0, 0) else reached[0]


def matches(expected: list[str], actual: list[str]) -> bool:
    return first_mismatch(expected, actual) is None


def screen(raw: str) -> list[str]:
    """Terminal output as the screen keeps it: a carriage return writes over its line, trailing blanks go."""
    lines = []
    for line in raw.replace("\r\n", "\n").split("\n"):
        cells: list[str] = []
        for segment in line.split("\r"):
            cells[: len(segment)] = segment
        lines.append("".join(cells).rstrip().lstrip("\ufeff"))  # a CSV's byte-order mark shows as nothing
    while lines and not lines[-1]:
        lines.pop()
    return lines


def trimmed(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def mismatch(sample: Sample, command: Command, actual: list[str]) -> str:
    """A failure a person can act on: where the sample is, the first line that is not printed, and a diff."""
    shown = trimmed(command.expected)
    first = first_mismatch(shown, actual)
    where = (f"{sample.doc}:{command.output_line + first}: {shown[first]!r} is not printed there"
             if first is not None and first < len(shown) else "more is printed than the sample shows")  # fmt: skip
    diff = difflib.unified_diff(shown, actual, f"{sample.doc}:{command.output_line} (as shown)", "as printed now",
                                lineterm="", n=2)  # fmt: skip
    return f"{sample.doc}:{command.line}: `$ {command.text}` prints something else\n{where}\n" + "\n".join(diff)


# --------------------------------------------------------------------------
# running


def environment(bin_dir: Path) -> dict[str, str]:
    """A plain terminal: no language chosen (so Chinese), no CI, civcheck on the PATH as this checkout's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CIVCHECK_", "GITHUB_", "LC_", "LANG"))}
    env.pop("CI", None)
    bin_dir.mkdir(exist_ok=True)
    shim = bin_dir / "civcheck"
    # the console script as pip writes it: the program calls itself "civcheck" in its usage lines
    shim.write_text(
        f"#!{sys.executable}\nimport sys\nfrom civcheck.__main__ import main\nsys.exit(main())\n", encoding="utf-8"
    )
    shim.chmod(0o755)
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "COLUMNS": str(WIDTH),
            "LINES": str(HEIGHT), "NO_COLOR": "1", "TERM": "xterm", "LANG": "C.UTF-8",
            "PYTHONIOENCODING": "utf-8"}  # fmt: skip


def prompts(command: Command, typed: list[str]) -> list[tuple[str, str]]:
    """The texts typed during *command* (taken from the front of *typed*), each with the prompt it answers."""
    answers: list[tuple[str, str]] = []
    shown = [line.rstrip() for line in command.expected]
    at = 0
    while typed:
        found = next((n for n in range(at, len(shown)) if shown[n].endswith(typed[0])), None)
        if found is None:
            break
        text = typed.pop(0)
        answers.append((shown[found][: -len(text)], text))
        at = found + 1
    return answers


def run(command: Command, cwd: Path, answers: list[tuple[str, str]], bin_dir: Path) -> list[str]:
    """The command line in a pty of 80 columns, each answer typed at its prompt; the screen's lines."""
    import pexpect

    child = pexpect.spawn("bash", ["-c", command.text], cwd=str(cwd), env=environment(bin_dir), encoding="utf-8",
                          timeout=60, dimensions=(HEIGHT, WIDTH))  # fmt: skip
    child.logfile_read = log = io.StringIO()
    for prompt, text in answers:
        child.expect_exact(prompt)
        child.sendline(text)
    child.expect(pexpect.EOF)
    child.close()
    return screen(log.getvalue())


def run_sample(sample: Sample, tmp_path: Path) -> list[tuple[Command, list[str]]]:
    cwd = ROOT
    if sample.writes:
        cwd = tmp_path / "work"
        cwd.mkdir()
        for entry in ROOT.iterdir():  # the repository's files at hand, by the names the docs use
            if not entry.name.startswith("."):
                (cwd / entry.name).symlink_to(entry)
        for name, content in sample.files.items():
            (cwd / name).parent.mkdir(parents=True, exist_ok=True)
            (cwd / name).write_text(content, encoding="utf-8")
        if sample.setup:
            SETUPS[sample.setup](cwd)
    typed = list(sample.typed)
    outputs = [(command, run(command, cwd, prompts(command, typed), tmp_path / "bin")) for command in sample.commands]
    assert typed == [], f"{sample.id}: no prompt in the sample is answered {typed[0]!r}"
    return outputs


# --------------------------------------------------------------------------
# what some samples need first


def filled_village_forms(folder: Path) -> None:
    """检查表-村.xlsx as docs/forms.md shows it imported: 兴隆村 with three bad cells, 河西村 without its site ID."""
    from openpyxl import load_workbook
    from typer.testing import CliRunner

    from civcheck.cli import app

    form = folder / "检查表-村.xlsx"
    result = CliRunner().invoke(app, ["template", "village-ring", "--sites", "examples/chengjiao/sites.yaml",
                                      "--round", "2026-08", "--output", str(form)])  # fmt: skip
    assert result.exit_code == 0, result.output
    book = load_workbook(form)
    bad = {"VR-1.1": "好", "VR-1.2": 2.5, "VR-5.1": "不适用"}
    for name in ("兴隆村", "河西村", "东坡村"):
        ws = book[name]
        for row in range(9, ws.max_row + 1):
            item, kind = ws.cell(row, 1).value, str(ws.cell(row, 4).value or "")
            if item:
                usual = "达标" if kind.startswith("检查") else 0 if kind.startswith("扣分") else "优"
                ws.cell(row, 5).value = bad.get(item, usual) if name == "兴隆村" else usual
    book["河西村"]["B3"] = None
    book.save(form)


def a_market_photo(cwd: Path) -> None:
    """The photo the README's self-check names: a path typed at the photo prompt must be found."""
    from PIL import Image

    (cwd / "photos").mkdir(exist_ok=True)
    Image.new("RGB", (8, 6), (120, 120, 120)).save(cwd / "photos" / "fm-1.jpg", "JPEG")


SETUPS: dict[str, Callable[[Path], None]] = {
    "filled-village-forms": filled_village_forms,
    "a-market-photo": a_market_photo,
}


# --------------------------------------------------------------------------
# the samples


SAMPLES = every_sample()


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.id for s in SAMPLES])
def test_the_sample_is_what_the_command_prints(sample: Sample, tmp_path: Path) -> None:
    missing = sorted({p for c in sample.commands for p in c.programs if shutil.which(p) is None})
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed: the sample at {sample.id} is not run (.ci/run installs it)")
    for command, actual in run_sample(sample, tmp_path):
        if not matches(command.expected, actual):
            pytest.fail(mismatch(sample, command, actual), pytrace=False)


def test_the_docs_samples_are_found() -> None:
    """Each doc that shows civcheck's output does it in console samples, all of them found and run here."""
    docs = {s.doc for s in SAMPLES}
    assert docs >= {"README.md", "docs/checklists.md", "docs/formats.md", "docs/forms.md", "docs/lint.md"}, docs
    assert len(SAMPLES) >= 20 and all(s.commands and all(c.expected for c in s.commands) for s in SAMPLES)
    for path in DOCS:  # a command with its output in another kind of block would go unchecked
        blocks = re.findall(r"^```(\w*)\n(.*?)^```", path.read_text(encoding="utf-8"), re.S | re.M)
        unchecked = [kind for kind, body in blocks if kind != "console" and re.search(r"^\$ civcheck", body, re.M)]
        assert unchecked == [], f"{path.name}: a `$ civcheck` sample outside a console block"


# --------------------------------------------------------------------------
# the mechanism itself


def test_an_elision_matches_any_lines_and_any_text_but_nothing_else() -> None:
    shown = ["# Report: 河西村", "...", "- **Score**: 79.40 (...)", "..."]
    assert matches(shown, ["# Report: 河西村", "- **Score**: 79.40 (79.4/100)"])
    assert matches(shown, ["# Report: 河西村", "a", "b", "- **Score**: 79.40 (79.4/100)", "c"])
    assert not matches(shown, ["# Report: 河西村", "- **Score**: 84.47 (71.8/85)"])
    assert not matches(shown, ["# Report: 兴隆村", "- **Score**: 79.40 (79.4/100)"])
    assert not matches(["a", "b"], ["a", "b", "c"])  # no elision at the end: nothing more may follow
    assert not matches(["a.b"], ["aXb"])  # the rest of a line is matched as written
    assert first_mismatch(["a", "...", "c", "d"], ["a", "b", "c", "x"]) == 3  # where the sample stops being true
    assert first_mismatch(["a"], ["a", "b"]) == 1
    assert screen("\ufeffa,b\r\n\r评分 3/26\r        \rdone  \r\n\r\n") == ["a,b", "done"]


def test_a_wrong_sample_fails_naming_its_doc_and_line(tmp_path: Path) -> None:
    doc = (
        "Some prose.\n\n```console\n$ civcheck score tests/corpus/answers/unknown_item.yaml \\\n"
        "      --checklists tests/data/checklists --lang en\n"
        'tests/corpus/answers/unknown_item.yaml:8:3: checklist mini has no item "M-9.8"\n...\n```\n'
    )
    (sample,) = parse(doc, "docs/x.md")
    assert (sample.line, sample.writes, sample.commands[0].line) == (3, False, 4)
    assert sample.commands[0].words[-2:] == ["--lang", "en"]
    ((command, actual),) = run_sample(sample, tmp_path)
    assert not matches(command.expected, actual)
    message = mismatch(sample, command, actual)
    assert message.startswith("docs/x.md:4: `$ civcheck score tests/corpus/answers/unknown_item.yaml")
    assert (
        """docs/x.md:6: 'tests/corpus/answers/unknown_item.yaml:8:3: checklist mini has no item "M-9.8"' is not """
        "printed there" in message
    )
    assert '-tests/corpus/answers/unknown_item.yaml:8:3: checklist mini has no item "M-9.8"' in message
    assert '+tests/corpus/answers/unknown_item.yaml:8:3: checklist mini has no item "M-9.9"' in message


def test_a_session_is_typed_at_its_prompts_in_a_folder_of_its_own(tmp_path: Path) -> None:
    doc = """
<!-- sample
typed: 0 | y | q
-->
```console
$ civcheck assess mini --site s1 --round 2026-09 --attr has_live_poultry=false --checklists tests/data/checklists --lang en
...
> 0
Recorded M-1.1: no problem found
...
> y
Recorded M-1.2: pass
...
> q

Saved: s1--mini--2026-09.yaml
...
```
"""
    (sample,) = parse(doc, "docs/x.md")
    assert sample.writes and sample.typed == ["0", "y", "q"]
    ((command, actual),) = run_sample(sample, tmp_path)
    assert matches(command.expected, actual), mismatch(sample, command, actual)
    saved = (tmp_path / "work" / "s1--mini--2026-09.yaml").read_text(encoding="utf-8")
    assert "M-1.1: 0" in saved and "M-1.2: pass" in saved
    assert not (ROOT / "s1--mini--2026-09.yaml").exists()
