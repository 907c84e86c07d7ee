"""`make bench` / `python -m benchmarks [--quick]`: every budget of ../shared/DESIGN.md in one
table — measured value, the floor measured in the same run, ratio, goal, pass/fail — plus peak
memory and the machine it ran on."""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import resource
import sys
import time

from benchmarks.budget import Row, table

MODULES = ("benchmarks.reader", "benchmarks.quiz_assembly", "benchmarks.corpus_scale", "benchmarks.anchoring")


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    parser.add_argument("--only", action="append", metavar="MODULE", help="run only this module (repeatable)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    rows: list[Row] = []
    started = time.perf_counter()
    for name in MODULES:
        if args.only and name.rsplit(".", 1)[-1] not in args.only:
            continue
        module = importlib.import_module(name)
        print(f"running {name}…", file=sys.stderr, flush=True)
        rows.extend(module.budget_rows(quick=args.quick))
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(table(rows))
    print()
    print(f"peak memory (max RSS of this process): {peak_kb / 1024:.0f} MB")
    print(f"machine: {machine()}")
    print(f"total time: {time.perf_counter() - started:.0f} s; command: python -m benchmarks{' --quick' if args.quick else ''}")
    return 0 if all(r.passed for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
