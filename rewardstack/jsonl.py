"""JSONL in and out: samples with line-numbered errors, results written as they come."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from pydantic import ValidationError

from rewardstack.core.result import StackResult
from rewardstack.core.sample import Sample

__all__ = ["BadLine", "read_samples", "write_result"]


@dataclass(frozen=True)
class BadLine:
    """An input line that is not a valid sample, and why."""

    line: int
    reason: str


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or "(object)"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


def parse_sample(text: str, line: int) -> Sample | BadLine:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return BadLine(line, f"not JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(data, dict):
        return BadLine(line, f"expected a JSON object, got {type(data).__name__}")
    if "id" not in data:
        data = {**data, "id": str(line)}  # ids are optional in input; the line number is stable
    elif not isinstance(data["id"], str):
        data = {**data, "id": str(data["id"])}
    try:
        return Sample.model_validate(data)
    except ValidationError as exc:
        return BadLine(line, _describe(exc))


def read_samples(path: Path) -> Iterator[Sample | BadLine]:
    """Yield a Sample or a BadLine per non-blank line (1-based line numbers)."""
    with path.open(encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if text.strip():
                yield parse_sample(text, number)


def write_result(handle: IO[str], result: StackResult) -> None:
    handle.write(result.model_dump_json(exclude_none=False) + "\n")
