"""What the command-line parser refused, said in the user's language (format.md §5: exit 2).

Click raises its usage errors in English (``No such option: --formt``);
here each kind is said again in the language of the command line, with
what the user may have meant (``是不是要用 --format？``), then the usage
line of the command and where to find its help.  Loaded only when a command
line is refused.
"""

from __future__ import annotations

from typing import Any, NoReturn

from typer import Abort
from typer._click.exceptions import BadOptionUsage, ClickException, MissingParameter, NoSuchOption, UsageError

from civcheck.cli.helptext import NotANumber, UnknownCommand, in_lang, lang_of, long_name, metavar, suggestions, usage
from civcheck.i18n import extend, t

extend(
    {
        "cli.no_command": ("没有 {name} 这个命令", "there is no command {name}"),
        "cli.no_option": ("没有 {name} 这个选项", "there is no option {name}"),
        "cli.did_you_mean": ("{message}；是不是要用 {names}？", "{message}; did you mean {names}?"),
        "cli.or": (" 或 ", " or "),
        "cli.missing_argument": ("缺少参数 {name}", "missing argument {name}"),
        "cli.missing_option": ("缺少必填的选项 {name}", "missing option {name}"),
        "cli.needs_value": ("选项 {name} 后面缺少值", "the option {name} needs a value"),
        "cli.with_help": ("{message}（{help}）", "{message} ({help})"),
        "cli.takes_no_value": ("选项 {name} 不带值", "no value may follow the option {name}"),
        "cli.not_whole": ("{name} 的值 {value} 不是整数", "{name}: {value} is not a whole number"),
        "cli.not_number": ("{name} 的值 {value} 不是数字", "{name}: {value} is not a number"),
        "cli.extra_one": ("多余的参数：{args}", "an unexpected extra argument: {args}"),
        "cli.extra_many": ("多余的参数：{args}", "unexpected extra arguments: {args}"),
        "cli.missing_command": ("缺少命令", "no command given"),
        "cli.hint_command": ("运行 {command} --help 查看全部选项和示例。",
                             "Run {command} --help for every option, with examples."),
        "cli.hint_group": ("运行 {command} --help 查看全部命令。", "Run {command} --help for every command."),
        "cli.aborted": ("已中止", "aborted"),
    }
)  # fmt: skip


def refuse(exc: ClickException | Abort, lang: str) -> NoReturn:
    """Say why the command line was refused, and exit (2 for a usage error)."""
    from civcheck.cli._shell import EXIT_INPUT, refuse_command_line
    from civcheck.interrupt import EXIT_INTERRUPTED, caused_by_interrupt, handled, message

    if isinstance(exc, Abort):  # Click's word for a Ctrl-C (or an end of input) while it parsed
        if caused_by_interrupt(exc):
            handled()
            refuse_command_line([message(lang)], EXIT_INTERRUPTED)
        refuse_command_line([f"civcheck: {t('cli.aborted', lang)}"], EXIT_INPUT)
    if exc.__class__.__name__ == "NoArgsIsHelpError":  # `civcheck` alone: its help, as Click does
        refuse_command_line(exc.format_message().splitlines(), exc.exit_code)
    if not isinstance(exc, UsageError):
        refuse_command_line([f"civcheck: {exc.format_message()}"], exc.exit_code)
    ctx = exc.ctx
    if ctx is not None:
        lang = lang_of(ctx)
    lines = [f"civcheck: {explain(exc, lang)}"]
    if ctx is not None:
        lines += usage(ctx.command, ctx, lang, ctx.make_formatter().width)
        hint = "cli.hint_group" if hasattr(ctx.command, "commands") else "cli.hint_command"
        lines.append(t(hint, lang, command=ctx.command_path))
    refuse_command_line(lines, EXIT_INPUT)


def explain(exc: UsageError, lang: str) -> str:
    """The usage error *exc* in *lang*."""
    if isinstance(exc, UnknownCommand):
        return _maybe_meant(t("cli.no_command", lang, name=exc.name), exc.matches, lang)
    if isinstance(exc, NoSuchOption):
        return _maybe_meant(t("cli.no_option", lang, name=exc.option_name), _options_like(exc), lang)
    if isinstance(exc, NotANumber):
        return t("cli.not_whole" if exc.whole else "cli.not_number", lang, name=exc.option, value=exc.value)
    if isinstance(exc, MissingParameter) and exc.param is not None:
        param = exc.param
        if param.param_type_name == "argument":
            message = t("cli.missing_argument", lang, name=metavar(param))
        else:
            message = t("cli.missing_option", lang, name=long_name(param))
        return _with_help(message, param, lang)
    if isinstance(exc, BadOptionUsage):
        param = _param_named(exc.ctx, exc.option_name)
        if exc.message.endswith("does not take a value."):
            return t("cli.takes_no_value", lang, name=exc.option_name)
        return _with_help(t("cli.needs_value", lang, name=exc.option_name), param, lang)
    if exc.message.startswith("Got unexpected extra argument"):
        extra = exc.message.partition(" (")[2].rpartition(")")[0]  # Got unexpected extra argument(s) (a b)
        key = "cli.extra_many" if len(extra.split()) > 1 else "cli.extra_one"
        return t(key, lang, args=extra)
    if exc.message == "Missing command.":
        return t("cli.missing_command", lang)
    return exc.format_message()  # nothing else is raised by civcheck's commands; said as Click says it


def _maybe_meant(message: str, names: list[str], lang: str) -> str:
    if not names:
        return message
    return t("cli.did_you_mean", lang, message=message, names=t("cli.or", lang).join(names))


def _options_like(exc: NoSuchOption) -> list[str]:
    """The long options of the command that look like the one typed, likeliest first."""
    if exc.ctx is None:
        return list(exc.possibilities or [])
    names = [name for param in exc.ctx.command.get_params(exc.ctx) for name in param.opts if name.startswith("--")]
    return suggestions(exc.option_name, names)


def _param_named(ctx: Any, option: str) -> Any:
    if ctx is None:
        return None
    return next((p for p in ctx.command.get_params(ctx) if option in (*p.opts, *p.secondary_opts)), None)


def _with_help(message: str, param: Any, lang: str) -> str:
    help_line = in_lang(getattr(param, "help", None), lang).rstrip("。.")
    return t("cli.with_help", lang, message=message, help=help_line) if help_line else message
