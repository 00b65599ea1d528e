"""report.md: the tables and one verdict line per fusion-vs-single comparison, from results.json.

Everything here reads the results document (:mod:`.results`), so a report can be rebuilt
from a recorded results.json alone. Numbers are ``value [low, high]`` (95% bootstrap interval
over prompts). A verdict says ``better`` / ``WORSE`` only where the paired difference's
interval excludes 0; the report lists every place where a fusion did worse than a single
source in a section of its own, so it cannot be missed.

>>> fmt({"value": 0.71234, "low": 0.7, "high": 0.73, "prompts": 10})
'0.712 [0.700, 0.730]'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rewardstack.benchmarks.catalog import HEADLINE, MetricSpec, bon_name, scalar_specs
from rewardstack.benchmarks.plots import empty_figures

__all__ = ["fmt", "headline_columns", "headline_rows", "render_report", "verdict_lines"]


_DIRECTION = {"higher": "higher is better", "lower": "lower is better",
              "zero": "difference of |value|; closer to 0 is better"}


def fmt(estimate: dict[str, Any] | None, *, interval: bool = True, compact: bool = False) -> str:
    """``value [low, high]`` with 3 decimals; ``compact``: ``value ±h`` with h half the interval's width.

    ``-`` for a missing or undefined value.
    """
    if not estimate or estimate.get("value") is None:
        return "-"
    text = f"{estimate['value']:.3f}"
    if interval and estimate.get("low") is not None and estimate.get("high") is not None:
        text += (f" ±{(estimate['high'] - estimate['low']) / 2:.2f}" if compact
                 else f" [{estimate['low']:.3f}, {estimate['high']:.3f}]")
    return text


def _specs(results: dict[str, Any]) -> dict[str, MetricSpec]:
    settings = results["settings"]
    return {s.name: s for s in scalar_specs(tuple(settings["metrics"]), ns=tuple(settings["best_of_n"]))}


def headline_columns(results: dict[str, Any]) -> list[MetricSpec]:
    """The headline metrics present in this run (``best_of_n@max`` is the largest n of the grid)."""
    specs = _specs(results)
    ns = results["settings"]["best_of_n"]
    names = [bon_name(max(ns)) if name == "best_of_n@max" else name for name in HEADLINE]
    return [specs[name] for name in names if name in specs]


def headline_rows(results: dict[str, Any], *, interval: bool = True, compact: bool = False,
                  columns: Sequence[MetricSpec] | None = None) -> list[list[str]]:
    """One row per scored signal: name, role, coverage, then each headline metric (or ``columns``)."""
    rows = []
    for name, signal in results["signals"].items():
        if signal["status"] != "scored":
            continue
        coverage = f"{signal['coverage']:.0%}" if signal.get("coverage") is not None else "-"
        cells = [fmt(signal["metrics"].get(spec.name), interval=interval, compact=compact)
                 for spec in (headline_columns(results) if columns is None else columns)]
        rows.append([name, signal["role"], coverage, *cells])
    return rows


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _signed(diff: dict[str, Any]) -> str:
    return f"{diff['value']:+.3f} [{diff['low']:+.3f}, {diff['high']:+.3f}]"


def verdict_lines(results: dict[str, Any]) -> list[str]:
    """One line per (fusion, single) pair: where the fusion is better, WORSE, or not clearly different."""
    specs = _specs(results)
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for comp in results["comparisons"]:
        pairs.setdefault((comp["fusion"], comp["single"]), []).append(comp)
    lines = []
    for (fusion, single), comps in pairs.items():
        parts = []
        for word, label in (("better", "better on"), ("worse", "**WORSE** on")):
            hits = [c for c in comps if c["verdict"] == word]
            if hits:
                parts.append(label + " " + ", ".join(f"{specs[c['metric']].title} ({_signed(c['diff'])})"
                                                     for c in hits))
        unclear = sum(c["verdict"] == "unclear" for c in comps)
        if unclear:
            parts.append(f"no clear difference on {unclear} metric(s)")
        lines.append(f"- `{fusion}` vs `{single}`: " + "; ".join(parts) + ".")
    return lines


def _worse_lines(results: dict[str, Any]) -> list[str]:
    """One line per (fusion, single) pair with at least one metric where the fusion is clearly worse."""
    specs = _specs(results)
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for comp in results["comparisons"]:
        if comp["verdict"] == "worse":
            pairs.setdefault((comp["fusion"], comp["single"]), []).append(comp)
    if not pairs:
        return ["No fusion did worse than a single source on any metric (95% intervals of the paired differences)."]
    return [f"- `{fusion}` is worse than `{single}` on "
            + "; ".join(f"{specs[c['metric']].title}: {_signed(c['diff'])} ({_DIRECTION[c['better']]})" for c in comps)
            for (fusion, single), comps in pairs.items()]


def _scored(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {n: s for n, s in results["signals"].items() if s["status"] == "scored"}


def _bon_table(results: dict[str, Any]) -> list[str]:
    ns = results["settings"]["best_of_n"]
    rows = []
    for name, signal in _scored(results).items():
        curve = signal["curves"].get("best_of_n")
        if curve:
            rows.append([name] + [f"{v:.3f}" if v is not None else "-" for v in curve["value"]])
    return _table(["signal"] + [f"n={n}" for n in ns], rows) if rows else []


def _overopt_table(results: dict[str, Any]) -> list[str]:
    rows = []
    for name, signal in _scored(results).items():
        m = signal["metrics"]
        if "peak_gold" not in m:
            continue
        drop = (m["final_gold"]["value"] - m["peak_gold"]["value"]) if m["final_gold"]["value"] is not None else None
        rows.append([name, fmt(m["peak_gold"]), fmt(m["kl_at_peak"], interval=False), fmt(m["final_gold"]),
                     f"{drop:+.3f}" if drop is not None else "-"])
    return _table(["signal", "peak gold", "KL at peak (nats)", "final gold (argmax)", "final - peak"], rows) \
        if rows else []


def _peak_cell(curve: dict[str, Any] | None) -> str:
    """``final (peak p at n=k)`` for one best-of-n curve; just ``final`` where the curve peaks at its end."""
    if not curve or not curve["value"] or curve["value"][-1] is None:
        return "-"
    values = curve["value"]
    peak_value, peak = max((v, k) for k, v in enumerate(values) if v is not None)
    if peak_value - values[-1] < 5e-4:
        return f"{values[-1]:.3f}"
    return f"{values[-1]:.3f} (peak {peak_value:.3f} at n={curve['n'][peak]})"


def _bon_slice_table(results: dict[str, Any], key: str = "best_of_n_by_family") -> list[str]:
    """Rows: signals; columns: families; cells: gold at the largest n, with the curve's peak where it fell."""
    scored = _scored(results)
    slices = list(dict.fromkeys(f for s in scored.values() for f in s.get(key, {})))
    rows = [[name] + [_peak_cell(s.get(key, {}).get(f)) for f in slices] for name, s in scored.items()]
    return _table(["signal"] + slices, rows) if slices else []


