"""``regex_match``: does the response (or an extracted answer) match the reference regex?

The reference holds the pattern under ``reference[field]`` (default
``"pattern"``). With ``extract`` set, its first group is taken from the
response and matched instead of the whole response. No reference pattern (no
reference, the key absent or null) -> ``abstain``; a pattern that is not a string (a
number, a list, a boolean) or does not compile -> ``error`` naming the problem (a
malformed reference is bad sample content, so ``on_error`` policies fire).
A pathological pattern can backtrack for a long time: run this source with
``execution: {mode: process, timeout_s: ...}`` if references are untrusted.

>>> from rewardstack.core.sample import Sample
>>> src = RegexMatchSource(extract=r"Answer:\\s*(.+)")
>>> s = Sample(id="a", prompt="p", response="Answer: 42", reference={"pattern": r"4\\d"})
>>> src.score([s])[0].value
1.0
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, NamedTuple

import numpy as np
from pydantic import field_validator

from rewardstack.core.sample import Sample
from rewardstack.core.score import STATUS_CODES, Score, Status
from rewardstack.core.source import BaseSource, SourceConfig

__all__ = ["RegexMatchConfig", "RegexMatchSource"]


class RegexMatchConfig(SourceConfig):
    kind: Literal["regex_match"] = "regex_match"
    field: str = "pattern"
    mode: Literal["search", "fullmatch"] = "fullmatch"
    ignore_case: bool = False
    extract: str | None = None

    @field_validator("extract")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"extract does not compile: {exc}") from None
            if compiled.groups < 1:
                raise ValueError("extract needs one capturing group, e.g. 'Answer:\\s*(.+)'")
        return pattern


class RegexMatchSource(BaseSource[RegexMatchConfig]):
    """1.0 when the response matches the reference regex, else 0.0."""

    kind = "regex_match"
    version = "2"  # 2: a non-string reference pattern is an error, not str(pattern)
    config_class = RegexMatchConfig
    output_range = (0.0, 1.0)
    cost_class = "trivial"

    def __init__(self, config: RegexMatchConfig | None = None, *, name: str | None = None, **fields: object):
        super().__init__(config, name=name, **fields)
        self._extract = re.compile(self.config.extract, re.DOTALL) if self.config.extract else None
        self._flags = re.IGNORECASE if self.config.ignore_case else 0

    def score_one(self, sample: Sample) -> Score:
        verdict = self._judge(sample)
        if verdict.status is not Status.OK or verdict.value is None:
            return Score(value=None, status=verdict.status, evidence=verdict.evidence)
        return Score.ok(verdict.value, details={"extracted": verdict.extracted}, evidence=verdict.evidence)

    def score_values(self, samples: Sequence[Sample]) -> tuple[np.ndarray, np.ndarray]:
        """The arrays path: values and status codes without building Scores."""
        verdicts = [self._judge(s) for s in samples]
        values = np.array([v.value if v.value is not None else np.nan for v in verdicts])
        return values, np.array([STATUS_CODES[v.status] for v in verdicts], dtype=np.int8)

    def _judge(self, sample: Sample) -> _Verdict:
        pattern = (sample.reference or {}).get(self.config.field)
        if pattern is None:
            return _Verdict(None, Status.ABSTAIN, f"no reference[{self.config.field!r}] to match against")
        if not isinstance(pattern, str):
            what = type(pattern).__name__
            return _Verdict(None, Status.ERROR,
                            f"reference[{self.config.field!r}] must be a regex string, got {what} {pattern!r:.80}")
        try:
            compiled = re.compile(pattern, self._flags)
        except re.error as exc:
            return _Verdict(None, Status.ERROR, f"reference pattern {pattern!r} does not compile: {exc}")
        text = sample.response.strip()
        if self._extract is not None:
            found = self._extract.search(sample.response)
            if found is None:
                return _Verdict(0.0, Status.OK, "no answer found by the extract pattern", None)
            text = found.group(1).strip()
        match = compiled.fullmatch(text) if self.config.mode == "fullmatch" else compiled.search(text)
        evidence = "matches" if match else f"{text[:80]!r} does not {self.config.mode} {pattern!r}"
        return _Verdict(1.0 if match else 0.0, Status.OK, evidence, text[:200])


class _Verdict(NamedTuple):
    value: float | None
    status: Status
    evidence: str
    extracted: str | None = None
