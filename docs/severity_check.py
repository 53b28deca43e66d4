#!/usr/bin/env python3
"""Measures how visible each fault kind is at each intensity: the table behind the severity distributions.

Injects one fault of every kind (fixed intensity, one at a time, far apart) into the default scenario's
world, simulates it with `faultline simulate`, and prints the ground truth's achieved peak |z| of the
root cause's own series and of any series (`rootCausePeakZ`, `peakZ`; Scenarios/README.md "Severity"),
with `*` where the fault reached user impact. No labels of any evaluation are read: the distributions in
Sources/Simulator/Scenario/FaultKind+Severity.swift were set from this table alone.

    python3 docs/severity_check.py [--bin .build/release/faultline] [--intensities 0.01,0.05,0.2,0.5,1] [--seed 42]
"""
import argparse, json, os, subprocess, sys, tempfile

TARGETS = {
    "cpu-hog": "catalog", "memory-leak": "cart", "memory-stress": "recommendation", "disk-fill": "orders-db",
    "disk-io-latency": "catalog-db", "network-delay": "recommendation", "network-loss": "payment",
    "network-partition": "shipping", "pod-kill": "frontend", "crash-loop": "search", "dependency-outage": "payment",
    "bad-deploy": "search", "config-regression": "search", "connection-pool-exhaustion": "checkout",
}
DURATIONS = {"memory-leak": "90m", "disk-fill": "75m", "pod-kill": "3m"}


def scenario(base: str, intensity: float) -> str:
    head = base.split("faults:\n")[0].replace("duration: 3d", "duration: 4d")
    tail = "observation:" + base.split("observation:")[1]
    faults = "faults:\n"
    for j, (kind, target) in enumerate(TARGETS.items()):
        start = 24 * 60 + j * 150  # minutes: one fault every 2.5 h from the start of day 2
        faults += f"  - {{id: f{j + 1}, kind: {kind}, target: {target}, start: {start}m, duration: {DURATIONS.get(kind, '30m')}, intensity: {intensity}}}\n"
    benign = "benign:\n  - {id: b1, kind: batch-job, target: catalog-db, start: 2h, duration: 45m, factor: 0.25, daily: true}\n"
    return head + faults + benign + tail


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default=".build/release/faultline")
    ap.add_argument("--intensities", default="0.005,0.02,0.05,0.1,0.2,0.4,0.7,1")
    ap.add_argument("--seed", default="42")
    a = ap.parse_args()
    base = open(os.path.join(os.path.dirname(__file__), "..", "Scenarios", "default.yaml")).read()
    grid = [float(x) for x in a.intensities.split(",")]
    table: dict[str, list[str]] = {k: [] for k in TARGETS}
    with tempfile.TemporaryDirectory() as tmp:
        for x in grid:
            path = os.path.join(tmp, "s.yaml")
            open(path, "w").write(scenario(base, x))
            out = os.path.join(tmp, f"run-{x}")
            subprocess.run([a.bin, "simulate", path, "--seed", a.seed, "--out", out, "--quiet"], check=True, stdout=subprocess.DEVNULL)
            truth = json.load(open(os.path.join(out, "manifest.json")))["groundTruth"]
            for f in truth["faults"]:
                root, any_ = f.get("rootCausePeakZ") or 0, f.get("peakZ") or 0
                table[f["kind"]].append(f"{root:.0f} / {any_:.0f}{'*' if f.get('userImpactStartMs') is not None else ''}")
    print("| kind | " + " | ".join(f"{x:g}" for x in grid) + " |")
    print("| --- |" + " --- |" * len(grid))
    for k, cells in table.items():
        print(f"| {k} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
