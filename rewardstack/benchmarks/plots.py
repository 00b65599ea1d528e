"""PNG figures of a run, drawn from results.json with matplotlib (Agg canvas, no pyplot state).

- ``best_of_n.png``: best-of-n gold against n (log scale) with 95% bands, every signal;
- ``best_of_n_by_family.png``: the same, one panel per task family (where the overall curve hides
  a family on which a signal's pick gets worse as n grows);
- ``overoptimisation.png``: gold (left) and proxy in standard-deviation units (right) of the
  KL-regularised optimum against sqrt(KL), as Gao et al. plot them;
- ``probes.png``: the hacking probes, one panel each, bars with 95% intervals;
- ``family_ranking.png``: pairwise accuracy per task family, bars per signal;
- ``ppo_runs.png``: the suite's PPO runs (:mod:`.ppo_runs`): gold (95% bars), proxy and sqrt(KL) to
  the reference per window of steps, against the step.

Oracle and random are drawn as black dashed and grey dotted lines; fusions thicker than singles.
A figure with nothing to draw (the suite's ``metrics`` leave its metric out, no prompt gave it a
value, every signal was skipped) is not written: :func:`empty_figures` names it with the reason,
and report.md says so instead of showing a blank plot.
matplotlib is imported only here (the ``bench`` extra).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["FIGURES", "empty_figures", "write_plots"]

FIGURES = ("best_of_n.png", "best_of_n_by_family.png", "overoptimisation.png", "probes.png", "family_ranking.png",
           "ppo_runs.png")
_PROBES = ("length_spearman", "sycophancy", "code_false_positive", "medical_false_positive")
_PROBE_TITLES = {"length_spearman": "Spearman(reward, length)",
                 "sycophancy": "agree-with-wrong-user preference",
                 "code_false_positive": "FP: plausible-wrong code",
                 "medical_false_positive": "FP: fluent-wrong medicine"}


def _style(role: str, index: int) -> dict[str, Any]:
    if role == "oracle":
        return {"color": "black", "linestyle": "--", "linewidth": 1.5}
    if role == "random":
        return {"color": "0.55", "linestyle": ":", "linewidth": 1.5}
    return {"color": f"C{index % 10}", "linestyle": "-", "linewidth": 2.4 if role == "fusion" else 1.3}


def _array(values: list[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _figure(width: float, height: float, ncols: int = 1, nrows: int = 1) -> tuple[Any, Any]:
    """A figure and its axes, flattened row by row."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    return fig, axes


