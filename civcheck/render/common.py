"""Small helpers shared by the human-facing renderers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from civcheck.i18n import extend, t
from civcheck.render.layout import display_width, pad
from civcheck.views import GapView, NaView, ResultView, SectionView, flat_sections

__all__ = ["display_width", "pad"]

extend(
    {
        "b.previous": ("上轮得分", "Last round"),
        "b.change": ("变化", "Change"),
        "b.new_site": ("新增", "new"),
        "b.previous_note": ("上轮为 {round}", "last round: {round}"),
        "chart.vetoed": ("一票否决", "vetoed"),
        "w.checklist_title": ("检查表名称", "Checklist title"),
        "rb.red": ("红榜", "Red list (best)"),
        "rb.black": ("黑榜", "Black list (worst)"),
        "rb.list": ("榜单", "List"),
        "b.na": ("不适用", "Not applicable"),
        "b.na_cell": ("{n} 项 / {points} 分", "{n:item|items} / {points:pt|pts}"),
        "b.na_n": ("{n} 项", "{n:item|items}"),
        "b.summary_na": ("；{sites} 个点位答不适用 {n} 项", "; {n:item|items} answered N/A at {sites:site|sites}"),
        "b.summary_na_unapproved": ("，其中未经批准 {n} 项", ", {n} of them unapproved"),
        "b.na_points_n": ("{points} 分", "{points:pt|pts}"),
        "b.na_unapproved": ("未经批准 {n}", "{n} unapproved"),
        "b.na_strict": ("（按未检）", " (scored as unanswered)"),
        "b.na_no_reason": ("未说明理由 {n}", "{n} without a reason"),
        "b.na_items": ("不适用项数", "N/A items"),
        "b.na_points": ("不适用分值", "N/A points"),
        "b.na_unapproved_n": ("未经批准项数", "Unapproved N/A"),
        "b.na_no_reason_n": ("未说明理由项数", "N/A without reason"),
        "r.na": ("不适用项", "Items not applicable"),
        "r.na_points": ("分值", "Points"),
        "r.na_reason": ("理由", "Reason"),
        "r.na_approval": ("批准情况", "Approval"),
        "r.na_no_reason": ("未说明理由", "no reason given"),
        "r.na_approved": ("已批准（至 {date}）", "approved (until {date})"),
        "r.na_expired": ("批准已于 {date} 到期", "approval expired on {date}"),
        "r.na_unapproved": ("未经批准", "not approved"),
        "r.na_scored_missing": ("，按未检计分", "; scored as unanswered"),
        "r.na_note": (
            "未经批准的不适用项应报创建办核批；批准文件可用 civcheck approvals check 检查",
            "Unapproved N/A items go to the office for approval (civcheck approvals check lints the approvals file)",
        ),
    }
)


class NaCount(NamedTuple):
    """A row's 不适用 at a glance: how many, the points taken out of the score, how many lack approval or reason."""

    items: int
    points: Decimal
    unapproved: int
    unanswered: int  # --strict-na: unapproved ones scored as 未检 (their points not excluded)
    no_reason: int


def na_count(row: ResultView) -> NaCount:
    """Count a row's 不适用 answers; the points are those actually excluded from the score."""
    na = row.not_applicable
    return NaCount(
        len(na),
        sum((n.points for n in na if not n.unanswered), Decimal(0)),
        sum(1 for n in na if n.approved is False),
        sum(1 for n in na if n.unanswered),
        sum(1 for n in na if not n.reason.strip()),
    )


def na_text(row: ResultView, lang: str) -> str:
    """The bulletin's 不适用 cell: ``3 项 / 12 分；未经批准 2；未说明理由 1``, or ``-``."""
    c = na_count(row)
    if not c.items:
        return "-"
    parts = [t("b.na_cell", lang, n=c.items, points=fmt(c.points)), *na_flags(c, lang)]
    return ("；" if lang == "zh" else "; ").join(parts)


def na_flags(c: NaCount, lang: str) -> list[str]:
    """What is wrong with a row's 不适用: ``未经批准 2（按未检）``, ``未说明理由 1``."""
    flags = []
    if c.unapproved:
        flags.append(t("b.na_unapproved", lang, n=c.unapproved) + (t("b.na_strict", lang) if c.unanswered else ""))
    if c.no_reason:
        flags.append(t("b.na_no_reason", lang, n=c.no_reason))
    return flags


def yes_no(value: bool | None, lang: str) -> str:
    if value is None:
        return ""
    return t("w.yes" if value else "w.no", lang)


