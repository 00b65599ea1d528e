"""What one step logs: ``output_dir/metrics.jsonl``, one JSON object per step (written through
:mod:`rewardstack.tracking`, so also to TensorBoard / W&B when ``tracking:`` asks), and a sample table.

Reward keys come from the stack's arrays, for every source of the stack, every step
(columns never appear or vanish between steps):

- ``reward/total/mean`` (over responses that have a total; ``null`` when none has),
  ``reward/total/std``, ``reward/total/status/<status>`` (fraction of responses);
- ``reward/<source>/mean`` (over the source's ok scores; ``null`` when it had none) and
  ``reward/<source>/status/<status>`` (fraction of responses; a source a lazy operator
  never asked counts in none of them);
- the fusion layer's own scalars (``fusion/...``: multipliers, running statistics).

Beside them (:mod:`~rewardstack.training.ppo.train`): ``samples`` (responses in the step, over
every process of a multi-process run), ``kl`` (mean over responses of
sum_t kl_t, with the configured estimator against the frozen reference: k1 can be
negative on a batch), ``kl/per_token``, ``kl_coef`` (the beta used this step),
``entropy``, ``clip_fraction``, ``approx_kl``, ``policy_loss``, ``value_loss`` (PPO;
``null`` for the critic-free algorithms), ``grad_norm`` (before clipping), ``lr``,
``response_length/mean`` (tokens, EOS included), ``response/truncated_fraction``,
``reward/trained/mean`` (after ``missing_reward`` and the EOS penalty),
``reward/kept_fraction``, ``time/generate``, ``time/reward`` (the reward call's own duration),
``time/reward_hidden`` (the part of it that ran beside the no-grad passes: ``rollout.overlap_rewards``),
``time/reference`` (the no-grad passes of the policy and the reference; the reference's alone when the
update's forward gives the old log-probs), ``time/update``, ``time/step`` and
``tokens_per_s`` (response tokens per second of generation).

Missing numbers are ``null``, never a NaN (not JSON) and never a made-up 0.

>>> import numpy as np
>>> codes = np.array([0, 2], dtype=np.int8)  # ok, error
>>> m = reward_metrics(np.array([1.0, np.nan]), codes, {"answer": np.array([1.0, np.nan])}, {"answer": codes})
>>> m["reward/total/mean"], m["reward/answer/status/error"]
(1.0, 0.5)
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from rewardstack.core.score import STATUS_CODES, Status

__all__ = ["SampleTable", "finite_or_none", "reward_metrics"]


def finite_or_none(value: float) -> float | None:
    """``value`` as a float, or None when it is NaN or infinite."""
    value = float(value)
    return value if math.isfinite(value) else None


def _status_fractions(prefix: str, codes: np.ndarray) -> dict[str, float]:
    n = max(len(codes), 1)
    return {f"{prefix}/status/{status.value}": float(np.sum(codes == STATUS_CODES[status])) / n for status in Status}


def _mean(values: np.ndarray) -> float | None:
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if finite.size else None


def reward_metrics(total: np.ndarray, status: np.ndarray, values: Mapping[str, np.ndarray],
                   statuses: Mapping[str, np.ndarray]) -> dict[str, float | None]:
    """The ``reward/...`` keys of one step (see the module docstring)."""
    finite = total[np.isfinite(total)]
    out: dict[str, float | None] = {"reward/total/mean": _mean(total),
                                    "reward/total/std": float(finite.std()) if finite.size else None}
    out.update(_status_fractions("reward/total", status))
    for name in sorted(values):
        out[f"reward/{name}/mean"] = _mean(values[name])
        out.update(_status_fractions(f"reward/{name}", statuses[name]))
    return out


class SampleTable:
    """``samples.jsonl``: a few rollouts per logged step (metrics go through :mod:`rewardstack.tracking`)."""

    def __init__(self, output_dir: Path, *, resume_after: int | None):
        self.path = output_dir / "samples.jsonl"
        if resume_after is None:
            self.path.unlink(missing_ok=True)
        elif self.path.is_file():  # drop rows written after the checkpoint the run resumes from
            kept = [line for line in self.path.read_text(encoding="utf-8").splitlines()
                    if line.strip() and json.loads(line)["step"] <= resume_after]
            self.path.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")

    def write(self, rows: list[dict[str, Any]]) -> None:
        with self.path.open("a", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, allow_nan=False) + "\n")
