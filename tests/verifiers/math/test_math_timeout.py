"""The sympy path runs under a hard deadline in worker processes, from threads and from asyncio."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from rewardstack.core.sample import Sample
from rewardstack.core.score import Status
from rewardstack.verifiers.math import MathAnswerConfig, MathAnswerSource
from rewardstack.verifiers.math.pool import shared_pool

# Screens relaxed on purpose so that a pathological pair reaches sympy: 10^7! takes minutes there.
SLOW = dict(max_exponent=10**9, max_integer_digits=10**6, sympy_timeout_s=5.0, sympy_workers=1)
PATHOLOGICAL = (r"\boxed{x \cdot 10000000!}", "x")


def _sample(response: str, answer: str, i: int = 0) -> Sample:
    return Sample(id=str(i), prompt="q", response=response, reference={"answer": answer})


@pytest.fixture(scope="module")
def slow_source() -> MathAnswerSource:
    return MathAnswerSource(MathAnswerConfig(**SLOW))  # type: ignore[arg-type]


def test_pathological_pair_times_out_and_worker_is_replaced(slow_source: MathAnswerSource) -> None:
    pool = shared_pool(1, slow_source.config.sympy_memory_mb)
    before = set(pool.worker_pids())
    scores = slow_source.score([_sample(*PATHOLOGICAL, 0), _sample(r"\boxed{2x}", "x+x", 1)])
    assert scores[0].status is Status.TIMEOUT
    assert scores[0].value is None and "killed" in scores[0].evidence
    assert scores[1].value == 1.0  # the pool still works after the kill
    after = set(pool.worker_pids())
    assert after and not (before & after)


def test_timeout_from_threads(slow_source: MathAnswerSource) -> None:
    samples = [_sample(*PATHOLOGICAL, 0), *[_sample(rf"\boxed{{{k}\sqrt{{2}}}}", rf"\sqrt{{{2 * k * k}}}", k)
                                           for k in range(1, 4)]]
    with ThreadPoolExecutor(max_workers=4) as threads:
        results = list(threads.map(lambda s: slow_source.score([s])[0], samples))
    assert results[0].status is Status.TIMEOUT
    assert [r.value for r in results[1:]] == [1.0, 1.0, 1.0]


def test_timeout_from_asyncio(slow_source: MathAnswerSource) -> None:
    async def main() -> list[Status]:
        scores = await asyncio.gather(
            slow_source.ascore([_sample(*PATHOLOGICAL)]),
            slow_source.ascore([_sample(r"\boxed{\{3,1\}}", r"\{1,3\}")]),
        )
        return [s[0].status for s in scores]

    assert asyncio.run(main()) == [Status.TIMEOUT, Status.OK]


def test_default_screens_stop_it_before_sympy() -> None:
    score = MathAnswerSource().score([_sample(*PATHOLOGICAL)])[0]
    assert score.status is Status.ERROR and "screened" in score.evidence


def test_works_inside_a_daemon_worker() -> None:
    # the stack's process mode runs sources in daemon workers, which may not start the sympy pool
    from rewardstack.core.executors import HardTimeoutPool, call_function

    source = MathAnswerSource()
    sample = _sample(r"\boxed{\sqrt{8}}", r"2\sqrt{2}")
    with HardTimeoutPool(workers=1) as pool:
        (outcome,) = pool.run(call_function, [(source.safe_score_one, sample)], timeout_s=60)
    assert outcome.status == "ok"
    assert outcome.value.status is Status.OK and outcome.value.value == 1.0


def test_memory_cap_turns_a_huge_allocation_into_an_error() -> None:
    # 2^(2^33) needs a 1 GiB integer; under a 256 MiB address-space cap the worker gets MemoryError
    config = MathAnswerConfig(max_exponent=10**12, sympy_workers=1, sympy_memory_mb=256, sympy_timeout_s=60)
    score = MathAnswerSource(config).score([_sample(r"\boxed{x \cdot 2^{2^{33}}}", "x")])[0]
    assert score.status is Status.ERROR and "MemoryError" in score.evidence
