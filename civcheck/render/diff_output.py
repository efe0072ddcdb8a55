"""``civcheck diff`` output: text for people, json for tools; pure functions returning strings."""

from __future__ import annotations

import json
from typing import Any

from civcheck.diff import Change, ChecklistDiff, DiffReport
from civcheck.i18n import extend, t
from civcheck.render import Context
from civcheck.render.common import fmt, one_line
from civcheck.views import problem_json

DIFF_FORMAT = "civcheck.diff/1"

extend(
    {
        "diff.scope.checklist": ("检查表", "checklist"),
        "diff.scope.section": ("分组", "section"),
        "diff.scope.item": ("条目", "item"),
        "diff.f.added": ("新增", "added"),
        "diff.f.removed": ("删除", "removed"),
        "diff.f.id": ("编号", "id"),
        "diff.f.kind": ("类型", "kind"),
        "diff.f.points": ("分值", "points"),
        "diff.f.per": ("每处扣分", "per"),
        "diff.f.critical": ("否决项", "critical"),
        "diff.f.na": ("可答不适用", "na allowed"),
        "diff.f.when": ("适用条件", "when"),
        "diff.f.levels": ("等级", "levels"),
        "diff.f.text": ("检查内容", "text"),
        "diff.f.hint": ("检查提示", "hint"),
        "diff.f.sample": ("抽样方法", "sample"),
        "diff.f.short_title": ("简称", "short title"),
        "diff.f.owner": ("责任单位", "owner"),
        "diff.f.remedy": ("整改措施", "remedy"),
        "diff.f.method": ("检查方法", "method"),
        "diff.f.evidence": ("佐证", "evidence"),
        "diff.f.deadline_days": ("整改时限（天）", "deadline_days"),
        "diff.f.section": ("所在分组", "section"),
        "diff.f.parent": ("上级分组", "parent section"),
        "diff.f.weight": ("权重", "weight"),
        "diff.f.title": ("名称", "title"),
        "diff.f.model": ("计分模型", "model"),
        "diff.f.decimals": ("小数位", "decimals"),
        "diff.f.pass_mark": ("达标线", "pass_mark"),
        "diff.f.strong_mark": ("强项线", "strong_mark"),
        "diff.f.grades": ("等级档", "grades"),
        "diff.f.grade_labels": ("等级档名称", "grade labels"),
        "diff.f.level_labels": ("等级名称", "level labels"),
        "diff.f.total": ("总分", "total"),
        "diff.f.site_types": ("适用点位类型", "site_types"),
        "diff.f.source": ("出处", "source"),
        "diff.f.tags": ("标签", "tags"),
        "diff.scoring": ("影响计分的改动：", "Scoring-relevant changes:"),
        "diff.other": ("其他改动：", "Other changes:"),
        "diff.none": ("没有改动。", "No changes."),
        "diff.item_summary": (
            "分组 {section}，{kind}，{points} 分",
            "section {section}, {kind}, {points:point|points}",
        ),
        "diff.in_parent": ("上级分组 {parent}", "in {parent}"),
        "diff.ok_bumped": (
            "{n} 处改动影响计分，version 已从 {old} 升级为 {new}。",
            "{n:scoring-relevant change|scoring-relevant changes}; version bumped from {old} to {new}.",
        ),
        "diff.ok_text": ("没有影响计分的改动。", "No scoring-relevant change."),
        "diff.unversioned": (
            "{n} 处改动影响计分，但 version 仍为 {version}：请升级 version，并保留旧版本文件给已有答卷使用。",
            "{n:scoring-relevant change|scoring-relevant changes} but version is still {version}: bump version, "
            "and keep the old file for the answers that name it.",
        ),
    }
)


def _label(field: str, lang: str) -> str:
    return t(f"diff.f.{field}", lang)


