"""Masked reductions over ``(batch, tokens)`` tensors: the statistics every RL loss is built from.

A mask is 1.0 on real response tokens and 0.0 on padding; padded positions never
enter a mean, a variance or a whitened value.

>>> import torch
>>> x = torch.tensor([[1.0, 3.0, 100.0]]); m = torch.tensor([[1.0, 1.0, 0.0]])
>>> masked_mean(x, m).item(), masked_var(x, m).item()
(2.0, 1.0)
>>> masked_whiten(x, m).round(decimals=4).tolist()
[[-1.0, 1.0, 0.0]]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

__all__ = ["check_same_shape", "masked_mean", "masked_sum", "masked_var", "masked_whiten"]


def check_same_shape(**tensors: torch.Tensor) -> None:
    """ValueError naming every shape unless all ``tensors`` have one shape."""
    shapes = {name: tuple(t.shape) for name, t in tensors.items()}
    if len(set(shapes.values())) > 1:
        raise ValueError("shape mismatch: " + ", ".join(f"{name} {shape}" for name, shape in shapes.items()))


def _count(mask: torch.Tensor) -> torch.Tensor:
    count = mask.sum()
    if count.item() <= 0:
        raise ValueError("the mask selects no element: a masked statistic of nothing is undefined")
    return count


def masked_sum(values: torch.Tensor, mask: torch.Tensor, dim: int | None = None) -> torch.Tensor:
    """sum_i m_i x_i (over ``dim``, or everything); padded NaNs never leak in."""
    check_same_shape(values=values, mask=mask)
    picked = (values * mask).where(mask.bool(), values.new_zeros(()))
    return picked.sum() if dim is None else picked.sum(dim=dim)


def masked_mean(values: torch.Tensor, mask: torch.Tensor, dim: int | None = None) -> torch.Tensor:
    """mean = sum_i m_i x_i / sum_i m_i (over ``dim`` or everything); ValueError for an empty mask.

    Over a ``dim``, a row whose mask is empty gets 0 (it carries no token, so no signal).
    """
    total = masked_sum(values, mask, dim)
    if dim is None:
        return total / _count(mask)
    return total / mask.sum(dim=dim).clamp(min=1)


def masked_var(values: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Population variance over the masked elements: sum_i m_i (x_i - mean)^2 / sum_i m_i."""
    mean = masked_mean(values, mask)
    return masked_mean((values - mean) ** 2, mask)


def masked_whiten(values: torch.Tensor, mask: torch.Tensor, *, shift_mean: bool = True,
                  eps: float = 1e-8) -> torch.Tensor:
    """(x - mean) / sqrt(var + eps) over the masked elements; padded positions become 0.

    ``shift_mean=False`` only rescales (x / sqrt(var + eps)), keeping the sign of every
    advantage: useful when the mean carries signal (e.g. all responses were wrong).
    """
    mean = masked_mean(values, mask)
    scaled = (values - mean) / (masked_var(values, mask) + eps).sqrt()
    if not shift_mean:
        scaled = scaled + mean / (masked_var(values, mask) + eps).sqrt()
    return scaled.where(mask.bool(), values.new_zeros(()))
