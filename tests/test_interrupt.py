"""Ctrl-C during a long run, and the progress line that run shows: in a real terminal (a pty).

Every interrupted run is ``python -m civcheck`` over 400 generated answers files
of 150 items (bench/generate.py), with its output going to a file, so that what
the terminal shows is standard error alone.  The Ctrl-C is sent as a terminal
sends it (the interrupt character typed into the pty: SIGINT to the whole
process group, workers included) or to the main process alone, at a moment the
progress line itself names: while the files are found, mid-scan, in the step
after the scan, while the output is written.  Then: exit 130, exactly one line
on the screen saying so (in the run's language), no traceback, no process left
in the run's process group, no temporary file (``TMPDIR`` is the test's own,
empty folder; ``--output``'s folder holds nothing new), no output half-written.

No test here times anything: a moment is waited for (60 s at most) by reading
the progress line, and every step after a moment lasts long enough (the rest of
the scan, a ledger and a file written) for the signal to land in it.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
FILES = 400
LINE = {"zh": "civcheck: 已中断", "en": "civcheck: interrupted"}

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(),
    reason="/proc is not mounted: that Ctrl-C leaves no worker process behind is not checked",
)


@pytest.fixture(scope="module")
def township(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(checklists folder, answers folder): bench/generate.py's 150-item checklist and 400 answers files."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    return generate(tmp_path_factory.mktemp("township"), FILES, "yaml")


class Run:
    """One ``civcheck`` command in a pty of 24 x 120, with its own TMPDIR and output folder."""

    def __init__(self, tmp: Path, *args: str, lang: str = "zh") -> None:
        self.tmp = tmp / "tmp"
        self.out = tmp / "out"
        self.tmp.mkdir(parents=True)
        self.out.mkdir(exist_ok=True)
        env = {**os.environ, "TMPDIR": str(self.tmp), "CIVCHECK_LANG": lang, "PYTHONIOENCODING": "utf-8",
               "NO_COLOR": "1"}  # fmt: skip
        env.pop("COLUMNS", None)
        self.log = io.StringIO()
        self.child = pexpect.spawn(sys.executable, ["-m", "civcheck", *args], env=env, encoding="utf-8",
                                   timeout=60, dimensions=(24, 120), cwd=str(tmp))  # fmt: skip
        self.child.logfile_read = self.log

    def counted(self, at_least: int) -> tuple[int, int]:
        """Wait until the progress line has counted *at_least* files: (done, total) as shown."""
        while True:
            self.child.expect(r"评分 (\d+)/(\d+)|scoring (\d+)/(\d+)")
            done, total = (int(g) for g in self.child.match.groups() if g is not None)
            if done >= at_least:
                return done, total

    def group(self) -> list[int]:
        """The processes of the run's process group (the pty made the command its leader)."""
        return group_members(self.child.pid)

    def end(self) -> int:
        """Wait for the end (60 s at most); the exit status."""
        self.child.expect(pexpect.EOF, timeout=60)
        self.child.close()
        assert self.child.signalstatus is None, f"killed by signal {self.child.signalstatus}"
        status: int = self.child.exitstatus
        return status

    def screen(self) -> list[str]:
        """The lines left on the screen: what a carriage return did not let the next text overwrite."""
        text = self.log.getvalue().replace("\r\n", "\n")
        return [line.split("\r")[-1] for line in text.split("\n") if line.split("\r")[-1].strip()]


