"""``normalize_then_sum`` (GDPO) and ``sum_then_normalize`` (TRL's default) over sources.

    normalize_then_sum:  z_k,i = (v_k,i - mu_k,g) / (sigma_k,g + eps)   per source k, within group g
                         s_i   = renormalised weighted sum of z_k,i (as weighted_sum)
                         total = (s_i - mean(s)) / (std(s) + eps)    if whiten (batch), else s_i
    sum_then_normalize:  s_i   = renormalised weighted sum of v_k,i
                         total = (s_i - mu_g) / (sigma_g + eps)

Summing first collapses distinct reward combinations into identical
advantages; normalising first keeps each source's scale out of the result
(scaling one source's values by c > 0 leaves normalize_then_sum unchanged,
and with whitening so does scaling all weights). The group id comes from
``sample.metadata[group_key]`` (``null`` = the whole batch is one group).

Evaluation mode (a RewardStack's default) never uses statistics of the whole
batch, only of a sample's own group: the batch whitening is skipped, and with
``group_key: null`` so is the z-scoring it would need; affected samples are
flagged ``batch_stats_skipped``. Within-group statistics stay (``rewardstack
score`` never splits a group across calls).

Attribution: with the batch statistics frozen, both are affine in the
source values; contribution_k,i = w_k * r_i * v_k,i / (sigma_k,g + eps) (times
the whitening slope), r_i the exclusion renormalisation; the baseline is
the same expression with every v = 0.

>>> NormalizeThenSumConfig(weights={"a": 1.0, "b": 2.0}).whiten
True
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field, field_validator

from rewardstack.fusion.base import FusionOperator, FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.functional import group_stats
from rewardstack.fusion.leaf import SourceLeaf
from rewardstack.fusion.node import Explanation, register_operator, weighted_term
from rewardstack.fusion.normalize import batch_groups
from rewardstack.fusion.weighted_sum import weighted_sum_terms

__all__ = ["NormalizeThenSum", "NormalizeThenSumConfig", "SumThenNormalize", "SumThenNormalizeConfig"]


def _weights_ok(weights: dict[str, float]) -> dict[str, float]:
    if not weights or all(w == 0 for w in weights.values()):
        raise ValueError("needs at least one non-zero weight")
    return weights


# evaluation (a RewardStack's default) uses no statistics of the whole batch: see the module docstring
_TRAINING_ONLY = "in training (skipped in evaluation, the default: flagged batch_stats_skipped)"


def _scope(group_key: str | None) -> str:
    return f"within groups of metadata[{group_key!r}]" if group_key else f"over the batch {_TRAINING_ONLY}"


def _terms(weights: dict[str, float]) -> str:
    return " + ".join(weighted_term(w, n) for n, w in weights.items())


@register_operator("normalize_then_sum")
class NormalizeThenSumConfig(OperatorConfig):
    kind: Literal["normalize_then_sum"] = "normalize_then_sum"
    weights: dict[str, float]
    group_key: str | None = "group"
    whiten: bool = True
    eps: float = Field(default=1e-6, gt=0)

    _check = field_validator("weights")(_weights_ok)

    def build(self) -> NormalizeThenSum:
        return NormalizeThenSum(self)

    def explain(self) -> Explanation:
        whiten = f", then whiten over the batch {_TRAINING_ONLY}" if self.whiten else ""
        return (f"normalize then sum (GDPO): z-score each source {_scope(self.group_key)}, "
                f"then {_terms(self.weights)}{whiten}", [])


@register_operator("sum_then_normalize")
class SumThenNormalizeConfig(OperatorConfig):
    kind: Literal["sum_then_normalize"] = "sum_then_normalize"
    weights: dict[str, float]
    group_key: str | None = "group"
    scale: bool = True
    eps: float = Field(default=1e-6, gt=0)

    _check = field_validator("weights")(_weights_ok)

    def build(self) -> SumThenNormalize:
        return SumThenNormalize(self)

    def explain(self) -> Explanation:
        return f"sum then normalize: {_terms(self.weights)}, then z-score {_scope(self.group_key)}", []


class _OverSources(FusionOperator):
    def __init__(self, weights: dict[str, float]):
        self.names = list(weights)
        self.weights = np.array([weights[n] for n in self.names], dtype=float)
        self.leaves = [SourceLeaf(n) for n in self.names]

    def children(self) -> list[FusionOperator]:
        return list(self.leaves)

    def source_names(self) -> set[str]:
        return set(self.names)

    def _values(self, board: ScoreBoard, index: np.ndarray) -> tuple[np.ndarray, FusionOutput]:
        outs = [leaf.fuse(board, index) for leaf in self.leaves]
        flags = FusionOutput.empty(len(index))
        for o in outs:
            flags.merge_flags(o)
        return np.stack([o.total for o in outs], axis=1), flags


class NormalizeThenSum(_OverSources):
    def __init__(self, config: NormalizeThenSumConfig):
        super().__init__(config.weights)
        self.config = config

    def group_keys(self) -> set[str]:
        return {self.config.group_key} if self.config.group_key else set()

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        values, holder = self._values(board, index)
        groups, missing = batch_groups(board, index, self.config.group_key)
        skip_batch = not self.training  # evaluation never uses statistics of the whole batch
        slopes = np.ones_like(values)
        means = np.zeros_like(values)
        if not (skip_batch and self.config.group_key is None):
            for k in range(values.shape[1]):
                mean, std = group_stats(values[:, k], groups)
                means[:, k], slopes[:, k] = mean, 1.0 / (std + self.config.eps)
        z = (values - means) * slopes
        terms = weighted_sum_terms(z, self.weights)
        base_terms = weighted_sum_terms(np.where(np.isnan(values), np.nan, -means * slopes), self.weights)
        s, s_base = terms.sum(axis=1), np.nan_to_num(base_terms.sum(axis=1))
        phi = np.nan_to_num(terms - base_terms)
        if self.config.whiten and not skip_batch:
            ok = np.isfinite(s)
            mu = float(s[ok].mean()) if ok.any() else 0.0
            sd = float(s[ok].std()) if ok.any() else 0.0
            slope = 1.0 / (sd + self.config.eps)
            s, s_base, phi = (s - mu) * slope, (s_base - mu) * slope, phi * slope
        out = FusionOutput(total=s, contributions={n: phi[:, k] for k, n in enumerate(self.names)},
                           flags=holder.flags, baseline=s_base)
        out.flag("no_ok_sources", np.isnan(s))
        out.flag("no_group", missing)
        out.flag("batch_stats_skipped", np.full(len(index), skip_batch and (self.config.whiten or
                                                                            self.config.group_key is None)))
        return out


class SumThenNormalize(_OverSources):
    def __init__(self, config: SumThenNormalizeConfig):
        super().__init__(config.weights)
        self.config = config

    def group_keys(self) -> set[str]:
        return {self.config.group_key} if self.config.group_key else set()

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        values, holder = self._values(board, index)
        groups, missing = batch_groups(board, index, self.config.group_key)
        terms = weighted_sum_terms(values, self.weights)
        s = terms.sum(axis=1)
        skip_batch = self.config.group_key is None and not self.training  # see the module docstring
        mean, std = (np.zeros(len(index)), np.zeros(len(index))) if skip_batch else group_stats(s, groups)
        slope = 1.0 / (std + self.config.eps) if self.config.scale and not skip_batch else np.ones(len(index))
        slope = np.where(np.isfinite(slope), slope, 0.0)
        total = (s - mean) * slope
        baseline = np.nan_to_num(-mean * slope)
        contributions = {n: np.nan_to_num(terms[:, k]) * slope for k, n in enumerate(self.names)}
        out = FusionOutput(total=total, contributions=contributions, flags=holder.flags, baseline=baseline)
        out.flag("no_ok_sources", np.isnan(s))
        out.flag("no_group", missing)
        out.flag("batch_stats_skipped", np.full(len(index), skip_batch))
        return out
