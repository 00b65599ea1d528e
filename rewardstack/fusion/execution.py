"""Running one source over a batch: inline, or in hard-deadline worker processes.

``process`` mode is for CPU-heavy or untrusted-by-accident sources: each
sample runs in a worker process; if it exceeds ``execution.timeout_s`` the
worker's process group is killed and replaced from outside, and that sample
alone gets a ``timeout`` Score.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rewardstack.core.executors import HardTimeoutPool, TaskOutcome
from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.core.source import BaseSource, RewardSource

__all__ = ["SourceRunner"]


def _build_in_worker(source_class: type[BaseSource[Any]], config: Any, name: str) -> BaseSource[Any]:
    return source_class(config, name=name)


def _score_in_worker(source: BaseSource[Any], sample: Sample) -> Score:
    return source.safe_score_one(sample)


class SourceRunner:
    """Scores samples with one source, honouring its execution mode; never raises for samples."""

    def __init__(self, name: str, source: RewardSource):
        self.name = name
        self.source = source
        self._pool: HardTimeoutPool | None = None
        execution = getattr(getattr(source, "config", None), "execution", None)
        self.mode = execution.mode if execution is not None else "inline"
        self.timeout_s = execution.timeout_s if execution is not None else None
        self.workers = execution.workers if execution is not None else 1
        if self.mode == "process" and not isinstance(source, BaseSource):
            raise TypeError(f"source {name!r}: process mode needs a BaseSource (rebuilt from its config in workers)")

    @property
    def runs_elsewhere(self) -> bool:
        """True unless the source is a trivial in-process computation (then threads only add GIL contention)."""
        if self.mode == "process":
            return True
        describe = getattr(self.source, "describe", None)
        return not (callable(describe) and describe().cost_class == "trivial")

    @property
    def version(self) -> str:
        return str(getattr(self.source, "version", "?"))

    def score(self, samples: Sequence[Sample]) -> list[Score]:
        if not samples:
            return []
        if self.mode == "process":
            return self._score_in_processes(samples)
        try:
            scores = self.source.score(samples)
        except Exception as exc:  # a source bug must not take down the batch: every sample says so
            return [self._stamp(Score.error(f"source raised on the batch: {type(exc).__name__}: {exc}"))] * len(samples)
        if len(scores) != len(samples):
            message = f"source returned {len(scores)} scores for {len(samples)} samples"
            return [self._stamp(Score.error(message))] * len(samples)
        if getattr(self.source, "name", self.name) != self.name:  # the stack's name for it wins
            return [s.model_copy(update={"source": self.name}) for s in scores]
        return list(scores)

    def _score_in_processes(self, samples: Sequence[Sample]) -> list[Score]:
        assert isinstance(self.source, BaseSource) and self.timeout_s is not None
        if self._pool is None:
            self._pool = HardTimeoutPool(
                workers=self.workers,
                initializer=_build_in_worker,
                initargs=(type(self.source), self.source.config, self.name),
            )
        outcomes = self._pool.run(_score_in_worker, list(samples), timeout_s=self.timeout_s)
        return [self._from_outcome(o) for o in outcomes]

    def _from_outcome(self, outcome: TaskOutcome) -> Score:
        if outcome.status == "ok":
            score: Score = outcome.value
            return self._stamp(score, score.latency_s)
        if outcome.status == "timeout":
            return self._stamp(Score.timeout(f"killed after {self.timeout_s:g}s deadline"), outcome.elapsed_s)
        return self._stamp(Score.error(outcome.error.strip().splitlines()[0] if outcome.error else "worker failed"),
                           outcome.elapsed_s)

    def _stamp(self, score: Score, latency_s: float = 0.0) -> Score:
        return score.stamped(source=self.name, source_version=self.version, latency_s=latency_s)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
