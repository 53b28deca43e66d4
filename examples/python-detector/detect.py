#!/usr/bin/env python3
"""A Faultline external detector in a few lines of numpy: robust z-scores against training data.

Usage (as an experiment spec's `command`): python3 detect.py {train} {test} {out}

{train} and {test} are Faultline dataset folders (metrics.npy is rows x series, Fortran order);
{test} holds every row of the run. The output is one float64 score per row of {test}: the largest
absolute robust z-score over the series, using the median and MAD of the training rows only, so the
score of row t depends on row t alone (causal).
"""
import sys

import numpy as np


def main(train_dir: str, test_dir: str, out_path: str) -> None:
    train = np.load(f"{train_dir}/metrics.npy", mmap_mode="r")
    test = np.load(f"{test_dir}/metrics.npy", mmap_mode="r")
    median = np.nanmedian(train, axis=0)
    mad = np.nanmedian(np.abs(train - median), axis=0) * 1.4826
    mad[~np.isfinite(mad) | (mad == 0)] = 1.0
    z = np.abs((test - median) / mad)
    z[~np.isfinite(z)] = 0.0  # a missing value raises no alarm
    np.save(out_path, z.max(axis=1).astype("<f8"))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: detect.py TRAIN_DIR TEST_DIR OUT_NPY")
    main(*sys.argv[1:])
