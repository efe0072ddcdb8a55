"""Tab completion for bash, zsh, fish and PowerShell: ``civcheck completion [SHELL] [--install]``.

A shell's completion script runs ``civcheck`` with ``_CIVCHECK_COMPLETE``
set (``complete_bash``; Click's order ``bash_complete`` is understood too) and
the words typed so far; :func:`answer` replies with the commands, options,
option values (``--format``'s choices, checklist ids…) that fit, their help in
the user's language.  An empty reply lets the shell complete file names.

The scripts and the way each shell passes its words are Typer's
(``typer._completion_classes``), used with civcheck's own name whatever
started it (``python -m civcheck`` included), without Rich (a Tab press
should not load it), and for PowerShell without rebinding the Tab key.
Installing writes the script where the shell loads it, atomically, and adds
one line to the shell's start-up file when it needs one (never twice).
"""

from __future__ import annotations

import sys
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any, NoReturn, Optional, cast

import typer
from typer._click.shell_completion import CompletionItem, ShellComplete
from typer._completion_classes import BashComplete, FishComplete, PowerShellComplete, ZshComplete

from civcheck.cli import options
from civcheck.cli._shell import EXIT_INPUT, EXIT_OK, _tolerant_streams, fail, run
from civcheck.cli.helptext import COMPLETE_VAR, zh_en
from civcheck.i18n import extend, t

PROG = "civcheck"
SHELLS = ("bash", "zsh", "fish", "powershell")

extend(
    {
        "completion.unknown_shell": ("不支持 {shell} 的补全（可用：{shells}）",
                                     "no completion for {shell} (choices: {shells})"),
        "completion.no_shell": (
            "认不出当前的 shell；请指明：civcheck completion bash|zsh|fish|powershell",
            "cannot tell which shell this is; name it: civcheck completion bash|zsh|fish|powershell",
        ),
        "completion.installed": (
            "已安装 {shell} 的补全：{path}。新开的终端里生效。",
            "Completion for {shell} installed in {path}; it works in terminals opened from now on.",
        ),
        "completion.rc_line": ("已在 {rc} 中加了一行来加载它。", "A line loading it was added to {rc}."),
        "completion.no_profile": (
            "找不到 PowerShell 的配置文件路径（运行 {program} 失败）",
            "cannot find the PowerShell profile (running {program} failed)",
        ),
    }
)  # fmt: skip


def _shells() -> list[str]:
    return list(SHELLS)


def completion(
    shell: Optional[str] = typer.Argument(
        None,
        metavar="SHELL",
        help=zh_en(
            "bash、zsh、fish 或 powershell（默认：当前的 shell）。",
            "bash, zsh, fish or powershell (default: the current shell).",
        ),
        show_default=False,
        autocompletion=_shells,
    ),
    install: bool = typer.Option(
        False,
        "--install",
        help=zh_en(
            "写到该 shell 启动时读取的位置，而不是输出到屏幕。",
            "Write it where the shell loads it instead of printing it.",
        ),
    ),
    lang: Optional[str] = options.Lang,
) -> None:
    """Tab completion for bash, zsh, fish and PowerShell."""  # fmt: skip

    def body(lang: str) -> int:
        name = shell or _current_shell()
        if name == "pwsh":
            name = "powershell"
        if name not in SHELLS:
            fail("completion.unknown_shell", shell=name, shells=", ".join(SHELLS))
        if not install:
            typer.echo(script(name))
            return EXIT_OK
        path, rc = install_script(name, Path.home())
        typer.echo(t("completion.installed", lang, shell=name, path=path))
        if rc is not None:
            typer.echo(t("completion.rc_line", lang, rc=rc))
        return EXIT_OK

    run(lang, body)


def _current_shell() -> str:
    import shellingham  # type: ignore[import-untyped]  # Typer's dependency: which shell started civcheck

    try:
        name = str(shellingham.detect_shell()[0]).lower()
    except shellingham.ShellDetectionFailure:
        fail("completion.no_shell")
    return name


POWERSHELL_SCRIPT = """\
Register-ArgumentCompleter -Native -CommandName %(prog_name)s -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $Env:%(autocomplete_var)s = "complete_powershell"
    $Env:_TYPER_COMPLETE_ARGS = $commandAst.ToString()
    $Env:_TYPER_COMPLETE_WORD_TO_COMPLETE = $wordToComplete
    %(prog_name)s | ForEach-Object {
        $value, $help = $_ -Split ":::", 2
        [System.Management.Automation.CompletionResult]::new($value, $value, 'ParameterValue', $help)
    }
    Remove-Item Env:%(autocomplete_var)s, Env:_TYPER_COMPLETE_ARGS, Env:_TYPER_COMPLETE_WORD_TO_COMPLETE
}"""


