"""The judge question for a labelled judgement, and the text a judge model reads from a request.

Training and judging must see the same text. The question comes from the critic's own
:func:`rewardstack.rewards.critic.questions.question_request` (the constitution's question template,
the principle's text, the options in the order asked, the system turn), so the trainer renders each
labelled item exactly as ``constitutional_critic`` renders a sample; the adapted judge reads every
request, at training and at judging, through :func:`request_text`.

>>> from rewardstack.rewards.critic.constitution import load_constitution
>>> from rewardstack.rewards.critic.data.items import JudgementItem
>>> item = JudgementItem(id="x", principle="no_sycophancy", prompt="Bats are blind, right?",
...                      response="Bats can see.", verdict=True)
>>> request = item_request(load_constitution("default"), item, order=1)
>>> request.options, request_text(request).endswith("Answer No or Yes.")
(('No', 'Yes'), True)
"""

from __future__ import annotations

from rewardstack.rewards.critic.constitution import Constitution
from rewardstack.rewards.critic.data.items import JudgementItem
from rewardstack.rewards.critic.judges.base import JudgeRequest
from rewardstack.rewards.critic.questions import Order, question_request

__all__ = ["item_request", "request_text"]


def item_request(constitution: Constitution, item: JudgementItem, *, order: Order) -> JudgeRequest:
    """The question the critic asks about ``item.response`` under ``item.principle``, options in ``order``."""
    return question_request(constitution, constitution.principle(item.principle), item.prompt, item.response,
                            order=order)


def request_text(request: JudgeRequest) -> str:
    """The request's prompt as one text: chat turns' contents joined by blank lines (roles dropped)."""
    if isinstance(request.prompt, str):
        return request.prompt
    return "\n\n".join(message.content for message in request.prompt)
