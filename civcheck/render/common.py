"""Small helpers shared by the human-facing renderers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from civcheck.i18n import t
from civcheck.render.layout import display_width, pad

__all__ = ["display_width", "pad"]


def yes_no(value: bool | None, lang: str) -> str:
    if value is None:
        return ""
    return t("w.yes" if value else "w.no", lang)


def fmt(value: Any) -> str:
    """A number or text as shown to people: no trailing ``.0`` on whole points."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        # already rounded half-up to the checklist's decimals: show exactly that decimal
        text = format(Decimal(repr(value)), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def fmt_score(value: float | None, decimals: int) -> str:
    """A percentage already rounded half-up, shown with the checklist's decimals."""
    from decimal import Decimal

    return "-" if value is None else f"{Decimal(repr(value)):.{decimals}f}"


def site_label(site: dict[str, Any]) -> str:
    name = site.get("name") or ""
    return f"{name} ({site['id']})" if name and name != site["id"] else str(site["id"])


def class_label(klass: str | None, lang: str) -> str:
    return t(f"class.{klass}", lang) if klass else "-"


def section_class(s: dict[str, Any], lang: str) -> str:
    """强项/一般/弱项 by score, and 漏项 with the count where items are unanswered."""
    label = class_label(s["standing"], lang) if s.get("standing") else ""
    if s["missing"]:
        missing = f"{class_label('missing', lang)} {len(s['missing'])}"
        return f"{label} / {missing}" if label else missing
    return label or "-"


def category_label(category: str, lang: str) -> str:
    return t(f"cat.{category}", lang)


def one_line(text: str, limit: int = 0) -> str:
    """Collapse line breaks (a note typed over several lines) for a table cell."""
    flat = " ".join(str(text).split())
    if limit and len(flat) > limit:
        return flat[: limit - 1] + "…"
    return flat


def score_row(v: dict[str, Any], lang: str) -> list[str]:
    """One result as the cells of the score listing (shared by md and table)."""
    return [
        site_label(v["site"]),
        f"{v['checklist']['id']} {v['checklist']['version']}",
        v["round"] or "-",
        fmt_score(v["score"], v["decimals"]),
        v["grade_label"] or v["grade"] or "-",
        yes_no(v["passed"], lang),
        yes_no(v["vetoed"], lang),
        str(len(v["gaps"])),
    ]


SCORE_HEADERS = ("w.site", "w.checklist", "w.round", "w.score", "w.grade", "w.passed", "w.vetoed", "w.gaps")


def header_lines(v: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The facts at the top of a report, as (label, value) pairs."""
    lines = [
        (t("w.site", lang), site_label(v["site"])),
        (t("w.checklist", lang), f"{v['checklist']['title']} ({v['checklist']['id']} {v['checklist']['version']})"),
        (t("w.round", lang), v["round"] or "-"),
        (t("w.date", lang), v["date"] or "-"),
        (t("w.assessor", lang), v["assessor"] or "-"),
        (t("w.score", lang), f"{fmt_score(v['score'], v['decimals'])}  ({fmt(v['earned'])}/{fmt(v['possible'])})"),
        (t("w.grade", lang), v["grade_label"] or v["grade"] or "-"),
        (t("w.passed", lang), yes_no(v["passed"], lang)),
        (t("w.vetoed", lang), yes_no(v["vetoed"], lang) + (f"  ({', '.join(v['vetoes'])})" if v["vetoes"] else "")),
    ]
    return lines


def notices(v: dict[str, Any], lang: str) -> list[str]:
    """Sentences a report must not leave out: no score, unanswered items."""
    out = []
    if v["score"] is None:
        out.append(t("r.no_score", lang))
    if v["missing"]:
        out.append(t("r.incomplete", lang, n=len(v["missing"])))
        out.append(t("r.missing", lang, items=", ".join(v["missing"])))
    return out


SECTION_HEADERS = ("w.section", "w.score", "w.earned", "w.possible", "w.class")


def section_rows(v: dict[str, Any], lang: str) -> list[list[str]]:
    from civcheck.views import flat_sections

    rows = []
    for depth, s in flat_sections(v["sections"]):
        rows.append(
            [
                "  " * depth + f"{s['title']} ({s['id']})" if s["title"] else s["id"],
                fmt_score(s["score"], v["decimals"]),
                fmt(s["earned"]),
                fmt(s["possible"]),
                class_label(s["class"], lang) + (f" ({len(s['missing'])})" if s["missing"] else ""),
            ]
        )
    return rows


GAP_HEADERS = ("w.item", "w.text", "w.category", "w.lost", "w.impact", "w.owner", "w.due", "w.remedy", "w.note")


def gap_rows(v: dict[str, Any], lang: str) -> list[list[str]]:
    rows = []
    for g in v["gaps"]:
        category = category_label(g["category"], lang)
        if g["critical"]:
            category += f" [{t('r.critical', lang)}]"
        rows.append(
            [
                g["item"],
                one_line(g["text"]),
                category,
                fmt(g["lost"]),
                fmt_score(g["impact"], v["decimals"]),
                g["owner"] or "-",
                g["due"] or "-",
                one_line(g["remedy"]) or "-",
                one_line(g["note"]) or "",
            ]
        )
    return rows


# --- bulletins -----------------------------------------------------------------

RANK_KEYS = ("b.round", "b.rank", "w.site", "b.township", "b.grid", "w.checklist", "w.score", "w.grade", "w.passed",
             "w.vetoed", "b.progress", "w.gaps", "b.worst")  # fmt: skip


GROUP_KEYS = ("b.key", "b.sites", "b.mean", "b.min", "b.pass_rate", "b.vetoes")


def score_text(value: object) -> str:
    """A rounded Decimal score as written (87.50), or a dash."""
    return "-" if value is None else str(value)


def progress_text(row: Any, lang: str) -> str:
    """``未完成 4/27`` for a self-check still in progress; empty for a finished one."""
    return "" if row.complete else t("b.incomplete_n", lang, done=row.answered, total=row.to_answer)


def veto_text(row: Any, lang: str) -> str:
    """是 (VR-5.1), and 是（暂定） when the self-check is unfinished: a veto on an incomplete file may change."""
    if not row.vetoed:
        return yes_no(False, lang)
    word = t("b.veto_provisional", lang) if not row.complete else yes_no(True, lang)
    return word + (f" ({', '.join(row.vetoes)})" if row.vetoes else "")


def veto_or_score(row: Any, lang: str) -> str:
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
    return [k for k in RANK_KEYS if k not in hide]


def ranking_table(bulletin: Any, lang: str, limit: int = 0) -> tuple[list[str], list[list[str]]]:
    """The ranking as (header, rows)."""
    keep = ranking_columns(bulletin)
    out = []
    for number, r in bulletin.ranked:
        cells = {
            "b.round": r.round or "-",
            "b.rank": str(number),
            "w.site": site_label({"id": r.site, "name": r.site_name}),
            "b.township": r.township or "-",
            "b.grid": r.grid or "-",
            "w.checklist": r.checklist,
            "w.score": score_text(r.rounded),
            "w.grade": r.grade_label or "-",
            "w.passed": yes_no(r.passed, lang),
            "w.vetoed": veto_text(r, lang),
            "b.progress": progress_text(r, lang),
            "w.gaps": str(r.gaps),
            "b.worst": one_line(f"{r.worst} {r.worst_text}", limit) if r.worst else "-",
        }
        out.append([cells[k] for k in keep])
    return [t(k, lang) for k in keep], out


def group_table(groups: Any, by: str, lang: str) -> tuple[str, list[str], list[list[str]]]:
    """One roll-up as (title, header, rows)."""
    header = [t(f"b.by_{by}", lang)] + [t(k, lang) for k in GROUP_KEYS[1:]]
    rows = [
        [g.key, str(g.sites), score_text(g.mean), score_text(g.min), f"{g.pass_rate}%", str(g.vetoes)] for g in groups
    ]
    return t("b.rollup", lang, by=t(f"b.by_{by}", lang)), header, rows


def missing_table(bulletin: Any, lang: str) -> tuple[list[str], list[list[str]]]:
    rows = [
        [site_label({"id": site, "name": bulletin.names.get(site, "")}), checklist]
        for site, checklist in bulletin.missing
    ]
    return [t("w.site", lang), t("w.checklist", lang)], rows


def summary(bulletin: Any, lang: str) -> str:
    """The one summary line: finished self-checks by outcome, unfinished ones apart."""
    n = bulletin.tally
    rounds = bulletin.rounds
    text = t("b.summary", lang, n=n.total, passed=n.passed, failed=n.failed, vetoed=n.vetoed)
    if n.incomplete:
        text += t("b.summary_incomplete", lang, n=n.incomplete)
    if len(rounds) > 1:
        text += t("b.summary_rounds", lang, n=len(rounds))
    return text