def _show(value: Any) -> str:
    if value is None or value == {}:  # nothing there (a text or a mapping not given)
        return "-"
    if isinstance(value, str):
        return f'"{one_line(value, 60)}"'
    if isinstance(value, (bool, int, float)):
        return fmt(value)
    if isinstance(value, list):
        if all(isinstance(v, dict) and set(v) == {"id", "min"} for v in value) and value:
            return ", ".join(f"{v['id']}≥{fmt(v['min'])}" for v in value)
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    if isinstance(value, dict) and all(isinstance(v, list) for v in value.values()):
        return "; ".join(f"{k}={'|'.join(fmt(x) for x in v)}" for k, v in value.items()) or "{}"
    if isinstance(value, dict) and all(isinstance(v, (int, float, str)) for v in value.values()):
        return ", ".join(f"{k}={fmt(v)}" for k, v in value.items()) or "{}"
    return one_line(json.dumps(value, ensure_ascii=False), 80)


def _describe(change: Change, lang: str) -> list[str]:
    """What changed, in one or more short phrases (one per language of a re-worded text)."""
    if change.field in ("added", "removed"):
        info = change.new if change.field == "added" else change.old
        head = _label(change.field, lang)
        colon, left, right = ("：", "（", "）") if lang == "zh" else (": ", " (", ")")
        if change.scope == "item":
            kind = t(f"kind.{info['kind']}", lang)
            summary = t("diff.item_summary", lang, section=info["section"], kind=kind, points=fmt(info["points"]))
            return [f"{head}{colon}{summary}"]
        if info.get("parent"):
            return [f"{head}{left}{t('diff.in_parent', lang, parent=info['parent'])}{right}"]
        return [head]
    label = _label(change.field, lang)
    colon = "：" if lang == "zh" else ": "
    old, new = change.old, change.new
    texts = change.field in ("text", "hint", "owner", "remedy", "title")
    if texts and isinstance(old, dict) and isinstance(new, dict):
        langs = sorted(set(old) | set(new), key=lambda code: (code != "zh", code != "en", code))
        return [
            f"{label}.{code}{colon}{_show(old.get(code))} → {_show(new.get(code))}"
            for code in langs
            if old.get(code) != new.get(code)
        ]
    return [f"{label}{colon}{_show(old)} → {_show(new)}"]


def _line(change: Change, lang: str) -> list[str]:
    mark = {"added": "+", "removed": "-"}.get(change.field, "~")
    scope = t(f"diff.scope.{change.scope}", lang)
    return [f"    {mark} {scope} {change.id}  {phrase}" for phrase in _describe(change, lang)]


def _verdict(diff: ChecklistDiff, lang: str) -> str:
    n = sum(1 for c in diff.changes if c.scoring)
    if diff.unversioned:
        return t("diff.unversioned", lang, n=n, version=diff.new.version)
    if n:
        return t("diff.ok_bumped", lang, n=n, old=diff.old.version, new=diff.new.version)
    return t("diff.ok_text", lang) if diff.changes else t("diff.none", lang)


def text(report: DiffReport, ctx: Context) -> str:
    diffs, lang = report.diffs, ctx.lang
    blocks = []
    for diff in diffs:
        lines = [
            f"{diff.new.id}: {diff.old.version} → {diff.new.version}  ({diff.old_name} → {diff.new_name})",
        ]
        scoring = [c for c in diff.changes if c.scoring]
        other = [c for c in diff.changes if not c.scoring]
        for title, changes in (("diff.scoring", scoring), ("diff.other", other)):
            if changes:
                lines.append("  " + t(title, lang))
                lines += [line for change in changes for line in _line(change, lang)]
        lines.append("  " + _verdict(diff, lang))
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


def _side(name: str, checklist: Any) -> dict[str, Any]:
    return {"file": name, "id": checklist.id, "version": checklist.version}


def json_(report: DiffReport, ctx: Context) -> str:
    diffs, problems, lang = report.diffs, report.problems, ctx.lang
    document = {
        "format": DIFF_FORMAT,
        "diffs": [
            {
                "old": _side(d.old_name, d.old),
                "new": _side(d.new_name, d.new),
                "scoring_changed": d.scoring_changed,
                "version_changed": d.version_changed,
                "unversioned": d.unversioned,
                "changes": [
                    {
                        "scope": c.scope,
                        "id": c.id,
                        "field": c.field,
                        "old": c.old,
                        "new": c.new,
                        "scoring": c.scoring,
                    }
                    for c in d.changes
                ],
            }
            for d in diffs
        ],
        "errors": [problem_json(p, lang) for p in problems],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
