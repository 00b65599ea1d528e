"""Scale control: running per-source normalisation and per-prompt group normalisation.

``normalize`` (running statistics, kept across batches and checkpoints)::

    kind: normalize
    input: rm
    method: welford        # welford (all history) | ema (decay) | rank (batch quantile)
    clip: 5.0              # optional |z| bound

    z = (x - mu) / (sigma + eps), with (mu, sigma) updated with the batch first

Evaluation mode (a RewardStack's default) never updates the statistics and
never uses the batch's own: z uses the saved (mu, sigma); ``rank`` ranks each
value against a quantile sketch of the values seen in training
(``RANK_SKETCH_SIZE`` quantiles, saved in the state). Without saved
statistics (no training yet, no ``--state``) the input passes through
unchanged and every sample is flagged ``normalize_unfitted``.

``group_normalize`` (GRPO-style advantage inside each prompt's group)::

    kind: group_normalize
    input: {kind: weighted_sum, weights: {answer: 1.0}}
    key: group             # sample.metadata["group"]
    scale: true            # divide by the group std (Dr. GRPO sets false)

    z_i = (x_i - mu_g) / (sigma_g + eps)

Samples without a group id are their own group (z = 0) and flagged ``no_group``.
Group statistics are the group's own, so they do not depend on how a file is
batched as long as groups are kept whole (``rewardstack score`` keeps them
whole). ``key: null`` makes the whole batch one group: batch-dependent, so in
evaluation the input passes through unchanged, flagged ``batch_stats_skipped``.
Attribution: with the batch's statistics frozen both are affine, so the
input's contributions are multiplied by the slope 1 / (sigma + eps) and the
baseline is the normalised input baseline; in a group whose values are all equal
(sigma = 0: z = 0 whatever the input) the slope is 0, so nothing is attributed. Rank is monotone but not affine:
its baseline is 0.5 and ``z - 0.5`` is passed down proportionally.

>>> NormalizeConfig(input="rm").method
'welford'
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from pydantic import Field, field_validator

from rewardstack.fusion.attribution import affine, propagate
from rewardstack.fusion.base import FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.functional import (
    ema_update,
    group_stats,
    quantile_sketch_merge,
    rank_against,
    rank_normalize,
    welford_update,
)
from rewardstack.fusion.node import Explanation, Operand, SingleInputOperator, register_operator

__all__ = ["EVAL_SKIP_WORDS", "RANK_SKETCH_SIZE", "GroupNormalize", "GroupNormalizeConfig", "Normalize",
           "NormalizeConfig", "batch_groups", "nonempty_key", "skip_batch_stats"]

#: ``fusion explain``'s words for a batch-wide (``key: null``) operator in evaluation (see skip_batch_stats).
EVAL_SKIP_WORDS = "in evaluation (the default) the input passes through unchanged, flagged batch_stats_skipped"

RANK_SKETCH_SIZE = 1024  # quantiles kept of the training values (rank method, for evaluation)


@register_operator("normalize")
class NormalizeConfig(OperatorConfig):
    kind: Literal["normalize"] = "normalize"
    input: Operand
    method: Literal["welford", "ema", "rank"] = "welford"
    decay: float = Field(default=0.99, gt=0, lt=1)
    eps: float = Field(default=1e-6, gt=0)
    clip: float | None = Field(default=None, gt=0)

    def build(self) -> Normalize:
        return Normalize(self)

    def explain(self) -> Explanation:
        bound = f", |z| <= {self.clip:g}" if self.clip else ""
        return f"normalize with running {self.method} statistics{bound}:", [(None, self.input)]


class Normalize(SingleInputOperator):
    def __init__(self, config: NormalizeConfig):
        super().__init__(config.input)
        self.config = config
        self.count, self.mean, self.m2, self.var = 0.0, 0.0, 0.0, 0.0
        self.reference = np.empty(0)  # rank: sorted quantile sketch of the values seen in training

    def std(self) -> float:
        var = self.m2 / self.count if self.config.method == "welford" and self.count else self.var
        return float(np.sqrt(max(var, 0.0)))

    def _update(self, x: np.ndarray) -> None:
        if self.config.method == "welford":
            self.count, self.mean, self.m2 = welford_update(self.count, self.mean, self.m2, x)
        elif self.config.method == "ema":
            self.mean, self.var = ema_update(self.mean, self.var, x, self.config.decay, self.count > 0)
            self.count += float(np.isfinite(x).sum())
        else:
            self.reference, self.count = quantile_sketch_merge(self.reference, self.count, x, RANK_SKETCH_SIZE)

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        child = self.input.fuse(board, index)
        if not self.training and self.count == 0:  # evaluation without saved statistics: say so, never guess
            out = FusionOutput(total=child.total.copy(), contributions=dict(child.contributions), flags={},
                               baseline=child.base.copy())
            out.flag("normalize_unfitted", np.ones(len(index), dtype=bool))
            out.merge_flags(child)
            return out
        if self.config.method == "rank":
            out = self._rank(child)  # training ranks the batch within itself, then adds it to the sketch
            if self.training:
                self._update(child.total)
        else:
            if self.training:  # z-scores use the statistics including this batch
                self._update(child.total)
            out = self._zscore(child)
        if self.config.clip is not None:
            clipped = np.clip(out.total, -self.config.clip, self.config.clip)
            cbase = np.clip(out.base, -self.config.clip, self.config.clip)
            out.flag("clipped", np.isfinite(out.total) & (clipped != out.total))
            out = FusionOutput(total=clipped, contributions=propagate([out], (clipped - cbase)[:, None]),
                               flags=out.flags, baseline=cbase)
        out.merge_flags(child)
        return out

    def _rank(self, child: FusionOutput) -> FusionOutput:
        # training: ranks within the batch; evaluation: ranks against the training values' sketch
        total = rank_normalize(child.total) if self.training else rank_against(child.total, self.reference)
        baseline = np.full(len(total), 0.5)
        return FusionOutput(total=total, contributions=propagate([child], (total - baseline)[:, None]),
                            flags={}, baseline=baseline)

    def _zscore(self, child: FusionOutput) -> FusionOutput:
        slope = np.full(len(child), 1.0 / (self.std() + self.config.eps))
        total = (child.total - self.mean) * slope
        baseline = (child.base - self.mean) * slope
        return FusionOutput(total=total, contributions=affine(child, slope), flags={}, baseline=baseline)

    def own_state(self) -> dict[str, Any]:
        state: dict[str, Any] = {"count": self.count, "mean": self.mean, "m2": self.m2, "var": self.var}
        if self.config.method == "rank":
            state["reference"] = self.reference.tolist()
        return state

    def load_own_state(self, state: Mapping[str, Any]) -> None:
        self.count = float(state.get("count", 0.0))
        self.mean = float(state.get("mean", 0.0))
        self.m2 = float(state.get("m2", 0.0))
        self.var = float(state.get("var", 0.0))
        self.reference = np.sort(np.asarray(state.get("reference", []), dtype=float))

    def metrics(self) -> dict[str, float]:
        return {"normalize/mean": self.mean, "normalize/std": self.std(), **super().metrics()}


def nonempty_key(key: str | None) -> str | None:
    """A group operator's ``key`` validator: "" would group nothing (every sample ``no_group``), so refuse it.

    >>> nonempty_key(None), nonempty_key("group")
    (None, 'group')
    """
    if key == "":
        raise ValueError("key must name a metadata key (e.g. group), or be null for one batch-wide group")
    return key


def skip_batch_stats(child: FusionOutput) -> FusionOutput:
    """Evaluation's rule for statistics over the whole batch: pass the input through, flagged."""
    out = FusionOutput(total=child.total.copy(), contributions=dict(child.contributions), flags={},
                       baseline=child.base.copy())
    out.merge_flags(child)
    out.flag("batch_stats_skipped", np.ones(len(child), dtype=bool))
    return out


