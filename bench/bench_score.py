"""Batch scoring throughput and memory, against merely parsing the same files.

    python bench/bench_score.py [--files 1000] [--format yaml|json] [--repeat 3] [--jobs 1 2]

Generates N answers files of 150 items (bench/out/, reused between runs) and
times, best of --repeat:
  parse     yaml.load(text, Loader=CSafeLoader) (json.loads for JSON) on each file, in-process
  jobs=N    `civcheck score DIR --format json --output FILE --jobs N`, end to end in a subprocess
and reports each run's peak resident memory (the largest process's).
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


def parse_only(files: list[Path], fmt: str) -> float:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.perf_counter()
    for path in files:
        text = path.read_text(encoding="utf-8")
        if fmt == "json":
            json.loads(text)
        else:
            yaml.load(text, Loader=loader)
    return time.perf_counter() - start


def cli(answers: Path, checklists: Path, jobs: int) -> tuple[float, float]:
    """Wall time and peak RSS (MiB) of one `civcheck score` run."""
    cmd = [sys.executable, "-m", "civcheck", "score", str(answers), "--checklists", str(checklists),
           "--format", "json", "--output", str(OUT / "score.json"), "--jobs", str(jobs), "--no-progress"]  # fmt: skip
    code = (
        "import resource, subprocess, sys, time; s = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stderr=subprocess.DEVNULL); "
        "print(time.perf_counter() - s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, *cmd], check=True, capture_output=True, text=True).stdout
    wall, rss = out.split()
    return float(wall), int(rss) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()

    checklists, answers = generate(OUT, args.files, args.format)
    files = sorted(answers.iterdir())
    n = args.files
    t_parse = min(parse_only(files, args.format) for _ in range(args.repeat))
    print(f"{n} {args.format} answers files of 150 items")
    print(f"  parse only          {t_parse:7.3f} s  {n / t_parse:8.0f} files/s")
    first = None
    for jobs in args.jobs:
        runs = [cli(answers, checklists, jobs) for _ in range(args.repeat)]
        wall = min(r[0] for r in runs)
        rss = max(r[1] for r in runs)
        first = first or wall
        print(
            f"  civcheck --jobs {jobs:<3} {wall:7.3f} s  {n / wall:8.0f} files/s  {n / wall / jobs:8.0f} /s/core  "
            f"{wall / t_parse:5.2f}x parse  {first / wall:4.2f}x --jobs {args.jobs[0]}  peak {rss:6.1f} MiB"
        )


if __name__ == "__main__":
    main()
