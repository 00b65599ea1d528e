"""Fusion layer cost and cascade savings, measured side by side in one run.

1. Tree speed: 100,000 samples x 6 sources through a 3-level operator tree
   (veto -> gate -> weighted sum with an uncertainty-ensemble subtree), and the same
   under a GRPO group_normalize, on a ScoreBoard prefilled with arrays
   (``put_arrays``), attribution included. Target: < 200 ms.
2. Overhead with real sources: a RewardStack of ``math_answer`` + ``length`` +
   ``regex_match`` over the math example samples (replicated, cache off). The fusion
   layer's share = (ScoreBoard.put of the stack's Scores + run_tree, timed alone on
   the same Scores) / the stack's whole ``score`` time. Target: <= 5%. The share
   including the engine's StackResult assembly is reported beside it.
3. Cascade: a batch where half the samples fail a cheap check; an expensive source
   counts its calls. Cascade vs a gate whose expensive branch the stack prefetches.
   Target: >= 50% fewer expensive calls.

Run:  .venv/bin/python benchmarks/perf/fusion_overhead.py [--samples 100000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

import rewardstack.fusion.stack as stack_module  # noqa: E402
from rewardstack import RewardStack, Sample, Score  # noqa: E402
from rewardstack.core.source import BaseSource, SourceConfig  # noqa: E402
from rewardstack.fusion.base import ScoreBoard  # noqa: E402
from rewardstack.fusion.node import validate_node  # noqa: E402
from rewardstack.fusion.run import run_tree  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

TREE = {
    "kind": "veto",
    "below": {"safety": 0.2},
    "floor": -1.0,
    "input": {
        "kind": "gate",
        "condition": {"source": "tests", "at_least": 0.5},
        "then": {
            "kind": "weighted_sum",
            "weights": {"length": 0.2, "style": 0.3},
            "subtrees": [{"weight": 1.0, "node": {"kind": "ensemble", "inputs": ["rm1", "rm2"], "mode": "uncertainty",
                                                  "lam": 0.5}}],
        },
        "otherwise": {"kind": "constant", "value": -1.0},
    },
}
SOURCES = ["tests", "safety", "rm1", "rm2", "length", "style"]


def timed(fn: Callable[[], Any], repeats: int) -> dict[str, float]:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return {"median_ms": round(statistics.median(times) * 1e3, 2), "min_ms": round(min(times) * 1e3, 2)}


def tree_speed(n: int, repeats: int) -> dict[str, Any]:
    rng = np.random.default_rng(0)
    samples = [Sample.model_construct(id=str(i), prompt="p", response="r", reference=None, domain=None,
                                      metadata={"group": i // 8}) for i in range(n)]
    board = ScoreBoard(samples)
    for name in SOURCES:
        values = rng.uniform(size=n)
        values[rng.uniform(size=n) < 0.05] = np.nan  # 5% error Scores per source
        board.put_arrays(name, values)
    board.set_group_ids("group", np.arange(n) // 8)
    tree = validate_node(TREE).build()
    grouped = validate_node({"kind": "group_normalize", "input": TREE}).build()
    index = np.arange(n)
    out = run_tree(tree, board, index)
    summed = sum(out.contributions.values())
    ok = np.isfinite(out.total)
    assert np.allclose(summed[ok], (out.total - out.base)[ok]), "attribution does not add up"
    return {
        "samples": n,
        "sources": len(SOURCES),
        "tree": TREE,
        "three_level_tree": timed(lambda: run_tree(tree, board, index), repeats),
        "same_tree_under_group_normalize": timed(lambda: run_tree(grouped, board, index), repeats),
        "target_ms": 200,
    }


def _math_samples(copies: int) -> list[Sample]:
    lines = (ROOT / "examples" / "data" / "math_samples.jsonl").read_text().splitlines()
    base = [json.loads(line) for line in lines]
    out = []
    for c in range(copies):
        for row in base:
            row = dict(row, id=f"{row['id']}-{c}", metadata={"group": f"{row['metadata']['group']}-{c}"})
            out.append(Sample.model_validate(row))
    return out


def stack_overhead(copies: int, repeats: int) -> dict[str, Any]:
    """Stack wall time vs the fusion layer's time on the same Scores, measured in isolation.

    Timing ScoreBoard.put inside the stack would charge it for GIL waits on the source
    threads running beside it, so the fusion layer (Scores -> board arrays -> tree ->
    FusionOutput) is re-run alone on the Scores the stack produced.
    """
    samples = _math_samples(copies)
    sources = {
        "answer": {"kind": "math_answer"},
        "words": {"kind": "length", "unit": "words"},
        "boxed": {"kind": "regex_match", "field": "answer", "mode": "search"},
    }
    fusion = {"kind": "group_normalize", "input": {
        "kind": "constraint",
        "reward": {"kind": "gate", "condition": {"source": "answer", "at_least": 1.0},
                   "then": {"kind": "weighted_sum", "weights": {"answer": 1.0, "boxed": 0.1}}},
        "costs": [{"input": "words", "budget": 40}], "lambda_init": 0.01}}
    config = stack_module.StackConfig.model_validate({"sources": sources, "fusion": fusion})
    with RewardStack.from_config(config, cache=None) as stack:
        stack.score(samples[:24])  # warm-up (imports, checker pools)
        stack.eval()
        totals = []
        for _ in range(repeats):
            start = time.perf_counter()
            results = stack.score(samples)
            totals.append(time.perf_counter() - start)
        scores = {name: {i: r.scores[name] for i, r in enumerate(results)} for name in sources}

        def fusion_layer() -> None:
            board = ScoreBoard(samples, policies=stack.policies)
            for name, by_pos in scores.items():
                board.put(name, by_pos)
            run_tree(stack.tree, board)

        def with_results() -> None:
            board = ScoreBoard(samples, policies=stack.policies)
            for name, by_pos in scores.items():
                board.put(name, by_pos)
            stack._results(samples, board, run_tree(stack.tree, board))

        layer = timed(fusion_layer, repeats)
        layer_and_results = timed(with_results, repeats)
    total_ms = statistics.median(totals) * 1e3
    return {
        "samples": len(samples),
        "sources": "math_answer (answer), length (words), regex_match (boxed); cache off",
        "stack_score_median_ms": round(total_ms, 1),
        "fusion_layer_ms": layer,
        "fusion_share": round(layer["median_ms"] / total_ms, 4),
        "fusion_plus_stackresult_assembly_ms": layer_and_results,
        "fusion_plus_stackresult_assembly_share": round(layer_and_results["median_ms"] / total_ms, 4),
        "target_share": 0.05,
    }


class CallCountConfig(SourceConfig):
    kind: Literal["call_count"] = "call_count"


class ExpensiveSource(BaseSource[CallCountConfig]):
    """Stands in for a test runner / judge: counts the samples it is asked about."""

    kind = "call_count"
    version = "1"
    config_class = CallCountConfig

    def __init__(self) -> None:
        super().__init__(CallCountConfig())
        self.calls = 0

    def score(self, samples: Sequence[Sample]) -> list[Score]:
        self.calls += len(samples)
        return [Score.ok(0.5) for _ in samples]


def cascade_savings(n: int) -> dict[str, Any]:
    # half the responses contain "Answer:" (the cheap check passes), half do not
    samples = [Sample(id=str(i), prompt="p", response=("Answer: 4" if i % 2 == 0 else "no idea"),
                      reference={"pattern": "Answer:"}) for i in range(n)]
    trees = {
        "gate_prefetched": {"kind": "gate", "condition": {"source": "cheap", "at_least": 1.0},
                            "then": "expensive", "otherwise": {"kind": "constant", "value": -1.0}},
        "cascade": {"kind": "cascade", "stages": [{"input": "cheap", "reject_below": 1.0, "reject_value": -1.0}],
                    "final": "expensive"},
    }
    calls = {}
    totals = {}
    for label, tree in trees.items():
        expensive = ExpensiveSource()
        sources = {"cheap": stack_module.build_source("cheap", _regex_config()), "expensive": expensive}
        with RewardStack(sources, tree, cache=None) as stack:
            results = stack.score(samples)
        calls[label] = expensive.calls
        totals[label] = [r.total for r in results]
    assert totals["gate_prefetched"] == totals["cascade"], "cascade changed the totals"
    saving = 1 - calls["cascade"] / calls["gate_prefetched"]
    return {"samples": n, "cheap_check_fail_rate": 0.5, "expensive_calls": calls,
            "saving": round(saving, 4), "target_saving": 0.5}


def _regex_config() -> Any:
    from rewardstack.verifiers.regex import RegexMatchConfig

    return RegexMatchConfig(mode="search")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--math-copies", type=int, default=100, help="copies of the 12 math example samples")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    result = {
        "tree_speed": tree_speed(args.samples, args.repeats),
        "stack_overhead": stack_overhead(args.math_copies, max(3, args.repeats // 2)),
        "cascade": cascade_savings(10_000),
    }
    t = result["tree_speed"]
    result["targets_met"] = {
        "tree_under_200ms": t["three_level_tree"]["median_ms"] < 200,
        "grouped_tree_under_200ms": t["same_tree_under_group_normalize"]["median_ms"] < 200,
        "fusion_share_at_most_5pct": result["stack_overhead"]["fusion_share"] <= 0.05,
        "cascade_saves_half": result["cascade"]["saving"] >= 0.5,
    }
    print(json.dumps(result, indent=2))
    if not args.no_write:
        print(f"wrote {write_result('fusion_overhead', result)}")


if __name__ == "__main__":
    main()
