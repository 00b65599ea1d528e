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
        for _ in range(repeats):
            spent = dict.fromkeys(LEVELS, 0.0)
            verdicts = {c: [] for c in LEVELS}
            for first in range(0, len(requests), CHUNK):  # alternate every few seconds: the machine's load drifts
                for c in LEVELS:
                    start = time.perf_counter()
                    verdicts[c] += judges[c].judge(requests[first:first + CHUNK])
                    spent[c] += time.perf_counter() - start
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
           "max_abs_difference_between_concurrencies": difference}
    print(f"{model}: concurrency 1 {row['judgements_per_s']['concurrency_1']}/s, concurrency 8 "
          f"{row['judgements_per_s']['concurrency_8']}/s ({speedup:.2f}x); verdicts differ by {difference:.1e}",
          flush=True)
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
