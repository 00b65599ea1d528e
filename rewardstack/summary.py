"""Per-source summary of a scoring run: mean value, status counts, cache hits, latency of fresh scores.

Statuses are counted as the results say them (a total's status is the
StackResult's, a source's is its Score's); nothing is re-derived here.
Latency percentiles cover only Scores computed in this run: a Score served
from the result cache carries the latency of the run that computed it, which
says nothing about this one.

>>> from rewardstack.core.result import StackResult
>>> from rewardstack.core.score import Score
>>> summary = RunSummary()
>>> summary.add(StackResult(id="a", total=1.0, scores={"len": Score.ok(1.0)}, flags=["clipped"]))
>>> summary.rows()[0][:4]
('len', '1.000', 'ok=1', '0')
>>> summary.flag_counts()
'clipped=1'
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from rewardstack.core.result import StackResult
from rewardstack.core.score import Score, Status

__all__ = ["RunSummary", "SourceSummary"]


@dataclass
class SourceSummary:
    values: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # fresh Scores only
    statuses: Counter[str] = field(default_factory=Counter)
    cache_hits: int = 0

    def mean(self) -> float | None:
        return float(np.mean(self.values)) if self.values else None

    def latency_ms(self, q: float) -> float | None:
        return float(np.percentile(self.latencies, q) * 1000) if self.latencies else None


@dataclass
class RunSummary:
    """Accumulates StackResults as they are written.

    ``from_cache`` tells a Score served by the result cache from a fresh one
    (:meth:`rewardstack.core.cache.ResultCache.served`); without it every Score counts as fresh.
    """

    sources: dict[str, SourceSummary] = field(default_factory=lambda: defaultdict(SourceSummary))
    totals: list[float] = field(default_factory=list)
    total_status: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    no_total: Counter[tuple[str, str]] = field(default_factory=Counter)  # (status, reason) of missing totals
    bad_lines: int = 0
    from_cache: Callable[[Score], bool] | None = None

    def add(self, result: StackResult) -> None:
        self.total_status[Status(result.status).value] += 1
        self.flags.update(result.flags)
        if result.total is not None:
            self.totals.append(result.total)
        else:
            reason = str(getattr(result, "reason", "")).removeprefix("no total: ") or "no reason given"
            self.no_total[(Status(result.status).value, reason)] += 1
        for name, score in result.scores.items():
            summary = self.sources[name]
            summary.statuses[Status(score.status).value] += 1
            if self.from_cache is not None and self.from_cache(score):
                summary.cache_hits += 1
            else:
                summary.latencies.append(score.latency_s)
            if score.status is Status.OK and score.value is not None:
                summary.values.append(score.value)

    @property
    def count(self) -> int:
        return sum(self.total_status.values())

    @property
    def cache_hits(self) -> int:
        return sum(s.cache_hits for s in self.sources.values())

    def rows(self) -> list[tuple[str, str, str, str, str, str]]:
        """(name, mean, statuses, cache hits, p50 ms, p95 ms) per source, then the fused total."""
        rows = []
        for name, s in sorted(self.sources.items()):
            rows.append((name, _fmt(s.mean()), _counts(s.statuses), str(s.cache_hits),
                         _fmt(s.latency_ms(50)), _fmt(s.latency_ms(95))))
        total_mean = float(np.mean(self.totals)) if self.totals else None
        rows.append(("TOTAL (fused)", _fmt(total_mean), _counts(self.total_status), "", "", ""))
        return rows

    def flag_counts(self) -> str:
        """``flag=count`` for every flag on the fused totals (gated, vetoed:<src>, ...), most frequent first."""
        return " ".join(f"{name}={n}" for name, n in sorted(self.flags.items(), key=lambda kv: (-kv[1], kv[0])))


    def missing_totals(self, most: int = 5) -> list[str]:
        """``count x status: reason`` for the commonest reasons a sample got no total."""
        lines = [f"{n} x {status}: {reason}" for (status, reason), n in self.no_total.most_common(most)]
        rest = sum(self.no_total.values()) - sum(n for _, n in self.no_total.most_common(most))
        return lines + ([f"{rest} more with other reasons"] if rest else [])


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def _counts(counter: Counter[str]) -> str:
    return " ".join(f"{k}={v}" for k, v in sorted(counter.items()))
