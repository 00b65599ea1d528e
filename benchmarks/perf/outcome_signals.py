"""``outcome_signals`` on a 1,000,000-outcome log: samples/s, fingerprint cost, index vs scan, JSONL.

One run, side by side (interleaved repeats, medians), batches of ``--batch`` samples of which
~70% have outcomes (300,000 conversations, ~3.3 outcomes each):

- ``source.score`` on the indexed SQLite log (one query per batch, counted), and the query alone;
- the same log without the index on the join key (every batch scans the table);
- ``fingerprint()``: unchanged log (the data_version/stat check) and after a one-row append
  (the file is hashed again);
- a ``RewardStack`` with its SQLite result cache: the log unchanged (served from the cache) and
  growing by one outcome before every call (a new key each call: re-hash + re-score);
- the JSONL backend on the same outcomes: first load, memory of the index, samples/s, and the
  refresh after an appended line.

Run:  .venv/bin/python benchmarks/perf/outcome_signals.py [--rows 1000000 --batch 1024 --repeats 5]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack import RewardStack, Sample  # noqa: E402
from rewardstack.rewards.outcomes import DEFAULT_WEIGHTS, OutcomeSignalsSource  # noqa: E402

T0 = 1_735_725_600.0
KINDS = sorted(DEFAULT_WEIGHTS)


def outcome_rows(n: int, conversations: int, seed: int = 0) -> list[tuple[str, str, float]]:
    rng = random.Random(seed)
    return [(f"c{rng.randrange(conversations)}", rng.choice(KINDS), T0 + rng.uniform(0, 3 * 86400)) for _ in range(n)]


def build_sqlite(path: Path, rows: list[tuple[str, str, float]], *, index: bool) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE outcomes (conversation_id TEXT, outcome TEXT, timestamp REAL)")
        conn.executemany("INSERT INTO outcomes VALUES (?, ?, ?)", rows)
        if index:
            conn.execute("CREATE INDEX outcomes_key ON outcomes(conversation_id)")
    conn.close()
    return time.perf_counter() - start


def batches(count: int, size: int, conversations: int, seed: int = 1) -> list[list[Sample]]:
    rng = random.Random(seed)
    # ids up to conversations / 0.7: ~30% of the samples have no outcome and abstain
    top = int(conversations / 0.7)
    return [[Sample(id=f"b{b}-{i}", prompt="p", response="r",
                    metadata={"conversation_id": f"c{rng.randrange(top)}", "response_time": T0})
             for i in range(size)] for b in range(count)]


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096 / 2**20


def append_sqlite(path: Path, i: int) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO outcomes VALUES (?, 'thumbs_up', ?)", (f"c{i}", T0 + 60))
    conn.close()


def source_for(log: dict[str, Any]) -> OutcomeSignalsSource:
    return OutcomeSignalsSource(log=log, window={"end_s": 7 * 86400}, half_life_s=86400)


def bench_sqlite(work: Path, rows: list[tuple[str, str, float]], args: argparse.Namespace) -> dict[str, Any]:
    indexed, scanned = work / "indexed.sqlite", work / "scanned.sqlite"
    build_s = build_sqlite(indexed, rows, index=True)
    build_sqlite(scanned, rows, index=False)
    fast = source_for({"kind": "sqlite", "path": str(indexed)})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the missing-index warning is what this comparison measures
        slow = source_for({"kind": "sqlite", "path": str(scanned)})
    work_batches = batches(args.repeats, args.batch, args.conversations)
    statements: list[str] = []
    fast._log._conn.set_trace_callback(statements.append)  # type: ignore[attr-defined]
    fast.score(work_batches[0])  # warm the page cache
    queries_per_call = sum(s.startswith("SELECT rowid") for s in statements)
    fast._log._conn.set_trace_callback(None)  # type: ignore[attr-defined]
    score_t, fetch_t, scan_t = [], [], []
    for batch in work_batches:
        keys = [s.metadata["conversation_id"] for s in batch]
        score_t.append(timed(lambda b=batch: fast.score(b)))  # type: ignore[misc]
        fetch_t.append(timed(lambda k=keys: fast._log.fetch(k)))  # type: ignore[misc]
        scan_t.append(timed(lambda b=batch: slow.score(b)))  # type: ignore[misc]
    first_fp = timed(fast.fingerprint)
    same_fp = [timed(fast.fingerprint) for _ in range(args.repeats)]
    grown_fp = []
    for i in range(args.repeats):
        append_sqlite(indexed, i)
        grown_fp.append(timed(fast.fingerprint))
    n = args.batch
    return {
        "rows": len(rows), "file_mib": round(indexed.stat().st_size / 2**20, 1), "build_s": round(build_s, 2),
        "queries_per_score_call": queries_per_call,
        "score_samples_per_s": round(n / statistics.median(score_t)),
        "query_only_ms_per_batch": round(1000 * statistics.median(fetch_t), 2),
        "no_index_samples_per_s": round(n / statistics.median(scan_t)),
        "index_speedup": round(statistics.median(scan_t) / statistics.median(score_t), 1),
        "fingerprint_first_s": round(first_fp, 3),
        "fingerprint_unchanged_us": round(1e6 * statistics.median(same_fp), 1),
        "fingerprint_after_append_s": round(statistics.median(grown_fp), 3),
        "score_s_all": [round(t, 4) for t in score_t], "no_index_s_all": [round(t, 4) for t in scan_t],
    }


def bench_stack(work: Path, args: argparse.Namespace) -> dict[str, Any]:
    log = work / "indexed.sqlite"
    work_batches = batches(args.repeats, args.batch, args.conversations, seed=2)
    with RewardStack({"outcome": source_for({"kind": "sqlite", "path": str(log)})},
                     cache=work / "results.sqlite") as stack:
        cold = [timed(lambda b=b: stack.score(b)) for b in work_batches]  # type: ignore[misc]
        warm = [timed(lambda b=b: stack.score(b)) for b in work_batches]  # type: ignore[misc]
        growing = []
        for i, batch in enumerate(work_batches):
            append_sqlite(log, 10_000 + i)
            growing.append(timed(lambda b=batch: stack.score(b)))  # type: ignore[misc]
    n = args.batch
    return {
        "cold_cache_samples_per_s": round(n / statistics.median(cold)),
        "unchanged_log_cached_samples_per_s": round(n / statistics.median(warm)),
        "growing_log_samples_per_s": round(n / statistics.median(growing)),
        "growing_s_all": [round(t, 4) for t in growing],
    }


def bench_jsonl(work: Path, rows: list[tuple[str, str, float]], args: argparse.Namespace) -> dict[str, Any]:
    path = work / "outcomes.jsonl"
    with open(path, "w") as handle:
        for key, outcome, at in rows:
            handle.write(json.dumps({"conversation_id": key, "outcome": outcome, "timestamp": at}) + "\n")
    before = rss_mib()
    start = time.perf_counter()
    source = source_for({"kind": "jsonl", "path": str(path)})
    load_s = time.perf_counter() - start
    index_mib = rss_mib() - before
    work_batches = batches(args.repeats, args.batch, args.conversations, seed=3)
    # a settled file first (its stat is trusted: no re-read), then a growing one (each change re-hashes it)
    score_t = [timed(lambda b=batch: source.score(b)) for batch in work_batches]  # type: ignore[misc]
    refresh_t = []
    for i in range(args.repeats):
        with open(path, "a") as handle:
            handle.write(json.dumps({"conversation_id": f"c{i}", "outcome": "resolved", "timestamp": T0}) + "\n")
        refresh_t.append(timed(source.fingerprint))
    return {
        "file_mib": round(path.stat().st_size / 2**20, 1), "first_load_s": round(load_s, 2),
        "index_rss_mib": round(index_mib),
        "settled_log_score_samples_per_s": round(args.batch / statistics.median(score_t)),
        "refresh_after_append_s": round(statistics.median(refresh_t), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--conversations", type=int, default=300_000)
    parser.add_argument("--batch", type=int, default=1024)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-jsonl", action="store_true", help="skip the JSONL backend")
    args = parser.parse_args()
    rows = outcome_rows(args.rows, args.conversations)
    work = Path(tempfile.mkdtemp(prefix="outcome-bench-"))
    try:
        result: dict[str, Any] = {"outcome_signals": {
            "batch": args.batch, "conversations": args.conversations, "repeats": args.repeats,
            "sqlite": bench_sqlite(work, rows, args),
            "stack_with_result_cache": bench_stack(work, args),
        }}
        if not args.no_jsonl:
            result["outcome_signals"]["jsonl"] = bench_jsonl(work, rows, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    path = write_result("outcome_signals", result)
    print(f"{path}:\n{json.dumps(result, indent=1)}")


if __name__ == "__main__":
    main()
