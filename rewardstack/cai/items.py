"""The inputs of ``rewardstack cai``: prompts to revise and response pairs to label, read whole and checked first.

A **prompt** line is ``{"id"?, "prompt", "domain"?}`` (other keys, such as a
sample's ``response``, are ignored): ``prompt`` is a string or a non-empty list
of chat messages ``{"role", "content"}``. A **pair** line is a preference line
``{"id"?, "prompt", "chosen", "rejected", "domain"?, "metadata"?}`` (what
``cai revise`` writes and ``rewardstack train rm`` reads), checked by the
trainer's own :func:`~rewardstack.training.rm.data.parse_pair`.

A line without ``id`` takes its line number, as in ``rewardstack score``; ids
name items for resuming, so an id used twice is a bad line. Every bad line is
found before any model is loaded, and reported together (:class:`InputError`,
``file:line: what``; the CLI exits 2), so a typo on line 9,000 does not cost
an hour of generation first.

>>> item = parse_prompt(b'{"prompt": "Is it safe to mix bleach and ammonia?", "domain": "chat"}', 4)
>>> item.id, item.prompt_text, item.domain
('4', 'Is it safe to mix bleach and ammonia?', 'chat')
>>> parse_prompt(b'{"id": "a", "prompt": 3}', 2)
BadLine(line=2, reason='prompt: expected a string or a list of chat messages, got int')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from rewardstack.core.errors import ConfigError
from rewardstack.core.sample import ChatMessage
from rewardstack.jsonl import BadLine, iter_lines
from rewardstack.jsonl import _load as load_json_line
from rewardstack.jsonl import _sample_id as line_id
from rewardstack.rewards.preference.text import Prompt
from rewardstack.training.rm.data import PreferencePair, parse_pair
from rewardstack.training.rm.data import parse_prompt as check_prompt

__all__ = ["InputError", "PairItem", "PromptItem", "parse_pair_item", "parse_prompt", "read_items", "text_of"]

_SHOWN = 20  # bad lines listed in one error; the rest are counted


class InputError(ConfigError):
    """An input file that cannot be used as it is: every problem as ``file:line: what`` (exit 2)."""


def text_of(prompt: str | Sequence[ChatMessage]) -> str:
    """A prompt as template text: a string as is, chat turns as ``role: content`` lines (as ``Sample.prompt_text``)."""
    if isinstance(prompt, str):
        return prompt
    return "\n".join(f"{m.role}: {m.content}" for m in prompt)


@dataclass(frozen=True)
class PromptItem:
    """One prompt to sample, critique and revise a response for."""

    id: str
    line: int
    prompt: Prompt
    raw_prompt: Any  # the prompt as the input wrote it (written back unchanged)
    domain: str | None = None

    @property
    def prompt_text(self) -> str:
        return text_of(self.prompt)


@dataclass(frozen=True)
class PairItem:
    """Two responses to one prompt, to be ordered by an AI judge (``first`` is the input's ``chosen``)."""

    id: str
    line: int
    pair: PreferencePair
    raw_prompt: Any
    domain: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def prompt_text(self) -> str:
        return text_of(self.pair.prompt)


def _domain(data: dict[str, Any], line: int) -> str | None | BadLine:
    value = data.get("domain")
    if value is None or isinstance(value, str):
        return value
    return BadLine(line, f"domain: expected a string, got {type(value).__name__}")


def parse_prompt(raw: bytes, line: int) -> PromptItem | BadLine:
    """One prompt line, or why it is not one."""
    data = load_json_line(raw, line)
    if isinstance(data, BadLine):
        return data
    if "prompt" not in data:
        return BadLine(line, "missing prompt (a line is {\"id\"?, \"prompt\", \"domain\"?})")
    checked = check_prompt(data["prompt"], line)  # the trainer's rule: one prompt format for both commands
    if isinstance(checked, BadLine):
        return checked
    item_id, domain = line_id(data, line), _domain(data, line)
    if isinstance(item_id, BadLine):
        return item_id
    if isinstance(domain, BadLine):
        return domain
    return PromptItem(item_id, line, checked, data["prompt"], domain)


def parse_pair_item(raw: bytes, line: int) -> PairItem | BadLine:
    """One pair line (the trainer's rules, plus ``id``, ``domain`` and ``metadata``), or why it is not one."""
    pair = parse_pair(raw, line)
    if isinstance(pair, BadLine):
        return pair
    data = load_json_line(raw, line)
    assert not isinstance(data, BadLine)  # parse_pair read it
    item_id, domain = line_id(data, line), _domain(data, line)
    if isinstance(item_id, BadLine):
        return item_id
    if isinstance(domain, BadLine):
        return domain
    metadata = data.get("metadata", {})
    if not isinstance(metadata, dict):
        return BadLine(line, f"metadata: expected an object, got {type(metadata).__name__}")
    return PairItem(item_id, line, pair, data["prompt"], domain, metadata)


ItemT = TypeVar("ItemT", PromptItem, PairItem)


def read_items(path: Path, parse: Callable[[bytes, int], ItemT | BadLine], *, flag: str) -> list[ItemT]:
    """Every item of ``path``; :class:`InputError` listing every bad line (and repeated ids) when any is bad.

    ``flag`` names the option that gave the file (``--prompts``), for the error when it cannot be read.
    """
    try:
        with path.open("rb") as handle:
            parsed = [parse(raw, number) for number, raw in iter_lines(handle)]
    except OSError as exc:
        raise InputError(f"{flag} {path}: cannot read it ({exc.strerror or exc})") from None
    items: list[ItemT] = []
    bad: list[BadLine] = []
    first_line: dict[str, int] = {}
    for entry in parsed:
        if isinstance(entry, BadLine):
            bad.append(entry)
        elif entry.id in first_line:
            bad.append(BadLine(entry.line, f"id {entry.id!r} is also on line {first_line[entry.id]}; ids name "
                                           "items for resuming and must be unique"))
        else:
            first_line[entry.id] = entry.line
            items.append(entry)
    if bad:
        shown: list[str] = [f"{path}:{b.line}: {b.reason}" for b in bad[:_SHOWN]]
        if len(bad) > _SHOWN:
            shown.append(f"... and {len(bad) - _SHOWN} more bad lines")
        raise InputError("\n".join([f"{len(bad)} bad line(s) in {flag} {path}; fix them (nothing was generated):",
                                    *shown]))
    if not items:
        raise InputError(f"{flag} {path}: no items (the file is empty)")
    return items
