"""Sources that exercise the engine: batch-native, async, slow, and ones that break on purpose."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Sequence
from typing import Literal

from rewardstack import BaseSource, Sample, Score, SourceConfig


class OutOfMemoryError(RuntimeError):
    """Named like ``torch.cuda.OutOfMemoryError``: the engine recognises it by name."""


class RecorderConfig(SourceConfig):
    kind: Literal["recorder"] = "recorder"
    poison: str = "poison"  # a response that makes the whole call raise
    drop_on: str = "drop"  # a response that makes the call return one Score too few
    memory_limit: int | None = None  # calls larger than this raise OutOfMemoryError


class BatchRecorder(BaseSource[RecorderConfig]):
    """Batch-native: value = response length; records every call's size; breaks on request."""

    kind = "recorder"
    config_class = RecorderConfig

    def __init__(self, config: RecorderConfig | None = None, *, name: str | None = None, **fields: object):
        super().__init__(config, name=name, **fields)
        self.calls: list[int] = []
        self._lock = threading.Lock()

    def score_batch(self, samples: Sequence[Sample]) -> list[Score]:
        with self._lock:
            self.calls.append(len(samples))
        limit = self.config.memory_limit
        if limit is not None and len(samples) > limit:
            raise OutOfMemoryError(f"CUDA out of memory (batch of {len(samples)})")
        if any(s.response == self.config.poison for s in samples):
            raise ValueError("poisoned sample in the batch")
        scores = [Score.ok(float(len(s.response))) for s in samples]
        if any(s.response == self.config.drop_on for s in samples):
            scores.pop()
        return scores


class SlowConfig(SourceConfig):
    kind: Literal["slow"] = "slow"
    slow_s: float = 3.0  # how long a "slow" response takes


class SlowSource(BaseSource[SlowConfig]):
    """Sync, per sample: 1.0, but a response "slow" sleeps ``slow_s`` first (deadline tests)."""

    kind = "slow"
    config_class = SlowConfig
    cost_class = "trivial"

    def score_one(self, sample: Sample) -> Score:
        if sample.response == "slow":
            time.sleep(self.config.slow_s)
        return Score.ok(1.0)


class AsyncLenConfig(SourceConfig):
    kind: Literal["async_len"] = "async_len"
    delay_s: float = 0.0


class AsyncLenSource(BaseSource[AsyncLenConfig]):
    """``async def score_one``: response length after ``delay_s``; raises on "boom"."""

    kind = "async_len"
    config_class = AsyncLenConfig

    async def score_one(self, sample: Sample) -> Score:  # type: ignore[override]
        await asyncio.sleep(self.config.delay_s)
        if sample.response == "boom":
            raise ValueError("async source refuses this sample")
        return Score.ok(float(len(sample.response)))


class AsyncBatchConfig(SourceConfig):
    kind: Literal["async_batch"] = "async_batch"
    poison: str = "poison"


class AsyncBatchSource(BaseSource[AsyncBatchConfig]):
    """``async def score_batch``: records call sizes; a poisoned sample fails the whole call."""

    kind = "async_batch"
    config_class = AsyncBatchConfig

    def __init__(self, config: AsyncBatchConfig | None = None, *, name: str | None = None, **fields: object):
        super().__init__(config, name=name, **fields)
        self.calls: list[int] = []

    async def score_batch(self, samples: Sequence[Sample]) -> list[Score]:  # type: ignore[override]
        self.calls.append(len(samples))
        await asyncio.sleep(0)
        if any(s.response == self.config.poison for s in samples):
            raise RuntimeError("judge server answered 500")
        return [Score.ok(float(len(s.response))) for s in samples]
