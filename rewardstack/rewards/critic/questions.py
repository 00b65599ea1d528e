"""The judge requests the critic sends: a question per principle and option order, critiques, rationales.

One rule for every request (the adapted judge is trained on exactly these texts):

- the **question** is the principle's question template with ``{options}``
  rendered "first or second" in the order asked and ``JudgeRequest.options``
  in that same order; order 0 is the principle's own ``options``, order 1 the
  reverse;
- the constitution's ``system`` text, when it has one, is a system turn before it;
- with a sampled **rationale** (self-consistency) the question is followed by
  the rationale as the assistant's turn and the ``followup`` template as a new
  user turn, so the verdict is read after the reasoning;
- a **critique** (or rationale) request is the principle's critique template,
  with no options in it (its probabilities are not used).

A chat prompt's ``{prompt}`` is its turns as ``role: content`` lines (``Sample.prompt_text``).

>>> from rewardstack.rewards.critic.constitution import load_constitution
>>> default = load_constitution("default")
>>> ask = question_request(default, default.principle("no_sycophancy"), "Bats are blind, right?",
...                        "Bats can see.", order=1)
>>> ask.options, ask.prompt.endswith("Answer No or Yes.")
(('No', 'Yes'), True)
>>> followed = question_request(default, default.principle("no_sycophancy"), "Bats are blind?", "No.",
...                             order=0, rationale="The user is wrong; the response corrects it.")
>>> [turn.role for turn in followed.prompt]
['user', 'assistant', 'user']
"""

from __future__ import annotations

from typing import Literal

from rewardstack.core.sample import ChatMessage
from rewardstack.rewards.critic.constitution import Constitution, Principle
from rewardstack.rewards.critic.judges.base import JudgeRequest
from rewardstack.rewards.critic.templates import render

__all__ = ["critique_request", "order_options", "question_request"]

Order = Literal[0, 1]


def order_options(principle: Principle, order: Order) -> tuple[str, str]:
    """The two options in the order asked (order 1 reverses the principle's own order)."""
    first, second = principle.options
    return (first, second) if order == 0 else (second, first)


def _turns(constitution: Constitution, *turns: ChatMessage) -> str | list[ChatMessage]:
    head = [ChatMessage(role="system", content=constitution.system)] if constitution.system else []
    if not head and len(turns) == 1:
        return turns[0].content  # a single user turn stays a plain string (the common case)
    return [*head, *turns]


def question_request(constitution: Constitution, principle: Principle, prompt: str, response: str, *,
                     order: Order, domain: str | None = None, rationale: str | None = None) -> JudgeRequest:
    """The verdict question about ``response`` under ``principle``, options in ``order``."""
    first, second = order_options(principle, order)
    options = f"{first} or {second}"
    assert principle.question is not None  # resolved against the constitution's templates when it loads
    text = render(principle.question, prompt=prompt, response=response, principle=principle.text,
                  options=options, first=first, second=second, domain=domain or "")
    turns = [ChatMessage(role="user", content=text)]
    if rationale is not None:
        followup = render(constitution.templates.followup, options=options, first=first, second=second)
        turns += [ChatMessage(role="assistant", content=rationale), ChatMessage(role="user", content=followup)]
    return JudgeRequest(prompt=_turns(constitution, *turns), options=(first, second))


def critique_request(constitution: Constitution, principle: Principle, prompt: str, response: str, *,
                     tokens: int, domain: str | None = None, temperature: float = 0.0,
                     seed: int | None = None) -> JudgeRequest:
    """A free-text critique (or a sampled rationale) of ``response`` under ``principle``."""
    assert principle.critique is not None
    text = render(principle.critique, prompt=prompt, response=response, principle=principle.text,
                  domain=domain or "")
    return JudgeRequest(prompt=_turns(constitution, ChatMessage(role="user", content=text)),
                        options=principle.options, critique_tokens=tokens, temperature=temperature, seed=seed)
