"""Preference pairs as token ids, with truncation counted and pairs dropped for a stated reason.

Every pair is encoded once per run (members share the backbone's tokenizer)
by the same :class:`~rewardstack.rewards.preference.text.RewardTextEncoder`
the source scores with. A pair is **truncated** when either side is longer
than ``max_length``; it is **dropped** when

- both sides encode to the same ids after truncation (the difference was cut
  off: nothing left to learn), or
- ``on_truncation: drop`` and it was truncated.

Both are counted in the training report, never silently.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rewardstack.rewards.preference.text import Encoded, RewardTextEncoder
from rewardstack.training.rm.data import PreferencePair

__all__ = ["EncodedPair", "EncodingCounts", "encode_pairs"]

DROP_IDENTICAL = "identical_after_truncation"
DROP_TRUNCATED = "truncated_and_on_truncation_drop"


@dataclass(frozen=True)
class EncodedPair:
    pair: PreferencePair
    chosen: Encoded
    rejected: Encoded

    @property
    def truncated(self) -> bool:
        return self.chosen.truncated or self.rejected.truncated


@dataclass(frozen=True)
class EncodingCounts:
    """How many pairs were truncated and dropped (by reason), with the first lines of each."""

    pairs: int
    truncated: int
    dropped: dict[str, int]
    dropped_lines: dict[str, list[int]]

    def as_dict(self) -> dict[str, object]:
        return {"pairs": self.pairs, "truncated": self.truncated, "dropped": dict(self.dropped),
                "dropped_lines": {k: v[:100] for k, v in self.dropped_lines.items()}}


def encode_pairs(
    encoder: RewardTextEncoder, pairs: Sequence[PreferencePair], on_truncation: Literal["truncate", "drop"]
) -> tuple[list[EncodedPair], EncodingCounts]:
    """The pairs to train or validate on, and the counts for the report."""
    kept: list[EncodedPair] = []
    dropped: Counter[str] = Counter()
    lines: dict[str, list[int]] = {}
    truncated = 0
    for pair in pairs:
        encoded = EncodedPair(pair, encoder.encode(pair.prompt, pair.chosen), encoder.encode(pair.prompt,
                                                                                             pair.rejected))
        truncated += encoded.truncated
        reason = None
        if encoded.chosen.ids == encoded.rejected.ids and encoded.chosen.type_ids == encoded.rejected.type_ids:
            reason = DROP_IDENTICAL
        elif encoded.truncated and on_truncation == "drop":
            reason = DROP_TRUNCATED
        if reason is None:
            kept.append(encoded)
        else:
            dropped[reason] += 1
            lines.setdefault(reason, []).append(pair.line)
    return kept, EncodingCounts(len(pairs), truncated, dict(dropped), lines)
