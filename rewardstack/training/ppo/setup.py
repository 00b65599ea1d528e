"""Everything a run builds before its first step: output folder, prompts, stack, models, optimiser.

Each failure that is the config's fault is a :class:`ConfigKeyError` naming the
key (``output_dir``, ``prompts``, ``stack``, ``model``, ``device``, ``dtype``,
``algorithm.kind``), so the command line can point at the file and line.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import torch

from rewardstack.core.errors import ConfigError, ModelNotFound
from rewardstack.fusion.stack import RewardStack
from rewardstack.fusion.stack_config import StackConfig, load_stack_config
from rewardstack.models import load_causal_lm, pick_device_dtype
from rewardstack.training.ppo.checkpoint import STATE_DIR, recover_state
from rewardstack.training.ppo.config import (
    AdaptiveKLConfig,
    LoRAConfig,
    PPOAlgorithm,
    PPOConfig,
    SeparateCriticConfig,
)
from rewardstack.training.ppo.critic import load_critic
from rewardstack.training.ppo.distributed import launched_with_processes, wants_fsdp
from rewardstack.training.ppo.fsdp import shard_frozen
from rewardstack.training.ppo.plot import CURVES_FILE
from rewardstack.training.ppo.policy import PolicyWithValue
from rewardstack.training.rl import AdaptiveKLController, FixedKLController, KLController
from rewardstack.training.rm.config_file import ConfigKeyError

if TYPE_CHECKING:
    from pathlib import Path

    from transformers import PreTrainedModel, PreTrainedTokenizerBase

__all__ = ["RUN_OUTPUTS", "Models", "build_kl_controller", "build_optimizer", "build_stack", "check_device",
           "load_models", "prepare_output"]

# what a run writes into output_dir, so what `overwrite` removes (anything else there is left alone): a
# previous run's best/ or curves.png left beside the new run's files would pass for the new run's
RUN_OUTPUTS = (STATE_DIR, f".{STATE_DIR}.tmp", f".{STATE_DIR}.old", "metrics.jsonl", "samples.jsonl", "policy",
               "best", CURVES_FILE, "tensorboard", "wandb")


def check_device(config: PPOConfig) -> tuple[torch.device, torch.dtype]:
    """The device and compute dtype; a value that cannot work here names its key."""
    for key, device, dtype in (("device", config.device, None), ("dtype", "cpu", config.dtype)):
        try:
            pick_device_dtype(device, dtype)
        except ConfigError as exc:
            raise ConfigKeyError((key,), str(exc).removeprefix(f"{key}: ")) from None
    return pick_device_dtype(config.device, config.dtype)


def prepare_output(config: PPOConfig, resume: bool, *, check_only: bool = False) -> None:
    """``output_dir`` must be absent, empty, resumed (``--resume``) or ``overwrite: true``.

    ``check_only``: raise what would be raised, change nothing (the other ranks of a multi-process run,
    while the main one clears and creates the folder).
    """
    out = config.output_dir
    if out.exists() and not out.is_dir():
        raise ConfigKeyError(("output_dir",), f"{out} is a file; name a folder")
    if not check_only:
        recover_state(out)  # a save that crashed between its two renames left the previous state aside
    if resume:  # (another rank's check may run before the main one recovered it: .old counts)
        if not any((out / name / "trainer_state.json").is_file() for name in (STATE_DIR, f".{STATE_DIR}.old")):
            raise ConfigKeyError(("output_dir",), f"{out} holds no resume state ({STATE_DIR}/); start the run "
                                 "without --resume")
        return
    if out.is_dir() and any(out.iterdir()):
        if not config.overwrite:
            raise ConfigKeyError(("output_dir",), f"{out} is not empty; continue that run with --resume, replace "
                                 "it with --set overwrite=true, or name another folder")
        if _unfinished(out):  # overwrite replaces a finished run, never one Ctrl-C asked to continue
            raise ConfigKeyError(("output_dir",), f"{out} holds an unfinished run ({STATE_DIR}/ without its "
                                 "final policy/); overwrite replaces only a finished run: continue it with "
                                 "--resume, or name another output_dir (or delete this one to start over)")
        if check_only:
            return
        for name in RUN_OUTPUTS:
            path = out / name
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
    if not check_only:
        out.mkdir(parents=True, exist_ok=True)


def _unfinished(out: Path) -> bool:
    """A resume state whose run did not end: fewer steps done than asked, and no policy/ exported after it.

    A stop monitor ends a run early and exports policy/ after the last save, so that run is finished.
    An unreadable state counts as unfinished: refusing is the recoverable mistake.
    """
    state_file = out / STATE_DIR / "trainer_state.json"
    if not state_file.is_file():
        return False
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
        done, asked = int(state["step"]), int(state["config"]["steps"])
    except (OSError, ValueError, KeyError, TypeError):
        return True
    exported = out / "policy" / "config.json"
    if done >= asked:
        return False
    return not (exported.is_file() and exported.stat().st_mtime_ns >= state_file.stat().st_mtime_ns)


def build_stack(config: PPOConfig) -> RewardStack:
    """The reward stack in training mode; refuses a stack that normalises within groups (one owner)."""
    stack_config = config.stack if isinstance(config.stack, StackConfig) else load_stack_config(config.stack)
    stack = RewardStack.from_config(stack_config)
    key = stack.group_key
    if key is not None:
        stack.close()
        owner = ("the trainer's group baseline already normalises within each prompt's group"
                 if config.algorithm.kind != "ppo" else "PPO samples one response per prompt, so every group has one "
                 "member")
        raise ConfigKeyError(("stack",), f"the stack's fusion tree normalises within groups of metadata[{key!r}], "
                             f"and {owner}: group normalisation has one owner per run. Remove group_normalize (or "
                             "gdpo) from the stack, or let the stack own it and use algorithm kind ppo without it")
    return stack.train()


@dataclass
class Models:
    """``reference`` is None with LoRA: the reference is then the policy with its adapters disabled."""

    policy: PolicyWithValue
    reference: PreTrainedModel | None
    tokenizer: PreTrainedTokenizerBase


def _with_lora(lm: PreTrainedModel, lora: LoRAConfig) -> PreTrainedModel:
    try:
        from peft import LoraConfig, get_peft_model
    except ImportError:
        raise ConfigKeyError(("lora",), "LoRA needs the peft package: pip install 'rewardstack[critic]' (or "
                             "peft>=0.13), or remove lora") from None
    targets = lora.target_modules if isinstance(lora.target_modules, str) else list(lora.target_modules)
    # dropout 0: the policy runs in eval mode anyway, and the reference (adapters off) must not depend on it
    settings = LoraConfig(r=lora.r, lora_alpha=lora.alpha, lora_dropout=0.0, target_modules=targets,
                          task_type="CAUSAL_LM")
    try:
        return get_peft_model(lm, settings)  # type: ignore[return-value]
    except ValueError as exc:
        raise ConfigKeyError(("lora", "target_modules"), str(exc)) from None


def load_models(config: PPOConfig, device: torch.device, compute_dtype: torch.dtype) -> Models:
    """Policy (float32 weights, trainable) with a value head for PPO, and the frozen reference (sharded under
    FSDP; the policy is sharded later, with its optimiser: :meth:`.distributed.Distributed.prepare`)."""
    try:
        lm, tokenizer = load_causal_lm(config.model, device=device, dtype=torch.float32)
        reference = None if config.lora else load_causal_lm(config.model, device=device, dtype=compute_dtype)[0]
    except ModelNotFound as exc:
        raise ConfigKeyError(("model",), str(exc)) from None
    if reference is not None:
        reference.requires_grad_(False).eval()
        if launched_with_processes() > 1 and wants_fsdp(config.distributed, os.environ):
            shard_frozen(reference)  # FSDP: the reference is sharded too (its pass: one layer whole at a time)
    if config.gradient_checkpointing:
        _enable_checkpointing(lm)
    if config.lora is not None:
        lm = _with_lora(lm, config.lora)
    separate = isinstance(config.value, SeparateCriticConfig) and isinstance(config.algorithm, PPOAlgorithm)
    critic = load_critic(config, tokenizer, device) if separate else None
    policy = PolicyWithValue(lm, value_head=isinstance(config.algorithm, PPOAlgorithm) and not separate,
                             critic=critic)
    policy.eval()  # dropout off for good: see training.ppo.policy
    if config.gradient_checkpointing:
        _checkpoint_in_eval_mode(lm)
    return Models(policy=policy, reference=reference, tokenizer=tokenizer)


def _enable_checkpointing(lm: PreTrainedModel) -> None:
    """HF's activation checkpointing, non-reentrant (the recommended kind; works with frozen embeddings and LoRA)."""
    settings = {"use_reentrant": False}
    if hasattr(lm, "activation_checkpointing_enable"):  # transformers >= 5.24; the older name warns there
        lm.activation_checkpointing_enable(activation_checkpointing_kwargs=settings)
    else:
        lm.gradient_checkpointing_enable(gradient_checkpointing_kwargs=settings)


