"""The adapted judge's network: a backbone with LoRA adapters that reads a judge request and gives
one logit ``z``, with ``P("Yes") = sigmoid(z)``.

Two methods, one interface (``encode`` requests, ``forward`` a batch, the trainable state):

- ``cross_encoder``: an encoder (all-MiniLM-L6-v2) reads the request's text as one sequence;
  ``z`` is a linear head on the mean of the last hidden states over the attention mask (the pooling
  the model was trained with).
- ``causal_lora``: a causal LM (SmolLM2-135M-Instruct) reads the request through its chat template,
  as ``hf_local`` does, and ``z`` is its next-token log-mass of "Yes" minus that of "No" (each summed
  over the option's first tokens with and without a leading space, as :mod:`..readout` reads them).

``z`` answers the *question* (Yes/No), not "the first option": both option orders are the same
question, so one logit serves both and the order in the text is only read, never trusted for the
meaning of a position. Too long a request loses its middle (the first 40% and the last 60% of
``max_length`` tokens stay), so the principle and the final question always survive.

LoRA layers come from ``peft`` (``inject_adapter_in_model``); only the adapters and the head are
trained and saved. Everything is initialised inside ``torch.random.fork_rng`` under the seed, so the
same seed gives the same starting weights without touching the caller's random state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rewardstack.rewards.critic.adapted.render import request_text
from rewardstack.rewards.critic.judges.base import JudgeRequest
from rewardstack.rewards.critic.readout import option_first_tokens

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

__all__ = ["DEFAULT_TARGETS", "JudgeNet", "LoraSpec", "Method", "fit_ids"]

Method = Literal["cross_encoder", "causal_lora"]
# cross_encoder: every linear layer of the encoder ("dense": the attention output and both MLP layers), as the
# shipped judge was trained (docs/critic_judge.md); causal_lora: the usual LoRA placement on a decoder
DEFAULT_TARGETS: dict[str, tuple[str, ...]] = {"cross_encoder": ("query", "key", "value", "dense"),
                                               "causal_lora": ("q_proj", "v_proj")}
_HEAD_SHARE = 0.4


class LoraSpec(BaseModel):
    """LoRA adapters: rank, scale (``alpha / r``), dropout, and the linear layers they wrap."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    r: int = Field(default=16, ge=1, le=256)
    alpha: float = Field(default=32.0, gt=0)
    dropout: float = Field(default=0.05, ge=0.0, lt=1.0)
    target_modules: tuple[str, ...] | None = None  # default per method: DEFAULT_TARGETS


def fit_ids(ids: Sequence[int], max_length: int) -> list[int]:
    """``ids`` cut to ``max_length`` by dropping the middle (the start and the end survive).

    >>> fit_ids(list(range(10)), 5)
    [0, 1, 7, 8, 9]
    >>> fit_ids([1, 2], 5)
    [1, 2]
    """
    if len(ids) <= max_length:
        return list(ids)
    head = int(max_length * _HEAD_SHARE)
    return [*ids[:head], *ids[len(ids) - (max_length - head):]]


