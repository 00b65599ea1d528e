"""``ensemble``: conservative fusion of several sources of the same kind (Coste et al.).

    mean:        total = (1/m_ok) sum_k v_k
    min:         total = min_k v_k                    (worst case)
    uncertainty: total = mean - lam * std_k(v_k)      (population std over ok members)

Helps against label noise in individual reward models, not against a bias
all members share. Attribution: baseline Shapley over the members.

>>> EnsembleConfig(inputs=["rm1", "rm2"], mode="uncertainty", lam=0.5).lam
0.5
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from rewardstack.fusion.base import OperatorConfig
from rewardstack.fusion.combine import CombineOperator
from rewardstack.fusion.functional import ensemble_mean, ensemble_min, ensemble_uncertainty
from rewardstack.fusion.node import Explanation, Operand, build_operand, combination, register_operator

__all__ = ["Ensemble", "EnsembleConfig"]


@register_operator("ensemble")
class EnsembleConfig(OperatorConfig):
    kind: Literal["ensemble"] = "ensemble"
    inputs: list[Operand] = Field(min_length=1)
    mode: Literal["mean", "min", "uncertainty"] = "mean"
    lam: float = Field(default=1.0, ge=0)

    def build(self) -> Ensemble:
        return Ensemble(self)

    def explain(self) -> Explanation:
        title = {"mean": "ensemble mean", "min": "ensemble worst case (min)",
                 "uncertainty": f"ensemble mean - {self.lam:g} * std"}[self.mode]
        return combination(title, self.inputs)


class Ensemble(CombineOperator):
    kind = "ensemble"

    def __init__(self, config: EnsembleConfig):
        self.config = config
        super().__init__([build_operand(op) for op in config.inputs])

    def combine(self, values: np.ndarray) -> np.ndarray:
        if self.config.mode == "mean":
            return ensemble_mean(values)
        if self.config.mode == "min":
            return ensemble_min(values)
        return ensemble_uncertainty(values, self.config.lam)