def batch_groups(board: ScoreBoard, index: np.ndarray, key: str | None) -> tuple[np.ndarray, np.ndarray]:
    """(group ids, missing mask); no key = one batch-wide group; missing ids become singletons."""
    if key is None:
        return np.zeros(len(index), dtype=np.int64), np.zeros(len(index), dtype=bool)
    ids = board.group_ids(key, index)
    missing = ids < 0
    if missing.any():
        ids = np.where(missing, -2 - np.arange(len(index)), ids)
        if missing.all() and len(index) > 1:  # one sample (a single server request) is its own group anyway
            _warn_key_absent(board, key)
    return ids, missing


# boards (one per stack call) already warned, per key: one warning a call however many operators group by it
_WARNED: weakref.WeakKeyDictionary[ScoreBoard, set[str]] = weakref.WeakKeyDictionary()


def _warn_key_absent(board: ScoreBoard, key: str) -> None:
    """Every sample lacks the group key: each is its own group (all-zero totals); say so once, with the keys."""
    warned = _WARNED.setdefault(board, set())
    if key in warned:
        return
    warned.add(key)
    present = sorted({str(k) for sample in board.samples for k in sample.metadata})
    warnings.warn(f"no sample has metadata[{key!r}], the group key of a group operator: every sample is its own "
                  f"group (flagged no_group; group_normalize and residualize give 0). The samples' metadata keys: "
                  f"{present or 'none'}; set the operator's key to one of them, or null for the whole batch.",
                  UserWarning, stacklevel=2)


@register_operator("group_normalize")
class GroupNormalizeConfig(OperatorConfig):
    kind: Literal["group_normalize"] = "group_normalize"
    input: Operand
    key: str | None = "group"
    scale: bool = True
    eps: float = Field(default=1e-6, gt=0)

    def build(self) -> GroupNormalize:
        return GroupNormalize(self)

    @field_validator("key")
    @classmethod
    def _key(cls, key: str | None) -> str | None:
        return nonempty_key(key)

    def explain(self) -> Explanation:
        what = "z-score" if self.scale else "centre"
        if self.key is None:
            return f"{what} over the batch (GRPO advantage) in training; {EVAL_SKIP_WORDS}:", [(None, self.input)]
        return f"{what} within groups of metadata[{self.key!r}] (GRPO advantage):", [(None, self.input)]


class GroupNormalize(SingleInputOperator):
    def __init__(self, config: GroupNormalizeConfig):
        super().__init__(config.input)
        self.config = config

    def group_keys(self) -> set[str]:
        return super().group_keys() | ({self.config.key} if self.config.key else set())

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        child = self.input.fuse(board, index)
        if self.config.key is None and not self.training:
            return skip_batch_stats(child)
        groups, missing = batch_groups(board, index, self.config.key)
        mean, std = group_stats(child.total, groups)
        slope = 1.0 / (std + self.config.eps) if self.config.scale else np.ones(len(index))
        # a group whose values are all equal (a singleton, an all-correct GRPO group) has z = 0 whatever
        # the input: slope 0 attributes nothing, where 1/eps would give +-1e6 terms summing to 0
        slope = np.where(np.isfinite(slope) & ~(self.config.scale & (std == 0)), slope, 0.0)
        total = (child.total - mean) * slope
        baseline = np.nan_to_num((child.base - mean) * slope)
        out = FusionOutput(total=total, contributions=affine(child, slope), flags={}, baseline=baseline)
        out.merge_flags(child)
        out.flag("no_group", missing)
        return out
