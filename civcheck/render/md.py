"""Markdown output, for pasting into a bulletin or a wiki.

Notes come from the field and are untrusted: every cell is escaped so that
text cannot break the table or smuggle in HTML.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from civcheck.bulletin import Bulletin
from civcheck.i18n import t
from civcheck.ledger import Ledger
from civcheck.render import Context
from civcheck.render.common import (
    GAP_HEADERS,
    SECTION_HEADERS,
    gap_rows,
    group_table,
    header_lines,
    missing_table,
    na_rows,
    notices,
    ranking_table,
    ranking_title,
    section_rows,
    summary,
)
from civcheck.render.ledger_rows import (
    LedgerPage,
    View,
    as_of_line,
    cells,
    compare_rows,
    counts_tables,
    extra_headings,
    handout_groups,
    handout_header,
    handout_headings,
    handout_rows,
    headings,
    missing_rows,
    selected,
)
from civcheck.render.publication import RB_KEYS, evidence_of, head, head_lines, red_black_note, red_black_rows
from civcheck.rounds import Comparison
from civcheck.scoring import Result
from civcheck.views import view_of

_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def escape(text: str) -> str:
    """Make *text* inert inside a Markdown table cell."""
    flat = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(escape(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(escape(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def bulletin(b: Bulletin, ctx: Context) -> str:
    """The notice's head (office, number, title, round, date), the summary, the ranking, 红黑榜, roll-ups."""
    lang = ctx.lang
    h = head(b, lang)
    parts = [f"**{escape(h.issuer)}**\n\n" if h.issuer else "", f"{escape(h.doc_no)}\n\n" if h.doc_no else ""]
    parts.append(f"# {escape(h.title)}\n\n{escape(head_lines(h, lang)[-1])}\n\n{escape(summary(b, lang))}\n\n")
    header, rows = ranking_table(b, lang)
    parts.append(f"## {escape(ranking_title(b, lang))}\n\n" + table(header, rows))
    for lists in b.red_black:
        title = t("rb.title", lang) + (f" {lists.round}" if len(b.rounds) > 1 else "")
        rb = table([t(k, lang) for k in RB_KEYS], red_black_rows(lists, lang))
        parts.append(f"\n## {escape(title)}\n\n{rb}\n{escape(red_black_note(b, lists, lang))}\n")
    for by, groups in b.groups.items():
        title, header, rows = group_table(groups, by, lang)
        parts.append(f"\n## {escape(title)}\n\n" + table(header, rows))
    if b.missing:
        header, rows = missing_table(b, lang)
        parts.append(f"\n## {t('b.missing', lang)}\n\n" + table(header, rows))
    if b.problems:
        parts.append("\n" + "".join(f"- {escape(p.format(lang))}\n" for p in b.problems))
    return "".join(parts)


def report(result: Result, ctx: Context) -> str:
    lang = ctx.lang
    v = view_of(result, lang)
    parts = [f"# {t('r.title', lang)}: {escape(v.site_name or v.site)}\n\n"]
    parts.append("".join(f"- **{escape(k)}**: {escape(val)}\n" for k, val in header_lines(v, lang)))
    parts.extend(f"\n> {escape(n)}\n" for n in notices(v, lang))
    sections = table([t(h, lang) for h in SECTION_HEADERS], section_rows(v, lang))
    parts.append(f"\n## {t('r.sections', lang)}\n\n" + sections)
    parts.append(f"\n## {t('r.gaps', lang)}\n\n")
    rows = gap_rows(v, lang)
    parts.append(table([t(h, lang) for h in GAP_HEADERS], rows) if rows else t("r.no_gaps", lang) + "\n")
    if v.not_applicable:
        parts.append(f"\n## {t('r.na', lang)}\n\n" + table(*na_rows(v, lang)))
        if any(n.approved is False for n in v.not_applicable):
            parts.append(f"\n> {escape(t('r.na_note', lang))}\n")
    evidence = evidence_of(result)
    if evidence:
        parts.append(f"\n## {t('r.evidence', lang)}\n\n")
        parts.extend(
            f"- {escape(item)}: " + ", ".join(f"`{_code(p)}`" for p in paths) + "\n" for item, paths in evidence
        )
    return "".join(parts)


def _code(path: str) -> str:
    """A path inside a code span: backticks and line breaks cannot close it or break the list."""
    return " ".join(path.replace("`", "'").split())


# --- the ledger and rounds compared -------------------------------------------------


def _ledger(ledger: Ledger, ctx: Context, view: View) -> str:
    lang = ctx.lang
    if view.by:
        parts = [f"# {t('l.handouts', lang)}\n"]  # each 交办单's head line says 截至 …
        for h in handout_groups(ledger, view):
            parts.append(f"\n## {escape(h.key)}\n\n{escape(handout_header(h, ledger, view, lang))}\n\n")
            parts.append(table(handout_headings(ledger, lang), handout_rows(h, ledger, view, lang)))
        return "".join(parts)
    entries = selected(ledger, view)
    extras = extra_headings(entries)
    rows = [[str(c) for c in cells(e, n, ledger, lang, extras)] for n, e in enumerate(entries, 1)]
    parts = [f"# {t('l.title', lang)}\n\n{escape(as_of_line(ledger, lang))}\n\n",
             table(headings(lang, extras, ledger.today), rows)]  # fmt: skip
    for title, header, table_rows in counts_tables(ledger, lang):
        parts.append(f"\n## {escape(title)}\n\n" + table(header, table_rows))
    if ledger.missing:
        parts.append(f"\n## {t('l.missing', lang)}\n\n" + table(*missing_rows(ledger, lang)))
    return "".join(parts)


def compare(rows: Sequence[Comparison], ctx: Context) -> str:
    lang = ctx.lang
    header, both, one = compare_rows(rows, lang)
    both = [[*r[:5], f"**{r[5]}**" if r[5] != "-" else r[5], *r[6:]] for r in both]  # persisting stands out
    out = f"# {t('c.title', lang)}\n\n" + _md_rows(header, both)
    if one:
        out += f"\n## {t('c.one_round', lang)}\n\n" + _md_rows(header, one)
    return out


def _md_rows(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(escape(h) for h in header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells_ = [f"**{escape(c[2:-2])}**" if c.startswith("**") and c.endswith("**") else escape(c) for c in row]
        lines.append("| " + " | ".join(cells_) + " |")
    return "\n".join(lines) + "\n"


def ledger(page: LedgerPage, ctx: Context) -> str:
    """The ledger (or its 交办单, or what is due soon), as the page asks."""
    return _ledger(page.ledger, ctx, page.view)
