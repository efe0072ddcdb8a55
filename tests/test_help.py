"""Help, parser errors and shell completion, in the user's language.

Every command's ``--help`` shows its summary once, what else to know, every
option's help in the chosen language and examples that run on the example
township; a mistyped command or option gets "did you mean"; what the parser
refuses is said in Chinese or English with exit code 2 (format.md §5); and
the completion scripts really complete in bash.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pexpect
import pytest
import typer
from typer._click.core import Context
from typer.testing import CliRunner

from civcheck.answers_file import this_month
from civcheck.cli import COMMANDS, app, command_function
from civcheck.cli.about import ABOUT
from civcheck.cli.helptext import chinese, in_lang, option_label, zh_en
from civcheck.render.layout import display_width as cells  # wcwidth's count, not the one under test
from civcheck.wrapping import cells as measured  # the quick count --help lays itself out by

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "chengjiao"
HAN = re.compile("[\u4e00-\u9fff]")
NO_LANG = {"CIVCHECK_LANG": None, "LANGUAGE": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}

runner = CliRunner()


def run(*args: str, env: dict[str, str | None] | None = None, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env={**NO_LANG, **(env or {})}, input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def commands() -> Iterator[tuple[str, Any]]:
    """Every command path (``""`` is civcheck itself, ``approvals check`` a subcommand) and its Click command."""
    group = typer.main.get_command(app)
    yield "", group
    for name in COMMANDS:
        command = group.get_command(None, name)  # type: ignore[attr-defined]
        yield name, command
        for sub, subcommand in getattr(command, "commands", {}).items():
            yield f"{name} {sub}", subcommand


PATHS = [path for path, _ in commands()]


def params(command: Any) -> list[Any]:
    return list(command.get_params(Context(command, help_option_names=["-h", "--help"])))


# -- the help text of each option, in both languages ------------------------------------------------------


def test_every_parameter_has_its_help_in_both_languages() -> None:
    """The next option added cannot forget its Chinese: declare it ``help=zh_en("中文", "English")``."""
    seen = 0
    for path, command in commands():
        for param in params(command):
            where = f"civcheck {path} {param.opts or param.name}"
            assert param.help, f"{where} has no help"
            assert chinese(param.help) is not None, f"{where}: its help has no Chinese; write help=zh_en(…, …)"
            assert HAN.search(chinese(param.help) or "") and chinese(param.help) != param.help, where
            seen += 1
    assert seen > 100


def test_a_help_given_two_chinese_texts_is_refused() -> None:
    zh_en("测试用的说明。", "A help text for this test.")
    zh_en("测试用的说明。", "A help text for this test.")  # the same twice is fine (a shared option)
    with pytest.raises(ValueError, match="two Chinese texts"):
        zh_en("另一种说法。", "A help text for this test.")


def test_every_command_has_its_summary_text_and_examples() -> None:
    assert sorted(ABOUT) == sorted(PATHS)
    for path, about in ABOUT.items():
        assert 1 <= len(about.examples) <= 2, path
        for zh, en in (about.summary, about.text, *((e.zh, e.en) for e in about.examples)):
            assert HAN.search(zh) and en and "、" not in en and "，" not in en, path
        for example in about.examples:
            assert example.command.startswith(f"civcheck {path}".strip() + " ") or example.command == "civcheck " + path
            assert cells(example.command) <= 78, example.command  # whole on an 80-column terminal, indented
    for name in COMMANDS:  # one line of `civcheck --help` at 80 columns each
        assert max(cells(s) for s in ABOUT[name].summary) <= 64, name


def test_the_summary_is_the_commands_own_docstring() -> None:
    for name in COMMANDS:
        function = command_function(name)
        if isinstance(function, typer.Typer):  # a command with subcommands: its callback speaks for it
            assert function.registered_callback is not None
            for info in function.registered_commands:
                assert info.callback is not None
                doc = (info.callback.__doc__ or "").split("\n")[0]
                assert doc == ABOUT[f"{name} {info.name or info.callback.__name__}"].summary[1]
            function = function.registered_callback.callback
        assert (function.__doc__ or "").split("\n")[0] == ABOUT[name].summary[1], name


# -- each command's help, as printed ----------------------------------------------------------------------

HEADINGS = {"zh": ("用法：", "选项：", "示例："), "en": ("Usage: ", "Options:", "Examples:")}


def examples_in(help_text: str) -> list[str]:
    """The command lines of a help text's examples."""
    heading = "示例：" if "示例：" in help_text else "Examples:"
    section = help_text.split("\n" + heading + "\n", 1)[1]
    return [line.strip() for line in section.splitlines() if line.startswith("  civcheck ")]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", PATHS)
