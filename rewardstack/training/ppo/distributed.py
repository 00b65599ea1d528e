"""Multi-process PPO through Accelerate (DDP): ranks, prompt shards, the gradient all-reduce, one view of a step.

Launched by ``accelerate launch`` (or ``torchrun``: ``WORLD_SIZE`` > 1 in the
environment) the run builds an :class:`accelerate.Accelerator`; otherwise
:class:`Distributed` is a single process and every method is the identity, so a
plain run computes exactly what it computed before this module existed.

Decisions:

- Prompts: every rank draws the step's ``prompts_per_step`` prompts (a pure function of
  seed and step) and keeps its contiguous share (:meth:`Distributed.shard`), so the
  ranks' shares, concatenated in rank order, are the single-process batch.
  ``prompts_per_step`` and ``update.minibatch_size`` are totals over the ranks: each
  must divide by the number of processes (a group never straddles two ranks).
- Each rank samples with the unwrapped policy (``generate`` is not DDP's business; under FSDP
  with the LM gathered whole for the rollout, :meth:`Distributed.generating`), scores its share
  with its own stack and runs its own no-grad passes; the training forward goes through the
  DDP-wrapped module, whose backward all-reduces (averages) the gradients, so the weights stay
  identical. Sampling seeds differ by rank.
- Statistics a step normalises with are the whole step's, never a rank's: PPO's advantage
  whitening sums every rank's moments (:meth:`Distributed.all_sum`;
  :mod:`~rewardstack.training.ppo.experience`), each minibatch's token means are the whole
  minibatch's (:func:`~rewardstack.training.rl.ddp_token_mean_scale`, in
  :mod:`~rewardstack.training.ppo.update`), and the adaptive KL controller reads the
  mean KL of the combined step (below), so every rank takes the same coefficient.
- FSDP (``distributed: {kind: fsdp}``, or ``accelerate launch --use_fsdp``): :meth:`Distributed.prepare`
  shards the policy with torch's ``fully_shard`` (:mod:`~rewardstack.training.ppo.fsdp`) instead of
  wrapping it in DDP; the rest of this module is the same for both (gradients are averaged either way).
  DeepSpeed, Megatron-LM and XLA launches are refused (:func:`launch_problem`), and so are FSDP options
  this path does not honour (parameter offload, other sharding strategies, accelerate's activation
  checkpointing), and a CPU launch without ``device: cpu``, which accelerate leaves without a process group.
- After the update the ranks exchange their share of the step (:class:`StepShare`,
  :func:`combine`): rewards, statuses, KL, lengths are concatenated, so every
  ``metrics.jsonl`` number, the KL controller and the monitors see the whole step on
  every rank (identical decisions, no rank left waiting). Update statistics and
  fusion scalars are means over the ranks, times the slowest rank's.
- The stack's training-mode state (running statistics, multipliers) is per rank:
  each rank's stack learns from its own share (so a ``normalize`` fusion
  normalises with its rank's running statistics; group normalisation is exact, a group
  never straddles two ranks). The resume state keeps every rank's
  (and every rank's random state), so a resumed run continues each rank where it
  stopped; it must use the same number of processes.
- Files (``metrics.jsonl``, ``samples.jsonl``, ``resume-state/``, ``policy/``,
  ``best/``, ``curves.png``) are written by the main process only.

>>> single = Distributed()
>>> single.world_size, single.is_main, single.shard([1, 2, 3, 4])
(1, True, [1, 2, 3, 4])
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import torch

from rewardstack.core.errors import ConfigError
from rewardstack.core.sample import Sample
from rewardstack.fusion.stack_arrays import StackArrays
from rewardstack.training.ppo.config import DDPConfig, FSDPConfig
from rewardstack.training.ppo.policy import PolicyWithValue
from rewardstack.training.rm.config_file import ConfigKeyError

if TYPE_CHECKING:
    from accelerate import Accelerator

__all__ = ["Distributed", "StepShare", "combine", "concat_arrays", "fsdp_requested", "launch_problem",
           "launched_with_processes", "wants_fsdp"]

T = TypeVar("T")

_REFUSED = {"DEEPSPEED", "MEGATRON_LM", "XLA"}  # accelerate launches train ppo does not build


def launched_with_processes() -> int:
    """The number of processes of the launch (``WORLD_SIZE``, set by accelerate launch / torchrun; 1 otherwise)."""
    return int(os.environ.get("WORLD_SIZE", "1") or 1)


def _true(environ: Mapping[str, str], name: str) -> bool:
    return environ.get(name, "false").lower() in ("true", "1")


def fsdp_requested(environ: Mapping[str, str]) -> bool:
    """Whether the launcher asked for FSDP (``accelerate launch --use_fsdp`` or an accelerate config saying so).

    >>> fsdp_requested({"ACCELERATE_USE_FSDP": "true"}), fsdp_requested({})
    (True, False)
    """
    return _true(environ, "ACCELERATE_USE_FSDP")


_HINT = ("launch with `accelerate launch --multi_gpu --num_processes N` (DDP) or add `--use_fsdp` (FSDP; add "
         "`--set device=cpu` on CPU, gloo), or torchrun, without --use_deepspeed or an accelerate config asking "
         "for it")
# accelerate launch --use_fsdp options that train ppo's own FSDP cannot honour: (variable, value that is fine, why)
_FSDP_OPTIONS = (
    ("FSDP_OFFLOAD_PARAMS", ("false",), "--fsdp_offload_params: train ppo does not offload parameters to CPU"),
    ("FSDP_SHARDING_STRATEGY", ("FULL_SHARD", "1"), "--fsdp_sharding_strategy: train ppo shards fully (FULL_SHARD)"),
    ("FSDP_ACTIVATION_CHECKPOINTING", ("false",), "--fsdp_activation_checkpointing: use the config's "
     "gradient_checkpointing: true instead"),
)


def launch_problem(kind: str, processes: int, launched: int, environ: Mapping[str, str]) -> str | None:
    """Why the launch accelerate made cannot train PPO (None when it can): ``kind`` the accelerator's
    ``distributed_type``, ``processes`` its process count, ``launched`` ``WORLD_SIZE``, ``environ`` the launcher's.

    DDP and FSDP launches train (FSDP is built here, not by accelerate: on CPU accelerate 1.15 makes an
    FSDP launch a plain gloo group, ``MULTI_CPU``, which :meth:`Distributed.prepare` then shards). A CPU
    launch without ``device: cpu`` gets no process group at all (``NO``: every process alone, each
    believing it is the main one); it may not pass silently.

    >>> launch_problem("MULTI_CPU", 2, 2, {"ACCELERATE_USE_FSDP": "true"}) is None
    True
    >>> launch_problem("MULTI_CPU", 2, 2, {"ACCELERATE_USE_DEEPSPEED": "true"}).split("; ")[1]
    'this launch asks for DEEPSPEED, which train ppo does not build'
    """
    asked = "DEEPSPEED" if _true(environ, "ACCELERATE_USE_DEEPSPEED") else kind if kind in _REFUSED else None
    if asked is not None:
        return (f"train ppo trains with DDP or FSDP; this launch asks for {asked}, which train ppo does not build; "
                f"{_HINT}")
    if fsdp_requested(environ):
        for name, fine, why in _FSDP_OPTIONS:
            if environ.get(name, fine[0]).upper() not in {f.upper() for f in fine}:
                return (f"this FSDP launch sets {name}={environ[name]} ({why}); launch without that option (train "
                        "ppo shards each decoder layer and the model, docs/ppo.md)")
    if launched > 1 and processes == 1:
        return (f"launched with {launched} processes, but accelerate joined them into no process group (it found "
                "no GPU for this device), so each would train alone and write the same files: set device: cpu "
                "for processes on CPU (gloo), or make the GPUs visible")
    return None


def wants_fsdp(distributed: DDPConfig | FSDPConfig | None, environ: Mapping[str, str]) -> bool:
    """Whether the run shards (FSDP): the config's ``distributed.kind``, else the launch's ``--use_fsdp``.

    >>> wants_fsdp(None, {"ACCELERATE_USE_FSDP": "true"}), wants_fsdp(FSDPConfig(), {}), wants_fsdp(None, {})
    (True, True, False)
    """
    if isinstance(distributed, DDPConfig) and fsdp_requested(environ):
        raise ConfigKeyError(("distributed", "kind"), "ddp, but this launch asks for FSDP (accelerate launch "
                             "--use_fsdp or its config): set distributed: {kind: fsdp} (or leave distributed "
                             "unset), or launch without --use_fsdp")
    return isinstance(distributed, FSDPConfig) or (distributed is None and fsdp_requested(environ))


class Distributed:
    """The run's processes: one (no accelerator) or several (an :class:`accelerate.Accelerator`; DDP, or
    FSDP when ``fsdp``)."""

    def __init__(self, accelerator: Accelerator | None = None, *, fsdp: bool = False):
        self.accelerator = accelerator
        self.rank = accelerator.process_index if accelerator is not None else 0
        self.world_size = accelerator.num_processes if accelerator is not None else 1
        self.fsdp = fsdp and accelerator is not None

    @classmethod
    def from_environment(cls, device: str | None, distributed: DDPConfig | FSDPConfig | None = None
                         ) -> Distributed:
        """Several processes when launched so (``WORLD_SIZE`` > 1), else one; ``device: cpu`` keeps them on CPU;
        ``distributed`` (the config's) or the launch chooses DDP or FSDP."""
        fsdp = wants_fsdp(distributed, os.environ)
        if launched_with_processes() <= 1:
            if isinstance(distributed, FSDPConfig):
                raise ConfigKeyError(("distributed", "kind"), "fsdp shards the policy among several processes, and "
                                     "this is one: launch it with `accelerate launch --num_processes N` (add "
                                     "--multi_gpu, or --set device=cpu on CPU) or torchrun, or remove distributed")
            return cls()
        if fsdp:
            # transformers reads this (accelerate launch --use_fsdp sets it true by default) to load the weights
            # on the main rank alone and leave the others empty for accelerate to fill: here every rank loads
            # them and fully_shard keeps its own slice
            os.environ["FSDP_CPU_RAM_EFFICIENT_LOADING"] = "false"
        from accelerate import Accelerator

        # the compute dtype is the config's `dtype` (autocast in the loop): accelerate's own mixed precision
        # would autocast the training forward a second time, and differently from the no-grad passes
        accelerator = Accelerator(cpu=device == "cpu", mixed_precision="no")
        problem = launch_problem(str(accelerator.distributed_type.value), accelerator.num_processes,
                                 launched_with_processes(), os.environ)
        if problem is not None:
            # no process group: the device decides (accelerate makes CPU processes a group only when told cpu)
            raise ConfigKeyError(("device",), problem) if accelerator.num_processes == 1 else ConfigError(problem)
        return cls(accelerator, fsdp=fsdp)

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    def device(self, configured: torch.device, key: str | None) -> torch.device:
        """This rank's device: the accelerator's (one per process); ``configured`` in a single process."""
        if self.accelerator is None:
            return configured
        device = self.accelerator.device
        if key is not None and torch.device(key).type != device.type:
            raise ConfigKeyError(("device",), f"{key!r}, but accelerate gave this process {device}; set device: null "
                                 "(the launcher decides) or launch for that device")
        return torch.device("cpu") if device.type == "cpu" else device

    def check_divides(self, prompts_per_step: int, minibatch_size: int) -> None:
        """Each rank takes an equal share of the step's prompts and of every minibatch."""
        for key, value in ((("prompts_per_step",), prompts_per_step), (("update", "minibatch_size"), minibatch_size)):
            if value % self.world_size:
                raise ConfigKeyError(key, f"{value} does not divide among {self.world_size} processes; a multi-process "
                                     f"run splits it evenly: use a multiple of {self.world_size}")

    def shard(self, items: Sequence[T]) -> list[T]:
        """This rank's contiguous share of ``items`` (rank order concatenates back to ``items``)."""
        size = len(items) // self.world_size
        return list(items[self.rank * size:(self.rank + 1) * size])

    def prepare(self, module: torch.nn.Module, optimizer: torch.optim.Optimizer
                ) -> tuple[torch.nn.Module, torch.optim.Optimizer]:
        """DDP-wrap the training forward and the optimiser, or (FSDP) shard the policy of ``module`` (a
        :class:`~rewardstack.training.ppo.update.PolicyForward`) in place; unchanged in a single process."""
        if self.accelerator is None:
            return module, optimizer
        if self.fsdp:
            from rewardstack.training.ppo.fsdp import shard_policy

            policy = module.policy
            assert isinstance(policy, PolicyWithValue)
            if hasattr(policy.lm, "disable_adapter"):  # a peft model: the reference is its base, adapters off
                raise ConfigKeyError(("lora",), "LoRA with FSDP is not built (the reference pass disables the "
                                     "adapters of the sharded policy; untested): remove lora, or use DDP")
            try:
                shard_policy(policy, optimizer)
            except ValueError as exc:
                raise ConfigKeyError(("model",), str(exc)) from None
            return module, optimizer
        # the LR schedule stays unprepared: accelerate's wrapper would step it once per process
        wrapped, prepared = self.accelerator.prepare(module, optimizer)
        return wrapped, prepared

    def generating(self, lm: torch.nn.Module) -> contextlib.AbstractContextManager[None]:
        """FSDP: hold the policy's LM whole while sampling (one gather per rollout, no collective per token, so
        ranks whose responses differ in length never wait); nothing otherwise."""
        if not self.fsdp:
            return contextlib.nullcontext()
        from rewardstack.training.ppo.fsdp import gathered_for_generation

        return gathered_for_generation(lm)

    def full_weights(self, module: torch.nn.Module) -> dict[str, torch.Tensor] | None:
        """FSDP: the full state dict of ``module`` on the main rank (a collective, every rank calls it; empty on
        the others). None otherwise: the module's own ``state_dict`` is whole."""
        if not self.fsdp:
            return None
        from rewardstack.training.ppo.fsdp import full_model_state

        return full_model_state(module)

    def full_state(self, module: torch.nn.Module, optimizer: torch.optim.Optimizer
                   ) -> tuple[dict[str, torch.Tensor], dict[str, Any]] | None:
        """FSDP: the full weights and optimiser state of ``module`` on the main rank (a collective); None otherwise."""
        if not self.fsdp:
            return None
        from rewardstack.training.ppo.fsdp import full_model_state, full_optimizer_state

        return full_model_state(module), full_optimizer_state(module, optimizer)

    def gather(self, value: T) -> list[T]:
        """Every rank's ``value`` in rank order (picklable objects; a collective: every rank must call it)."""
        if self.accelerator is None:
            return [value]
        out: list[Any] = [None] * self.world_size
        torch.distributed.all_gather_object(out, value)
        return out

    def all_sum(self, tensor: torch.Tensor) -> torch.Tensor:
        """The element-wise sum of every rank's ``tensor`` (a collective; ``tensor`` itself in a single process)."""
        if self.accelerator is None:
            return tensor
        total = tensor.clone()
        torch.distributed.all_reduce(total, op=torch.distributed.ReduceOp.SUM)
        return total

    def any_rank(self, flag: bool) -> bool:
        """True when ``flag`` is true on some rank (a collective)."""
        return flag if self.accelerator is None else any(self.gather(flag))

    def barrier(self) -> None:
        if self.accelerator is not None:
            self.accelerator.wait_for_everyone()

    def close(self) -> None:
        if self.accelerator is not None:
            self.accelerator.end_training()


@dataclass(frozen=True)
class StepShare:
    """What one rank saw of a step: per response (``(B,)`` tensors), per rank (sums, statistics, times)."""

    samples: list[Sample]
    arrays: StackArrays
    rewards: torch.Tensor        # the rewards trained on
    valid: torch.Tensor          # kept in the update
    sequence_kl: torch.Tensor    # sum_t kl_t per response
    lengths: torch.Tensor        # response tokens
    truncated: torch.Tensor
    kl_sum: torch.Tensor         # () sum of kl_t over the share's tokens
    token_count: torch.Tensor    # () response tokens of the share
    update: dict[str, float]     # update statistics (means over minibatches)
    fusion: dict[str, float]     # the stack's scalars
    times: dict[str, float]      # seconds per phase


def concat_arrays(parts: Sequence[StackArrays]) -> StackArrays:
    """One :class:`StackArrays` of several batches, rows in order."""
    first = parts[0]

    def cat(get: Callable[[StackArrays], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
        return {name: np.concatenate([get(p)[name] for p in parts]) for name in get(first)}

    return StackArrays(ids=[i for p in parts for i in p.ids], total=np.concatenate([p.total for p in parts]),
                       status=np.concatenate([p.status for p in parts]), values=cat(lambda p: p.values),
                       statuses=cat(lambda p: p.statuses), contributions=cat(lambda p: p.contributions),
                       baseline=np.concatenate([p.baseline for p in parts]), flags=cat(lambda p: p.flags))


def _mean_by_key(parts: Sequence[dict[str, float]]) -> dict[str, float]:
    keys = dict.fromkeys(k for p in parts for k in p)  # a rank whose minibatches all lacked rewards has no entry
    return {k: float(np.mean([p[k] for p in parts if k in p])) for k in keys}


def combine(dist: Distributed, share: StepShare) -> StepShare:
    """The whole step from every rank's share (a collective); ``share`` itself in a single process."""
    if dist.world_size == 1:
        return share
    cpu = {name: getattr(share, name).cpu() for name in ("rewards", "valid", "sequence_kl", "lengths", "truncated",
                                                         "kl_sum", "token_count")}
    parts = dist.gather((share.samples, share.arrays, cpu, share.update, share.fusion, share.times))
    tensors = {name: torch.cat([p[2][name].reshape(-1) for p in parts]) for name in cpu}
    return StepShare(
        samples=[s for p in parts for s in p[0]], arrays=concat_arrays([p[1] for p in parts]),
        rewards=tensors["rewards"], valid=tensors["valid"], sequence_kl=tensors["sequence_kl"],
        lengths=tensors["lengths"], truncated=tensors["truncated"], kl_sum=tensors["kl_sum"].sum(),
        token_count=tensors["token_count"].sum(), update=_mean_by_key([p[3] for p in parts]),
        fusion=_mean_by_key([p[4] for p in parts]),
        times={k: max(p[5][k] for p in parts) for k in share.times})  # a step lasts as long as its slowest rank
