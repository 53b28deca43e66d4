#!/usr/bin/env python3
"""Issue #12's realism targets for simulated datasets, read from `faultline fidelity --json`.

Usage:
    faultline simulate default --out DIR
    python3 docs/realism_check.py DIR [DIR2 ...] [--reference ../shared/datasets/nezha-metrics] [--bin .build/release/faultline]

Every statistic is the one `faultline fidelity` computes (docs/METRICS.md §12: the definitions live
there and in Sources/Evaluation/Fidelity, nowhere else), at the reference's step (1 minute for Nezha;
`_native` rows at the simulated dataset's own step). The script only picks the rows issue #12 sets
targets for, prints the simulated median beside the target and the reference's median, and exits 1
when a target is missed. Label density of the scored part is not a fidelity row: it is computed from
the dataset's ground truth with the automatic split (docs/EXPERIMENTS.md, "split").
"""
import argparse
import json
import os
import subprocess
import sys

# (family, statistic, comparison, target, what the issue calls it)
TARGETS = [
    ("cpu", "noise_cv", ">=", 0.10, "noise CV at 1-min means, cpu"),
    ("network", "noise_cv", ">=", 0.10, "noise CV at 1-min means, network"),
    ("request_rate", "noise_cv", ">=", 0.08, "noise CV at 1-min means, request rate"),
    ("cpu", "roughness", ">=", 0.4, "roughness, cpu"),
    ("request_rate", "roughness", ">=", 0.4, "roughness, request rate"),
    ("network", "roughness", ">=", 0.4, "roughness, network"),
    ("cpu", "lag1_autocorrelation_native", ">=", 0.15, "lag-1 autocorrelation at 15 s, cpu"),
    ("request_rate", "lag1_autocorrelation_native", ">=", 0.15, "lag-1 autocorrelation at 15 s, request rate"),
    ("cpu", "cpu_request_diff_correlation", "<=", 0.4, "r(dCPU, drequests)"),
    ("memory", "window_cv_5min", "<=", 0.005, "memory CV in 5-min windows"),
    ("memory", "short_period_power_share", "<=", 0.3, "memory variance share at periods < 10 min"),
    ("errors", "error_std_over_binomial", ">=", 1.0, "fault-free error std / binomial std"),
    ("errors", "zero_error_row_share", ">", 0.0, "zero-error rows present"),
    ("all", "fault_root_cause_peak_z", "<=", 24, "root-cause peak |z|, first 4 min"),
    ("all", "fault_contrast_ratio", "<=", 10, "fault-to-background contrast"),
    ("all", "label_density", "<=", 0.10, "labelled share of all rows"),
]


def scored_density(path):
    """Labelled share of the rows after the automatic split (first 24 h of a run of >= 48 h, else the first half)."""
    m = json.load(open(os.path.join(path, "manifest.json")))
    axis, truth = m["axis"], m["groundTruth"]
    start, step, count = axis["startMs"], axis["stepMs"], axis["count"]
    train = int(86_400_000 // step) if count * step >= 2 * 86_400_000 else count // 2
    labelled = [False] * count
    for f in truth["faults"]:
        end = max([f["injectionEndMs"]] + [a["endMs"] for a in f["affectedSeries"]])
        for r in range(max(0, -(-(f["injectionStartMs"] - start) // step)), min(count - 1, (end - start) // step) + 1):
            labelled[r] = True
    return sum(labelled[train:]) / max(1, count - train)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("datasets", nargs="+")
    ap.add_argument("--reference", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "datasets", "nezha-metrics"))
    ap.add_argument("--bin", default=".build/release/faultline")
    a = ap.parse_args()
    ok = True
    reports = []
    for d in a.datasets:
        out = subprocess.run([a.bin, "fidelity", d, "--reference", a.reference, "--json"], check=True, capture_output=True, text=True).stdout
        reports.append({(r["family"], r["statistic"]): r for r in json.loads(out)["rows"]})
    print("| target | " + " | ".join(os.path.basename(os.path.normpath(d)) for d in a.datasets) + " | reference | goal |")
    print("|---|" + "---|" * len(a.datasets) + "---|---|")
    for fam, stat, op, goal, name in TARGETS:
        cells, ref = [], "—"
        for rep in reports:
            row = rep.get((fam, stat))
            v = row and row["simulated"].get("median")
            if row and row["reference"].get("median") is not None:
                ref = f"{row['reference']['median']:.3g}"
            met = v is not None and {">=": v >= goal, "<=": v <= goal, ">": v > goal}[op]
            ok &= met
            cells.append("undefined" if v is None else f"{v:.3g}{'' if met else ' (missed)'}")
        print(f"| {name} | " + " | ".join(cells) + f" | {ref} | {op} {goal:g} |")
    cells = []
    for d in a.datasets:
        v = scored_density(d)
        ok &= v <= 0.20
        cells.append(f"{v:.3g}{'' if v <= 0.20 else ' (missed)'}")
    print("| labelled share of the scored part | " + " | ".join(cells) + " | — | <= 0.2 |")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
