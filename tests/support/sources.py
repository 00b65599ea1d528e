"""Misbehaving sources for engine tests: they raise, hang, or spawn children.

They live in an importable module (not a test file) because process-mode
workers rebuild sources by class path.
"""

from __future__ import annotations

import os
import subprocess
import time
from typing import Literal

from rewardstack import BaseSource, Sample, Score, SourceConfig


class ToyConfig(SourceConfig):
    kind: Literal["toy"] = "toy"
    hang_on: str = "hang"  # response text that makes score_one hang
    raise_on: str = "boom"
    exit_on: str = "die"  # response text that makes the scoring process exit at once
    child_pid_file: str | None = None  # when set, hanging spawns a child and writes its pid here


class ToySource(BaseSource[ToyConfig]):
    """Length of the response; raises on "boom", hangs on "hang" (for fault tests)."""

    kind = "toy"
    version = "1"
    config_class = ToyConfig

    def score_one(self, sample: Sample) -> Score:
        if sample.response == self.config.raise_on:
            raise ValueError("toy source refuses this sample")
        if sample.response == self.config.exit_on:
            os._exit(3)
        if sample.response == self.config.hang_on:
            if self.config.child_pid_file:
                child = subprocess.Popen(["sleep", "600"])
                with open(self.config.child_pid_file, "a") as handle:
                    handle.write(f"{os.getpid()} {child.pid}\n")
            while True:
                time.sleep(0.05)
        return Score.ok(float(len(sample.response)))


class CountingConfig(SourceConfig):
    kind: Literal["counting"] = "counting"
    delay_s: float = 0.0


class CountingSource(BaseSource[CountingConfig]):
    """Counts how many samples it was asked to score (to prove cache hits)."""

    kind = "counting"
    version = "1"
    config_class = CountingConfig

    def __init__(self, config: CountingConfig | None = None, *, name: str | None = None, **fields: object):
        super().__init__(config, name=name, **fields)
        self.calls = 0

    def score_one(self, sample: Sample) -> Score:
        self.calls += 1
        if self.config.delay_s:
            time.sleep(self.config.delay_s)
        return Score.ok(1.0)
