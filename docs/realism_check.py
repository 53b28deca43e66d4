#!/usr/bin/env python3
"""Noise statistics of a simulated dataset, for issue #12 (simulator realism).

Usage:
    faultline simulate default --out DIR
    python3 docs/realism_check.py DIR [DIR2 ...]      # one column per dataset

Reads DIR/manifest.json (axis, series, ground truth) and DIR/metrics.npy (rows x series, time-major).
Every statistic is computed per service series and the table shows the median across the services of
each metric family. Unless stated, rows are first averaged to 1 minute (NaN-aware, the scrape gaps
left out), the sampling of the Nezha recordings they are compared with.

Statistics (the definitions the targets in Scenarios/README.md "Noise model" refer to):
  noise CV        std of first differences / sqrt(2) / mean                       (1-min means)
  roughness       std of first differences / std                                  (1-min means)
  lag-1 AC 15s    lag-1 autocorrelation of the raw rows, pooled over 5-minute windows each demeaned
                  (so the daily cycle does not count; white noise gives -1/20 = -0.05)
  r(dCPU, dreq)   correlation of the first differences of cpu_util and requests_per_s of a service
  mem CV 5min     mean over 5-minute windows of std / mean of memory_bytes         (1-min means)
  mem <10min      share of the variance of memory_bytes (mean removed) at periods under 10 minutes,
                  from the periodogram                                             (1-min means)
  err std/binom   fault-free rows (before the first fault), raw rows: std of error_ratio over the
                  binomial std sqrt(p(1-p)/N), p the mean error ratio, N the mean requests per row
  err zero rows   share of fault-free raw rows with error_ratio == 0, and the expected error count per
                  row p*N (for a count with mean < 1 about exp(-pN) of the rows must be zero)
  lat p99/p50     latency_p99: its 99th percentile over time / its median over time (1-min means)
  lat kurtosis    latency_p99: kurtosis (Pearson, normal = 3)                      (1-min means)
"""
import json
import math
import os
import sys

import numpy as np


def load(d):
    m = json.load(open(os.path.join(d, "manifest.json")))
    x = np.load(os.path.join(d, "metrics.npy"), mmap_mode="r")
    return m, np.asarray(x)


