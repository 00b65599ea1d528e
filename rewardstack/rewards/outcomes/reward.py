"""From the outcomes of one conversation to one reward: decay, window, combine (pure functions).

For a response at time ``t_r`` and an outcome ``i`` of weight ``w_i`` logged at ``t_i``::

    delay_i = t_i - t_r
    d_i     = 0.5 ** (max(delay_i, 0) / half_life)      (1 without a half-life)
    c_i     = w_i * d_i                                  (the outcome's contribution)

An outcome counts when ``delay_i`` lies in the window (``start_s <= delay_i <= end_s``), or
always without a window. Then, over the counted outcomes:

    sum:  value = clip(sum_i c_i, low, high)
    last: value = c_j   with j the latest counted outcome (ties: the later log entry)

Why decay by delay: an outcome long after the response is less attributable to it (the
conversation moved on, other answers intervened), so it moves the reward less. The decay
never depends on the wall clock: a score is a pure function of the sample and the log, which
is what lets the result cache keep it (the log's state is in the source's fingerprint).
Outcomes before the response (only counted when a window opens before it, e.g. for clock
skew between systems) decay as if immediate.

Why ``sum`` (clipped) is the default: outcomes are separate pieces of evidence (resolved *and*
thumbs-up is better than either; resolved, then re-contacted within a day, is mixed), and the
clip keeps a chatty conversation's many events from swamping the other signals of a stack.
``last`` fits logs where later feedback replaces earlier (a user flipping thumbs-down to up).

>>> round(decay(3600, 7200), 6), decay(-60, 7200), decay(10**9, None)
(0.707107, 1.0, 1.0)
>>> combine_sum([0.8, 0.5], (-1.0, 1.0))
(1.0, True)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Counted", "combine_last", "combine_sum", "decay"]


def decay(delay_s: float, half_life_s: float | None) -> float:
    """``0.5 ** (max(delay, 0) / half_life)``; 1.0 without a half-life. In (0, 1], non-increasing in delay."""
    if half_life_s is None or delay_s <= 0.0:
        return 1.0
    return math.pow(0.5, delay_s / half_life_s)


def combine_sum(contributions: Sequence[float], clip: tuple[float, float] | None) -> tuple[float, bool]:
    """``(clip(sum), clipped?)``; summed with ``math.fsum`` so the order of the log does not matter."""
    total = math.fsum(contributions)
    if clip is None:
        return total, False
    bounded = min(max(total, clip[0]), clip[1])
    return bounded, bounded != total


@dataclass(frozen=True)
class Counted:
    """An outcome that counts: its time (unix s), log order (rowid or line) and contribution."""

    time: float
    order: int
    contribution: float


def combine_last(counted: Sequence[Counted]) -> Counted:
    """The latest outcome by time; among equal times the later log entry.

    >>> combine_last([Counted(5.0, 2, 1.0), Counted(9.0, 1, -0.5), Counted(9.0, 3, 0.25)]).contribution
    0.25
    """
    if not counted:
        raise ValueError("combine_last needs at least one outcome")
    return max(counted, key=lambda c: (c.time, c.order))
