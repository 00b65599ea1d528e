"""Preference pairs for reward-model training: reading, the split by prompt, bootstrap resamples.

A line is ``{"prompt", "chosen", "rejected", "labeler"?, "margin"?, "label_prob"?}``
(other keys are ignored; ``label_prob``, P(chosen is better) as ``rewardstack cai
label`` writes it, is checked, not used); ``prompt`` is a string or a list of chat messages
``{"role", "content"}``. A line that is not such a pair is a :class:`BadLine`
with its number and reason, skipped and counted; reading never stops on one.
Bad are: bytes that are not UTF-8, text that is not one JSON object, a missing
or non-string ``prompt``/``chosen``/``rejected``, an empty ``chosen`` or
``rejected``, ``chosen`` equal to ``rejected`` (no preference to learn), a
``margin`` that is not a finite number, a ``label_prob`` outside [0, 1] (a
file whose soft labels are corrupt is not trusted for its hard ones), a
``labeler`` that is not a string.

The validation split is by prompt: prompts are shuffled with the seed and
whole prompts are held out, so no prompt is in both sets (a reward model that
has seen a prompt's pairs would look better on it than it is).

>>> pair = parse_pair(b'{"prompt": "2+2?", "chosen": "4", "rejected": "5", "labeler": "ann"}', 1)
>>> pair.chosen, pair.labeler, pair.margin
('4', 'ann', 0.0)
>>> parse_pair(b'{"prompt": "p", "chosen": "same", "rejected": "same"}', 7)
BadLine(line=7, reason='chosen and rejected are the same text: no preference to learn')
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from rewardstack.core.sample import ChatMessage
from rewardstack.jsonl import BadLine, iter_lines
from rewardstack.jsonl import _load as load_json_line
from rewardstack.rewards.preference.text import Prompt
from rewardstack.training.rm.config_file import ConfigKeyError

__all__ = [
    "PreferenceData",
    "PreferenceDataError",
    "PreferencePair",
    "bootstrap",
    "parse_pair",
    "parse_prompt",
    "prompt_key",
    "read_parsed_lines",
    "read_preferences",
    "split_by_prompt",
]


T = TypeVar("T")


class PreferenceDataError(ConfigKeyError):
    """Preference data that cannot be trained on at all (missing file, no usable pair): exit 2 in the CLI."""


@dataclass(frozen=True)
class PreferencePair:
    """One preference: ``chosen`` is better than ``rejected`` for ``prompt`` (by ``margin``, if given)."""

    prompt: Prompt
    chosen: str
    rejected: str
    labeler: str | None = None
    margin: float = 0.0
    line: int = 0


@dataclass(frozen=True)
class PreferenceData:
    """The usable pairs of a file and its bad lines."""

    path: Path
    pairs: list[PreferencePair]
    bad_lines: list[BadLine]


def parse_prompt(value: Any, line: int) -> Prompt | BadLine:
    """The prompt of a line: a string or a non-empty list of chat messages."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value:
        try:
            return tuple(ChatMessage.model_validate(m) for m in value)
        except ValidationError as exc:
            return BadLine(line, f"prompt: not a list of chat messages {{role, content}} ({exc.errors()[0]['msg']})")
    return BadLine(line, f"prompt: expected a string or a list of chat messages, got {type(value).__name__}")