def test_each_help_is_in_the_language_asked_for(path: str, lang: str) -> None:
    code, out, err = run(*path.split(), "--help", "--lang", lang)
    assert code == 0 and err == ""
    n = 0 if lang == "zh" else 1
    about = ABOUT[path]
    flat = "".join(out.split())
    assert out.startswith(HEADINGS[lang][0] + "civcheck " + (path + " " if path else ""))
    assert flat.count("".join(about.summary[n].split())) == 1  # the summary, once
    assert "".join(about.text[n].split()) in flat
    for heading in HEADINGS[lang][1:]:
        assert f"\n{heading}\n" in out
    other = HEADINGS["en" if lang == "zh" else "zh"]
    assert not any(h.strip() in out for h in other)
    command = dict(commands())[path]
    for param in params(command):
        if param.param_type_name == "option":
            assert "\n  " + option_label(param) in out, option_label(param)
        assert "".join(in_lang(param.help, lang).split()) in flat, param.name
    assert examples_in(out) == [e.command for e in about.examples]
    for example in about.examples:
        assert f"  # {(example.zh, example.en)[n]}\n  {example.command}\n" in out
    assert max(cells(line) for line in out.splitlines()) <= 80
    assert [measured(line) for line in out.splitlines()] == [cells(line) for line in out.splitlines()]
    out.encode("gbk")  # a Chinese Windows console shows every character of it


@pytest.mark.parametrize(
    ("args", "env", "first"),
    [
        (["score", "--help", "--lang", "en"], {}, "Usage: civcheck score [OPTIONS] PATHS..."),
        (["score", "--lang=en", "--help"], {}, "Usage: civcheck score [OPTIONS] PATHS..."),
        (["--lang", "en", "score", "--help"], {}, "Usage: civcheck score [OPTIONS] PATHS..."),
        (["score", "--help"], {"CIVCHECK_LANG": "en"}, "Usage: civcheck score [OPTIONS] PATHS..."),
        (["score", "--help"], {"LANG": "en_US.UTF-8"}, "Usage: civcheck score [OPTIONS] PATHS..."),
        (["score", "--help"], {"LANG": "zh_CN.UTF-8"}, "用法：civcheck score [选项] PATHS..."),
        (["score", "--help"], {"LANG": "C"}, "用法：civcheck score [选项] PATHS..."),  # no language known: Chinese
        (["score", "--help", "--lang", "zh"], {"CIVCHECK_LANG": "en"}, "用法：civcheck score [选项] PATHS..."),
        (["score", "--help", "--", "--lang", "en"], {}, "用法：civcheck score [选项] PATHS..."),
        (["--help"], {"CIVCHECK_LANG": "en"}, "Usage: civcheck [OPTIONS] COMMAND [ARGS]..."),
    ],
)
def test_the_language_comes_from_lang_then_civcheck_lang_then_the_locale(
    args: list[str], env: dict[str, str | None], first: str
) -> None:
    code, out, _ = run(*args, env=env)
    assert code == 0 and out.splitlines()[0] == first


def test_the_command_list_is_summarised_without_importing_a_command() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['civcheck', '--help']\n"
        "from civcheck.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('civcheck.') or m in ('yaml', 'wcwidth', 'rich')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    loaded = eval(out.stdout.strip().splitlines()[-1])  # a list of module names printed above
    assert not [m for m in loaded if m.split(".")[-1] in {c[0].split(".")[-1] for c in COMMANDS.values()}]
    assert not {"civcheck.i18n", "yaml", "wcwidth", "rich", "civcheck.render.layout"} & set(loaded)
    assert "  score       为答卷评分，发布排名通报。\n" in out.stdout