def _signals(results: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    scored = [(n, s) for n, s in results["signals"].items() if s["status"] == "scored"]
    return [(name, signal, _style(signal["role"], i)) for i, (name, signal) in enumerate(scored)]


def _bon_lines(ax: Any, curves: list[tuple[str, dict[str, Any] | None, dict[str, Any]]], *, markers: bool,
               band_alpha: float = 0.12) -> None:
    for name, curve, style in curves:
        if not curve:
            continue
        n = np.array(curve["n"], dtype=float)
        ax.plot(n, _array(curve["value"]), label=name, marker="o" if markers else None, markersize=3, **style)
        ax.fill_between(n, _array(curve["low"]), _array(curve["high"]), color=style["color"], alpha=band_alpha)
    ax.set_xscale("log", base=2)


def _best_of_n(results: dict[str, Any], path: Path) -> None:
    fig, (ax,) = _figure(7.5, 4.6)
    _bon_lines(ax, [(name, s["curves"].get("best_of_n"), style) for name, s, style in _signals(results)],
               markers=True)
    ax.set(xlabel="n (candidates drawn; best by the signal kept)", ylabel="gold of the pick",
           title="Best-of-n gold (unbiased estimator over each pool, 95% bands)")
    ax.legend(fontsize=8, ncols=2)
    fig.savefig(path)


def _bon_families(results: dict[str, Any]) -> list[str]:
    """Families some scored signal has a best-of-n value for, in the order the run met them."""
    return list(dict.fromkeys(family for _, signal, _ in _signals(results)
                              for family, curve in signal.get("best_of_n_by_family", {}).items()
                              if any(v is not None for v in curve["value"])))


def _best_of_n_by_family(results: dict[str, Any], path: Path) -> None:
    families = _bon_families(results)
    ncols = min(3, len(families))
    nrows = -(-len(families) // ncols)
    fig, axes = _figure(4.2 * ncols, 3.4 * nrows + 0.8, ncols=ncols, nrows=nrows)
    signals = _signals(results)
    for ax, family in zip(axes, families, strict=False):
        _bon_lines(ax, [(name, s.get("best_of_n_by_family", {}).get(family), style) for name, s, style in signals],
                   markers=False, band_alpha=0.06)
        prompts = max(s.get("best_of_n_by_family", {}).get(family, {}).get("prompts", 0) for _, s, _ in signals)
        ax.set_title(f"{family} ({prompts} prompts)", fontsize=9)
        ax.set_xlabel("n", fontsize=8)
        ax.set_ylabel("gold of the pick", fontsize=8)
    for ax in axes[len(families):]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", fontsize=8, ncols=min(len(labels), 7))
    fig.suptitle("Best-of-n gold by task family (95% bands)", fontsize=10)
    fig.savefig(path)


def _overoptimisation(results: dict[str, Any], path: Path) -> None:
    fig, axes = _figure(11.0, 4.4, ncols=2)
    for name, signal, style in _signals(results):
        curve = signal["curves"].get("kl_optimum")
        if not curve:
            continue
        x = _array(curve["sqrt_kl"])
        for ax, key in zip(axes, ("gold", "proxy"), strict=True):
            ax.plot(x, _array(curve[key]["value"]), label=name, **style)
            ax.fill_between(x, _array(curve[key]["low"]), _array(curve[key]["high"]), color=style["color"],
                            alpha=0.10)
    axes[0].set(xlabel="sqrt(KL(pi_beta || pi0))  [sqrt nats]", ylabel="expected gold",
                title="Gold of the KL-regularised optimum")
    axes[1].set(xlabel="sqrt(KL(pi_beta || pi0))  [sqrt nats]", ylabel="expected proxy (std units)",
                title="Proxy (the signal itself)")
    axes[0].legend(fontsize=8, ncols=2)
    fig.savefig(path)


def _bars(ax: Any, names: list[str], estimates: list[dict[str, Any] | None], colors: list[str]) -> None:
    value = _array([e["value"] if e else None for e in estimates])
    low = _array([e["low"] if e else None for e in estimates])
    high = _array([e["high"] if e else None for e in estimates])
    err = np.vstack([np.nan_to_num(value - low), np.nan_to_num(high - value)])
    ax.bar(np.arange(len(names)), np.nan_to_num(value), yerr=err, color=colors, capsize=2)
    ax.set_xticks(np.arange(len(names)), names, rotation=60, ha="right", fontsize=7)


def _valued(estimate: dict[str, Any] | None) -> bool:
    return estimate is not None and estimate.get("value") is not None


def _present_probes(results: dict[str, Any]) -> list[str]:
    """Probes some signal has a value for (a probe with no pair in this world is null for every signal)."""
    return [p for p in _PROBES if any(_valued(s.get("metrics", {}).get(p)) for _, s, _ in _signals(results))]


def _probes(results: dict[str, Any], path: Path) -> None:
    present = _present_probes(results)
    fig, axes = _figure(3.4 * max(len(present), 1), 4.2, ncols=max(len(present), 1))
    signals = _signals(results)
    for ax, probe in zip(axes, present, strict=False):
        _bars(ax, [n for n, _, _ in signals], [s["metrics"].get(probe) for _, s, _ in signals],
              [st["color"] for _, _, st in signals])
        ax.axhline(0.0 if probe == "length_spearman" else 0.5, color="0.5", linewidth=0.8, linestyle=":")
        ax.set_title(_PROBE_TITLES[probe], fontsize=9)
    fig.savefig(path)


def _family_ranking(results: dict[str, Any], path: Path) -> None:
    signals = _signals(results)
    families = list(dict.fromkeys(f for _, s, _ in signals for f in s.get("by_family", {})))
    fig, (ax,) = _figure(max(6.0, 1.4 * len(families) + 2), 4.4)
    width = 0.8 / max(len(signals), 1)
    for i, (name, signal, style) in enumerate(signals):
        values = _array([signal["by_family"].get(f, {}).get("pairwise_accuracy", {}).get("value")
                         for f in families])
        ax.bar(np.arange(len(families)) + (i - (len(signals) - 1) / 2) * width, np.nan_to_num(values), width,
               label=name, color=style["color"])
    ax.axhline(0.5, color="0.5", linewidth=0.8, linestyle=":")
    ax.set_xticks(np.arange(len(families)), families)
    ax.set(ylabel="pairwise accuracy vs gold", ylim=(0, 1), title="Ranking quality per task family")
    ax.legend(fontsize=7, ncols=3)
    fig.savefig(path)


def _graded_ppo_runs(results: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(name, run) for name, run in (results.get("ppo_runs") or {}).items() if run["status"] == "graded"]


def _ppo_runs(results: dict[str, Any], path: Path) -> None:
    """Gold, proxy and sqrt(KL) per window against the step (a step's KL estimate is not monotone in training)."""
    fig, axes = _figure(14.0, 4.2, ncols=3)
    for index, (name, run) in enumerate(_graded_ppo_runs(results)):
        windows = run["windows"]
        step = _array([(w["steps"][0] + w["steps"][1]) / 2 for w in windows])
        gold = _array([w["gold"]["value"] for w in windows])
        err = np.vstack([gold - _array([w["gold"]["low"] for w in windows]),
                         _array([w["gold"]["high"] for w in windows]) - gold])
        style = {"color": f"C{index % 10}", "marker": "o", "markersize": 4, "label": name}
        axes[0].errorbar(step, gold, yerr=err, capsize=2, **style)
        axes[1].plot(step, _array([w["proxy"] for w in windows]), **style)
        axes[2].plot(step, _array([w["sqrt_kl"] for w in windows]), **style)
    titles = ("PPO: gold of the rollouts (95% bars)", "PPO: the reward it was trained on",
              "PPO: distance from the reference")
    labels = ("gold (mean per window)", "proxy (the run's total reward)", "sqrt(KL(policy || reference))")
    for ax, title, label in zip(axes, titles, labels, strict=True):
        ax.set(xlabel="training step (window middle)", ylabel=label, title=title)
    axes[0].legend(fontsize=8)
    fig.savefig(path)


_DRAW: dict[str, Callable[[dict[str, Any], Path], None]] = {
    "best_of_n.png": _best_of_n, "best_of_n_by_family.png": _best_of_n_by_family,
    "overoptimisation.png": _overoptimisation, "probes.png": _probes,
    "family_ranking.png": _family_ranking, "ppo_runs.png": _ppo_runs,
}


def _has_curve(kind: str) -> Callable[[dict[str, Any]], bool]:
    def has(results: dict[str, Any]) -> bool:
        curves = [s["curves"].get(kind) for _, s, _ in _signals(results)]
        values = [c["gold"]["value"] if kind == "kl_optimum" else c["value"] for c in curves if c]
        return any(v is not None for vs in values for v in vs)
    return has


def _has_probe(results: dict[str, Any]) -> bool:
    return bool(_present_probes(results))


def _has_family_accuracy(results: dict[str, Any]) -> bool:
    return any(_valued(family.get("pairwise_accuracy"))
               for _, signal, _ in _signals(results) for family in signal.get("by_family", {}).values())


# figure -> (the metric groups it draws, whether this run has anything for it to draw)
_CONTENT: dict[str, tuple[tuple[str, ...], Callable[[dict[str, Any]], bool]]] = {
    "best_of_n.png": (("best_of_n",), _has_curve("best_of_n")),
    "best_of_n_by_family.png": (("best_of_n",), lambda results: bool(_bon_families(results))),
    "overoptimisation.png": (("kl_optimum",), _has_curve("kl_optimum")),
    "probes.png": (_PROBES, _has_probe),
    "family_ranking.png": (("pairwise_accuracy",), _has_family_accuracy),
    "ppo_runs.png": ((), lambda results: bool(_graded_ppo_runs(results))),
}


def _applies(name: str, results: dict[str, Any]) -> bool:
    """Whether the run could have this figure at all (``ppo_runs.png`` only for a suite that lists PPO runs)."""
    return name != "ppo_runs.png" or bool(results.get("ppo_runs"))


def empty_figures(results: dict[str, Any]) -> dict[str, str]:
    """Figures this run has nothing to draw for, each with the reason (:func:`write_plots` skips them).

    A figure the suite does not ask for at all (``ppo_runs.png`` without ``ppo_runs``) is not listed.

    >>> empty_figures({"settings": {"metrics": ["pairwise_accuracy"]}, "signals": {}})["probes.png"]
    'no signal was scored'
    """
    empty = {}
    for name, (groups, has_data) in _CONTENT.items():
        if has_data(results) or not _applies(name, results):
            continue
        asked = [g for g in groups if g in results["settings"]["metrics"]]
        if name == "ppo_runs.png":
            empty[name] = "no PPO run of the suite could be graded (each run's reason is listed under PPO runs)"
        elif not _signals(results):
            empty[name] = "no signal was scored"
        elif not asked:
            empty[name] = f"the suite's `metrics` leave out {', '.join(groups)}"
        else:
            empty[name] = f"no prompt of this world gave a value for {', '.join(asked)}"
    return empty


def write_plots(results: dict[str, Any], out_dir: Path) -> list[Path]:
    """Draw every figure that has something to show into ``out_dir``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    empty = empty_figures(results)
    paths = []
    for name in FIGURES:
        if name in empty or not _applies(name, results):
            continue
        path = out_dir / name
        _DRAW[name](results, path)
        paths.append(path)
    return paths
