#!/usr/bin/env python3
"""How the `ensemble` defaults are chosen (docs/SMD.md, "Choosing the defaults"): a grid of window x k runs
through `faultline evaluate` on the three SMD machines (the suite's threshold policy); each machine's figure
is the one of the setting chosen on the *other two* machines (leave one machine out, best mean Fc, ties by
mean PA-F1), so no machine's labels choose the setting it is scored with. The shipped default is the setting
the same rule picks on all three. Also prints the label-free check: fit on the first 60 % of each train half,
alarm rate on the remaining 40 % at the 0.995 quantile of the first part (no labels read at all).

usage: python3 docs/smd_defaults.py [--bin .build/release/faultline] [--smd ../shared/datasets/smd-subset]
                                    [--work /tmp/smd-defaults]
"""
import argparse, collections, json, math, os, subprocess

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default=".build/release/faultline")
ap.add_argument("--smd", default="../shared/datasets/smd-subset")
ap.add_argument("--work", default="/tmp/smd-defaults")
a = ap.parse_args()
smd = os.path.abspath(a.smd)
MACHINES = ["machine-1-6", "machine-2-1", "machine-3-3"]
WINDOWS, KS = [0, 30, 60, 120, 360, 1440], [1, 3, 5]
os.makedirs(a.work, exist_ok=True)


def spec(path, data):
    lines = ["name: smd-defaults", "datasets:", f"  - import: {{format: smd, path: {data}, machine: all}}",
             "split: {train: declared}", "threshold: {policy: quantile, q: 0.995}", "models:"]
    for w in WINDOWS:
        for k in KS:
            lines += ["  - name: ensemble", f"    label: w{w}-k{k}", f"    params: {{window: {w}, k: {k}}}"]
    open(path, "w").write("\n".join(lines) + "\n")


def evaluate(data, name):
    spec(f"{a.work}/{name}.yaml", data)
    out = f"{a.work}/{name}"
    subprocess.run([a.bin, "evaluate", f"{a.work}/{name}.yaml", "--out", out, "--quiet", "--no-timings"], check=True,
                   stdout=subprocess.DEVNULL)
    t = collections.defaultdict(dict)
    for m in json.load(open(f"{out}/results.json"))["metrics"]:
        if not m["group"] and m.get("value") is not None:
            t[m["model"]][(m["dataset"].split("/")[-1], m["metric"])] = m["value"]
    return t


grid = [f"w{w}-k{k}" for w in WINDOWS for k in KS]
t = evaluate(smd, "grid")


def pick(machines):
    return max(grid, key=lambda g: (sum(t[g][(m, "composite_f")] for m in machines),
                                    sum(t[g][(m, "pa_f1")] for m in machines)))


print("leave one machine out (setting chosen on the other two, best mean Fc):")
print("| held-out machine | chosen on the others | F1 | PA-F1 | Fc |")
print("| --- | --- | ---: | ---: | ---: |")
held = []
for m in MACHINES:
    g = pick([x for x in MACHINES if x != m])
    v = [t[g][(m, k)] for k in ("f1", "pa_f1", "composite_f")]
    held.append(v)
    print(f"| {m} | {g} | {v[0]:.3f} | {v[1]:.3f} | {v[2]:.3f} |")
mean = [sum(v[i] for v in held) / 3 for i in range(3)]
print(f"| mean | | {mean[0]:.3f} | {mean[1]:.3f} | {mean[2]:.3f} |")
default = pick(MACHINES)
print(f"\nchosen on all three (the shipped default): {default}")

# Label-free check: the train halves split 60/40 into a fit part and a held-out part that is labelled
# anomalous throughout, so recall = the held-out alarm rate.
tail = f"{a.work}/train-tail"
for sub in ["train", "test", "test_label", "interpretation_label"]:
    os.makedirs(f"{tail}/{sub}", exist_ok=True)
for m in MACHINES:
    rows = open(f"{smd}/train/{m}.txt").read().splitlines()
    cut = int(len(rows) * 0.6)
    open(f"{tail}/train/{m}.txt", "w").write("\n".join(rows[:cut]) + "\n")
    open(f"{tail}/test/{m}.txt", "w").write("\n".join(rows[cut:]) + "\n")
    open(f"{tail}/test_label/{m}.txt", "w").write("\n".join(["1"] * (len(rows) - cut)) + "\n")
    open(f"{tail}/interpretation_label/{m}.txt", "w").write("")
r = evaluate(tail, "tail")
print("\nlabel-free check: held-out training alarm rate at the fit part's 0.995 quantile (nominal 0.5 %)")
print("| setting | " + " | ".join(MACHINES) + " | mean abs log(rate / 0.5 %) |")
print("| --- | ---: | ---: | ---: | ---: |")
for g in grid:
    rates = [r[g][(m, "recall")] for m in MACHINES]
    dev = sum(abs(math.log(max(x, 1e-5) / 0.005)) for x in rates) / 3
    print(f"| {g} | " + " | ".join(f"{x * 100:.2f} %" for x in rates) + f" | {dev:.2f} |")
