"""serve-judge: the OpenAI-compatible app over tiny-lm on loopback, and the command that runs it."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from rewardstack.rewards.critic.chat_lm import ChatLM
from rewardstack.rewards.critic.judges.hf_local import HfLocalConfig, HfLocalJudge
from rewardstack.rewards.critic.server import JudgeServer, create_app, serve_in_thread
from tests.support.cli import REPO, rewardstack


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, JudgeServer, ChatLM]]:
    lm = ChatLM("tiny-lm", device="cpu")
    app = create_app(lm)
    with serve_in_thread(app) as url:
        yield url, app.state.judge_server, lm
    lm.close()


def ask(url: str, **body: Any) -> httpx.Response:
    payload = {"model": "tiny-lm", "messages": [{"role": "user", "content": "Is it fine? Answer Yes or No."}],
               "max_tokens": 1, "temperature": 0, **body}
    return httpx.post(f"{url}/chat/completions", json=payload, timeout=60)


def test_models_health_and_the_reply_shape(served: tuple[str, JudgeServer, ChatLM]) -> None:
    url, _, lm = served
    models = httpx.get(f"{url}/models").json()["data"]
    assert [m["id"] for m in models] == ["tiny-lm"] and models[0]["fingerprint"] == lm.fingerprint()
    assert httpx.get(url.removesuffix("/v1") + "/health").json() == {"status": "ok"}
    reply = ask(url, max_tokens=4, logprobs=True, top_logprobs=5).json()
    choice = reply["choices"][0]
    assert reply["object"] == "chat.completion" and reply["system_fingerprint"] == lm.fingerprint()
    assert choice["finish_reason"] in ("stop", "length") and isinstance(choice["message"]["content"], str)
    entries = choice["logprobs"]["content"]
    assert 1 <= len(entries) <= 4 and all(len(e["top_logprobs"]) == 5 for e in entries)
    tops = [t["logprob"] for t in entries[0]["top_logprobs"]]
    assert tops == sorted(tops, reverse=True) and entries[0]["logprob"] == tops[0]  # greedy picks the top token
    usage = reply["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


def test_first_position_logprobs_equal_the_local_judge(served: tuple[str, JudgeServer, ChatLM]) -> None:
    url, _, lm = served
    reply = ask(url, logprobs=True, top_logprobs=20).json()
    top = {t["token"]: t["logprob"] for t in reply["choices"][0]["logprobs"]["content"][0]["top_logprobs"]}
    [row] = lm.run([lm.encode("Is it fine? Answer Yes or No.")])
    for token_text, logprob in top.items():
        [token] = lm.tokenizer.encode(token_text, add_special_tokens=False)[:1] or [None]
        if token is not None and lm.tokenizer.decode([token]) == token_text:
            assert abs(float(row.first[token]) - logprob) < 1e-4


def test_logit_bias_moves_tokens_into_the_top_list(served: tuple[str, JudgeServer, ChatLM]) -> None:
    url, _, lm = served
    yes = lm.tokenizer.encode("Yes", add_special_tokens=False)[0]
    reply = ask(url, logprobs=True, top_logprobs=1, logit_bias={str(yes): 100}).json()
    assert reply["choices"][0]["logprobs"]["content"][0]["top_logprobs"][0]["token"] == "Yes"
    assert reply["choices"][0]["message"]["content"] == "Yes"


@pytest.mark.parametrize(("body", "status", "message"), [
    ({"model": "other"}, 404, "model 'other' is not served here"),
    ({"n": 2}, 400, "n must be 1"),
    ({"stream": True}, 400, "stream is not supported"),
    ({"stop": ["\n"]}, 400, "stop sequences are not supported"),
    ({"top_p": 0.5}, 400, "top_p other than 1"),
    ({"top_logprobs": 21}, 400, "top_logprobs"),
    ({"temperature": 3}, 400, "temperature"),
    ({"messages": []}, 400, "messages"),
    ({"logit_bias": {"5": 500}}, 400, "logit_bias values must lie in [-100, 100]"),
    ({"logit_bias": {"99999999": 1}}, 400, "outside the vocabulary"),
    ({"messages": [{"role": "user", "content": "word " * 9000}]}, 400, "reads at most"),
    ({"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]}, 400, "only text"),
])
def test_bad_requests_get_openai_shaped_errors(served: tuple[str, JudgeServer, ChatLM], body: dict[str, Any],
                                               status: int, message: str) -> None:
    reply = ask(served[0], **body)
    assert reply.status_code == status
    error = reply.json()["error"]
    assert message in error["message"] and error["code"] == status


def test_concurrent_requests_share_forward_passes_and_keep_their_numbers(
        served: tuple[str, JudgeServer, ChatLM]) -> None:
    url, server, _ = served
    prompts = [f"Question {i}: {'is it fine ' * (i + 1)}? Answer Yes or No." for i in range(8)]

    async def one(client: httpx.AsyncClient, prompt: str) -> float:
        reply = await client.post(f"{url}/chat/completions", json={
            "model": "tiny-lm", "messages": [{"role": "user", "content": prompt}], "max_tokens": 1,
            "temperature": 0, "logprobs": True, "top_logprobs": 1})
        return float(reply.json()["choices"][0]["logprobs"]["content"][0]["logprob"])

    async def together() -> list[float]:
        async with httpx.AsyncClient(timeout=60) as client:
            return list(await asyncio.gather(*(one(client, p) for p in prompts)))

    batches_before, requests_before = server.forward_batches, server.requests
    concurrent = asyncio.run(together())
    passes = server.forward_batches - batches_before
    assert server.requests - requests_before == 8 and passes < 8  # at least two requests shared a pass
    with HfLocalJudge(HfLocalConfig(model="tiny-lm", device="cpu")) as local:
        alone = [local.lm.run([local.lm.encode(p)])[0].first.max().item() for p in prompts]
    assert concurrent == pytest.approx(alone, abs=1e-5)


def test_a_critique_and_a_verdict_in_one_batch(served: tuple[str, JudgeServer, ChatLM]) -> None:
    """Generating and one-token requests arriving together are answered as asked."""
    url = served[0]

    async def both() -> list[dict[str, Any]]:
        async with httpx.AsyncClient(timeout=60) as client:
            replies = await asyncio.gather(*(client.post(f"{url}/chat/completions", json={
                "model": "tiny-lm", "messages": [{"role": "user", "content": "Critique."}], "max_tokens": n,
                "temperature": 0}) for n in (1, 6)))
            return [r.json() for r in replies]

    short, long = asyncio.run(both())
    assert short["usage"]["completion_tokens"] == 1
    assert 1 <= long["usage"]["completion_tokens"] <= 6


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_command_serves_until_interrupted() -> None:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "rewardstack.cli", "serve-judge", "--model", "tiny-lm", "--port",
                             str(port), "--device", "cpu"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "serve-judge did not come up"
            time.sleep(0.2)
        reply = ask(f"http://127.0.0.1:{port}/v1", logprobs=True, top_logprobs=2)
        assert reply.status_code == 200 and reply.json()["model"] == "tiny-lm"
    finally:
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr
    assert f"serving tiny-lm (cpu, torch.float32) at http://127.0.0.1:{port}/v1" in stderr.decode()


def test_the_command_refuses_an_unknown_model_with_exit_2() -> None:
    result = rewardstack("serve-judge", "--model", "no-such-model-xyz", "--port", "1")
    assert result.returncode == 2
    assert "model 'no-such-model-xyz' not found" in result.stderr and "Traceback" not in result.stderr


def test_a_critics_concurrent_questions_get_the_one_at_a_time_verdicts(
        served: tuple[str, JudgeServer, ChatLM]) -> None:
    """Both option orders of each question, 8 in flight: merged passes sharing prefixes, alone's numbers."""
    from rewardstack.rewards.critic.constitution import load_constitution
    from rewardstack.rewards.critic.judges.openai_compatible import OpenAICompatibleConfig, OpenAICompatibleJudge
    from rewardstack.rewards.critic.prefixes import plan_passes
    from rewardstack.rewards.critic.questions import question_request

    url, server, lm = served
    constitution = load_constitution("default")
    requests = [question_request(constitution, principle, "Is the earth flat?", response, order=order)
                for principle in constitution.principles[:2] for response in ("No, it is round.", "Yes.")
                for order in (0, 1)]
    assert plan_passes([lm.encode(r.prompt) for r in requests]) is not None  # merged, they share prefixes
    batches_before = server.forward_batches
    with OpenAICompatibleJudge(OpenAICompatibleConfig(base_url=url, model="tiny-lm", tokenizer="tiny-lm",
                                                      concurrency=8)) as remote:
        together = remote.judge(requests)
    assert server.forward_batches - batches_before < len(requests)
    with HfLocalJudge(HfLocalConfig(model="tiny-lm", device="cpu")) as local:
        alone = [local.judge([r])[0] for r in requests]
    for a, b in zip(together, alone, strict=True):
        assert a.status.value == b.status.value == "ok"
        assert a.probabilities == pytest.approx(b.probabilities, abs=1e-3)


