import asyncio
import os
import threading
import time
from typing import Any

import pytest

from rewardstack.core.executors import HardTimeoutPool, call_function
from tests.support.procs import alive


def _sleep_then_echo(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _die(_: Any) -> None:
    os._exit(3)


@pytest.fixture
def pool() -> Any:
    with HardTimeoutPool(workers=2) as p:
        yield p


def test_results_in_order(pool: HardTimeoutPool) -> None:
    outcomes = pool.run(call_function, [(abs, -i) for i in range(20)], timeout_s=30)
    assert [o.value for o in outcomes] == list(range(20))
    assert all(o.status == "ok" for o in outcomes)


def test_stuck_task_is_killed_from_outside_and_worker_replaced(pool: HardTimeoutPool) -> None:
    before = set(pool.worker_pids())
    outcomes = pool.run(call_function, [(_sleep_then_echo, 60), (abs, -1)], timeout_s=1)
    assert outcomes[0].status == "timeout"
    assert outcomes[1].value == 1
    after = set(pool.worker_pids())
    killed = before - after
    assert len(killed) == 1 and len(after) == 2
    assert not any(alive(pid) for pid in killed)
    # the replacement works
    assert pool.run(call_function, [(abs, -5)], timeout_s=30)[0].value == 5


def test_exception_is_an_error_outcome(pool: HardTimeoutPool) -> None:
    outcome = pool.run(call_function, [(int, "not a number")], timeout_s=30)[0]
    assert outcome.status == "error" and "ValueError" in outcome.error


def test_dying_worker_is_an_error_and_replaced(pool: HardTimeoutPool) -> None:
    outcomes = pool.run(call_function, [(_die, None), (abs, -2)], timeout_s=30)
    assert outcomes[0].status == "error" and "worker died" in outcomes[0].error
    assert outcomes[1].value == 2
    assert len(pool.worker_pids()) == 2


def test_usable_from_threads_and_asyncio(pool: HardTimeoutPool) -> None:
    results: list[Any] = []

    def work(k: int) -> None:
        results.extend(o.value for o in pool.run(call_function, [(abs, -k)], timeout_s=30))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [0, 1, 2, 3]

    async def main() -> list[Any]:
        return await asyncio.to_thread(pool.run, call_function, [(_sleep_then_echo, 30)], 0.5)

    assert asyncio.run(main())[0].status == "timeout"


def test_close_stops_all_workers() -> None:
    pool = HardTimeoutPool(workers=2)
    pids = pool.worker_pids()
    pool.close()
    assert not any(alive(pid) for pid in pids)


def test_close_kills_a_running_task_instead_of_waiting_for_its_deadline() -> None:
    pool = HardTimeoutPool(workers=1)
    pool.run(call_function, [(abs, -1)], timeout_s=60)  # the worker is up
    pids = pool.worker_pids()
    outcomes: list[Any] = []
    runner = threading.Thread(target=lambda: outcomes.extend(
        pool.run(call_function, [(_sleep_then_echo, 600), (abs, -2)], timeout_s=600)))
    runner.start()
    time.sleep(0.5)  # the first task reaches the only worker; the second waits in the queue
    pool.close()  # must not wait 600 s for the stuck task
    runner.join(timeout=60)
    assert not runner.is_alive()
    assert [o.status for o in outcomes] == ["error", "error"]
    assert "worker died" in outcomes[0].error and "pool was closed" in outcomes[1].error
    assert not any(alive(pid) for pid in pids)
