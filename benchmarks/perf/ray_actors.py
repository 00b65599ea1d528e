"""Ray execution: a CPU-bound source on 1 vs 2 actors of a local Ray cluster, side by side.

Two sources, each on 1 and then 2 one-CPU actors (one stack at a time: a 2-CPU cluster holds
two one-CPU actors, not three), alternating, cache off, after a warm-up call (actor start-up
and imports are not measured). Speed-up = median wall(1 actor) / wall(2 actors); on a machine
with two free cores the ceiling is 2.

- **cpu_bound** (the target row): a benchmark-only source that burns a fixed amount of
  pure-Python CPU per sample (a 64-bit LCG iterated ``--iterations`` times from a seed taken
  from the response; ~25 ms a sample on an idle core), standing in for a heavy checker. Pure
  Python holds the GIL, so only separate processes (the actors) can run two samples at once.
- **math_answer** (for contrast): the real symbolic checker on polynomial identities, about
  2 ms a sample: there Ray's per-call cost and the raylet's share of the 2 cores eat the gain.

Other work on the machine caps the ratio (two actors need two free cores), so the load
averages before and after are recorded with the figures, and for ``cpu_bound`` the cores the
actors actually obtained (CPU seconds spent in the source per wall second: ~1 for one actor and
~2 for two on an idle machine; the speed-up follows their ratio). Where the kernel shares CPU
per session (``sched_autogroup_enabled``, recorded), the actors, which share the driver's
session, obtain together about what one obtains while other sessions keep the cores busy.

Run:  .venv/bin/python benchmarks/perf/ray_actors.py [--samples 200 --repeats 3 --iterations 100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ray  # noqa: E402
from machine import write_result  # noqa: E402
from pydantic import Field  # noqa: E402

from rewardstack import RewardStack, Sample, Score  # noqa: E402
from rewardstack.core.source import BaseSource  # noqa: E402
from rewardstack.core.source_config import SourceConfig  # noqa: E402
from rewardstack.verifiers.math.source import MathAnswerSource  # noqa: E402

_MASK = 2**64 - 1


class BurnConfig(SourceConfig):
    iterations: int = Field(default=100_000, ge=1)


class BurnSource(BaseSource[BurnConfig]):
    """A fixed amount of pure-Python work per sample; the value is a deterministic function of the response."""

    kind: ClassVar[str] = "cpu_burn"
    config_class: ClassVar[type[BurnConfig]] = BurnConfig

    def score_one(self, sample: Sample) -> Score:
        cpu = time.process_time()
        state = sum(sample.response.encode()) + 1
        for _ in range(self.config.iterations):
            state = (state * 6364136223846793005 + 1442695040888963407) & _MASK
        return Score.ok((state >> 11) / 2**53, details={"cpu_s": time.process_time() - cpu})


def _math_samples(n: int) -> list[Sample]:
    out = []
    for i in range(n):
        a, b = 2 + i % 7, 3 + i % 5
        reference = f"x^2 + {a + b}*x + {a * b}"
        response = f"The answer is $(x+{a})(x+{b})$." if i % 3 else f"The answer is $(x+{a})(x+{b + 1})$."
        out.append(Sample(id=str(i), prompt="Expand.", response=response, reference={"answer": reference}))
    return out


def _compare(make: Any, samples: list[Sample], repeats: int) -> dict[str, Any]:
    times: dict[int, list[float]] = {1: [], 2: []}
    cores: dict[int, list[float]] = {1: [], 2: []}  # CPU seconds the actors got per wall second
    totals: dict[int, list[float | None]] = {}
    for _ in range(repeats):
        for n in times:
            with RewardStack({"s": make({"mode": "ray", "num_actors": n})}, cache=None) as stack:
                stack.score(samples[:8])  # warm-up: actors built, imports done
                start = time.perf_counter()
                results = stack.score(samples)
                times[n].append(time.perf_counter() - start)
            totals[n] = [r.total for r in results]
            cpu = [r.scores["s"].details.get("cpu_s") for r in results]
            if all(isinstance(c, float) for c in cpu):
                cores[n].append(sum(cpu) / times[n][-1])  # type: ignore[arg-type]
    assert totals[1] == totals[2], "1 and 2 actors must give the same scores"
    assert all(t is not None for t in totals[1]), "every sample must be scored"
    median = {n: statistics.median(t) for n, t in times.items()}
    return {"samples": len(samples), "per_sample_ms_1_actor": round(1000 * median[1] / len(samples), 2),
            "wall_s_all_1_actor": [round(t, 3) for t in times[1]],
            "wall_s_all_2_actors": [round(t, 3) for t in times[2]],
            "wall_s_median_1_actor": round(median[1], 3), "wall_s_median_2_actors": round(median[2], 3),
            "speedup_2_over_1": round(median[1] / median[2], 2),
            **({"cores_obtained_median_1_actor": round(statistics.median(cores[1]), 2),
                "cores_obtained_median_2_actors": round(statistics.median(cores[2]), 2)} if cores[1] else {})}


def _autogroup() -> str | None:
    """The kernel's per-session CPU sharing (1: on): Ray's actors share their driver's session, so under
    load from other sessions two actors obtain about the CPU one does."""
    try:
        return Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip()
    except OSError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=100_000)
    args = parser.parse_args()
    load_before = os.getloadavg()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        burn = _compare(lambda execution: BurnSource(iterations=args.iterations, execution=execution),
                        [Sample(id=str(i), prompt="p", response=f"response {i}") for i in range(args.samples)],
                        args.repeats)
        burn["source"] = f"cpu_burn ({args.iterations} pure-Python LCG steps per sample)"
        print(f"cpu_bound: {burn}", flush=True)
        cheap = _compare(lambda execution: MathAnswerSource(execution=execution), _math_samples(300), args.repeats)
        cheap["source"] = "math_answer (symbolic)"
        print(f"math_answer: {cheap}", flush=True)
    finally:
        ray.shutdown()
    load_after = os.getloadavg()
    result = {"ray_actors": {
        "repeats": args.repeats, "ray": ray.__version__, "sched_autogroup_enabled": _autogroup(),
        "ray_cluster_cpus": 2, "actor_num_cpus": 1,
        "load_average_1_5_15_before": [round(x, 2) for x in load_before],
        "load_average_1_5_15_after": [round(x, 2) for x in load_after],
        "cpu_bound": burn, "math_answer_cheap": cheap}}
    path = write_result("ray_actors", result)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
