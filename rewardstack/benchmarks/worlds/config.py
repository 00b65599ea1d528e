"""The synthetic world's settings: sizes, the biased labeler, the reward models it trains.

``synthetic_config("quick" | "full")`` gives the two documented sizes; every field is a frozen,
typed setting so a build is a pure function of (config, seed) and the config hashes stably.

>>> quick, full = synthetic_config("quick"), synthetic_config("full")
>>> quick.total_candidates(), full.total_candidates() > 5000
(400, True)
>>> quick.labeler.flip, quick.rm.members, full.rm.members
(0.1, 2, 3)
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["FamilyPrompts", "LabelerConfig", "RMConfig", "Size", "SyntheticConfig", "synthetic_config"]

Size = Literal["quick", "full"]
_STRICT = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class FamilyPrompts(BaseModel):
    """Benchmark prompts per family (each gets ``SyntheticConfig.candidates`` candidates)."""

    model_config = _STRICT

    chat: int = Field(ge=0)
    math: int = Field(ge=0)
    coding: int = Field(ge=0)
    medicine: int = Field(ge=0)
    sycophancy: int = Field(ge=0)
    safety: int = Field(ge=0)


class LabelerConfig(BaseModel):
    """The synthetic preference labeler (``labeler.py``): utility, Bradley-Terry choice, flips.

    ``U = insight[family] * gold + length_bias * ln(words) + agreement_bias * agrees_with_user``;
    ``P(a over b) = sigmoid((U_a - U_b) / temperature)``; then each label flips with ``flip``.
    """

    model_config = _STRICT

    length_bias: float = 1.5
    agreement_bias: float = 2.0
    insight: dict[str, float] = Field(
        default_factory=lambda: {"chat": 1.0, "math": 0.5, "coding": 0.3, "medicine": 0.3, "safety": 0.8,
                                 "sycophancy": 0.5}
    )  # fmt: skip
    temperature: float = Field(default=0.5, gt=0)
    flip: float = Field(default=0.1, ge=0, le=0.5)


class RMConfig(BaseModel):
    """Reward models the world trains on the labeler's pairs (``rewardstack.training.rm.train``).

    ``members`` models with seeds ``seed .. seed + members - 1`` on the same pairs; member 0 is the
    single learned RM (``rm_path``), the folder of all of them the ensemble (``rm_ensemble_path``).
    """

    model_config = _STRICT

    model: str = "all-minilm-l6-v2"
    data_seed: int = 0  # the world seed of the training prompts (fixed: one RM serves every benchmark seed)
    prompts_per_family: int = Field(ge=1)
    candidates_per_prompt: int = Field(default=8, ge=2)
    pairs_per_prompt: int = Field(ge=1)
    max_length: int = Field(default=128, ge=16)
    epochs: int = Field(default=1, ge=1)
    lr: float = Field(default=2e-4, gt=0)
    batch_size: int = Field(default=16, ge=1)
    members: int = Field(default=3, ge=1)
    seed: int = Field(default=0, ge=0)


class SyntheticConfig(BaseModel):
    """Everything a synthetic world build depends on besides its seed."""

    model_config = _STRICT

    size: Size
    candidates: int = Field(ge=2)
    prompts: FamilyPrompts
    labeler: LabelerConfig = Field(default_factory=LabelerConfig)
    rm: RMConfig
    code_sandbox: dict[str, Any] = Field(default_factory=lambda: {"backend": "bwrap"})
    code_timeout_s: float = Field(default=10.0, gt=0)

    def total_candidates(self) -> int:
        return self.candidates * sum(self.prompts.model_dump().values())

    def digest(self) -> str:
        """SHA-256 of the config (key order fixed)."""
        return hashlib.sha256(json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()


def synthetic_config(size: Size) -> SyntheticConfig:
    """The documented sizes: quick (400 candidates, 16 per prompt) and full (9,728, 256 per prompt)."""
    if size == "quick":
        return SyntheticConfig(
            size="quick", candidates=16,
            prompts=FamilyPrompts(chat=5, math=5, coding=4, medicine=4, sycophancy=4, safety=3),
            # cold-run budget (~5 min on 2 cores; docs/benchmarks_worlds.md "Figures"): 2 members, 384 pairs;
            # batch 12 keeps ~29 updates per member, as many as 576 pairs at batch 16 gave. 128 tokens, not 96:
            # at 96 the long prompts hide most of the answer and the members fell below chance (0.43 / 0.41)
            rm=RMConfig(prompts_per_family=8, pairs_per_prompt=8, max_length=128, batch_size=12, members=2),
        )  # fmt: skip
    if size == "full":
        return SyntheticConfig(
            size="full", candidates=256,
            prompts=FamilyPrompts(chat=8, math=8, coding=6, medicine=6, sycophancy=6, safety=4),
            rm=RMConfig(prompts_per_family=40, pairs_per_prompt=12, candidates_per_prompt=12, epochs=2),
        )  # fmt: skip
    raise ValueError(f"unknown world size {size!r}: use 'quick' or 'full'")
