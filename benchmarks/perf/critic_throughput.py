"""Judgements per second with a local judge on CPU: batched vs one at a time, side by side in one run.

The requests are the critic's real questions (default constitution, both option
orders) about prompts and responses of the labelled judgement set
(``rewardstack/rewards/critic/data/judgements.jsonl``), so prompt lengths are
what a stack sends (about 150-250 tokens).

- **one at a time**: ``judge.judge([request])`` per request (a padded forward pass each);
- **batched**: ``judge.judge(16 requests)`` per call (the backend sorts them by length into
  left-padded passes, and runs the prefixes the requests share once: the two option orders of a
  question share ~95% of their tokens), which is what one ``score_batch`` call of the critic does;
- **batched, plain passes** (causal-LM judges only, for the record): the same calls with prefix
  sharing off (``lm.share_prefixes = False``): what padding and batching alone give;
- **through the source**: ``ConstitutionalCriticSource.score`` on the samples behind the
  same requests, micro-batched by the engine's ``batch: {max_samples}`` (for context).

Judges: ``hf_local`` on each ``--model`` (default: the embedded SmolLM2-135M-Instruct
and tiny-lm), plus the adapted default judge (``embedded_adapted``) when it is registered.
The two ways alternate every 16 requests, so a noisy neighbour hits both alike. Target: batched
>= 3x one at a time.

Run:  .venv/bin/python benchmarks/perf/critic_throughput.py [--requests 48] [--repeats 2] [--model NAME ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack import Sample  # noqa: E402
from rewardstack.core.errors import RewardStackError  # noqa: E402
from rewardstack.core.registry import JUDGE_BACKENDS  # noqa: E402
from rewardstack.rewards.critic.config import judge_config  # noqa: E402
from rewardstack.rewards.critic.constitution import load_constitution  # noqa: E402
from rewardstack.rewards.critic.data.items import load_judgements  # noqa: E402
from rewardstack.rewards.critic.judges.base import JudgeBackend, JudgeRequest  # noqa: E402
from rewardstack.rewards.critic.questions import question_request  # noqa: E402
from rewardstack.rewards.critic.source import ConstitutionalCriticSource  # noqa: E402

TARGET = 3.0
CHUNK = 16  # requests per batched call (one critic call: 2 samples x 4 principles x 2 orders)


def questions(n: int) -> tuple[list[JudgeRequest], list[Sample]]:
    """``n`` question requests (both orders of each item's principle) and the samples they come from."""
    constitution = load_constitution("default")
    items = load_judgements()[: (n + 1) // 2]
    requests = [question_request(constitution, constitution.principle(item.principle), item.prompt, item.response,
                                 order=order) for item in items for order in (0, 1)][:n]
    samples = [Sample(id=item.id, prompt=item.prompt, response=item.response) for item in items]
    return requests, samples


def forward_tokens(judge: JudgeBackend, requests: list[JudgeRequest]) -> dict[str, int] | None:
    """Padded tokens each way runs through the model (causal-LM judges): on a CPU the cost follows them."""
    from rewardstack.rewards.critic.prefixes import plan_passes
    from rewardstack.rewards.preference.forward import pass_overhead_tokens, plan_buckets

    lm = getattr(judge, "lm", None)
    if lm is None:
        return None
    ids = [lm.encode(r.prompt) for r in requests]
    out = {"one_at_a_time": sum(len(x) for x in ids), "batched": 0, "batched_plain_passes": 0}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        for bucket in plan_buckets([len(x) for x in chunk], overhead_tokens=pass_overhead_tokens(lm.device.type)):
            rows = [chunk[b] for b in bucket]
            plain = len(rows) * max(len(r) for r in rows)
            passes = plan_passes(rows)
            out["batched_plain_passes"] += plain
            out["batched"] += plain if passes is None else sum(p.padded_tokens for p in passes)
    return out


def timed(run: Any) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(label: str, settings: dict[str, Any], requests: list[JudgeRequest], samples: list[Sample],
            repeats: int) -> dict[str, Any]:
    config = judge_config(settings)
    judge: JudgeBackend = JUDGE_BACKENDS.get(config.kind)(config)
    judge.judge(requests[:4])  # warm-up: lazy imports, first allocations
    lm = getattr(judge, "lm", None)  # the causal-LM judges' ChatLM: prefix sharing can be switched off
    ways = ["one_at_a_time", "batched"] + (["batched_plain_passes"] if lm is not None else [])
    times: dict[str, list[float]] = {way: [] for way in ways}
    for _ in range(repeats):
        spent = dict.fromkeys(ways, 0.0)
        for start in range(0, len(requests), CHUNK):  # alternate every few seconds: the machine's load drifts
            chunk = requests[start:start + CHUNK]
            spent["one_at_a_time"] += timed(lambda: [judge.judge([r]) for r in chunk])  # noqa: B023
            spent["batched"] += timed(lambda: judge.judge(chunk))  # noqa: B023
            if lm is not None:
                lm.share_prefixes = False
                spent["batched_plain_passes"] += timed(lambda: judge.judge(chunk))  # noqa: B023
                lm.share_prefixes = True
        for way, seconds in spent.items():
            times[way].append(seconds)
    one = [judge.judge([r])[0] for r in requests[:8]]
    together = judge.judge(requests[:8])
    agreement = max(abs(a.probabilities[o] - b.probabilities[o]) for a, b in zip(one, together, strict=True)
                    for o in a.probabilities)
    tokens = forward_tokens(judge, requests)
    judge.close()
    source = ConstitutionalCriticSource(judge=settings, principles=["no_sycophancy"], batch={"max_samples": 16})
    source_s = timed(lambda: source.score(samples))
    source.close()
    median = {k: statistics.median(v) for k, v in times.items()}
    speedup = median["one_at_a_time"] / median["batched"]
    row = {"judge": settings, "requests": len(requests),
           "judgements_per_s": {k: round(len(requests) / v, 2) for k, v in median.items()},
           "seconds_all": {k: [round(x, 3) for x in v] for k, v in times.items()},
           "speedup_batched_over_one_at_a_time": round(speedup, 2), "target": TARGET, "met": speedup >= TARGET,
           **({"speedup_plain_passes_over_one_at_a_time": round(median["one_at_a_time"]
                                                                / median["batched_plain_passes"], 2)}
              if "batched_plain_passes" in median else {}),
           "max_abs_difference_batched_vs_alone": agreement,
           **({"padded_tokens_through_the_model": tokens} if tokens else {}),
           "source_judgements_per_s_one_principle_both_orders": round(2 * len(samples) / source_s, 2)}
    print(f"{label}: one at a time {row['judgements_per_s']['one_at_a_time']}/s, batched "
          f"{row['judgements_per_s']['batched']}/s ({speedup:.2f}x); batched vs alone differ by {agreement:.1e}",
          flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=48)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--model", nargs="*", default=["smollm2-135m-instruct", "tiny-lm"])
    args = parser.parse_args()
    load_before = os.getloadavg()
    requests, samples = questions(args.requests)
    judges = {f"hf_local:{m}": {"kind": "hf_local", "model": m, "device": "cpu"} for m in args.model}
    if "embedded_adapted" in JUDGE_BACKENDS:
        judges["embedded_adapted"] = {"kind": "embedded_adapted", "device": "cpu"}
    results: dict[str, Any] = {}
    for label, settings in judges.items():
        try:
            results[label] = measure(label, settings, requests, samples, args.repeats)
        except RewardStackError as exc:  # the adapted judge before its checkpoint is trained, say
            results[label] = {"judge": settings, "unavailable": str(exc)}
            print(f"{label}: unavailable: {exc}", flush=True)
    tokens = [len(r.prompt) for r in requests if isinstance(r.prompt, str)]
    path = write_result("critic_throughput", {"critic_throughput": {
        "torch_threads": torch.get_num_threads(), "prompt_chars_median": statistics.median(tokens),
        "load_average_1_5_15_before": [round(x, 2) for x in load_before],
        "load_average_1_5_15_after": [round(x, 2) for x in os.getloadavg()], "judges": results}})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