def test_stats_count_every_request_in_some_batch(served: tuple[str, JudgeServer, ChatLM]) -> None:
    url = served[0]
    before = httpx.get(url.removesuffix("/v1") + "/stats").json()
    assert ask(url).status_code == 200
    after = httpx.get(url.removesuffix("/v1") + "/stats").json()
    assert after["requests"] == before["requests"] + 1 and after["batches"] == before["batches"] + 1
    assert sum(int(size) * n for size, n in after["batch_sizes"].items()) == after["requests"]
    assert {"encode", "queue_wait", "forward", "reply"} <= set(after["seconds"])
    assert all(v >= 0 for v in after["seconds"].values())


@pytest.mark.parametrize(("expected", "arrivals", "gap_s", "size"), [
    (1, 3, 0.05, 1),  # one client, one request at a time: no second request within the burst gap
    (4, 3, 0.05, 4),  # the last batch had four: waits for the three that follow the first
    (4, 6, 0.05, 4),  # ... and no longer than that (the rest goes in the next batch)
    (8, 3, 0.05, 4),  # fewer arrive than expected: the wait ends at its deadline with what came
    (1, 5, 0.001, 6),  # a burst (arrivals closer than BURST_GAP_S) is one batch whatever the last one was
])
def test_a_batch_waits_for_as_many_requests_as_the_last_one_had(
        served: tuple[str, JudgeServer, ChatLM], expected: int, arrivals: int, gap_s: float, size: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests arriving ``gap_s`` apart after a first one; the wait is bounded by a quarter of the last pass."""
    from rewardstack.rewards.critic import server as server_module
    from rewardstack.rewards.critic.server import ChatCompletionRequest, _Job

    # 5x the burst's spacing, a tenth of the others' (a busy machine oversleeps a poll by milliseconds)
    monkeypatch.setattr(server_module, "BURST_GAP_S", 0.005)
    lm = served[2]
    request = ChatCompletionRequest(model="tiny-lm", messages=[{"role": "user", "content": "Hi"}])

    async def gather() -> int:
        server = JudgeServer(lm, max_wait_ms=2_000.0)
        server._expected, server._last_forward_s = expected, 2.4  # deadline: 0.6 s after the first request
        await server.start()
        await server.stop()  # _gather is driven by hand below
        loop = asyncio.get_running_loop()
        assert server._queue is not None
        queue = server._queue
        for i in range(1 + arrivals):  # made when put, as submit() does: queued_at is the arrival
            loop.call_later(gap_s * i, lambda: queue.put_nowait(_Job([1], request, loop.create_future())))
        return len(await server._gather())

    assert asyncio.run(gather()) == size
