"""The trainers' arrays path vs ``score()``, side by side in one run.

100,000 samples through a RewardStack of 3 trivial sources (cache off):
``stack.score_arrays(samples)`` (numpy out, no per-sample objects; trivial
sources use their ``score_values`` fast path) vs ``stack.score(samples)``
(StackResults with every source's Score). Interleaved repeats, medians.
Target: arrays / score <= 1/3.

Run:  .venv/bin/python benchmarks/perf/arrays_path.py [--samples 100000 --repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine_overhead import make_samples, trivial_sources  # noqa: E402
from machine import write_result  # noqa: E402

from rewardstack import RewardStack  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    samples = make_samples(args.samples)
    score_times, array_times = [], []
    with RewardStack(trivial_sources(), cache=None) as stack:
        for _ in range(args.repeats):  # interleaved so machine noise hits both alike
            start = time.perf_counter()
            results = stack.score(samples)
            score_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            arrays = stack.score_arrays(samples)
            array_times.append(time.perf_counter() - start)
    same = np.array_equal(arrays.total, np.array([np.nan if r.total is None else r.total for r in results]),
                          equal_nan=True)
    score_s, arrays_s = statistics.median(score_times), statistics.median(array_times)
    result = {"arrays_path": {
        "samples": len(samples), "sources": list(trivial_sources()),
        "score_s_median": round(score_s, 3), "score_arrays_s_median": round(arrays_s, 3),
        "score_s_all": [round(t, 3) for t in score_times], "score_arrays_s_all": [round(t, 3) for t in array_times],
        "ratio_arrays_over_score": round(arrays_s / score_s, 3), "target_ratio_max": round(1 / 3, 3),
        "met": arrays_s / score_s <= 1 / 3, "same_totals": same,
    }}
    path = write_result("arrays_path", result)
    print(f"{path}: {result['arrays_path']}")


if __name__ == "__main__":
    main()
