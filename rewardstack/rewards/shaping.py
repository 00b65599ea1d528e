"""``length``: a length (and optional format) shaping signal.

    value = max(0, 1 - |n - target| / target) * format_ok

where ``n`` is the response length in ``unit`` and ``format_ok`` is 1 when the
response matches ``format_regex`` (if given) and 0 otherwise. Without a
``target`` the value is the raw length ``n`` — useful as the "length-only
reward" baseline for length-hacking studies (Singhal et al.).

>>> from rewardstack.core.sample import Sample
>>> src = LengthSource(unit="chars", target=5)
>>> src.score([Sample(id="a", prompt="p", response="hello")])[0].value
1.0
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

import numpy as np
from pydantic import Field, field_validator

from rewardstack.core.sample import Sample
from rewardstack.core.score import Score
from rewardstack.core.source import BaseSource, SourceConfig

__all__ = ["LengthConfig", "LengthSource", "length_score", "measure_length"]


class LengthConfig(SourceConfig):
    kind: Literal["length"] = "length"
    unit: Literal["chars", "words"] = "words"
    target: int | None = Field(default=None, gt=0)
    format_regex: str | None = None

    @field_validator("format_regex")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"format_regex does not compile: {exc}") from None
        return pattern


def measure_length(text: str, unit: Literal["chars", "words"]) -> int:
    return len(text) if unit == "chars" else len(text.split())


def length_score(n: int, target: int) -> float:
    """Triangular closeness to ``target``: 1 at the target, 0 at 0 and at 2x target.

    >>> length_score(5, 10), length_score(10, 10), length_score(30, 10)
    (0.5, 1.0, 0.0)
    """
    return max(0.0, 1.0 - abs(n - target) / target)


class LengthSource(BaseSource[LengthConfig]):
    """Length/format shaping: closeness to a target length, gated by a format regex."""

    kind = "length"
    version = "1"
    config_class = LengthConfig
    cost_class = "trivial"

    def __init__(self, config: LengthConfig | None = None, *, name: str | None = None, **fields: object):
        super().__init__(config, name=name, **fields)
        self._format = re.compile(self.config.format_regex, re.DOTALL) if self.config.format_regex else None

    def score_values(self, samples: Sequence[Sample]) -> tuple[np.ndarray, np.ndarray]:
        """The arrays path: the same values as :meth:`score_one`, without Score objects."""
        n = np.fromiter((measure_length(s.response, self.config.unit) for s in samples), float, len(samples))
        values = n if self.config.target is None else np.maximum(0.0, 1.0 - np.abs(n - self.config.target)
                                                                  / self.config.target)
        if self._format is not None:
            fmt = self._format
            values = values * np.fromiter((fmt.search(s.response) is not None for s in samples), float, len(samples))
        return values, np.zeros(len(samples), dtype=np.int8)

    def score_one(self, sample: Sample) -> Score:
        n = measure_length(sample.response, self.config.unit)
        components = {"length": float(n)}
        value = float(n) if self.config.target is None else length_score(n, self.config.target)
        evidence = f"{n} {self.config.unit}"
        if self._format is not None:
            format_ok = self._format.search(sample.response) is not None
            components["format"] = 1.0 if format_ok else 0.0
            value *= components["format"]
            if not format_ok:
                evidence += "; does not match format_regex"
        return Score.ok(value, components=components, evidence=evidence)
