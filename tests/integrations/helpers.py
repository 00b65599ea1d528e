"""A small YAML stack for the adapter tests: a math checker in the total, a length signal beside it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

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


def load_module(path: Path, name: str = "reward_func_under_test") -> ModuleType:
    """Import a written Python file (an exported OpenRLHF reward_func file) as a module."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
