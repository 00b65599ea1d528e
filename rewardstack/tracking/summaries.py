"""Per-batch summaries of scored results, for the tracking writers (``rewardstack score --metrics-dir``)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from rewardstack.core.result import StackResult

__all__ = ["results_metrics"]


def _mean(values: list[float]) -> float | None:
    finite = [v for v in values if math.isfinite(v)]
    return sum(finite) / len(finite) if finite else None


def results_metrics(results: Sequence[StackResult]) -> dict[str, Any]:
    """``reward/total/mean``, ``reward/total/missing`` (share without a total) and, per source,
    ``reward/<source>/mean`` (over its ok values) and ``reward/<source>/status/<status>`` (shares).

    >>> from rewardstack.core.score import Score
    >>> r = StackResult(id="1", total=1.0, scores={"a": Score.ok(0.5)})
    >>> results_metrics([r])["reward/a/mean"], results_metrics([r])["reward/a/status/ok"]
    (0.5, 1.0)
    """
    n = len(results)
    out: dict[str, Any] = {"samples": n,
                           "reward/total/mean": _mean([r.total for r in results if r.total is not None]),
                           "reward/total/missing": sum(r.total is None for r in results) / n if n else None}
    names = sorted({name for r in results for name in r.scores})
    for name in names:
        scores = [r.scores[name] for r in results if name in r.scores]
        out[f"reward/{name}/mean"] = _mean([s.value for s in scores if s.status.value == "ok" and s.value is not None])
        counts = Counter(s.status.value for s in scores)
        for status in ("ok", "abstain", "error", "timeout"):
            out[f"reward/{name}/status/{status}"] = counts.get(status, 0) / len(scores)
    return out
