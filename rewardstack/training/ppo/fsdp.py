"""FSDP for ``train ppo``: torch's FSDP2 (``fully_shard``) on the policy, full state dicts in and out.

Called by :mod:`~rewardstack.training.ppo.distributed` when a multi-process run asks for FSDP
(``distributed: {kind: fsdp}``, or ``accelerate launch --use_fsdp``). Accelerate's own FSDP plugin is
not used: on CPU accelerate 1.15 quietly turns an FSDP launch into DDP, and the loop needs the sharded
module itself (sampling and the no-grad passes run through it).

Decisions:

- What is sharded (:func:`shard_policy`): every decoder layer (the classes the model lists in HF's
  ``_no_split_modules``, as accelerate's transformer auto-wrap policy reads them), then the LM itself
  (embeddings, final norm, LM head: one unit, tied weights stay together), the value head, and a
  separate critic the same way (its layers, then the critic). Each unit's weights are gathered in its
  forward hooks and freed after (``reshard_after_forward``), so a rank holds one layer's full weights at
  a time, plus its shard of everything: weights, gradients and AdamW's state.
- Sampling gathers the whole LM once per rollout (:func:`gathered_for_generation`: every unit
  unsharded and kept so until ``generate`` returns, then sharded again), so each rank generates on
  its own, with no collective per token, and ranks whose responses differ in length never wait for
  each other. The price is the LM's full weights on every rank during sampling (the gradients and
  AdamW's state stay sharded). The alternative, ``generate(synced_gpus=True)`` through the sharded LM
  (one all-gather of every layer per new token, a finished rank running discarded forwards until all
  are done), took 1.85x the CPU time and 2.1x the wall time of gathering on tiny-lm (2 CPU processes,
  8 responses of 32 tokens each, 3 alternating repeats; docs/ppo.md).
- The frozen reference is a separate model (its own load), never the policy's parameters, sharded
  the same way (:func:`shard_frozen`: its layers, then the model); its no-grad pass gathers each
  layer in turn, as the policy's do.
- Gradient averaging is FSDP's reduce-scatter mean over the ranks, the same mean DDP's all-reduce
  takes, so the update's token-mean scaling (:func:`~rewardstack.training.rl.ddp_token_mean_scale`)
  holds unchanged. Gradient clipping reads DTensor gradients: ``clip_grad_norm_`` computes the norm
  over all shards (the same number on every rank).
- Saved weights (``policy/``, ``best/``, ``resume-state/model.safetensors``) are full state dicts,
  gathered to the main rank (:func:`full_model_state`, a collective) and written by it alone, so they
  are the same files a DDP run writes. The optimiser state is saved full too (parameter names as keys,
  :func:`full_optimizer_state`) and loaded by every rank, each keeping its shard
  (:func:`load_full_state`): a resume state is one folder whatever the sharding, readable without
  torch.distributed, at the cost of gathering AdamW's moments on the main rank at each save (DCP's
  sharded files would avoid that memory peak for models whose optimiser state does not fit one
  process's RAM: not needed at the sizes this runs).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

if TYPE_CHECKING:
    from rewardstack.training.ppo.policy import PolicyWithValue

__all__ = ["decoder_layers", "full_model_state", "full_optimizer_state", "gathered_for_generation", "is_sharded",
           "load_full_state", "shard_frozen", "shard_policy"]

def decoder_layers(model: nn.Module) -> list[nn.Module]:
    """The blocks of ``model`` that HF says must not be split (``_no_split_modules``): its decoder layers."""
    names = set(getattr(model, "_no_split_modules", None) or ())
    return [module for module in model.modules() if type(module).__name__ in names and module is not model]


_GATHERED = "_rewardstack_gathered"  # set on a root while gathered_for_generation holds it whole


def _reshard_after_no_grad(module: nn.Module, args: Any, output: Any) -> None:
    """Forward hook of a root: free its gathered weights after a forward without gradients.

    FSDP2 keeps a root's weights gathered after its forward (the backward needs them next). After a
    no-grad forward (sampling, the old-policy and value passes) no backward follows, and a root left
    gathered then takes no gradient in the next training backward (measured: the embeddings', final
    norm's and value head's gradients were None, so they never trained).
    """
    if not torch.is_grad_enabled() and not getattr(module, _GATHERED, False):
        module.reshard()  # type: ignore[operator]


@contextlib.contextmanager
def gathered_for_generation(lm: nn.Module) -> Iterator[None]:
    """Hold the sharded ``lm`` whole (every unit all-gathered once) until the block ends, then shard it again.

    A no-op for a module that is not sharded. Inside, ``lm``'s forwards run no collective, so each rank
    may call it as often as it needs (``generate`` until its own responses end).
    """
    from torch.distributed.fsdp import FSDPModule

    if not isinstance(lm, FSDPModule):
        yield
        return
    layers = [m for m in lm.modules() if isinstance(m, FSDPModule) and m is not lm]
    for unit in (lm, *layers):
        unit.set_reshard_after_forward(False, recurse=False)
        unit.unshard()
    setattr(lm, _GATHERED, True)
    try:
        yield
    finally:
        setattr(lm, _GATHERED, False)
        for unit in (lm, *layers):
            unit.reshard()
        for layer in layers:  # the root keeps FSDP's own rule for roots: not resharded after a forward
            layer.set_reshard_after_forward(True, recurse=False)


def _shard_root(module: nn.Module) -> None:
    from torch.distributed.fsdp import fully_shard

    fully_shard(module)
    module.register_forward_hook(_reshard_after_no_grad)  # after FSDP's own post-forward hook


def _shard_model(model: nn.Module, layers_of: nn.Module) -> None:
    from torch.distributed.fsdp import fully_shard

    layers = decoder_layers(layers_of)
    if not layers:
        raise ValueError(f"{type(layers_of).__name__} lists no decoder layers (_no_split_modules): FSDP shards "
                         "each layer, so this model cannot be sharded; use DDP")
    for layer in layers:
        fully_shard(layer)
    _shard_root(model)


def shard_policy(policy: PolicyWithValue, optimizer: torch.optim.Optimizer) -> None:
    """Shard ``policy`` in place (see the module docstring) and point ``optimizer`` at the sharded parameters.

    ``optimizer`` must not have stepped yet: FSDP replaces every parameter by a sharded one, so its
    parameter groups are rebuilt by name (same groups, same order, same settings).
    """
    if optimizer.state:
        raise ValueError("shard the policy before the optimiser steps")
    # forward_response reads slices of the LM's outputs and never writes into them in place, which is what
    # FSDP2 warns about for every forward that returns a view
    warnings.filterwarnings("ignore", message=r"FSDP2-wrapped module .* returned a view tensor")
    names = {id(p): name for name, p in policy.named_parameters()}
    grouped = [[names[id(p)] for p in group["params"]] for group in optimizer.param_groups]
    _shard_model(policy.lm, policy.lm)
    if policy.value_head is not None:
        _shard_root(policy.value_head)
    if policy.critic is not None:
        _shard_model(policy.critic, policy.critic.backbone)
    now = dict(policy.named_parameters())
    for group, group_names in zip(optimizer.param_groups, grouped, strict=True):
        group["params"] = [now[name] for name in group_names]


def shard_frozen(model: nn.Module) -> None:
    """Shard a model that is only ever run without gradients (the reference): its layers, then the model."""
    _shard_model(model, model)


def is_sharded(module: nn.Module) -> bool:
    """Whether ``module`` holds FSDP-sharded (DTensor) parameters.

    >>> is_sharded(nn.Linear(2, 1))
    False
    """
    from torch.distributed.tensor import DTensor

    return any(isinstance(p, DTensor) for p in module.parameters())


def _options(**extra: Any) -> Any:
    from torch.distributed.checkpoint.state_dict import StateDictOptions

    return StateDictOptions(full_state_dict=True, **extra)


def full_model_state(module: nn.Module) -> dict[str, torch.Tensor]:
    """The full (unsharded) state dict of ``module`` on CPU, on rank 0 (empty elsewhere): a collective.

    A tied weight appears once, under its first name (as ``save_pretrained`` and safetensors' ``save_model``
    write it): gathered to CPU, the two names would be two copies.
    """
    from torch.distributed.checkpoint.state_dict import get_model_state_dict

    state: dict[str, Any] = get_model_state_dict(module, options=_options(cpu_offload=True))
    first: dict[int, str] = {}
    tied = {name for name, param in module.named_parameters(remove_duplicate=False)
            if first.setdefault(id(param), name) != name}
    return {name: tensor for name, tensor in state.items() if name not in tied}


def full_optimizer_state(module: nn.Module, optimizer: torch.optim.Optimizer) -> dict[str, Any]:
    """The full optimiser state of ``module``'s parameters (keyed by parameter name) on rank 0: a collective."""
    from torch.distributed.checkpoint.state_dict import get_optimizer_state_dict

    return get_optimizer_state_dict(module, optimizer, options=_options(cpu_offload=True))


def load_full_state(module: nn.Module, optimizer: torch.optim.Optimizer, model_state: dict[str, Any],
                    optimizer_state: dict[str, Any]) -> None:
    """Load full state dicts (every rank passes them whole) into the sharded ``module`` and its ``optimizer``."""
    from torch.distributed.checkpoint.state_dict import set_model_state_dict, set_optimizer_state_dict

    set_model_state_dict(module, model_state, options=_options())
    set_optimizer_state_dict(module, optimizer, optimizer_state, options=_options())
