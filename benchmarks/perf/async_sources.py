"""Async sources: 64 samples against a judge server with 50 ms latency, concurrency 1 vs 16, side by side.

The judge is the runnable example ``examples/sources/async_http_judge.py``
(a real aiohttp server on loopback, a real ``aiohttp`` client in the source).
Round trips = wall time / 50 ms; the goal is about 64 / concurrency.

Run:  .venv/bin/python benchmarks/perf/async_sources.py [--samples 64 --repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "examples" / "sources"))

from async_http_judge import HttpJudge, toy_judge_server  # noqa: E402
from machine import write_result  # noqa: E402

from rewardstack import RewardStack, Sample  # noqa: E402

LATENCY_S = 0.05


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    samples = [Sample(id=str(i), prompt="q", response=f"answer number {i}") for i in range(args.samples)]
    times: dict[int, list[float]] = {1: [], 16: []}
    with toy_judge_server(LATENCY_S) as url:
        for _ in range(args.repeats):
            for concurrency in times:
                with RewardStack({"judge": HttpJudge(url=url, execution={"concurrency": concurrency})},
                                 cache=None) as stack:
                    start = time.perf_counter()
                    results = stack.score(samples)
                    times[concurrency].append(time.perf_counter() - start)
                assert all(r.total is not None for r in results)
    rows = {f"concurrency_{c}": {"wall_s_median": round(statistics.median(t), 3),
                                 "round_trips": round(statistics.median(t) / LATENCY_S, 1),
                                 "ideal_round_trips": -(-args.samples // c)} for c, t in times.items()}
    speedup = statistics.median(times[1]) / statistics.median(times[16])
    result = {"async_sources": {"samples": args.samples, "server_latency_s": LATENCY_S, **rows,
                                "speedup_16_over_1": round(speedup, 1)}}
    path = write_result("async_sources", result)
    print(f"{path}: {result['async_sources']}")


if __name__ == "__main__":
    main()
