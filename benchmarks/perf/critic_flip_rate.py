"""Flip rate of the critic's judges: how often the option order changes a principle verdict's side.

Each labelled item of the judgement set (``rewardstack/rewards/critic/data/judgements.jsonl``,
held-out split by default) is scored by the ``constitutional_critic`` under its own principle
of the default constitution, asked in both option orders ("Answer Yes or No" / "Answer No or
Yes"). Recorded per judge, overall and per principle:

- **flip rate**: share of items whose verdict side (P(Yes) >= 1/2) differs between the orders
  (target <= 5% for the default judge);
- **P(Yes) by order**: the mean probability of "Yes" when Yes is offered first and when it is
  offered second (a position-biased judge differs here), and the mean gap |q0 - q1| per item;
- **satisfied rate**: share of items judged "satisfied" (half of the set is): a judge that
  answers the same whatever it reads has a flip rate of 0 and a satisfied rate of 0 or 1, so
  read the flip rate together with it;
- **agreement**: share of items whose averaged verdict side equals the label (a rough quality
  figure; docs/critic_judge.md has the judge-quality benchmark proper).

Judges: ``hf_local`` zero-shot on each ``--model`` and the adapted default judge when registered.

``--reuse LABEL`` copies that judge's figures from the current record instead of measuring it
again (the zero-shot SmolLM2 takes ~19 minutes here and does not change when the adapted judge is
re-trained), marked ``"reused_from"`` with the record's date; only for the record's own split.

Run:  .venv/bin/python benchmarks/perf/critic_flip_rate.py [--split heldout|train|all] [--model NAME ...]
                                                          [--reuse LABEL ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import RESULTS, write_result  # noqa: E402

from rewardstack import Sample  # noqa: E402
from rewardstack.core.errors import RewardStackError  # noqa: E402
from rewardstack.core.registry import JUDGE_BACKENDS  # noqa: E402
from rewardstack.rewards.critic.data.items import JudgementItem, load_judgements  # noqa: E402
from rewardstack.rewards.critic.session import CriticSession, run_session  # noqa: E402
from rewardstack.rewards.critic.source import ConstitutionalCriticSource  # noqa: E402

TARGET = 0.05


def judge_items(source: ConstitutionalCriticSource, items: list[JudgementItem]) -> list[dict[str, Any]]:
    """Per item: P(Yes) in each order, the flip, the averaged side vs the label (one judge, many principles)."""
    by_principle: dict[str, list[JudgementItem]] = defaultdict(list)
    for item in items:
        by_principle[item.principle].append(item)
    rows = []
    for principle, group in by_principle.items():
        config = source.config.model_copy(update={"principles": (principle,)})
        samples = [Sample(id=i.id, prompt=i.prompt, response=i.response, domain="medicine") for i in group]
        scores = run_session(CriticSession(source.constitution, config, samples), source.judge)
        for item, score in zip(group, scores, strict=True):
            if score.value is None:
                rows.append({"principle": principle, "failed": score.evidence})
                continue
            first, second = score.details["orders"][principle]
            rows.append({"principle": principle, "yes_first": first, "yes_second": second,
                         "flipped": principle in score.details["flipped"], "satisfied": score.value >= 0.5,
                         "agrees": (score.value >= 0.5) == item.verdict})
    return rows


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    judged = [r for r in rows if "failed" not in r]
    if not judged:
        return {"items": len(rows), "failed": len(rows)}
    return {"items": len(rows), "failed": len(rows) - len(judged),
            "flip_rate": round(sum(r["flipped"] for r in judged) / len(judged), 4),
            "p_yes_when_yes_first": round(statistics.fmean(r["yes_first"] for r in judged), 4),
            "p_yes_when_yes_second": round(statistics.fmean(r["yes_second"] for r in judged), 4),
            "mean_order_gap": round(statistics.fmean(abs(r["yes_first"] - r["yes_second"]) for r in judged), 4),
            "satisfied_rate": round(sum(r["satisfied"] for r in judged) / len(judged), 4),
            "agreement_with_label": round(sum(r["agrees"] for r in judged) / len(judged), 4)}


def measure(settings: dict[str, Any], items: list[JudgementItem]) -> dict[str, Any]:
    source = ConstitutionalCriticSource(judge=settings)
    try:
        rows = judge_items(source, items)
    finally:
        source.close()
    per_principle = {p: summarise([r for r in rows if r["principle"] == p])
                     for p in sorted({r["principle"] for r in rows})}
    overall = summarise(rows)
    return {"judge": settings, **overall, "target_flip_rate_max": TARGET,
            "met": overall.get("flip_rate", 1.0) <= TARGET, "per_principle": per_principle}


def _reused(labels: set[str], split: str) -> dict[str, Any]:
    """The ``labels``' entries of the current record (same split), each marked with the record's date."""
    if not labels:
        return {}
    path = RESULTS / "critic_flip_rate.json"
    record = json.loads(path.read_text()) if path.exists() else {}
    recorded = record.get("critic_flip_rate", {})
    if recorded.get("split") != split or not labels <= set(recorded.get("judges", {})):
        raise SystemExit(f"--reuse {sorted(labels)}: {path} has no such judges for split {split!r}")
    return {label: {**recorded["judges"][label],
                    "reused_from": recorded["judges"][label].get("reused_from", record["recorded_at"])}
            for label in sorted(labels)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=["heldout", "train", "all"], default="heldout")
    parser.add_argument("--model", nargs="*", default=["smollm2-135m-instruct", "tiny-lm"])
    parser.add_argument("--reuse", action="append", default=[], metavar="LABEL",
                        help="copy this judge's figures from the current record, e.g. hf_local:smollm2-135m-instruct")
    args = parser.parse_args()
    items = [i for i in load_judgements() if args.split == "all" or i.split == args.split]
    judges = {f"hf_local:{m}": {"kind": "hf_local", "model": m, "device": "cpu"} for m in args.model}
    if "embedded_adapted" in JUDGE_BACKENDS:
        judges["embedded_adapted"] = {"kind": "embedded_adapted", "device": "cpu"}
    results: dict[str, Any] = _reused(set(args.reuse), args.split)
    for label, settings in judges.items():
        if label in results:
            continue
        try:
            results[label] = measure(settings, items)
        except RewardStackError as exc:  # the adapted judge before its checkpoint is trained, say
            results[label] = {"judge": settings, "unavailable": str(exc)}
        shown = {k: v for k, v in results[label].items() if k not in ("per_principle", "judge")}
        print(f"{label}: {shown}", flush=True)
    path = write_result("critic_flip_rate", {"critic_flip_rate": {"split": args.split, "items": len(items),
                                                                  "judges": results}})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
