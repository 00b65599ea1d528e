"""Benchmark metrics as pure functions of one prompt's pool (reward, gold, features -> a number).

One module per family: :mod:`.ranking` (pairwise accuracy, best-of-4, Kendall tau),
:mod:`.best_of_n` (the unbiased best-of-n estimator), :mod:`.kl_optimum` (the exact
KL-regularised optimum over a pool) and :mod:`.probes` (length, sycophancy, false positives).
Every function documents its equation, its tie rule and where it is undefined (NaN).
"""

from rewardstack.benchmarks.metrics.best_of_n import best_of_n_curve, best_of_n_gold, best_of_n_weights
from rewardstack.benchmarks.metrics.kl_optimum import OptimumCurve, default_betas, kl_divergence, kl_optimum_curve, tilt
from rewardstack.benchmarks.metrics.probes import PAIR_PROBES, PairProbe, flagged_win_rate, length_spearman
from rewardstack.benchmarks.metrics.ranking import best_of_4_accuracy, kendall_tau, order_values, pairwise_accuracy

__all__ = [
    "PAIR_PROBES",
    "OptimumCurve",
    "PairProbe",
    "best_of_4_accuracy",
    "best_of_n_curve",
    "best_of_n_gold",
    "best_of_n_weights",
    "default_betas",
    "flagged_win_rate",
    "kendall_tau",
    "kl_divergence",
    "kl_optimum_curve",
    "length_spearman",
    "order_values",
    "pairwise_accuracy",
    "tilt",
]