def fmt(value: Any) -> str:
    """A number (or text) as shown to people: points without trailing zeros (71.8, 35)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        value = Decimal(repr(value))  # already rounded: show exactly that decimal
    if not isinstance(value, (Decimal, int)):
        return str(value)
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt_score(value: Decimal | None, decimals: int) -> str:
    """A percentage already rounded half-up, shown with the checklist's decimals (87.50)."""
    return "-" if value is None else f"{value:.{decimals}f}"


def shown_path(path: str, ctx: Any) -> str:
    """A file as people find it: relative to the folder the command ran in when it lies below it.

    A run over ``/tmp/…/2026-08`` from the township's folder shows
    ``2026-08/hexi--village-ring.yaml``, not an absolute path that means
    nothing on the next computer; a file elsewhere keeps its path.
    """
    import os.path

    cwd = getattr(ctx, "cwd", "")
    if not cwd or not os.path.isabs(path):
        return path
    relative = os.path.relpath(path, cwd)
    return path if relative.startswith("..") else relative


def several(keys: Iterable[Hashable]) -> set[Hashable]:
    """The keys met more than once: a site (in a round) under several checklists, whose rows must each name theirs.

    A ranking with 东坡村 at 2 and at 7 is only readable if each row says which
    checklist it is; a terminal table that drops its 检查表 column writes it
    after the site on these rows (:func:`civcheck.render.layout.grid`).
    """
    return {key for key, n in Counter(keys).items() if n > 1}


def site_label(site_id: str, name: str = "") -> str:
    """兴隆村 (xinglong): a site as people and machines both recognise it."""
    return f"{name} ({site_id})" if name and name != site_id else site_id


def class_label(klass: str | None, lang: str) -> str:
    return t(f"class.{klass}", lang) if klass else "-"


def category_label(category: str, lang: str) -> str:
    return t(f"cat.{category}", lang)


def one_line(text: str, limit: int = 0) -> str:
    """Collapse line breaks (a note typed over several lines) for a table cell."""
    flat = " ".join(str(text).split())
    if limit and len(flat) > limit:
        return flat[: limit - 1] + "…"
    return flat


def header_lines(v: ResultView, lang: str) -> list[tuple[str, str]]:
    """The facts at the top of a report, as (label, value) pairs."""
    return [
        (t("w.site", lang), site_label(v.site, v.site_name)),
        (t("w.checklist", lang), f"{v.checklist_title} ({v.checklist} {v.version})"),
        (t("w.round", lang), v.round or "-"),
        (t("w.date", lang), v.date.isoformat() if v.date else "-"),
        (t("w.assessor", lang), v.assessor or "-"),
        (t("w.score", lang), f"{fmt_score(v.rounded, v.decimals)}  ({fmt(v.earned)}/{fmt(v.possible)})"),
        (t("w.grade", lang), v.grade_shown or "-"),
        (t("w.passed", lang), yes_no(v.passed, lang)),
        (t("w.vetoed", lang), veto_text(v, lang)),  # 是（暂定） while the self-check is unfinished
        *([(t("b.progress", lang), progress_text(v, lang))] if not v.complete else []),
        *([(t("b.na", lang), na_text(v, lang))] if v.not_applicable else []),
    ]


def approval_text(n: NaView, lang: str) -> str:
    """已批准（至 …）, 批准已于 … 到期, 未经批准 (，按未检计分 under --strict-na); ``-`` when none are judged."""
    if n.approval is None:
        return "-"
    date = n.expires.isoformat() if n.expires else "-"
    text = t(f"r.na_{n.approval}", lang, date=date)
    return text + (t("r.na_scored_missing", lang) if n.unanswered else "")


def na_rows(v: ResultView, lang: str) -> tuple[list[str], list[list[str]]]:
    """The report's 不适用 items: id, points, reason (未说明理由 when none), and approval when approvals are in play."""
    judged = any(n.approval is not None for n in v.not_applicable)
    header = [t("w.item", lang), t("r.na_points", lang), t("r.na_reason", lang)]
    header += [t("r.na_approval", lang)] if judged else []
    rows = []
    for n in v.not_applicable:
        row = [n.item, fmt(n.points), one_line(n.reason) or t("r.na_no_reason", lang)]
        rows.append(row + ([approval_text(n, lang)] if judged else []))
    return header, rows


def notices(v: ResultView, lang: str) -> list[str]:
    """Sentences a report must not leave out: no score, unanswered items (未检)."""
    out = []
    if v.rounded is None:
        out.append(t("r.no_score", lang))
    if v.missing:
        out.append(t("r.incomplete", lang, n=len(v.missing)))
        out.append(t("r.missing", lang, items=", ".join(v.missing)))
    return out


