"""Learning-rate schedule shared by the trainers."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["linear_warmup_decay"]


def linear_warmup_decay(total_steps: int, warmup_ratio: float) -> Callable[[int], float]:
    """LR multiplier for step ``s``: ``(s+1)/(w+1)`` for ``s < w``, then ``(N - s)/(N - w)``
    (floored at 0), with ``N = total_steps`` and ``w = int(warmup_ratio * N)``.

    >>> f = linear_warmup_decay(10, 0.2)
    >>> [round(f(s), 3) for s in (0, 1, 2, 6, 10)]
    [0.333, 0.667, 1.0, 0.5, 0.0]
    """
    warmup = int(warmup_ratio * total_steps)

    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / (warmup + 1)
        return max(0.0, (total_steps - step) / max(1, total_steps - warmup))

    return factor
