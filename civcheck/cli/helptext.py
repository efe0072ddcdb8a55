"""Help in the user's language: the summary once, what else to know, every option, examples.

Click lays help out in English and counts characters, not terminal columns,
and Typer repeats a docstring's first line in its body.  civcheck's commands
are built from :class:`LocalizedCommand` and :class:`LocalizedGroup`, whose
help is laid out here instead: in the language the command line asked for
(``civcheck/language.py`` reads ``--lang`` from argv before Click parses
anything), a Chinese character counted as two columns, the usage line, the
summary once, the command's text, its arguments and options with their help,
and its examples (``about.py``).  Shell completion offers the same help.

An option's help is declared beside the option with :func:`zh_en`: the English
is what Typer stores, the Chinese is filed under it.  ``tests/test_help.py``
walks every parameter of every command and fails on one whose help has no
Chinese, so an option cannot be added without it.

Kept light, because ``civcheck --help`` loads it: its few words are in
:data:`WORDS` rather than in the message catalogue (``i18n.py``), it wraps
text with ``civcheck/wrapping.py`` and measures it with ``wrapping.cells``
(a table of the wide ranges) rather than through the table layout and
wcwidth, and what the parser
refuses is explained by ``usage.py``, loaded only then.
"""

from __future__ import annotations

import inspect
from difflib import get_close_matches
from typing import Any

from typer._click.exceptions import UsageError
from typer._click.shell_completion import CompletionItem
from typer._click.types import FloatParamType, IntParamType, ParamType
from typer.core import TyperCommand, TyperGroup, TyperOption

from civcheck.language import detect_lang
from civcheck.wrapping import cells, wrap

COMPLETE_VAR = "_CIVCHECK_COMPLETE"  # set by the completion scripts (completion.py), however civcheck was started

_CHINESE: dict[str, str] = {}  # an option's English help -> its Chinese help


def zh_en(zh: str, en: str) -> str:
    """An option's help in both languages, declared beside the option (``help=zh_en("…", "…")``).

    Returns the English, which Typer keeps as the option's help; the Chinese is
    filed under it and shown when the help is asked for in Chinese.
    """
    key = inspect.cleandoc(en)
    known = _CHINESE.setdefault(key, zh)
    if known != zh:
        raise ValueError(f"the help {key!r} is given two Chinese texts: {known!r} and {zh!r}")
    return en


def chinese(help_text: str | None) -> str | None:
    """The Chinese filed under an option's English help, if any."""
    return _CHINESE.get(help_text or "")


def in_lang(help_text: str | None, lang: str) -> str:
    """An option's help in *lang*."""
    if not help_text:
        return ""
    return _CHINESE.get(help_text, help_text) if lang == "zh" else help_text


zh_en("显示本帮助并退出。", "Show this message and exit.")  # the help of Click's own -h/--help

WORDS: dict[str, tuple[str, str]] = {
    "usage": ("用法：", "Usage: "),
    "options_metavar": ("[选项]", "[OPTIONS]"),
    "command_metavar": ("命令 [参数]...", "COMMAND [ARGS]..."),
    "arguments": ("参数：", "Arguments:"),
    "options": ("选项：", "Options:"),
    "commands": ("命令：", "Commands:"),
    "examples": ("示例：", "Examples:"),
    "default": ("默认：{}", "default: {}"),
    "required": ("必填", "required"),
    "repeatable": ("可重复", "repeatable"),
    "separator": ("；", "; "),
}


def word(key: str, lang: str) -> str:
    zh, en = WORDS[key]
    return en if lang == "en" else zh


def wrapped(text: str, width: int, indent: str = "") -> list[str]:
    return wrap(text, max(width, 20), indent, cells)


def lang_of(ctx: Any) -> str:
    """The language of this command line (read from argv by the root group; else the environment)."""
    lang = getattr(ctx.find_root().command, "lang", None)
    return lang if isinstance(lang, str) else detect_lang()


def command_key(ctx: Any) -> str:
    """``score``, ``approvals check``, or ``""`` for civcheck itself: the key of :data:`about.ABOUT`."""
    names: list[str] = []
    while ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(reversed(names))


_TYPE_METAVARS = {"text": "TEXT", "str": "TEXT", "path": "PATH", "file": "FILE", "directory": "DIR", "integer": "N",
                  "float": "NUMBER", "boolean": "BOOL"}  # fmt: skip


