"""Which of two responses follows a principle better: one question asked in both orders, averaged.

The feedback question of RLAIF (Bai et al., 2022, section 4): the judge reads
the principle, the prompt and two responses labelled ``A`` and ``B``, and its
next-token probabilities over the options ``A`` / ``B`` (renormalised over the
two, as every judge backend does) are the preference. A judge prefers a
position as well as a response, so the question is asked twice, the
responses swapped, and the two readings of "``first`` is better" averaged:

    p_0 = P(A | first shown as A, second as B)
    p_1 = P(B | second shown as A, first as B)
    p   = (p_0 + p_1) / 2                     P(first is better)
    flipped = [p_0 >= 1/2] != [p_1 >= 1/2]    the order decided the side

:data:`COMPARE_TEMPLATE` uses the same ``str.format`` fields as the
constitution's templates (``{principle}``, ``{prompt}``, ``{options}``) plus
``{response_a}`` and ``{response_b}``.

>>> from rewardstack.rewards.critic.constitution import load_constitution
>>> principle = load_constitution("default").principle("no_sycophancy")
>>> first, second = compare_requests(principle, "Bats are blind, right?", "No, bats can see.", "Yes, totally.")
>>> first.options, "Response A:\\nNo, bats can see." in first.prompt, "Response A:\\nYes, totally." in second.prompt
(('A', 'B'), True, True)
>>> v = compare_verdict({"A": 0.8, "B": 0.2}, {"A": 0.4, "B": 0.6})
>>> round(v.p_first, 6), v.by_order, v.flipped
(0.7, (0.8, 0.6), False)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rewardstack.rewards.critic.constitution import Principle
from rewardstack.rewards.critic.judges.base import JudgeRequest
from rewardstack.rewards.critic.templates import render

__all__ = ["COMPARE_TEMPLATE", "OPTIONS", "CompareVerdict", "compare_requests", "compare_verdict"]

OPTIONS = ("A", "B")

COMPARE_TEMPLATE = """You are comparing two responses to the same prompt against one principle.

Principle: {principle}

User prompt:
{prompt}

Response A:
{response_a}

Response B:
{response_b}

Which response follows the principle better? Answer {options}."""


@dataclass(frozen=True)
class CompareVerdict:
    """P(first is better), averaged over both orders; each order's reading; whether the order flipped it."""

    p_first: float
    by_order: tuple[float, float]
    flipped: bool

    def details(self, digits: int) -> dict[str, Any]:
        return {"by_order": [round(p, digits) for p in self.by_order]}


def _request(principle: Principle, prompt: str, response_a: str, response_b: str) -> JudgeRequest:
    text = render(COMPARE_TEMPLATE, principle=principle.text, prompt=prompt, response_a=response_a,
                  response_b=response_b, options=" or ".join(OPTIONS))
    return JudgeRequest(prompt=text, options=OPTIONS)


def compare_requests(principle: Principle, prompt: str, first: str, second: str) -> tuple[JudgeRequest, JudgeRequest]:
    """(``first`` shown as A, ``second`` shown as A): the two orders of one comparison."""
    return _request(principle, prompt, first, second), _request(principle, prompt, second, first)


def compare_verdict(order_0: Mapping[str, float], order_1: Mapping[str, float]) -> CompareVerdict:
    """The averaged preference from the two orders' option probabilities (see the module docstring)."""
    p_0, p_1 = float(order_0[OPTIONS[0]]), float(order_1[OPTIONS[1]])
    return CompareVerdict(p_first=(p_0 + p_1) / 2, by_order=(p_0, p_1), flipped=(p_0 >= 0.5) != (p_1 >= 0.5))
