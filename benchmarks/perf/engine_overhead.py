"""Engine overhead and cache speed-up, measured side by side in one run.

1. Overhead: 10,000 samples through a RewardStack of 3 trivial sources
   (cache off) vs calling the three sources' ``score`` directly in a loop.
   Target: stack / direct <= 1.5.
2. Cache: the same 10,000-sample batch scored twice through a stack whose
   source takes 1 ms per sample; second (warm) pass must be >= 20x faster.

Run:  .venv/bin/python benchmarks/perf/engine_overhead.py [--samples 10000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Literal

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack import BaseSource, ResultCache, RewardStack, Sample, Score, SourceConfig  # noqa: E402
from rewardstack.rewards.shaping import LengthSource  # noqa: E402
from rewardstack.verifiers.regex import RegexMatchSource  # noqa: E402


class SleepyConfig(SourceConfig):
    kind: Literal["sleepy"] = "sleepy"
    delay_s: float = 0.001


class SleepySource(BaseSource[SleepyConfig]):
    """Takes ``delay_s`` per sample (stands for a 1 ms verifier)."""

    kind = "sleepy"
    config_class = SleepyConfig

    def score_one(self, sample: Sample) -> Score:
        time.sleep(self.config.delay_s)
        return Score.ok(1.0)


def make_samples(n: int) -> list[Sample]:
    return [
        Sample(id=str(i), prompt=f"question {i}", response=f"some words here\nAnswer: {i % 97}",
               reference={"pattern": str(i % 89)})
        for i in range(n)
    ]


def trivial_sources() -> dict[str, BaseSource]:  # type: ignore[type-arg]
    return {
        "words": LengthSource(unit="words", target=5, name="words"),
        "chars": LengthSource(unit="chars", name="chars"),
        "answer": RegexMatchSource(extract=r"Answer:\s*(.+)", name="answer"),
    }


def timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


def overhead(samples: list[Sample], repeats: int) -> dict[str, object]:
    sources = trivial_sources()
    stack = RewardStack(sources, cache=None)
    direct_times, stack_times = [], []
    for _ in range(repeats):  # interleaved so machine noise hits both alike
        direct_times.append(timed(lambda: [s.score(samples) for s in sources.values()]))
        stack_times.append(timed(lambda: stack.score(samples)))
    stack.close()
    direct, through_stack = statistics.median(direct_times), statistics.median(stack_times)
    return {
        "samples": len(samples),
        "sources": list(sources),
        "direct_s_median": round(direct, 4),
        "stack_s_median": round(through_stack, 4),
        "ratio_stack_over_direct": round(through_stack / direct, 3),
        "target_ratio_max": 1.5,
        "met": through_stack / direct <= 1.5,
    }


def cache_speedup(samples: list[Sample]) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        stack = RewardStack({"sleepy": SleepySource()}, cache=ResultCache(Path(tmp) / "cache.sqlite"))
        cold = timed(lambda: stack.score(samples))
        warm = timed(lambda: stack.score(samples))
        stack.close()
    return {
        "samples": len(samples),
        "source_delay_s": 0.001,
        "cold_s": round(cold, 3),
        "warm_s": round(warm, 4),
        "speedup": round(cold / warm, 1),
        "target_speedup_min": 20,
        "met": cold / warm >= 20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    samples = make_samples(args.samples)
    result = {"engine_overhead": overhead(samples, args.repeats), "cache": cache_speedup(samples)}
    path = write_result("engine_overhead", result)
    print(f"{path}:\n  overhead {result['engine_overhead']}\n  cache {result['cache']}")


if __name__ == "__main__":
    main()
