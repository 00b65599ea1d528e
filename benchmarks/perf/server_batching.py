"""``rewardstack serve`` with micro-batching on vs off, side by side, and latency by concurrency.

Two servers run at once, each in its own process on loopback, over the same
stack: one with batching on (``max_batch=64, max_wait_ms=5``), one with it off
(``max_batch=1``: one stack call per request). Clients are single-sample
requests in a closed loop (each client sends its next request when the last
reply is back), driven from this process with aiohttp (measured: httpx's async
client spends ~8 ms of CPU per request here, aiohttp a fraction of that; on a
2-core machine the client would otherwise be what is measured).

- Throughput at 64 concurrent clients, on vs off, measured in alternating rounds
  (the shared machine's load drifts); target: on >= 5x off.
- Throughput and p50/p99 latency at concurrency 1, 8, 32, 64, for both servers.
- The totals the two servers return for the same samples must be equal (checked).

Sources (``--source``):

- ``minilm`` (default): ``preference_model`` on the embedded all-MiniLM-L6-v2 encoder
  (a bare backbone: its numbers mean nothing, its cost is a real reward model's),
  on CPU, short chat-like samples. Batch-native: one forward pass per call.
- ``synthetic``: a documented batch cost, ``sleep(call_ms + per_sample_ms * n)``
  (20 ms + 0.2 ms per sample: a GPU reward model's launch and transfer overhead
  against its per-sample cost); fast and machine-independent.

Run:  .venv/bin/python benchmarks/perf/server_batching.py [--source minilm|synthetic] [--rounds 2]
Writes benchmarks/results/server_batching[_synthetic].json.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import aiohttp
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from machine import write_result  # noqa: E402

from rewardstack import BaseSource, RewardStack, Sample, Score, SourceConfig  # noqa: E402

TARGET = 5.0
CLIENTS = 64
LEVELS = (1, 8, 32, 64)
CALL_MS, PER_SAMPLE_MS = 20.0, 0.2


class BatchCostConfig(SourceConfig):
    kind: Literal["batch_cost"] = "batch_cost"


class BatchCostSource(BaseSource[BatchCostConfig]):
    """Batch-native: each call sleeps CALL_MS + PER_SAMPLE_MS per sample; value = response length."""

    kind = "batch_cost"
    config_class = BatchCostConfig
    cost_class = "expensive"

    def score_batch(self, samples: Sequence[Sample]) -> list[Score]:
        time.sleep((CALL_MS + PER_SAMPLE_MS * len(samples)) / 1000)
        return [Score.ok(float(len(s.response))) for s in samples]


def build_stack(source: str) -> RewardStack:
    if source == "synthetic":
        return RewardStack({"rm": BatchCostSource()}, cache=None)
    from rewardstack.rewards.preference.source import PreferenceModelSource

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "fresh reward head": the bare encoder, as intended here
        return RewardStack({"rm": PreferenceModelSource(device="cpu")}, cache=None)


def serve_forever(source: str, port: int, max_batch: int) -> None:
    from rewardstack.server.config import ServerConfig
    from rewardstack.server.run import serve

    serve(build_stack(source), ServerConfig(max_batch=max_batch, max_wait_ms=5.0, max_queue=100_000,
                                            request_timeout_s=600.0), port=port)


# --- the client side --------------------------------------------------------------------------
def sample(i: int) -> dict[str, Any]:
    return {"id": str(i), "prompt": f"Question {i}: which fruit is yellow and curved?",
            "response": f"A banana (answer number {i}) is yellow and curved."}


def start(source: str, max_batch: int) -> tuple[subprocess.Popen[bytes], str]:
    from rewardstack.server.run import bind

    with bind("127.0.0.1", 0) as sock:  # a free port (released for the server)
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, __file__, "--serve", source, str(port), str(max_batch)],
                            stderr=subprocess.PIPE, env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


async def closed_loop(url: str, concurrency: int, requests: int, first_id: int = 0) -> dict[str, Any]:
    """``concurrency`` clients share ``requests`` single-sample requests; throughput, latencies, totals."""
    latencies: list[float] = []
    totals: dict[int, float | None] = {}
    next_id = iter(range(first_id, first_id + requests))

    async def client(http: aiohttp.ClientSession) -> None:
        for i in next_id:
            begin = time.perf_counter()
            async with http.post(f"{url}/score", json={"samples": [sample(i)]}) as reply:
                reply.raise_for_status()
                body = await reply.json()
            latencies.append(time.perf_counter() - begin)
            totals[i] = body["results"][0]["total"]

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=600)) as http:
        begin = time.perf_counter()
        await asyncio.gather(*(client(http) for _ in range(concurrency)))
        elapsed = time.perf_counter() - begin
    latencies.sort()
    return {"requests": requests, "seconds": elapsed, "per_s": requests / elapsed,
            "p50_ms": 1000 * latencies[len(latencies) // 2],
            "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], "totals": totals}


def batches(url: str) -> int:
    return int(httpx.get(f"{url}/health").json()["batches"])


def measure(source: str, rounds: int, requests_at_64: int) -> dict[str, Any]:
    load_before = os.getloadavg()  # the machine is shared: its load is part of the figures
    servers = {"on": start(source, 64), "off": start(source, 1)}
    try:
        urls = {mode: url for mode, (_, url) in servers.items()}
        for url in urls.values():  # warm-up: first forward passes, connection set-up
            asyncio.run(closed_loop(url, 8, 16))
        rates: dict[str, list[float]] = {"on": [], "off": []}
        totals: dict[str, dict[int, float | None]] = {"on": {}, "off": {}}
        calls: dict[str, int] = {}
        for _ in range(rounds):  # alternate: on, off, on, off...
            for mode, url in urls.items():
                before = batches(url)
                run = asyncio.run(closed_loop(url, CLIENTS, requests_at_64))
                calls[mode] = batches(url) - before
                rates[mode].append(run["per_s"])
                totals[mode].update(run["totals"])
                print(f"  64 clients, batching {mode}: {run['per_s']:.1f} req/s ({calls[mode]} stack calls for "
                      f"{requests_at_64} requests)", flush=True)
        by_level: dict[str, dict[str, Any]] = {"on": {}, "off": {}}
        for level in LEVELS:
            for mode, url in urls.items():
                run = asyncio.run(closed_loop(url, level, max(16, 2 * level), first_id=10_000 * level))
                by_level[mode][f"concurrency_{level}"] = {k: round(v, 2) for k, v in run.items() if k != "totals"}
                print(f"  concurrency {level}, batching {mode}: {run['per_s']:.1f} req/s, p50 {run['p50_ms']:.0f} ms, "
                      f"p99 {run['p99_ms']:.0f} ms", flush=True)
    finally:
        for proc, _ in servers.values():
            proc.send_signal(signal.SIGTERM)
            proc.wait(120)
    median = {mode: statistics.median(r) for mode, r in rates.items()}
    speedup = median["on"] / median["off"]
    diff = max(abs((totals["on"][i] or 0.0) - (totals["off"][i] or 0.0)) for i in totals["on"])
    return {"source": source, "clients": CLIENTS, "requests_per_round": requests_at_64, "rounds": rounds,
            "batching_on": {"max_batch": 64, "max_wait_ms": 5.0}, "batching_off": {"max_batch": 1},
            "requests_per_s_at_64": {mode: round(m, 2) for mode, m in median.items()},
            "requests_per_s_all": {mode: [round(x, 2) for x in r] for mode, r in rates.items()},
            "stack_calls_last_round": calls, "speedup_on_over_off": round(speedup, 2), "target": TARGET,
            "met": speedup >= TARGET, "max_abs_total_difference_on_vs_off": diff, "by_concurrency": by_level,
            "synthetic_cost": {"call_ms": CALL_MS, "per_sample_ms": PER_SAMPLE_MS} if source == "synthetic" else None,
            "load_average_1min": {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)}}


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve_forever(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", choices=["minilm", "synthetic"], default="minilm")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--requests", type=int, default=128, help="requests per round at 64 clients")
    args = parser.parse_args()
    row = measure(args.source, args.rounds, args.requests)
    print(f"{args.source}: batching on {row['requests_per_s_at_64']['on']} req/s vs off "
          f"{row['requests_per_s_at_64']['off']} req/s at 64 clients: {row['speedup_on_over_off']}x "
          f"(target {TARGET}x); totals differ by at most {row['max_abs_total_difference_on_vs_off']:.1e}")
    name = "server_batching" if args.source == "minilm" else "server_batching_synthetic"
    print(f"wrote {write_result(name, {'server_batching': row})}")


if __name__ == "__main__":
    main()
