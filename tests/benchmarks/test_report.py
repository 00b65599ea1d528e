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


def _curve(values: list[float], gain: tuple[float, float, float]) -> dict[str, Any]:
    return {"n": [1, 2, 4, 8][: len(values)], "value": values, "low": values, "high": values, "prompts": 6,
            "gain": {"value": gain[0], "low": gain[1], "high": gain[2], "prompts": 6}}


def _with_family_curves() -> dict[str, Any]:
    results = _results()
    results["settings"]["best_of_n"] = [1, 2, 4, 8]
    rm, fused = results["signals"]["rm"], results["signals"]["fused"]
    rm["curves"] = {"best_of_n": _curve([0.5, 0.6, 0.6, 0.55], (0.05, -0.01, 0.11))}
    rm["best_of_n_by_family"] = {"chat": _curve([0.2, 0.9, 0.4, 0.1], (-0.1, -0.3, -0.02)),
                                 "math": _curve([0.8, 0.7, 0.6, 0.5], (-0.3, -0.5, 0.01)),
                                 "coding": _curve([0.5, 0.5, 0.5, 0.5], (-1e-16, -2e-16, -1e-17))}  # rounding
    fused["curves"] = {"best_of_n": _curve([0.5, 0.9, 1.1, 1.2], (0.7, 0.5, 0.9))}
    fused["best_of_n_by_family"] = {"chat": _curve([0.2, 0.5, 0.7, 0.7], (0.5, 0.3, 0.7)),
                                    "math": _curve([0.8, 1.0, 1.1, None], (0.0, 0.0, 0.0))}  # type: ignore[list-item]
    return results


def test_family_table_shows_the_end_of_each_curve_and_its_peak_where_it_fell() -> None:
    text = render_report(_with_family_curves())
    assert "| signal | chat | math | coding |" in text
    assert "| rm | 0.100 (peak 0.900 at n=2) | 0.500 (peak 0.800 at n=1) | 0.500 |" in text
    assert "| fused | 0.700 | - | - |" in text  # peaks at its end (a tie counts as no fall); math undefined at n=8


def test_harmful_selection_lists_only_intervals_wholly_below_zero() -> None:
    text = render_report(_with_family_curves())
    section = text.split("## Where selecting harder made gold worse than not selecting")[1].split("\n## ")[0]
    assert "- `rm` on chat: 0.100 at n = 8 against 0.200 at n = 1 (-0.100 [-0.300, -0.020], 6 prompts)" in section
    assert "math" not in section and "all prompts" not in section and "fused" not in section
    assert "coding" not in section  # a constant reward's ends differ by float rounding only


def test_harmful_selection_says_so_when_nowhere() -> None:
    results = _with_family_curves()
    del results["signals"]["rm"]["best_of_n_by_family"]
    text = render_report(results)
    assert "Nowhere did picking the best of n = 8 by a signal give clearly lower gold than n = 1" in text
    assert "Best-of-n gold by family" in text  # the fused signal still has family curves