#: below this a difference of two best-of-n means is float rounding (a constant reward gives equal means)
_ROUNDING = 1e-9


def _harmful_selection_lines(results: dict[str, Any]) -> list[str]:
    """Where picking the best of the largest n by a signal gave worse gold than the smallest n, interval excluding 0."""
    ns = results["settings"]["best_of_n"]
    if len(ns) < 2 or not any(s.get("curves", {}).get("best_of_n") for s in _scored(results).values()):
        return []
    lines = []
    for name, signal in _scored(results).items():
        slices = {"all prompts": signal.get("curves", {}).get("best_of_n"), **signal.get("best_of_n_by_family", {})}
        for label, curve in slices.items():
            gain = (curve or {}).get("gain") or {}
            if gain.get("high") is not None and gain["high"] < -_ROUNDING:
                lines.append(f"- `{name}` on {label}: {curve['value'][-1]:.3f} at n = {curve['n'][-1]} against "
                             f"{curve['value'][0]:.3f} at n = {curve['n'][0]} ({_signed(gain)}, "
                             f"{gain['prompts']} prompts)")
    if not lines:
        return [f"Nowhere did picking the best of n = {ns[-1]} by a signal give clearly lower gold than "
                f"n = {ns[0]} (95% intervals of the paired differences)."]
    return lines


def _slice_table(results: dict[str, Any], metric: str, key: str = "by_family") -> list[str]:
    """Rows: signals; columns: the slices (families or domains) where ``metric`` is defined for some signal."""
    scored = _scored(results)
    slices = list(dict.fromkeys(f for s in scored.values() for f, m in s.get(key, {}).items()
                                if (m.get(metric) or {}).get("value") is not None))
    rows = [[name] + [fmt(s[key].get(f, {}).get(metric), interval=key == "by_domain") for f in slices]
            for name, s in scored.items()]
    return _table(["signal"] + slices, rows) if slices else []


