"""The ``rewardstack score`` job as a function: JSONL in, StackResults out, incrementally.

Valid samples are scored in batches; each batch's results are written and
flushed before the next is read, so a failure later in the file (or a
Ctrl-C) loses nothing already scored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from rewardstack.core.sample import Sample
from rewardstack.fusion.stack import RewardStack
from rewardstack.jsonl import BadLine, read_samples, write_result
from rewardstack.summary import RunSummary

__all__ = ["BadLinePolicy", "BadInputError", "ScoreRun", "score_file"]


class BadLinePolicy(StrEnum):
    SKIP = "skip"
    FAIL = "fail"


class BadInputError(Exception):
    """Raised (after flushing what was scored) when ``--on-bad-line fail`` meets a bad line."""

    def __init__(self, bad: BadLine, path: Path):
        super().__init__(f"{path}:{bad.line}: {bad.reason}")
        self.bad = bad


@dataclass
class ScoreRun:
    summary: RunSummary
    bad_lines: list[BadLine]


def score_file(
    stack: RewardStack,
    input_path: Path,
    output_path: Path,
    *,
    batch_size: int = 256,
    on_bad_line: BadLinePolicy = BadLinePolicy.SKIP,
    on_bad: Callable[[BadLine], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> ScoreRun:
    """Score every valid line of ``input_path`` into ``output_path`` (JSONL)."""
    summary = RunSummary()
    bad_lines: list[BadLine] = []
    pending: list[Sample] = []
    output_path.parent.mkdir(parents=True, exist_ok=True)
    with output_path.open("w", encoding="utf-8") as out:

        def flush() -> None:
            if not pending:
                return
            for result in stack.score(pending):
                write_result(out, result)
                summary.add(result)
            out.flush()
            if on_progress is not None:
                on_progress(len(pending))
            pending.clear()

        for item in read_samples(input_path):
            if isinstance(item, BadLine):
                bad_lines.append(item)
                summary.bad_lines += 1
                if on_bad is not None:
                    on_bad(item)
                if on_bad_line is BadLinePolicy.FAIL:
                    flush()
                    raise BadInputError(item, input_path)
                continue
            pending.append(item)
            if len(pending) >= batch_size:
                flush()
        flush()
    return ScoreRun(summary=summary, bad_lines=bad_lines)


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())
