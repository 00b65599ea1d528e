"""``rewardstack train ppo`` configuration: one frozen pydantic model, read from YAML with ``--set`` overrides.

.. code-block:: yaml

    model: tiny-lm                 # policy: embedded name, model folder, or HF id in the local cache
    stack: examples/stacks/x.yaml  # the reward: a stack file, or the stack inline (sources/fusion/policies)
    prompts: data/prompts.jsonl    # {"id"?, "prompt", "reference"?, "domain"?, "metadata"?} per line
    output_dir: runs/ppo
    steps: 20                      # optimisation steps (one rollout batch each)
    prompts_per_step: 8
    seed: 0
    algorithm: {kind: ppo, gamma: 1.0, lam: 0.95, vf_coef: 0.1, value_clip: 0.2, whiten_advantages: true}
    value: {kind: head}            # PPO's critic: a head on the policy, or {kind: separate, init: policy | <reward
                                   # model>, lr: null}: a model of its own (refused for grpo/rloo)
    # algorithm: {kind: grpo, group_size: 4, scale: true}     # critic-free: group-normalised advantages
    # algorithm: {kind: rloo, group_size: 4}                  # critic-free: leave-one-out baseline
    rollout: {max_new_tokens: 32, temperature: 1.0, top_p: 1.0, max_prompt_tokens: 256, chat_template: true,
              stop_strings: [], overlap_rewards: true}
    kl: {estimator: k1, placement: reward, controller: {kind: fixed, coef: 0.05}}
    # kl.controller: {kind: adaptive, init: 0.05, target: 6.0, horizon: 10000}   (Ziegler et al.)
    update: {epochs: 2, minibatch_size: 8, clip: 0.2, entropy_coef: 0.0}
    optim: {lr: 1.0e-5, weight_decay: 0.0, max_grad_norm: 1.0, warmup_steps: 0, schedule: constant}
    lora: null                     # e.g. {r: 16, alpha: 32, target_modules: all-linear}: adapters only (peft)
    missing_reward: null           # a stack total that is missing (error/abstain): null leaves the sample out
                                   # of the update; a number stands in for it
    device: null                   # default: CUDA when present, else CPU
    dtype: null                    # compute dtype (autocast); weights and optimiser stay float32
    gradient_checkpointing: false  # recompute the policy's layer activations in the backward (less memory)
    save_every: 10                 # resume state every N steps (and always at the end or on a stop)
    log_samples_every: 10          # append a few rollouts to samples.jsonl every N steps (0: never)
    log_samples_rows: 4            # rollouts per logged step; all: every one (so a benchmark can grade them)
    tracking: {tensorboard: false, wandb: null}   # besides metrics.jsonl (rewardstack.tracking)
    distributed: null              # several processes: null lets the launch decide (DDP; FSDP under accelerate
                                   # launch --use_fsdp), {kind: ddp} or {kind: fsdp} (docs/ppo.md)
    monitors:                      # reward-hacking monitors over sliding windows (docs/monitors.md)
      - {kind: length_correlation, window: 10, max_spearman: 0.3, action: warn}
      - {kind: proxy_gaming, learned: rm, verifier: answer, window: 20, min_learned_rise: 0.2, action: stop}
    best_metric: reward/answer/mean   # the policy of the step where this metric was highest goes to best/

The algorithm is a discriminated union on ``kind``: PPO has a value head and GAE;
GRPO and RLOO have no critic and sample ``group_size`` responses per prompt.

>>> cfg = PPOConfig.model_validate({"model": "tiny-lm", "stack": {"sources": {"len": {"kind": "length"}}},
...                                 "prompts": "p.jsonl", "output_dir": "runs/x",
...                                 "algorithm": {"kind": "grpo", "group_size": 4}})
>>> cfg.algorithm.kind, cfg.samples_per_step, cfg.kl.estimator
('grpo', 32, 'k1')
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, ValidationInfo, field_validator

from rewardstack.fusion.stack_config import StackConfig
from rewardstack.models.specs import DEFAULT_CAUSAL_LM
from rewardstack.tracking.config import TrackingConfig
from rewardstack.training.monitors.config import MonitorConfig
from rewardstack.training.rl.kl import KLEstimator

__all__ = ["AdaptiveKLConfig", "Algorithm", "DDPConfig", "DistributedConfig", "FSDPConfig", "FixedKLConfig",
           "GRPOConfig", "KLConfig", "LoRAConfig", "OptimConfig", "PPOAlgorithm", "PPOConfig", "RLOOConfig",
           "RolloutConfig", "SeparateCriticConfig", "UpdateConfig", "ValueConfig", "ValueHeadConfig"]

_STRICT = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class PPOAlgorithm(BaseModel):
    """PPO with a value head on the policy: per-token rewards, GAE, clipped value loss."""

    model_config = _STRICT

    kind: Literal["ppo"] = "ppo"
    gamma: float = Field(default=1.0, ge=0.0, le=1.0)
    lam: float = Field(default=0.95, ge=0.0, le=1.0)
    vf_coef: float = Field(default=0.1, ge=0.0)
    value_clip: float | None = Field(default=0.2, gt=0.0)
    whiten_advantages: bool = True

    @property
    def group_size(self) -> int:
        return 1


class GRPOConfig(BaseModel):
    """GRPO: A = (r - mean_group) / std_group (``scale: false`` for Dr. GRPO's r - mean_group); no critic."""

    model_config = _STRICT

    kind: Literal["grpo"] = "grpo"
    group_size: int = Field(default=4, ge=2, le=1024)
    scale: bool = True


class RLOOConfig(BaseModel):
    """RLOO: A = r - mean of the other responses to the same prompt; no critic."""

    model_config = _STRICT

    kind: Literal["rloo"] = "rloo"
    group_size: int = Field(default=4, ge=2, le=1024)


def _kind_or(default: str) -> Callable[[Any], str]:
    """Discriminator reading ``kind`` and falling back to ``default`` when it is left out."""
    def kind(value: Any) -> str:
        found = value.get("kind", default) if isinstance(value, dict) else getattr(value, "kind", default)
        return str(found)

    return kind


Algorithm = Annotated[Annotated[PPOAlgorithm, Tag("ppo")] | Annotated[GRPOConfig, Tag("grpo")]
                      | Annotated[RLOOConfig, Tag("rloo")], Discriminator(_kind_or("ppo"))]


class ValueHeadConfig(BaseModel):
    """PPO's critic is a linear head on the policy's last hidden state (it shares the policy's backbone)."""

    model_config = _STRICT

    kind: Literal["head"] = "head"


class SeparateCriticConfig(BaseModel):
    """PPO's critic is a model of its own: a backbone without LM head and a scalar head, trained beside the policy.

    ``init: policy`` starts it from a copy of the policy model's backbone (head at 0); any other value is a
    reward model (embedded name, folder, cached HF id, a ``rewardstack train rm`` checkpoint) whose backbone
    and one-output ``score`` head start it. It reads the policy's token ids, so a reward model must be a
    causal LM with the policy's vocabulary. It is a full model (never LoRA, even when the policy is), in its
    own optimiser parameter group (``lr``, default ``optim.lr``) with its own gradient clipping.
    """

    model_config = _STRICT

    kind: Literal["separate"] = "separate"
    init: str = Field(default="policy", min_length=1)
    lr: float | None = Field(default=None, gt=0.0, le=1.0)


ValueConfig = Annotated[Annotated[ValueHeadConfig, Tag("head")] | Annotated[SeparateCriticConfig, Tag("separate")],
                        Discriminator(_kind_or("head"))]


class FixedKLConfig(BaseModel):
    model_config = _STRICT

    kind: Literal["fixed"] = "fixed"
    coef: float = Field(default=0.05, ge=0.0)


class AdaptiveKLConfig(BaseModel):
    """Ziegler et al.'s proportional controller towards ``target`` nats per sequence."""

    model_config = _STRICT

    kind: Literal["adaptive"] = "adaptive"
    init: float = Field(default=0.05, ge=0.0)
    target: float = Field(default=6.0, gt=0.0)
    horizon: int = Field(default=10_000, ge=1)


class KLConfig(BaseModel):
    """The penalty against the frozen reference: ``placement: reward`` (per-token, in the rewards, as in
    PPO-RLHF) or ``loss`` (beta * mean KL added to the loss with its gradient, as in GRPO; use ``k3``)."""

    model_config = _STRICT

    estimator: KLEstimator = "k1"
    placement: Literal["reward", "loss"] = "reward"
    controller: Annotated[Annotated[FixedKLConfig, Tag("fixed")] | Annotated[AdaptiveKLConfig, Tag("adaptive")],
                          Discriminator(_kind_or("fixed"))] = Field(default_factory=FixedKLConfig)


class RolloutConfig(BaseModel):
    """Sampling: left-padded prompts, temperature / top-p, up to ``max_new_tokens``, ending at EOS or a stop string."""

    model_config = _STRICT

    max_new_tokens: int = Field(default=32, ge=1, le=32_768)
    temperature: float = Field(default=1.0, gt=0.0)
    top_p: float = Field(default=1.0, gt=0.0, le=1.0)
    max_prompt_tokens: int = Field(default=256, ge=1)
    chat_template: bool = True
    stop_strings: tuple[str, ...] = ()  # a response ends with the token that completes one of these
    missing_eos_penalty: float | None = Field(default=None, ge=0.0)  # subtracted when a response hit the limit
    # score the rollout (stack.score_arrays) on a worker thread while the no-grad forward passes run; same results
    overlap_rewards: bool = True


class UpdateConfig(BaseModel):
    """The optimisation of one rollout batch: ``epochs`` passes in minibatches of ``minibatch_size`` samples."""

    model_config = _STRICT

    epochs: int = Field(default=2, ge=1, le=100)
    minibatch_size: int = Field(default=8, ge=1)
    clip: float = Field(default=0.2, gt=0.0, lt=1.0)
    entropy_coef: float = Field(default=0.0, ge=0.0)


class OptimConfig(BaseModel):
    model_config = _STRICT

    lr: float = Field(default=1e-5, gt=0.0, le=1.0)
    weight_decay: float = Field(default=0.0, ge=0.0)
    max_grad_norm: float | None = Field(default=1.0, gt=0.0)
    warmup_steps: int = Field(default=0, ge=0)
    schedule: Literal["constant", "linear"] = "constant"


class LoRAConfig(BaseModel):
    """Train LoRA adapters (``peft``) instead of every weight; the reference is the base with adapters off
    (no second copy of the model in memory). The exported ``policy/`` has the adapters merged in."""

    model_config = _STRICT

    r: int = Field(default=16, ge=1, le=1024)
    alpha: int = Field(default=32, ge=1)
    target_modules: str | tuple[str, ...] = "all-linear"


class DDPConfig(BaseModel):
    """Several processes train one replicated policy: every backward averages the gradients (DDP)."""

    model_config = _STRICT

    kind: Literal["ddp"] = "ddp"


class FSDPConfig(BaseModel):
    """Several processes train one policy whose weights, gradients and optimiser state are sharded among them
    (torch's FSDP2 ``fully_shard`` on each decoder layer and the model; :mod:`~rewardstack.training.ppo.fsdp`)."""

    model_config = _STRICT

    kind: Literal["fsdp"] = "fsdp"


DistributedConfig = Annotated[Annotated[DDPConfig, Tag("ddp")] | Annotated[FSDPConfig, Tag("fsdp")],
                              Discriminator(_kind_or("ddp"))]


class PPOConfig(BaseModel):
    """Everything a PPO / GRPO / RLOO run depends on (see the module docstring for the YAML)."""

    model_config = _STRICT

    model: str = DEFAULT_CAUSAL_LM
    stack: Annotated[Path | StackConfig, Field(union_mode="left_to_right")]
    prompts: Path
    output_dir: Path
    steps: int = Field(default=20, ge=1, le=10_000_000)
    prompts_per_step: int = Field(default=8, ge=1)
    seed: int = Field(default=0, ge=0, lt=2**31)
    algorithm: Algorithm = Field(default_factory=PPOAlgorithm)
    value: ValueConfig = Field(default_factory=ValueHeadConfig)  # PPO's critic: a value head or a separate model
    rollout: RolloutConfig = Field(default_factory=RolloutConfig)
    kl: KLConfig = Field(default_factory=KLConfig)
    update: UpdateConfig = Field(default_factory=UpdateConfig)
    optim: OptimConfig = Field(default_factory=OptimConfig)
    lora: LoRAConfig | None = None
    missing_reward: float | None = None
    device: str | None = None
    dtype: str | None = None
    gradient_checkpointing: bool = False  # HF gradient checkpointing (non-reentrant) of the policy's training forward
    tracking: TrackingConfig = Field(default_factory=TrackingConfig)
    distributed: DistributedConfig | None = None  # several processes: None lets the launch decide (DDP, or FSDP)
    monitors: list[MonitorConfig] = Field(default_factory=list)  # reward-hacking monitors (docs/monitors.md)
    best_metric: str | None = None  # a metrics.jsonl key (higher is better): its best step's policy goes to best/
    save_every: int = Field(default=10, ge=1)
    log_samples_every: int = Field(default=10, ge=0)
    log_samples_rows: Annotated[int, Field(ge=1)] | Literal["all"] = 4  # rollouts per logged step ("all": every one)
    threads: int | None = Field(default=None, ge=1)
    overwrite: bool = False

    @field_validator("value")
    @classmethod
    def _critic_needs_ppo(cls, value: ValueHeadConfig | SeparateCriticConfig, info: ValidationInfo
                          ) -> ValueHeadConfig | SeparateCriticConfig:
        algorithm = info.data.get("algorithm")
        if isinstance(value, SeparateCriticConfig) and algorithm is not None and algorithm.kind != "ppo":
            raise ValueError(f"a separate critic is for algorithm kind ppo; {algorithm.kind} is critic-free (its "
                             "baseline comes from the group): remove value (or use algorithm kind ppo)")
        return value

    @property
    def samples_per_step(self) -> int:
        """Responses per step: ``prompts_per_step`` x the algorithm's group size (1 for PPO)."""
        return self.prompts_per_step * self.algorithm.group_size