def minute_means(x, per):
    n = (len(x) // per) * per
    y = x[:n].reshape(-1, per)
    with np.errstate(invalid="ignore"):
        return np.nanmean(y, axis=1)


def clean(y):
    return y[~np.isnan(y)]


def noise_cv(y):
    d = np.diff(y)
    d = d[~np.isnan(d)]
    return np.std(d) / math.sqrt(2) / np.nanmean(y)


def roughness(y):
    d = np.diff(y)
    d = d[~np.isnan(d)]
    return np.std(d) / np.nanstd(y)


def lag1_windows(x, w):
    n = (len(x) // w) * w
    y = x[:n].reshape(-1, w)
    num = den = 0.0
    for row in y:
        if np.isnan(row).any():
            continue
        d = row - row.mean()
        num += float(np.dot(d[:-1], d[1:]))
        den += float(np.dot(d, d))
    return num / den if den > 0 else float("nan")


def corr_diff(a, b):
    da, db = np.diff(a), np.diff(b)
    ok = ~(np.isnan(da) | np.isnan(db))
    return float(np.corrcoef(da[ok], db[ok])[0, 1])


def window_cv(y, w):
    n = (len(y) // w) * w
    z = y[:n].reshape(-1, w)
    with np.errstate(invalid="ignore"):
        cv = np.nanstd(z, axis=1) / np.nanmean(z, axis=1)
    return float(np.nanmean(cv))


def short_period_share(y, minutes_per_row, cutoff_minutes):
    z = y.copy()
    bad = np.isnan(z)
    if bad.any():
        idx = np.arange(len(z))
        z[bad] = np.interp(idx[bad], idx[~bad], z[~bad])
    z = z - z.mean()
    p = np.abs(np.fft.rfft(z)) ** 2
    freqs = np.fft.rfftfreq(len(z), d=minutes_per_row)  # cycles per minute
    p, freqs = p[1:], freqs[1:]
    return float(p[freqs > 1.0 / cutoff_minutes].sum() / p.sum())


def kurtosis(y):
    y = clean(y)
    d = y - y.mean()
    return float(np.mean(d**4) / np.mean(d**2) ** 2)


def stats(d):
    m, x = load(d)
    step = m["axis"]["stepMs"]
    start = m["axis"]["startMs"]
    per = max(1, 60_000 // step)
    ids = [s["id"] for s in m["series"]]
    col = {s: i for i, s in enumerate(ids)}
    services = [s["entity"] for s in m["series"] if s["metric"] == "requests_per_s"]
    faults = m["groundTruth"].get("faults", [])
    first_fault = min([f["injectionStartMs"] for f in faults], default=None)
    free_rows = len(x) // 2 if first_fault is None else int((first_fault - start) // step)
    out = {}

    def fam(name, metric, fn, raw=False):
        vals = []
        for s in services:
            c = col.get(f"{s}/{metric}")
            if c is None:
                continue
            y = x[:, c].astype(float)
            y = y if raw else minute_means(y, per)
            vals.append(fn(y))
        out[name] = float(np.nanmedian(vals))

    for metric, short in [("cpu_util", "cpu"), ("requests_per_s", "req"), ("network_bytes_per_s", "net")]:
        fam(f"noise CV {short}", metric, noise_cv)
        fam(f"roughness {short}", metric, roughness)
        fam(f"lag-1 AC 15s {short}", metric, lambda y: lag1_windows(y, max(2, 300_000 // step)), raw=True)
    rs = []
    for s in services:
        a = minute_means(x[:, col[f"{s}/cpu_util"]].astype(float), per)
        b = minute_means(x[:, col[f"{s}/requests_per_s"]].astype(float), per)
        rs.append(corr_diff(a, b))
    out["r(dCPU, dreq)"] = float(np.median(rs))
    fam("mem CV 5min", "memory_bytes", lambda y: window_cv(y, 5))
    fam("mem var share <10min", "memory_bytes", lambda y: short_period_share(y, 1.0, 10.0))
    ratios, zeros_small, expected_small = [], [], []
    for s in services:
        er = x[:free_rows, col[f"{s}/error_ratio"]].astype(float)
        tot = x[:free_rows, col[f"{s}/requests_total"]].astype(float)
        inc = np.diff(tot)
        inc = inc[~np.isnan(inc) & (inc >= 0)]
        n = float(np.mean(inc))
        er = clean(er)
        p = float(np.mean(er))
        binom = math.sqrt(max(p * (1 - p), 1e-300) / max(n, 1e-9))
        ratios.append(np.std(er) / binom)
        if p * n < 1:
            zeros_small.append(float(np.mean(er == 0)))
            expected_small.append(p * n)
    out["err std/binomial std"] = float(np.median(ratios))
    out["err services with pN<1"] = float(len(zeros_small))
    out["err zero-row share (pN<1)"] = float(np.median(zeros_small)) if zeros_small else float("nan")
    out["err exp(-pN) (pN<1)"] = float(np.median(np.exp(-np.array(expected_small)))) if expected_small else float("nan")
    fam("lat p99 q99/q50 over time", "latency_p99", lambda y: float(np.nanpercentile(y, 99) / np.nanmedian(y)))
    fam("lat p99 kurtosis", "latency_p99", kurtosis)
    return out


def main():
    dirs = sys.argv[1:]
    if not dirs:
        print(__doc__)
        sys.exit(2)
    results = [stats(d) for d in dirs]
    names = [os.path.basename(os.path.normpath(d)) for d in dirs]
    w = max(len(k) for k in results[0])
    print(f"| {'statistic'.ljust(w)} | " + " | ".join(n.rjust(10) for n in names) + " |")
    print(f"|{'-' * (w + 2)}|" + "|".join("-" * 12 for _ in names) + "|")
    for k in results[0]:
        print(f"| {k.ljust(w)} | " + " | ".join(f"{r[k]:10.3f}" for r in results) + " |")


if __name__ == "__main__":
    main()
