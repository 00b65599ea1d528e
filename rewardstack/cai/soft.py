"""Soft AI labels: the judge's preference clamped to a band, then written as the trainer's pair format.

``rewardstack train rm`` learns from hard pairs (``chosen`` over ``rejected``)
with an optional per-pair ``margin`` (``margin: true`` in its config:
``-log sigmoid(r_c - r_r - m)``); it has no soft-label loss. So a soft label
``p = P(first is better)`` is written as

- ``chosen``/``rejected`` ordered by ``p`` (a tie, ``p == 1/2``, keeps the input's order),
- ``label_prob`` = P(chosen is better) = ``max(p, 1 - p)`` after clamping, in [1/2, hi]:
  the soft label itself, for a trainer with a soft-label (cross-entropy) loss,
- ``margin`` = ``logit(label_prob)`` >= 0: the reward gap at which a
  Bradley–Terry model gives exactly ``label_prob``, so with ``margin: true`` a
  confident AI preference must be won by more than a hesitant one, and a tie
  asks for no gap at all.

Clamping to a band ``[lo, hi]`` (``lo <= 1/2 <= hi``) bounds how sure an AI
label may look: RLAIF clamps chain-of-thought labels to [0.4, 0.6] because
they come out overconfident (Bai et al., 2022, section 4.1); a small judge
earns the same modesty.

>>> band = Band.parse("0.4,0.6")
>>> band.clamp(0.93), band.clamp(0.45)
(0.6, 0.45)
>>> label = soft_label(0.3, band)
>>> label.first_is_chosen, round(label.label_prob, 6), round(label.margin, 4)
(False, 0.6, 0.4055)
>>> Band.parse("0.6,0.7")
Traceback (most recent call last):
...
ValueError: --band 0.6,0.7: the band must hold 0.5 (0 <= lo <= 0.5 <= hi <= 1, e.g. 0.4,0.6)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Band", "SoftLabel", "soft_label"]

_EDGE = 1e-6  # keeps logit finite at a band edge of 1.0


@dataclass(frozen=True)
class Band:
    """The interval AI preference probabilities are clamped to."""

    lo: float
    hi: float

    @classmethod
    def parse(cls, text: str) -> Band:
        """``"lo,hi"``; ValueError saying how to fix it."""
        parts = text.split(",")
        try:
            lo, hi = (float(x) for x in parts) if len(parts) == 2 else (math.nan, math.nan)
        except ValueError:
            lo = hi = math.nan
        if math.isnan(lo) or math.isnan(hi):
            raise ValueError(f"--band {text}: expected two numbers lo,hi separated by a comma, e.g. 0.4,0.6")
        if not (0.0 <= lo <= 0.5 <= hi <= 1.0):
            raise ValueError(f"--band {text}: the band must hold 0.5 (0 <= lo <= 0.5 <= hi <= 1, e.g. 0.4,0.6)")
        return cls(lo, hi)

    def clamp(self, p: float) -> float:
        return min(self.hi, max(self.lo, p))

    def __str__(self) -> str:
        return f"{self.lo:g},{self.hi:g}"


@dataclass(frozen=True)
class SoftLabel:
    """A clamped preference as the trainer's pair: which side is chosen, P(chosen better), its margin."""

    first_is_chosen: bool
    label_prob: float
    margin: float


def soft_label(p_first: float, band: Band) -> SoftLabel:
    """``p_first`` = P(first is better), clamped to ``band`` and oriented (see the module docstring)."""
    p = band.clamp(p_first)
    first_is_chosen = p >= 0.5
    chosen_prob = p if first_is_chosen else 1.0 - p
    edge = min(chosen_prob, 1.0 - _EDGE)
    return SoftLabel(first_is_chosen, chosen_prob, math.log(edge / (1.0 - edge)))