class JudgeNet:
    """Backbone + adapters (+ head): ``encode`` requests, ``logits`` of "Yes" (see the module docstring)."""

    def __init__(self, method: Method, model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, *,
                 max_length: int, lora: LoraSpec, seed: int):
        import torch
        from peft import LoraConfig, inject_adapter_in_model

        self.method, self.model, self.tokenizer, self.max_length = method, model, tokenizer, max_length
        targets = list(lora.target_modules or DEFAULT_TARGETS[method])
        if method == "cross_encoder" and getattr(model, "pooler", None) is not None:
            # the head reads mean-pooled states: an unused pooler would only get adapters
            model.pooler = None  # type: ignore[assignment]
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            alpha: Any = lora.alpha  # peft annotates int; the scale alpha / r is a float anyway
            settings = LoraConfig(r=lora.r, lora_alpha=alpha, lora_dropout=lora.dropout, target_modules=targets,
                                  bias="none")
            inject_adapter_in_model(settings, model)
            hidden = int(model.config.hidden_size)
            param = next(model.parameters())
            self.head = (torch.nn.Linear(hidden, 1).to(device=param.device, dtype=param.dtype)
                         if method == "cross_encoder" else None)
        for name, parameter in model.named_parameters():
            parameter.requires_grad_("lora_" in name)
        if method == "causal_lora":
            first = option_first_tokens(tokenizer, ("Yes", "No"))
            self.yes_ids, self.no_ids = list(first["Yes"]), list(first["No"])

    @property
    def device(self) -> torch.device:
        return next(self.model.parameters()).device

    def parameters(self) -> list[torch.nn.Parameter]:
        """The trainable parameters: the adapters and the head."""
        params = [p for p in self.model.parameters() if p.requires_grad]
        return params + (list(self.head.parameters()) if self.head is not None else [])

    def train(self, mode: bool = True) -> None:
        self.model.train(mode)
        if self.head is not None:
            self.head.train(mode)

    def encode(self, request: JudgeRequest) -> list[int]:
        """Token ids of one request, as this method reads it, cut to ``max_length``."""
        return fit_ids(self.encode_full(request), self.max_length)

    def encode_full(self, request: JudgeRequest) -> list[int]:
        """Token ids of one request before any cut (their count says whether ``encode`` cut it)."""
        if self.method == "cross_encoder":
            ids = self.tokenizer(request_text(request), add_special_tokens=True)["input_ids"]
        else:
            turns = ([{"role": "user", "content": request.prompt}] if isinstance(request.prompt, str)
                     else [m.model_dump() for m in request.prompt])
            text = self.tokenizer.apply_chat_template(turns, tokenize=False, add_generation_prompt=True)
            ids = self.tokenizer(text, add_special_tokens=False)["input_ids"]
        return list(ids)

    def collate(self, encoded: Sequence[Sequence[int]]) -> dict[str, torch.Tensor]:
        """A padded batch: right padding for the encoder, left for the causal LM (its answer is read last)."""
        import torch

        width = max(len(ids) for ids in encoded)
        pad = int(self.tokenizer.pad_token_id or 0)
        left = self.method == "causal_lora"
        rows, masks = [], []
        for ids in encoded:
            fill = [pad] * (width - len(ids))
            ones, zeros = [1] * len(ids), [0] * (width - len(ids))
            rows.append(fill + list(ids) if left else list(ids) + fill)
            masks.append(zeros + ones if left else ones + zeros)
        batch = {"input_ids": torch.tensor(rows, device=self.device),
                 "attention_mask": torch.tensor(masks, device=self.device)}
        if left:
            batch["position_ids"] = (batch["attention_mask"].cumsum(-1) - 1).clamp(min=0)
        return batch

    def logits(self, batch: dict[str, Any]) -> torch.Tensor:
        """``z`` per row (float32): the log-odds of "Yes"."""
        import torch

        if self.method == "cross_encoder":
            assert self.head is not None
            hidden = self.model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
            mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
            return self.head(pooled).squeeze(-1).float()
        out = self.model(**batch, logits_to_keep=1).logits[:, -1].float()
        logp = torch.log_softmax(out, dim=-1)
        return torch.logsumexp(logp[:, self.yes_ids], -1) - torch.logsumexp(logp[:, self.no_ids], -1)

    def trainable_state(self) -> dict[str, torch.Tensor]:
        """Adapter and head weights (what a checkpoint stores), detached, on the CPU, float32."""
        state = {f"backbone.{k}": v for k, v in self.model.state_dict().items() if "lora_" in k}
        if self.head is not None:
            state.update({f"head.{k}": v for k, v in self.head.state_dict().items()})
        return {k: (v.detach().float() if v.is_floating_point() else v.detach()).cpu().contiguous()
                for k, v in state.items()}

    def load_trainable(self, state: dict[str, torch.Tensor]) -> None:
        """Load adapter and head weights; ValueError when they do not fit this backbone and method."""
        backbone = {k.removeprefix("backbone."): v for k, v in state.items() if k.startswith("backbone.")}
        head = {k.removeprefix("head."): v for k, v in state.items() if k.startswith("head.")}
        expected = {k for k in self.model.state_dict() if "lora_" in k}
        if set(backbone) != expected or bool(head) != (self.head is not None):
            missing, extra = sorted(expected - set(backbone))[:3], sorted(set(backbone) - expected)[:3]
            raise ValueError(f"adapter weights do not fit this backbone/method (missing {missing}, unexpected {extra})")
        try:
            self.model.load_state_dict(backbone, strict=False)
            if self.head is not None:
                self.head.load_state_dict(head)
        except RuntimeError as exc:  # shapes differ: another rank or width
            raise ValueError(f"adapter weights do not fit this backbone/method: {exc}") from None
