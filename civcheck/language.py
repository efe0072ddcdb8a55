"""Which language civcheck speaks: ``--lang``, else ``CIVCHECK_LANG``, else the locale.

Kept apart from the message catalogue (``i18n.py``) because the command line
must know the language before it prints anything — ``civcheck --help``
included — and loading the whole catalogue for that would slow every start.
A C/POSIX or unknown locale falls back to Chinese, the language the tool's
users work in.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

LANGS = ("zh", "en")


def normalize(lang: str | None) -> str | None:
    """``zh_CN.UTF-8`` → ``zh``; ``en-US`` → ``en``; other languages → None."""
    if not lang:
        return None
    code = lang.replace("-", "_").split("_")[0].split(".")[0].lower()
    if code in LANGS:
        return code
    return None


def detect_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language from ``CIVCHECK_LANG`` or the locale; Chinese by default."""
    env = os.environ if environ is None else environ
    explicit = normalize(env.get("CIVCHECK_LANG"))
    if explicit:
        return explicit
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):  # gettext's order
        value = env.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return normalize(value) or "en"
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import locale

        code = locale.getlocale()[0] or ""
        if code.lower().startswith(("zh", "chinese")):
            return "zh"
        if code:
            return "en"
    return "zh"


def lang_in_argv(argv: list[str]) -> str | None:
    """The value of the last ``--lang X`` (or ``--lang=X``) on a command line, wherever it stands.

    Read before the command line is parsed, so that help and parser errors are
    already in that language (``civcheck score --help --lang en``).  Nothing
    after ``--`` is an option.  The value is returned as typed: the command
    refuses one it does not know.
    """
    found = None
    for n, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and n + 1 < len(argv):
            found = argv[n + 1]
        elif arg.startswith("--lang="):
            found = arg[len("--lang=") :]
    return found


def lang_of(argv: list[str], environ: Mapping[str, str] | None = None) -> str:
    """The language a command line asks for: its ``--lang`` when known, else :func:`detect_lang`."""
    return normalize(lang_in_argv(argv)) or detect_lang(environ)