def processes() -> list[tuple[int, str, int, int]]:
    """Every process: (pid, state, parent, process group), from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                state, parent, group = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[:3]
            except (OSError, ValueError):
                continue
            found.append((int(entry), state, int(parent), int(group)))
    return found


def group_members(pgid: int) -> list[int]:
    return [pid for pid, _, _, group in processes() if group == pgid]


def interrupt(run: Run, to: str) -> None:
    if to == "group":
        run.child.sendintr()  # the interrupt character: the terminal signals the foreground process group
    else:
        os.kill(run.child.pid, signal.SIGINT)


def assert_interrupted(run: Run, lang: str = "zh", before: dict[str, bytes] | None = None) -> None:
    code = run.end()
    raw = run.log.getvalue()
    assert "Traceback" not in raw and "Process" not in raw, raw  # no traceback, no worker's "Process ForkPoolWorker"
    assert run.screen() == [LINE[lang]], raw
    assert code == 130, raw
    assert run.group() == [], "a process of the run is left"
    assert sorted(p.name for p in run.tmp.iterdir()) == [], "a temporary file is left in TMPDIR"
    found = {p.name: p.read_bytes() for p in run.out.iterdir()}
    assert found == (before or {}), "the output folder holds a file it did not hold, or one was changed"


def workers_running(run: Run) -> None:
    """The scan is under way in worker processes: the main process and its two workers."""
    assert len(run.group()) >= 3, run.group()


# ---------------------------------------------------------------------------------------------------------------
# score --jobs 2, streaming JSON into a file


@pytest.mark.parametrize("to", ["group", "main"])
def test_ctrl_c_while_the_files_are_found(township: tuple[Path, Path], tmp_path: Path, to: str) -> None:
    checklists, answers = township
    run = Run(tmp_path, "score", str(answers), "--checklists", str(checklists), "--jobs", "2", "-f", "json",
              "-o", str(tmp_path / "out" / "bulletin.json"))  # fmt: skip
    run.child.expect("正在查找答卷")
    interrupt(run, to)
    assert_interrupted(run)


@pytest.mark.parametrize("to", ["group", "main"])
def test_ctrl_c_mid_scan_ends_the_workers(township: tuple[Path, Path], tmp_path: Path, to: str) -> None:
    checklists, answers = township
    run = Run(tmp_path, "score", str(answers), "--checklists", str(checklists), "--jobs", "2", "-f", "json",
              "-o", str(tmp_path / "out" / "bulletin.json"))  # fmt: skip
    assert run.counted(FILES // 4)[1] == FILES
    workers_running(run)
    interrupt(run, to)
    assert_interrupted(run)


# ---------------------------------------------------------------------------------------------------------------
# score --format xlsx --output F: the workbook goes through a temporary file beside F


@pytest.mark.parametrize("to", ["group", "main"])
def test_ctrl_c_while_the_workbook_is_written_leaves_the_old_one(
    township: tuple[Path, Path], tmp_path: Path, to: str
) -> None:
    checklists, answers = township
    (tmp_path / "out").mkdir()
    book = tmp_path / "out" / "bulletin.xlsx"
    book.write_bytes(b"last week's workbook")
    run = Run(tmp_path, "score", str(answers), "--checklists", str(checklists), "--jobs", "2", "-f", "xlsx",
              "-o", str(book))  # fmt: skip
    run.child.expect("正在写出 xlsx")
    deadline = time.monotonic() + 60
    while not (temporary := [p.name for p in run.out.iterdir() if p.name != book.name]):  # being written beside
        assert time.monotonic() < deadline, "no temporary file beside the output"
        time.sleep(0.01)
    assert temporary[0].startswith(".bulletin.xlsx."), temporary
    interrupt(run, to)
    assert_interrupted(run, before={book.name: b"last week's workbook"})


def test_ctrl_c_mid_scan_of_a_workbook(township: tuple[Path, Path], tmp_path: Path) -> None:
    checklists, answers = township
    run = Run(tmp_path, "score", str(answers), "--checklists", str(checklists), "--jobs", "2", "-f", "xlsx",
              "-o", str(tmp_path / "out" / "bulletin.xlsx"), lang="en")  # fmt: skip
    run.counted(FILES // 2)
    workers_running(run)
    interrupt(run, "group")
    assert_interrupted(run, lang="en")


# ---------------------------------------------------------------------------------------------------------------
# ledger and compare


@pytest.mark.parametrize(
    ("moment", "to"),
    [("正在查找答卷", "group"), ("mid-scan", "main"), ("正在整理台账", "group"), ("正在写出 csv", "main")],
)
def test_ctrl_c_during_a_ledger(township: tuple[Path, Path], tmp_path: Path, moment: str, to: str) -> None:
    checklists, answers = township
    run = Run(tmp_path, "ledger", str(answers), "--checklists", str(checklists), "--jobs", "2", "-f", "csv",
              "-o", str(tmp_path / "out" / "ledger.csv"))  # fmt: skip
    if moment == "mid-scan":
        run.counted(FILES // 4)
        workers_running(run)
    else:
        run.child.expect(moment)
    interrupt(run, to)
    assert_interrupted(run)


@pytest.mark.parametrize(("moment", "to"), [("mid-scan", "group"), ("正在比对两轮", "main")])
def test_ctrl_c_during_a_comparison(township: tuple[Path, Path], tmp_path: Path, moment: str, to: str) -> None:
    checklists, answers = township
    run = Run(tmp_path, "compare", str(answers), str(answers), "--checklists", str(checklists), "--jobs", "2",
              "-f", "xlsx", "-o", str(tmp_path / "out" / "compare.xlsx"))  # fmt: skip
    if moment == "mid-scan":
        run.counted(FILES // 4)  # the earlier round
        run.counted(FILES // 4)  # the later round: a count starts anew
        workers_running(run)
    else:
        run.child.expect(moment)
    interrupt(run, to)
    assert_interrupted(run)


# ---------------------------------------------------------------------------------------------------------------
# the progress line


def test_the_progress_line_counts_answers_files_only(tmp_path: Path) -> None:
    """examples/chengjiao: 26 answers files (two rounds of 13), sites.yaml and approvals.yaml, plus settings."""
    folder = tmp_path / "chengjiao"
    shutil.copytree(EXAMPLES, folder)
    (folder / "civcheck.yaml").write_text("format: civcheck.config/1\nbulletin:\n  issuer: 城郊乡创建办\n", "utf-8")
    for command in (["score", str(folder)], ["ledger", str(folder), "-f", "csv", "-o", str(tmp_path / "l.csv")]):
        run = Run(tmp_path / command[0], *command)
        assert run.end() == 0
        counts = re.findall(r"评分 (\d+)/(\d+)", run.log.getvalue())
        # score: 13 files of 2026-08 ranked, 13 of 2026-07 scored for 上轮得分; ledger: both rounds
        assert counts and {total for _, total in counts} == {"26"}, counts
        assert counts[-1] == ("26", "26")


def test_no_rate_until_it_means_something(township: tuple[Path, Path], tmp_path: Path) -> None:
    """The first count shows no rate; a rate shown later is files per second over at least a second."""
    checklists, answers = township
    run = Run(tmp_path, "score", str(answers), "--checklists", str(checklists), "--jobs", "1", "-f", "json",
              "-o", str(tmp_path / "out" / "bulletin.json"))  # fmt: skip
    assert run.end() == 0
    shown = re.findall(r"评分 (\d+)/400  \d+%(?:  ([\d,]+) 份/秒)?", run.log.getvalue())
    assert shown[0] == ("1", "")
    for done, rate in shown:
        if rate:  # over one second at least: never more files per second than files done
            assert int(rate.replace(",", "")) <= int(done), (done, rate)


def test_each_step_after_the_scan_is_named_and_then_cleared(tmp_path: Path) -> None:
    """A ledger carried from the last one: finding, counting, reading the previous ledger, building, writing."""
    first = tmp_path / "first.csv"
    run = Run(tmp_path / "a", "ledger", str(EXAMPLES / "2026-07"), "-f", "csv", "-o", str(first))
    assert run.end() == 0
    run = Run(tmp_path / "b", "ledger", str(EXAMPLES), "--previous", str(first), "-f", "csv",
              "-o", str(tmp_path / "second.csv"))  # fmt: skip
    for step in ("正在查找答卷", r"评分 26/26  100%", "正在读取上期台账", "正在整理台账", "正在写出 csv"):
        run.child.expect(step)
    assert run.end() == 0
    screen = run.screen()
    assert not [line for line in screen if "正在" in line or "评分" in line], screen  # gone: only the summary stays
    assert len(screen) == 1 and screen[0].startswith("台账 187 项（截至 "), screen  # 187 tasks: see test_ledger_loop


def test_the_progress_line_is_never_wider_than_the_terminal(township: tuple[Path, Path], tmp_path: Path) -> None:
    checklists, answers = township
    env = {**os.environ, "CIVCHECK_LANG": "zh", "PYTHONIOENCODING": "utf-8"}
    child = pexpect.spawn(sys.executable, ["-m", "civcheck", "ledger", str(answers), "--checklists", str(checklists),
                                           "-f", "csv", "-o", str(tmp_path / "l.csv")],
                          env=env, encoding="utf-8", timeout=60, dimensions=(24, 12))  # fmt: skip
    child.logfile_read = log = io.StringIO()
    child.expect(pexpect.EOF)
    child.close()
    from civcheck.render.layout import display_width

    pieces = [p for line in log.getvalue().split("\n") for p in line.split("\r")]
    assert "评分" in log.getvalue()
    assert max(display_width(p) for p in pieces if "评分" in p or "正在" in p) <= 11


# ---------------------------------------------------------------------------------------------------------------
# the holes closed in civcheck/interrupt.py, each shown on its own


def python(code: str, *, cwd: Path | None = None, module: str | None = None) -> subprocess.CompletedProcess[str]:
    args = ["-m", module] if module else ["-c", code]
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60, cwd=cwd,
                          env={**os.environ, "CIVCHECK_LANG": "en"})  # fmt: skip


def test_a_ctrl_c_while_the_command_loads_says_one_line() -> None:
    """Before a command's body runs, Ctrl-C (here: a real SIGINT while a module loads) ends with the line and 130."""
    done = python(
        "import os, signal, sys\n"
        "from civcheck.interrupt import program\n"
        "def load():\n"
        "    os.kill(os.getpid(), signal.SIGINT)\n"
        "    import time; time.sleep(30)\n"
        "program(load)\n"
    )
    assert (done.returncode, done.stderr) == (130, "civcheck: interrupted\n")


