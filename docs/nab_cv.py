#!/usr/bin/env python3
"""Held-out NAB scores (docs/NAB.md), standard profile, 5 seeded half splits of the 58 files x 2 folds.

Threshold only (the detector's constants as shipped; θ chosen on one half, the other half scored at it):

    python3 docs/nab_cv.py RESULTS_DIR DETECTOR

Every constant (issue #11, finding 9): each configuration of the detector's grid below is run over the whole
corpus once (`faultline nab run --param ...`); on each training half the configuration *and* θ with the best
in-sample score are chosen, and the other half is scored with them. The chosen configurations are printed.

    python3 docs/nab_cv.py --grid DETECTOR [--work /tmp/nab-grid]

Options: --bin .build/release/faultline, --corpus ../shared/datasets/nab, --parallel 2.
"""
import argparse, concurrent.futures, itertools, json, os, random, shutil, subprocess, sys, tempfile

# χ²₀.₉₉ with bins − 1 degrees of freedom: the histogram-match limit that goes with each bin count.
CRITICAL = {3: 9.2103, 5: 13.28, 8: 18.4753}
# The grids: every constant the detector exposes that was not derived from a principle (the χ² limit follows
# the bins). Shipped defaults are inside every grid.
GRIDS = {
    "entropy_novelty": {
        "window": [26, 52, 104], "bins": [3, 5, 8], "refractory": [0.1, 0.2, 0.4], "trigger": [0.15, 0.25, 0.5],
    },
    "shape_novelty": {"refractory": [0.1, 0.2, 0.4], "trigger": [0.15, 0.25, 0.5], "adaptive": ["off", "on"]},
    "novelty_ensemble": {
        "window": [26, 52, 104], "bins": [3, 5, 8], "distribution_gate": [0.04, 0.067, 0.15],
        "shape_gate": [0.7, 0.8, 0.9], "refractory": [0.1, 0.2], "adaptive": ["off", "on"],
    },
}

ap = argparse.ArgumentParser()
ap.add_argument("results", nargs="?"); ap.add_argument("detector")
ap.add_argument("--grid", action="store_true")
ap.add_argument("--work", default="/tmp/nab-grid")
ap.add_argument("--bin", default=".build/release/faultline")
ap.add_argument("--corpus", default="../shared/datasets/nab")
ap.add_argument("--parallel", type=int, default=2)
a = ap.parse_args()
if not a.grid and not a.results:
    ap.error("RESULTS_DIR is needed without --grid")
nab = os.path.abspath(a.corpus)
windows = json.load(open(f"{nab}/labels/combined_windows.json"))
tmp = tempfile.mkdtemp(prefix="nab-cv-")


def half_corpus(name, files):
    root = f"{tmp}/{name}"
    os.makedirs(f"{root}/labels"); os.makedirs(f"{root}/config")
    shutil.copy(f"{nab}/config/profiles.json", f"{root}/config/")
    os.symlink(f"{nab}/data", f"{root}/data")
    json.dump({f: windows[f] for f in files}, open(f"{root}/labels/combined_windows.json", "w"))
    return root


def score(corpus, results, extra):
    r = subprocess.run([a.bin, "score", "nab", "--corpus", corpus, "--results", results, "--detector", a.detector,
                        "--json", "--profile", "standard"] + extra, capture_output=True, text=True, check=True)
    s = json.loads(r.stdout)["standard"]
    return s["normalized_score"], s["threshold"]


files = sorted(windows)
halves = []  # (seed, A, B)
for seed in range(5):
    f = files[:]; random.Random(seed).shuffle(f)
    halves.append((seed, half_corpus(f"s{seed}a", sorted(f[:29])), half_corpus(f"s{seed}b", sorted(f[29:]))))

if not a.grid:
    out = []
    for _, A, B in halves:
        for train, test in [(A, B), (B, A)]:
            _, theta = score(train, a.results, ["--optimize"])
            out.append(score(test, a.results, ["--threshold", repr(theta)])[0])
    shutil.rmtree(tmp)
    print(f"{a.detector}: held-out threshold, standard, 5 splits x 2 folds: mean {sum(out)/len(out):.2f}, "
          f"min {min(out):.2f}, max {max(out):.2f}")
    sys.exit(0)

grid = GRIDS[a.detector]
keys = list(grid)
configs = [dict(zip(keys, values)) for values in itertools.product(*(grid[k] for k in keys))]


def params(c):
    p = [f"{k}={v}" for k, v in c.items()]
    if "bins" in c:
        p.append(f"critical={CRITICAL[c['bins']]}")
    return p


def folder(c):
    return os.path.join(a.work, a.detector, "_".join(f"{k}-{v}" for k, v in c.items()))


def run(c):
    d = folder(c)
    if os.path.exists(os.path.join(d, ".done")):
        return
    shutil.rmtree(d, ignore_errors=True)
    cmd = [a.bin, "nab", "run", "--detector", a.detector, "--corpus", nab, "--out", d, "--jobs", "1", "--quiet"]
    for p in params(c):
        cmd += ["--param", p]
    subprocess.run(cmd, check=True)
    open(os.path.join(d, ".done"), "w").close()


with concurrent.futures.ThreadPoolExecutor(a.parallel) as pool:
    for i, _ in enumerate(pool.map(run, configs), 1):
        print(f"\r{a.detector}: ran {i}/{len(configs)} configurations", end="", file=sys.stderr)
print(file=sys.stderr)

# In-sample optimum of every configuration on every half.
jobs = [(h, i) for _, A, B in halves for h in (A, B) for i in range(len(configs))]
with concurrent.futures.ThreadPoolExecutor(a.parallel) as pool:
    optima = dict(zip(jobs, pool.map(lambda j: score(j[0], folder(configs[j[1]]), ["--optimize"]), jobs)))

out, chosen = [], []
for seed, A, B in halves:
    for train, test in [(A, B), (B, A)]:
        # Best in-sample score on the training half; ties go to the earlier configuration in grid order.
        best = max(range(len(configs)), key=lambda i: (optima[(train, i)][0], -i))
        theta = optima[(train, best)][1]
        held = score(test, folder(configs[best]), ["--threshold", repr(theta)])[0]
        out.append(held); chosen.append(best)
        print(f"split {seed} train {os.path.basename(train)}: chose {' '.join(params(configs[best]))} θ {theta:.4f} "
              f"(train {optima[(train, best)][0]:.2f}) -> held-out {held:.2f}")
shutil.rmtree(tmp)
print(f"{a.detector}: every constant ({len(configs)} configurations) and θ chosen on one half, standard, "
      f"5 splits x 2 folds: mean {sum(out)/len(out):.2f}, min {min(out):.2f}, max {max(out):.2f}; "
      f"{len(set(chosen))} distinct configurations chosen")
