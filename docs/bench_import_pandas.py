#!/usr/bin/env python3
"""Times pandas.read_csv on one CSV file, the peer side of `faultline bench import`.

Usage: bench_import_pandas.py FILE [--runs N]. One warm-up read, then N timed reads (time.perf_counter,
wall clock; process CPU time alongside); prints one JSON object with the medians. pandas' default C engine,
default options: the same file Faultline parses (time column + value columns, empty fields as NaN).
"""
import json
import statistics
import sys
import time

import pandas as pd


def main() -> int:
    args = sys.argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    path = args[0]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 5
    frame = pd.read_csv(path)  # warm-up (and the shape for the record)
    wall, cpu = [], []
    for _ in range(runs):
        c0, t0 = time.process_time(), time.perf_counter()
        frame = pd.read_csv(path)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(json.dumps({
        "tool": f"pandas {pd.__version__} read_csv (C engine)",
        "rows": int(frame.shape[0]), "columns": int(frame.shape[1]),
        "runs": runs, "median_s": statistics.median(wall), "samples_s": wall, "cpu_median_s": statistics.median(cpu),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
