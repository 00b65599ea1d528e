"""Ray actors holding copies of one source: micro-batches dispatched with back-pressure and
deadlines enforced from outside (the optional ``ray`` extra).

Each actor builds the source from its class and config (as process-mode workers do) and scores
one micro-batch at a time; a batch call that raises is retried per sample inside the actor, so a
bad sample does not sink its neighbours. The driver keeps at most one call in flight per actor
(back-pressure: the rest wait here, not in actor queues, so a deadline is the call's own time):

- a call past ``timeout_s`` -> the actor is killed, its samples get ``timeout``, a new actor
  replaces it;
- an actor that dies (its process exits, a node is lost) -> its samples get ``error`` and it
  is replaced.

Ray is started locally (``ray.init()``) unless this process already runs one or ``address`` names
a cluster. Actors are killed by :meth:`RayActorPool.close`; the cluster itself is left running.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Sequence
from typing import Any

from rewardstack.core.errors import SourceError
from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.core.source import BaseSource
from rewardstack.core.source_config import ExecutionConfig

__all__ = ["RayActorPool", "SourceActor"]

STARTUP_TIMEOUT_S = 300.0


class SourceActor:
    """The actor body: one source instance, scoring micro-batches."""

    def __init__(self, source_class: type[BaseSource[Any]], config: Any, name: str):
        self.source = source_class(config, name=name)

    def ready(self) -> bool:
        return True

    def score(self, samples: Sequence[Sample]) -> list[Score]:
        try:
            scores = self.source.score(samples)
        except Exception:  # isolate the failing sample(s): each one alone, errors as statuses
            return [self.source.safe_score_one(s) for s in samples]
        if len(scores) != len(samples):
            return [self.source.safe_score_one(s) for s in samples]
        return list(scores)

    def close(self) -> None:
        self.source.close()


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise SourceError("execution mode 'ray' needs Ray: pip install 'rewardstack[ray]'") from None
    return ray


class RayActorPool:
    """``num_actors`` actors of one source; :meth:`run` scores micro-batches across them."""

    def __init__(self, source: BaseSource[Any], name: str, execution: ExecutionConfig):
        self._ray = _import_ray()
        if not self._ray.is_initialized():
            self._ray.init(address=execution.address, ignore_reinit_error=True, include_dashboard=False,
                           log_to_driver=False)
        self._name = name
        self._args = (type(source), source.config, name)
        self._timeout_s = execution.process_timeout_s
        self._remote = self._ray.remote(num_cpus=execution.num_cpus, num_gpus=execution.num_gpus,
                                        max_restarts=0, max_concurrency=1)(SourceActor)
        self._actors: list[Any] = [self._remote.remote(*self._args) for _ in range(execution.num_actors)]
        self.replaced = 0
        self._wait_ready(list(range(len(self._actors))))

    @property
    def size(self) -> int:
        return len(self._actors)

    def _wait_ready(self, slots: list[int]) -> None:
        refs = [self._actors[i].ready.remote() for i in slots]
        try:
            self._ray.get(refs, timeout=STARTUP_TIMEOUT_S)
        except self._ray.exceptions.GetTimeoutError:
            raise SourceError(f"source {self._name!r}: Ray actors did not start within {STARTUP_TIMEOUT_S:g}s "
                              f"(is the cluster short of the CPUs/GPUs asked for per actor?)") from None
        except self._ray.exceptions.RayActorError as exc:
            raise SourceError(f"source {self._name!r}: a Ray actor failed to build the source: {exc}") from None

    def _replace(self, slot: int) -> None:
        self._ray.kill(self._actors[slot], no_restart=True)
        self._actors[slot] = self._remote.remote(*self._args)
        self.replaced += 1

    def run(self, batches: Sequence[Sequence[Sample]]) -> list[list[Score]]:
        """Scores for each micro-batch, in order; never raises for a batch."""
        results: list[list[Score] | None] = [None] * len(batches)
        pending = deque(range(len(batches)))
        free = deque(range(len(self._actors)))
        running: dict[Any, tuple[int, int, float]] = {}  # object ref -> (batch, actor slot, deadline)
        while pending or running:
            while pending and free:
                batch, slot = pending.popleft(), free.popleft()
                ref = self._actors[slot].score.remote(list(batches[batch]))
                running[ref] = (batch, slot, time.monotonic() + self._timeout_s)
            next_deadline = min(deadline for _, _, deadline in running.values())
            ready, _ = self._ray.wait(list(running), num_returns=1,
                                      timeout=max(0.0, next_deadline - time.monotonic()))
            for ref in ready:
                batch, slot, _ = running.pop(ref)
                results[batch] = self._collect(ref, batch, slot, batches)
                free.append(slot)
            now = time.monotonic()
            for ref, (batch, slot, deadline) in list(running.items()):
                if deadline <= now:  # killed from outside: the call's samples time out
                    del running[ref]
                    self._replace(slot)
                    free.append(slot)
                    results[batch] = [Score.timeout(f"no answer within {self._timeout_s:g}s (execution.timeout_s); "
                                                    "the Ray actor was killed and replaced")] * len(batches[batch])
        return [r if r is not None else [] for r in results]

    def _collect(self, ref: Any, batch: int, slot: int, batches: Sequence[Sequence[Sample]]) -> list[Score]:
        n = len(batches[batch])
        try:
            return list(self._ray.get(ref))
        except self._ray.exceptions.RayActorError as exc:
            self._replace(slot)
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            return [Score.error(f"the Ray actor died while scoring ({reason}); it was replaced")] * n
        except self._ray.exceptions.RayError as exc:
            return [Score.error(f"Ray could not run the call: {type(exc).__name__}: {exc}")] * n

    def close(self) -> None:
        for actor in self._actors:
            try:
                self._ray.kill(actor, no_restart=True)
            except (self._ray.exceptions.RayError, ValueError):  # already gone, or Ray already shut down
                pass
        self._actors = []
