"""The HTTP judge against a local ``rewardstack serve-judge``: concurrency 1 vs 8, side by side in one run.

``rewardstack serve-judge`` runs in its own process on loopback (as on a judge
box); the ``openai_compatible`` backend sends the critic's real questions
(default constitution, both orders, prompts of the labelled judgement set) with
``concurrency: 1`` and ``concurrency: 8``. At 8 the server finds several
requests queued and answers them in one padded forward pass (it batches what
arrived meanwhile, as vLLM does, waiting ``--max-wait-ms`` after a batch for the
clients' next requests, and runs the prompt prefixes they share once), so the
gain is the model's batching gain plus the overlap of HTTP with compute. The
load averages before and after are recorded (the ratio depends on the load). The verdicts must not depend on the
concurrency (checked: the largest difference is recorded). Target: >= 3x.

Per level, the server's ``GET /stats`` around each call gives the batch sizes it formed and
its seconds per stage (encode, queue wait, forward, reply), and the CPU seconds per judgement
of server and client are recorded: on a loaded machine the wall-clock ratio says more about
the neighbours than about batching, the CPU ratio less so.

Run:  .venv/bin/python benchmarks/perf/critic_http_concurrency.py [--requests 64] [--repeats 2] [--model NAME ...]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from critic_throughput import questions  # noqa: E402
from machine import write_result  # noqa: E402

from rewardstack.rewards.critic.judges.openai_compatible import (  # noqa: E402
    OpenAICompatibleConfig,
    OpenAICompatibleJudge,
)

ROOT = Path(__file__).resolve().parents[2]
TARGET = 3.0
LEVELS = (1, 8)
CHUNK = 16  # requests per alternation


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(model: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "rewardstack.cli", "serve-judge", "--model", model, "--port",
                             str(port), "--device", "cpu"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc, f"http://127.0.0.1:{port}/v1"
        except httpx.HTTPError:
            time.sleep(0.3)
        if proc.poll() is not None:
            raise RuntimeError(f"serve-judge exited: {proc.stderr.read().decode() if proc.stderr else ''}")
    raise RuntimeError("serve-judge did not start")


def padded_tokens(model: str, requests: list[Any]) -> dict[str, int]:
    """Tokens through the model one request per pass vs in the server's passes of 8 (buckets, shared prefixes).

    On an idle CPU a pass costs about its tokens, so their ratio bounds what batching 8 can gain there.
    """
    from rewardstack.models import load_tokenizer
    from rewardstack.rewards.critic.chat_lm import as_messages
    from rewardstack.rewards.critic.prefixes import plan_passes
    from rewardstack.rewards.preference.forward import plan_buckets

    tokenizer = load_tokenizer(model)

    def render(prompt: Any) -> str:  # as ChatLM.render
        messages = as_messages(prompt)
        if getattr(tokenizer, "chat_template", None):
            return str(tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))
        return "\n\n".join(m["content"] for m in messages)

    ids = [tokenizer(render(r.prompt), add_special_tokens=False)["input_ids"] for r in requests]
    batched = 0
    for first in range(0, len(ids), max(LEVELS)):
        chunk = ids[first:first + max(LEVELS)]
        for bucket in plan_buckets([len(x) for x in chunk]):
            rows = [chunk[b] for b in bucket]
            passes = plan_passes(rows)
            batched += len(rows) * max(len(r) for r in rows) if passes is None else sum(p.padded_tokens for p in passes)
    return {"concurrency_1": sum(len(x) for x in ids), "concurrency_8_full_batches": batched}


def server_stats(url: str) -> dict[str, Any]:
    reply: dict[str, Any] = httpx.get(url.removesuffix("/v1") + "/stats", timeout=30).json()
    return reply


class ServerShare:
    """What the server did for one concurrency level (``GET /stats`` differences around its calls)."""

    def __init__(self) -> None:
        self.sizes: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self.server_cpu = self.client_cpu = 0.0

    def add(self, before: dict[str, Any], after: dict[str, Any], client_cpu: float) -> None:
        for size, n in after["batch_sizes"].items():
            self.sizes[size] = self.sizes.get(size, 0) + n - before["batch_sizes"].get(size, 0)
        for stage, value in after["seconds"].items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + value - before["seconds"].get(stage, 0.0)
        self.server_cpu += after["process_cpu_s"] - before["process_cpu_s"]
        self.client_cpu += client_cpu

    def summary(self, judgements: int) -> dict[str, Any]:
        sizes = {k: v for k, v in sorted(self.sizes.items(), key=lambda kv: int(kv[0])) if v}
        return {"batch_sizes": sizes, "mean_batch_size": round(judgements / max(1, sum(sizes.values())), 2),
                "seconds_per_judgement_by_stage": {k: round(v / judgements, 4)
                                                   for k, v in sorted(self.seconds.items())},
                "cpu_s_per_judgement": {"server": round(self.server_cpu / judgements, 4),
                                        "client": round(self.client_cpu / judgements, 4)}}


def measure(model: str, n: int, repeats: int) -> dict[str, Any]:
    requests, _ = questions(n)
    proc, url = start_server(model)
    try:
        judges = {c: OpenAICompatibleJudge(OpenAICompatibleConfig(base_url=url, model=model, tokenizer=model,
                                                                   concurrency=c, timeout_s=600))
                  for c in LEVELS}
        judges[8].judge(requests[:8])  # warm-up: the server's first forward passes
        times: dict[int, list[float]] = {c: [] for c in LEVELS}
        verdicts: dict[int, list[Any]] = {}
        server = {c: ServerShare() for c in LEVELS}
        for _ in range(repeats):
            spent = dict.fromkeys(LEVELS, 0.0)
            verdicts = {c: [] for c in LEVELS}
            for first in range(0, len(requests), CHUNK):  # alternate every few seconds: the machine's load drifts
                for c in LEVELS:
                    before = server_stats(url)
                    start, cpu = time.perf_counter(), time.process_time()
                    verdicts[c] += judges[c].judge(requests[first:first + CHUNK])
                    spent[c] += time.perf_counter() - start
                    server[c].add(before, server_stats(url), time.process_time() - cpu)
            for c in LEVELS:
                times[c].append(spent[c])
        for judge in judges.values():
            judge.close()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
    assert all(v.status.value == "ok" for c in LEVELS for v in verdicts[c])
    difference = max(abs(a.probabilities[o] - b.probabilities[o]) for a, b in zip(verdicts[1], verdicts[8],
                                                                                   strict=True)
                     for o in a.probabilities)
    median = {c: statistics.median(t) for c, t in times.items()}
    speedup = median[1] / median[8]
    row = {"model": model, "requests": len(requests),
           "judgements_per_s": {f"concurrency_{c}": round(len(requests) / median[c], 2) for c in LEVELS},
           "seconds_all": {f"concurrency_{c}": [round(x, 3) for x in times[c]] for c in LEVELS},
           "speedup_8_over_1": round(speedup, 2), "target": TARGET, "met": speedup >= TARGET,
           "max_abs_difference_between_concurrencies": difference,
           "padded_tokens_through_the_model": padded_tokens(model, requests),
           "server_side": {f"concurrency_{c}": server[c].summary(len(requests) * repeats) for c in LEVELS}}
    cpu = {c: sum(row["server_side"][f"concurrency_{c}"]["cpu_s_per_judgement"].values()) for c in LEVELS}
    row["cpu_s_per_judgement_ratio_1_over_8"] = round(cpu[1] / cpu[8], 2) if cpu[8] else None
    print(f"{model}: concurrency 1 {row['judgements_per_s']['concurrency_1']}/s, concurrency 8 "
          f"{row['judgements_per_s']['concurrency_8']}/s ({speedup:.2f}x; CPU per judgement "
          f"{row['cpu_s_per_judgement_ratio_1_over_8']}x); verdicts differ by {difference:.1e}; batch sizes at 8: "
          f"{row['server_side']['concurrency_8']['batch_sizes']}", flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--model", nargs="*", default=["tiny-lm", "smollm2-135m-instruct"])
    args = parser.parse_args()
    load_before = os.getloadavg()
    results: dict[str, Any] = {model: measure(model, args.requests, args.repeats) for model in args.model}
    results["load_average_1_5_15_before"] = [round(x, 2) for x in load_before]
    results["load_average_1_5_15_after"] = [round(x, 2) for x in os.getloadavg()]
    path = write_result("critic_http_concurrency", {"critic_http_concurrency": results})
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
