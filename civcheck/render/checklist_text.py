"""A checklist as something to read: ``civcheck show`` and ``civcheck checklists``."""

from __future__ import annotations

from collections.abc import Sequence

from civcheck.i18n import t
from civcheck.kinds import kind_of
from civcheck.model import Checklist, Item, Section
from civcheck.render import Context
from civcheck.render.common import fmt
from civcheck.render.table import table
from civcheck.text import visible


def _num(value: object) -> str:
    from fractions import Fraction

    if isinstance(value, Fraction):
        return fmt(int(value) if value.denominator == 1 else float(value))
    return fmt(value)


def item_line(item: Item, lang: str, checklist: Checklist | None = None) -> str:
    parts = [f"{item.id}  {item.text.get(lang)}", f"[{t('kind.' + item.kind, lang)} {_num(item.points)}]"]
    parts += kind_of(item).show(item, lang)
    if item.critical:
        parts.append(f"[{t('r.critical', lang)}]")
    if not item.na:
        parts.append(f"({t('s.na_refused', lang)})")
    if item.when:
        from civcheck.words import condition

        parts.append(f"{t('s.when', lang)}: {condition(item, lang, checklist)}")
    return " ".join(parts)


def _section_points(section: Section) -> str:
    return _num(sum(item.points for item in section.iter_items()))


def _section_line(section: Section, lang: str) -> str:
    title = section.title.get(lang) or section.id
    extra = f"  ({_section_points(section)})"
    if section.weight is not None:
        extra += f"  {t('s.weight', lang)} {_num(section.weight)}"
    return f"[{section.id}] {title}{extra}"


def checklist_tree(checklist: Checklist, ctx: Context) -> str:
    lang = ctx.lang
    items = list(checklist.iter_items())
    head = [
        f"{checklist.id} {checklist.version}  {checklist.title.get(lang)}",
        f"{t('s.model', lang)}: {checklist.model}  {t('s.pass_mark', lang)}: {_num(checklist.pass_mark)}  "
        + t("s.items_total", lang, n=len(items), points=_num(sum(i.points for i in items))),
    ]
    if ctx.rich:
        import io

        from rich.console import Console
        from rich.text import Text
        from rich.tree import Tree

        # Text, not markup: "[order]" (a section id) or a checklist's own brackets would be read as Rich style tags
        tree = Tree(Text(head[0]))
        tree.add(Text(head[1]))

        def add_rich(node: Tree, section: Section) -> None:
            branch = node.add(Text(_section_line(section, lang)))
            for item in section.items:
                branch.add(Text(item_line(item, lang, checklist)))
            for child in section.sections:
                add_rich(branch, child)

        for section in checklist.sections:
            add_rich(tree, section)
        console = Console(file=io.StringIO(), width=ctx.width, no_color=not ctx.color, highlight=False, emoji=False)
        console.print(tree)
        assert isinstance(console.file, io.StringIO)
        return visible(console.file.getvalue())

    lines = list(head)

    def add(section: Section, depth: int) -> None:
        pad = "  " * depth
        lines.append(pad + _section_line(section, lang))
        lines.extend(pad + "  " + item_line(item, lang, checklist) for item in section.items)
        for child in section.sections:
            add(child, depth + 1)

    for section in checklist.sections:
        add(section, 0)
    return "\n".join(lines) + "\n"


def checklist_list(checklists: Sequence[Checklist], ctx: Context) -> str:
    lang = ctx.lang
    header = [t(k, lang) for k in ("w.id", "w.version", "w.title", "w.items", "w.path")]
    rows = [
        [c.id, c.version, c.title.get(lang), str(sum(1 for _ in c.iter_items())), _shown_path(c.path)]
        for c in sorted(checklists, key=lambda c: (c.id, c.version))
    ]
    from civcheck.render.layout import KEEP, NUMBER, Col

    return table("", header, rows, (KEEP, KEEP, Col(wrap=True, least=16), NUMBER, Col(drop=1)), ctx)


def _shown_path(path: str) -> str:
    """A path as people read it: relative to the working folder when it lies below it."""
    import os

    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if relative.startswith("..") else relative