BASH_SCRIPT = r"""%(complete_func)s() {
    local IFS=$'\n'
    COMPREPLY=( $( env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD %(autocomplete_var)s=complete_bash $1 ) )
    return 0
}

complete -o default -F %(complete_func)s %(prog_name)s"""


class _Bash(BashComplete):
    source_template = BASH_SCRIPT

    def format_completion(self, item: CompletionItem) -> str:
        return str(item.value)

    def source(self) -> str:  # without Typer's check of the bash version (English, and a process per call)
        return self.source_template % self.source_vars()


class _Zsh(ZshComplete):
    def format_completion(self, item: CompletionItem) -> str:
        def escape(s: str) -> str:
            return s.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`").replace(":", r"\\:")

        if item.help:
            return f'"{escape(item.value)}":"{escape(_one_line(item.help))}"'
        return f'"{escape(item.value)}"'


class _Fish(FishComplete):
    def format_completion(self, item: CompletionItem) -> str:
        return f"{item.value}\t{_one_line(item.help)}" if item.help else str(item.value)


class _PowerShell(PowerShellComplete):
    source_template = POWERSHELL_SCRIPT

    def format_completion(self, item: CompletionItem) -> str:
        return f"{item.value}:::{_one_line(item.help) or ' '}"


_CLASSES: dict[str, type[ShellComplete]] = {"bash": _Bash, "zsh": _Zsh, "fish": _Fish, "powershell": _PowerShell,
                                            "pwsh": _PowerShell}  # fmt: skip


def _one_line(text: str | None) -> str:
    """render.common.one_line's rule, without loading the renderers at every Tab."""
    return " ".join((text or "").split())


def script(shell: str) -> str:
    """The completion script of *shell*, for civcheck."""
    return _CLASSES[shell](cast(Any, None), {}, PROG, COMPLETE_VAR).source().strip()  # the script needs no command


def answer(group: Any, ctx_args: MutableMapping[str, Any], instruction: str) -> NoReturn:
    """Reply to a completion script (``_CIVCHECK_COMPLETE=complete_bash``, or Click's ``bash_complete``), and exit."""
    first, _, second = instruction.partition("_")
    shell, action = (first, second) if first in _CLASSES else (second, first)
    cls = _CLASSES.get(shell)
    if cls is None or action not in ("source", "complete"):
        sys.stderr.write(t("completion.unknown_shell", group.lang or "zh", shell=instruction,
                           shells=", ".join(SHELLS)) + "\n")  # fmt: skip
        sys.exit(EXIT_INPUT)
    _tolerant_streams()
    replier = cls(group, ctx_args, PROG, COMPLETE_VAR)
    if action == "source":
        typer.echo(script(shell))
        sys.exit(EXIT_OK)
    from civcheck.language import lang_of

    args, _ = replier.get_completion_args()
    group.lang = lang_of(args)  # a --lang already typed decides the language of the help shown
    reply = replier.complete()
    if reply:
        typer.echo(reply)
    sys.exit(EXIT_OK)


def install_script(shell: str, home: Path) -> tuple[Path, Path | None]:
    """Write *shell*'s script where it loads it; the start-up file given a line to load it, if it needs one."""
    text = script(shell) + "\n"
    if shell == "bash":
        path = home / ".bash_completions" / f"{PROG}.sh"
        _write(path, text)
        return path, _add_line(home / ".bashrc", f"source '{path}'")
    if shell == "zsh":
        path = home / ".zfunc" / f"_{PROG}"
        _write(path, text)
        return path, _add_line(home / ".zshrc", "fpath+=~/.zfunc; autoload -Uz compinit; compinit")
    if shell == "fish":  # fish loads ~/.config/fish/completions by itself
        path = home / ".config" / "fish" / "completions" / f"{PROG}.fish"
        _write(path, text)
        return path, None
    profile = _powershell_profile()  # the script goes into the profile itself
    _add_line(profile, text.strip())
    return profile, None


def _write(path: Path, text: str) -> None:
    from civcheck.atomic import write_atomic

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)


def _add_line(rc: Path, line: str) -> Path | None:
    """Append *line* to the start-up file *rc* unless it is there already (a symlinked one is written through)."""
    target = rc.resolve() if rc.is_symlink() else rc
    try:
        before = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        before = ""
    except (OSError, UnicodeDecodeError) as exc:
        fail("usage.write", path=str(rc), reason=getattr(exc, "strerror", None) or str(exc))
    if line in before:
        return None
    _write(target, before + ("" if not before or before.endswith("\n") else "\n") + line + "\n")
    return rc


def _powershell_profile() -> Path:
    import shutil
    import subprocess

    program = shutil.which("pwsh") or shutil.which("powershell") or "powershell"
    try:
        found = subprocess.run([program, "-NoProfile", "-Command", "echo $PROFILE"], capture_output=True, text=True,
                               check=True, timeout=60).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        found = ""
    if not found:
        fail("completion.no_profile", program=program)
    return Path(found)
