"""The loop both ``cai`` commands share: items not yet in the output, in batches, one whole line per item.

Batches are cut from the input in file order *before* done items are left
out, so an uninterrupted run and a resumed one put the same items together
(only a batch that was half written when the run stopped is smaller), which
keeps batched arithmetic, and so the written numbers, the same. Between
batches the loop checks ``stop`` (the first Ctrl-C): it ends after the batch
in hand is written, leaving only whole lines behind.

An item that cannot be done (a prompt too long for the model, a judge
error, a revision equal to the response) is a :class:`Skip` with the reason:
noted as ``file:line: skipped: why`` and counted, never written, so a resumed
run tries it again.

>>> from rewardstack.cai.progress import NullItemProgress
>>> import tempfile
>>> from pathlib import Path
>>> from rewardstack.cai.output import ResumableJsonl
>>> items = [Item(str(i), i) for i in range(1, 6)]
>>> def work(batch):
...     return [Skip(x.line, "odd") if int(x.id) % 2 else {"id": x.id, "metadata": {}} for x in batch]
>>> out = ResumableJsonl(Path(tempfile.mkdtemp()) / "out.jsonl", {})
>>> summary = run_batches(items, out, work, batch_size=2, progress=NullItemProgress(), source="in.jsonl")
>>> summary.written, [s.line for s in summary.skipped], summary.stopped
(2, [1, 3, 5], False)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from threading import Event
from typing import Any, Protocol, TypeVar

from rewardstack.cai.output import ResumableJsonl
from rewardstack.cai.progress import ItemProgress

__all__ = ["Item", "RunSummary", "Skip", "run_batches"]


@dataclass(frozen=True)
class Skip:
    """An item left undone, and why (it is tried again on resume)."""

    line: int
    reason: str


@dataclass(frozen=True)
class Item:
    """The least an item has: an id and its input line."""

    id: str
    line: int


class _HasId(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def line(self) -> int: ...


ItemT = TypeVar("ItemT", bound=_HasId)
Outcome = Mapping[str, Any] | Skip


@dataclass
class RunSummary:
    """What a run did: lines written now, items already done before, items skipped, whether it was stopped."""

    total: int
    already_done: int
    written: int = 0
    skipped: list[Skip] = field(default_factory=list)
    stopped: bool = False

    @property
    def remaining(self) -> int:
        return self.total - self.already_done - self.written


def run_batches(items: Sequence[ItemT], out: ResumableJsonl, work: Callable[[list[ItemT]], list[Outcome]], *,
                batch_size: int, progress: ItemProgress, source: str, stop: Event | None = None) -> RunSummary:
    """Do every item not in ``out`` yet, ``batch_size`` input items per call to ``work`` (module docstring)."""
    summary = RunSummary(total=len(items), already_done=sum(item.id in out.done for item in items))
    progress.start(total=summary.total, done=summary.already_done)
    try:
        for start in range(0, len(items), batch_size):
            if stop is not None and stop.is_set():
                summary.stopped = True
                break
            batch = [item for item in items[start:start + batch_size] if item.id not in out.done]
            if not batch:
                continue
            outcomes = work(batch)
            for outcome in outcomes:
                if isinstance(outcome, Skip):
                    summary.skipped.append(outcome)
                    progress.note(f"{source}:{outcome.line}: skipped: {outcome.reason}")
                else:
                    out.append(outcome)
                    summary.written += 1
            progress.advance(len(batch))
    finally:
        out.close()
        progress.close()
    return summary
