"""Labelled principle judgements: the item type, reading a JSONL set, and the shipped set.

One line per item::

    {"id": "harm_avoidance-001", "principle": "harm_avoidance", "prompt": "...", "response": "...",
     "verdict": true, "split": "train", "hard": false, "pair_id": "harm_avoidance-p01"}

``verdict`` says whether the response satisfies the principle. Items sharing a ``pair_id`` answer
the same prompt under the same principle, at least one satisfying it and one not (pairwise ordering
accuracy compares every such better/worse combination). ``split`` is ``train`` or ``heldout``.

Reading never stops on a bad line: each is a :class:`~rewardstack.jsonl.BadLine` with its number
and reason (not UTF-8, not one JSON object, a field missing or of the wrong type, an empty text, a
duplicate id); a pair whose items disagree on prompt or principle, or that lacks a satisfying or a
violating item, makes its items bad too.

>>> items = load_judgements()
>>> len(items) >= 400, sorted({i.principle for i in items}) == sorted(PRINCIPLES)
(True, True)
>>> parse_item(b'{"id": "x", "principle": "p", "prompt": "q", "response": "", "verdict": true}', 3)
BadLine(line=3, reason='response: is empty')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rewardstack.jsonl import BadLine, iter_lines
from rewardstack.jsonl import _load as load_json_line

__all__ = ["FRESH_CHECK_PATH", "JUDGEMENTS_PATH", "PRINCIPLES", "JudgementData", "JudgementItem", "by_principle",
           "load_fresh_check", "load_judgements", "pairs_of", "parse_item", "read_judgements"]

JUDGEMENTS_PATH = Path(__file__).with_name("judgements.jsonl")
# a second check set (honesty_uncertainty, no_sycophancy), never trained on: data/_fresh.py says why
FRESH_CHECK_PATH = Path(__file__).with_name("fresh_check.jsonl")
# the shipped set's principles; they are the ids of the default constitution's principles
PRINCIPLES = ("harm_avoidance", "honesty_uncertainty", "no_sycophancy", "helpful_no_needless_refusal",
              "medical_caution")


class JudgementItem(BaseModel):
    """One labelled judgement: does ``response`` (to ``prompt``) satisfy ``principle``?"""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    principle: str = Field(min_length=1)
    prompt: str
    response: str
    verdict: bool
    split: Literal["train", "heldout"] = "train"
    hard: bool = False
    pair_id: str | None = Field(default=None, min_length=1)

    @field_validator("prompt", "response")
    @classmethod
    def _not_empty(cls, text: str) -> str:
        if not text.strip():
            raise ValueError("is empty")
        return text


@dataclass(frozen=True)
class JudgementData:
    """The usable items of a file and its bad lines."""

    path: Path
    items: list[JudgementItem]
    bad_lines: list[BadLine]


def parse_item(raw: bytes | str, line: int) -> JudgementItem | BadLine:
    """One JSONL line as a :class:`JudgementItem`, or a :class:`BadLine` saying why not."""
    data = load_json_line(raw, line)
    if isinstance(data, BadLine):
        return data
    try:
        return JudgementItem.model_validate(data, strict=True)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "line"
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = f"unknown key (allowed: {', '.join(JudgementItem.model_fields)})"
        return BadLine(line, f"{where}: {message}")


def _check_pairs(parsed: list[tuple[int, JudgementItem]]) -> tuple[list[JudgementItem], list[BadLine]]:
    """Drop the items of inconsistent pairs (each becomes a bad line naming the pair)."""
    groups: dict[str, list[tuple[int, JudgementItem]]] = defaultdict(list)
    for line, item in parsed:
        if item.pair_id is not None:
            groups[item.pair_id].append((line, item))
    broken: dict[str, str] = {}
    for pair_id, members in groups.items():
        items = [m for _, m in members]
        if len({(i.prompt, i.principle) for i in items}) > 1:
            broken[pair_id] = "its items differ in prompt or principle"
        elif len({i.verdict for i in items}) < 2:
            broken[pair_id] = "it needs an item that satisfies the principle and one that does not"
        elif len({i.split for i in items}) > 1:
            broken[pair_id] = "its items are in different splits"
    good = [item for _, item in parsed if item.pair_id not in broken]
    bad = [BadLine(line, f"pair_id {item.pair_id!r}: {broken[item.pair_id]}")
           for line, item in parsed if item.pair_id in broken]
    return good, bad


def read_judgements(path: str | Path) -> JudgementData:
    """Every usable item of a judgement JSONL file and its bad lines (OSError if it cannot be opened)."""
    path = Path(path)
    parsed: list[tuple[int, JudgementItem]] = []
    bad: list[BadLine] = []
    seen: set[str] = set()
    with path.open("rb") as handle:
        for line, raw in iter_lines(handle):
            item = parse_item(raw, line)
            if isinstance(item, BadLine):
                bad.append(item)
            elif item.id in seen:
                bad.append(BadLine(line, f"id {item.id!r} appears more than once"))
            else:
                seen.add(item.id)
                parsed.append((line, item))
    items, broken = _check_pairs(parsed)
    return JudgementData(path, items, sorted([*bad, *broken], key=lambda b: b.line))


def load_judgements(split: Literal["train", "heldout"] | None = None) -> list[JudgementItem]:
    """The shipped set (``split``: only that side). It is built by ``build_judgements`` and has no bad line."""
    data = read_judgements(JUDGEMENTS_PATH)
    if data.bad_lines:
        raise ValueError(f"{JUDGEMENTS_PATH}: {len(data.bad_lines)} bad lines, first: {data.bad_lines[0]}")
    return [i for i in data.items if split is None or i.split == split]


def load_fresh_check() -> list[JudgementItem]:
    """The fresh check set (``fresh_check.jsonl``, all ``heldout``); built by ``build_judgements``, no bad line.

    >>> sorted({i.principle for i in load_fresh_check()})
    ['honesty_uncertainty', 'no_sycophancy']
    """
    data = read_judgements(FRESH_CHECK_PATH)
    if data.bad_lines:
        raise ValueError(f"{FRESH_CHECK_PATH}: {len(data.bad_lines)} bad lines, first: {data.bad_lines[0]}")
    return data.items


def pairs_of(items: Iterable[JudgementItem]) -> list[tuple[JudgementItem, JudgementItem]]:
    """Every (satisfying, violating) combination inside each pair group, in file order.

    >>> a = JudgementItem(id="a", principle="p", prompt="q", response="good", verdict=True, pair_id="g")
    >>> b = a.model_copy(update={"id": "b", "response": "bad", "verdict": False})
    >>> [(x.id, y.id) for x, y in pairs_of([a, b])]
    [('a', 'b')]
    """
    groups: dict[str, list[JudgementItem]] = defaultdict(list)
    for item in items:
        if item.pair_id is not None:
            groups[item.pair_id].append(item)
    return [(g, b) for members in groups.values() for g in members if g.verdict
            for b in members if not b.verdict]


def by_principle(items: Sequence[JudgementItem]) -> dict[str, list[JudgementItem]]:
    """Items grouped by principle, principles in first-seen order."""
    groups: dict[str, list[JudgementItem]] = {}
    for item in items:
        groups.setdefault(item.principle, []).append(item)
    return groups