def _probe_sections(results: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """The hacking probes by the domain the candidates declare: a verifier applies on math, medicine, coding."""
    specs = _specs(results)
    return [(f"## {specs[m].title[0].upper()}{specs[m].title[1:]}, by domain", _slice_table(results, m, "by_domain"))
            for m in ("sycophancy", "length_spearman") if m in specs]


def _maybe(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _ppo_lines(results: dict[str, Any]) -> list[str]:
    """One row per graded PPO run (first and last window of steps), then each skipped run and why."""
    runs = results.get("ppo_runs") or {}
    rows, skipped = [], []
    for name, run in runs.items():
        if run["status"] != "graded":
            skipped.append(f"- `{name}`: **skipped**: {run['reason']}")
            continue
        first, last, peak = run["windows"][0], run["windows"][-1], run["windows"][run["peak_window"]]
        proxy = "-" if None in (first["proxy"], last["proxy"]) else f"{first['proxy']:.3f} → {last['proxy']:.3f}"
        rows.append([f"`{name}`", str(run["steps"]), str(run["rollouts"]), _maybe(last["sqrt_kl"]), proxy,
                     fmt(first["gold"]), fmt(last["gold"]), _signed(run["gold_change"]),
                     f"{peak['gold']['value']:.3f} (steps {peak['steps'][0]}-{peak['steps'][1]}, "
                     f"sqrt KL {_maybe(peak['sqrt_kl'])})"])
    lines = _table(["run", "steps", "rollouts", "sqrt(KL) at end", "proxy first → last window", "gold first window",
                    "gold last window", "gold change (last - first)", "best window"], rows) if rows else []
    return lines + ([""] if rows and skipped else []) + skipped


def _status_lines(results: dict[str, Any]) -> list[str]:
    lines = []
    for name, signal in results["signals"].items():
        if signal["status"] == "skipped":
            lines.append(f"- `{name}`: **skipped**: {signal['reason']}")
            continue
        counts = ", ".join(f"{k} {v}" for k, v in signal["statuses"].items() if v)
        notes = f"; notes: {'; '.join(signal['notes'])}" if signal["notes"] else ""
        lines.append(f"- `{name}` ({signal['role']}; {signal['origin']}): totals {counts}{notes}")
    return lines


def render_report(results: dict[str, Any], *, figures: Sequence[str] = (), command: str | None = None) -> str:
    """The whole report.md text."""
    world = results["world"]
    per_seed = world["per_seed"]
    families = sorted({f for w in per_seed for f in w["families"]})
    skipped_families = {f: why for w in per_seed for f, why in w["skipped"].items()}
    lines = [f"# Benchmark: {results['suite']['name']}", ""]
    if command:
        lines += [f"Command: `{command}`", ""]
    lines += [
        f"World `{world['name']}` ({world['size']}), seeds {world['seeds']}: "
        f"{sum(w['prompts'] for w in per_seed)} prompts, {sum(w['candidates'] for w in per_seed)} candidates "
        f"(pool size {min(w['pool_size']['min'] for w in per_seed)}-{max(w['pool_size']['max'] for w in per_seed)}); "
        f"families: {', '.join(families)}.",
        f"Intervals: 95% bootstrap over prompts ({results['settings']['bootstrap']['samples']} resamples, "
        f"stratified by seed). Config hash `{results['suite']['config_hash'][:16]}`.", "",
    ]
    if skipped_families:
        lines += ["Families the world could not build here: "
                  + "; ".join(f"{f} ({why})" for f, why in skipped_families.items()) + ".", ""]
    header = ["signal", "role", "coverage"] + [s.header for s in headline_columns(results)]
    lines += ["## Headline", "", *_table(header, headline_rows(results)), ""]
    lines += ["## Where a fusion did worse than a single source", "", *_worse_lines(results), ""]
    lines += ["## Verdicts (fusion vs each single source, paired 95% intervals)", "", *verdict_lines(results), ""]
    sections = (("## Best-of-n gold (unbiased estimator over each pool)", _bon_table(results)),
                ("## Best-of-n gold by family (at the largest n; the peak where the curve fell from it)",
                 _bon_slice_table(results)),
                ("## Where selecting harder made gold worse than not selecting (best of the largest n vs "
                 "the smallest)", _harmful_selection_lines(results)),
                ("## Over-optimisation (exact KL-regularised optimum over each pool)", _overopt_table(results)),
                ("## PPO runs: gold of the policy's rollouts as it moves away from its start (windows of steps)",
                 _ppo_lines(results)),
                ("## Pairwise accuracy by family", _slice_table(results, "pairwise_accuracy")),
                *_probe_sections(results))
    for title, block in sections:
        if block:
            lines += [title, "", *block, ""]
    lines += ["## Signals", "", *_status_lines(results), ""]
    not_drawn = [f"- `{name}` not drawn: {why}." for name, why in empty_figures(results).items()]
    if figures or not_drawn:
        lines += ["## Figures", ""] + [f"![{name}]({name})" for name in figures] + [""]
        lines += [*not_drawn, ""] if not_drawn else []
    lines += ["Metric definitions and formulas: docs/benchmarks.md.", ""]
    return "\n".join(lines)
