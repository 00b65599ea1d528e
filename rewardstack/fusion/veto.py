"""``veto``: any listed source below its threshold forces a floor value and a flag.

    kind: veto
    below: {safety: 0.5, facts: 0.0}   # vetoed where safety < 0.5 or facts < 0 (a contradicted fact)
    above: {hacks: 0.5}                # ... or where a hack detector fires
    floor: -1.0
    input: {kind: weighted_sum, weights: {rm: 1.0}}

    total = floor if (any_k v_k < t_k) or (any_k u_k > s_k) else input

A veto source without a value does not veto unless ``on_missing: veto``
(use the per-source policy ``on_error: veto`` to veto on errors stack-wide).
Flags ``vetoed:<source>``. Attribution: baseline Shapley over the veto
sources and the input, a veto source "absent" = not vetoing, so on a vetoed
sample the veto sources share ``floor - input``.

>>> VetoConfig(below={"safety": 0.5}, input="rm").floor
-1.0
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field, model_validator

from rewardstack.fusion.base import FusionOutput, OperatorConfig
from rewardstack.fusion.combine import CombineOperator
from rewardstack.fusion.leaf import SourceLeaf
from rewardstack.fusion.node import Explanation, Operand, build_operand, register_operator

__all__ = ["Veto", "VetoConfig"]


@register_operator("veto")
class VetoConfig(OperatorConfig):
    kind: Literal["veto"] = "veto"
    below: dict[str, float] = Field(default_factory=dict)
    above: dict[str, float] = Field(default_factory=dict)
    floor: float = -1.0
    input: Operand
    on_missing: Literal["ignore", "veto"] = "ignore"

    @model_validator(mode="after")
    def _some_check(self) -> VetoConfig:
        if not self.below and not self.above:
            raise ValueError("veto needs at least one check in 'below' or 'above'")
        return self

    def build(self) -> Veto:
        return Veto(self)

    def explain(self) -> Explanation:
        checks = [f"{n} < {t:g}" for n, t in self.below.items()] + [f"{n} > {t:g}" for n, t in self.above.items()]
        return f"veto: {self.floor:g} (flagged) if {' or '.join(checks)}, else", [(None, self.input)]


class Veto(CombineOperator):
    kind = "veto"

    def __init__(self, config: VetoConfig):
        self.config = config
        checks = [(n, t, -1.0) for n, t in config.below.items()] + [(n, t, 1.0) for n, t in config.above.items()]
        self.names = [c[0] for c in checks]
        self.thresholds = np.array([c[1] for c in checks])
        self.signs = np.array([c[2] for c in checks])  # -1: veto below, +1: veto above
        super().__init__([SourceLeaf(n) for n in self.names] + [build_operand(config.input)])

    def _vetoes(self, values: np.ndarray) -> np.ndarray:
        k = len(self.names)
        checks = values[:, :k]
        missing = np.isnan(checks)
        with np.errstate(invalid="ignore"):
            fires = np.where(missing, self.config.on_missing == "veto", (checks - self.thresholds) * self.signs > 0)
        return np.asarray(fires, dtype=bool)

    def combine(self, values: np.ndarray) -> np.ndarray:
        vetoed = self._vetoes(values).any(axis=1)
        return np.where(vetoed, self.config.floor, values[:, -1])

    def references(self, children: list[FusionOutput]) -> np.ndarray:  # type: ignore[override]
        refs = super().references(children)
        refs[:, : len(self.names)] = -self.signs * np.inf  # "absent" veto source = not vetoing
        return refs

    def extra_flags(self, values: np.ndarray, total: np.ndarray, out: FusionOutput) -> None:
        for j, name in enumerate(self.names):
            out.flag(f"vetoed:{name}", self._vetoes(values)[:, j])
