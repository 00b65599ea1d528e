"""``constitutional_critic`` source config.

.. code-block:: yaml

    sources:
      critic:
        kind: constitutional_critic
        constitution: default          # a built-in name (default, medical, coding) or a YAML file's path
        judge:                         # default: the adapted embedded judge (kind: embedded_adapted)
          kind: hf_local
          model: smollm2-135m-instruct
        principles: [harm_avoidance, no_sycophancy]   # default: every principle of the constitution
        critique_tokens: 0             # > 0: a greedy critique (up to this many tokens) into evidence
        critique_for: violated         # violated (verdict < 0.5) | all applying principles
        self_consistency:              # optional: k sampled rationales, the verdict read after each
          samples: 5
          temperature: 0.7
          rationale_tokens: 64
          seed: 0
        batch: {max_samples: 16, max_tokens: 65536}   # the engine's micro-batching (judge tokens)
        execution: {concurrency: 8, timeout_s: 120}   # an HTTP judge makes the source async

The judge mapping is validated by the registered judge backend's own config
class (``judge: {kind: ...}`` picks it, as ``kind`` picks a source), so a typo
in a judge key is an error at the stack file's line.

>>> config = ConstitutionalCriticConfig(judge={"kind": "hf_local", "model": "tiny-lm"})
>>> type(config.judge).__name__, config.constitution
('HfLocalConfig', 'default')
>>> '"model":"tiny-lm"' in config.verdict_fields_json()
True
>>> ConstitutionalCriticConfig(principles=["no_such_principle"])
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for ConstitutionalCriticConfig
...
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializeAsAny, field_validator, model_validator

from rewardstack.core.config import config_class_for
from rewardstack.core.registry import JUDGE_BACKENDS
from rewardstack.core.source_config import SourceConfig
from rewardstack.rewards.critic.constitution import Constitution, load_constitution
from rewardstack.rewards.critic.judges.base import JudgeConfig

__all__ = ["ConstitutionalCriticConfig", "SelfConsistencyConfig", "judge_config"]


class SelfConsistencyConfig(BaseModel):
    """k sampled rationales per principle; the verdict is read after each and the k verdicts averaged."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    samples: int = Field(default=5, ge=2, le=64)
    temperature: float = Field(default=0.7, gt=0, le=2)
    rationale_tokens: int = Field(default=64, ge=1, le=4096)
    seed: int = Field(default=0, ge=0)


def judge_config(data: Any) -> JudgeConfig:
    """A judge mapping validated by the config class of its registered ``kind``."""
    if isinstance(data, JudgeConfig):
        return data
    backend = config_class_for(data, JUDGE_BACKENDS, "a judge (e.g. judge: {kind: hf_local, model: tiny-lm})")
    config: JudgeConfig = backend.config_class.model_validate(data)
    return config


class ConstitutionalCriticConfig(SourceConfig):
    """Judge a response against a constitution's principles (see the module docstring)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    kind: Literal["constitutional_critic"] = "constitutional_critic"
    constitution: str = "default"
    judge: SerializeAsAny[JudgeConfig] | None = None
    principles: tuple[str, ...] | None = None
    critique_tokens: int = Field(default=0, ge=0, le=4096)
    critique_for: Literal["violated", "all"] = "violated"
    self_consistency: SelfConsistencyConfig | None = None

    @field_validator("judge", mode="before")
    @classmethod
    def _judge(cls, value: Any) -> Any:
        return None if value is None else judge_config(value)

    @field_validator("constitution")
    @classmethod
    def _loadable(cls, value: str) -> str:
        load_constitution(value)  # a ConfigError here names the constitution file's line too
        return value

    @model_validator(mode="after")
    def _known_principles(self) -> ConstitutionalCriticConfig:
        if self.principles is not None:
            known = [p.id for p in self.load_constitution().principles]
            unknown = [p for p in self.principles if p not in known]
            if unknown or not self.principles:
                raise ValueError(f"principles: {unknown or 'an empty list'} — constitution {self.constitution!r} "
                                 f"has {', '.join(known)}")
        return self

    def load_constitution(self) -> Constitution:
        return load_constitution(self.constitution)
