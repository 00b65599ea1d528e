"""Ranking metrics of one prompt's pool: how well a reward orders candidates by gold.

All functions take one prompt's arrays, ``reward`` and ``gold`` of shape ``(N,)``, and
return one float; NaN means *undefined for this prompt* (e.g. every gold value equal), and
the caller drops such prompts from the mean (never counts them as 0).

Conventions shared by every benchmark metric:

- a candidate whose reward is NaN (the stack produced no total: a verifier abstained, a source
  broke) ranks **below every scored candidate**, tied with the other unscored ones
  (:func:`order_values`): a missing total is never preferred;
- a **tie in reward** is broken uniformly at random, and the metric is the *expectation* over
  that tie-break (so a constant reward scores exactly what a random one does on average).

>>> import numpy as np
>>> gold = np.array([0.0, 1.0, 2.0, 3.0])
>>> pairwise_accuracy(np.array([0.1, 0.2, 0.3, 0.4]), gold)
1.0
>>> pairwise_accuracy(np.zeros(4), gold)
0.5
>>> best_of_4_accuracy(np.array([0.1, 0.2, 0.3, 0.4]), gold)
1.0
>>> round(kendall_tau(np.array([0.1, 0.2, 0.4, 0.3]), gold), 4)
0.6667
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats

__all__ = ["best_of_4_accuracy", "kendall_tau", "order_values", "pairwise_accuracy"]


def _check(reward: np.ndarray, gold: np.ndarray) -> None:
    if reward.ndim != 1 or reward.shape != gold.shape:
        raise ValueError(f"reward and gold must be 1-D of one length, got {reward.shape} and {gold.shape}")


def order_values(reward: np.ndarray) -> np.ndarray:
    """The reward as used for ordering: NaN (no total) becomes -inf, below every scored candidate.

    >>> order_values(np.array([1.0, np.nan])).tolist()
    [1.0, -inf]
    """
    return np.where(np.isnan(reward), -np.inf, reward).astype(float)


def pairwise_accuracy(reward: np.ndarray, gold: np.ndarray) -> float:
    """Share of gold-ordered pairs the reward orders the same way (RewardBench style; random = 0.5).

        acc = (1/|P|) * sum_{(i,j) in P} ( [r_i > r_j] + 1/2 [r_i = r_j] ),
        P = {(i, j) : g_i > g_j}

    Pairs tied in gold carry no preference and are left out; a reward tie counts 1/2 (the
    expected accuracy of a random tie-break). NaN when no pair differs in gold.
    """
    _check(reward, gold)
    r = order_values(reward)
    better = gold[:, None] > gold[None, :]
    pairs = int(better.sum())
    if pairs == 0:
        return float("nan")
    wins = (r[:, None] > r[None, :]) & better
    ties = (r[:, None] == r[None, :]) & better
    return float((wins.sum() + 0.5 * ties.sum()) / pairs)


def best_of_4_accuracy(reward: np.ndarray, gold: np.ndarray) -> float:
    """RewardBench-2 style best-of-4 accuracy (random = 0.25), exact over *all* 4-subsets.

    An item is a 4-subset of the pool whose gold maximum is unique (the "chosen" answer and
    three "rejected" ones); the reward is right when it picks the chosen one, a tie at the top
    being broken at random. Averaged over every such subset, in closed form: for each candidate
    i as the chosen one, with L_i = {j : g_j < g_i}, a_i = #{j in L_i : r_j < r_i} and
    e_i = #{j in L_i : r_j = r_i},

        acc = sum_i sum_{t=0..3} C(e_i, t) C(a_i, 3 - t) / (t + 1)  /  sum_i C(|L_i|, 3)

    (t rejected answers tie with the chosen one at the top: it is picked with probability
    1/(t+1)). NaN when the pool has no such subset (no candidate has three gold-worse ones).
    """
    _check(reward, gold)
    r = order_values(reward)
    below = gold[None, :] < gold[:, None]  # row i: the candidates gold-worse than i
    lower = (below & (r[None, :] < r[:, None])).sum(axis=1)
    equal = (below & (r[None, :] == r[:, None])).sum(axis=1)
    items = special.comb(below.sum(axis=1), 3).sum()
    if items == 0:
        return float("nan")
    right = sum(special.comb(equal, t) * special.comb(lower, 3 - t) / (t + 1) for t in range(4))
    return float(np.sum(right) / items)


def kendall_tau(reward: np.ndarray, gold: np.ndarray) -> float:
    """Kendall's tau-b between reward and gold within the prompt (scipy.stats.kendalltau).

        tau_b = (concordant - discordant) / sqrt((n0 - n_r)(n0 - n_g)),  n0 = N(N-1)/2

    with n_r, n_g the pairs tied in reward and in gold. A constant reward carries no ranking
    information: 0.0 (not NaN, so a silent verifier is counted, not dropped). NaN when gold is
    constant (nothing to rank).
    """
    _check(reward, gold)
    if np.unique(gold).size < 2:
        return float("nan")
    r = order_values(reward)
    if np.unique(r).size < 2:
        return 0.0
    tau = stats.kendalltau(stats.rankdata(r), gold, variant="b").statistic
    return float(tau)
