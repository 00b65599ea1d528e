"""Confidence intervals for a share (a binomial proportion).

The Wilson score interval: for ``k`` successes in ``n`` trials, ``p = k / n`` and
``z`` the normal quantile (1.959964 for 95%)::

    centre = (p + z^2 / (2n)) / (1 + z^2 / n)
    half   = z / (1 + z^2 / n) * sqrt(p (1 - p) / n + z^2 / (4 n^2))

Why Wilson rather than the textbook ``p +- z sqrt(p(1-p)/n)``: it stays inside
[0, 1], is not zero-width at ``k = 0`` or ``k = n``, and keeps close to its
nominal coverage for small ``n`` (Brown, Cai & DasGupta 2001).

>>> low, high = wilson_interval(8, 10)
>>> round(low, 4), round(high, 4)
(0.4902, 0.9433)
"""

from __future__ import annotations

import math

__all__ = ["Z95", "wilson_interval"]

Z95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval (module docstring); ``(0.0, 1.0)`` when there are no trials."""
    if trials < 0 or not 0 <= successes <= trials:
        raise ValueError(f"need 0 <= successes <= trials, got {successes} of {trials}")
    if trials == 0:
        return 0.0, 1.0
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    # rounding must not push a bound past the share itself (k = 0 gives 2.8e-17, not 0)
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))
