"""results.json: every metric of every signal with its interval, curves, per-family slices, comparisons.

Layout (``format: rewardstack-bench-results``, ``version: 1``)::

    suite       name, path, config_hash (sha256 of the suite, every signal's stack and the seeds)
    world       name, size, seeds, per_seed: prompts, candidates, pool sizes, families, skipped, provenance
    versions    rewardstack, python and the libraries that can change a number
    settings    metric groups, best-of-n grid, beta grid (null = infinity: the base policy),
                bootstrap (samples, seed, level)
    signals     name -> role (single | fusion | oracle | random), sources, origin, status
                (scored | skipped) and reason, statuses of the totals, coverage, notes,
                metrics: name -> {value, low, high, prompts, per_seed},
                curves: best_of_n {n, value, low, high, prompts, gain}; kl_optimum {beta, gold, proxy, kl,
                sqrt_kl},
                by_family: family -> {metric -> estimate} (ranking metrics and hacking probes),
                by_domain: the same by the domain the prompt's candidates declare (``Sample.domain``:
                math, medicine, coding, chat, ...; "mixed" or "none"), i.e. by which verifier can apply,
                best_of_n_by_family / best_of_n_by_domain: slice -> the best_of_n curve on that slice
    comparisons list of {fusion, single, metric, better, diff: {value, low, high}, verdict}
    ppo_runs    (only when the suite lists some) name -> a graded PPO run: status (graded | skipped),
                path, reason, prompts, steps, rollouts, window, windows [{steps, rollouts, gold {value,
                low, high}, proxy, kl, sqrt_kl}], gold_change {value, low, high}, peak_window (.ppo_runs)
    timings     seconds per stage, and each world's own build timings (moved here from its provenance):
                the only part that differs between two runs of one seed

A best-of-n curve's ``gain`` is gold at the grid's largest n minus gold at its smallest (n = 1 by
default: one candidate drawn at random), as an estimate with its paired interval (both ends on
the same resamples): below 0 with the interval excluding 0, selecting harder by the signal
picked worse answers than not selecting at all. The curve's own peak is not tested against its
end, since a peak chosen on the same data would favour a fall.

Values are JSON numbers; NaN (undefined) is null.
"""

from __future__ import annotations

import hashlib
import json
import platform
from importlib import metadata
from typing import Any

import numpy as np

from rewardstack.benchmarks.catalog import MetricSpec, scalar_specs
from rewardstack.benchmarks.runner import BenchRun, SignalRun
from rewardstack.benchmarks.stats import Bootstrap, weighted_means
from rewardstack.benchmarks.summary import CurveDraws, Draws, curve_draws, paired_difference, scalar_draws, verdict

__all__ = ["FAMILY_METRICS", "build_results", "config_hash", "versions"]

#: Metrics broken down by task family and by domain (the per-family ranking bars; the probes where a verifier
#: applies, e.g. agreeing with a wrong user on math or medicine, against chat where none does).
FAMILY_METRICS = ("pairwise_accuracy", "best_of_4", "kendall_tau", "length_spearman", "sycophancy",
                  "code_false_positive", "medical_false_positive")
_LIBRARIES = ("rewardstack", "numpy", "scipy", "matplotlib", "pydantic", "torch", "transformers")


