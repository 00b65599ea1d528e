"""``residualize``: remove what a covariate (length) explains of a reward, within each prompt's group.

A fixed penalty ``w * length`` cannot remove a length bias whose size is unknown (and
differs per prompt); regressing the reward on the covariate inside each group and keeping
the residual removes exactly the linear part, whatever its size (the decorrelation that
ODIN and ArmoRM aim at with a trained head, done here per group at scoring time)::

    kind: residualize
    input: rm              # the reward to debias (a source name or a subtree)
    covariate: length      # a source name: the nuisance variable
    key: group             # sample.metadata["group"]; null = the whole batch
    fit: linear            # linear (values) | rank (within-group ranks of both)

Within a group g, with C_g the rows where both the input y and the covariate x are ok::

    x_bar = mean_{C_g} x,   y_bar = mean_{i in g, y_i ok} y
    b_g   = sum_{C_g} (x - x_bar)(y - y_bar_C) / sum_{C_g} (x - x_bar)^2      (ordinary least squares)
    r_i   = (y_i - y_bar) - b_g (x_i - x_bar)

so over C_g the residual has Pearson correlation exactly 0 with x, and adding a constant to
the input changes nothing (the intercept is fitted). ``fit: rank`` replaces y and x by their
within-group mid-ranks in [0, 1] first (then r is uncorrelated with the covariate's ranks).

Documented edge cases (never a NaN from a fit, never an unflagged guess):

- a group with fewer than 3 complete rows, or whose covariate is constant over them, has no
  slope to fit: b_g = 0 and r_i = y_i - y_bar (the intercept-only least-squares residual),
  flagged ``residualize_unfitted``. Two points always lie on a line, so fitting them would
  return 0 for both whatever the reward said; a singleton's residual is 0, as
  ``group_normalize`` gives it;
- an input that is not ok (NaN) stays NaN: the sample has no value (the input's flags say why);
- a covariate that is not ok (after its policy) on a row whose input is ok is left out of the
  fit and counts as x_i = x_bar (its term is 0, as an excluded operand of ``weighted_sum``
  adds nothing), flagged ``covariate_missing``;
- samples without a group id are singletons (flagged ``no_group``); ``key: null`` makes the
  batch one group, batch-dependent, so in evaluation the input passes through unchanged,
  flagged ``batch_stats_skipped`` (as ``group_normalize``).

Attribution (``fit: linear``, the group's statistics frozen): r is affine in y with slope 1
and in x with slope -b_g, so the input's contributions pass through unchanged and the
covariate source gets -b_g * x_i; the baseline is the same expression with both absent
(y at its baseline, x at 0; a missing x stays out). ``fit: rank`` is not affine: its baseline
is 0, the covariate source gets -b_g (x'_i - x_bar') and the input's part (y'_i - y_bar') is
passed down to the input's sources in proportion.

>>> import numpy as np
>>> y, x = np.array([1.0, 2.0, 4.0]), np.array([1.0, 2.0, 3.0])
>>> fit = group_residuals(y, x, np.zeros(3, dtype=int))
>>> float(fit.slope[0]), np.round(fit.residual, 6).tolist()
(1.5, [0.166667, -0.333333, 0.166667])
>>> ResidualizeConfig(input="rm", covariate="length").fit
'linear'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import ValidationInfo, field_validator

from rewardstack.fusion.attribution import propagate
from rewardstack.fusion.base import FusionOperator, FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.functional import rank_normalize
from rewardstack.fusion.leaf import SourceLeaf
from rewardstack.fusion.node import Explanation, Operand, SingleInputOperator, build_operand, register_operator
from rewardstack.fusion.normalize import EVAL_SKIP_WORDS, batch_groups, nonempty_key, skip_batch_stats

__all__ = ["MIN_FIT_ROWS", "GroupResiduals", "Residualize", "ResidualizeConfig", "group_ranks", "group_residuals"]

#: Complete (input, covariate) rows a group needs for a slope: two points always fit a line exactly.
MIN_FIT_ROWS = 3


@dataclass(frozen=True)
class GroupResiduals:
    """Per row: the residual, its group's slope b_g, means y_bar and x_bar, and which rows were not fitted.

    ``unfitted``: the row's group had too few complete rows or a constant covariate (b_g = 0);
    ``missing``: the row's input is ok but its covariate is not (counted at x_bar).
    """

    residual: np.ndarray
    slope: np.ndarray
    y_mean: np.ndarray
    x_mean: np.ndarray
    unfitted: np.ndarray
    missing: np.ndarray


def _group_sum(values: np.ndarray, inverse: np.ndarray, k: int) -> np.ndarray:
    return np.bincount(inverse, weights=values, minlength=k)


def group_residuals(y: np.ndarray, x: np.ndarray, groups: np.ndarray, *,
                    min_rows: int = MIN_FIT_ROWS) -> GroupResiduals:
    """Least-squares residuals of y on x within each group (the module docstring's equation).

    ``y``, ``x``: (n,) floats, NaN = not ok; ``groups``: (n,) int ids (any values).

    >>> fit = group_residuals(np.array([3.0, 5.0]), np.array([1.0, 2.0]), np.array([0, 0]))
    >>> fit.residual.tolist(), fit.unfitted.tolist()
    ([-1.0, 1.0], [True, True])
    """
    if not y.shape == x.shape == groups.shape or y.ndim != 1:
        raise ValueError(f"y, x and groups must be 1-D of one length, got {y.shape}, {x.shape}, {groups.shape}")
    _, inverse = np.unique(groups, return_inverse=True)
    k = int(inverse.max()) + 1 if inverse.size else 0
    y_ok, x_ok = np.isfinite(y), np.isfinite(x)
    both = y_ok & x_ok
    with np.errstate(invalid="ignore", divide="ignore"):
        n_y, n_c = _group_sum(y_ok.astype(float), inverse, k), _group_sum(both.astype(float), inverse, k)
        y_mean = _group_sum(np.where(y_ok, y, 0.0), inverse, k) / n_y
        x_mean = _group_sum(np.where(both, x, 0.0), inverse, k) / n_c
        y_mean_c = _group_sum(np.where(both, y, 0.0), inverse, k) / n_c
        dx = np.where(both, x - x_mean[inverse], 0.0)
        dy = np.where(both, y - y_mean_c[inverse], 0.0)
        sxx, sxy = _group_sum(dx * dx, inverse, k), _group_sum(dx * dy, inverse, k)
        # a covariate constant up to rounding has no direction to project out
        scale = _group_sum(np.where(both, x * x, 0.0), inverse, k)
        fitted = (n_c >= min_rows) & (sxx > 1e-12 * np.maximum(scale, 1e-300))
        slope = np.where(fitted, sxy / np.where(fitted, sxx, 1.0), 0.0)
    term = np.where(x_ok, x - x_mean[inverse], 0.0) * slope[inverse]
    residual = np.where(y_ok, y - y_mean[inverse] - np.nan_to_num(term), np.nan)
    return GroupResiduals(residual=residual, slope=slope[inverse], y_mean=y_mean[inverse],
                          x_mean=x_mean[inverse], unfitted=y_ok & ~fitted[inverse], missing=y_ok & ~x_ok)


def group_ranks(values: np.ndarray, groups: np.ndarray, among: np.ndarray) -> np.ndarray:
    """Mid-ranks in [0, 1] of ``values`` within each group, over the rows of ``among`` (NaN elsewhere).

    >>> group_ranks(np.array([5.0, 1.0, 3.0, 7.0]), np.array([0, 0, 0, 1]), np.ones(4, dtype=bool)).tolist()
    [1.0, 0.0, 0.5, 0.5]
    """
    out = np.full(values.shape, np.nan)
    for g in np.unique(groups):
        rows = (groups == g) & among
        out[rows] = rank_normalize(values[rows])
    return out


@register_operator("residualize")
class ResidualizeConfig(OperatorConfig):
    kind: Literal["residualize"] = "residualize"
    input: Operand
    covariate: str
    key: str | None = "group"
    fit: Literal["linear", "rank"] = "linear"

    @field_validator("covariate")
    @classmethod
    def _named(cls, covariate: str, info: ValidationInfo) -> str:
        if not covariate:
            raise ValueError("covariate must name a source (e.g. length)")
        operand = info.data.get("input")  # absent when the input itself failed validation
        if operand is not None and build_operand(operand).source_names() <= {covariate}:
            # the input is then a function of the covariate alone: its fit leaves ~0 for every sample
            raise ValueError(f"the covariate must differ from the input's sources: the input reads no source "
                             f"but {covariate!r}, so its residual on {covariate!r} is 0 for every sample; "
                             "residualize another source on it (e.g. input: rm, covariate: length)")
        return covariate

    @field_validator("key")
    @classmethod
    def _key(cls, key: str | None) -> str | None:
        return nonempty_key(key)

    def build(self) -> Residualize:
        return Residualize(self)

    def explain(self) -> Explanation:
        ranks = " (on within-group ranks)" if self.fit == "rank" else ""
        if self.key is None:
            return (f"residualize on {self.covariate}{ranks}: in training, remove the least-squares fit on "
                    f"{self.covariate} over the batch, keep the residual; {EVAL_SKIP_WORDS}:", [(None, self.input)])
        return (f"residualize on {self.covariate}{ranks}: remove the least-squares fit on {self.covariate} "
                f"within groups of metadata[{self.key!r}], keep the residual:", [(None, self.input)])


class Residualize(SingleInputOperator):
    def __init__(self, config: ResidualizeConfig):
        super().__init__(config.input)
        self.config = config
        self.covariate = SourceLeaf(config.covariate)

    def children(self) -> list[FusionOperator]:
        return [self.input, self.covariate]

    def source_names(self) -> set[str]:
        return super().source_names() | {self.config.covariate}

    def eager_sources(self) -> set[str]:
        return super().eager_sources() | {self.config.covariate}

    def group_keys(self) -> set[str]:
        return super().group_keys() | ({self.config.key} if self.config.key else set())

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        child = self.input.fuse(board, index)
        if self.config.key is None and not self.training:
            return skip_batch_stats(child)
        cov = self.covariate.fuse(board, index)
        groups, no_group = batch_groups(board, index, self.config.key)
        x = np.where(np.isfinite(child.total), cov.total, np.nan)
        if self.config.fit == "rank":
            both = np.isfinite(child.total) & np.isfinite(x)
            y_rank = group_ranks(child.total, groups, np.isfinite(child.total))
            fit = group_residuals(y_rank, group_ranks(x, groups, both), groups)
            out = self._rank_output(child, fit, y_rank)
        else:
            fit = group_residuals(child.total, x, groups)
            out = self._linear_output(child, fit, x)
        out.merge_flags(child)
        out.merge_flags(cov)
        out.flag("residualize_unfitted", fit.unfitted)
        out.flag("covariate_missing", fit.missing)
        out.flag("no_group", no_group)
        return out

    def _linear_output(self, child: FusionOutput, fit: GroupResiduals, x: np.ndarray) -> FusionOutput:
        present = np.isfinite(x)
        cov_term = np.where(present, -fit.slope * x, 0.0)
        baseline = np.nan_to_num(child.base - fit.y_mean + np.where(present, fit.slope * fit.x_mean, 0.0))
        contributions = {n: np.nan_to_num(c) for n, c in child.contributions.items()}
        name = self.config.covariate
        contributions[name] = contributions.get(name, 0.0) + np.nan_to_num(cov_term)
        return FusionOutput(total=fit.residual, contributions=contributions, flags={}, baseline=baseline)

    def _rank_output(self, child: FusionOutput, fit: GroupResiduals, y_rank: np.ndarray) -> FusionOutput:
        own = np.nan_to_num(y_rank - fit.y_mean)
        contributions = propagate([child], own[:, None])
        name = self.config.covariate
        contributions[name] = contributions.get(name, 0.0) + np.nan_to_num(fit.residual - own)
        return FusionOutput(total=fit.residual, contributions=contributions, flags={},
                            baseline=np.zeros(len(child)))
