"""report_bad_lines: the first few bad lines by number and reason, then always the total."""

from __future__ import annotations

import pytest

from rewardstack.jsonl import BadLine
from rewardstack.training.bad_lines import report_bad_lines


class _Collect:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def log(self, line: str) -> None:
        self.lines.append(line)


@pytest.mark.parametrize(("count", "shown", "total_line"), [
    (0, 5, None),
    (1, 5, "f.jsonl: 1 bad line skipped, 7 used"),
    (5, 5, "f.jsonl: 5 bad lines skipped, 7 used"),
    (12, 5, "f.jsonl: 12 bad lines skipped (5 shown), 7 used"),
])
def test_the_first_lines_then_the_total(count: int, shown: int, total_line: str | None) -> None:
    progress = _Collect()
    report_bad_lines(progress, "f.jsonl", [BadLine(n, f"reason {n}") for n in range(1, count + 1)], used=7,
                     shown=shown)
    named = [f"f.jsonl:{n}: skipped: reason {n}" for n in range(1, min(count, shown) + 1)]
    assert progress.lines == named + ([total_line] if total_line else [])