def test_help_fits_an_80_column_terminal() -> None:
    """In a real pseudo-terminal: no line wider than the terminal, a Chinese character counted as two."""
    env = {**os.environ, "CIVCHECK_LANG": "zh"}
    env.pop("COLUMNS", None)
    for args in (["--help"], ["score", "--help"], ["ledger", "--help", "--lang", "en"], ["approvals", "check", "-h"]):
        child = pexpect.spawn(sys.executable, ["-m", "civcheck", *args], env=env, encoding="utf-8", timeout=60,
                              dimensions=(100, 80))  # fmt: skip
        child.expect(pexpect.EOF)
        child.close()
        lines = (child.before or "").replace("\r\n", "\n").splitlines()
        assert len(lines) > 10 and max(cells(line) for line in lines) <= 80, args
        assert child.exitstatus == 0


# -- the examples run ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def township(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's folder as the examples expect it (examples/, checklists/, a git repository), in a copy."""
    here = tmp_path_factory.mktemp("office")
    shutil.copytree(ROOT / "examples", here / "examples")
    shutil.copytree(ROOT / "checklists", here / "checklists")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=here, check=True)
    subprocess.run([*git, "add", "-A"], cwd=here, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "examples"], cwd=here, check=True)
    return here


def test_every_example_in_the_help_runs(township: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example, taken from the printed help (Chinese and English show the same), run in order."""
    monkeypatch.chdir(township)
    monkeypatch.setenv("HOME", str(township / "home"))
    ran = []
    for path in PATHS:
        zh = examples_in(run(*path.split(), "--help", "--lang", "zh")[1])
        assert zh == examples_in(run(*path.split(), "--help", "--lang", "en")[1])
        for line in zh:
            args = shlex.split(line)[1:]
            code, out, err = run(*args, "--lang", "zh", input="")
            assert code in (0, 1), f"{line}\n{out}\n{err}"
            assert "Traceback" not in out + err
            ran.append(line)
    assert len(ran) >= 20
    assert (township / "通报.html").stat().st_size > 10_000
    assert (township / "台账7.xlsx").exists() and (township / f"hexi--village-ring--{this_month()}.yaml").exists()
    assert (township / "home" / ".bash_completions" / "civcheck.sh").exists()


# -- what the parser refuses -----------------------------------------------------------------------------

ERRORS = [
    (["scor"], "zh", "civcheck: 没有 scor 这个命令；是不是要用 score？"),
    (["scor"], "en", "civcheck: there is no command scor; did you mean score?"),
    (["approvals", "chek"], "zh", "civcheck: 没有 chek 这个命令；是不是要用 check？"),
    (["frobnicate"], "en", "civcheck: there is no command frobnicate"),
    (["score", "--formt", "json", "x"], "zh", "civcheck: 没有 --formt 这个选项；是不是要用 --format？"),
    (["score", "--formt", "json", "x"], "en", "civcheck: there is no option --formt; did you mean --format?"),
    (["--verson"], "zh", "civcheck: 没有 --verson 这个选项；是不是要用 --version？"),
    (["ledger", "x", "--dueby", "2026-09-30"], "en", "civcheck: there is no option --dueby; did you mean --due-by?"),
    (["score"], "zh", "civcheck: 缺少参数 PATHS...（答卷文件，或递归查找其中答卷的文件夹）"),
    (["score"], "en", "civcheck: missing argument PATHS... (Answers files, or folders searched recursively)"),
    (["assess", "village-ring"], "zh", "civcheck: 缺少必填的选项 --site（点位编号，如 xinglong）"),
    (["assess", "village-ring"], "en", "civcheck: missing option --site (The site's id (e.g. xinglong))"),
    (["score", "x", "-f"], "zh", "civcheck: 选项 -f 后面缺少值（输出格式：table | json | jsonl | csv | md | xlsx | html）"),
    (["score", "x", "--round"], "en", "civcheck: the option --round needs a value (The round to rank, e.g. 2026-08 "
                                      "(default: the latest; all: each round apart))"),
    (["score", "x", "--jobs", "x"], "zh", "civcheck: --jobs 的值 x 不是整数"),
    (["score", "x", "-j", "2.5"], "en", "civcheck: --jobs: 2.5 is not a whole number"),
    (["score", "x", "--fail-under", "八十"], "zh", "civcheck: --fail-under 的值 八十 不是数字"),
    (["score", "x", "--strict-na=yes"], "zh", "civcheck: 选项 --strict-na 不带值"),
    (["schema", "answers", "sites", "extra"], "zh", "civcheck: 多余的参数：sites extra"),
    (["schema", "answers", "extra"], "en", "civcheck: an unexpected extra argument: extra"),
    (["--lang", "en"], "zh", "civcheck: no command given"),  # --lang is read before anything else
]  # fmt: skip


@pytest.mark.parametrize(("args", "lang", "first"), ERRORS)
def test_what_the_parser_refuses_is_said_in_the_users_language(args: list[str], lang: str, first: str) -> None:
    code, out, err = run(*args, env={"CIVCHECK_LANG": lang})
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0] == first
    lang = "en" if "--lang" in args else lang
    command = "civcheck " + " ".join(a for a in args[:2] if a in [*COMMANDS, "check"])
    assert lines[1].startswith(("用法：" if lang == "zh" else "Usage: ") + command.strip() + " ")
    assert lines[2].startswith(("运行 " if lang == "zh" else "Run ") + command.strip() + " --help")
    assert len(lines) == 3 and "Traceback" not in err


def test_a_refused_command_line_in_full() -> None:
    assert run("score", "--formt", "json", "examples", env={"CIVCHECK_LANG": "zh"})[2] == (
        "civcheck: 没有 --formt 这个选项；是不是要用 --format？\n"
        "用法：civcheck score [选项] PATHS...\n"
        "运行 civcheck score --help 查看全部选项和示例。\n"
    )
    assert run("scor", env={"LANG": "en_GB.UTF-8"})[2] == (
        "civcheck: there is no command scor; did you mean score?\n"
        "Usage: civcheck [OPTIONS] COMMAND [ARGS]...\n"
        "Run civcheck --help for every command.\n"
    )


@pytest.mark.parametrize(
    "env", [{"CIVCHECK_LANG": "zh"}, {"LANG": "zh_CN.UTF-8"}, {"LC_ALL": "zh_CN.GBK", "LANG": "en_US.UTF-8"}]
)
def test_the_language_of_errors_comes_from_the_environment_too(env: dict[str, str | None]) -> None:
    assert run("score", "x", "--jobs", "many", env=env)[2].splitlines()[0] == "civcheck: --jobs 的值 many 不是整数"


def test_a_lang_before_the_command_is_the_commands_language_too() -> None:
    code, _, err = run("--lang", "en", "schema", "nope")
    assert (code, err) == (2, "civcheck: unknown file kind nope (choices: checklist, answers, sites, approvals)\n")
    code, _, err = run("--lang", "fr", "schema", "answers", env={"CIVCHECK_LANG": "en"})
    assert (code, err) == (2, "civcheck: unknown language fr (choices: zh, en)\n")


def test_a_refused_command_line_in_a_real_process() -> None:
    env = {**os.environ, "CIVCHECK_LANG": "zh"}
    done = subprocess.run([sys.executable, "-m", "civcheck", "scor"], capture_output=True, env=env, timeout=60)
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode("utf-8").splitlines()[0] == "civcheck: 没有 scor 这个命令；是不是要用 score？"
    done = subprocess.run([sys.executable, "-m", "civcheck"], capture_output=True, env=env, timeout=60)
    assert done.returncode == 2 and done.stderr.decode("utf-8").startswith("用法：python -m civcheck [选项] 命令")


# -- shell completion ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def on_path(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An environment whose PATH has a ``civcheck`` running this checkout (what the scripts call)."""
    bin_dir = tmp_path_factory.mktemp("bin")
    launcher = bin_dir / "civcheck"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m civcheck "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in NO_LANG}
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "CIVCHECK_LANG": "zh"}


