"""Accuracy and latency of the ``math_answer`` checker vs math-verify, on the same labelled pairs, in one run.

Usage::

    .venv/bin/pip install math-verify   # benchmark only; not a project dependency
    .venv/bin/python benchmarks/perf/math_checker.py [--pairs benchmarks/math/pairs.jsonl]

Writes ``benchmarks/results/math_checker.json`` (the exact command, the
machine, per-checker accuracy / false positives / false negatives /
median, p99 and worst latency per pair, per-type accuracy, disagreements).
If math-verify is not installed the script says how to install it, scores
only this checker and marks the comparison as skipped.

Latency is wall time per pair as a caller sees it: ours is
``rewardstack.verifiers.math.check`` (fast path inline, sympy pairs through
the shared worker pool under its hard deadline); math-verify is
``verify(parse(gold), parse(prediction))`` in this process (its own timeouts
use ``signal.alarm``, which works here because this is the main thread); a
prediction without any math delimiter (a bare ``\\sqrt{2}``) and a bare
reference are wrapped in ``$...$`` first, so it is not penalised for
extracting undelimited LaTeX.
Pairs are run in the same order, checker after checker, after one warm-up
pair each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack.core.sample import Sample  # noqa: E402
from rewardstack.verifiers.math import MathAnswerConfig, MathAnswerSource, check  # noqa: E402
from rewardstack.verifiers.math.checker import prepare  # noqa: E402
from rewardstack.verifiers.math.pool import close_pools  # noqa: E402

Judge = Callable[[str, str], tuple[bool, str]]


def _ours(config: MathAnswerConfig) -> Judge:
    def judge(prediction: str, reference: str) -> tuple[bool, str]:
        verdict = check(prediction, reference, config)
        return verdict.outcome == "correct", verdict.outcome

    return judge


def _math_verify() -> Judge | None:
    try:
        from math_verify import parse, verify
    except ImportError:
        return None

    def judge(prediction: str, reference: str) -> tuple[bool, str]:
        gold_text = reference if ("\\boxed" in reference or "$" in reference) else f"${reference}$"
        try:
            delimited = any(mark in prediction for mark in ("$", "\\boxed", "\\(", "\\["))
            parsed = parse(prediction if delimited else f"${prediction}$")
            if not parsed:
                parsed = parse(prediction)
            result = bool(verify(parse(gold_text), parsed))
        except Exception as exc:  # math-verify's own failures count as "not correct"
            return False, f"exception {type(exc).__name__}"
        return result, "correct" if result else "incorrect"

    return judge


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def run(judge: Judge, pairs: list[dict[str, Any]]) -> dict[str, Any]:
    judge("\\boxed{\\sqrt{8}}", "2\\sqrt{2}")  # warm-up (pool start, imports)
    latencies: list[float] = []
    verdicts: list[bool] = []
    outcomes: dict[str, int] = {}
    for pair in pairs:
        start = time.perf_counter()
        said, outcome = judge(pair["prediction"], pair["reference"])
        latencies.append(time.perf_counter() - start)
        verdicts.append(said)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    labels = [bool(p["verdict"]) for p in pairs]
    fp = sum(s and not lab for s, lab in zip(verdicts, labels, strict=True))
    fn = sum(lab and not s for s, lab in zip(verdicts, labels, strict=True))
    by_type: dict[str, list[int]] = {}
    for pair, said in zip(pairs, verdicts, strict=True):
        right, total = by_type.setdefault(pair["type"], [0, 0])
        by_type[pair["type"]] = [right + (said == bool(pair["verdict"])), total + 1]
    worst = max(range(len(pairs)), key=lambda i: latencies[i])
    return {
        "accuracy": round(1 - (fp + fn) / len(pairs), 4),
        "correct_decisions": len(pairs) - fp - fn,
        "false_positives": fp,
        "false_negatives": fn,
        "outcomes": outcomes,
        "latency_ms": {
            "median": round(statistics.median(latencies) * 1e3, 4),
            "p99": round(_percentile(latencies, 0.99) * 1e3, 3),
            "worst": round(latencies[worst] * 1e3, 3),
            "worst_pair": pairs[worst]["id"],
            "total_s": round(sum(latencies), 3),
        },
        "accuracy_by_type": {k: f"{r}/{t}" for k, (r, t) in sorted(by_type.items())},
        "_verdicts": verdicts,
    }


def fast_path(config: MathAnswerConfig, pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """How many pairs the inline stage settles without sympy, and how fast (microseconds)."""
    decided: list[float] = []
    for pair in pairs:
        start = time.perf_counter()
        prepared = prepare(pair["prediction"], pair["reference"], config)
        elapsed = time.perf_counter() - start
        if prepared.verdict is not None:
            decided.append(elapsed)
    return {
        "decided_without_sympy": len(decided),
        "share": round(len(decided) / len(pairs), 4),
        "median_us": round(statistics.median(decided) * 1e6, 1),
        "p99_us": round(_percentile(decided, 0.99) * 1e6, 1),
    }


def batch(config: MathAnswerConfig, pairs: list[dict[str, Any]]) -> dict[str, Any]:
    """All pairs through ``MathAnswerSource.score`` in one batch (sympy pairs spread over the pool)."""
    source = MathAnswerSource(config)
    samples = [Sample(id=p["id"], prompt="", response=p["prediction"], reference={"answer": p["reference"]})
               for p in pairs]
    source.score([Sample(id="warm", prompt="", response=r"\boxed{\sqrt{8}}", reference={"answer": r"2\sqrt{2}"})])
    start = time.perf_counter()
    scores = source.score(samples)
    elapsed = time.perf_counter() - start
    agree = sum((s.value == 1.0) == bool(p["verdict"]) for s, p in zip(scores, pairs, strict=True))
    return {"workers": config.sympy_workers, "total_s": round(elapsed, 3),
            "pairs_per_s": round(len(pairs) / elapsed, 1), "correct_decisions": agree}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=ROOT / "benchmarks" / "math" / "pairs.jsonl")
    parser.add_argument("--name", default="math_checker", help="result file name under benchmarks/results/")
    args = parser.parse_args()
    pairs = [json.loads(line) for line in args.pairs.read_text().splitlines() if line.strip()]
    config = MathAnswerConfig()
    results: dict[str, Any] = {"pairs": len(pairs), "positives": sum(bool(p["verdict"]) for p in pairs),
                               "config": {"sympy_timeout_s": config.sympy_timeout_s,
                                          "sympy_workers": config.sympy_workers}}
    ours = run(_ours(config), pairs)
    close_pools()
    theirs_judge = _math_verify()
    if theirs_judge is None:
        print("math-verify is not installed: `.venv/bin/pip install math-verify` to compare; scoring ours only")
        theirs = None
    else:
        from importlib.metadata import version

        theirs = run(theirs_judge, pairs)
        results["math_verify_version"] = version("math-verify")
    results["rewardstack"] = {k: v for k, v in ours.items() if not k.startswith("_")}
    results["rewardstack"]["fast_path"] = fast_path(config, pairs)
    results["rewardstack"]["batch"] = batch(config, pairs)
    if theirs is not None:
        results["math_verify"] = {k: v for k, v in theirs.items() if not k.startswith("_")}
        results["disagreements"] = [
            {"id": p["id"], "label": p["verdict"], "rewardstack": a, "math_verify": b}
            for p, a, b in zip(pairs, ours["_verdicts"], theirs["_verdicts"], strict=True) if a != b
        ]
        o_lat, t_lat = ours["latency_ms"], theirs["latency_ms"]
        results["targets"] = {
            "accuracy_at_least_math_verify": ours["accuracy"] >= theirs["accuracy"],
            "false_positives_at_most_math_verify": ours["false_positives"] <= theirs["false_positives"],
            "median_ratio_ours_over_math_verify": round(o_lat["median"] / t_lat["median"], 4),
            "median_at_most_one_fifth": o_lat["median"] <= t_lat["median"] / 5,
            "p99_within_deadline": o_lat["p99"] <= config.sympy_timeout_s * 1e3,
        }
    else:
        results["math_verify"] = "skipped: not installed (pip install math-verify)"
    results["pairs_file"] = str(args.pairs.resolve().relative_to(ROOT)) if args.pairs.resolve().is_relative_to(ROOT) \
        else str(args.pairs)
    path = write_result(args.name, results)
    print(json.dumps({k: v for k, v in results.items() if k != "disagreements"}, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