def parse_pair(raw: bytes, line: int) -> PreferencePair | BadLine:
    """One JSONL line as a :class:`PreferencePair`, or a :class:`BadLine` saying why not."""
    data = load_json_line(raw, line)
    if isinstance(data, BadLine):
        return data
    missing = [k for k in ("prompt", "chosen", "rejected") if k not in data]
    if missing:
        return BadLine(line, f"missing {', '.join(missing)} (a pair is prompt, chosen, rejected)")
    prompt = parse_prompt(data["prompt"], line)
    if isinstance(prompt, BadLine):
        return prompt
    for key in ("chosen", "rejected"):
        if not isinstance(data[key], str):
            return BadLine(line, f"{key}: expected a string, got {type(data[key]).__name__}")
        if not data[key].strip():
            return BadLine(line, f"{key} is empty")
    if data["chosen"] == data["rejected"]:
        return BadLine(line, "chosen and rejected are the same text: no preference to learn")
    margin = data.get("margin", 0.0)
    if margin is None:
        margin = 0.0
    if isinstance(margin, bool) or not isinstance(margin, int | float) or not math.isfinite(margin):
        return BadLine(line, f"margin: expected a finite number, got {margin!r}")
    label_prob = data.get("label_prob")
    if label_prob is not None and (isinstance(label_prob, bool) or not isinstance(label_prob, int | float)
                                   or not 0.0 <= label_prob <= 1.0):
        return BadLine(line, f"label_prob: expected a probability in [0, 1], got {label_prob!r}")
    labeler = data.get("labeler")
    if labeler is not None and not isinstance(labeler, str):
        return BadLine(line, f"labeler: expected a string, got {type(labeler).__name__}")
    return PreferencePair(prompt, data["chosen"], data["rejected"], labeler, float(margin), line)


def read_parsed_lines(path: str | Path, parse: Callable[[bytes, int], T | BadLine], *, key: tuple[str, ...],
                      what: str) -> tuple[list[T], list[BadLine]]:
    """Every line of a JSONL file through ``parse``: the items and the bad lines (never raises
    for a bad line; a file that cannot be read is a :class:`PreferenceDataError` naming ``key``)."""
    p = Path(path)
    try:
        with p.open("rb") as handle:
            parsed = [parse(raw, number) for number, raw in iter_lines(handle)]
    except IsADirectoryError:
        raise PreferenceDataError(key, f"{p} is a directory, not a {what} JSONL file") from None
    except OSError as exc:
        raise PreferenceDataError(key, f"cannot read {p} ({exc.strerror})") from None
    return [x for x in parsed if not isinstance(x, BadLine)], [x for x in parsed if isinstance(x, BadLine)]


def read_preferences(path: str | Path, *, key: tuple[str, ...] = ("data", "train")) -> PreferenceData:
    """Every usable pair of a preference JSONL file, and its bad lines (never raises for a bad line).

    ``key``: the config key that named the file (for the error when it cannot be read).
    """
    pairs, bad = read_parsed_lines(path, parse_pair, key=key, what="preference")
    return PreferenceData(Path(path), pairs, bad)


def prompt_key(prompt: Prompt) -> str:
    """What makes two pairs share a prompt (chat prompts: their turns)."""
    if isinstance(prompt, str):
        return prompt
    return "\x1e".join(f"{m.role}\x1f{m.content}" for m in prompt)


def split_by_prompt(
    pairs: Sequence[PreferencePair], fraction: float, seed: int
) -> tuple[list[PreferencePair], list[PreferencePair]]:
    """(train, validation): ``fraction`` of the distinct prompts held out whole (at least one, never all).

    >>> pairs = [PreferencePair(f"p{i % 10}", "a", "b") for i in range(40)]
    >>> train, val = split_by_prompt(pairs, 0.2, seed=0)
    >>> len(train), len(val), {p.prompt for p in train} & {p.prompt for p in val}
    (32, 8, set())
    """
    if fraction <= 0:
        return list(pairs), []
    prompts = sorted({prompt_key(p.prompt) for p in pairs})
    if len(prompts) < 2:
        return list(pairs), []  # one prompt cannot be split; the report says validation is empty
    random.Random(seed).shuffle(prompts)
    held = set(prompts[: min(len(prompts) - 1, max(1, round(fraction * len(prompts))))])  # both sides non-empty
    train = [p for p in pairs if prompt_key(p.prompt) not in held]
    val = [p for p in pairs if prompt_key(p.prompt) in held]
    return train, val


def bootstrap(items: Sequence[Any], seed: int) -> list[Any]:
    """A resample of ``items`` with replacement, same size (ensemble members see different data).

    >>> len(bootstrap(list(range(10)), seed=1))
    10
    """
    rng = random.Random(seed)
    return [items[rng.randrange(len(items))] for _ in range(len(items))]
