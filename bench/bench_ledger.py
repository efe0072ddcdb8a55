"""The ledger and rounds compared, against scoring the same files; the ledger workbook against its floor.

    python bench/bench_ledger.py [--files 1000] [--repeat 3] [--jobs 1]

On N generated answers files of 150 items (bench/out/, shared with bench_score.py), times, best of --repeat,
each end to end in a subprocess with its peak resident memory:
  score        `civcheck score DIR --format json --output F`
  ledger       `civcheck ledger DIR --format json --output F`
  compare      `civcheck compare DIR DIR --format json --output F`
  ledger xlsx  `civcheck ledger DIR --format xlsx --output F`
and the floor for the workbook: openpyxl's write-only mode writing the same rows with one shared named
style, in-process, from the JSON ledger.  Ratios are to `score` and to that floor, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

OUT = Path(__file__).parent / "out"


def run(args: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one civcheck command."""
    code = (
        "import resource, subprocess, sys, time; s = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "civcheck", *args], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    wall, rss = out.split()
    return float(wall), int(rss) / 1024


def floor(ledger_json: Path) -> float:
    """openpyxl write-only with one named style: the least a workbook of these rows can cost."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, NamedStyle

    entries = json.loads(ledger_json.read_text(encoding="utf-8"))["entries"]
    start = time.perf_counter()
    book = Workbook(write_only=True)
    style = NamedStyle("plain", alignment=Alignment(vertical="top", wrap_text=True))
    book.add_named_style(style)
    sheet = book.create_sheet("ledger")
    for n, e in enumerate(entries, 1):
        values = [n, e["id"], e["township"], e["grid"], e["site"], e["site_name"], e["checklist"], e["item_text"],
                  e["problem"], e["lost"], e["owner"], e["person"], e["remedy"], e["found_on"], e["due"], e["status"],
                  e["closed_on"], e["closed_by"], e["overdue"], ", ".join(e["rounds"]),
                  "\n".join(e["history"])]  # fmt: skip
        row = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.style = "plain"
            row.append(cell)
        sheet.append(row)
    book.save(OUT / "floor.xlsx")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args()
    checklists, answers = generate(OUT, args.files, "yaml")
    common = ["--checklists", str(checklists), "--jobs", str(args.jobs), "--no-progress"]
    commands = {
        "score": ["score", str(answers), "--format", "json", "--output", str(OUT / "b.json"), *common],
        "ledger": ["ledger", str(answers), "--format", "json", "--output", str(OUT / "l.json"), *common],
        "compare": ["compare", str(answers), str(answers), "--format", "json", "--output", str(OUT / "c.json"),
                    *common],
        "ledger xlsx": ["ledger", str(answers), "--format", "xlsx", "--output", str(OUT / "l.xlsx"), *common],
    }  # fmt: skip
    best: dict[str, tuple[float, float]] = {}
    for name, command in commands.items():
        runs = [run(command) for _ in range(args.repeat)]
        best[name] = (min(r[0] for r in runs), max(r[1] for r in runs))
    tasks = len(json.loads((OUT / "l.json").read_text(encoding="utf-8"))["entries"])
    t_floor = min(floor(OUT / "l.json") for _ in range(args.repeat))
    score = best["score"][0]
    print(f"{args.files} answers files of 150 items, {tasks} ledger tasks, --jobs {args.jobs}")
    for name, (wall, rss) in best.items():
        print(f"  {name:<12} {wall:7.3f} s  {wall / score:5.2f}x score  peak {rss:6.1f} MiB")
    xlsx_write = best["ledger xlsx"][0] - best["ledger"][0]  # the workbook's share of the run
    print(f"  xlsx floor   {t_floor:7.3f} s  (write-only, one named style, {tasks} rows)")
    print(f"  ledger xlsx minus ledger json: {xlsx_write:.3f} s = {xlsx_write / t_floor:4.2f}x the floor")


if __name__ == "__main__":
    main()
