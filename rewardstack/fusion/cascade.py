"""``cascade``: cheap checks first; expensive sources only where the cheap ones did not decide.

    kind: cascade
    stages:
      - {input: compiles, reject_below: 1.0, reject_value: -1.0}   # fails to compile: -1, done
      - {input: lint, accept_at_least: 0.99}                        # perfect lint: its value, done
    final: {kind: weighted_sum, weights: {tests: 1.0}}              # the expensive part

Stage k reads its input only on the samples still undecided after stages
< k; ``final`` only on those left at the end. Only the first stage's sources
are *eager* (a RewardStack prefetches them for the whole batch); everything
later is fetched lazily through the ScoreBoard for the samples that reach it,
which is where the saving in expensive-source calls comes from.

A sample decided at a stage takes ``reject_value``/``accept_value`` (default:
the stage input's own value) and is flagged ``cascade:stage<k>``. A stage
input without a value continues to the next stage (``on_missing: continue``)
or is rejected (``reject``). Attribution: a decided sample's total is credited
to that stage's sources (baseline 0); an undecided one carries ``final``'s
contributions and baseline.

>>> CascadeConfig.model_validate({"stages": [{"input": "c", "reject_below": 1}], "final": "t"}).kind
'cascade'
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from rewardstack.fusion.attribution import propagate
from rewardstack.fusion.base import FusionOperator, FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.node import Child, Explanation, Operand, build_operand, register_operator

__all__ = ["Cascade", "CascadeConfig", "CascadeStage"]


class CascadeStage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    input: Operand
    reject_below: float | None = None
    reject_value: float | None = None
    accept_at_least: float | None = None
    accept_value: float | None = None
    on_missing: Literal["continue", "reject"] = "continue"

    @model_validator(mode="after")
    def _decides(self) -> CascadeStage:
        if self.reject_below is None and self.accept_at_least is None:
            raise ValueError("a cascade stage needs reject_below and/or accept_at_least")
        return self

    def rules(self) -> str:
        """``"below 1 -> -1, at least 0.9 -> its value"``: what this stage decides, in words."""
        rules = []
        if self.reject_below is not None:
            value = "its value" if self.reject_value is None else f"{self.reject_value:g}"
            rules.append(f"below {self.reject_below:g} -> {value}")
        if self.accept_at_least is not None:
            value = "its value" if self.accept_value is None else f"{self.accept_value:g}"
            rules.append(f"at least {self.accept_at_least:g} -> {value}")
        return ", ".join(rules)


@register_operator("cascade")
class CascadeConfig(OperatorConfig):
    kind: Literal["cascade"] = "cascade"
    stages: list[CascadeStage] = Field(min_length=1)
    final: Operand

    def build(self) -> Cascade:
        return Cascade(self)

    def explain(self) -> Explanation:
        kids: list[Child] = [(f"stage {k} ({s.rules()}; undecided go on):", s.input) for k, s in enumerate(self.stages)]
        kids.append(("the rest (lazily, only undecided samples) get:", self.final))
        return "cascade: cheap checks first, later stages only for undecided samples", kids


class Cascade(FusionOperator):
    def __init__(self, config: CascadeConfig):
        self.config = config
        self.stages = [build_operand(s.input) for s in config.stages]
        self.final = build_operand(config.final)

    def children(self) -> list[FusionOperator]:
        return [*self.stages, self.final]

    def source_names(self) -> set[str]:
        return set().union(*(op.source_names() for op in self.children()))

    def eager_sources(self) -> set[str]:
        return self.stages[0].eager_sources()

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        n = len(index)
        open_rows = np.arange(n)
        parts: list[tuple[np.ndarray, FusionOutput]] = []
        carried: list[tuple[np.ndarray, dict[str, np.ndarray]]] = []  # stage flags of samples that went on
        for k, (stage, op) in enumerate(zip(self.config.stages, self.stages, strict=True)):
            if not open_rows.size:
                break
            out = op.fuse(board, index[open_rows])
            v = out.total
            missing = np.isnan(v)
            with np.errstate(invalid="ignore"):
                reject = (v < stage.reject_below) if stage.reject_below is not None else np.zeros(v.shape, bool)
                accept = (v >= stage.accept_at_least) if stage.accept_at_least is not None else np.zeros(v.shape, bool)
            reject = (reject & ~missing) | (missing & (stage.on_missing == "reject"))
            accept = accept & ~missing & ~reject
            decided_value = np.where(reject, v if stage.reject_value is None else stage.reject_value, v)
            if stage.accept_value is not None:
                decided_value = np.where(accept, stage.accept_value, decided_value)
            decided_value = np.where(missing & reject, stage.reject_value if stage.reject_value is not None
                                     else np.nan, decided_value)
            decided = reject | accept
            if decided.any():
                rows = np.flatnonzero(decided)
                value = decided_value[rows]
                stage_part = FusionOutput(total=out.total[rows], contributions={k2: c[rows] for k2, c in
                                                                                   out.contributions.items()},
                                          flags={}, baseline=out.base[rows])
                contributions = propagate([stage_part], np.nan_to_num(value)[:, None])
                decided_out = FusionOutput(total=value, contributions=contributions, flags={},
                                           baseline=np.zeros(rows.size))
                decided_out.flag(f"cascade:stage{k}", np.ones(rows.size, dtype=bool))
                for name, mask in out.flags.items():
                    decided_out.flag(name, mask[rows])
                parts.append((open_rows[rows], decided_out))
            carried.append((open_rows[~decided], {name: mask[~decided] for name, mask in out.flags.items()}))
            open_rows = open_rows[~decided]
        if open_rows.size:
            final_out = self.final.fuse(board, index[open_rows])
            final_out.flag("cascade:final", np.ones(open_rows.size, dtype=bool))
            parts.append((open_rows, final_out))
        result = FusionOutput.scatter(n, parts)
        for positions, flags in carried:
            for name, mask in flags.items():
                full = np.zeros(n, dtype=bool)
                full[positions] = mask
                result.flag(name, full)
        return result