def script(shell: str) -> str:
    code, out, err = run("completion", shell)
    assert code == 0 and err == "", err
    return out


def bash_completes(env: dict[str, str], *words: str) -> list[str]:
    """What bash's completion function, defined by the generated script, offers for *words* (the last is being typed)."""
    quoted = " ".join(shlex.quote(w) for w in words)
    program = f"{script('bash')}\nCOMP_WORDS=({quoted})\nCOMP_CWORD={len(words) - 1}\n_civcheck_completion civcheck\n"
    program += 'printf "%s\\n" "${COMPREPLY[@]}"\n'
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True, text=True, env=env,
                          timeout=60, check=True)  # fmt: skip
    return done.stdout.split()


BASH = [
    (("civcheck", "sc"), ["score", "schema"]),
    (("civcheck", "score", "--for"), ["--format"]),
    (("civcheck", "score", "--format", ""), ["table", "json", "jsonl", "csv", "md", "xlsx", "html"]),
    (("civcheck", "report", "-f", "h"), ["html"]),
    (("civcheck", "assess", "vil"), ["village-ring"]),
    (("civcheck", "show", "village-ring", "--version", ""), ["2026.07", "2026.12"]),
    (("civcheck", "ledger", "x", "--by", ""), ["owner", "person", "grid"]),
    (("civcheck", "score", "--lang", ""), ["zh", "en"]),
    (("civcheck", "approvals", ""), ["check"]),
    (("civcheck", "completion", "p"), ["powershell"]),
    (("civcheck", "score", "exam"), []),  # a path: nothing offered, so bash completes file names
]


