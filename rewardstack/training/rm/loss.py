"""The Bradley–Terry reward-model loss (a pure, shape-checked function; the trainer calls it).

Under the Bradley–Terry model the probability that ``chosen`` beats ``rejected``
is ``sigmoid(r_c - r_r)``. The loss over a batch of ``B`` pairs::

    L = (1/B) sum_i -log sigmoid(r_c,i - r_r,i - m_i)  +  eta * (1/B) sum_i (r_c,i + r_r,i)^2

- ``m_i``: the pair's margin (0 unless the config's ``margin: true`` uses the
  data's ``margin`` field): a clearer preference must be won by more
  (Llama 2's margin loss);
- ``eta``: ``center_rewards_coefficient`` (0 = off): pulls each pair's rewards
  towards summing to 0, so the reward's offset stays near zero instead of
  drifting, which the loss alone never constrains (Eisenstein et al.; TRL's
  ``center_rewards_coefficient``).

``-log sigmoid(x)`` is computed as ``softplus(-x)``, exact for large ``|x|``.

>>> import torch
>>> chosen, rejected = torch.tensor([2.0, 0.0]), torch.tensor([0.0, 0.0])
>>> round(float(bradley_terry_loss(chosen, rejected)), 4)   # (softplus(-2) + softplus(0)) / 2
0.41
>>> round(float(bradley_terry_loss(chosen, rejected, margin=torch.tensor([2.0, 0.0]))), 4)
0.6931
>>> round(float(bradley_terry_loss(chosen, rejected, center_coefficient=0.5)), 4)   # + 0.5 * (4 + 0) / 2
1.41
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

__all__ = ["bradley_terry_loss"]


def bradley_terry_loss(
    chosen: torch.Tensor, rejected: torch.Tensor, *, margin: torch.Tensor | None = None,
    center_coefficient: float = 0.0,
) -> torch.Tensor:
    """Mean Bradley–Terry loss of ``B`` pairs (shapes ``(B,)``); see the module docstring for the equation."""
    import torch.nn.functional as F

    if chosen.ndim != 1 or chosen.shape != rejected.shape:
        raise ValueError(f"chosen and rejected must be 1-D of one shape, got {tuple(chosen.shape)} and "
                         f"{tuple(rejected.shape)}")
    if margin is not None and margin.shape != chosen.shape:
        raise ValueError(f"margin must have shape {tuple(chosen.shape)}, got {tuple(margin.shape)}")
    difference = chosen - rejected - (margin if margin is not None else 0.0)
    loss = F.softplus(-difference).mean()
    if center_coefficient:
        loss = loss + center_coefficient * ((chosen + rejected) ** 2).mean()
    return loss
