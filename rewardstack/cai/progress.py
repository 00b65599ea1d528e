"""Progress of a ``cai`` run on stderr: a live bar on a terminal, plain lines elsewhere (CI logs, pipes).

The reward-model trainer's :func:`~rewardstack.training.rm.auto_progress` is
built around optimizer steps and a loss column; a ``cai`` run counts items, so
it has its own small pair of reporters with the same choice rule (terminal ->
bar, else lines, ``quiet`` -> nothing).

>>> lines = []
>>> progress = LineItemProgress("revise", lines.append)
>>> progress.start(total=4, done=1)
>>> progress.advance(2)
>>> progress.note("prompts.jsonl:3: skipped: revision equals the response")
>>> progress.advance(1)
>>> for line in lines: print(line)
revise: 4 items, 1 already in the output
revise: 3/4
prompts.jsonl:3: skipped: revision equals the response
revise: 4/4
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

__all__ = ["ItemProgress", "LineItemProgress", "NullItemProgress", "RichItemProgress", "item_progress"]


class ItemProgress(Protocol):
    """What a run tells whoever watches."""

    def start(self, *, total: int, done: int) -> None: ...

    def advance(self, n: int) -> None: ...

    def note(self, line: str) -> None: ...

    def close(self) -> None: ...


class NullItemProgress:
    """Says nothing."""

    def start(self, *, total: int, done: int) -> None:
        pass

    def advance(self, n: int) -> None:
        pass

    def note(self, line: str) -> None:
        pass

    def close(self) -> None:
        pass


class LineItemProgress:
    """One line per batch of items and per note, through ``write``."""

    def __init__(self, label: str, write: Callable[[str], None]):
        self.label = label
        self.write = write
        self.total = 0
        self.count = 0

    def start(self, *, total: int, done: int) -> None:
        self.total, self.count = total, done
        resumed = f", {done} already in the output" if done else ""
        self.write(f"{self.label}: {total} items{resumed}")

    def advance(self, n: int) -> None:
        self.count += n
        self.write(f"{self.label}: {self.count}/{self.total}")

    def note(self, line: str) -> None:
        self.write(line)

    def close(self) -> None:
        pass


class RichItemProgress:
    """A live bar on ``console`` (a terminal); notes print above it."""

    def __init__(self, label: str, console: Console):
        self.label = label
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=console, transient=False)
        self.task: TaskID | None = None

    def start(self, *, total: int, done: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task(self.label, total=total, completed=done)

    def advance(self, n: int) -> None:
        if self.task is not None:
            self.bar.advance(self.task, n)

    def note(self, line: str) -> None:
        self.bar.console.print(line, highlight=False, markup=False)

    def close(self) -> None:
        self.bar.stop()


def item_progress(label: str, console: Console | None = None, *, quiet: bool = False) -> ItemProgress:
    """A bar on a terminal, lines otherwise (on stderr by default), nothing with ``quiet``."""
    if quiet:
        return NullItemProgress()
    console = console or Console(stderr=True, soft_wrap=True)
    if console.is_terminal:
        return RichItemProgress(label, console)
    return LineItemProgress(label, lambda line: console.print(line, highlight=False, markup=False))
