"""Outcome signals from an SQLite log that grows while a cached stack scores: a new outcome shows at once.

Run from anywhere:  .venv/bin/python examples/outcomes/sqlite_log.py

It copies examples/outcomes/outcomes.jsonl into an SQLite table (with the index on the join key
that keeps a million-row log fast), scores examples/outcomes/samples.jsonl through a stack with
a result cache, logs a new outcome for the one conversation that had none, and scores again.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

from rewardstack import RewardStack, Sample
from rewardstack.rewards.outcomes import OutcomeSignalsSource
from rewardstack.rewards.shaping import LengthSource

HERE = Path(__file__).resolve().parent


def build_log(path: Path) -> Path:
    """The outcome table a deployment would write: one row per outcome, indexed by conversation."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE outcomes (conversation_id TEXT, outcome TEXT, timestamp)")
        conn.execute("CREATE INDEX outcomes_conversation ON outcomes(conversation_id)")
        rows = [json.loads(line) for line in (HERE / "outcomes.jsonl").read_text().splitlines()]
        conn.executemany("INSERT INTO outcomes VALUES (:conversation_id, :outcome, :timestamp)", rows)
    conn.close()
    return path


def show(stack: RewardStack, samples: list[Sample], title: str) -> None:
    print(title)
    for result in stack.score(samples):
        outcome = result.scores["outcome"]
        shown = f"{outcome.value:+.3f}" if outcome.value is not None else outcome.status.value
        print(f"  {result.id}: outcome {shown:>8}  total {result.total:+.3f}  ({outcome.evidence})")


def main() -> None:
    samples = [Sample.model_validate_json(line) for line in (HERE / "samples.jsonl").read_text().splitlines()]
    with tempfile.TemporaryDirectory() as tmp:
        log = build_log(Path(tmp) / "outcomes.sqlite")
        outcome = OutcomeSignalsSource(log={"kind": "sqlite", "path": str(log)}, window={"end_s": 7 * 86400},
                                       half_life_s=86400)
        sources = {"outcome": outcome, "brevity": LengthSource(unit="words", target=25)}
        with RewardStack(sources, {"kind": "weighted_sum", "weights": {"outcome": 1.0, "brevity": 0.25}},
                         cache=Path(tmp) / "results.sqlite") as stack:
            show(stack, samples, "before:")
            conn = sqlite3.connect(log)  # the deployment, in its own connection
            with conn:
                conn.execute("INSERT INTO outcomes VALUES ('conv-106', 'thumbs_up', '2025-03-03T14:30:00Z')")
            conn.close()
            show(stack, samples, "after conv-106 got a thumbs-up:")
            assert stack.cache is not None
            print(f"result cache: {stack.cache.hits} hits (unchanged sources), the outcome source re-read its log")


if __name__ == "__main__":
    main()
