"""A growing log seen through a real RewardStack and its real SQLite result cache: never a stale outcome."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from rewardstack import RewardStack
from rewardstack.core.cache import ResultCache
from rewardstack.core.score import Status
from rewardstack.rewards.outcomes import OutcomeSignalsSource
from rewardstack.rewards.shaping import LengthSource
from tests.rewards.outcomes.helpers import T0, Row, append_rows, jsonl_line, make_sample

LogFactory = Callable[[Sequence[Row]], dict[str, Any]]


class CountingFetch:
    """Counts the source's log queries (the real ones run underneath)."""

    def __init__(self, source: OutcomeSignalsSource):
        self.calls = 0
        self._fetch = source._log.fetch
        source._log.fetch = self  # type: ignore[method-assign]

    def __call__(self, keys: Sequence[str | int]) -> Any:
        self.calls += 1
        return self._fetch(keys)


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[ResultCache]:
    result_cache = ResultCache(tmp_path / "results.sqlite")
    yield result_cache
    result_cache.close()


def _stack(log: dict[str, Any], cache: ResultCache) -> tuple[RewardStack, CountingFetch]:
    source = OutcomeSignalsSource(log=log, window={"end_s": 7 * 86400}, half_life_s=86400)
    stack = RewardStack({"outcome": source, "brevity": LengthSource(unit="words", target=3)}, cache=cache)
    return stack, CountingFetch(source)


def _outcome(stack: RewardStack, *conversations: str) -> list[tuple[Status, float | None]]:
    return [(r.scores["outcome"].status, r.scores["outcome"].value)
            for r in stack.score([make_sample(c) for c in conversations])]


def test_a_new_outcome_changes_the_next_score(any_log: LogFactory, cache: ResultCache) -> None:
    log = any_log([("c2", "resolved", T0)])
    stack, fetch = _stack(log, cache)
    assert _outcome(stack, "c1", "c2") == [(Status.ABSTAIN, None), (Status.OK, 1.0)]
    assert fetch.calls == 1

    hits = cache.hits
    assert _outcome(stack, "c1", "c2") == [(Status.ABSTAIN, None), (Status.OK, 1.0)]
    assert fetch.calls == 1 and cache.hits == hits + 4  # unchanged log: both sources served from the cache

    append_rows(log, [("c1", "thumbs_down", T0)])  # the deployment logs an outcome for c1
    assert _outcome(stack, "c1", "c2") == [(Status.OK, -0.5), (Status.OK, 1.0)]
    assert fetch.calls == 2

    append_rows(log, [("c1", "resolved", T0 + 86400)])  # a day later: weight 1 x 0.5
    assert _outcome(stack, "c1") == [(Status.OK, 0.0)]
    stack.close()


def test_a_restarted_run_reuses_the_cache_for_an_unchanged_log(any_log: LogFactory, cache: ResultCache) -> None:
    log = any_log([("c1", "escalated", T0)])
    first, _ = _stack(log, cache)
    assert _outcome(first, "c1") == [(Status.OK, -1.0)]
    first.close()
    reopened = ResultCache(cache.path)
    second, fetch = _stack(log, reopened)  # a new source and stack on the same files (a new process would match)
    assert _outcome(second, "c1") == [(Status.OK, -1.0)] and fetch.calls == 0
    append_rows(log, [("c1", "resolved", T0)])
    assert _outcome(second, "c1") == [(Status.OK, 0.0)] and fetch.calls == 1
    second.close()
    reopened.close()


def test_a_corrected_sqlite_row_is_seen(sqlite_log: LogFactory, cache: ResultCache) -> None:
    log = sqlite_log([("c1", "thumbs_up", T0)])
    stack, _ = _stack(log, cache)
    assert _outcome(stack, "c1") == [(Status.OK, 0.5)]
    with sqlite3.connect(log["path"]) as conn:  # same row count, same max rowid: only the content moved
        conn.execute("UPDATE outcomes SET outcome = 'thumbs_down' WHERE rowid = 1")
    conn.close()
    assert _outcome(stack, "c1") == [(Status.OK, -0.5)]
    with sqlite3.connect(log["path"]) as conn:
        conn.execute("DELETE FROM outcomes")
    conn.close()
    assert _outcome(stack, "c1") == [(Status.ABSTAIN, None)]
    stack.close()


def test_a_corrected_jsonl_line_is_seen(jsonl_log: LogFactory, cache: ResultCache) -> None:
    log = jsonl_log([("c1", "thumbs_up", T0)])
    stack, _ = _stack(log, cache)
    assert _outcome(stack, "c1") == [(Status.OK, 0.5)]
    Path(log["path"]).write_text(jsonl_line("c1", "escalated", T0))
    assert _outcome(stack, "c1") == [(Status.OK, -1.0)]
    stack.close()


def test_an_unreadable_log_is_never_cached(any_log: LogFactory, cache: ResultCache, tmp_path: Path) -> None:
    log = any_log([("c1", "resolved", T0)])
    stack, _ = _stack(log, cache)
    path = Path(log["path"])
    aside = path.rename(tmp_path / "aside")
    [result] = stack.score([make_sample("c1")])
    assert result.scores["outcome"].status is Status.ERROR
    aside.rename(path)
    assert _outcome(stack, "c1") == [(Status.OK, 1.0)]
    stack.close()


def test_yaml_stack_with_outcomes(any_log: LogFactory, cache: ResultCache, tmp_path: Path) -> None:
    log = any_log([("c1", "resolved", T0 + 3600)])
    stack_file = tmp_path / "stack.yaml"
    stack_file.write_text(f"""
sources:
  outcome:
    kind: outcome_signals
    log: {{kind: {log["kind"]}, path: "{log["path"]}"}}
    weights: {{resolved: 1.0, escalated: -1.0}}
    window: {{start_s: 0, end_s: 86400}}
    half_life_s: 3600
    combine: {{kind: sum, clip: [-1, 1]}}
  brevity: {{kind: length, unit: words, target: 3}}
fusion:
  kind: weighted_sum
  weights: {{outcome: 1.0, brevity: 0.5}}
""")
    stack = RewardStack.from_yaml(stack_file, cache=cache)
    [one, two] = stack.score([make_sample("c1"), make_sample("c2")])
    assert one.scores["outcome"].value == 0.5 and one.total == pytest.approx(1.0 * 0.5 + 0.5 * 1.0)
    # abstaining is not 0.0: brevity's weight is renormalised to the full mass 1.5
    assert two.scores["outcome"].status is Status.ABSTAIN and two.total == pytest.approx(1.5)
    append_rows(log, [("c2", "escalated", T0)])
    assert stack.score([make_sample("c2")])[0].scores["outcome"].value == -1.0
    stack.close()


def test_concurrent_calls_while_the_log_grows(any_log: LogFactory, cache: ResultCache) -> None:
    # a reward server scores from several threads while the deployment keeps logging
    log = any_log([])
    stack, _ = _stack(log, cache)
    conversations = [f"c{i}" for i in range(20)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        calls = [pool.submit(_outcome, stack, *conversations) for _ in range(12)]
        for i, conversation in enumerate(conversations):
            append_rows(log, [(conversation, "resolved", T0)])
            if i % 5 == 0:
                calls.append(pool.submit(_outcome, stack, *conversations))
        for call in calls:
            for status, value in call.result():  # no call failed; every score is a current one or an abstain
                assert (status, value) in ((Status.ABSTAIN, None), (Status.OK, 1.0))
    assert _outcome(stack, *conversations) == [(Status.OK, 1.0)] * 20
    stack.close()
