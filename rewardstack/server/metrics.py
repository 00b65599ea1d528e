"""``ServerMetrics``: counters and histograms, written in Prometheus' text format (``GET /metrics``).

prometheus_client is not a dependency of rewardstack, and the server needs only
counters, two gauges and histograms: a small writer of the text exposition
format (version 0.0.4) does it. Names:

- ``rewardstack_requests_total{endpoint,code}``
- ``rewardstack_request_seconds`` (histogram by ``endpoint``)
- ``rewardstack_samples_total{source,status}``: every source's status per scored sample
- ``rewardstack_totals_missing_total``: samples that got no total
- ``rewardstack_batches_total``, ``rewardstack_batch_samples`` (histogram), ``rewardstack_batch_seconds`` (histogram)
- ``rewardstack_queue_samples``, ``rewardstack_in_flight_samples`` (gauges)

>>> m = ServerMetrics()
>>> m.observe_request("/score", 200, 0.012)
>>> 'rewardstack_requests_total{endpoint="/score",code="200"} 1' in m.render(queued=0, in_flight=0)
True
"""

from __future__ import annotations

import bisect
import threading
from collections import Counter
from collections.abc import Iterable, Sequence

from rewardstack.core.result import StackResult

__all__ = ["CONTENT_TYPE", "ServerMetrics"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
SIZE_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024)


class _Histogram:
    def __init__(self, buckets: Sequence[float]):
        self.buckets = tuple(buckets)
        self.counts = [0] * (len(self.buckets) + 1)  # the last one is +Inf
        self.total = 0.0

    def observe(self, value: float) -> None:
        self.counts[bisect.bisect_left(self.buckets, value)] += 1
        self.total += value

    def lines(self, name: str, labels: str) -> Iterable[str]:
        sep = "," if labels else ""
        running = 0
        for bound, count in zip((*self.buckets, float("inf")), self.counts, strict=True):
            running += count
            le = "+Inf" if bound == float("inf") else f"{bound:g}"
            yield f'{name}_bucket{{{labels}{sep}le="{le}"}} {running}'
        braces = f"{{{labels}}}" if labels else ""
        yield f"{name}_sum{braces} {self.total:.6g}"
        yield f"{name}_count{braces} {running}"


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


class ServerMetrics:
    """Thread-safe counters of one server (observed from the event loop and the batch thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: Counter[tuple[str, int]] = Counter()
        self.latency: dict[str, _Histogram] = {}
        self.statuses: Counter[tuple[str, str]] = Counter()
        self.missing_totals = 0
        self.batch_sizes = _Histogram(SIZE_BUCKETS)
        self.batch_seconds = _Histogram(LATENCY_BUCKETS)

    def observe_request(self, endpoint: str, code: int, seconds: float) -> None:
        with self._lock:
            self.requests[(endpoint, code)] += 1
            self.latency.setdefault(endpoint, _Histogram(LATENCY_BUCKETS)).observe(seconds)

    def observe_batch(self, samples: int, seconds: float) -> None:
        with self._lock:
            self.batch_sizes.observe(samples)
            self.batch_seconds.observe(seconds)

    def observe_results(self, results: Sequence[StackResult]) -> None:
        with self._lock:
            for result in results:
                for name, score in result.scores.items():
                    self.statuses[(name, score.status.value)] += 1
                self.missing_totals += result.total is None

    def render(self, *, queued: int, in_flight: int) -> str:
        """The exposition text (ends with a newline, as Prometheus requires)."""
        with self._lock:
            return "\n".join(self._lines(queued, in_flight)) + "\n"

    def _lines(self, queued: int, in_flight: int) -> Iterable[str]:
        yield "# HELP rewardstack_requests_total HTTP requests by endpoint and status code."
        yield "# TYPE rewardstack_requests_total counter"
        for (endpoint, code), count in sorted(self.requests.items()):
            yield f'rewardstack_requests_total{{endpoint="{_label(endpoint)}",code="{code}"}} {count}'
        yield "# HELP rewardstack_request_seconds Request latency in seconds."
        yield "# TYPE rewardstack_request_seconds histogram"
        for endpoint, histogram in sorted(self.latency.items()):
            yield from histogram.lines("rewardstack_request_seconds", f'endpoint="{_label(endpoint)}"')
        yield "# HELP rewardstack_samples_total Scored samples by source and status."
        yield "# TYPE rewardstack_samples_total counter"
        for (source, status), count in sorted(self.statuses.items()):
            yield f'rewardstack_samples_total{{source="{_label(source)}",status="{status}"}} {count}'
        yield "# HELP rewardstack_totals_missing_total Samples the stack gave no total."
        yield "# TYPE rewardstack_totals_missing_total counter"
        yield f"rewardstack_totals_missing_total {self.missing_totals}"
        yield "# HELP rewardstack_batches_total Stack calls made (one per merged batch)."
        yield "# TYPE rewardstack_batches_total counter"
        yield f"rewardstack_batches_total {sum(self.batch_sizes.counts)}"
        yield "# HELP rewardstack_batch_samples Samples per stack call."
        yield "# TYPE rewardstack_batch_samples histogram"
        yield from self.batch_sizes.lines("rewardstack_batch_samples", "")
        yield "# HELP rewardstack_batch_seconds Seconds per stack call."
        yield "# TYPE rewardstack_batch_seconds histogram"
        yield from self.batch_seconds.lines("rewardstack_batch_seconds", "")
        yield "# HELP rewardstack_queue_samples Samples waiting for a batch."
        yield "# TYPE rewardstack_queue_samples gauge"
        yield f"rewardstack_queue_samples {queued}"
        yield "# HELP rewardstack_in_flight_samples Samples in the running batch."
        yield "# TYPE rewardstack_in_flight_samples gauge"
        yield f"rewardstack_in_flight_samples {in_flight}"
