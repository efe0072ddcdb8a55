"""What a published bulletin adds to a ranking, decided once for every format: its head and 红黑榜.

The head reads like an official notice (通报): the issuing office, the
document number, the title, the round and the date.  (上轮得分 and 变化 are
columns of the ranking itself: :func:`civcheck.render.common.ranking_table`.)
Pure functions over a :class:`~civcheck.bulletin.Bulletin`.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from civcheck.bulletin import Bulletin, RedBlack
from civcheck.i18n import extend, t
from civcheck.render.common import score_text, site_label, veto_text
from civcheck.scoring import Result
from civcheck.views import ResultView

extend(
    {
        "pub.title": ("创建工作通报", "Bulletin"),
        "pub.date": ("成文日期：{date}", "Date: {date}"),
        "pub.dated": (
            "成文日期取本轮最后检查日期 {date}；可用 --date 指定",
            "the bulletin is dated {date}, the round's last inspection; choose another date with --date",
        ),
        "pub.dated_rounds": (
            "成文日期取各轮中最后的检查日期 {date}；可用 --date 指定",
            "the bulletin is dated {date}, the last inspection of its rounds; choose another date with --date",
        ),
        "pub.dated_today": (
            "答卷没有写检查日期（date），成文日期取今天 {date}；可用 --date 指定",
            "no answers file gives its inspection date, so the bulletin is dated today, {date}; "
            "choose another date with --date",
        ),
        "pub.doc_no": ("文号：{doc_no}", "No. {doc_no}"),
        "pub.issuer": ("发文单位：{issuer}", "Issued by: {issuer}"),
        "b.site_area": ("乡镇/网格", "Township/grid"),
        "rb.title": ("红黑榜", "Best and worst"),
        "rb.none": ("（无）", "(none)"),
        "rb.rule": (
            "红榜：已完成且达标、未被否决的前 {n} 名；黑榜：一票否决的点位全部列入，另加得分最低的点位至 {n} 个；"
            "同分并列者一并列入。",
            "Red: the {n} best finished, passing, unvetoed sites. Black: every vetoed site, then the lowest scores "
            "up to {n}. Ties at the edge are listed together.",
        ),
        "rb.unfinished": (
            "另有 {n} 个未完成的自查，不列入红黑榜。",
            "{n:unfinished self-check is|unfinished self-checks are} on neither list.",
        ),
        "r.evidence": ("佐证材料（照片）", "Evidence (photos)"),
    }
)


class Head(NamedTuple):
    """The head of a published bulletin, resolved: every field a format prints."""

    issuer: str
    doc_no: str
    title: str
    round: str
    date: dt.date | None  # None only for a bulletin built without api.build_bulletin, which always dates it


def head(b: Bulletin, lang: str) -> Head:
    """The bulletin's head: the given title, else 创建工作通报; its date (``api.build_bulletin`` always sets one)."""
    pub = b.publication
    return Head(
        issuer=pub.issuer,
        doc_no=pub.doc_no,
        title=pub.title or t("pub.title", lang),
        round=b.round or "",
        date=pub.date,
    )


def head_lines(h: Head, lang: str) -> list[str]:
    """The head as lines of plain text (md, the workbook's title rows): office, number, title, round and date."""
    lines = [h.issuer] if h.issuer else []
    if h.doc_no:
        lines.append(h.doc_no)
    lines.append(h.title)
    facts = [t("pub.round", lang, round=h.round)] if h.round else []
    if h.date is not None:
        facts.append(t("pub.date", lang, date=h.date.isoformat()))
    lines.append("　".join(facts) if lang == "zh" else " · ".join(facts))
    return lines


RB_KEYS = ("rb.list", "b.rank", "w.site", "w.checklist", "w.score", "w.vetoed", "b.worst")


def red_black_members(lists: RedBlack) -> list[tuple[str, int, ResultView | None]]:
    """The rows of one round's 红黑榜 as (list, rank, row): red, then black; ``None`` stands for an empty list."""
    out: list[tuple[str, int, ResultView | None]] = []
    for key, members in (("rb.red", lists.red), ("rb.black", lists.black)):
        out += [(key, number, r) for number, r in members] or [(key, 0, None)]
    return out


def red_black_rows(lists: RedBlack, lang: str) -> list[list[str]]:
    """One round's 红黑榜 as table rows: the red list, then the black list (a dash row where a list is empty)."""
    rows: list[list[str]] = []
    for key, number, r in red_black_members(lists):
        if r is None:
            rows.append([t(key, lang), "-", t("rb.none", lang), "", "", "", ""])
            continue
        worst = f"{r.worst} {r.worst_text}".strip() or "-"
        rows.append([t(key, lang), str(number), site_label(r.site, r.site_name), r.checklist_label,
                     score_text(r.rounded), veto_text(r, lang), worst])  # fmt: skip
    return rows


def red_black_note(b: Bulletin, lists: RedBlack, lang: str) -> str:
    """The rule the lists follow, and the unfinished self-checks on neither."""
    note = t("rb.rule", lang, n=b.red_black_size)
    if lists.unfinished:
        note += " " + t("rb.unfinished", lang, n=lists.unfinished)
    return note


def evidence_of(result: Result) -> list[tuple[str, tuple[str, ...]]]:
    """Each answered item's evidence paths (the inspector's photos), in checklist order."""
    answers = result.assessment.answers
    return [(item.id, answers[item.id].evidence) for item in result.checklist.iter_items()
            if item.id in answers and answers[item.id].evidence]  # fmt: skip
