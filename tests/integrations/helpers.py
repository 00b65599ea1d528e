"""A small YAML stack for the adapter tests: a math checker in the total, a length signal beside it."""

from __future__ import annotations

from pathlib import Path

STACK_YAML = """\
sources:
  answer: {kind: math_answer}
  brevity: {kind: length, unit: words, target: 3}
fusion: {kind: weighted_sum, weights: {answer: 1.0}}
cache: false
"""


def write_stack(folder: Path) -> Path:
    path = folder / "stack.yaml"
    path.write_text(STACK_YAML)
    return path
