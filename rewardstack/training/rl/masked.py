"""Masked reductions over ``(batch, tokens)`` tensors: the statistics every RL loss is built from.

A mask is 1.0 on real response tokens and 0.0 on padding; padded positions never
enter a mean, a variance or a whitened value.

>>> import torch
>>> x = torch.tensor([[1.0, 3.0, 100.0]]); m = torch.tensor([[1.0, 1.0, 0.0]])
>>> masked_mean(x, m).item(), masked_var(x, m).item()
(2.0, 1.0)
>>> masked_whiten(x, m).round(decimals=4).tolist()
[[-1.0, 1.0, 0.0]]

Statistics over several batches (a multi-process run's ranks) add up as moments
(:func:`masked_moments`), whose sum gives the mean and variance of the whole
(:func:`moments_mean_var`): :func:`masked_whiten` takes them in place of its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import torch

__all__ = ["check_same_shape", "masked_mean", "masked_moments", "masked_sum", "masked_var", "masked_whiten",
           "moments_mean_var"]


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


def masked_moments(values: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """``(N, S1, S2) = (sum_i m_i, sum_i m_i x_i, sum_i m_i x_i^2)`` as one float64 ``(3,)`` tensor.

    Moments of disjoint batches add up to the moments of their union, so a sum over processes
    (an all-reduce) gives the whole batch's; float64 keeps ``S2 / N - mean^2`` from cancelling.
    An empty mask gives zeros (a rank whose samples all lack rewards adds nothing).

    >>> import torch
    >>> masked_moments(torch.tensor([[1.0, 3.0, 100.0]]), torch.tensor([[1.0, 1.0, 0.0]])).tolist()
    [2.0, 4.0, 10.0]
    """
    import torch

    check_same_shape(values=values, mask=mask)
    weights = mask.to(torch.float64)
    picked = values.to(torch.float64).where(mask.bool(), weights.new_zeros(()))
    return torch.stack([weights.sum(), (weights * picked).sum(), (weights * picked**2).sum()])


def moments_mean_var(moments: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Mean and population variance from ``(N, S1, S2)`` (:func:`masked_moments`, summed over batches):

    ``mean = S1 / N``, ``var = max(S2 / N - mean^2, 0)`` (float64 scalars); ValueError when ``N = 0``.

    >>> import torch
    >>> mean, var = moments_mean_var(torch.tensor([4.0, 10.0, 30.0], dtype=torch.float64))
    >>> mean.item(), var.item()          # of [1, 2, 3, 4]
    (2.5, 1.25)
    """
    if moments.shape != (3,):
        raise ValueError(f"moments are (N, S1, S2), a (3,) tensor; got shape {tuple(moments.shape)}")
    count, first, second = moments.double().unbind()
    if count.item() <= 0:
        raise ValueError("the moments count no element: a masked statistic of nothing is undefined")
    mean = first / count
    return mean, (second / count - mean**2).clamp(min=0)


def masked_whiten(values: torch.Tensor, mask: torch.Tensor, *, shift_mean: bool = True,
                  eps: float = 1e-8, moments: torch.Tensor | None = None) -> torch.Tensor:
    """(x - mean) / sqrt(var + eps) over the masked elements; padded positions become 0.

    ``shift_mean=False`` only rescales (x / sqrt(var + eps)), keeping the sign of every
    advantage: useful when the mean carries signal (e.g. all responses were wrong).
    ``moments``: take mean and variance from these ``(N, S1, S2)`` (:func:`moments_mean_var`;
    a multi-process run passes the sum of every rank's) instead of from ``values`` alone.

    >>> import torch
    >>> x = torch.tensor([[1.0, 2.0], [3.0, 4.0]]); m = torch.ones(2, 2)
    >>> whole = masked_whiten(x, m)
    >>> both = masked_moments(x[:1], m[:1]) + masked_moments(x[1:], m[1:])   # two ranks' moments, summed
    >>> torch.allclose(masked_whiten(x[1:], m[1:], moments=both), whole[1:])
    True
    """
    if moments is None:
        mean, var = masked_mean(values, mask), masked_var(values, mask)
    else:
        check_same_shape(values=values, mask=mask)
        mean, var = (t.to(values.dtype) for t in moments_mean_var(moments))
    scaled = (values - mean) / (var + eps).sqrt()
    if not shift_mean:
        scaled = scaled + mean / (var + eps).sqrt()
    return scaled.where(mask.bool(), values.new_zeros(()))
