"""report.md: one verdict line per (fusion, single) pair, and the 'worse' section."""

from __future__ import annotations

from typing import Any

from rewardstack.benchmarks.report import fmt, render_report, verdict_lines


def _comp(metric: str, better: str, value: float, low: float, high: float, verdict: str) -> dict[str, Any]:
    return {"fusion": "fused", "single": "rm", "metric": metric, "better": better,
            "diff": {"value": value, "low": low, "high": high, "prompts": 9}, "verdict": verdict}


def _results() -> dict[str, Any]:
    est = {"value": 0.7, "low": 0.6, "high": 0.8, "prompts": 9}
    signal = {"role": "single", "sources": ["rm"], "origin": "x", "status": "scored", "reason": None,
              "statuses": {"ok": 10}, "source_statuses": {}, "coverage": 1.0, "notes": [],
              "metrics": {"pairwise_accuracy": est, "sycophancy": est}, "curves": {}, "by_family": {"chat": {}}}
    return {
        "suite": {"name": "t", "path": "t.yaml", "config_hash": "ab" * 32},
        "world": {"name": "w", "size": "quick", "seeds": [0], "per_seed": [
            {"seed": 0, "prompts": 3, "candidates": 9, "pool_size": {"min": 3, "max": 3}, "families": {"chat": 3},
             "skipped": {"safety": "no critic here"}, "provenance": {}}]},
        "settings": {"metrics": ["pairwise_accuracy", "sycophancy"], "best_of_n": [1, 2],
                     "bootstrap": {"samples": 100, "seed": 0, "level": 0.95}},
        "signals": {"rm": signal, "fused": {**signal, "role": "fusion"},
                    "gone": {"role": "single", "status": "skipped", "reason": "seed 0: no docker"}},
        "comparisons": [_comp("pairwise_accuracy", "higher", 0.1, 0.05, 0.15, "better"),
                        _comp("sycophancy", "lower", 0.2, 0.1, 0.3, "worse")],
    }


def test_one_line_per_pair_with_better_and_worse() -> None:
    [line] = verdict_lines(_results())
    assert line.startswith("- `fused` vs `rm`: better on pairwise accuracy vs gold (+0.100 [+0.050, +0.150])")
    assert "**WORSE** on prefers agreeing with a wrong user (+0.200 [+0.100, +0.300])" in line


def test_report_lists_worse_places_skips_and_world_gaps() -> None:
    text = render_report(_results(), figures=["best_of_n.png"], command="rewardstack bench t.yaml")
    assert "- `fused` is worse than `rm` on prefers agreeing with a wrong user: +0.200 [+0.100, +0.300] " \
           "(lower is better)\n" in text
    assert "`gone`: **skipped**: seed 0: no docker" in text
    assert "safety (no critic here)" in text and "![best_of_n.png](best_of_n.png)" in text
    assert "| rm | single | 100% | 0.700 [0.600, 0.800] |" in text


def test_fmt_handles_undefined() -> None:
    assert fmt(None) == "-" and fmt({"value": None}) == "-"
    assert fmt({"value": 0.5, "low": 0.4, "high": 0.6}, compact=True) == "0.500 ±0.10"
