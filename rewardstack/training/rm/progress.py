"""How a training run reports itself: a rich progress bar on a terminal, plain lines elsewhere.

The trainer calls a :class:`TrainProgress`; which one is picked once, by
:func:`auto_progress`: a live bar (steps, loss, time left) when stderr is a
terminal, one line per epoch and per notable event otherwise (CI logs stay
readable), nothing at all with ``quiet``.

>>> lines = []
>>> progress = LineProgress(lines.append)
>>> progress.start("member 1/1", total_steps=4, done_steps=0)
>>> progress.log("epoch 1/1: train loss 0.41")
>>> lines
['member 1/1: 4 steps', 'epoch 1/1: train loss 0.41']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

__all__ = ["LineProgress", "NullProgress", "RichProgress", "TrainProgress", "auto_progress"]


class TrainProgress(Protocol):
    """What the trainer tells whoever watches."""

    def start(self, label: str, *, total_steps: int, done_steps: int) -> None: ...

    def step(self, loss: float) -> None: ...

    def log(self, line: str) -> None: ...

    def close(self) -> None: ...


class NullProgress:
    """Says nothing."""

    def start(self, label: str, *, total_steps: int, done_steps: int) -> None:
        pass

    def step(self, loss: float) -> None:
        pass

    def log(self, line: str) -> None:
        pass

    def close(self) -> None:
        pass


class LineProgress(NullProgress):
    """One line per member start and per logged event, through ``write``."""

    def __init__(self, write: Callable[[str], None]):
        self.write = write

    def start(self, label: str, *, total_steps: int, done_steps: int) -> None:
        resumed = f" (resuming after step {done_steps})" if done_steps else ""
        self.write(f"{label}: {total_steps} steps{resumed}")

    def log(self, line: str) -> None:
        self.write(line)


class RichProgress:
    """A live bar per member on ``console`` (a terminal); logged lines print above it."""

    def __init__(self, console: Console):
        self.console = console
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("loss {task.fields[loss]}"), TimeRemainingColumn(), console=console,
                            transient=False)
        self.task: TaskID | None = None
        self.bar.start()

    def start(self, label: str, *, total_steps: int, done_steps: int) -> None:
        self.task = self.bar.add_task(escape(label), total=total_steps, completed=done_steps, loss="-")

    def step(self, loss: float) -> None:
        if self.task is not None:
            self.bar.update(self.task, advance=1, loss=f"{loss:.4f}")

    def log(self, line: str) -> None:
        self.bar.console.print(line, highlight=False, markup=False)

    def close(self) -> None:
        self.bar.stop()


def auto_progress(console: Console | None = None, *, quiet: bool = False) -> TrainProgress:
    """A bar on a terminal, lines otherwise (on stderr by default), nothing with ``quiet``."""
    if quiet:
        return NullProgress()
    console = console or Console(stderr=True, soft_wrap=True)
    if console.is_terminal:
        return RichProgress(console)
    return LineProgress(lambda line: console.print(line, highlight=False, markup=False))