@pytest.mark.skipif(
    shutil.which("bash") is None, reason="bash is not installed: shell completion in bash is not checked"
)
def test_bash_completes_commands_options_and_values(on_path: dict[str, str]) -> None:
    for words, offered in BASH:
        assert bash_completes(on_path, *words) == offered, words


@pytest.mark.skipif(
    shutil.which("bash") is None, reason="bash is not installed: shell completion in bash is not checked"
)
def test_tab_in_an_interactive_bash(on_path: dict[str, str], tmp_path: Path) -> None:
    """Typed at a real bash prompt: ``civcheck sc<TAB><TAB>`` lists score and schema; ``--for<TAB>`` becomes --format."""
    (tmp_path / "civcheck.bash").write_text(script("bash"), encoding="utf-8")
    env = {**on_path, "PS1": "$ ", "TERM": "dumb", "INPUTRC": "/dev/null"}
    bash = pexpect.spawn("bash", ["--norc", "--noprofile", "-i"], env=env, encoding="utf-8", timeout=60,
                         dimensions=(24, 100), cwd=str(ROOT))  # fmt: skip
    bash.expect_exact("$ ")
    bash.sendline(f"source {tmp_path / 'civcheck.bash'}; bind 'set show-all-if-ambiguous on'")
    bash.expect_exact("$ ")
    bash.send("civcheck sc\t")
    bash.expect(r"schema\s+score")
    bash.sendcontrol("u")
    bash.send("civcheck score examples/cheng\t")  # a path: bash's own completion of file names
    bash.expect_exact("examples/chengjiao/")
    bash.send(" --for\t")
    bash.expect_exact("--format ")
    bash.send("j\t")
    bash.expect_exact("json")
    bash.sendcontrol("a")
    bash.send("echo ")
    bash.sendline("")
    bash.expect(r"\r\ncivcheck score examples/chengjiao/ --format json\S*\r\n")
    bash.sendline("exit")
    bash.expect(pexpect.EOF)


