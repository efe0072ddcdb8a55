"""Batch scoring throughput and memory, as ratios to floors measured in the same run.

    python bench/bench_score.py [--files 1000] [--runs 5] [--memory-files 20000] [--quick]

Generates answers files of 150 items (bench/out/, deterministic, reused) and
measures, as medians of --runs runs taken in turn so that a busy moment hits
floor and civcheck alike:

  YAML floor  yaml.load(text, Loader=CSafeLoader) of every file, in one process (libyaml's own reading)
  JSON floor  json.loads of every file plus json.dumps of every result civcheck writes for it
  civcheck    `civcheck score DIR --format json --output FILE --jobs N` end to end, in a fresh process
              (start-up, finding the files, the round, scoring, the ranking, writing and fsync included)

then peak memory (the largest process's resident set) of `score` over --memory-files JSON files in
each streamed format.  Prints a Markdown table; the targets are those of the throughput issue.
Python's bytecode is compiled first and used, as in any installed package.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

OUT = Path(__file__).parent / "out"
ROOT = Path(__file__).parent.parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def yaml_floor(files: list[Path]) -> float:
    import yaml

    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def json_floor(files: list[Path], results: list[object]) -> float:
    start = time.perf_counter()
    for path in files:
        json.loads(path.read_text(encoding="utf-8"))
    for result in results:
        json.dumps(result, ensure_ascii=False)
    return time.perf_counter() - start


def civcheck(answers: Path, checklists: Path, jobs: int, fmt: str = "json") -> tuple[float, float]:
    """Wall time and peak resident memory (MiB) of one `civcheck score` run in a fresh process."""
    out = OUT / f"score.{fmt}"
    cmd = [sys.executable, "-m", "civcheck", "score", str(answers), "--checklists", str(checklists), "--format", fmt,
           "--output", str(out), "--jobs", str(jobs), "--no-progress"]  # fmt: skip
    code = (
        "import resource, subprocess, sys, time; s = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stderr=subprocess.DEVNULL); "
        "print(time.perf_counter() - s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", code, *cmd], check=True, capture_output=True, text=True, env=ENV)
    wall, rss = done.stdout.split()
    return float(wall), int(rss) / 1024


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--memory-files", type=int, default=20000)
    parser.add_argument("--big", type=int, default=4000, help="files for the speed-up of --jobs 2 at scale")
    parser.add_argument("--quick", action="store_true", help="fewer runs and 5,000 files for memory")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.memory_files, args.big = 3, 5000, 2000
    compileall.compile_dir(str(ROOT / "civcheck"), quiet=1)
    rows: list[tuple[str, str, str, str]] = []
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

    checklists, yaml_dir = generate(OUT, args.files, "yaml")
    yaml_files = sorted(yaml_dir.iterdir())
    civcheck(yaml_dir, checklists, 1)  # warm the file cache
    floors, ones, twos = [], [], []
    for _ in range(args.runs):
        floors.append(yaml_floor(yaml_files))
        ones.append(civcheck(yaml_dir, checklists, 1)[0])
        twos.append(civcheck(yaml_dir, checklists, 2)[0])
    f, one, two = median(floors), median(ones), median(twos)
    rows.append((f"YAML, {args.files} files, `--jobs 1`", f"{one:.2f} s against {f:.2f} s (libyaml's parse)",
                 f"{one / f:.2f}×", "≤ 1.3×"))  # fmt: skip
    rows.append((f"YAML, {args.files} files, `--jobs 2` ({cores} cores)", f"{two:.2f} s against {one:.2f} s",
                 f"{one / two:.2f}× faster", "≥ 1.7× faster"))  # fmt: skip

    checklists, big_dir = generate(OUT, args.big, "yaml")
    civcheck(big_dir, checklists, 1)
    ones = [civcheck(big_dir, checklists, 1)[0] for _ in range(max(1, args.runs // 2))]
    twos = [civcheck(big_dir, checklists, 2)[0] for _ in range(max(1, args.runs // 2))]
    one, two = median(ones), median(twos)
    rows.append((f"YAML, {args.big} files, `--jobs 2`", f"{two:.2f} s against {one:.2f} s", f"{one / two:.2f}× faster",
                 "(at scale)"))  # fmt: skip

    checklists, json_dir = generate(OUT, args.files, "json")
    json_files = sorted(json_dir.iterdir())
    civcheck(json_dir, checklists, 1)
    results = json.loads((OUT / "score.json").read_text(encoding="utf-8"))["results"]
    floors, ones, twos = [], [], []
    for _ in range(args.runs):
        floors.append(json_floor(json_files, results))
        ones.append(civcheck(json_dir, checklists, 1)[0])
        twos.append(civcheck(json_dir, checklists, 2)[0])
    f, one, two = median(floors), median(ones), median(twos)
    rows.append((f"JSON, {args.files} files, `--jobs 1`", f"{one:.2f} s against {f:.2f} s (loads + dumps)",
                 f"{one / f:.2f}×", "≤ 2×"))  # fmt: skip
    rows.append((f"JSON, {args.files} files, `--jobs 2`", f"{two:.2f} s against {one:.2f} s",
                 f"{one / two:.2f}× faster", ""))  # fmt: skip

    checklists, many = generate(OUT, args.memory_files, "json")
    for fmt in ("json", "jsonl", "csv", "html"):
        wall, rss = civcheck(many, checklists, 1, fmt)
        rows.append((f"peak memory, {args.memory_files} files, `--format {fmt}`", f"{rss:.0f} MiB ({wall:.1f} s)",
                     f"{args.memory_files / wall:.0f} files/s", "< 150 MiB"))  # fmt: skip

    print("| measure | civcheck | ratio | target |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
