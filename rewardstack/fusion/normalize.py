"""Scale control: running per-source normalisation and per-prompt group normalisation.

``normalize`` (running statistics, kept across batches and checkpoints)::

    kind: normalize
    input: rm
    method: welford        # welford (all history) | ema (decay) | rank (batch quantile)
    clip: 5.0              # optional |z| bound

    z = (x - mu) / (sigma + eps), with (mu, sigma) updated with the batch first

``group_normalize`` (GRPO-style advantage inside each prompt's group)::

    kind: group_normalize
    input: {kind: weighted_sum, weights: {answer: 1.0}}
    key: group             # sample.metadata["group"]
    scale: true            # divide by the group std (Dr. GRPO sets false)

    z_i = (x_i - mu_g) / (sigma_g + eps)

Samples without a group id are their own group (z = 0) and flagged ``no_group``.
Attribution: with the batch's statistics frozen both are affine, so the
input's contributions are multiplied by the slope 1 / (sigma + eps) and the
baseline is the normalised input baseline. Rank is monotone but not affine:
its baseline is 0.5 and ``z - 0.5`` is passed down proportionally.

>>> NormalizeConfig(input="rm").method
'welford'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from pydantic import Field

from rewardstack.fusion.attribution import affine, propagate
from rewardstack.fusion.base import FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.functional import ema_update, group_stats, rank_normalize, welford_update
from rewardstack.fusion.node import Operand, SingleInputOperator

__all__ = ["GroupNormalize", "GroupNormalizeConfig", "Normalize", "NormalizeConfig", "batch_groups"]


class NormalizeConfig(OperatorConfig):
    kind: Literal["normalize"] = "normalize"
    input: Operand
    method: Literal["welford", "ema", "rank"] = "welford"
    decay: float = Field(default=0.99, gt=0, lt=1)
    eps: float = Field(default=1e-6, gt=0)
    clip: float | None = Field(default=None, gt=0)

    def build(self) -> Normalize:
        return Normalize(self)


class Normalize(SingleInputOperator):
    def __init__(self, config: NormalizeConfig):
        super().__init__(config.input)
        self.config = config
        self.count, self.mean, self.m2, self.var = 0.0, 0.0, 0.0, 0.0
        self.updates = True

    def set_updates(self, enabled: bool) -> None:
        self.updates = enabled
        super().set_updates(enabled)

    def std(self) -> float:
        var = self.m2 / self.count if self.config.method == "welford" and self.count else self.var
        return float(np.sqrt(max(var, 0.0)))

    def _update(self, x: np.ndarray) -> None:
        if self.config.method == "welford":
            self.count, self.mean, self.m2 = welford_update(self.count, self.mean, self.m2, x)
        elif self.config.method == "ema":
            self.mean, self.var = ema_update(self.mean, self.var, x, self.config.decay, self.count > 0)
            self.count += float(np.isfinite(x).sum())

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        child = self.input.fuse(board, index)
        if self.config.method == "rank":
            total = rank_normalize(child.total)
            baseline = np.full(len(index), 0.5)
            out = FusionOutput(total=total, contributions=propagate([child], (total - baseline)[:, None]),
                               flags={}, baseline=baseline)
        else:
            if self.updates:
                self._update(child.total)
            slope = np.full(len(index), 1.0 / (self.std() + self.config.eps))
            total = (child.total - self.mean) * slope
            baseline = (child.base - self.mean) * slope
            out = FusionOutput(total=total, contributions=affine(child, slope), flags={}, baseline=baseline)
        if self.config.clip is not None:
            clipped = np.clip(out.total, -self.config.clip, self.config.clip)
            cbase = np.clip(out.base, -self.config.clip, self.config.clip)
            out.flag("clipped", np.isfinite(out.total) & (clipped != out.total))
            out = FusionOutput(total=clipped, contributions=propagate([out], (clipped - cbase)[:, None]),
                               flags=out.flags, baseline=cbase)
        out.merge_flags(child)
        return out

    def own_state(self) -> dict[str, Any]:
        return {"count": self.count, "mean": self.mean, "m2": self.m2, "var": self.var}

    def load_own_state(self, state: Mapping[str, Any]) -> None:
        self.count = float(state.get("count", 0.0))
        self.mean = float(state.get("mean", 0.0))
        self.m2 = float(state.get("m2", 0.0))
        self.var = float(state.get("var", 0.0))

    def metrics(self) -> dict[str, float]:
        return {"normalize/mean": self.mean, "normalize/std": self.std(), **super().metrics()}


def batch_groups(board: ScoreBoard, index: np.ndarray, key: str | None) -> tuple[np.ndarray, np.ndarray]:
    """(group ids, missing mask); no key = one batch-wide group; missing ids become singletons."""
    if key is None:
        return np.zeros(len(index), dtype=np.int64), np.zeros(len(index), dtype=bool)
    ids = board.group_ids(key, index)
    missing = ids < 0
    if missing.any():
        ids = np.where(missing, -2 - np.arange(len(index)), ids)
    return ids, missing


class GroupNormalizeConfig(OperatorConfig):
    kind: Literal["group_normalize"] = "group_normalize"
    input: Operand
    key: str | None = "group"
    scale: bool = True
    eps: float = Field(default=1e-6, gt=0)

    def build(self) -> GroupNormalize:
        return GroupNormalize(self)


class GroupNormalize(SingleInputOperator):
    def __init__(self, config: GroupNormalizeConfig):
        super().__init__(config.input)
        self.config = config

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        child = self.input.fuse(board, index)
        groups, missing = batch_groups(board, index, self.config.key)
        mean, std = group_stats(child.total, groups)
        slope = 1.0 / (std + self.config.eps) if self.config.scale else np.ones(len(index))
        slope = np.where(np.isfinite(slope), slope, 0.0)
        total = (child.total - mean) * slope
        baseline = np.nan_to_num((child.base - mean) * slope)
        out = FusionOutput(total=total, contributions=affine(child, slope), flags={}, baseline=baseline)
        out.merge_flags(child)
        out.flag("no_group", missing)
        return out
