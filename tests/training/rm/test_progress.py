"""Progress reporting: a live bar on a terminal, plain lines elsewhere, nothing when quiet."""

from __future__ import annotations

import io

from rich.console import Console

from rewardstack.training.rm import LineProgress, NullProgress, RichProgress, auto_progress


def test_a_terminal_gets_a_bar_with_the_loss() -> None:
    stream = io.StringIO()
    console = Console(file=stream, force_terminal=True, width=120)
    progress = auto_progress(console)
    assert isinstance(progress, RichProgress)
    progress.start("member 1/3", total_steps=4, done_steps=1)
    progress.step(0.4321)
    progress.log("member 1/3 epoch 1/1: train loss 0.4321")
    progress.close()
    text = stream.getvalue()
    assert "member 1/3" in text and "loss 0.4321" in text and "2/4" in text


def test_elsewhere_lines_or_nothing() -> None:
    stream = io.StringIO()
    progress = auto_progress(Console(file=stream, force_terminal=False))
    assert isinstance(progress, LineProgress)
    progress.start("training", total_steps=10, done_steps=4)
    progress.step(1.0)
    assert stream.getvalue() == "training: 10 steps (resuming after step 4)\n"
    assert isinstance(auto_progress(quiet=True), NullProgress)
