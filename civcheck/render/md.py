"""Markdown output, for pasting into a bulletin or a wiki.

Notes come from the field and are untrusted: every cell is escaped so that
text cannot break the table or smuggle in HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from civcheck.errors import Problem
from civcheck.i18n import t
from civcheck.render import Context
from civcheck.render.common import (
    GAP_HEADERS,
    SCORE_HEADERS,
    SECTION_HEADERS,
    gap_rows,
    header_lines,
    notices,
    score_row,
    section_rows,
)
from civcheck.scoring import Result
from civcheck.views import result_view

_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def escape(text: str) -> str:
    """Make *text* inert inside a Markdown table cell."""
    flat = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(escape(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def score(results: Sequence[Result], problems: Sequence[Problem], ctx: Context) -> str:
    lang = ctx.lang
    rows = [score_row(result_view(r, lang), lang) for r in results]
    out = table([t(h, lang) for h in SCORE_HEADERS], rows)
    if problems:
        out += "\n" + "".join(f"- {escape(p.format(lang))}\n" for p in problems)
    return out


def report(result: Result, ctx: Context) -> str:
    lang = ctx.lang
    v = result_view(result, lang)
    parts = [f"# {t('r.title', lang)}: {escape(v['site']['name'] or v['site']['id'])}\n\n"]
    parts.append("".join(f"- **{escape(k)}**: {escape(val)}\n" for k, val in header_lines(v, lang)))
    parts.extend(f"\n> {escape(n)}\n" for n in notices(v, lang))
    sections = table([t(h, lang) for h in SECTION_HEADERS], section_rows(v, lang))
    parts.append(f"\n## {t('r.sections', lang)}\n\n" + sections)
    parts.append(f"\n## {t('r.gaps', lang)}\n\n")
    rows = gap_rows(v, lang)
    parts.append(table([t(h, lang) for h in GAP_HEADERS], rows) if rows else t("r.no_gaps", lang) + "\n")
    return "".join(parts)
