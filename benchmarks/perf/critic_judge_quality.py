"""Judge quality on the held-out principle judgements, through ``constitutional_critic``, judges side by side.

Every held-out item of rewardstack/rewards/critic/data/judgements.jsonl is scored by the critic
(``constitution: default``, ``principles: [its principle]``; medical items with domain
``medicine``), which asks the judge both option orders and averages them. Per judge:

- pairwise ordering accuracy over the held-out better/worse pairs (ties 1/2);
- AUROC per principle (and their macro mean and minimum), over the averaged P(satisfied);
- flip rate: the share of items whose verdict side changes with the option order;
- expected calibration error (10 bins) of the averaged P(satisfied);
- accuracy (averaged P(satisfied) on the right side of 1/2), overall and on the hard items;
- seconds for the whole held-out set (the judge's load included; the machine is shared, so compare
  seconds only within one run).

Judges: the zero-shot embedded SmolLM2-135M-Instruct (``hf_local``) and the adapted default judge
(``embedded_adapted``, the critic's default), plus any ``--judge NAME=JSON`` (e.g. a causal_lora
checkpoint: ``--judge lora='{"kind": "embedded_adapted", "path": "runs/judge-lora"}'``). No larger
judge is reachable here (no model in the local Hugging Face cache), so none is recorded.

Targets for the default judge (issue 13): ordering accuracy >= 0.85 and AUROC >= 0.9 per principle.

Run:  .venv/bin/python benchmarks/perf/critic_judge_quality.py [--threads 2] [--judge NAME=JSON ...] [--name NAME]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack.rewards.critic.adapted.evaluate import critic_item_scores, quality  # noqa: E402
from rewardstack.rewards.critic.data.items import load_judgements  # noqa: E402

TARGETS = {"ordering_accuracy": 0.85, "auroc_per_principle": 0.9}
JUDGES: dict[str, dict[str, Any] | None] = {
    "zero_shot_smollm2_135m_instruct": {"kind": "hf_local", "model": "smollm2-135m-instruct", "device": "cpu"},
    "adapted_default": None,  # the critic's default judge: embedded_adapted with the shipped checkpoint
}


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


def evaluate(name: str, judge: dict[str, Any] | None) -> dict[str, Any]:
    items = load_judgements("heldout")
    started = time.perf_counter()
    figures = quality(critic_item_scores(items, judge))
    seconds = time.perf_counter() - started
    meets = (figures["ordering_accuracy"] >= TARGETS["ordering_accuracy"]
             and figures["auroc_min"] >= TARGETS["auroc_per_principle"])
    print(f"{name}: ordering {figures['ordering_accuracy']:.3f}, AUROC min {figures['auroc_min']:.3f} "
          f"macro {figures['auroc_macro']:.3f}, flip {figures['flip_rate']:.3f}, ECE {figures['ece']:.3f}, "
          f"{seconds:.0f} s", flush=True)
    return {"judge": judge or {"kind": "embedded_adapted", "path": None}, "seconds": round(seconds, 1),
            "meets_targets": meets, **_round(figures)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--judge", action="append", default=[], metavar="NAME=JSON",
                        help="another judge mapping to evaluate, e.g. lora='{\"kind\": \"embedded_adapted\", ...}'")
    parser.add_argument("--only", nargs="*", default=None, help="evaluate only these judge names")
    parser.add_argument("--name", default="critic_judge_quality", help="result file name under benchmarks/results")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    judges = dict(JUDGES)
    for text in args.judge:
        name, _, raw = text.partition("=")
        judges[name] = json.loads(raw)
    if args.only is not None:
        judges = {k: v for k, v in judges.items() if k in args.only}
    heldout = load_judgements("heldout")
    results = {name: evaluate(name, judge) for name, judge in judges.items()}
    path = write_result(args.name, {
        "what": "held-out principle judgements scored through constitutional_critic (constitution default, both "
                "option orders averaged), per judge",
        "heldout_items": len(heldout), "heldout_pairs": results[next(iter(results))]["pairs"],
        "torch_threads": args.threads, "targets": TARGETS, "judges": results,
        "larger_judges_reachable": "none (no model in the local Hugging Face cache; nothing may be downloaded)"})
    print(path)


if __name__ == "__main__":
    main()
