"""Generate a 150-item checklist and N answers files for the benchmarks.

Deterministic (seeded), so every run measures the same files.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

ITEMS = 150
SECTIONS = 10


def checklist_yaml() -> str:
    lines = [
        "format: civcheck.checklist/1",
        "id: bench",
        'version: "1"',
        "title: {zh: 基准测试检查表, en: Benchmark checklist}",
        "scoring: {pass_mark: 80}",
        "sections:",
    ]
    per_section = ITEMS // SECTIONS
    for s in range(SECTIONS):
        lines += [f"  - id: s{s}", f"    title: {{zh: 分组{s}, en: Section {s}}}", "    items:"]
        for i in range(per_section):
            n = s * per_section + i
            kind = ("check", "deduct", "grade")[n % 3]
            lines.append(f"      - id: B-{s}.{i}")
            lines.append(f"        text: {{zh: 第{n}项检查内容，逐条逐项核查, en: Standard number {n}}}")
            lines.append(f"        kind: {kind}")
            lines.append("        points: 4")
            if kind == "deduct":
                lines.append("        per: 0.5")
            if n % 17 == 0:
                lines.append("        critical: true")
            lines.append("        owner: {zh: 城管执法中队, en: Urban management squad}")
            lines.append("        deadline_days: 15")
    return "\n".join(lines) + "\n"


def answers(n: int, rng: random.Random) -> dict[str, object]:
    values: dict[str, object] = {}
    per_section = ITEMS // SECTIONS
    for s in range(SECTIONS):
        for i in range(per_section):
            k = s * per_section + i
            item = f"B-{s}.{i}"
            kind = ("check", "deduct", "grade")[k % 3]
            roll = rng.random()
            if kind == "check":
                value: object = "pass" if roll < 0.85 or k % 17 == 0 else "fail"
            elif kind == "deduct":
                value = 0 if roll < 0.7 else rng.randint(1, 6)
            else:
                value = rng.choice(["excellent", "good", "good", "fair", "poor"])
            if value in ("fail", "poor") or (isinstance(value, int) and value > 0):
                value = {
                    ("found" if kind == "deduct" else "status" if kind == "check" else "level"): value,
                    "note": f"第{n}号点位发现问题，现场拍照留存",
                }
            values[item] = value
    return {
        "format": "civcheck.answers/1",
        "checklist": "bench",
        "checklist_version": "1",
        "site": {"id": f"site-{n:05d}", "name": f"第{n}村", "grid": f"第{n % 8 + 1}网格"},
        "round": "2026-07",
        "date": "2026-07-10",
        "assessor": "张三",
        "answers": values,
    }


def to_yaml(doc: dict[str, object]) -> str:
    import yaml

    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)


def generate(root: Path, count: int, fmt: str = "yaml") -> tuple[Path, Path]:
    """Write the checklist and *count* answers files; return (checklists dir, answers dir)."""
    checklists = root / "checklists"
    answers_dir = root / f"answers-{fmt}-{count}"
    checklists.mkdir(parents=True, exist_ok=True)
    (checklists / "bench.yaml").write_text(checklist_yaml(), encoding="utf-8")
    if answers_dir.exists() and len(list(answers_dir.iterdir())) == count:
        return checklists, answers_dir
    answers_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20260710)
    for n in range(count):
        doc = answers(n, rng)
        if fmt == "json":
            text = json.dumps(doc, ensure_ascii=False, indent=1)
        else:
            text = to_yaml(doc).replace("date: '2026-07-10'", "date: 2026-07-10")
        (answers_dir / f"site-{n:05d}.{fmt}").write_text(text, encoding="utf-8")
    return checklists, answers_dir
