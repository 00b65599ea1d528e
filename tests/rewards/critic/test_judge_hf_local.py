"""hf_local: verdicts from a local causal LM (tiny-lm: a seeded random model, fast on CPU)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rewardstack.core.score import Status
from rewardstack.rewards.critic.judges.base import JudgeRequest
from rewardstack.rewards.critic.judges.hf_local import HfLocalConfig, HfLocalJudge

QUESTION = "Does the response follow the principle? Answer Yes or No."


@pytest.fixture(scope="module")
def judge() -> Iterator[HfLocalJudge]:
    with HfLocalJudge(HfLocalConfig(model="tiny-lm", device="cpu")) as backend:
        yield backend  # type: ignore[misc]


def test_verdicts_are_renormalised_over_the_options(judge: HfLocalJudge) -> None:
    verdicts = judge.judge([JudgeRequest(prompt=QUESTION), JudgeRequest(prompt=QUESTION, options=("No", "Yes")),
                            JudgeRequest(prompt="Pick one: A or B.", options=("A", "B"))])
    assert [v.status for v in verdicts] == [Status.OK] * 3
    for verdict in verdicts:
        assert abs(sum(verdict.probabilities.values()) - 1.0) < 1e-9
        assert verdict.tokens > 0 and verdict.text == ""
    # the options' order in the request does not change how they are read (the prompt is the same)
    assert abs(verdicts[0].probabilities["Yes"] - verdicts[1].probabilities["Yes"]) < 1e-9


def test_a_verdict_does_not_depend_on_its_batch(judge: HfLocalJudge) -> None:
    short = JudgeRequest(prompt=QUESTION)
    long = JudgeRequest(prompt="A much longer question " * 30 + QUESTION)
    alone = judge.judge([short])[0].probabilities["Yes"]
    batched = judge.judge([long, short, long])[1].probabilities["Yes"]
    assert abs(alone - batched) < 1e-5


def test_chat_turns_with_a_system_prompt(judge: HfLocalJudge) -> None:
    request = JudgeRequest(prompt=[{"role": "system", "content": "Judge strictly."},  # type: ignore[list-item]
                                   {"role": "user", "content": QUESTION}])
    plain = judge.judge([JudgeRequest(prompt=QUESTION)])[0]
    turned = judge.judge([request])[0]
    assert turned.status is Status.OK and turned.probabilities != plain.probabilities


def test_critiques_are_greedy_and_deterministic(judge: HfLocalJudge) -> None:
    request = JudgeRequest(prompt="Critique the response.", critique_tokens=6)
    first = judge.judge([request])[0]
    again = judge.judge([JudgeRequest(prompt="x " * 50), request])[1]
    assert first.text == again.text and first.text != ""
    assert first.probabilities == pytest.approx(again.probabilities, abs=1e-5)


def test_sampled_text_follows_its_seed(judge: HfLocalJudge) -> None:
    def sample(seed: int) -> str:
        return judge.judge([JudgeRequest(prompt="Say something.", critique_tokens=8, temperature=1.0,
                                         seed=seed)])[0].text

    assert sample(1) == sample(1)
    assert len({sample(s) for s in range(4)}) > 1  # a random 49k-token model: different seeds, different text


def test_per_request_problems_are_error_verdicts_and_the_rest_is_answered() -> None:
    with HfLocalJudge(HfLocalConfig(model="tiny-lm", device="cpu", max_length=64)) as judge:
        verdicts = judge.judge([
            JudgeRequest(prompt="word " * 200),
            JudgeRequest(prompt="Absolutely or Absolutist?", options=("Absolutely", "Absolutist")),
            JudgeRequest(prompt=QUESTION),
        ])
    assert [v.status for v in verdicts] == [Status.ERROR, Status.ERROR, Status.OK]
    assert "tokens" in verdicts[0].reason and "reads at most 64" in verdicts[0].reason
    assert "both start with the token" in verdicts[1].reason


def test_fingerprint_and_token_count(judge: HfLocalJudge) -> None:
    assert judge.fingerprint().startswith("hf_local:tiny-lm:") and "sha256" in judge.fingerprint()
    request = JudgeRequest(prompt=QUESTION)
    assert judge.count_tokens(request) == len(judge.lm.encode(QUESTION))
