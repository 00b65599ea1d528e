"""Bisection isolates exactly the failing samples, in a bounded number of calls."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rewardstack import Score, Status
from rewardstack.core.fault_isolation import FaultIsolator, is_out_of_memory


def _drive(n: int, poisoned: set[int], plan_size: int | None = None) -> FaultIsolator:
    plan = [list(range(n))] if plan_size is None else [list(range(i, min(i + plan_size, n)))
                                                       for i in range(0, n, plan_size)]
    isolator = FaultIsolator(plan)
    while (batch := isolator.next_batch()) is not None:
        if poisoned & set(batch):
            isolator.failed(batch, RuntimeError("server said 500"))
        else:
            isolator.succeeded(batch, [Score.ok(float(i)) for i in batch])
    return isolator


@given(n=st.integers(min_value=1, max_value=64), data=st.data())
def test_only_poisoned_samples_fail_and_calls_are_bounded(n: int, data: st.DataObject) -> None:
    poisoned = data.draw(st.sets(st.integers(min_value=0, max_value=n - 1), max_size=n))
    isolator = _drive(n, poisoned)
    assert sorted(isolator.results) == list(range(n))
    for i, score in isolator.results.items():
        assert (score.status is Status.ERROR) == (i in poisoned)
        if i not in poisoned:
            assert score.value == float(i)
    assert isolator.calls <= 2 * n - 1  # a full binary tree over n leaves: bisection always ends


def test_every_sample_failing_costs_exactly_2n_minus_1_calls() -> None:
    isolator = _drive(8, set(range(8)))
    assert isolator.calls == 15
    assert "server said 500" in isolator.results[3].evidence


def test_one_poisoned_sample_in_64_costs_a_logarithmic_number_of_calls() -> None:
    isolator = _drive(64, {17}, plan_size=8)
    assert isolator.calls == 8 + 6  # 8 micro-batches, then 3 levels of halving inside the bad one
    assert [i for i, s in isolator.results.items() if not s.is_ok] == [17]


def test_cap_splits_queued_batches_when_taken() -> None:
    cap = [8]
    isolator = FaultIsolator([list(range(20))], cap=lambda: cap[0])
    first = isolator.next_batch()
    cap[0] = 3
    second = isolator.next_batch()
    assert first == list(range(8)) and second == [8, 9, 10]


class OutOfMemoryError(RuntimeError):  # the name torch.cuda uses
    pass


def test_out_of_memory_is_recognised_by_type_name_or_message() -> None:
    assert is_out_of_memory(MemoryError())
    assert is_out_of_memory(OutOfMemoryError("CUDA"))
    assert is_out_of_memory(RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB"))
    assert not is_out_of_memory(ValueError("bad sample"))
