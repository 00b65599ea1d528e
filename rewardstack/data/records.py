"""The two record types a data check reads, and what a "unit" and an "answer" are for each.

Agreement is measured over *units*, each judged by several labelers:

- Preference pairs: the unit is ``(prompt, {response a, response b})`` with the
  two responses as an unordered set, so ``chosen=a, rejected=b`` from one
  labeler and ``chosen=b, rejected=a`` from another are two answers about the
  same unit. The answer is which response was chosen.
- Ratings: the unit is ``item`` and the answer is ``label`` (nominal: labels are
  categories, compared for equality only).

>>> a = PreferenceRecord(line=1, prompt="2+2?", chosen="4", rejected="5", labeler="ann")
>>> b = PreferenceRecord(line=2, prompt="2+2?", chosen="5", rejected="4", labeler="bob")
>>> unit_of(a) == unit_of(b), answer_of(a) == answer_of(b)
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["DataKind", "PreferenceRecord", "RatingRecord", "Record", "Unit", "answer_of", "unit_of"]


class DataKind(StrEnum):
    """Which of the two formats a file holds."""

    PREFERENCES = "preferences"  # {"prompt", "chosen", "rejected", "labeler"?, "margin"?}
    RATINGS = "ratings"  # {"item", "labeler", "label"}


@dataclass(frozen=True)
class PreferenceRecord:
    """One labeler's judgement that ``chosen`` is better than ``rejected`` (texts; chats flattened)."""

    line: int
    prompt: str
    chosen: str
    rejected: str
    labeler: str | None = None
    margin: float | None = None


@dataclass(frozen=True)
class RatingRecord:
    """One labeler's label for one item; ``label`` is the label's text, ``label_type`` its JSON type."""

    line: int
    item: str
    labeler: str | None
    label: str
    label_type: str = "string"


Record = PreferenceRecord | RatingRecord
Unit = tuple[str, ...]


def unit_of(record: Record) -> Unit:
    """The thing being judged: ``(prompt, first, second)`` with the responses sorted, or ``(item,)``."""
    if isinstance(record, RatingRecord):
        return (record.item,)
    first, second = sorted((record.chosen, record.rejected))
    return (record.prompt, first, second)


def answer_of(record: Record) -> str:
    """What the labeler said about the unit: the chosen response, or the label."""
    return record.chosen if isinstance(record, PreferenceRecord) else record.label