def test_an_error_a_ctrl_c_caused_is_the_ctrl_c() -> None:
    """Python wraps what __set_name__ raises (a class made while Ctrl-C came) in a RuntimeError."""
    from civcheck.interrupt import caused_by_interrupt

    class Descriptor:
        def __set_name__(self, owner: type, name: str) -> None:
            raise KeyboardInterrupt

    with pytest.raises(RuntimeError) as caught:

        class Made:
            field = Descriptor()

    assert caused_by_interrupt(caught.value)
    assert not caused_by_interrupt(RuntimeError("a bug"))


def test_a_handled_ctrl_c_exits_130_not_by_sigint(tmp_path: Path) -> None:
    """Python (run with -m) remembers a KeyboardInterrupt that passed through exec'd text even once it is caught."""
    (tmp_path / "caught.py").write_text(
        "import sys\n"
        "from civcheck.interrupt import handled\n"
        "try:\n"
        "    exec('raise KeyboardInterrupt')  # as dataclasses make their methods\n"
        "except KeyboardInterrupt:\n"
        "    if sys.argv[1:] == ['handled']:\n"
        "        handled()\n"
        "sys.exit(130)\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    bare = subprocess.run([sys.executable, "-m", "caught"], cwd=tmp_path, env=env, timeout=60, check=False)
    fixed = subprocess.run([sys.executable, "-m", "caught", "handled"], cwd=tmp_path, env=env, timeout=60,
                           check=False)  # fmt: skip
    assert (bare.returncode, fixed.returncode) == (-signal.SIGINT, 130)


def test_a_ctrl_c_python_drops_in_a_finalizer_is_raised_again() -> None:
    """A SIGINT that lands in a weak reference's callback (modules load that way) is dropped by Python: the next
    check raises it again, and a run that still ends is said to be interrupted."""
    done = python(
        "import os, signal, sys, weakref\n"
        "from civcheck import interrupt\n"
        "sys.unraisablehook = lambda u: print('dropped by Python:', type(u.exc_value).__name__)\n"
        "def body():\n"
        "    interrupt.in_command()\n"
        "    class Thing: pass\n"
        "    thing = Thing()\n"
        "    weakref.finalize(thing, lambda: os.kill(os.getpid(), signal.SIGINT) or sum(range(1000)))\n"
        "    del thing\n"
        "    print('went on; pending:', interrupt.pending())\n"
        "    try:\n"
        "        interrupt.check()\n"
        "    except KeyboardInterrupt:\n"
        "        print('raised again')\n"
        "interrupt.program(body)\n"
    )
    assert done.stdout == "dropped by Python: KeyboardInterrupt\nwent on; pending: True\nraised again\n", done


def test_a_temporary_file_a_ctrl_c_left_is_removed_by_the_shell(tmp_path: Path) -> None:
    """Caught between a temporary file's creation and the code that would remove it, a Ctrl-C leaves it to the
    shell: gone when the command ends, and the one line said."""
    import typer

    from civcheck.atomic import AtomicFile
    from civcheck.cli._shell import run

    def body(lang: str) -> int:
        AtomicFile(tmp_path / "bulletin.json")  # its temporary file exists from here on
        raise KeyboardInterrupt

    with pytest.raises(typer.Exit) as ended:
        run("en", body)
    assert ended.value.exit_code == 130
    assert list(tmp_path.iterdir()) == []


def test_a_ctrl_c_before_the_wait_for_a_line_is_not_left_waiting() -> None:
    """The lost ^C of `civcheck assess`: SIGINT taken while a line is awaited, but not by the waiting call.

    Once the child's main thread sleeps waiting for the line, another thread of
    it takes a real SIGINT (pthread_kill to itself): Python's handler is due,
    but the wait is not interrupted — as when the signal lands between the
    prompt and the read.  ``input()`` would wait for Enter; ``read_line`` must not.
    """
    code = (
        "import signal, threading, time\n"
        "from civcheck.interrupt import read_line\n"
        "main = threading.main_thread().native_id\n"
        "def other():\n"
        "    while open(f'/proc/self/task/{main}/stat').read().rsplit(')', 1)[1].split()[0] != 'S':\n"
        "        time.sleep(0.01)\n"
        "    signal.pthread_kill(threading.get_ident(), signal.SIGINT)\n"
        "threading.Thread(target=other, daemon=True).start()\n"
        "try:\n"
        "    print('read', repr(read_line('> ')))\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted')\n"
    )
    child = pexpect.spawn(sys.executable, ["-c", code], encoding="utf-8", timeout=30)
    child.expect("> ")
    found = child.expect(["interrupted", pexpect.TIMEOUT], timeout=30)
    child.sendline("typed")  # what a waiting input() needs to return at last
    child.expect(pexpect.EOF)
    assert found == 0, child.before


def test_a_line_typed_is_read_as_input_reads_it() -> None:
    child = pexpect.spawn(sys.executable, ["-c", "from civcheck.interrupt import read_line\n"
                                                 "print('read', repr(read_line('> ')))"],
                          encoding="utf-8", timeout=30)  # fmt: skip
    child.expect("> ")
    child.sendline("城郊 y")
    child.expect(pexpect.EOF)
    assert "read '城郊 y'" in (child.before or "")


def test_whatever_stops_a_scan_ends_its_workers_there_and_then(township: tuple[Path, Path]) -> None:
    """The library: a Ctrl-C in the caller's hands mid-scan (here raised by *on_outcome*) has ended the workers by
    the time it reaches the caller, while its traceback still holds the scan."""
    from civcheck.api import collect
    from civcheck.batch import Job, discover

    checklists, answers = township
    files, _ = discover([answers])
    before = set(multiprocessing_children())
    seen: list[int] = []

    def stop_after_a_while(outcome: object) -> None:
        seen.append(len(set(multiprocessing_children()) - before))
        if len(seen) == 100:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        try:
            collect(files, Job(checklist_dirs=(str(checklists),)), jobs=2, on_outcome=stop_after_a_while)
        except KeyboardInterrupt:
            assert max(seen) == 2  # the two workers were scoring
            assert set(multiprocessing_children()) - before == set()  # and are gone, before anything else runs
            raise


def multiprocessing_children() -> list[int]:
    """This process's children that are alive (not yet reaped zombies excluded)."""
    return [pid for pid, state, parent, _ in processes() if parent == os.getpid() and state != "Z"]
