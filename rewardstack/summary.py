"""Per-source summary of a scoring run: mean value, status counts, latency percentiles."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np

from rewardstack.core.result import StackResult
from rewardstack.core.score import Status

__all__ = ["RunSummary", "SourceSummary"]


@dataclass
class SourceSummary:
    values: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)

    def mean(self) -> float | None:
        return float(np.mean(self.values)) if self.values else None

    def latency_ms(self, q: float) -> float | None:
        return float(np.percentile(self.latencies, q) * 1000) if self.latencies else None


@dataclass
class RunSummary:
    """Accumulates StackResults as they are written."""

    sources: dict[str, SourceSummary] = field(default_factory=lambda: defaultdict(SourceSummary))
    totals: list[float] = field(default_factory=list)
    total_status: Counter[str] = field(default_factory=Counter)
    bad_lines: int = 0

    def add(self, result: StackResult) -> None:
        self.total_status[str(result.status)] += 1
        if result.total is not None:
            self.totals.append(result.total)
        for name, score in result.scores.items():
            summary = self.sources[name]
            summary.statuses[str(score.status)] += 1
            summary.latencies.append(score.latency_s)
            if score.status is Status.OK and score.value is not None:
                summary.values.append(score.value)

    @property
    def count(self) -> int:
        return sum(self.total_status.values())

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """(name, mean, statuses, p50 ms, p95 ms) per source, then the fused total."""
        rows = []
        for name, s in sorted(self.sources.items()):
            rows.append((name, _fmt(s.mean()), _counts(s.statuses), _fmt(s.latency_ms(50)), _fmt(s.latency_ms(95))))
        total_mean = float(np.mean(self.totals)) if self.totals else None
        rows.append(("TOTAL (fused)", _fmt(total_mean), _counts(self.total_status), "", ""))
        return rows


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _counts(counter: Counter[str]) -> str:
    return " ".join(f"{k}={v}" for k, v in sorted(counter.items()))
