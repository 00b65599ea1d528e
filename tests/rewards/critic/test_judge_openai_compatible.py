"""openai_compatible: parity with hf_local against a real serve-judge, and every failure against a real server."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterator

import pytest

from rewardstack.core.errors import SourceError
from rewardstack.core.score import Status
from rewardstack.rewards.critic.chat_lm import ChatLM
from rewardstack.rewards.critic.judges.base import JudgeRequest
from rewardstack.rewards.critic.judges.hf_local import HfLocalConfig, HfLocalJudge
from rewardstack.rewards.critic.judges.openai_compatible import OpenAICompatibleConfig, OpenAICompatibleJudge
from rewardstack.rewards.critic.server import create_app, serve_in_thread
from tests.rewards.critic.critic_support import Script, misbehaving_server

QUESTIONS = [JudgeRequest(prompt=f"Principle {i}: be kind.\nResponse: {'fine ' * i}\nAnswer Yes or No.")
             for i in range(5)] + [
    JudgeRequest(prompt="Answer No or Yes: is the sky green?", options=("No", "Yes")),
    JudgeRequest(prompt=[{"role": "system", "content": "Be strict."},  # type: ignore[list-item]
                         {"role": "user", "content": "A or B?"}], options=("A", "B")),
]


@pytest.fixture(scope="module")
def tiny_server() -> Iterator[str]:
    lm = ChatLM("tiny-lm", device="cpu")
    with serve_in_thread(create_app(lm)) as url:
        yield url
    lm.close()


def remote(url: str, **options: object) -> OpenAICompatibleJudge:
    return OpenAICompatibleJudge(OpenAICompatibleConfig(base_url=url, **options))  # type: ignore[arg-type]


def test_parity_with_hf_local_on_tiny_lm(tiny_server: str) -> None:
    """tiny-lm is random: its options are nowhere near its top 20 tokens, so the tokenizer's logit_bias read is
    what makes the HTTP verdict exact; it must equal the local one within 1e-3 (float32 gives ~1e-6)."""
    with HfLocalJudge(HfLocalConfig(model="tiny-lm", device="cpu")) as local, \
            remote(tiny_server, model="tiny-lm", tokenizer="tiny-lm") as http:
        here, there = local.judge(QUESTIONS), http.judge(QUESTIONS)
    for mine, theirs in zip(here, there, strict=True):
        assert mine.status is Status.OK and theirs.status is Status.OK, theirs.reason
        for option, p in mine.probabilities.items():
            assert abs(p - theirs.probabilities[option]) < 1e-3
    assert max(abs(a.probabilities[o] - b.probabilities[o]) for a, b in zip(here, there, strict=True)
               for o in a.probabilities) < 1e-5


@pytest.mark.slow
def test_parity_with_hf_local_on_smollm2_without_a_tokenizer() -> None:
    """An instruct model ranks Yes/No in its top tokens: matching token texts alone gives the same verdict."""
    requests = [JudgeRequest(prompt="Is Paris the capital of France? Answer Yes or No."),
                JudgeRequest(prompt="Is the sun cold? Answer No or Yes.", options=("No", "Yes"))]
    lm = ChatLM("smollm2-135m-instruct", device="cpu")
    with serve_in_thread(create_app(lm)) as url, remote(url, model="smollm2-135m-instruct") as http:
        there = http.judge(requests)
    lm.close()  # one 540 MB copy at a time
    with HfLocalJudge(HfLocalConfig(model="smollm2-135m-instruct", device="cpu")) as local:
        here = local.judge(requests)
    for mine, theirs in zip(here, there, strict=True):
        assert theirs.status is Status.OK, theirs.reason
        assert max(abs(p - theirs.probabilities[o]) for o, p in mine.probabilities.items()) < 1e-3


def test_critique_text_and_tokens(tiny_server: str) -> None:
    request = JudgeRequest(prompt="Critique this.", critique_tokens=5)
    with HfLocalJudge(HfLocalConfig(model="tiny-lm", device="cpu")) as local, \
            remote(tiny_server, model="tiny-lm", tokenizer="tiny-lm") as http:
        mine, theirs = local.judge([request])[0], http.judge([request])[0]
    assert theirs.text == mine.text  # greedy on both sides
    assert theirs.tokens > mine.tokens > 0  # two requests over HTTP: the read, then the text


def test_fingerprint_names_the_served_weights(tiny_server: str) -> None:
    with remote(tiny_server, model="tiny-lm") as http:
        assert http.fingerprint().startswith("openai_compatible:tiny-lm:tiny-lm:tiny-lm@sha256:")
    with remote(tiny_server, model="tiny-lm", check_model=False) as unchecked:
        assert unchecked.fingerprint() == "openai_compatible:tiny-lm:"


@pytest.mark.parametrize(("plan", "statuses", "attempts", "reason"), [
    (["500"] * 3, [Status.ERROR], 3, "the judge server answered 500 (3 attempt(s)): the GPU fell over"),
    (["429", "429"], [Status.OK], 3, ""),
    (["500", "ok"], [Status.OK], 2, ""),
    (["400"], [Status.ERROR], 1, "answered 400 (1 attempt(s)): bad request body"),
    (["malformed"], [Status.ERROR], 1, "malformed reply: not JSON: '<html>gateway</html>'"),
    (["refuse"], [Status.ERROR], 1, "the judge refused: \"I can't help with judging that.\""),
    (["text:Certainly not"], [Status.ERROR], 1, "could not parse an answer from the reply 'Certainly not'"),
    (["text:No, it is not."], [Status.OK], 1, ""),
    (["slow", "slow", "slow"], [Status.TIMEOUT], 3, "within 0.5s (timeout_s), 3 attempt(s)"),
    (["slow", "ok"], [Status.OK], 2, ""),
])
def test_failures_against_a_real_server(plan: list[str], statuses: list[Status], attempts: int, reason: str) -> None:
    script = Script(plan=plan)
    with misbehaving_server(script) as url, remote(url, model="scripted", max_retries=2, backoff_s=0.01,
                                                   timeout_s=0.5) as http:
        [verdict] = http.judge([JudgeRequest(prompt="Is it fine?")])
    assert [verdict.status] == statuses
    assert len(script.seen) == attempts
    assert reason in verdict.reason
    if verdict.status is Status.OK:
        assert sum(verdict.probabilities.values()) == pytest.approx(1.0)


def test_logprobs_are_read_when_the_server_gives_them() -> None:
    script = Script(plan=[])
    with misbehaving_server(script, logprobs={"Yes": -0.5, " Yes": -2.0, "No": -1.5, "Hmm": -0.1}) as url, \
            remote(url, model="scripted") as http:
        [verdict] = http.judge([JudgeRequest(prompt="Is it fine?")])
    yes, no = math.exp(-0.5) + math.exp(-2.0), math.exp(-1.5)
    assert verdict.probabilities["Yes"] == pytest.approx(yes / (yes + no), abs=1e-12)
    body = script.seen[0]
    assert body["max_tokens"] == 1 and body["temperature"] == 0 and body["logprobs"] is True
    assert body["top_logprobs"] == 20 and "logit_bias" not in body
    assert verdict.tokens == 8  # usage.total_tokens


def test_the_api_key_comes_from_the_named_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    script = Script(plan=[])
    with misbehaving_server(script, require_key="sk-test-123") as url:
        monkeypatch.delenv("JUDGE_KEY_FOR_TEST", raising=False)
        with pytest.raises(SourceError, match=r"\$JUDGE_KEY_FOR_TEST is not set"):
            remote(url, model="scripted", api_key_env="JUDGE_KEY_FOR_TEST")
        monkeypatch.setenv("JUDGE_KEY_FOR_TEST", "sk-test-123")
        with remote(url, model="scripted", api_key_env="JUDGE_KEY_FOR_TEST") as http:
            [verdict] = http.judge([JudgeRequest(prompt="Is it fine?")])
        assert verdict.status is Status.OK
        assert script.headers[0]["authorization"] == "Bearer sk-test-123"
        assert "sk-test-123" not in http.fingerprint()


def test_construction_checks_the_server_and_the_model() -> None:
    with misbehaving_server(Script(plan=[]), models=("judge-a", "judge-b")) as url:
        with pytest.raises(SourceError, match="does not serve model 'judge-c'; it serves judge-a, judge-b"):
            remote(url, model="judge-c")
    with pytest.raises(SourceError, match="cannot reach the judge server at http://127.0.0.1:9/v1"):
        remote("http://127.0.0.1:9/v1", model="x", timeout_s=2)


def test_concurrency_limits_requests_in_flight() -> None:
    script = Script(plan=["slow"] * 12, slow_s=0.2)
    requests = [JudgeRequest(prompt=f"Question {i}?") for i in range(12)]
    with misbehaving_server(script) as url, remote(url, model="scripted", concurrency=3, timeout_s=5) as http:
        verdicts = asyncio.run(http.ajudge(requests))  # a fresh loop per call is allowed too
        again = http.judge(requests[:2])
    assert all(v.status is Status.OK for v in verdicts + again)
    assert script.max_in_flight == 3
