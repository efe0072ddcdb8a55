"""Start-up cost: `civcheck --help` against `python -c "import typer"`.

    python bench/bench_startup.py [--runs 30]

Runs the two commands alternately and compares their medians: what a clerk
waits for before civcheck does anything.  The issue's target is a ratio of
at most 1.5 (1.3 for the batch-scoring issue).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of *cmd*."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    typer_cmd = [sys.executable, "-c", "import typer"]
    help_cmd = [sys.executable, "-m", "civcheck", "--help"]
    for cmd in (typer_cmd, help_cmd):  # warm the file cache (and write .pyc files)
        timed(cmd)
    base, ours = [], []
    for _ in range(args.runs):
        base.append(timed(typer_cmd))
        ours.append(timed(help_cmd))
    for n, what in ((0, "wall"), (1, "CPU ")):
        b = statistics.median(r[n] for r in base)
        o = statistics.median(r[n] for r in ours)
        print(
            f"{what}: python -c 'import typer' {b * 1000:6.1f} ms   "
            f"civcheck --help {o * 1000:6.1f} ms   ratio {o / b:.2f}"
        )


if __name__ == "__main__":
    main()
