"""Demonstrations for SFT: one JSON object per line, ``{"prompt", "response"}``.

``prompt`` is a string or a list of chat messages ``{"role", "content"}`` (as in preference
files); other keys are ignored. A line that is not a demonstration is a :class:`BadLine` with its
number and reason, skipped and counted.

>>> parse_demonstration(b'{"prompt": "2+2?", "response": "4"}', 1)
Demonstration(prompt='2+2?', response='4', line=1)
>>> parse_demonstration(b'{"prompt": "2+2?"}', 3)
BadLine(line=3, reason='missing response (a demonstration is prompt, response)')
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rewardstack.jsonl import BadLine
from rewardstack.jsonl import _load as load_json_line
from rewardstack.rewards.preference.text import Prompt
from rewardstack.training.rm.data import parse_prompt, read_parsed_lines

__all__ = ["Demonstration", "Demonstrations", "parse_demonstration", "read_demonstrations"]


@dataclass(frozen=True)
class Demonstration:
    prompt: Prompt
    response: str
    line: int = 0


@dataclass(frozen=True)
class Demonstrations:
    path: Path
    items: list[Demonstration]
    bad_lines: list[BadLine]


def parse_demonstration(raw: bytes, line: int) -> Demonstration | BadLine:
    """One line as a :class:`Demonstration`, or a :class:`BadLine` saying why not."""
    data = load_json_line(raw, line)
    if isinstance(data, BadLine):
        return data
    missing = [k for k in ("prompt", "response") if k not in data]
    if missing:
        return BadLine(line, f"missing {', '.join(missing)} (a demonstration is prompt, response)")
    prompt = parse_prompt(data["prompt"], line)
    if isinstance(prompt, BadLine):
        return prompt
    response = data["response"]
    if not isinstance(response, str):
        return BadLine(line, f"response: expected a string, got {type(response).__name__}")
    if not response.strip():
        return BadLine(line, "response is empty")
    return Demonstration(prompt, response, line)


def read_demonstrations(path: str | Path, *, key: tuple[str, ...] = ("data", "train")) -> Demonstrations:
    """Every usable demonstration of a JSONL file and its bad lines (never raises for a bad line)."""
    items, bad = read_parsed_lines(path, parse_demonstration, key=key, what="demonstrations")
    return Demonstrations(Path(path), items, bad)
