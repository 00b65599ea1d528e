"""The engine under batch-native sources: micro-batching, bisection, OOM halving, inline deadlines."""

from __future__ import annotations

import pytest

from rewardstack import RewardStack, Status
from rewardstack.core.errors import SourceError
from rewardstack.core.source import BaseSource
from tests.support.engine_sources import BatchRecorder, SlowSource
from tests.support.samples import make_sample


def _samples(n: int, special: dict[int, str] | None = None) -> list:
    special = special or {}
    return [make_sample(i, special.get(i, "x" * (1 + i % 5))) for i in range(n)]


def test_one_poisoned_sample_in_64_leaves_the_other_63_scored() -> None:
    source = BatchRecorder(batch={"max_samples": 8})
    with RewardStack({"rm": source}, cache=None) as stack:
        results = stack.score(_samples(64, {37: "poison"}))
        notes = stack.notes()
    statuses = [r.scores["rm"].status for r in results]
    assert statuses.count(Status.OK) == 63 and statuses[37] is Status.ERROR
    assert "poisoned sample in the batch" in results[37].scores["rm"].evidence
    assert all(r.total == float(1 + i % 5) for i, r in enumerate(results) if i != 37)
    assert max(source.calls) <= 8 and source.calls.count(8) == 8  # the engine cut the calls (+ 6 bisection calls)
    assert len(source.calls) == 8 + 6
    assert any("bisected" in n for n in notes)


def test_the_engine_cuts_calls_to_max_samples_and_sources_never_chunk() -> None:
    source = BatchRecorder(batch={"max_samples": 5})
    with RewardStack({"rm": source}, cache=None) as stack:
        stack.score(_samples(12))
    assert source.calls == [5, 5, 2]


def test_token_budget_bounds_the_padded_size_of_every_call() -> None:
    source = BatchRecorder(batch={"max_tokens": 12})
    samples = [make_sample(i, " ".join(["w"] * (1 + i % 4)), prompt="p") for i in range(10)]
    with RewardStack({"rm": source}, cache=None) as stack:
        results = stack.score(samples)
    assert [r.total for r in results] == [float(len(s.response)) for s in samples]  # order restored
    assert sum(source.calls) == 10 and max(source.calls) <= 12 // 2  # shortest sample has 2 tokens


def test_a_wrong_number_of_scores_is_isolated_to_the_sample_that_causes_it() -> None:
    with RewardStack({"rm": BatchRecorder(batch={"max_samples": 4})}, cache=None) as stack:
        results = stack.score(_samples(8, {6: "drop"}))
    assert [r.scores["rm"].status for r in results].count(Status.ERROR) == 1
    assert "returned 0 scores for 1 samples" in results[6].scores["rm"].evidence


def test_a_source_raising_on_every_sample_ends_after_at_most_2n_minus_1_calls() -> None:
    source = BatchRecorder(poison="x", batch={"max_samples": 16})
    with RewardStack({"rm": source}, cache=None) as stack:
        results = stack.score([make_sample(i, "x") for i in range(16)])
    assert all(r.scores["rm"].status is Status.ERROR for r in results)
    assert len(source.calls) == 31


def test_out_of_memory_halves_the_micro_batch_for_the_rest_of_the_run() -> None:
    source = BatchRecorder(memory_limit=5, batch={"max_samples": 16})
    with RewardStack({"rm": source}, cache=None) as stack:
        first = stack.score(_samples(32))
        source.calls.clear()
        second = stack.score(_samples(32))
        notes = stack.notes()
    assert all(r.scores["rm"].is_ok for r in first + second)  # nothing lost to the OOMs
    assert max(source.calls) <= 4  # 16 -> 8 -> 4 and it stays there
    assert any("out of memory on a micro-batch of 8; micro-batch halved to 4" in n for n in notes)


def test_inline_deadline_times_out_the_call_and_fail_fast_quarantines_the_source() -> None:
    source = SlowSource(slow_s=20.0, execution={"timeout_s": 1.0, "on_quarantine": "fail_fast"},
                        batch={"max_samples": 1})
    with RewardStack({"s": source}, cache=None) as stack:
        results = stack.score([make_sample(0, "slow"), make_sample(1, "fast"), make_sample(2, "fast")])
        notes = stack.notes()
    assert [r.scores["s"].status for r in results] == [Status.TIMEOUT] * 3
    assert "1s deadline" in results[0].scores["s"].evidence
    assert "quarantined" in results[1].scores["s"].evidence
    assert any("quarantined" in n for n in notes)


def test_inline_deadline_with_wait_runs_later_calls_once_the_stuck_call_returns() -> None:
    source = SlowSource(slow_s=3.0, execution={"timeout_s": 2.0}, batch={"max_samples": 1})
    with RewardStack({"s": source}, cache=None) as stack:
        results = stack.score([make_sample(0, "slow"), make_sample(1, "fast")])
    assert results[0].scores["s"].status is Status.TIMEOUT
    assert results[1].scores["s"].status is Status.OK  # waited out the quarantine (1 s left of 2 s), then ran


def test_process_mode_refuses_async_sources() -> None:
    from tests.support.engine_sources import AsyncLenSource

    with pytest.raises(SourceError, match="process mode needs a synchronous BaseSource"):
        RewardStack({"a": AsyncLenSource(execution={"mode": "process"})}, cache=None)


def test_close_closes_every_source() -> None:
    closed: list[str] = []

    class Closing(BatchRecorder):
        def close(self) -> None:
            closed.append(self.name)

    stack = RewardStack({"a": Closing(name="a"), "b": Closing(name="b")}, cache=None)
    stack.close()
    assert sorted(closed) == ["a", "b"]


def test_base_source_has_fingerprint_and_close_by_default() -> None:
    source = BatchRecorder()
    assert source.fingerprint() == "" and source.close() is None
    assert isinstance(source, BaseSource)


def test_a_source_s_own_notes_reach_the_stack_notes() -> None:
    class Noting(BatchRecorder):
        def notes(self) -> list[str]:
            return ["3 log rows belong to no sample"]

    with RewardStack({"log": Noting()}, cache=None) as stack:
        assert stack.notes() == ["log: 3 log rows belong to no sample"]
