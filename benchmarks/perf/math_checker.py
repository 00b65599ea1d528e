"""Accuracy and latency of the ``math_answer`` checker vs math-verify, on the same labelled pairs, in one run.

Usage::

    .venv/bin/pip install -e '.[bench]'   # math-verify==0.9.0; benchmark only, never imported by rewardstack
    .venv/bin/python benchmarks/perf/math_checker.py [--pairs benchmarks/math/pairs.jsonl] [--name NAME]

math-verify 0.9.0 needs ``latex2sympy2_extended==1.11.0`` and an antlr4 runtime
(<= 4.13.2) and accepts any sympy, so it installs into the project's virtualenv
beside the pinned ``sympy==1.13.3`` / ``mpmath==1.3.0`` without moving them
(``tests/verifiers/math/test_math_versions.py`` checks the pins; rewardstack
itself never imports antlr or ``sympy.parsing``). The versions in use are
recorded in the result.

Writes ``benchmarks/results/<NAME>.json`` (the exact command, the
machine, per-checker accuracy / false positives / false negatives /
median, p99 and worst latency per pair, per-type accuracy, disagreements,
and ``hostile``: this checker's status and wall time on inputs that once ran
past the deadline, such as 20,000 nested parentheses with raised limits).
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
import io
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
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


NESTED = "(" * 20_000 + "x" + ")" * 20_000
RAISED = {"max_response_chars": 10**6, "max_answer_chars": 10**6, "max_nesting": 10**6, "max_integer_digits": 10**6}
HOSTILE: list[tuple[str, str, str, dict[str, int]]] = [
    # (name, response, reference, config fields)
    ("nested_parens_20000_default", rf"\boxed{{{NESTED}}}", "x+1", {}),
    ("nested_parens_20000_raised_limits", rf"\boxed{{{NESTED}}}", "x+1", RAISED),
    ("nested_parens_20000_number_raised", r"\boxed{" + "(" * 20_000 + "7" + ")" * 20_000 + "}", "7", RAISED),
    ("tower_in_parentheses", r"\boxed{9^(9^(9^9))}", "x", {}),  # against "x": no fast-path shortcut, sympy is next
    ("tower_python_power", r"\boxed{9**(9**(9**9))}", "x", {}),
    ("whitespace_run_200000_raised", r"\boxed{1" + " " * 200_000 + "x}", "1", RAISED),
    ("unclosed_math_openers_30000", "\\( " * 30_000, "1", RAISED),
    ("unclosed_boxed_20000", "\\boxed{ " * 20_000, "1", RAISED),
    ("nested_text_20000_raised", r"\boxed{" + "\\text{" * 20_000 + "1" + "}" * 20_000 + "}", "1", RAISED),
    ("identical_huge_power", r"\boxed{2^{65536}}", "2^{65536}", {}),
]


def hostile() -> dict[str, Any]:
    """Status, reason and wall time of this checker on inputs that once ran past the deadline."""
    out: dict[str, Any] = {}
    for name, response, reference, fields in HOSTILE:
        config = MathAnswerConfig.model_validate(fields)
        start = time.perf_counter()
        prepare(response, reference, config)  # the inline stages alone, in this process
        inline = time.perf_counter() - start
        start = time.perf_counter()
        verdict = check(response, reference, config)  # the whole check as a caller sees it
        out[name] = {"outcome": verdict.outcome, "reason": verdict.reason[:160],
                     "seconds": round(time.perf_counter() - start, 4), "inline_stages_seconds": round(inline, 4),
                     "response_chars": len(response)}
    return out


_INLINE_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from rewardstack.verifiers.math.checker import prepare
from rewardstack.verifiers.math.config import MathAnswerConfig
case = json.load(sys.stdin)
config = MathAnswerConfig.model_validate(case["fields"])
start = time.perf_counter()
prepare(case["response"], case["reference"], config)
print(time.perf_counter() - start)
"""
_LABELLED_CHILD = """
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
from rewardstack.verifiers.math import check
from rewardstack.verifiers.math.checker import prepare
from rewardstack.verifiers.math.config import MathAnswerConfig
def main():
    pairs = json.load(sys.stdin)
    config = MathAnswerConfig()
    check(r"\\boxed{\\sqrt{8}}", r"2\\sqrt{2}", config)  # warm-up: pool start, imports
    said, checked, inline = [], [], []
    for p in pairs:
        start = time.perf_counter()
        said.append(check(p["prediction"], p["reference"], config).outcome == "correct")
        checked.append(time.perf_counter() - start)
        start = time.perf_counter()
        prepare(p["prediction"], p["reference"], config)
        inline.append(time.perf_counter() - start)
    print(json.dumps({"said": said, "check_s": checked, "inline_s": inline}))
if __name__ == "__main__":
    main()
"""


