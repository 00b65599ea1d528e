"""preference_model source throughput on mixed-length inputs, side by side in one run, same model.

Three ways to score the same calls (``--call`` samples each, as the engine would hand them over):

1. **source**: ``PreferenceModelSource.score`` (tokenise, sort by length, one forward pass per
   length bucket with dynamic padding, Scores built);
2. **fixed padding**: the same model on the same calls, every text padded to ``max_length``
   (the naive batching the source replaces); also **dynamic, unsorted**: padded to the longest
   of each call, no buckets (for context);
3. **bare forward**: only the model's forward passes on exactly the buckets the source ran,
   tokenised and collated before the clock starts.

Targets: source / fixed padding throughput >= 1.5x; source time <= 1.10 x bare forward time
(the source's own overhead: tokenising, bucketing, Score objects, at most 10%).

Run:  .venv/bin/python benchmarks/perf/preference_source.py [--samples 256] [--call 64] [--repeats 3] [--threads N]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack import Sample  # noqa: E402
from rewardstack.rewards.preference import PreferenceModelSource, collate  # noqa: E402
from rewardstack.rewards.preference.forward import plan_buckets, sequence_rewards  # noqa: E402

WORDS = ("the model answered a question about rivers mountains history chemistry code tests and proofs "
         "with several careful steps before it gave a final answer").split()


def make_samples(n: int, seed: int) -> list[Sample]:
    """Prompts of 5-30 words, responses of 5-300 words, uniformly (tokens ~20-350): mixed lengths in every call."""
    rng = random.Random(seed)
    return [Sample(id=str(i), prompt=" ".join(rng.choices(WORDS, k=rng.randint(5, 30))),
                   response=" ".join(rng.choices(WORDS, k=rng.randint(5, 300)))) for i in range(n)]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="all-minilm-l6-v2")
    parser.add_argument("--samples", type=int, default=256)
    parser.add_argument("--call", type=int, default=64, help="samples per score_batch call")
    parser.add_argument("--max-length", type=int, default=512)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's)")
    parser.add_argument("--sweep", type=int, nargs="*", default=[0, 32, 64, 128, 256, 1024],
                        help="overhead_tokens values to time the source with (how the bucket constant was chosen)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a bare backbone's fresh head: throughput does not care
        source = PreferenceModelSource(path=args.model, device="cpu", max_length=args.max_length)
    rm = source.models[0]
    samples = make_samples(args.samples, seed=0)
    calls = [samples[i:i + args.call] for i in range(0, len(samples), args.call)]
    pad_id = int(rm.tokenizer.pad_token_id)
    encoded_calls = [[rm.encoder.encode(s.prompt, s.response) for s in call] for call in calls]
    lengths = [len(e.ids) for call in encoded_calls for e in call]

    def batches(policy: str) -> list[dict[str, torch.Tensor]]:
        out = []
        for call in encoded_calls:
            if policy == "buckets":
                plan = plan_buckets([len(e.ids) for e in call], overhead_tokens=rm.bucket_overhead_tokens)
                out += [collate([call[i] for i in b], pad_id=pad_id) for b in plan]
            elif policy == "longest":
                out.append(collate(call, pad_id=pad_id))
            else:  # fixed: pad every text to max_length
                batch = collate(call, pad_id=pad_id)
                gap = args.max_length - batch["input_ids"].shape[1]
                out.append({k: torch.nn.functional.pad(v, (0, gap), value=pad_id if k == "input_ids" else 0)
                            for k, v in batch.items()})
        return out

    prepared = {policy: batches(policy) for policy in ("buckets", "longest", "fixed")}

    def forward_only(policy: str) -> Callable[[], object]:
        def run() -> list[torch.Tensor]:
            with torch.inference_mode():
                return [sequence_rewards(rm.model, b, causal=rm.causal) for b in prepared[policy]]
        return run

    def through_source() -> list[float]:
        rm.encoder._cache.clear()  # count tokenisation every time, as for fresh rollouts
        return [s.value for call in calls for s in source.score(call)]  # type: ignore[misc]

    runs = {"source": through_source, "bare_forward_same_buckets": forward_only("buckets"),
            "fixed_padding_to_max_length": forward_only("fixed"), "dynamic_padding_unsorted": forward_only("longest")}
    through_source()  # warm-up: first-call allocations, lazy imports
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.repeats):
        for name, run in runs.items():  # interleaved: a noisy neighbour hits every method alike
            times[name].append(timed(run))
    median = {name: statistics.median(t) for name, t in times.items()}

    reference = np.array(through_source())
    fixed = np.concatenate([v.float().numpy() for v in forward_only("fixed")()])
    if rm.meta is None:
        raw = reference
    else:
        raw = reference * rm.meta.normalization.std + rm.meta.normalization.mean
    agreement = float(np.abs(fixed - raw).max())

    chosen = rm.bucket_overhead_tokens
    sweep = {}
    for overhead_tokens in args.sweep:  # what the bucket rule's constant buys: fewer, fuller passes vs padding
        rm.bucket_overhead_tokens = overhead_tokens
        sweep[str(overhead_tokens)] = round(statistics.median(timed(through_source) for _ in range(args.repeats)), 4)
    rm.bucket_overhead_tokens = chosen

    speedup = median["fixed_padding_to_max_length"] / median["source"]
    overhead = median["source"] / median["bare_forward_same_buckets"] - 1.0
    padded = {name: int(sum(b["input_ids"].numel() for b in prepared[key])) for name, key in
              (("buckets", "buckets"), ("dynamic_unsorted", "longest"), ("fixed", "fixed"))}
    result = {
        "model": args.model, "samples": args.samples, "samples_per_call": args.call, "max_length": args.max_length,
        "tokens": {"real": int(sum(lengths)), "min": min(lengths), "median": int(statistics.median(lengths)),
                   "max": max(lengths), "padded_by_method": padded},
        "forward_passes_source": len(prepared["buckets"]), "torch_threads": torch.get_num_threads(),
        "seconds_median": {k: round(v, 4) for k, v in median.items()},
        "seconds_all": {k: [round(x, 4) for x in v] for k, v in times.items()},
        "samples_per_s": {k: round(args.samples / v, 1) for k, v in median.items()},
        "speedup_source_vs_fixed_padding": round(speedup, 2), "target_speedup_min": 1.5,
        "source_overhead_vs_bare_forward": round(overhead, 4), "target_overhead_max": 0.10,
        "max_abs_difference_source_vs_fixed_padding": agreement,
        "pass_overhead_tokens": chosen, "source_seconds_by_overhead_tokens": sweep,
        "met": bool(speedup >= 1.5 and overhead <= 0.10),
    }
    path = write_result("preference_source", {"preference_source": result})
    print(f"source {median['source']:.2f} s, fixed padding {median['fixed_padding_to_max_length']:.2f} s "
          f"({speedup:.2f}x), unsorted dynamic {median['dynamic_padding_unsorted']:.2f} s, bare forward "
          f"{median['bare_forward_same_buckets']:.2f} s (overhead {overhead:+.1%}); scores agree to {agreement:.1e}")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
