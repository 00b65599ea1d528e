"""The policy (an HF causal LM) with an optional value head, and the one forward pass every phase uses.

Sequences are ``[left-padded prompt | right-padded response]``. Position ids
come from the attention mask (``cumsum - 1``), exactly as ``generate`` computes
them for left-padded prompts, so the log-probabilities of the training forward
match the ones the tokens were sampled with. The logits are divided by the
sampling temperature for the same reason.

The value head is a linear map of the last hidden state at the position before
each response token (the state the token is chosen in), zero-initialised: the
critic starts at V = 0 and no random head makes the first advantages noisy.

A separate critic (:class:`Critic`, ``value: {kind: separate}``) reads the same
sequence with its own backbone and maps its last hidden state at the same
positions to values; it is a submodule of :class:`PolicyWithValue`, so the
optimiser, the DDP wrapper and the resume state take it along unchanged.

The model stays in ``eval()`` mode during updates: dropout would make the
first PPO ratio differ from 1 for reasons that have nothing to do with the
policy changing (TRL and OpenRLHF switch dropout off too).
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import TYPE_CHECKING

import torch
from torch import nn

from rewardstack.training.rl.kl import entropy_from_logits, logprobs_from_logits

if TYPE_CHECKING:
    from transformers import PreTrainedModel

__all__ = ["Critic", "PolicyWithValue", "ResponseForward", "forward_response", "position_ids_from_mask"]


def _zero_head(hidden: int, device: torch.device) -> nn.Linear:
    head = nn.Linear(hidden, 1, device=device, dtype=torch.float32)
    nn.init.zeros_(head.weight)
    nn.init.zeros_(head.bias)
    return head


class Critic(nn.Module):
    """A value model of its own: ``backbone`` (an HF base model: hidden states, no LM head) and ``head``.

    ``head`` defaults to a zero-initialised ``Linear(hidden, 1)`` (V = 0 at the start, as the value head).
    """

    def __init__(self, backbone: nn.Module, hidden: int, head: nn.Linear | None = None):
        super().__init__()
        self.backbone = backbone
        self.head = head if head is not None else _zero_head(hidden, next(backbone.parameters()).device)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, position_ids: torch.Tensor
                ) -> torch.Tensor:
        """``(B, L)`` values, one per position of the sequence."""
        out = self.backbone(input_ids=input_ids, attention_mask=attention_mask, position_ids=position_ids,
                            use_cache=False)
        return self.head(out.last_hidden_state.float()).squeeze(-1)


class PolicyWithValue(nn.Module):
    """``lm`` (the causal LM), and PPO's critic: ``value_head`` (``Linear(hidden, 1)`` on the policy's last
    hidden state) or ``critic`` (a separate :class:`Critic`); neither for critic-free algorithms."""

    def __init__(self, lm: PreTrainedModel, *, value_head: bool, critic: Critic | None = None):
        super().__init__()
        if value_head and critic is not None:
            raise ValueError("a policy has a value head or a separate critic, not both")
        self.lm = lm
        hidden = int(lm.config.get_text_config().hidden_size)
        self.value_head: nn.Linear | None = _zero_head(hidden, lm.device) if value_head else None
        self.critic = critic


@dataclass(frozen=True)
class ResponseForward:
    """Per response token ``(B, T)``: log-probs of the sampled tokens, entropies, values (None: no head)."""

    logprobs: torch.Tensor
    entropy: torch.Tensor | None
    values: torch.Tensor | None


def position_ids_from_mask(attention_mask: torch.Tensor) -> torch.Tensor:
    """0, 1, 2, ... over real tokens; left padding gets 0 (``generate``'s rule).

    >>> position_ids_from_mask(torch.tensor([[0, 0, 1, 1, 1]])).tolist()
    [[0, 0, 0, 1, 2]]
    """
    return (attention_mask.long().cumsum(-1) - 1).clamp(min=0)


def _keeps_logits(lm: PreTrainedModel) -> bool:
    """Whether ``lm``'s forward takes ``logits_to_keep`` (HF causal LMs of transformers >= 4.50; a peft
    model passes it on to its base model)."""
    base = getattr(lm, "get_base_model", lambda: lm)()
    return "logits_to_keep" in inspect.signature(base.forward).parameters


def forward_response(lm: PreTrainedModel, prompt_ids: torch.Tensor, prompt_mask: torch.Tensor,
                     response_ids: torch.Tensor, response_mask: torch.Tensor, *, temperature: float,
                     value_head: nn.Linear | None = None, with_entropy: bool = False,
                     critic: Critic | None = None, entropy_grad: bool = True) -> ResponseForward:
    """Log-probs (and entropy, values) of ``response_ids`` given the prompts, in one forward pass
    (two with a separate ``critic``).

    Only the ``T + 1`` last positions go through the LM head (``logits_to_keep``, when the model takes
    it): the prompt's own next-token logits are never used, and with a large vocabulary the head is most
    of a small model's cost. ``entropy_grad=False`` computes the entropy without a gradient (it is then
    only logged: a loss with ``entropy_coef`` 0 gets the same gradient without the ``(B, T, V)`` softmax
    kept for the backward).
    """
    prompt_len, response_len = prompt_ids.shape[1], response_ids.shape[1]
    input_ids = torch.cat([prompt_ids, response_ids], dim=1)
    attention = torch.cat([prompt_mask, response_mask.to(prompt_mask.dtype)], dim=1)
    positions = position_ids_from_mask(attention)
    keep = {"logits_to_keep": response_len + 1} if _keeps_logits(lm) else {}
    out = lm(input_ids=input_ids, attention_mask=attention, position_ids=positions,
             output_hidden_states=value_head is not None, use_cache=False, **keep)
    # the logit at position p predicts token p + 1: the response's predictions start one before it
    logits = out.logits[:, -(response_len + 1):-1].float()
    if temperature != 1.0:  # x / 1.0 is x: no (B, T, V) copy for the common case
        logits = logits / temperature
    logprobs = logprobs_from_logits(logits, response_ids)
    entropy = None
    if with_entropy:
        with torch.set_grad_enabled(entropy_grad and torch.is_grad_enabled()):
            entropy = entropy_from_logits(logits)
    values = None
    if value_head is not None:
        hidden = out.hidden_states[-1][:, prompt_len - 1:-1].float()
        values = value_head(hidden).squeeze(-1)
    elif critic is not None:
        values = critic(input_ids, attention, positions)[:, prompt_len - 1:-1]
    return ResponseForward(logprobs=logprobs, entropy=entropy, values=values)
