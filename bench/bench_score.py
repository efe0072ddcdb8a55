"""Batch scoring throughput against merely parsing the same files with libyaml.

    python bench/bench_score.py [--files 1000] [--format yaml|json] [--repeat 3]

Generates N answers files of 150 items (bench/out/, reused between runs) and
times, best of --repeat:
  parse   yaml.load(text, Loader=CSafeLoader) (json.loads for JSON) on each file
  score   civcheck's batch scoring in-process: read, parse, check, score
  cli     `civcheck score DIR --format json` end to end, in a subprocess
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


def best(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import yaml

    from civcheck.batch import score_paths
    from civcheck.catalog import Catalog

    checklists, answers = generate(OUT, args.files, args.format)
    files = sorted(answers.iterdir())
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def parse() -> None:
        for path in files:
            text = path.read_text(encoding="utf-8")
            if args.format == "json":
                json.loads(text)
            else:
                yaml.load(text, Loader=loader)

    catalog = Catalog.discover([checklists], env="")

    def score() -> None:
        batch = score_paths([answers], catalog)
        assert len(batch.results) == args.files and not batch.problems, batch.problems[:1]

    def cli() -> None:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "civcheck",
                "score",
                str(answers),
                "--checklists",
                str(checklists),
                "--format",
                "json",
                "--output",
                str(OUT / "score.json"),
            ],
            check=True,
            stderr=subprocess.DEVNULL,
        )

    t_parse = best(parse, args.repeat)
    t_score = best(score, args.repeat)
    t_cli = best(cli, args.repeat)
    n = args.files
    print(f"{n} {args.format} answers files of 150 items (libyaml C loader: {loader.__name__})")
    print(f"  parse only (libyaml)   {t_parse:7.3f} s  {n / t_parse:8.0f} files/s")
    print(f"  civcheck scoring       {t_score:7.3f} s  {n / t_score:8.0f} files/s  ({t_score / t_parse:.2f}x parse)")
    print(f"  civcheck score (CLI)   {t_cli:7.3f} s  {n / t_cli:8.0f} files/s  ({t_cli / t_parse:.2f}x parse)")


if __name__ == "__main__":
    main()
