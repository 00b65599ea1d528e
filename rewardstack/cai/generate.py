"""Free text from a local causal LM for a batch of chat prompts: one seeded row per prompt.

Every row decodes with its own ``torch.Generator`` seeded by the row's seed
(:class:`~rewardstack.rewards.critic.chat_lm.ChatLM`), so a row's text does not
depend on the rows beside it; at ``temperature == 0`` decoding is greedy. The
batch is one left-padded forward pass plus one decoding loop: generation time
is dominated by the decoding steps, which a cut into length buckets would
multiply. A prompt the model cannot take (longer than its context with the
tokens to generate, refused by its chat template) is a :class:`Failed` row with
the reason; the other rows are still generated.

>>> from rewardstack.rewards.critic.chat_lm import ChatLM
>>> lm = ChatLM("tiny-lm", device="cpu")
>>> texts = generate(lm, ["Say hi.", "Name a colour."], seeds=[1, 2], temperature=0.7, max_new_tokens=4)
>>> texts == generate(lm, ["Say hi.", "Name a colour."], seeds=[1, 2], temperature=0.7, max_new_tokens=4)
True
>>> generate(lm, ["word " * 9000], seeds=[1], temperature=0.0, max_new_tokens=4)[0].reason
'the prompt has ... tokens (+4 to generate); tiny-lm reads at most 8192'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rewardstack.rewards.critic.chat_lm import ChatLM, ChatPrompt, PromptTooLong

__all__ = ["Failed", "generate"]


@dataclass(frozen=True)
class Failed:
    """A row that could not be generated, and why."""

    reason: str


def _encode(lm: ChatLM, prompt: ChatPrompt, max_new_tokens: int) -> list[int] | Failed:
    try:
        ids = lm.encode(prompt)
        lm.check_length(ids, max_new_tokens)
    except PromptTooLong as exc:
        return Failed(str(exc).replace("the judge prompt", "the prompt"))
    except Exception as exc:  # a chat template may refuse a role order: this row alone fails, with the reason
        return Failed(f"cannot lay out the prompt: {type(exc).__name__}: {exc}")
    return ids


def generate(lm: ChatLM, prompts: Sequence[ChatPrompt], *, seeds: Sequence[int], temperature: float,
             max_new_tokens: int) -> list[str | Failed]:
    """The generated text per prompt (stripped), or :class:`Failed` (see the module docstring)."""
    encoded = [_encode(lm, prompt, max_new_tokens) for prompt in prompts]
    ready = [(i, ids) for i, ids in enumerate(encoded) if not isinstance(ids, Failed)]
    texts: list[str | Failed] = [ids if isinstance(ids, Failed) else Failed("not generated") for ids in encoded]
    if not ready:
        return texts
    rows = lm.run([ids for _, ids in ready], max_new_tokens=[max_new_tokens] * len(ready),
                  temperature=[temperature] * len(ready), seeds=[seeds[i] for i, _ in ready])
    for (i, _), row in zip(ready, rows, strict=True):
        texts[i] = lm.decode(row.tokens).strip()
    return texts