def _checkpoint_in_eval_mode(lm: torch.nn.Module) -> None:
    """HF checkpoints a layer only while that layer is in training mode, and the policy stays in eval mode
    (no dropout): flag the checkpointed layers alone as training; their children (dropout) stay in eval.
    Without grad (generate, the no-grad passes) HF runs them as is, so only the update recomputes."""
    for module in lm.modules():
        if getattr(module, "gradient_checkpointing", False):
            module.training = True


def build_optimizer(config: PPOConfig, model: PolicyWithValue
                    ) -> tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LRScheduler]:
    """AdamW and a per-step schedule: linear warm-up, then constant or linear decay to 0 at ``steps``.

    A separate critic is a second parameter group (``value.lr``, default ``optim.lr``; the same schedule).
    """
    optim = config.optim
    critic = {id(p) for p in model.critic.parameters()} if model.critic is not None else set()
    groups: list[dict[str, Any]] = [
        {"params": [p for p in model.parameters() if p.requires_grad and id(p) not in critic]}]
    if model.critic is not None and isinstance(config.value, SeparateCriticConfig):
        groups.append({"params": [p for p in model.critic.parameters() if p.requires_grad],
                       "lr": config.value.lr or optim.lr})
    optimizer = torch.optim.AdamW(groups, lr=optim.lr, weight_decay=optim.weight_decay)

    def factor(step: int) -> float:
        if step < optim.warmup_steps:
            return (step + 1) / optim.warmup_steps
        if optim.schedule == "linear":
            return max(0.0, (config.steps - step) / max(1, config.steps - optim.warmup_steps))
        return 1.0

    return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def build_kl_controller(config: PPOConfig) -> KLController:
    control = config.kl.controller
    if isinstance(control, AdaptiveKLConfig):
        return AdaptiveKLController(control.init, control.target, control.horizon)
    return FixedKLController(control.coef)
