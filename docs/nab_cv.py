#!/usr/bin/env python3
"""Held-out NAB threshold check (docs/NAB.md): choose the threshold on a random half of the corpus files,
score the other half at it, for 5 seeded splits x 2 folds; print mean/min/max of the normalised standard
score.

usage: python3 docs/nab_cv.py RESULTS_DIR DETECTOR [--bin .build/release/faultline] [--corpus ../shared/datasets/nab]
"""
import argparse, json, os, random, shutil, subprocess, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("results"); ap.add_argument("detector")
ap.add_argument("--bin", default=".build/release/faultline")
ap.add_argument("--corpus", default="../shared/datasets/nab")
a = ap.parse_args()
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

def score(corpus, extra):
    r = subprocess.run([a.bin, "score", "nab", "--corpus", corpus, "--results", a.results, "--detector", a.detector,
                        "--json", "--profile", "standard"] + extra, capture_output=True, text=True, check=True)
    return json.loads(r.stdout)["standard"]

out = []
files = sorted(windows)
for seed in range(5):
    f = files[:]; random.Random(seed).shuffle(f)
    A, B = half_corpus(f"s{seed}a", sorted(f[:29])), half_corpus(f"s{seed}b", sorted(f[29:]))
    for train, test in [(A, B), (B, A)]:
        theta = score(train, ["--optimize"])["threshold"]
        out.append(score(test, ["--threshold", repr(theta)])["normalized_score"])
shutil.rmtree(tmp)
print(f"{a.detector}: held-out threshold, standard, 5 splits x 2 folds: mean {sum(out)/len(out):.2f}, "
      f"min {min(out):.2f}, max {max(out):.2f}")