def metavar(param: Any) -> str:
    """What stands for a parameter's value: ``PATHS...``, ``CHECKLIST``, ``FORMAT``, ``N``."""
    if param.param_type_name == "argument":
        if param.metavar:
            return str(param.metavar)
        return (param.name or "").upper() + ("..." if param.nargs != 1 else "")
    if param.metavar:
        return str(param.metavar)
    name = str(param.type.name)
    return _TYPE_METAVARS.get(name, name.upper())


def usage(command: Any, ctx: Any, lang: str, width: int) -> list[str]:
    """``用法：civcheck score [选项] PATHS...``, wrapped under itself when long."""
    pieces = [word("options_metavar", lang)]
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            shown = metavar(param)
            pieces.append(shown if param.required else f"[{shown}]")
    if isinstance(command, TyperGroup):
        pieces.append(word("command_metavar", lang))
    head = word("usage", lang) + ctx.command_path + " "
    lines = wrapped(" ".join(pieces), width - cells(head))
    return [head + lines[0]] + [" " * cells(head) + line for line in lines[1:]]


def option_label(param: Any) -> str:
    """``-f, --format FORMAT``: the short name first, the value's stand-in after."""
    names = sorted([*param.opts, *param.secondary_opts], key=lambda name: (name.startswith("--"), name))
    label = ", ".join(names)
    if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
        label += " " + metavar(param)
    return label


def param_help(param: Any, lang: str) -> str:
    """A parameter's help in *lang*, with its default, and whether it repeats or is required."""
    text = in_lang(param.help, lang)
    extras: list[str] = []
    default = param.default
    shown = param.param_type_name == "option" and param.show_default is True and not getattr(param, "is_flag", False)
    if shown and default not in (None, (), []) and not callable(default):
        extras.append(word("default", lang).format(default))
    if getattr(param, "multiple", False):
        extras.append(word("repeatable", lang))
    if param.required:
        extras.append(word("required", lang))
    if extras:
        note = "[" + word("separator", lang).join(extras) + "]"
        text = f"{text}  {note}" if text else note
    return text


def definitions(rows: list[tuple[str, str]], width: int) -> list[str]:
    """Label and text in two columns, the text wrapped beside its label (or under a long one)."""
    if not rows:
        return []
    first = min(max(cells(label) for label, _ in rows), 30)
    column = 2 + first + 2
    lines: list[str] = []
    for label, text in rows:
        body = wrapped(text, width - column) if text else [""]
        if cells(label) <= first:
            lines.append("  " + label + " " * (column - 2 - cells(label)) + body[0])
            rest = body[1:]
        else:
            lines.append("  " + label)
            rest = body
        lines += [" " * column + line for line in rest]
    return [line.rstrip() for line in lines]


def help_text(command: Any, ctx: Any, width: int) -> str:
    """The whole help of *command*, as printed."""
    from civcheck.cli.about import ABOUT

    lang = lang_of(ctx)
    n = 1 if lang == "en" else 0
    key = command_key(ctx)
    about = ABOUT[key]  # every command has its entry (tests/test_help.py)
    out = usage(command, ctx, lang, width)
    out += ["", *wrapped(about.summary[n], width, "  "), "", *wrapped(about.text[n], width, "  ")]
    params = command.get_params(ctx)
    arguments = [(metavar(p), param_help(p, lang)) for p in params if p.param_type_name == "argument"]
    options = [(option_label(p), param_help(p, lang)) for p in params
               if p.param_type_name == "option" and not getattr(p, "hidden", False)]  # fmt: skip
    sections: list[tuple[str, list[tuple[str, str]]]] = [("arguments", arguments)]
    if isinstance(command, TyperGroup):
        rows = []
        for name in command.list_commands(ctx):
            sub = ABOUT.get(f"{key} {name}".strip())
            rows.append((name, sub.summary[n] if sub is not None else ""))
        sections.append(("commands", rows))
    sections.append(("options", options))
    for heading, rows in sections:
        if rows:
            out += ["", word(heading, lang), *definitions(rows, width)]
    if about.examples:
        out += ["", word("examples", lang)]
        for example in about.examples:
            out += wrapped(example.en if lang == "en" else example.zh, width, "  # ")
            out.append("  " + example.command)
    return "\n".join(out) + "\n"


def suggestions(typed: str, known: list[str]) -> list[str]:
    """What a mistyped name may have meant: the likeliest, and any about as likely (``--formt``: ``--format``)."""
    from difflib import SequenceMatcher

    close = get_close_matches(typed, known, n=3, cutoff=0.6)
    scores = [SequenceMatcher(None, typed, name).ratio() for name in close]
    return [name for name, score in zip(close, scores, strict=True) if score >= scores[0] - 0.1]


