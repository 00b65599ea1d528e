"""``constraint``: maximise a reward subject to expected costs under budgets (Lagrangian).

    kind: constraint
    reward: {kind: gate, ...}            # any operand
    costs:
      - {input: length_cost, budget: 0.3}
    lr: 0.05                             # dual ascent step
    normalize: true                      # Safe-RLHF's (r - sum lam c) / (1 + sum lam)
    pid: {kp: 0.1, ki: 0.05, kd: 0.0}    # optional PID Lagrangian instead of plain dual ascent

    total  = (r - sum_j lam_j c_j) / (1 + sum_j lam_j)
    lam_j <- clip(lam_j + lr * (mean_batch(c_j) - d_j), 0, lambda_max)       (after the batch)

The multipliers used for a batch are those before its update, so a batch's
totals are reproducible from the saved state. Updates happen on every
``fuse`` in training mode only (a RewardStack is in evaluation mode unless ``stack.train()``).
``state_dict()`` holds the multipliers, PID integrals and update count
(JSON-serialisable; saved with training checkpoints). ``metrics()`` gives
``lambda/<cost>``, ``cost_mean/<cost>``, ``violation/<cost>`` for logging.
Samples whose cost exceeds its budget are flagged
``constraint_violated:<cost>``; a cost without a value counts 0 and is flagged
``cost_missing:<cost>``.

Attribution: linear given the multipliers: the reward's contributions are
scaled by 1 / (1 + sum lam), cost j's by -lam_j / (1 + sum lam).

>>> cfg = ConstraintConfig(reward="r", costs=[{"input": "len", "budget": 0.3}])
>>> cfg.build().multipliers.tolist()
[0.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from rewardstack.fusion.attribution import propagate
from rewardstack.fusion.base import FusionOperator, FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.functional import dual_ascent, lagrangian, pid_update
from rewardstack.fusion.node import Child, Explanation, Operand, build_operand, operand_label, register_operator

__all__ = ["Constraint", "ConstraintConfig", "CostBudget", "PIDConfig"]


class CostBudget(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    input: Operand
    budget: float
    name: str | None = None  # label in flags/metrics; default: the source name or node kind


class PIDConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kp: float = Field(default=0.0, ge=0)
    ki: float = Field(default=0.05, ge=0)
    kd: float = Field(default=0.0, ge=0)


@register_operator("constraint")
class ConstraintConfig(OperatorConfig):
    kind: Literal["constraint"] = "constraint"
    reward: Operand
    costs: list[CostBudget] = Field(min_length=1)
    lr: float = Field(default=0.05, gt=0)
    lambda_init: float = Field(default=0.0, ge=0)
    lambda_max: float = Field(default=100.0, gt=0)
    normalize: bool = True
    pid: PIDConfig | None = None

    def build(self) -> Constraint:
        return Constraint(self)

    def explain(self) -> Explanation:
        costs = ", ".join(f"E[{b.name or operand_label(b.input)}] <= {b.budget:g}" for b in self.costs)
        form = "(r - sum lambda c) / (1 + sum lambda)" if self.normalize else "r - sum lambda c"
        update = "PID" if self.pid is not None else f"dual ascent, lr {self.lr:g}"
        kids: list[Child] = [("reward:", self.reward)]
        kids += [(f"cost (budget {b.budget:g}):", b.input) for b in self.costs]
        return f"constraint: maximise reward subject to {costs}; {form}, multipliers by {update}", kids


class Constraint(FusionOperator):
    def __init__(self, config: ConstraintConfig):
        self.config = config
        self.reward = build_operand(config.reward)
        self.costs = [build_operand(c.input) for c in config.costs]
        self.labels = [c.name or f"{operand_label(c.input)}" for c in config.costs]
        self.budgets = np.array([c.budget for c in config.costs], dtype=float)
        self.multipliers = np.full(len(self.costs), config.lambda_init, dtype=float)
        self.integral = np.zeros(len(self.costs))
        self.prev_error = np.zeros(len(self.costs))
        self.last_cost_mean = np.full(len(self.costs), np.nan)
        self.n_updates = 0

    def children(self) -> list[FusionOperator]:
        return [self.reward, *self.costs]

    def source_names(self) -> set[str]:
        return set().union(*(op.source_names() for op in self.children()))

    def eager_sources(self) -> set[str]:
        return set().union(*(op.eager_sources() for op in self.children()))

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        r_out = self.reward.fuse(board, index)
        c_outs = [op.fuse(board, index) for op in self.costs]
        raw_costs = np.stack([c.total for c in c_outs], axis=1)
        costs = np.nan_to_num(raw_costs)
        cost_bases = np.stack([np.where(np.isnan(c.total), 0.0, c.base) for c in c_outs], axis=1)
        lam = self.multipliers.copy()
        norm = self.config.normalize
        total = lagrangian(r_out.total, costs, lam, normalize=norm)
        baseline = lagrangian(r_out.base, cost_bases, lam, normalize=norm)
        divisor = 1.0 + lam.sum() if norm else 1.0
        phi = np.column_stack([(r_out.total - r_out.base) / divisor,
                               *[-lam[j] * (costs[:, j] - cost_bases[:, j]) / divisor for j in range(len(c_outs))]])
        out = FusionOutput(total=total, contributions=propagate([r_out, *c_outs], phi), flags={}, baseline=baseline)
        for child in (r_out, *c_outs):
            out.merge_flags(child)
        for j, label in enumerate(self.labels):
            with np.errstate(invalid="ignore"):
                out.flag(f"constraint_violated:{label}", raw_costs[:, j] > self.budgets[j])
            out.flag(f"cost_missing:{label}", np.isnan(raw_costs[:, j]))
        if self.training:
            self._update(raw_costs)
        return out

    def _update(self, raw_costs: np.ndarray) -> None:
        ok = np.isfinite(raw_costs)
        counts = ok.sum(axis=0)
        sums = np.where(ok, raw_costs, 0.0).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
        self.last_cost_mean = mean
        seen = np.isfinite(mean)
        error = np.where(seen, mean - self.budgets, 0.0)
        if self.config.pid is None:
            new = dual_ascent(self.multipliers, np.where(seen, mean, self.budgets), self.budgets,
                              self.config.lr, self.config.lambda_max)
        else:
            p = self.config.pid
            new, integral = pid_update(self.integral, self.prev_error, error, p.kp, p.ki, p.kd, self.config.lambda_max)
            self.integral = np.where(seen, integral, self.integral)
            self.prev_error = np.where(seen, error, self.prev_error)
        self.multipliers = np.where(seen, new, self.multipliers)
        self.n_updates += 1

    def own_state(self) -> dict[str, Any]:
        return {
            "multipliers": dict(zip(self.labels, self.multipliers.tolist(), strict=True)),
            "integral": self.integral.tolist(),
            "prev_error": self.prev_error.tolist(),
            "n_updates": self.n_updates,
        }

    def load_own_state(self, state: Mapping[str, Any]) -> None:
        if not state:
            return
        saved = state["multipliers"]
        if set(saved) != set(self.labels):
            raise ValueError(f"saved multipliers {sorted(saved)} do not match this tree's costs {sorted(self.labels)}")
        self.multipliers = np.array([float(saved[label]) for label in self.labels])
        self.integral = np.array(state.get("integral", self.integral.tolist()), dtype=float)
        self.prev_error = np.array(state.get("prev_error", self.prev_error.tolist()), dtype=float)
        self.n_updates = int(state.get("n_updates", 0))

    def metrics(self) -> dict[str, float]:
        out = super().metrics()
        for j, label in enumerate(self.labels):
            out[f"lambda/{label}"] = float(self.multipliers[j])
            out[f"cost_mean/{label}"] = float(self.last_cost_mean[j])
            out[f"violation/{label}"] = float(self.last_cost_mean[j] - self.budgets[j])
        return out
