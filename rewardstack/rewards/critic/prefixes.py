"""Shared prompt prefixes in one batch: run once, their keys and values reused by every row that starts with them.

A critic asks about each sample in both option orders, and per principle, so the rows of
one batch share tokens at two depths: every question of a principle starts with the same
system prompt and principle (~100 tokens with the default constitution), and the two orders
of one question differ only in their last few tokens (~180 of ~190 shared). On a CPU a
forward pass costs about its token count times the model size whatever the batch (matrix
products over ~190 rows are already efficient), so batching alone gains little there; running
each shared stretch once gains what the duplicate tokens cost. GPU servers do the same (vLLM's
prefix caching, SGLang's radix tree); here it is within one batch only, nothing is kept
between calls.

:func:`plan_passes` lays a batch out as a few forward passes (at most ``max_passes``): the
first runs the stretches shared by groups of rows (left-padded), each later one continues
every group's rows on copies of the previous pass's cache, and the last holds one node per
row, ending with the row's last token (its next-token distribution is read there). Rows are
sorted, so rows sharing a prefix are neighbours, and grouped at each depth to save the most
tokens. The plan is used only when its padded token count is at most ``1 - min_saving`` of
one plain padded pass over the whole rows.

>>> passes = plan_passes([[1, 2, 3, 4, 5], [1, 2, 3, 4, 6], [9, 8, 7, 6, 5]], max_passes=2)
>>> [(p.parent, p.spans) for p in passes]
[([], [[1, 2, 3, 4], [9, 8, 7, 6]]), ([0, 0, 1], [[5], [6], [5]])]
>>> plan_passes([[1, 2, 3], [4, 5, 6]]) is None  # nothing shared: one plain pass
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Pass", "plan_passes"]

MIN_SAVING = 0.2  # below a fifth of the padded tokens saved, extra passes are not worth it
MAX_PASSES = 3


@dataclass(frozen=True)
class Pass:
    """One forward pass: per node, the node of the previous pass it continues (none in the first) and its tokens."""

    parent: list[int]
    spans: list[list[int]]

    @property
    def padded_tokens(self) -> int:
        return len(self.spans) * max(len(s) for s in self.spans)


def _common(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _groups(rows: Sequence[Sequence[int]], keep: int) -> list[tuple[list[int], int]]:
    """Groups of rows (indices) with the prefix length they share, leaving each row ``keep`` tokens.

    Runs of the sorted rows, chosen to maximise the tokens saved, ``sum((size - 1) * prefix)``;
    a row alone takes all but its last ``keep`` tokens.
    """
    order = sorted(range(len(rows)), key=lambda i: tuple(rows[i]))
    n = len(order)
    neighbour = [_common(rows[order[t]], rows[order[t + 1]]) for t in range(n - 1)]
    best = [0] * (n + 1)
    choice = [(0, 0)] * (n + 1)  # end -> (start, prefix) of the last run
    for end in range(1, n + 1):
        prefix = len(rows[order[end - 1]]) - keep
        best[end], choice[end] = best[end - 1], (end - 1, prefix)  # the row alone
        for start in range(end - 2, -1, -1):
            prefix = min(prefix, neighbour[start], len(rows[order[start]]) - keep)
            if prefix <= 0:
                break
            gain = best[start] + (end - start - 1) * prefix
            if gain >= best[end]:  # at a tie the larger run: fewer nodes to pad in the next pass
                best[end], choice[end] = gain, (start, prefix)
    runs = []
    end = n
    while end > 0:
        start, prefix = choice[end]
        runs.append(([order[t] for t in range(start, end)], prefix))
        end = start
    return runs[::-1]


def _layout(rows: Sequence[Sequence[int]], depth: int) -> list[Pass]:
    """``depth`` passes; every row has at least ``depth`` tokens."""
    groups: list[tuple[int, list[tuple[int, int]]]] = [(-1, [(i, 0) for i in range(len(rows))])]  # parent, (row, at)
    passes = []
    for level in range(depth - 1):
        parents: list[int] = []
        spans: list[list[int]] = []
        deeper: list[tuple[int, list[tuple[int, int]]]] = []
        for parent, members in groups:
            rests = [rows[i][at:] for i, at in members]
            for chosen, length in _groups(rests, keep=depth - 1 - level):
                i, at = members[chosen[0]]
                deeper.append((len(spans), [(members[m][0], members[m][1] + length) for m in chosen]))
                parents.append(parent)
                spans.append(list(rows[i][at:at + length]))
        passes.append(Pass(parent=parents if level else [], spans=spans))
        groups = deeper
    leaves: list[tuple[int, list[int]]] = [(0, [])] * len(rows)
    for parent, members in groups:
        for i, at in members:
            leaves[i] = (parent, list(rows[i][at:]))
    passes.append(Pass(parent=[p for p, _ in leaves], spans=[s for _, s in leaves]))
    return passes


def plan_passes(rows: Sequence[Sequence[int]], *, max_passes: int = MAX_PASSES,
                min_saving: float = MIN_SAVING) -> list[Pass] | None:
    """The cheapest layout of ``rows`` in 2..``max_passes`` passes, or None when one plain pass is cheaper.

    Two depths of sharing (a principle's prompt, then the question before its option line):

    >>> rows = [[1, 2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 7], [1, 2, 3, 8, 9, 6], [1, 2, 3, 8, 9, 7]]
    >>> [p.spans for p in plan_passes(rows)]
    [[[1, 2, 3]], [[4, 5], [8, 9]], [[6], [7], [6], [7]]]
    """
    if len(rows) < 2:
        return None
    plain = len(rows) * max(len(r) for r in rows)
    best: list[Pass] | None = None
    best_cost = float("inf")
    for depth in range(2, min(max_passes, min(len(r) for r in rows)) + 1):
        passes = _layout(rows, depth)
        cost = sum(p.padded_tokens for p in passes)
        if cost < best_cost and cost <= (1 - min_saving) * plain:  # at equal cost, fewer passes
            best, best_cost = passes, cost
    return best