SECTION_HEADERS = ("w.section", "w.score", "w.earned", "w.possible", "w.class")


def section_class(s: SectionView, failed: int, lang: str) -> str:
    """强项/一般/弱项 by score, then the items not done at all (漏项 N) and those unanswered (未检 N)."""
    parts = [class_label(s.standing, lang)] if s.standing else []
    if failed:
        parts.append(f"{t('cat.failed', lang)} {failed}")
    if s.missing:
        parts.append(f"{t('cat.missing', lang)} {len(s.missing)}")
    return " / ".join(parts) or "-"


def section_rows(v: ResultView, lang: str) -> list[list[str]]:
    failed: dict[str, int] = {}
    for g in v.gaps:
        if g.category == "failed":
            failed[g.section] = failed.get(g.section, 0) + 1
    rows = []
    for depth, s in flat_sections(v.sections):
        rows.append(
            [
                "  " * depth + (f"{s.title} ({s.id})" if s.title else s.id),
                fmt_score(s.score, v.decimals),
                fmt(s.earned),
                fmt(s.possible),
                section_class(s, failed.get(s.id, 0) if not s.sections else 0, lang),
            ]
        )
    return rows


GAP_HEADERS = ("w.item", "w.text", "w.category", "w.lost", "w.impact", "w.owner", "w.due", "w.remedy", "w.note")


def gap_category(g: GapView, lang: str) -> str:
    """漏项/弱项/未检, and [否决项] on a veto item."""
    return category_label(g.category, lang) + (f" [{t('r.critical', lang)}]" if g.critical else "")


def gap_rows(v: ResultView, lang: str) -> list[list[str]]:
    return [
        [g.item, one_line(g.text), gap_category(g, lang), fmt(g.lost), fmt_score(g.impact, v.decimals),
         g.owner or "-", g.due.isoformat() if g.due else "-", one_line(g.remedy) or "-", one_line(g.note)]
        for g in v.gaps
    ]  # fmt: skip


# --- bulletins -----------------------------------------------------------------

RANK_KEYS = ("b.round", "b.rank", "w.site", "b.township", "b.grid", "w.checklist", "w.score", "b.previous", "b.change",
             "w.grade", "w.passed", "w.vetoed", "b.progress", "b.na", "w.gaps", "b.worst")  # fmt: skip


GROUP_KEYS = ("b.key", "b.sites", "b.mean", "b.min", "b.pass_rate", "b.vetoes")
GROUP_HEADINGS = {"township": "b.township", "grid": "b.grid", "checklist": "w.checklist"}  # a roll-up's first column


def score_text(value: object) -> str:
    """A rounded Decimal score as written (87.50), or a dash."""
    return "-" if value is None else str(value)


def progress_text(row: ResultView, lang: str) -> str:
    """``未完成 4/27`` for a self-check still in progress; empty for a finished one."""
    return "" if row.complete else t("b.incomplete_n", lang, done=row.answered, total=row.to_answer)


def veto_text(row: ResultView, lang: str) -> str:
    """是 (VR-5.1), and 是（暂定） when the self-check is unfinished: a veto on an incomplete file may change."""
    if not row.vetoed:
        return yes_no(False, lang)
    word = t("b.veto_provisional", lang) if not row.complete else yes_no(True, lang)
    return word + (f" ({', '.join(row.vetoes)})" if row.vetoes else "")


def veto_or_score(row: ResultView, lang: str) -> str:
    """A row's outcome in a few words: its score, or the veto that overrides it."""
    if row.vetoed:
        return f"{score_text(row.rounded)} {t('b.vetoed_by', lang, items=', '.join(row.vetoes))}"
    return score_text(row.rounded)


def ranking_columns(bulletin: Any) -> list[str]:
    """The ranking's columns: round only when several are ranked, township/grid/progress only when some row has them."""
    rows = bulletin.rows
    hide = set()
    if len({r.round for r in rows}) < 2:
        hide.add("b.round")
    if not any(r.township for r in rows):
        hide.add("b.township")
    if not any(r.grid for r in rows):
        hide.add("b.grid")
    if all(r.complete for r in rows):
        hide.add("b.progress")
    if not any(r.not_applicable for r in rows):
        hide.add("b.na")
    if getattr(bulletin, "previous_round", None) is None:
        hide.update(("b.previous", "b.change"))
    return [k for k in RANK_KEYS if k not in hide]


