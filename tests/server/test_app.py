"""The reward server on a real uvicorn server on loopback: every endpoint, auth, limits, back-pressure."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from rewardstack import RewardStack, Sample
from rewardstack.server.config import ServerConfig
from tests.server.helpers import CountSource, make_stack, post, running, sample, wait_until


def test_score_returns_one_stack_result_per_sample_in_order() -> None:
    stack, _ = make_stack()
    samples = [sample(i, "x" * (i + 1)) for i in range(5)]
    with running(stack) as (url, _service):
        reply = post(url, "/score", {"samples": samples})
        empty = post(url, "/score", {"samples": []})
    assert reply.status_code == 200
    results = reply.json()["results"]
    assert [r["id"] for r in results] == ["0", "1", "2", "3", "4"]
    assert [r["total"] for r in results] == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert results[0]["scores"]["count"]["status"] == "ok" and results[0]["contributions"] == {"count": 1.0}
    assert empty.json() == {"results": []}


def test_get_reward_speaks_openrlhf_and_counts_samples_without_a_total() -> None:
    stack, _ = make_stack()
    body = {"query": ["Q: hi A: abcd", "Q: x A: broken", "no prompt prefix"],
            "prompts": ["Q: hi A: ", "Q: x A: ", "other"], "labels": ["4", None, {"answer": "z"}],
            "future_field": 1}  # unknown keys are ignored (OpenRLHF versions add some)
    with running(stack, ServerConfig(missing_reward=-7.0)) as (url, _service):
        reply = post(url, "/get_reward", body)
    assert reply.status_code == 200
    data = reply.json()
    assert data["rewards"] == [4.0, -7.0, 16.0]  # "broken" errors: no total -> the documented value
    assert data["scores"] == data["rewards"]
    assert data["extra_logs"] == {"no_total": [0.0, 1.0, 0.0], "count": [4.0, -7.0, 16.0],
                                  "count/ok": [1.0, 0.0, 1.0]}


def test_health_sources_and_metrics() -> None:
    stack, _ = make_stack()
    with running(stack) as (url, _service):
        post(url, "/score", {"samples": [sample(1), sample(2, "broken")]})
        post(url, "/score", {"samples": "nope"})
        health = httpx.get(f"{url}/health").json()
        sources = httpx.get(f"{url}/sources").json()
        metrics = httpx.get(f"{url}/metrics")
    assert health["status"] == "ok" and health["training"] is False and health["batches"] == 1
    assert sources["sources"]["count"]["kind"] == "server_count" and sources["group_key"] is None
    assert sources["fusion"]["kind"] == "weighted_sum"
    assert metrics.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = metrics.text
    for line in text.splitlines():  # the exposition format: comments or `name{labels} value`
        assert line.startswith("# ") or re.fullmatch(r'[a-z_]+(\{[^}]*\})? [0-9.e+-]+', line), line
    assert 'rewardstack_requests_total{endpoint="/score",code="200"} 1' in text
    assert 'rewardstack_requests_total{endpoint="/score",code="400"} 1' in text
    assert 'rewardstack_samples_total{source="count",status="ok"} 1' in text
    assert 'rewardstack_samples_total{source="count",status="error"} 1' in text
    assert "rewardstack_totals_missing_total 1" in text and "rewardstack_batches_total 1" in text
    assert 'rewardstack_request_seconds_count{endpoint="/score"} 2' in text
    assert "rewardstack_queue_samples 0" in text


@pytest.mark.parametrize(("headers", "path", "expected"), [
    ({}, "/score", 401),
    ({"Authorization": "Bearer wrong"}, "/score", 401),
    ({"Authorization": "Basic s3cret"}, "/score", 401),
    ({"Authorization": "Bearer s3cret"}, "/score", 200),
    ({"Authorization": "bearer s3cret"}, "/get_reward", 200),
    ({}, "/health", 200),  # load balancers probe it without a token
    ({}, "/metrics", 401),
    ({}, "/sources", 401),
])
def test_bearer_token(headers: dict[str, str], path: str, expected: int) -> None:
    stack, _ = make_stack()
    bodies = {"/score": {"samples": [sample(1)]}, "/get_reward": {"query": ["abc"]}}
    with running(stack, ServerConfig(token="s3cret")) as (url, _service):
        if path in bodies:
            reply = httpx.post(f"{url}{path}", json=bodies[path], headers=headers)
        else:
            reply = httpx.get(f"{url}{path}", headers=headers)
    assert reply.status_code == expected
    if expected == 401:
        assert reply.json()["error"]["field"] == "Authorization" and reply.headers["www-authenticate"] == "Bearer"


def _chunks(total: int) -> Any:
    for _ in range(total // 512):
        yield b" " * 512


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/score", {"samples": [sample(i) for i in range(5)]}, "samples"),
    ("/get_reward", {"query": ["q"] * 5}, "query"),
    ("/score", {"samples": [sample(1, "x" * 5000)]}, "body"),  # Content-Length over the limit
    ("/score", _chunks(8192), "body"),  # chunked: refused once it passes the limit
])
def test_limits_are_413_naming_the_field(path: str, body: Any, field: str) -> None:
    stack, source = make_stack()
    with running(stack, ServerConfig(max_samples_per_request=4, max_body_bytes=4096)) as (url, _service):
        if isinstance(body, dict):
            reply = httpx.post(f"{url}{path}", json=body)
        else:
            reply = httpx.post(f"{url}{path}", content=body)
        after = post(url, "/score", {"samples": [sample(1)]})
    assert reply.status_code == 413 and reply.json()["error"]["field"] == field
    flag = "--max-samples" if field != "body" else "--max-body-mb"
    message = reply.json()["error"]["message"]
    assert flag in message and "max_samples_per_request" not in message and "max_body_bytes" not in message
    assert after.status_code == 200 and source.calls == [1]  # nothing of the refused requests was scored


def test_full_queue_answers_429_with_retry_after_then_recovers() -> None:
    stack, source = make_stack()
    source.hold = threading.Event()
    config = ServerConfig(max_batch=1, max_wait_ms=0, max_queue=2)
    with running(stack, config) as (url, service), ThreadPoolExecutor(4) as pool:
        first = pool.submit(post, url, "/score", {"samples": [sample(0)]})
        wait_until(source.started.is_set)
        queued = [pool.submit(post, url, "/score", {"samples": [sample(i)]}) for i in (1, 2)]
        wait_until(lambda: service.batcher.queued == 2)
        refused = post(url, "/score", {"samples": [sample(3)]})
        refused_rm = post(url, "/get_reward", {"query": ["abc"]})
        source.hold.set()
        replies = [first.result(), *[q.result() for q in queued]]
        again = post(url, "/score", {"samples": [sample(4)]})
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert "queue" in refused.json()["error"]["message"] and refused_rm.status_code == 429
    assert [r.status_code for r in replies] == [200, 200, 200] and again.status_code == 200
    assert [r.json()["results"][0]["id"] for r in replies] == ["0", "1", "2"]


def test_request_timeout_is_504_and_the_server_goes_on() -> None:
    stack, source = make_stack()
    source.hold = threading.Event()
    with running(stack, ServerConfig(request_timeout_s=0.3)) as (url, _service):
        slow = post(url, "/score", {"samples": [sample(1)]})
        source.hold.set()
        fine = post(url, "/score", {"samples": [sample(2, "abcd")]})
    assert slow.status_code == 504 and "--timeout-s" in slow.json()["error"]["message"]
    assert fine.status_code == 200 and fine.json()["results"][0]["total"] == 4.0


def test_a_raising_policy_fails_only_the_request_that_caused_it() -> None:
    stack, source = make_stack(policies={"count": {"on_error": "raise"}})
    source.hold = threading.Event()
    with running(stack, ServerConfig(max_wait_ms=50)) as (url, _service), ThreadPoolExecutor(4) as pool:
        holder = pool.submit(post, url, "/score", {"samples": [sample("h")]})
        wait_until(source.started.is_set)
        futures = [pool.submit(post, url, "/score", {"samples": [sample(i, r)]})
                   for i, r in enumerate(["ab", "broken", "abc"])]
        wait_until(lambda: _service.batcher.queued == 3)
        source.hold.set()
        replies = [f.result() for f in futures]
        holder.result()
    assert [r.status_code for r in replies] == [200, 500, 200]
    assert "scoring failed" in replies[1].json()["error"]["message"]
    assert source.calls == [1, 3, 1, 1, 1]  # the merged call raised; each request was rescored alone


def test_concurrent_requests_share_one_stack_call() -> None:
    stack, source = make_stack()
    source.hold = threading.Event()
    with running(stack, ServerConfig(max_batch=64, max_wait_ms=20)) as (url, service), ThreadPoolExecutor(17) as pool:
        holder = pool.submit(post, url, "/score", {"samples": [sample("h")]})
        wait_until(source.started.is_set)
        futures = [pool.submit(post, url, "/score", {"samples": [sample(i, "x" * i)]}) for i in range(1, 17)]
        wait_until(lambda: service.batcher.queued == 16)
        source.hold.set()
        totals = [f.result().json()["results"][0]["total"] for f in futures]
        holder.result()
    assert source.calls == [1, 16] and totals == [float(i) for i in range(1, 17)]


@pytest.mark.parametrize(("id_a", "id_b"), [("g", "g"), (7, "7"), (7.0, 7)])  # spellings of one id (group_label)
def test_requests_with_the_same_group_id_are_not_normalised_together(id_a: object, id_b: object) -> None:
    fusion = {"kind": "group_normalize", "key": "group", "input": "count"}
    stack, source = make_stack(fusion=fusion)
    source.hold = threading.Event()
    group_a = [sample(f"a{i}", "x" * (i + 1), metadata={"group": id_a}) for i in range(3)]
    group_b = [sample(f"b{i}", "x" * (10 * i + 1), metadata={"group": id_b}) for i in range(3)]
    alone = RewardStack({"count": CountSource()}, fusion, cache=None)
    expected = [[r.total for r in alone.score([Sample(**s) for s in group])] for group in (group_a, group_b)]
    alone.close()
    with running(stack, ServerConfig(max_wait_ms=50)) as (url, service), ThreadPoolExecutor(4) as pool:
        holder = pool.submit(post, url, "/score", {"samples": [sample("h")]})
        wait_until(source.started.is_set)
        futures = [pool.submit(post, url, "/score", {"samples": group}) for group in (group_a, group_b)]
        wait_until(lambda: service.batcher.queued == 6)
        source.hold.set()
        got = [[r["total"] for r in f.result().json()["results"]] for f in futures]
        holder.result()
    assert got == expected and source.calls == [1, 3, 3]


def test_requests_never_move_fusion_state() -> None:
    fusion = {"kind": "normalize", "input": "count"}
    trainer, _ = make_stack(fusion=fusion)
    trainer.train()
    trainer.score([Sample(id=str(i), prompt="p", response="x" * i) for i in range(1, 9)])
    state = trainer.state_dict()
    trainer.close()
    stack, _ = make_stack(fusion=fusion)
    stack.load_state_dict(state)
    stack.train()  # even a stack handed over in training mode is served in evaluation mode
    with running(stack) as (url, _service):
        replies = [post(url, "/score", {"samples": [sample(i, "x" * 30 * i) for i in range(1, 6)]}).json()
                   for _ in range(2)]
        assert stack.state_dict() == state and stack.training is False
    first, second = ([(r["total"], tuple(r["flags"])) for r in reply["results"]] for reply in replies)
    assert first == second and len(set(first)) == 5


def test_a_lone_surrogate_is_refused_and_a_surrogate_pair_is_text() -> None:
    stack, _ = make_stack()
    lone = b'{"samples": [{"id": "1", "prompt": "p", "response": "ok \\ud800"}]}'
    pair = b'{"samples": [{"id": "1", "prompt": "p", "response": "\\ud83d\\ude00"}]}'
    with running(stack) as (url, _service):
        refused = httpx.post(f"{url}/score", content=lone)
        emoji = httpx.post(f"{url}/score", content=pair)
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "samples.0.response"
    assert emoji.status_code == 200 and emoji.json()["results"][0]["total"] == 1.0


@pytest.mark.parametrize(("samples", "ids"), [
    ([{"id": 1, "prompt": "p", "response": "x"}], ["1"]),  # an integer id, as in `rewardstack score`
    ([{"prompt": "p", "response": "x"}, {"prompt": "p", "response": "xy"}], ["1", "2"]),  # none: its position
    ([{"id": "a", "prompt": "p", "response": "x"}, {"prompt": "p", "response": "xy"}], ["a", "2"]),
    ([{"id": 0, "prompt": "p", "response": "x"}, {"id": "0", "prompt": "p", "response": "xy"}], ["0", "0"]),
])
def test_score_reads_samples_with_the_clis_rules(samples: list[dict[str, Any]], ids: list[str]) -> None:
    stack, _ = make_stack()
    with running(stack) as (url, _service):
        reply = post(url, "/score", {"samples": samples})
    assert reply.status_code == 200, reply.text
    assert [r["id"] for r in reply.json()["results"]] == ids


@pytest.mark.parametrize(("bad", "field", "message"), [
    ({"id": None, "prompt": "p", "response": "x"}, "samples.1.id", "id must be a non-empty string or an integer"),
    ({"id": "", "prompt": "p", "response": "x"}, "samples.1.id", "id must be a non-empty string or an integer"),
    ({"id": True, "prompt": "p", "response": "x"}, "samples.1.id", "got true"),
    ({"id": 1.5, "prompt": "p", "response": "x"}, "samples.1.id", "got 1.5"),
    ({"id": "b", "prompt": "p"}, "samples.1.response", "samples.1.response: Field required"),
    ({"id": "b", "prompt": "p", "response": 5}, "samples.1.response", "samples.1.response:"),
    ({"id": "b", "prompt": "p", "response": "x", "bogus": 1}, "samples.1.bogus", "samples.1.bogus:"),
    (7, "samples.1", "samples.1:"),
])
def test_a_bad_sample_is_400_naming_its_field(bad: Any, field: str, message: str) -> None:
    stack, source = make_stack()
    with running(stack) as (url, _service):
        reply = post(url, "/score", {"samples": [sample(0), bad]})
    assert reply.status_code == 400, reply.text
    error = reply.json()["error"]
    assert error["field"] == field and message in error["message"], error
    assert source.calls == []  # nothing of a refused request is scored
