"""``outcome_signals``: what happened after a response (resolved, escalated, thumbs) as a reward.

Samples join an outcome log by ``metadata[id_key]`` (default ``conversation_id``); the log is
an SQLite table or a growing JSONL file. Each outcome weighs ``weights[outcome]``, decays
with its delay after ``metadata[time_key]`` when ``half_life_s`` is set, counts inside the
``window`` only, and the counted outcomes combine by ``combine`` (a clipped sum by default;
see :mod:`rewardstack.rewards.outcomes.reward` for the equations and why).

Statuses: ``ok`` with a value; ``abstain`` while no outcome is known for the conversation
("no outcome yet for conversation X", never 0.0) or when the sample carries no join id;
``error`` for a sample whose join id or response time is unusable, or for the whole batch
while the log cannot be read. Batch-native: one log query per ``score_batch`` call.
``fingerprint()`` is the log's state (see the backends), so a new outcome changes the cache
key and the next score call sees it.

>>> import json, pathlib, tempfile
>>> from rewardstack.core.sample import Sample
>>> log = pathlib.Path(tempfile.mkdtemp()) / "outcomes.jsonl"
>>> _ = log.write_text(json.dumps({"conversation_id": "c1", "outcome": "resolved",
...                                "timestamp": "2025-01-01T10:30:00Z"}) + "\\n")
>>> source = OutcomeSignalsSource(log={"kind": "jsonl", "path": str(log)}, window={"end_s": 86400},
...                               half_life_s=3600)
>>> def sample(conversation):
...     return Sample(id=conversation, prompt="my order is late", response="it ships today",
...                   metadata={"conversation_id": conversation, "response_time": "2025-01-01T10:00:00Z"})
>>> resolved, unknown = source.score([sample("c1"), sample("c9")])
>>> round(resolved.value, 4), resolved.components
(0.7071, {'resolved': 0.7071067811865476})
>>> unknown.status.value, unknown.evidence
('abstain', 'no outcome yet for conversation c9')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.core.source import BaseSource, SourceInfo
from rewardstack.rewards.outcomes.config import OutcomeSignalsConfig, SqliteLogConfig
from rewardstack.rewards.outcomes.jsonl_log import JsonlOutcomeLog
from rewardstack.rewards.outcomes.log import LogRow, LogUnavailable, OutcomeLog, join_key
from rewardstack.rewards.outcomes.sqlite_log import SqliteOutcomeLog
from rewardstack.rewards.outcomes.timestamps import TimeParseError, parse_time
from rewardstack.rewards.outcomes.verdict import conversation_score

__all__ = ["OutcomeSignalsSource", "open_log"]


def open_log(config: OutcomeSignalsConfig) -> OutcomeLog:
    """The backend of ``config.log``; :class:`~rewardstack.core.errors.SourceError` if it cannot be read."""
    if isinstance(config.log, SqliteLogConfig):
        return SqliteOutcomeLog(config.log)
    return JsonlOutcomeLog(config.log)


class _Join:
    """A sample that can be joined: its raw id (as the log may store it), the id as text, its time."""

    __slots__ = ("key", "raw", "response_time")

    def __init__(self, raw: str | int, key: str, response_time: float | None):
        self.raw, self.key, self.response_time = raw, key, response_time


class OutcomeSignalsSource(BaseSource[OutcomeSignalsConfig]):
    """Implicit outcome signals (resolved, escalated, re-contacted, thumbs) joined from a log."""

    kind = "outcome_signals"
    version = "1"
    config_class = OutcomeSignalsConfig
    cost_class = "cheap"

    def __init__(self, config: OutcomeSignalsConfig | None = None, *, name: str | None = None, **fields: Any):
        super().__init__(config, name=name, **fields)
        self._log = open_log(self.config)

    def fingerprint(self) -> str:
        """The outcome log's state: any new, changed or removed outcome gives a new value."""
        return self._log.fingerprint()

    def describe(self) -> SourceInfo:
        return super().describe().model_copy(update={"output_range": self.config.output_range()})

    def log_problems(self) -> list[str]:
        """Malformed log entries that belong to no sample (bad JSON lines, missing ids), with line numbers."""
        return self._log.problems()

    def notes(self) -> list[str]:
        """What the stack's run summary shows for this source (the engine reads ``notes()``)."""
        problems = self.log_problems()
        return [f"{len(problems)} malformed outcome-log entries belong to no sample, first: {problems[0]}"] \
            if problems else []

    def close(self) -> None:
        self._log.close()

    def _join(self, sample: Sample) -> _Join | Score:
        metadata, cfg = sample.metadata, self.config
        if cfg.id_key not in metadata:
            return Score.abstain(f"sample has no metadata[{cfg.id_key!r}]: nothing to join with the outcome log")
        raw = metadata[cfg.id_key]
        key = join_key(raw)
        if key is None:
            return Score.error(f"metadata[{cfg.id_key!r}] is {raw!r}; a join id is a non-empty string or an integer")
        response_time = None
        if cfg.needs_response_time:
            if cfg.time_key not in metadata:
                return Score.error(f"sample has no metadata[{cfg.time_key!r}]; the window and half_life_s are "
                                   "measured from the response time (ISO 8601 or unix seconds)")
            try:
                response_time = parse_time(metadata[cfg.time_key], naive_timezone=cfg.naive_timezone)
            except TimeParseError as exc:
                return Score.error(f"metadata[{cfg.time_key!r}]: {exc}")
        return _Join(raw, key, response_time)

    def score_batch(self, samples: Sequence[Sample]) -> list[Score]:
        joins = [self._join(s) for s in samples]
        wanted = list({j.key: j.raw for j in joins if isinstance(j, _Join)}.values())
        rows: dict[str, list[LogRow]] = {}
        if wanted:
            try:
                rows = self._log.fetch(wanted)  # one query for the whole batch
            except LogUnavailable as exc:
                return [j if isinstance(j, Score) else Score.error(str(exc)) for j in joins]
        return [j if isinstance(j, Score) else conversation_score(
            j.key, rows.get(j.key, []), response_time=j.response_time, config=self.config,
            ref_label=self._log.ref_label) for j in joins]