def signed(delta: Decimal | None, decimals: int, ascii_only: bool = False) -> str:
    """``↑2.40``, ``↓1.10``, ``0.00`` (``+2.40``/``-1.10`` without arrows); ``-`` where nothing compares.

    ↑ and ↓ are in GBK, so a Chinese console shows them; ``ascii_only`` is for consoles that have neither.
    """
    if delta is None:
        return "-"
    size = f"{abs(delta):.{decimals}f}"
    if delta > 0:
        return ("+" if ascii_only else "↑") + size
    if delta < 0:
        return ("-" if ascii_only else "↓") + size
    return size


def change_cells(bulletin: Any, row: ResultView, lang: str, ascii_only: bool = False) -> tuple[str, str]:
    """(上轮得分, 变化) for one row: the last round's score (its veto noted) or 新增, and the signed change."""
    change = bulletin.change(row)
    if change is None:
        return "-", "-"
    if change.previous is None:
        return t("b.new_site", lang), "-"
    before = change.previous
    text = "-" if before.rounded is None else f"{before.rounded:.{row.decimals}f}"
    if before.vetoed:
        text += f" ({t('chart.vetoed', lang)})"
    return text, signed(change.delta, row.decimals, ascii_only)


def ranking_table(
    bulletin: Any, lang: str, limit: int = 0, ascii_only: bool = False
) -> tuple[list[str], list[list[str]]]:
    """The ranking as (header, rows); checklists by their short title (简称)."""
    keep = ranking_columns(bulletin)
    out = []
    for number, r in bulletin.ranked:
        previous, change = change_cells(bulletin, r, lang, ascii_only) if "b.previous" in keep else ("", "")
        cells = {
            "b.round": r.round or "-",
            "b.rank": str(number),
            "w.site": site_label(r.site, r.site_name),
            "b.township": r.township or "-",
            "b.grid": r.grid or "-",
            "w.checklist": r.checklist_label,
            "w.score": score_text(r.rounded),
            "b.previous": previous,
            "b.change": change,
            "w.grade": r.grade_shown or "-",
            "w.passed": yes_no(r.passed, lang),
            "w.vetoed": veto_text(r, lang),
            "b.progress": progress_text(r, lang),
            "b.na": na_text(r, lang) if "b.na" in keep else "",
            "w.gaps": str(r.gap_count),
            "b.worst": one_line(f"{r.worst} {r.worst_text}", limit) if r.worst else "-",
        }
        out.append([cells[k] for k in keep])
    return [t(k, lang) for k in keep], out


def ranking_title(bulletin: Any, lang: str) -> str:
    """得分排名, with the round the changes are measured from when one is compared: 得分排名（上轮为 2026-07）."""
    title = t("b.ranking", lang)
    previous = getattr(bulletin, "previous_round", None)
    if previous:
        note = t("b.previous_note", lang, round=previous)
        title += f"（{note}）" if lang == "zh" else f" ({note})"
    return title


def group_table(groups: Any, by: str, lang: str) -> tuple[str, list[str], list[list[str]]]:
    """One roll-up as (title, header, rows)."""
    header = [t(GROUP_HEADINGS[by], lang)] + [t(k, lang) for k in GROUP_KEYS[1:]]
    rows = [
        [g.key, str(g.sites), score_text(g.mean), score_text(g.min), f"{g.pass_rate}%", str(g.vetoes)] for g in groups
    ]
    return t("b.rollup", lang, by=t(f"b.by_{by}", lang)), header, rows


def missing_table(bulletin: Any, lang: str) -> tuple[list[str], list[list[str]]]:
    rows = [[site_label(site, bulletin.names.get(site, "")), checklist] for site, checklist in bulletin.missing]
    return [t("w.site", lang), t("w.checklist", lang)], rows


def summary(bulletin: Any, lang: str) -> str:
    """The one summary line: finished self-checks by outcome, unfinished ones apart, 不适用 and its approval."""
    n = bulletin.tally
    rounds = bulletin.rounds
    text = t("b.summary", lang, n=n.total, passed=n.passed, failed=n.failed, vetoed=n.vetoed)
    if n.incomplete:
        text += t("b.summary_incomplete", lang, n=n.incomplete)
    counts = [na_count(r) for r in bulletin.rows if r.not_applicable]
    if counts:  # said here too, so that no screen is too narrow to show it
        text += t("b.summary_na", lang, n=sum(c.items for c in counts), sites=len(counts))
        unapproved = sum(c.unapproved for c in counts)
        if unapproved:
            text += t("b.summary_na_unapproved", lang, n=unapproved)
    if len(rounds) > 1:
        text += t("b.summary_rounds", lang, n=len(rounds))
    return text
