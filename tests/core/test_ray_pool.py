"""Sources on a real local Ray cluster: same results as inline, deadlines and dead actors as statuses."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import ray

from rewardstack import RewardStack, Status
from rewardstack.core.errors import SourceError
from rewardstack.core.source_config import ExecutionConfig
from rewardstack.verifiers.math.source import MathAnswerSource
from tests.support.cli import REPO
from tests.support.samples import make_sample
from tests.support.sources import ToySource

pytestmark = pytest.mark.slow  # a Ray cluster takes seconds to start


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}})
    yield
    ray.shutdown()


def _math_samples() -> list:
    answers = ["4", "\\boxed{4}", "5", "The answer is **4**.", "x", "2+2", "four", "4.0"]
    return [make_sample(i, text, prompt="2+2?", reference={"answer": "4"}) for i, text in enumerate(answers)]


def test_ray_mode_gives_the_inline_results(cluster: None) -> None:
    samples = _math_samples()
    with RewardStack({"answer": MathAnswerSource()}, cache=None) as stack:
        inline = stack.score(samples)
    ray_source = MathAnswerSource(execution={"mode": "ray", "num_actors": 2, "num_cpus": 0.5})
    with RewardStack({"answer": ray_source}, cache=None) as stack:
        remote = stack.score(samples)
    assert [r.total for r in remote] == [r.total for r in inline]
    assert [r.scores["answer"].status for r in remote] == [r.scores["answer"].status for r in inline]
    assert all(r.scores["answer"].source == "answer" for r in remote)


def test_hang_times_out_and_death_is_an_error_and_actors_are_replaced(cluster: None) -> None:
    # one sample per call: a deadline or a death is the call's, so neighbours in a call would share it
    source = ToySource(execution={"mode": "ray", "num_actors": 2, "num_cpus": 0.5, "timeout_s": 5},
                       batch={"max_samples": 1})
    samples = [make_sample(0, "ok"), make_sample(1, "hang"), make_sample(2, "die"), make_sample(3, "boom"),
               make_sample(4, "fine")]
    with RewardStack({"toy": source}, cache=None) as stack:
        results = stack.score(samples)
        statuses = [r.scores["toy"].status for r in results]
        assert statuses == [Status.OK, Status.TIMEOUT, Status.ERROR, Status.ERROR, Status.OK]
        assert "actor was killed and replaced" in results[1].scores["toy"].evidence
        assert "actor died" in results[2].scores["toy"].evidence
        assert "refuses this sample" in results[3].scores["toy"].evidence  # a raise stays the sample's own error
        assert any("replaced" in note for note in stack.notes())
        again = stack.score([make_sample(5, "abc"), make_sample(6, "de")])  # the replacements work
        assert [r.total for r in again] == [3.0, 2.0]


def test_ray_mode_refuses_what_it_cannot_run() -> None:
    from tests.support.engine_sources import AsyncLenSource

    with pytest.raises(SourceError, match="ray mode needs a synchronous BaseSource"):
        RewardStack({"a": AsyncLenSource(execution={"mode": "ray"})}, cache=None)
    with pytest.raises(ValueError, match="only apply to mode: ray"):
        ExecutionConfig(num_gpus=1)
    assert ExecutionConfig.model_validate(ExecutionConfig().model_dump()) == ExecutionConfig()  # dumps round-trip
