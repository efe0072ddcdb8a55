"""Tables for people: Rich in a terminal, tabulate when piped.

Rich is imported only here and only when drawing for a terminal, so that
start-up and piped batch runs never pay for it.  Nothing drawn here needs a
character a GBK console lacks; with ``ctx.ascii`` even the rules are ASCII.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from civcheck.bulletin import Bulletin
from civcheck.i18n import t
from civcheck.render import Context
from civcheck.render.common import (
    GAP_HEADERS,
    SECTION_HEADERS,
    category_label,
    display_width,
    fmt,
    fmt_score,
    gap_rows,
    group_table,
    header_lines,
    missing_table,
    notices,
    one_line,
    pad,
    ranking_table,
    section_rows,
    summary,
)
from civcheck.scoring import Result
from civcheck.views import result_view


def plain_table(header: Sequence[str], rows: Sequence[Sequence[str]], ctx: Context) -> str:
    from tabulate import tabulate

    return str(tabulate(rows, headers=list(header), tablefmt=ctx.table_format, disable_numparse=True)) + "\n"


def _console(ctx: Context) -> object:
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=ctx.width,
        force_terminal=ctx.color,
        no_color=not ctx.color,
        color_system="standard" if ctx.color else None,
        highlight=False,
        emoji=False,
        legacy_windows=False,
    )


def _rich_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], ctx: Context, title: str = "", wide: Sequence[int] = ()
) -> object:
    from rich import box
    from rich.table import Table

    table = Table(
        title=title or None,
        box=box.ASCII2 if ctx.ascii else box.SIMPLE_HEAD,
        title_justify="left",
        show_edge=False,
        pad_edge=False,
    )
    for n, heading in enumerate(header):
        table.add_column(
            heading, overflow="fold", ratio=3 if n in wide else None, no_wrap=n not in wide and len(header) > 3
        )
    for row in rows:
        table.add_row(*row)
    return table


def _render(ctx: Context, *renderables: object) -> str:
    from rich.console import Console
    from rich.text import Text

    console = _console(ctx)
    assert isinstance(console, Console)
    for r in renderables:
        console.print(Text(r) if isinstance(r, str) else r)
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def _gap_blocks(v: dict[str, Any], ctx: Context) -> object:
    """Gaps as numbered blocks: nine columns cannot share 80, a block can wrap."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    lang = ctx.lang
    parts: list[Text | Padding] = [Text(t("r.gaps", lang), style="italic")]
    for n, g in enumerate(v["gaps"], 1):
        head = Text(f"{n}. {g['item']}  ", style="bold")
        head.append(f"[{category_label(g['category'], lang)}]", style="yellow")
        if g["critical"]:
            head.append(f" [{t('r.critical', lang)}]", style="bold red")
        head.append(
            f"  {t('w.lost', lang)} {fmt(g['lost'])}  {t('w.impact', lang)} {fmt_score(g['impact'], v['decimals'])}"
        )
        lines = [one_line(g["text"])]
        lines.append(f"{t('w.owner', lang)}: {g['owner'] or '-'}    {t('w.due', lang)}: {g['due'] or '-'}")
        if g["remedy"]:
            lines.append(f"{t('w.remedy', lang)}: {one_line(g['remedy'])}")
        if g["note"]:
            lines.append(f"{t('w.note', lang)}: {one_line(g['note'])}")
        parts.append(head)
        parts.extend(Padding(Text(line), (0, 0, 0, 3)) for line in lines)
    return Group(*parts)


def bulletin(b: Bulletin, ctx: Context) -> str:
    """The ranking, then each roll-up, then the assessments the roster still misses."""
    lang = ctx.lang
    if not b.rows and not b.missing:
        return t("b.no_results", lang) + "\n"
    header, rows = ranking_table(b, lang, limit=24 if ctx.rich else 0)
    tables = [(t("b.ranking", lang), header, rows)]
    tables += [group_table(groups, by, lang) for by, groups in b.groups.items()]
    if b.missing:
        tables.append((t("b.missing", lang), *missing_table(b, lang)))
    if ctx.rich:
        parts: list[object] = [summary(b, lang)]
        parts += [_rich_table(h, r, ctx, title=title, wide=(1,)) for title, h, r in tables]
        return _render(ctx, *parts)
    out = [summary(b, lang), ""]
    for title, h, r in tables:
        out += [title, plain_table(h, r, ctx)]
    return "\n".join(out)


def report(result: Result, ctx: Context) -> str:
    lang = ctx.lang
    v = result_view(result, lang)
    facts = header_lines(v, lang)
    width = max(display_width(k) for k, _ in facts)
    head = "\n".join(f"{pad(k, width)}  {val}" for k, val in facts)
    sections = ([t(h, lang) for h in SECTION_HEADERS], section_rows(v, lang))
    gaps = ([t(h, lang) for h in GAP_HEADERS], gap_rows(v, lang))
    extra = notices(v, lang)
    if ctx.rich:
        parts: list[object] = [t("r.title", lang), head, *extra, ""]
        parts.append(_rich_table(*sections, ctx, title=t("r.sections", lang), wide=(0,)))
        if v["gaps"]:
            parts.append(_gap_blocks(v, ctx))
        else:
            parts.append(t("r.no_gaps", lang))
        return _render(ctx, *parts)
    out = [
        t("r.title", lang),
        "=" * 20,
        head,
        *extra,
        "",
        t("r.sections", lang),
        plain_table(*sections, ctx),
        t("r.gaps", lang),
    ]
    out.append(plain_table(*gaps, ctx) if gaps[1] else t("r.no_gaps", lang) + "\n")
    return "\n".join(out)