def long_name(param: Any) -> str:
    """``--jobs`` rather than ``-j``: how messages name an option."""
    return max(param.opts, key=len) if param.opts else str(param.name)


class UnknownCommand(UsageError):
    """``civcheck scor``: no such command (with the ones it may have meant)."""

    def __init__(self, name: str, matches: list[str], ctx: Any) -> None:
        super().__init__(f"No such command {name!r}.", ctx)
        self.name = name
        self.matches = matches


class NotANumber(UsageError):
    """``--jobs x``: an option that takes a number was given something else."""

    def __init__(self, option: str, value: str, whole: bool, ctx: Any) -> None:
        super().__init__(f"{option}: {value!r} is not a {'whole number' if whole else 'number'}.", ctx)
        self.option = option
        self.value = value
        self.whole = whole


class _Number(ParamType):
    """Click's int and float, refusing a value with :class:`NotANumber` (said in the user's language)."""

    def __init__(self, kind: type[int] | type[float]) -> None:
        self.kind = kind
        self.name = "integer" if kind is int else "float"

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, self.kind) and not isinstance(value, bool):
            return value
        try:
            return self.kind(value)
        except (TypeError, ValueError):
            option = long_name(param) if param is not None else ""
            raise NotANumber(option, str(value), self.kind is int, ctx) from None


class _Localized:
    """Help, usage and completion of a command in the language of its command line."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(help_text(self, ctx, formatter.width))

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        formatter.write("\n".join(usage(self, ctx, lang_of(ctx), formatter.width)) + "\n")

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc,no-any-return]
        except UsageError as exc:  # the parser raises some without saying which command it was parsing
            if exc.ctx is None:
                exc.ctx = ctx
            raise

    def shell_complete(self, ctx: Any, incomplete: str) -> list[CompletionItem]:
        """Option names, with their help in the user's language."""
        if not incomplete or incomplete[0].isalnum():
            return []
        from typer._click.core import ParameterSource

        lang = lang_of(ctx)
        items = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if not isinstance(param, TyperOption) or param.hidden:
                continue
            if not param.multiple and ctx.get_parameter_source(param.name) is ParameterSource.COMMANDLINE:
                continue  # given already
            help_line = in_lang(param.help, lang)
            items += [CompletionItem(name, help=help_line) for name in [*param.opts, *param.secondary_opts]
                      if name.startswith(incomplete)]  # fmt: skip
        return items


class LocalizedCommand(_Localized, TyperCommand):
    """A civcheck command: help, usage and completion in the user's language."""


class LocalizedGroup(_Localized, TyperGroup):
    """A command with subcommands: the same, and "did you mean" for a mistyped subcommand."""

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name = args[0]
        command = self.get_command(ctx, name)
        if command is None and not ctx.resilient_parsing:
            if name.startswith("-"):  # an option where the command should be: let the parser say what is wrong
                self.parse_args(ctx, args)
            raise UnknownCommand(name, suggestions(name, self.list_commands(ctx)), ctx)
        return (name if command is not None else None), command, args[1:]

    def shell_complete(self, ctx: Any, incomplete: str) -> list[CompletionItem]:
        """Subcommands (without importing them) and options, with their summaries in the user's language."""
        from civcheck.cli.about import ABOUT

        n = 1 if lang_of(ctx) == "en" else 0
        key = command_key(ctx)
        items = []
        for name in self.list_commands(ctx):
            if name.startswith(incomplete):
                about = ABOUT.get(f"{key} {name}".strip())
                items.append(CompletionItem(name, help=about.summary[n] if about is not None else None))
        return items + super().shell_complete(ctx, incomplete)


def prepare(command: Any, lang_option: str | None) -> None:
    """Make a freshly built command (and its subcommands) civcheck's: numbers refused in the user's
    language, and the ``--lang`` read from the command line as every command's default (so that
    ``civcheck --lang en score …`` speaks English too)."""
    if not isinstance(command, (LocalizedCommand, LocalizedGroup)):
        raise TypeError(f"{command.name} is built from {type(command).__name__}, not from civcheck.cli.helptext")
    for param in command.params:
        if type(param.type) in (IntParamType, FloatParamType):
            param.type = _Number(int if isinstance(param.type, IntParamType) else float)
    if lang_option is not None and any(param.name == "lang" for param in command.params):
        command.context_settings = {**command.context_settings, "default_map": {"lang": lang_option}}
    for sub in getattr(command, "commands", {}).values():
        prepare(sub, lang_option)
