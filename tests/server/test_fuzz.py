"""1,000 malformed requests against a real server on loopback: every one a 4xx naming a field, the server
alive and correct afterwards."""

from __future__ import annotations

import json
import random
from typing import Any

import httpx

from rewardstack.server.config import ServerConfig
from tests.server.helpers import make_stack, running, sample

N_REQUESTS = 1000

BAD_FIELD_VALUES: dict[str, list[Any]] = {
    "id": [None, [], {}, 1.5, True, ""],  # an integer id, or none, is fine: the CLI's rules
    "prompt": [5, None, [{"role": "robot", "content": "x"}], [{"content": "x"}], {"a": 1}, True, [5]],
    "response": [5, None, [], {}, True, 2.5],
    "reference": ["text", 5, [], True],
    "metadata": ["text", 5, [], True, None],
    "domain": [5, [], {}, True],
}
BAD_REWARD_BODIES: list[Any] = [
    {"query": "one string"}, {"query": [1, 2]}, {"query": None}, {}, {"prompts": ["p"]},
    {"query": ["a", "b"], "prompts": ["p"]}, {"query": ["a"], "labels": [1, 2]}, {"query": ["a"], "prompts": [3]},
    {"query": ["a"], "labels": [{"x": float("inf")}]}, [], "text", 7,
]


def _bad_sample(rng: random.Random) -> Any:
    good = sample(rng.randrange(100), "abc")
    kind = rng.randrange(4)
    if kind == 0:
        field = rng.choice(list(BAD_FIELD_VALUES))
        good[field] = rng.choice(BAD_FIELD_VALUES[field])
    elif kind == 1:
        del good[rng.choice(["prompt", "response"])]
    elif kind == 2:
        good[rng.choice(["bogus", "Response", "labels", ""])] = 1
    else:
        return rng.choice([5, "text", None, [], True])
    return good


def _body(rng: random.Random) -> tuple[str, str, bytes]:
    """(method, path, body) of one malformed request."""
    kind = rng.randrange(9)
    valid = json.dumps({"samples": [sample(i) for i in range(3)]}).encode()
    if kind == 0:
        return "POST", "/score", rng.randbytes(rng.randrange(0, 400))
    if kind == 1:
        return "POST", rng.choice(["/score", "/get_reward"]), valid[: rng.randrange(1, len(valid) - 1)]
    if kind == 2:
        samples = [sample(i) for i in range(rng.randrange(0, 4))]
        samples.insert(rng.randrange(len(samples) + 1), _bad_sample(rng))
        return "POST", "/score", json.dumps({"samples": samples}).encode()
    if kind == 3:
        wrong = rng.choice([None, 5, "samples", {"a": 1}, [[1]], True])
        return "POST", "/score", json.dumps({"samples": wrong}).encode()
    if kind == 4:
        return "POST", "/get_reward", json.dumps(rng.choice(BAD_REWARD_BODIES)).encode()
    if kind == 5:
        depth = rng.choice([100, 5000, 100_000])
        return "POST", rng.choice(["/score", "/get_reward"]), b"[" * depth + b"]" * rng.choice([0, depth])
    if kind == 6:  # lone surrogates (which no encoder can write back), NaN, huge numbers, control characters
        text = rng.choice(['"\\ud800"', '"a\\udc00"', '"\\ud83d"', "NaN", "1e999999", '"x\x01"'])
        extra = "" if "ud" in text else ', "extra": 1'
        head = '{"samples": [{"id": "1", "prompt": "p", "response": '
        return "POST", "/score", f"{head}{text}{extra}}}]}}".encode()
    if kind == 7:
        return "POST", "/score", json.dumps({"samples": [sample(1)], "more": True}).encode()
    return rng.choice([("GET", "/score", b""), ("PUT", "/score", valid), ("POST", "/nowhere", valid),
                       ("DELETE", "/health", b""), ("POST", "/metrics", b"{}")])


def test_a_thousand_malformed_requests_leave_the_server_alive_and_correct() -> None:
    rng = random.Random(20261130)
    stack, source = make_stack()
    statuses: dict[int, int] = {}
    with running(stack, ServerConfig(max_body_bytes=64 * 1024)) as (url, _service), \
            httpx.Client(base_url=url, timeout=30) as client:
        for _ in range(N_REQUESTS):
            method, path, body = _body(rng)
            reply = client.request(method, path, content=body, headers={"content-type": "application/json"})
            statuses[reply.status_code] = statuses.get(reply.status_code, 0) + 1
            assert 400 <= reply.status_code < 500, (method, path, body[:200], reply.status_code, reply.text[:300])
            error = reply.json()["error"]
            assert error["message"] and error.get("field"), (body[:200], error)
        health = client.get("/health").json()
        after = client.post("/score", json={"samples": [sample(1, "abcd"), sample(2, "ab")]}).json()
        metrics = client.get("/metrics").text
    assert health["status"] == "ok" and health["queued"] == 0
    assert [r["total"] for r in after["results"]] == [4.0, 2.0]
    assert source.calls == [2]  # not one malformed request reached the stack
    assert len(statuses) >= 3  # 400, 404/405, 413 at least: the generator reaches every kind of refusal
    refused = sum(int(line.rsplit(" ", 1)[1]) for line in metrics.splitlines()
                  if line.startswith("rewardstack_requests_total") and 'code="4' in line)
    assert refused == N_REQUESTS