def before_after(rev: str, pairs: list[dict[str, Any]], limit_s: float, rounds: int = 3) -> dict[str, Any]:
    """This tree against git revision ``rev``, side by side in one run (the machine is shared and noisy).

    ``labelled``: accuracy, false positives and per-pair latency (whole check, and the inline
    stages alone) on the labelled pairs, each tree in its own interpreter, alternating for
    ``rounds`` rounds; latency is the best round's median / p99. ``hostile_inline``: the inline
    stages on each hostile input, each run killed after ``limit_s`` (the old stages were quadratic:
    some inputs would run for hours); ``limit_s <= 0`` skips them.
    """
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "rewardstack"], capture_output=True, check=True)
    out: dict[str, Any] = {"revision": rev, "rounds": rounds, "limit_s": limit_s}
    with tempfile.TemporaryDirectory() as old_root:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(old_root, filter="data")
        trees = {"before": old_root, "after": str(ROOT)}
        runs: dict[str, list[dict[str, Any]]] = {label: [] for label in trees}
        for _ in range(rounds):
            for label, root in trees.items():
                runs[label].append(_child_json(_LABELLED_CHILD, root, json.dumps(pairs)))
        out["labelled"] = {label: _labelled_summary(rs, pairs) for label, rs in runs.items()}
        if limit_s <= 0:
            return out
        out["hostile_inline"] = {}
        for name, response, reference, fields in HOSTILE:
            payload = json.dumps({"response": response, "reference": reference, "fields": fields})
            out["hostile_inline"][name] = {f"{label}_s": _child_seconds(root, payload, limit_s)
                                           for label, root in trees.items()}
    return out


def _labelled_summary(runs: list[dict[str, Any]], pairs: list[dict[str, Any]]) -> dict[str, Any]:
    labels = [bool(p["verdict"]) for p in pairs]
    said = runs[0]["said"]
    ms = {key: [statistics.median(r[key]) * 1e3 for r in runs] for key in ("check_s", "inline_s")}
    p99 = [_percentile(r["check_s"], 0.99) * 1e3 for r in runs]
    return {
        "accuracy": round(sum(s == lab for s, lab in zip(said, labels, strict=True)) / len(pairs), 4),
        "false_positives": sum(s and not lab for s, lab in zip(said, labels, strict=True)),
        "false_negatives": sum(lab and not s for s, lab in zip(said, labels, strict=True)),
        "same_verdicts_every_round": all(r["said"] == said for r in runs),
        "check_median_ms_per_round": [round(m, 4) for m in ms["check_s"]],
        "check_p99_ms_per_round": [round(m, 3) for m in p99],
        "inline_median_ms_per_round": [round(m, 4) for m in ms["inline_s"]],
        "check_median_ms_best": round(min(ms["check_s"]), 4),
        "check_p99_ms_best": round(min(p99), 3),
        "inline_median_ms_best": round(min(ms["inline_s"]), 4),
    }


def _child_json(code: str, root: str, payload: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", code, root], input=payload, capture_output=True, text=True,
                          check=True, cwd=tempfile.gettempdir())
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _child_seconds(root: str, payload: str, limit_s: float) -> float | str:
    try:
        done = subprocess.run([sys.executable, "-c", _INLINE_CHILD, root], input=payload, capture_output=True,
                              text=True, timeout=limit_s, check=False)
    except subprocess.TimeoutExpired:
        return f"over {limit_s:g}"
    if done.returncode != 0:
        return f"failed: {done.stderr.strip().splitlines()[-1][:120] if done.stderr.strip() else done.returncode}"
    return round(float(done.stdout.strip()), 4)


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("sympy", "mpmath", "math-verify", "latex2sympy2_extended", "antlr4-python3-runtime"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=ROOT / "benchmarks" / "math" / "pairs.jsonl")
    parser.add_argument("--name", default="math_checker", help="result file name under benchmarks/results/")
    parser.add_argument("--before", metavar="REV", help="also run the labelled pairs and the hostile inputs with the "
                        "code of this git revision, side by side with this tree (slow: see --limit)")
    parser.add_argument("--limit", type=float, default=60.0,
                        help="seconds per hostile input for --before; 0 skips the hostile inputs there")
    args = parser.parse_args()
    pairs = [json.loads(line) for line in args.pairs.read_text().splitlines() if line.strip()]
    config = MathAnswerConfig()
    results: dict[str, Any] = {"pairs": len(pairs), "positives": sum(bool(p["verdict"]) for p in pairs),
                               "config": {"sympy_timeout_s": config.sympy_timeout_s,
                                          "sympy_workers": config.sympy_workers,
                                          "inline_max_chars": config.inline_max_chars},
                               "versions": _versions()}
    ours = run(_ours(config), pairs)
    close_pools()
    theirs_judge = _math_verify()
    if theirs_judge is None:
        print("math-verify is not installed: `.venv/bin/pip install -e '.[bench]'` to compare; scoring ours only")
        theirs = None
    else:
        from importlib.metadata import version

        theirs = run(theirs_judge, pairs)
        results["math_verify_version"] = version("math-verify")
    results["rewardstack"] = {k: v for k, v in ours.items() if not k.startswith("_")}
    results["rewardstack"]["fast_path"] = fast_path(config, pairs)
    results["rewardstack"]["batch"] = batch(config, pairs)
    results["hostile"] = hostile()
    if args.before:
        results["before_after"] = before_after(args.before, pairs, args.limit)
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
        results["math_verify"] = "skipped: not installed (pip install -e '.[bench]')"
    results["pairs_file"] = str(args.pairs.resolve().relative_to(ROOT)) if args.pairs.resolve().is_relative_to(ROOT) \
        else str(args.pairs)
    path = write_result(args.name, results)
    print(json.dumps({k: v for k, v in results.items() if k != "disagreements"}, indent=2))
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
