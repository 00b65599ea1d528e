"""``curves.png``: the per-step curves of a run, drawn from ``metrics.jsonl`` (matplotlib, Agg canvas).

Panels: rewards (the total and every source's mean), the share of each source's
statuses that were not ok, KL and its coefficient, entropy, response length,
clip fraction and value loss. Written at the end of a run when matplotlib is
installed (the ``bench`` extra); ``plot_curves`` redraws it for any metrics file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["CURVES_FILE", "matplotlib_available", "plot_curves"]

CURVES_FILE = "curves.png"


def matplotlib_available() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _series(rows: list[dict[str, Any]], key: str) -> tuple[list[int], list[float]]:
    pairs = [(row["step"], row[key]) for row in rows if row.get(key) is not None]
    return [p[0] for p in pairs], [float(p[1]) for p in pairs]


def _panels(rows: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    keys = set().union(*(row.keys() for row in rows))
    sources = sorted({k.split("/")[1] for k in keys if k.startswith("reward/") and k.endswith("/mean")}
                     - {"total", "trained"})
    not_ok = sorted(k for k in keys if k.startswith("reward/") and "/status/" in k and not k.endswith("/ok")
                    and k.split("/")[1] in sources)
    return [("reward", ["reward/total/mean"] + [f"reward/{s}/mean" for s in sources]),
            ("source statuses (share not ok)", not_ok),
            ("KL to the reference", ["kl", "kl_coef"]),
            ("entropy", ["entropy"]),
            ("response length (tokens)", ["response_length/mean"]),
            ("PPO", ["clip_fraction", "value_loss", "approx_kl"])]


def plot_curves(metrics_path: Path, out_path: Path) -> Path:
    """Draw ``out_path`` (PNG) from ``metrics_path``; returns ``out_path``."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = [json.loads(line) for line in metrics_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    panels = _panels(rows) if rows else []
    fig = Figure(figsize=(12, 7), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(2, 3, squeeze=False).flatten()
    for ax, (title, keys) in zip(axes, panels, strict=False):
        for key in keys:
            steps, values = _series(rows, key)
            if steps:
                ax.plot(steps, values, label=key, linewidth=2.2 if key == "reward/total/mean" else 1.3)
        ax.set_title(title)
        ax.set_xlabel("step")
        if ax.lines:
            ax.legend(fontsize=7)
    fig.savefig(out_path)
    return out_path
