"""``hf_local``: any Hugging Face causal LM on this machine as a judge.

.. code-block:: yaml

    judge:
      kind: hf_local
      model: smollm2-135m-instruct   # an embedded name, a local folder, or an HF id in the local cache
      device: cuda                   # default: CUDA when present, else CPU
      dtype: bf16                    # default: bf16 on a CUDA device that has it, else float32
      max_length: 4096               # default: the model's context; longer prompts are an error verdict

How a verdict is read (shared with ``serve-judge`` through :class:`~rewardstack.rewards.critic.chat_lm.ChatLM`):
the prompt goes through the model's chat template with the generation prompt;
the requests of a call are sorted by length and cut into left-padded forward
passes (:func:`~rewardstack.rewards.preference.forward.plan_buckets`: less
padding, same numbers); the next-token distribution at the last position is
read over each option's first tokens, with and without a leading space, and
renormalised over the options (:mod:`rewardstack.rewards.critic.readout`).
A request with ``critique_tokens > 0`` also gets that many tokens of text,
greedy (or seeded sampling at ``temperature > 0``), in the same batch.

Per-request problems are error verdicts with the reason, the rest of the call
is answered: a prompt longer than ``max_length``, options that share a first
token, a chat template that refuses a role. A failing forward pass (out of
memory) raises, so the engine can bisect the call and shrink its micro-batch.
The critic's ``batch:`` config bounds how many samples reach one call; the
critic's ``count_tokens`` counts in this judge's tokenizer.

>>> judge = HfLocalJudge(HfLocalConfig(model="tiny-lm", device="cpu"))
>>> [verdict] = judge.judge([JudgeRequest(prompt="Is water wet? Answer Yes or No.")])
>>> verdict.status.value, sorted(verdict.probabilities), round(sum(verdict.probabilities.values()), 6)
('ok', ['No', 'Yes'], 1.0)
>>> judge.count_tokens(JudgeRequest(prompt="Is water wet? Answer Yes or No.")) > 10
True
>>> judge.close()
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from rewardstack.models.specs import DEFAULT_CAUSAL_LM
from rewardstack.rewards.critic.chat_lm import ChatLM, Decoded, PromptTooLong
from rewardstack.rewards.critic.judges.base import (
    JudgeBackend,
    JudgeConfig,
    JudgeRequest,
    JudgeVerdict,
    register_judge,
)
from rewardstack.rewards.critic.readout import logsumexp, option_first_tokens, renormalise

__all__ = ["HfLocalConfig", "HfLocalJudge"]

_ENCODED_KEPT = 8192  # count_tokens and judge encode the same prompts: keep them


class HfLocalConfig(JudgeConfig):
    """A local causal LM as the judge (see the module docstring)."""

    kind: Literal["hf_local"] = "hf_local"
    model: str = DEFAULT_CAUSAL_LM
    device: str | None = None
    dtype: str | None = None
    max_length: int | None = Field(default=None, ge=8)


def _key(request: JudgeRequest) -> object:
    prompt = request.prompt
    return prompt if isinstance(prompt, str) else tuple((m.role, m.content) for m in prompt)


@register_judge("hf_local")
class HfLocalJudge(JudgeBackend):
    """Verdicts from a local causal LM's next-token distribution, batched and left-padded."""

    kind = "hf_local"
    config_class = HfLocalConfig
    config: HfLocalConfig

    def __init__(self, config: HfLocalConfig):
        super().__init__(config)
        self.lm = ChatLM(config.model, device=config.device, dtype=config.dtype, max_length=config.max_length)
        self._encoded: OrderedDict[object, list[int]] = OrderedDict()
        self._options: dict[tuple[str, ...], dict[str, tuple[int, ...]] | str] = {}
        self._lock = threading.Lock()  # one forward pass at a time: the engine may call from several threads

    def fingerprint(self) -> str:
        return f"hf_local:{self.lm.fingerprint()}"

    def count_tokens(self, request: JudgeRequest) -> int | None:
        try:
            return len(self._encode(request))
        except Exception:  # a prompt the template refuses is reported by judge(), not here
            return None

    def _encode(self, request: JudgeRequest) -> list[int]:
        key = _key(request)
        with self._lock:
            hit = self._encoded.get(key)
        if hit is not None:
            return hit
        ids = self.lm.encode(request.prompt)
        with self._lock:
            self._encoded[key] = ids
            if len(self._encoded) > _ENCODED_KEPT:
                self._encoded.popitem(last=False)
        return ids

    def _first_tokens(self, options: tuple[str, ...]) -> dict[str, tuple[int, ...]] | str:
        """Option -> first token ids, or why the options cannot be read (cached per options tuple)."""
        if options not in self._options:
            try:
                self._options[options] = option_first_tokens(self.lm.tokenizer, options)
            except ValueError as exc:
                self._options[options] = str(exc)
        return self._options[options]

    def judge(self, requests: Sequence[JudgeRequest]) -> list[JudgeVerdict]:
        from rewardstack.rewards.preference.forward import pass_overhead_tokens, plan_buckets

        verdicts: list[JudgeVerdict | None] = [None] * len(requests)
        ready: list[tuple[int, list[int]]] = []
        for i, request in enumerate(requests):
            problem, ids = self._prepare(request)
            if problem is not None:
                verdicts[i] = JudgeVerdict.error(problem)
            else:
                ready.append((i, ids))
        overhead = pass_overhead_tokens(self.lm.device.type)
        for bucket in plan_buckets([len(ids) for _, ids in ready], overhead_tokens=overhead):
            chosen = [ready[b] for b in bucket]
            batch = [requests[i] for i, _ in chosen]
            with self._lock:
                decoded = self.lm.run([ids for _, ids in chosen],
                                      max_new_tokens=[r.critique_tokens for r in batch],
                                      temperature=[r.temperature for r in batch], seeds=[r.seed for r in batch])
            for (i, ids), request, row in zip(chosen, batch, decoded, strict=True):
                verdicts[i] = self._verdict(request, row, len(ids))
        return [v for v in verdicts if v is not None]

    def _prepare(self, request: JudgeRequest) -> tuple[str | None, list[int]]:
        first = self._first_tokens(request.options)
        if isinstance(first, str):
            return f"cannot read the options: {first}", []
        try:
            ids = self._encode(request)
            self.lm.check_length(ids, request.critique_tokens)
        except PromptTooLong as exc:
            return str(exc), []
        except Exception as exc:  # a chat template may refuse a role order: this request alone fails
            return f"cannot lay out the judge prompt: {type(exc).__name__}: {exc}", []
        return None, ids

    def _verdict(self, request: JudgeRequest, row: Decoded, prompt_tokens: int) -> JudgeVerdict:
        first = self._first_tokens(request.options)
        assert not isinstance(first, str)  # checked in _prepare
        log_mass = {option: logsumexp([float(row.first[t]) for t in ids]) for option, ids in first.items()}
        probabilities = renormalise(log_mass)
        text = self.lm.decode(row.tokens) if request.critique_tokens else ""
        tokens = prompt_tokens + max(1, len(row.tokens))  # the read itself is one predicted token, as over HTTP
        if probabilities is None:
            return JudgeVerdict.error("every option has zero probability at the next token", text=text, tokens=tokens)
        return JudgeVerdict.ok(probabilities, text=text, tokens=tokens)

    def close(self) -> None:
        self.lm.close()