def versions() -> dict[str, str]:
    """Versions of Python and of the installed libraries that can change a number (read, not imported)."""
    found = {"python": platform.python_version()}
    for name in _LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def config_hash(run: BenchRun) -> str:
    """sha256 over the suite config, every signal's stack data and the effective seeds."""
    suite = run.suite.config.model_dump(mode="json")
    if not suite["ppo_runs"]:  # a key added later: a suite without it keeps the hash it had before
        del suite["ppo_runs"]
    payload = {"suite": suite,
               "signals": {s.name: s.data for s in run.suite.signals}, "seeds": list(run.seeds)}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _num(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def _nums(values: np.ndarray) -> list[float | None]:
    return [_num(float(v)) for v in values]


def _per_seed(values: np.ndarray, strata: np.ndarray) -> list[float | None]:
    out = []
    for stratum in np.unique(strata):
        masked = np.where((strata == stratum).reshape((-1,) + (1,) * (values.ndim - 1)), values, np.nan)
        out.append(_num(float(weighted_means(masked, np.ones((1, len(values))))[0])))
    return out


def _metric_values(tables: dict[str, np.ndarray], spec: MetricSpec, ns: tuple[int, ...]) -> np.ndarray | None:
    if spec.name.startswith("best_of_n@"):
        return tables["best_of_n"][:, ns.index(int(spec.name.split("@", 1)[1]))]
    return tables.get(spec.name)


def _best_of_n_json(draws: CurveDraws, run: BenchRun, prompts: int) -> dict[str, Any]:
    """A best-of-n curve with its bands and its paired gain from the smallest n to the largest."""
    boot = run.bootstrap
    value, low, high = draws.estimates(boot)
    gain = boot.summarise(float(draws.point[-1] - draws.point[0]), draws.resampled[:, -1] - draws.resampled[:, 0],
                          prompts)
    return {"n": list(run.settings.ns), "value": _nums(value), "low": _nums(low), "high": _nums(high),
            "prompts": prompts, "gain": gain.to_json()}


def _curve_prompts(table: np.ndarray, mask: np.ndarray | None = None) -> int:
    defined = ~np.isnan(table[:, -1])
    return int((defined & mask).sum() if mask is not None else defined.sum())


def _curves(tables: dict[str, np.ndarray], run: BenchRun) -> dict[str, Any]:
    boot = run.bootstrap
    draws = curve_draws(tables, boot)
    out: dict[str, Any] = {}
    if "best_of_n" in draws:
        out["best_of_n"] = _best_of_n_json(draws["best_of_n"], run, _curve_prompts(tables["best_of_n"]))
    if "kl_gold" in draws:
        kl: dict[str, Any] = {}
        for key in ("gold", "proxy", "kl"):
            value, low, high = draws[f"kl_{key}"].estimates(boot)
            kl[key] = {"value": _nums(value), "low": _nums(low), "high": _nums(high)}
        kl["sqrt_kl"] = _nums(np.sqrt(np.maximum(draws["kl_kl"].point, 0.0)))
        out["kl_optimum"] = {"beta": [None if np.isinf(b) else b for b in run.settings.betas], **kl}
    return out


def _sliced(tables: dict[str, np.ndarray], run: BenchRun, labels: np.ndarray) -> dict[str, Any]:
    """FAMILY_METRICS on each slice of prompts (a slice where a metric never applies is left out of it)."""
    names = [m for m in FAMILY_METRICS if m in tables]
    out: dict[str, Any] = {}
    for label in dict.fromkeys(labels.tolist()):
        mask = labels == label
        draws = scalar_draws(tables, run.bootstrap, names, ns=run.settings.ns, mask=mask)
        estimates = {name: d.estimate(run.bootstrap).to_json() for name, d in draws.items()}
        out[label] = {name: e for name, e in estimates.items() if e.get("value") is not None}
    return out


def _sliced_best_of_n(tables: dict[str, np.ndarray], run: BenchRun, labels: np.ndarray) -> dict[str, Any]:
    """The best-of-n curve on each slice of prompts (where the overall curve hides a fall in one family)."""
    if "best_of_n" not in tables:
        return {}
    out: dict[str, Any] = {}
    for label in dict.fromkeys(labels.tolist()):
        mask = labels == label
        prompts = _curve_prompts(tables["best_of_n"], mask)
        if prompts:
            draws = curve_draws({"best_of_n": tables["best_of_n"]}, run.bootstrap, mask)["best_of_n"]
            out[label] = _best_of_n_json(draws, run, prompts)
    return out


def _signal_json(signal: SignalRun, run: BenchRun, specs: list[MetricSpec],
                 draws: dict[str, Draws] | None) -> dict[str, Any]:
    total = sum(signal.statuses.values())
    entry: dict[str, Any] = {
        "role": signal.role, "sources": list(signal.sources), "origin": signal.origin,
        "status": "skipped" if signal.skipped else "scored", "reason": signal.skipped,
        "statuses": signal.statuses, "source_statuses": signal.source_statuses,
        "coverage": _num(signal.statuses.get("ok", 0) / total) if total else None, "notes": signal.notes,
    }
    if draws is None:
        return entry
    tables = signal.merged()
    metrics = {}
    for spec in specs:
        if spec.name not in draws:
            continue
        metrics[spec.name] = draws[spec.name].estimate(run.bootstrap).to_json()
        values = _metric_values(tables, spec, run.settings.ns)
        if values is not None:
            metrics[spec.name]["per_seed"] = _per_seed(values, run.strata)
    entry.update(metrics=metrics, curves=_curves(tables, run), by_family=_sliced(tables, run, run.families),
                 by_domain=_sliced(tables, run, run.domains),
                 best_of_n_by_family=_sliced_best_of_n(tables, run, run.families),
                 best_of_n_by_domain=_sliced_best_of_n(tables, run, run.domains))
    return entry


def _comparisons(run: BenchRun, specs: list[MetricSpec], draws: dict[str, dict[str, Draws]],
                 boot: Bootstrap) -> list[dict[str, Any]]:
    roles = {name: s.role for name, s in run.signals.items() if name in draws}
    fusions = [n for n, r in roles.items() if r == "fusion"]
    singles = [n for n, r in roles.items() if r == "single"]
    out = []
    for fusion in fusions:
        for single in singles:
            for spec in specs:
                if spec.better is None or spec.name not in draws[fusion]:
                    continue
                diff = paired_difference(draws[fusion][spec.name], draws[single][spec.name], spec.better, boot)
                out.append({"fusion": fusion, "single": single, "metric": spec.name, "better": spec.better,
                            "diff": diff.to_json(), "verdict": verdict(diff, spec.better)})
    return out


def build_results(run: BenchRun) -> dict[str, Any]:
    """The results.json document of a run (see the module docstring)."""
    cfg = run.suite.config
    specs = scalar_specs(run.settings.groups, ns=run.settings.ns)
    names = [s.name for s in specs]
    draws = {name: scalar_draws(signal.merged(), run.bootstrap, names, ns=run.settings.ns)
             for name, signal in run.signals.items() if signal.skipped is None}
    return {
        "format": "rewardstack-bench-results", "version": 1,
        "suite": {"name": run.suite.name, "path": run.suite.path, "config_hash": config_hash(run)},
        "world": {"name": cfg.world.name, "size": cfg.world.size, "seeds": list(run.seeds), "per_seed": run.worlds},
        "versions": versions(),
        "settings": {"metrics": list(run.settings.groups), "best_of_n": list(run.settings.ns),
                     "betas": [None if np.isinf(b) else b for b in run.settings.betas],
                     "bootstrap": {"samples": int(run.bootstrap.counts.shape[0]), "seed": run.bootstrap_seed,
                                   "level": run.bootstrap.level}},
        "signals": {name: _signal_json(signal, run, specs, draws.get(name)) for name, signal in run.signals.items()},
        "comparisons": _comparisons(run, specs, draws, run.bootstrap),
        **({"ppo_runs": run.ppo_runs} if run.ppo_runs else {}),
        "timings": {key: round(value, 3) if isinstance(value, float) else value for key, value in run.timings.items()},
    }

