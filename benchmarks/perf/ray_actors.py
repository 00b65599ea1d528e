"""Ray execution: a CPU-bound source on 1 vs 2 actors of a local Ray cluster, side by side.

The source is the real ``math_answer`` checker on answers that need symbolic work (sympy
simplification of polynomial identities), so each sample costs milliseconds of pure CPU. Both
configurations score the same samples with the cache off, alternating (one stack at a time), after a warm-up call
(actor start-up and imports are not measured). Speed-up = median wall(1 actor) / wall(2 actors);
on a machine with two free cores the ceiling is 2.

Run:  .venv/bin/python benchmarks/perf/ray_actors.py [--samples 400 --repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ray  # noqa: E402
from machine import write_result  # noqa: E402

from rewardstack import RewardStack, Sample  # noqa: E402
from rewardstack.verifiers.math.source import MathAnswerSource  # noqa: E402


def _samples(n: int) -> list[Sample]:
    out = []
    for i in range(n):
        a, b = 2 + i % 7, 3 + i % 5
        reference = f"x^2 + {a + b}*x + {a * b}"
        response = f"The answer is $(x+{a})(x+{b})$." if i % 3 else f"The answer is $(x+{a})(x+{b + 1})$."
        out.append(Sample(id=str(i), prompt="Expand.", response=response, reference={"answer": reference}))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    samples = _samples(args.samples)
    times: dict[int, list[float]] = {1: [], 2: []}
    totals: dict[int, list[float | None]] = {}
    try:
        for _ in range(args.repeats):
            for n in times:  # one stack at a time: the cluster's 2 CPUs hold 2 one-CPU actors, not 3
                with RewardStack({"answer": MathAnswerSource(execution={"mode": "ray", "num_actors": n})},
                                 cache=None) as stack:
                    stack.score(samples[:8])  # warm-up: actors built, sympy imported
                    start = time.perf_counter()
                    results = stack.score(samples)
                    times[n].append(time.perf_counter() - start)
                totals[n] = [r.total for r in results]
    finally:
        ray.shutdown()
    assert totals[1] == totals[2], "1 and 2 actors must give the same scores"
    speedup = statistics.median(times[1]) / statistics.median(times[2])
    result = {"ray_actors": {
        "samples": args.samples, "repeats": args.repeats, "source": "math_answer (symbolic)",
        "wall_s_median_1_actor": round(statistics.median(times[1]), 3),
        "wall_s_median_2_actors": round(statistics.median(times[2]), 3),
        "speedup_2_over_1": round(speedup, 2),
        "correct_share": round(sum(t == 1.0 for t in totals[1]) / len(totals[1]), 3)}}
    path = write_result("ray_actors", result)
    print(f"{path}: {result['ray_actors']}")


if __name__ == "__main__":
    main()
