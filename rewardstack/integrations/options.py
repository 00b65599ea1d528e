"""Command-line checks the adapters' commands share (``rewardstack serve``, ``rewardstack export``).

A reward a trainer receives must be a finite number: ``--missing-reward nan`` would
make every sample without a total poison the trainer's mean (and JSON has no NaN).

>>> finite_reward(-0.5)
-0.5
>>> try:
...     finite_reward(float("nan"))
... except typer.BadParameter as exc:
...     print(exc)
nan is not a finite number; give a reward such as 0.0 or -1.0
"""

from __future__ import annotations

import math

import typer

__all__ = ["finite_reward"]


def finite_reward(value: float) -> float:
    """Typer callback: ``value`` when finite; otherwise a usage error (exit 2, no traceback)."""
    if not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not a finite number; give a reward such as 0.0 or -1.0")
    return value
