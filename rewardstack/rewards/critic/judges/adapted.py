"""``embedded_adapted``: the default judge of ``constitutional_critic``, an embedded model with trained adapters.

.. code-block:: yaml

    judge:
      kind: embedded_adapted
      path: null            # a checkpoint of `rewardstack train judge`; null: the one shipped with rewardstack
      device: null          # default: CUDA when present, else CPU
      dtype: null           # default: bf16 on a CUDA device that has it, else float32
      batch_size: 32        # requests per forward pass (longest first)

The shipped checkpoint is all-MiniLM-L6-v2 with LoRA adapters and a linear head, trained on the
labelled judgement set against the default constitution's question (docs/critic_judge.md has the
measurements that chose it over LoRA on SmolLM2-135M-Instruct, and its held-out quality).

**Options and their order.** The model answers the *question*: it reads the whole rendered request
(principle, prompt, response, and the "Answer Yes or No" / "Answer No or Yes" line) and gives the
log-odds ``z`` that the right answer is "Yes"; the verdict maps ``sigmoid(z / T)`` to the option
*named* Yes, whichever position it was offered in. So the critic's two orders ask the same question
twice and get (nearly) the same answer, not a position-biased one. It was trained on both orders.
Requests whose options are not Yes and No (any case) are error verdicts naming the options: the
model was never trained to read others.

**Critiques.** This judge classifies and cannot write text. A request with ``critique_tokens > 0``
still gets its probabilities, and its ``text`` says that no critique was written and which judge
kinds write one (so a missing critique is visible in the evidence, never silently empty).

A failing forward pass (out of memory) raises, so the engine can shrink its micro-batch.

>>> judge = AdaptedJudge(AdaptedJudgeConfig(device="cpu"))
>>> [v] = judge.judge([JudgeRequest(prompt="Principle: be honest.\\nResponse: I don't know.\\nAnswer No or Yes.",
...                                 options=("No", "Yes"))])
>>> v.status.value, sorted(v.probabilities), round(sum(v.probabilities.values()), 6)
('ok', ['No', 'Yes'], 1.0)
>>> judge.judge([JudgeRequest(prompt="Which is better, A or B?", options=("A", "B"))])[0].reason[:60]
'embedded_adapted answers Yes/No questions; these options are'
>>> judge.close()
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from rewardstack.rewards.critic.judges.base import (
    JudgeBackend,
    JudgeConfig,
    JudgeRequest,
    JudgeVerdict,
    register_judge,
)

__all__ = ["NO_CRITIQUE", "AdaptedJudge", "AdaptedJudgeConfig"]

NO_CRITIQUE = ("(no critique: the embedded_adapted judge classifies and writes no text; use judge kind hf_local "
               "or openai_compatible for critiques)")


class AdaptedJudgeConfig(JudgeConfig):
    """The adapted embedded judge (see the module docstring)."""

    kind: Literal["embedded_adapted"] = "embedded_adapted"
    path: str | None = None
    device: str | None = None
    dtype: str | None = None
    batch_size: int = Field(default=32, ge=1)


def _yes_no(options: tuple[str, ...]) -> tuple[str, str] | None:
    """(the option spelled Yes, the one spelled No) in any case, or None for other options."""
    lowered = {o.strip().lower(): o for o in options}
    if len(options) != 2 or set(lowered) != {"yes", "no"}:
        return None
    return lowered["yes"], lowered["no"]


@register_judge("embedded_adapted")
class AdaptedJudge(JudgeBackend):
    """P(Yes) from an adapted embedded model; one forward pass per ``batch_size`` requests."""

    kind = "embedded_adapted"
    config_class = AdaptedJudgeConfig
    config: AdaptedJudgeConfig

    def __init__(self, config: AdaptedJudgeConfig):
        from rewardstack.rewards.critic.adapted.model import AdaptedJudgeModel

        super().__init__(config)
        self.model = AdaptedJudgeModel.load(config.path, device=config.device, dtype=config.dtype)
        self._lock = threading.Lock()  # one forward pass at a time: the engine may call from several threads

    def fingerprint(self) -> str:
        return f"embedded_adapted:{self.model.fingerprint()}"

    def count_tokens(self, request: JudgeRequest) -> int | None:
        return len(self.model.net.encode(request))

    def judge(self, requests: Sequence[JudgeRequest]) -> list[JudgeVerdict]:
        verdicts: list[JudgeVerdict | None] = [None] * len(requests)
        ready: list[int] = []
        for i, request in enumerate(requests):
            if _yes_no(request.options) is None:
                verdicts[i] = JudgeVerdict.error(f"embedded_adapted answers Yes/No questions; these options are "
                                                 f"{list(request.options)} (use hf_local or openai_compatible)")
            else:
                ready.append(i)
        if ready:
            chosen = [requests[i] for i in ready]
            with self._lock:
                p_yes = self.model.p_yes(chosen, self.config.batch_size)
            for i, request, p in zip(ready, chosen, p_yes, strict=True):
                yes = (_yes_no(request.options) or ("Yes", "No"))[0]
                text = NO_CRITIQUE if request.critique_tokens > 0 else ""
                probabilities = {o: float(p) if o == yes else 1.0 - float(p) for o in request.options}
                verdicts[i] = JudgeVerdict.ok(probabilities, text=text, tokens=len(self.model.net.encode(request)))
        return [v for v in verdicts if v is not None]

    def close(self) -> None:
        self.model.close()
