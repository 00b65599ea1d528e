"""Pairwise preference from two pointwise verdicts: the critic's Yes/No question about each response.

``cai label --mode pointwise`` asks the judge the constitution's own question
(:func:`~rewardstack.rewards.critic.questions.question_request`: "Does the
response follow the principle? Answer Yes or No.") about each response of a
pair, in both option orders, exactly as the ``constitutional_critic`` source
does, so any judge trained for the critic (the adapted embedded judge, which
answers only such questions) can label pairs. With ``v_1``, ``v_2`` the two
responses' verdicts (P(satisfied), option orders averaged:
:func:`~rewardstack.rewards.critic.verdicts.principle_verdict`), the preference
is the Bradley–Terry probability of their log-odds difference

    P(first is better) = sigmoid(logit v_1 - logit v_2)
                       = v_1 (1 - v_2) / (v_1 (1 - v_2) + v_2 (1 - v_1))

i.e. the chance that the first follows the principle and the second does not,
given that exactly one does; two verdicts of 1 (or of 0) are a tie (1/2).
``flipped`` says the option order changed the side of either verdict.

>>> round(bt_preference(0.9, 0.3), 4), bt_preference(0.5, 0.5), bt_preference(1.0, 1.0)
(0.9545, 0.5, 0.5)
>>> v = pointwise_verdict("Yes", [{"Yes": 0.9, "No": 0.1}, {"Yes": 0.7, "No": 0.3}, {"Yes": 0.2, "No": 0.8},
...                               {"Yes": 0.6, "No": 0.4}])
>>> round(v.first.value, 3), round(v.second.value, 3), v.flipped, round(v.p_first, 3)
(0.8, 0.4, True, 0.857)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rewardstack.rewards.critic.constitution import Constitution, Principle
from rewardstack.rewards.critic.judges.base import JudgeRequest
from rewardstack.rewards.critic.questions import question_request
from rewardstack.rewards.critic.verdicts import PrincipleVerdict, principle_verdict

__all__ = ["PointwiseVerdict", "bt_preference", "pointwise_requests", "pointwise_verdict"]


def bt_preference(v_first: float, v_second: float) -> float:
    """sigmoid(logit v_first - logit v_second), finite at the edges (see the module docstring)."""
    for_first, for_second = v_first * (1.0 - v_second), v_second * (1.0 - v_first)
    total = for_first + for_second
    return 0.5 if total == 0.0 else for_first / total


@dataclass(frozen=True)
class PointwiseVerdict:
    """P(first is better) from the two responses' principle verdicts."""

    p_first: float
    first: PrincipleVerdict
    second: PrincipleVerdict

    @property
    def flipped(self) -> bool:
        return self.first.flipped or self.second.flipped

    def details(self, digits: int) -> dict[str, Any]:
        return {side: {"value": round(v.value, digits), "by_order": [round(q, digits) for q in v.by_order]}
                for side, v in (("first", self.first), ("second", self.second))}


def pointwise_requests(constitution: Constitution, principle: Principle, prompt: str, first: str, second: str,
                       domain: str | None) -> list[JudgeRequest]:
    """The critic's question about ``first`` (orders 0, 1), then about ``second`` (orders 0, 1)."""
    return [question_request(constitution, principle, prompt, response, order=order, domain=domain)
            for response in (first, second) for order in (0, 1)]


def pointwise_verdict(satisfied: str, probabilities: Sequence[Mapping[str, float]]) -> PointwiseVerdict:
    """The preference from the four answers of :func:`pointwise_requests` (``satisfied``: the option meaning yes)."""
    q = [float(p[satisfied]) for p in probabilities]
    first, second = principle_verdict([[q[0]], [q[1]]]), principle_verdict([[q[2]], [q[3]]])
    return PointwiseVerdict(bt_preference(first.value, second.value), first, second)