def test_the_other_shells_get_commands_and_help_in_the_users_language(on_path: dict[str, str]) -> None:
    def ask(shell: str, typed: str, lang: str, **more: str) -> str:
        env = {**on_path, "CIVCHECK_LANG": lang, "_CIVCHECK_COMPLETE": f"complete_{shell}",
               "_TYPER_COMPLETE_ARGS": typed, **more}  # fmt: skip
        return subprocess.run(["civcheck"], capture_output=True, text=True, env=env, timeout=60, check=True).stdout

    assert ask("zsh", "civcheck sc", "zh") == (
        '_arguments \'*: :(("score":"为答卷评分，发布排名通报。"\n'
        '"schema":"某类文件的 JSON Schema（检查表、答卷等）。"))\'\n'
    )
    assert ask("zsh", "civcheck score ", "zh") == "_files\n"  # a path: the shell's own file completion
    assert ask("fish", "civcheck score --fo", "en", _TYPER_COMPLETE_FISH_ACTION="get-args") == (
        "--format\tThe output format: table | json | jsonl | csv | md | xlsx | html.\n"
    )
    assert ask("powershell", "civcheck score --lang", "zh", _TYPER_COMPLETE_WORD_TO_COMPLETE="--lang") == (
        "--lang:::界面语言 zh 或 en（默认看环境变量 CIVCHECK_LANG，再看区域设置）。\n"
    )
    assert ask("zsh", "civcheck --lang en sc", "zh").count("Score answers files") == 1  # a --lang typed: English


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "powershell"])
def test_each_script_calls_civcheck_by_its_name(shell: str, on_path: dict[str, str]) -> None:
    text = script(shell)
    assert "_CIVCHECK_COMPLETE" in text and "civcheck" in text and "python" not in text
    # Click's documented order (bash_source) works too; it once answered "Shell source not supported"
    order = f"{shell}_source"
    done = subprocess.run(["civcheck"], capture_output=True, text=True, timeout=60,
                          env={**on_path, "_CIVCHECK_COMPLETE": order})  # fmt: skip
    assert done.returncode == 0 and done.stdout == text


def test_installing_writes_the_script_and_one_line_where_the_shell_loads_it(tmp_path: Path) -> None:
    home = tmp_path / "home"
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    (dotfiles / "bashrc").write_text("alias ll='ls -l'", encoding="utf-8")  # no final line feed
    home.mkdir()
    (home / ".bashrc").symlink_to(dotfiles / "bashrc")
    env = {"HOME": str(home)}
    for _ in range(2):  # twice: the line is added once
        code, out, _ = run("completion", "bash", "--install", "--lang", "en", env=env)
        assert code == 0
    script_file = home / ".bash_completions" / "civcheck.sh"
    assert script_file.read_text(encoding="utf-8") == script("bash")
    assert (home / ".bashrc").is_symlink()
    assert (dotfiles / "bashrc").read_text(encoding="utf-8") == f"alias ll='ls -l'\nsource '{script_file}'\n"
    assert out == f"Completion for bash installed in {script_file}; it works in terminals opened from now on.\n"
    code, out, _ = run("completion", "fish", "--install", env=env)
    fish = home / ".config" / "fish" / "completions" / "civcheck.fish"
    assert code == 0 and fish.read_text(encoding="utf-8") == script("fish")
    assert out == f"已安装 fish 的补全：{fish}。新开的终端里生效。\n"
    assert run("completion", "zsh", "--install", env=env)[0] == 0
    assert (home / ".zfunc" / "_civcheck").exists()
    assert "fpath+=~/.zfunc; autoload -Uz compinit; compinit\n" in (home / ".zshrc").read_text(encoding="utf-8")


def test_install_completion_uses_the_shell_it_runs_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shellingham  # type: ignore[import-untyped]

    monkeypatch.setattr(shellingham, "detect_shell", lambda: ("zsh", "/bin/zsh"))
    code, out, _ = run("--install-completion", env={"HOME": str(tmp_path), "CIVCHECK_LANG": "en"})
    assert code == 0 and out.startswith("Completion for zsh installed in ")
    code, out, _ = run("--show-completion")
    assert code == 0 and out == script("zsh")
    code, _, err = run("completion", "cmd", "--lang", "zh")
    assert (code, err) == (2, "civcheck: 不支持 cmd 的补全（可用：bash, zsh, fish, powershell）\n")


