"""The critic over HTTP: async in the engine, the same verdicts as the local judge, failures as statuses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rewardstack import RewardStack, Sample
from rewardstack.core.score import Status
from rewardstack.core.source import is_async_source
from rewardstack.rewards.critic.chat_lm import ChatLM
from rewardstack.rewards.critic.server import create_app, serve_in_thread
from rewardstack.rewards.critic.source import AsyncConstitutionalCriticSource, ConstitutionalCriticSource
from tests.rewards.critic.critic_support import Script, misbehaving_server

SAMPLES = [Sample(id=str(i), prompt=f"Question {i}: is {'this ' * i}safe?", response=f"Answer {i}.",
                  domain="medicine" if i % 3 == 0 else None) for i in range(6)]


@pytest.fixture(scope="module")
def tiny_server() -> Iterator[str]:
    lm = ChatLM("tiny-lm", device="cpu")
    with serve_in_thread(create_app(lm)) as url:
        yield url
    lm.close()


def http_critic(url: str, judge_options: dict[str, object] | None = None, **options: object
                ) -> ConstitutionalCriticSource:
    judge = {"kind": "openai_compatible", "base_url": url, "model": "tiny-lm", "tokenizer": "tiny-lm",
             **(judge_options or {})}
    return ConstitutionalCriticSource(judge=judge, **options)  # type: ignore[arg-type]


def test_an_http_judge_makes_the_source_async(tiny_server: str) -> None:
    source = http_critic(tiny_server)
    assert type(source) is AsyncConstitutionalCriticSource and is_async_source(source)
    source.close()


def test_same_scores_as_hf_local_through_a_stack(tiny_server: str) -> None:
    local = ConstitutionalCriticSource(judge={"kind": "hf_local", "model": "tiny-lm", "device": "cpu"})
    remote = http_critic(tiny_server, execution={"concurrency": 4}, batch={"max_samples": 2})
    with RewardStack({"critic": remote}, cache=None) as stack:
        over_http = stack.score(SAMPLES)
        notes = stack.notes()
    here = local.score(SAMPLES)
    local.close()
    for mine, result in zip(here, over_http, strict=True):
        theirs = result.scores["critic"]
        assert theirs.status is Status.OK and mine.status is Status.OK
        assert list(theirs.components) == list(mine.components)
        for principle, value in mine.components.items():
            assert abs(value - theirs.components[principle]) < 1e-3
        assert abs(mine.value - theirs.value) < 1e-3  # type: ignore[operator]
    assert any("flip rate" in note for note in notes)


def test_outside_a_stack_the_async_source_runs_on_its_own_loop(tiny_server: str) -> None:
    source = http_critic(tiny_server, principles=["no_sycophancy"])
    first, again = source.score(SAMPLES[:2]), source.score(SAMPLES[:2])
    assert [s.value for s in first] == [s.value for s in again]
    source.close()


def test_server_failures_and_deadlines_become_statuses() -> None:
    samples = SAMPLES[:2]
    script = Script(plan=[], then="500")
    with misbehaving_server(script, models=("tiny-lm",)) as url:
        broken = http_critic(url, {"max_retries": 1, "backoff_s": 0.01}, principles=["no_sycophancy"])
        with RewardStack({"critic": broken}, cache=None) as stack:
            results = stack.score(samples)
    assert [r.scores["critic"].status for r in results] == [Status.ERROR] * 2
    assert "the judge server answered 500 (2 attempt(s)): the GPU fell over" in results[0].scores["critic"].evidence
    slow = Script(plan=[], then="slow", slow_s=5.0)
    with misbehaving_server(slow, models=("tiny-lm",)) as url:
        stuck = http_critic(url, principles=["no_sycophancy"], execution={"timeout_s": 0.5})
        with RewardStack({"critic": stuck}, cache=None) as stack:
            results = stack.score(samples)
    assert [r.scores["critic"].status for r in results] == [Status.TIMEOUT] * 2
    assert "execution.timeout_s" in results[0].scores["critic"].evidence
