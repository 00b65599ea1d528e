"""Cutting a batch into micro-batches for a batch-native source (``batch:`` limits).

Sources never chunk themselves; the engine plans the calls:

- ``max_samples`` bounds the samples per call;
- ``max_tokens`` bounds the *padded* size of a call, ``len(call) * longest``,
  which is what a padded forward pass costs. Samples are then taken longest
  first, so calls hold samples of similar length (less padding) and an
  out-of-memory error shows on the first call rather than the last. A sample
  longer than ``max_tokens`` on its own goes alone (the source truncates it).

Plans are lists of positions into the batch; results are put back in the
caller's order by the engine.

>>> plan_micro_batches([3, 1, 2, 9, 1], max_samples=2)
[[0, 1], [2, 3], [4]]
>>> plan_micro_batches([3, 1, 2, 9, 1], max_tokens=6)
[[3], [0, 2], [1, 4]]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rewardstack.core.sample import Sample

__all__ = ["plan_micro_batches", "sample_text", "token_counter", "whitespace_tokens"]


def sample_text(sample: Sample) -> str:
    """Prompt (chat messages joined) + response: what a model-backed source reads."""
    prompt = sample.prompt if isinstance(sample.prompt, str) else "\n".join(m.content for m in sample.prompt)
    return f"{prompt}\n{sample.response}"


def whitespace_tokens(sample: Sample) -> int:
    """The fallback token estimate: whitespace-separated words of prompt + response (at least 1)."""
    return max(1, len(sample_text(sample).split()))


def token_counter(source: object) -> Callable[[Sample], int]:
    """The source's own ``count_tokens(sample) -> int`` if it has one, else :func:`whitespace_tokens`."""
    count = getattr(source, "count_tokens", None)
    return count if callable(count) else whitespace_tokens


def plan_micro_batches(
    sizes: Sequence[int], *, max_samples: int | None = None, max_tokens: int | None = None
) -> list[list[int]]:
    """Positions of each call, given per-sample token counts ``sizes``; ``None`` = no limit."""
    n = len(sizes)
    cap = max_samples if max_samples is not None else max(n, 1)
    if max_tokens is None:
        return [list(range(start, min(start + cap, n))) for start in range(0, n, cap)]
    order = sorted(range(n), key=lambda i: (-sizes[i], i))  # longest first, stable
    plan: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for i in order:
        longest_if_added = max(longest, sizes[i])
        if current and (len(current) >= cap or (len(current) + 1) * longest_if_added > max_tokens):
            plan.append(current)
            current, longest_if_added = [], sizes[i]
        current.append(i)
        longest = longest_if_added
    if current:
        plan.append(current)
    return plan
