"""Moments that add up across processes: hand values, the whole batch's whitening from the ranks' moments."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.training.rl import masked_moments, masked_whiten, moments_mean_var


@pytest.mark.parametrize(("values", "mask", "moments", "mean", "var"), [
    # N = 3, S1 = 1 + 2 + 6 = 9, S2 = 1 + 4 + 36 = 41: mean 3, var 41/3 - 9 = 14/3
    ([[1.0, 2.0, 99.0], [6.0, 98.0, 97.0]], [[1, 1, 0], [1, 0, 0]], [3.0, 9.0, 41.0], 3.0, 14 / 3),
    ([[-2.0, 2.0]], [[1, 1]], [2.0, 0.0, 8.0], 0.0, 4.0),
    ([[5.0, 5.0, 5.0]], [[1, 1, 1]], [3.0, 15.0, 75.0], 5.0, 0.0),
    ([[float("nan"), 1.0]], [[0, 1]], [1.0, 1.0, 1.0], 1.0, 0.0),  # a padded NaN never leaks in
])
def test_moments_and_their_mean_and_variance_by_hand(values: list[list[float]], mask: list[list[int]],
                                                     moments: list[float], mean: float, var: float) -> None:
    got = masked_moments(torch.tensor(values), torch.tensor(mask, dtype=torch.float32))
    assert got.dtype == torch.float64 and got.tolist() == moments
    m, v = moments_mean_var(got)
    assert m.item() == pytest.approx(mean) and v.item() == pytest.approx(var)


def test_an_empty_mask_adds_nothing_but_alone_is_refused() -> None:
    nothing = masked_moments(torch.ones(1, 2), torch.zeros(1, 2))
    assert nothing.tolist() == [0.0, 0.0, 0.0]
    with pytest.raises(ValueError, match="count no element"):
        moments_mean_var(nothing)
    with pytest.raises(ValueError, match=r"\(3,\)"):
        moments_mean_var(torch.zeros(2))


def test_two_ranks_whiten_as_one_process_on_the_concatenated_batch() -> None:
    # rank 0 holds big advantages, rank 1 small ones: whitened each on its own, both would look alike
    rank0, mask0 = torch.tensor([[4.0, 6.0, 0.0]]), torch.tensor([[1.0, 1.0, 0.0]])
    rank1, mask1 = torch.tensor([[-1.0, 0.0, 1.0]]), torch.tensor([[1.0, 1.0, 1.0]])
    total = masked_moments(rank0, mask0) + masked_moments(rank1, mask1)  # what the all-reduce sums
    whole = masked_whiten(torch.cat([rank0, rank1]), torch.cat([mask0, mask1]))
    both = torch.cat([masked_whiten(rank0, mask0, moments=total), masked_whiten(rank1, mask1, moments=total)])
    assert torch.allclose(both, whole, atol=1e-6)
    # by hand: 5 kept tokens 4, 6, -1, 0, 1: mean 2, var (4+16+9+4+1)/5 = 6.8
    assert both[0, 0].item() == pytest.approx((4 - 2) / 6.8**0.5, rel=1e-6)
    assert not torch.allclose(masked_whiten(rank0, mask0), whole[:1])  # the per-process statistics differ


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-50, 50, allow_nan=False, width=32), min_size=4, max_size=24), st.integers(1, 3))
def test_any_split_into_ranks_gives_the_whole_batchs_whitening(values: list[float], cut: int) -> None:
    x = torch.tensor(values).reshape(1, -1)
    mask = torch.ones_like(x)
    if float(x.var(unbiased=False)) < 1e-3:  # eps dominates a near-constant batch: nothing to compare
        return
    cut = min(cut, x.shape[1] - 1)
    parts = [(x[:, :cut], mask[:, :cut]), (x[:, cut:], mask[:, cut:])]
    total = sum((masked_moments(v, m) for v, m in parts), torch.zeros(3, dtype=torch.float64))
    joined = torch.cat([masked_whiten(v, m, moments=total) for v, m in parts], dim=1)
    assert torch.allclose(joined, masked_whiten(x, mask), atol=1e-5)
