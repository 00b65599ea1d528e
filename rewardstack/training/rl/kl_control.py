"""KL coefficient controllers (Ziegler et al., 2019, "Fine-Tuning Language Models from Human Preferences").

- :class:`FixedKLController`: beta never changes.
- :class:`AdaptiveKLController`: a proportional controller that steers the measured
  KL towards ``target``::

      e_t     = clip(KL_t / target - 1, -0.2, 0.2)
      beta_t+1 = beta_t * (1 + K_beta * e_t),   K_beta = n_steps / horizon

  (``n_steps``: samples seen since the last update, as in the paper.)

Both carry a ``state_dict`` so a resumed run continues with the same beta.

>>> c = AdaptiveKLController(init=0.1, target=6.0, horizon=10_000)
>>> c.update(current=12.0, n_steps=1_000)   # KL twice the target: error clipped to +0.2
>>> round(c.value, 6)
0.102
"""

from __future__ import annotations

from typing import Any

__all__ = ["AdaptiveKLController", "FixedKLController", "KLController"]


class FixedKLController:
    """beta = ``coef`` for the whole run."""

    def __init__(self, coef: float):
        if coef < 0:
            raise ValueError(f"a KL coefficient is >= 0, got {coef}")
        self.value = float(coef)

    def update(self, current: float, n_steps: int) -> None:
        """Nothing changes (the signature matches :class:`AdaptiveKLController`)."""

    def state_dict(self) -> dict[str, Any]:
        return {"value": self.value}

    def load_state_dict(self, state: dict[str, Any]) -> None:
        self.value = float(state["value"])


class AdaptiveKLController(FixedKLController):
    """beta moves so that the measured KL approaches ``target`` (see the module docstring)."""

    def __init__(self, init: float, target: float, horizon: int):
        super().__init__(init)
        if target <= 0 or horizon <= 0:
            raise ValueError(f"target ({target}) and horizon ({horizon}) must be > 0")
        self.target = float(target)
        self.horizon = int(horizon)

    def update(self, current: float, n_steps: int) -> None:
        """One controller step from the KL measured over ``n_steps`` samples."""
        error = min(max(current / self.target - 1.0, -0.2), 0.2)
        self.value *= 1.0 + error * n_steps / self.horizon


KLController = FixedKLController | AdaptiveKLController
