"""Batches for the score job that never cut a GRPO group, and results put back in input order.

Group normalisation (``group_normalize``, GDPO) needs a group's samples in one
``stack.score`` call, so the job batches *units*: a whole group
(``metadata.group``), or one sample without a group.

The rule:

1. Before scoring, one quick pass over the input counts the samples of every
   group (:func:`scan_input`; only lines whose bytes can name a group are parsed).
   The group is ``metadata[key]`` for the stack's ``group_key`` (the key its group
   operators normalise within; ``group`` in the examples); a stack without group
   operators has no groups, and every sample is a unit of its own.
2. Reading the input, a group is held until its last sample has been read
   (counted in step 1; a bad line of the group counts as read). Then it is
   ready, wherever its samples were in the file: groups need not be contiguous.
3. Ready units fill batches of at most ``--batch-size`` samples, in the order
   they became ready; a unit is never split, and a group larger than the batch
   size is a batch of its own.

Results are written in input order: a result waits (in memory) until every
earlier line's result is written, so one group spread from the top to the
bottom of a file holds back everything between its samples until it is
complete. When the job stops early (a signal, ``--on-bad-line fail``) every
result already computed is written, the ones that were waiting at the end.

>>> batcher = GroupBatcher(batch_size=2, group_sizes={"g": 2})
>>> batcher.add(0, "a", "g"); batcher.add(1, "b", None); batcher.add(2, "c", "g")
>>> [[item for _, item in batch] for batch in batcher.batches(final=True)]
[['b'], ['a', 'c']]
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from typing import IO, Generic, TypeVar

from rewardstack.jsonl import GROUP_KEY, iter_lines, peek_line

__all__ = ["GroupBatcher", "InputScan", "InOrderBuffer", "scan_input"]

T = TypeVar("T")
Unit = list[tuple[int, T]]


@dataclass
class InputScan:
    """What the first pass learnt: non-blank lines, samples per group, and the ids in each group."""

    lines: int = 0
    group_sizes: Counter[Hashable] = field(default_factory=Counter)
    group_ids: dict[Hashable, list[str]] = field(default_factory=dict)


def scan_input(handle: IO[bytes], key: str | None = GROUP_KEY) -> InputScan:
    """Count non-blank lines and each group's lines (``metadata[key]``; ids kept for ``--resume``)."""
    scan = InputScan()
    for number, raw in iter_lines(handle):
        scan.lines += 1
        sample_id, group = peek_line(raw, number, key)
        if group is not None:
            scan.group_sizes[group] += 1
            if sample_id is not None:
                scan.group_ids.setdefault(group, []).append(sample_id)
    return scan


class GroupBatcher(Generic[T]):
    """Holds each group until it is complete; hands out batches of whole units."""

    def __init__(self, batch_size: int, group_sizes: Counter[Hashable] | dict[Hashable, int]):
        self.batch_size = batch_size
        self._remaining = dict(group_sizes)
        self._open: dict[Hashable, Unit[T]] = {}
        self._ready: deque[Unit[T]] = deque()
        self._ready_count = 0

    @property
    def held(self) -> int:
        """Samples waiting for the rest of their group."""
        return sum(len(unit) for unit in self._open.values())

    def add(self, seq: int, item: T, group: Hashable | None) -> None:
        """Take one sample (``seq``: its position among the samples read)."""
        if group is None:
            self._push([(seq, item)])
            return
        self._open.setdefault(group, []).append((seq, item))
        self._count_down(group)

    def forget(self, group: Hashable | None) -> None:
        """A line of ``group`` will never come as a sample (bad, or skipped by ``--resume``)."""
        if group is not None:
            self._count_down(group)

    def _count_down(self, group: Hashable) -> None:
        if group not in self._remaining:  # the first pass did not see it: wait for the end of input
            return
        self._remaining[group] -= 1
        if self._remaining[group] <= 0 and group in self._open:
            self._push(self._open.pop(group))

    def _push(self, unit: Unit[T]) -> None:
        self._ready.append(unit)
        self._ready_count += len(unit)

    def batches(self, *, ready: bool = False, final: bool = False) -> Iterator[Unit[T]]:
        """Full batches; with ``ready`` every complete unit too; with ``final`` (end of input) held groups too."""
        if final:
            for group in list(self._open):
                self._push(self._open.pop(group))
        while self._ready and (final or ready or self._ready_count >= self.batch_size):
            batch: Unit[T] = []
            while self._ready and (not batch or len(batch) + len(self._ready[0]) <= self.batch_size):
                unit = self._ready.popleft()
                self._ready_count -= len(unit)
                batch.extend(unit)
            yield sorted(batch, key=lambda pair: pair[0])


class InOrderBuffer(Generic[T]):
    """Results keyed by sequence number, released in sequence order."""

    def __init__(self) -> None:
        self._waiting: dict[int, T] = {}
        self._next = 0

    def put(self, seq: int, item: T) -> None:
        self._waiting[seq] = item

    def release(self) -> list[T]:
        """Everything that is next in order."""
        out = []
        while self._next in self._waiting:
            out.append(self._waiting.pop(self._next))
            self._next += 1
        return out

    def rest(self) -> list[T]:
        """Everything still waiting, in sequence order (after an early stop)."""
        out = [self._waiting[k] for k in sorted(self._waiting)]
        self._waiting.clear()
        return out

    def __len__(self) -> int:
        return len(self._waiting)
