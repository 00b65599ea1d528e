"""curves.png from a metrics file: every panel drawn, nulls skipped."""

from __future__ import annotations

import json
from pathlib import Path

from rewardstack.training.ppo.plot import _panels, plot_curves


def test_curves_cover_every_source_and_skip_nulls(tmp_path: Path) -> None:
    rows = [{"step": k, "reward/total/mean": None if k == 2 else 0.1 * k, "reward/answer/mean": 0.5,
             "reward/answer/status/ok": 1.0, "reward/answer/status/error": 0.0, "reward/trained/mean": 0.1,
             "kl": 0.01 * k, "kl_coef": 0.05, "entropy": 3.0, "response_length/mean": 7.0, "clip_fraction": 0.1,
             "value_loss": None, "approx_kl": 0.001} for k in (1, 2, 3)]
    metrics = tmp_path / "metrics.jsonl"
    metrics.write_text("".join(json.dumps(row) + "\n" for row in rows))
    panels = dict(_panels(rows))
    assert panels["reward"] == ["reward/total/mean", "reward/answer/mean"]
    assert panels["source statuses (share not ok)"] == ["reward/answer/status/error"]
    out = plot_curves(metrics, tmp_path / "curves.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