@pytest.mark.skipif(
    shutil.which("fish") is None, reason="fish is not installed: shell completion in fish is not checked"
)
def test_fish_completes_with_the_generated_script(on_path: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "civcheck.fish").write_text(script("fish"), encoding="utf-8")

    def completes(typed: str) -> list[str]:
        program = f"source {tmp_path / 'civcheck.fish'}; complete -C {shlex.quote(typed)}"
        done = subprocess.run(["fish", "--no-config", "-c", program], capture_output=True, text=True, env=on_path,
                              cwd=ROOT, timeout=60, check=True)  # fmt: skip
        return done.stdout.splitlines()

    assert completes("civcheck sc") == [
        "schema\t某类文件的 JSON Schema（检查表、答卷等）。",
        "score\t为答卷评分，发布排名通报。",
    ]
    assert completes("civcheck score --for") == ["--format\t输出格式：table | json | jsonl | csv | md | xlsx | html。"]
    assert completes("civcheck assess vil") == ["village-ring"]
    assert "examples/" in completes("civcheck score exa")  # a path: fish's own file names


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed: shell completion in zsh is not checked")
def test_tab_in_an_interactive_zsh(on_path: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "_civcheck").write_text(script("zsh"), encoding="utf-8")
    env = {**on_path, "PS1": "%% ", "TERM": "dumb", "LANG": "C.UTF-8"}  # zsh draws multibyte text in a UTF-8 locale
    zsh = pexpect.spawn("zsh", ["-f", "-i"], env=env, encoding="utf-8", timeout=60, dimensions=(24, 100),
                        cwd=str(ROOT))  # fmt: skip
    zsh.expect_exact("% ")
    zsh.sendline(f"autoload -Uz compinit && compinit -u && source {tmp_path / '_civcheck'}")
    zsh.expect_exact("% ")
    zsh.send("civcheck sc\t")
    zsh.expect(r"schema\s+-- 某类文件的 JSON Schema（检查表、答卷等）。\s+score\s+-- 为答卷评分，发布排名通报。")
    zsh.sendcontrol("u")
    zsh.send("civcheck score --for\t")
    zsh.expect_exact("civcheck score --format ")
    zsh.sendcontrol("u")
    zsh.send("civcheck score exa\t")
    zsh.expect_exact("civcheck score examples/")
    zsh.sendcontrol("u")
    zsh.sendline("exit")
    zsh.expect(pexpect.EOF)


def test_the_readme_shows_what_civcheck_says() -> None:
    """The README's refused command lines, run: each line it shows is what civcheck prints."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Help and Tab completion", 1)[1].split("```console\n", 1)[1].split("```", 1)[0]
    runs = [chunk.splitlines() for chunk in block.split("$ ")[1:]]
    assert len(runs) == 2
    for command, *shown in runs:
        code, out, err = run(*shlex.split(command)[1:], env={"LANG": "C"})
        assert (code, out, err.splitlines()) == (2, "", shown), command


def test_powershell_completion_goes_into_the_profile_powershell_names(tmp_path: Path) -> None:
    profile = tmp_path / "Documents" / "PowerShell" / "Microsoft.PowerShell_profile.ps1"
    fake = tmp_path / "bin" / "pwsh"  # answers `pwsh -NoProfile -Command echo $PROFILE` as PowerShell would
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\necho '{profile}'\n", encoding="utf-8")
    fake.chmod(0o755)
    env = {"PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}", "HOME": str(tmp_path)}
    for _ in range(2):
        code, out, err = run("completion", "pwsh", "--install", "--lang", "en", env=env)
        assert (code, err) == (0, ""), err
    assert out == f"Completion for powershell installed in {profile}; it works in terminals opened from now on.\n"
    text = profile.read_text(encoding="utf-8")
    assert text == script("powershell") and text.count("Register-ArgumentCompleter") == 1
    assert "Set-PSReadLineKeyHandler" not in text  # the user's Tab key is left as it is
