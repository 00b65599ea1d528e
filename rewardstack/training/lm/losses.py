"""SFT and DPO objectives as pure functions (tensors in, scalar loss and metrics out).

Sources: DPO, Rafailov et al. 2023 (eq. 7); conservative DPO label smoothing, Mitchell 2023;
IPO, Azar et al. 2023 (eq. 17).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

__all__ = ["dpo_loss", "ipo_loss", "masked_nll"]


def masked_nll(token_logprobs: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean negative log-likelihood over the masked tokens of the whole batch.

    ``L = - sum_{b,t} m_bt * logp_bt / sum_{b,t} m_bt``; shapes (B, T) each. Token-level mean, so
    long responses weigh in proportion to their tokens (as in TRL's SFT).

    >>> masked_nll(torch.tensor([[-1.0, -3.0], [-2.0, -9.0]]), torch.tensor([[1, 1], [1, 0]]))
    tensor(2.)
    """
    if token_logprobs.shape != mask.shape:
        raise ValueError(f"token_logprobs {tuple(token_logprobs.shape)} and mask {tuple(mask.shape)} differ")
    weights = mask.to(token_logprobs.dtype)
    count = weights.sum()
    if count == 0:
        raise ValueError("no response tokens in the batch: nothing to learn from")
    return -(token_logprobs * weights).sum() / count


def _log_ratio_margin(policy_chosen: torch.Tensor, policy_rejected: torch.Tensor,
                      reference_chosen: torch.Tensor, reference_rejected: torch.Tensor) -> torch.Tensor:
    shapes = {tuple(t.shape) for t in (policy_chosen, policy_rejected, reference_chosen, reference_rejected)}
    if len(shapes) != 1 or len(next(iter(shapes))) != 1:
        raise ValueError(f"DPO needs four (B,) tensors of sequence log-probs, got shapes {sorted(shapes)}")
    return (policy_chosen - reference_chosen) - (policy_rejected - reference_rejected)


def dpo_loss(policy_chosen: torch.Tensor, policy_rejected: torch.Tensor, reference_chosen: torch.Tensor,
             reference_rejected: torch.Tensor, *, beta: float, label_smoothing: float = 0.0
             ) -> tuple[torch.Tensor, dict[str, float]]:
    """DPO: ``h = (log pi(y_c) - log ref(y_c)) - (log pi(y_r) - log ref(y_r))`` per pair (B,),
    ``L = mean(-(1 - eps) log sigmoid(beta h) - eps log sigmoid(-beta h))``.

    Metrics: ``rewards/chosen`` and ``rewards/rejected`` (means of ``beta * log-ratio``),
    ``rewards/accuracy`` (share of pairs with ``h > 0``), ``rewards/margin`` (mean ``beta h``).

    >>> zero = torch.zeros(2)
    >>> loss, metrics = dpo_loss(zero, zero, zero, zero, beta=0.1)
    >>> round(loss.item(), 4), metrics["rewards/accuracy"]   # log 2 at the start: ratios are 0
    (0.6931, 0.0)
    """
    h = _log_ratio_margin(policy_chosen, policy_rejected, reference_chosen, reference_rejected)
    losses = -(1 - label_smoothing) * F.logsigmoid(beta * h) - label_smoothing * F.logsigmoid(-beta * h)
    chosen_reward = beta * (policy_chosen - reference_chosen).detach()
    rejected_reward = beta * (policy_rejected - reference_rejected).detach()
    return losses.mean(), {
        "rewards/chosen": chosen_reward.mean().item(),
        "rewards/rejected": rejected_reward.mean().item(),
        "rewards/accuracy": (h.detach() > 0).float().mean().item(),
        "rewards/margin": (beta * h.detach()).mean().item(),
    }


def ipo_loss(policy_chosen: torch.Tensor, policy_rejected: torch.Tensor, reference_chosen: torch.Tensor,
             reference_rejected: torch.Tensor, *, beta: float, label_smoothing: float = 0.0
             ) -> tuple[torch.Tensor, dict[str, float]]:
    """IPO: ``L = mean((h - 1 / (2 beta))^2)`` with ``h`` as in :func:`dpo_loss` (``label_smoothing``
    is unused: IPO's regression target already keeps the margin finite).

    >>> loss, _ = ipo_loss(torch.zeros(1), torch.zeros(1), torch.zeros(1), torch.zeros(1), beta=0.5)
    >>> loss.item()   # (0 - 1)^2
    1.0
    """
    h = _log_ratio_margin(policy_chosen, policy_rejected, reference_chosen, reference_rejected)
    losses = (h - 1 / (2 * beta)) ** 2
    return losses.mean(), {
        "rewards/chosen": (beta * (policy_chosen - reference_chosen)).detach().mean().item(),
        "rewards/rejected": (beta * (policy_rejected - reference_rejected)).detach().mean().item(),
        "rewards/accuracy": (h.detach() > 0).float().mean().item(),
        "rewards/margin": (beta * h.detach()).mean().item(),
    }
