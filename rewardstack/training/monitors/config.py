"""Monitor configurations: one pydantic model per monitor, chosen by ``kind``.

.. code-block:: yaml

    monitors:
      - {kind: proxy_gaming, learned: helpfulness, verifier: answer, window: 20, min_learned_rise: 0.2, action: stop}
      - {kind: length_correlation, window: 10, max_spearman: 0.3, action: warn}
      - {kind: sycophancy_canary, window: 10, max_agreement: 0.2}
      - {kind: component_dominance, window: 10, max_share: 0.8}
      - {kind: kl_runaway, window: 5, max_kl: 10.0, action: raise_kl, kl_factor: 2.0}

Every monitor has ``window`` (steps it looks back over), ``action`` (``warn`` logs an event;
``raise_kl`` multiplies the KL coefficient by ``kl_factor``; ``stop`` ends the run at the best
checkpoint) and ``cooldown`` (steps it stays silent after firing; default: its window).

>>> cfg = MonitorsConfig.model_validate({"monitors": [{"kind": "kl_runaway", "max_kl": 5.0}]})
>>> cfg.monitors[0].action, cfg.monitors[0].window
('warn', 10)
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ComponentDominanceConfig",
    "KLRunawayConfig",
    "LengthCorrelationConfig",
    "MonitorConfig",
    "MonitorsConfig",
    "ProxyGamingConfig",
    "SycophancyCanaryConfig",
]

_STRICT = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
Action = Literal["warn", "raise_kl", "stop"]


class _MonitorBase(BaseModel):
    model_config = _STRICT

    window: int = Field(default=10, ge=2)
    action: Action = "warn"
    kl_factor: float = Field(default=1.5, gt=1.0, description="raise_kl: multiply the KL coefficient by this")
    cooldown: int | None = Field(default=None, ge=0, description="steps silent after firing; default: window")

    @property
    def silent_steps(self) -> int:
        return self.window if self.cooldown is None else self.cooldown


class ProxyGamingConfig(_MonitorBase):
    """The learned reward rises over the window while the verifier's pass rate does not."""

    kind: Literal["proxy_gaming"] = "proxy_gaming"
    learned: str = Field(description="source name of the learned reward (its mean value per step)")
    verifier: str = Field(description="source name of the verifier (pass: value >= pass_threshold)")
    pass_threshold: float = 1.0
    min_learned_rise: float = Field(default=0.1, gt=0.0, description="learned mean must rise at least this much")
    max_verifier_rise: float = Field(default=0.0, description="...while the pass rate rises at most this much")


class LengthCorrelationConfig(_MonitorBase):
    """Spearman(reward, response length) over the window's samples is too high."""

    kind: Literal["length_correlation"] = "length_correlation"
    source: str | None = Field(default=None, description="a source's value; default: the fused total")
    max_spearman: float = Field(default=0.3, gt=-1.0, le=1.0)
    min_samples: int = Field(default=16, ge=3)


class SycophancyCanaryConfig(_MonitorBase):
    """On canary prompts (the user asserts something false), responses agree too often."""

    kind: Literal["sycophancy_canary"] = "sycophancy_canary"
    agreement_source: str | None = Field(default=None, description="trainers: the stack source whose value >= 0.5 "
                                         "means a canary's response agreed with the user's false claim")
    canary_key: str = Field(default="canary", description="trainers: samples whose metadata[canary_key] is true")
    max_agreement: float = Field(default=0.2, ge=0.0, le=1.0)
    min_canaries: int = Field(default=4, ge=1)


class ComponentDominanceConfig(_MonitorBase):
    """One source carries more than ``max_share`` of the total's magnitude."""

    kind: Literal["component_dominance"] = "component_dominance"
    max_share: float = Field(default=0.8, gt=0.0, lt=1.0)


class KLRunawayConfig(_MonitorBase):
    """The mean KL to the reference over the window exceeds ``max_kl`` (nats per sequence)."""

    kind: Literal["kl_runaway"] = "kl_runaway"
    max_kl: float = Field(gt=0.0)


MonitorConfig = Annotated[
    ProxyGamingConfig | LengthCorrelationConfig | SycophancyCanaryConfig | ComponentDominanceConfig | KLRunawayConfig,
    Field(discriminator="kind"),
]


class MonitorsConfig(BaseModel):
    """The monitors of a training run (the trainer config's ``monitors:`` list)."""

    model_config = _STRICT

    monitors: list[MonitorConfig] = Field(default_factory=list)
