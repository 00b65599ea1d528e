"""Per-token log-probabilities, KL estimators and entropy, from logits.

KL estimators (Schulman, "Approximating KL Divergence", 2020) of
KL(pi || pi_ref) from tokens sampled from pi, with log r = log pi_ref(a) - log pi(a):

- ``k1 = -log r = log pi(a) - log pi_ref(a)``: unbiased, high variance, can be negative
  per token (PPO-RLHF's per-token penalty, Ziegler et al. 2019);
- ``k3 = (r - 1) - log r``: unbiased, low variance, never negative (GRPO's KL term).

>>> import torch
>>> logp, ref = torch.tensor([[-1.0, -2.0]]), torch.tensor([[-1.5, -1.0]])
>>> kl_k1(logp, ref).tolist()
[[0.5, -1.0]]
>>> [round(v, 4) for v in kl_k3(logp, ref)[0].tolist()]
[0.1065, 0.7183]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from rewardstack.training.rl.masked import check_same_shape

if TYPE_CHECKING:
    import torch

__all__ = ["KLEstimator", "entropy_from_logits", "kl_estimate", "kl_k1", "kl_k3", "logprobs_from_logits"]

KLEstimator = Literal["k1", "k3"]


def kl_k1(logprobs: torch.Tensor, ref_logprobs: torch.Tensor) -> torch.Tensor:
    """k1_t = log pi(a_t) - log pi_ref(a_t), elementwise, same shape as the inputs."""
    check_same_shape(logprobs=logprobs, ref_logprobs=ref_logprobs)
    return logprobs - ref_logprobs


def kl_k3(logprobs: torch.Tensor, ref_logprobs: torch.Tensor) -> torch.Tensor:
    """k3_t = exp(log r_t) - 1 - log r_t with log r_t = log pi_ref(a_t) - log pi(a_t); >= 0 elementwise."""
    check_same_shape(logprobs=logprobs, ref_logprobs=ref_logprobs)
    log_ratio = ref_logprobs - logprobs
    # expm1 keeps the tiny-ratio case exact (exp(d) - 1 rounds to 0 and leaves -d < 0); the clamp
    # removes what rounding is left: the true value is never negative
    return (log_ratio.expm1() - log_ratio).clamp_min(0.0)


def kl_estimate(logprobs: torch.Tensor, ref_logprobs: torch.Tensor, estimator: KLEstimator) -> torch.Tensor:
    """The per-token estimator named ``estimator`` (``k1`` or ``k3``)."""
    if estimator == "k1":
        return kl_k1(logprobs, ref_logprobs)
    if estimator == "k3":
        return kl_k3(logprobs, ref_logprobs)
    raise ValueError(f"unknown KL estimator {estimator!r}; use 'k1' or 'k3'")


def logprobs_from_logits(logits: torch.Tensor, tokens: torch.Tensor) -> torch.Tensor:
    """log softmax(logits)[..., token]: ``(B, T, V)`` logits and ``(B, T)`` tokens -> ``(B, T)``.

    >>> import torch
    >>> logprobs_from_logits(torch.zeros(1, 1, 4), torch.tensor([[2]])).exp().tolist()
    [[0.25]]
    """
    if logits.ndim != 3 or tokens.shape != logits.shape[:2]:
        raise ValueError(f"expected logits (B, T, V) and tokens (B, T), got {tuple(logits.shape)} and "
                         f"{tuple(tokens.shape)}")
    logsumexp = logits.float().logsumexp(dim=-1)
    picked = logits.float().gather(-1, tokens.long().unsqueeze(-1)).squeeze(-1)
    return picked - logsumexp


def entropy_from_logits(logits: torch.Tensor) -> torch.Tensor:
    """H_t = logsumexp(l_t) - sum_v softmax(l_t)_v l_{t,v}: ``(B, T, V)`` -> ``(B, T)`` (nats).

    Mask it with :func:`~rewardstack.training.rl.masked.masked_mean` (padding has no entropy to count).

    >>> import torch
    >>> round(entropy_from_logits(torch.zeros(1, 1, 4)).item(), 4)  # uniform over 4: log 4
    1.3863
    """
    if logits.ndim != 3:
        raise ValueError(f"expected logits (B, T, V), got {tuple(logits.shape)}")
    logits = logits.float()
    probs = logits.softmax(dim=-1)
    return logits.logsumexp(dim=-1) - (probs * logits).sum(dim=-1)
