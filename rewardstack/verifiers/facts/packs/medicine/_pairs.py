"""Turn the pair table into ``pairs.jsonl`` records, checking each response's claims against the KB.

>>> from rewardstack.verifiers.facts.packs.medicine._kb import kb_records
>>> records = pair_records(kb_records())
>>> records[0]["id"], sorted(records[0])
('p001', ['fluent_wrong', 'hedged_right', 'id', 'prompt', 'topic'])
"""

from __future__ import annotations

from typing import Any

from rewardstack.verifiers.facts.packs.medicine._claims import Names, mentions
from rewardstack.verifiers.facts.packs.medicine._pairs_data import PAIRS
from rewardstack.verifiers.facts.packs.medicine._rows import PairRow
from rewardstack.verifiers.facts.packs.medicine._semantics import KBIndex, Spec

__all__ = ["TOPICS", "pair_records"]

Record = dict[str, Any]
TOPICS = ("interaction", "dose", "class", "contraindication")


def _named(text: str, specs: tuple[Spec, ...], names: Names) -> list[str]:
    return [f"{text[:50]!r}...: does not name {e!r}" for spec in specs for e in spec.entities
            if not any(mentions(text, s) for s in names.spellings[e])]


def _labels(specs: tuple[Spec, ...], index: KBIndex) -> list[str]:
    out = []
    for spec in specs:
        try:
            out.append(index.label(spec)[0])
        except ValueError as exc:  # an ambiguous reading
            out.append(str(exc))
    return out


def _problems(row: PairRow, index: KBIndex, names: Names) -> list[str]:
    wrong, right = _labels(row.wrong, index), _labels(row.right, index)
    out = _named(row.fluent_wrong, row.wrong, names) + _named(row.hedged_right, row.right, names)
    if "contradicted" not in wrong or "supported" in wrong:
        out.append(f"{row.prompt!r}: the wrong answer's claims are {wrong} (need a contradicted one, no supported)")
    if not right or set(right) != {"supported"}:
        out.append(f"{row.prompt!r}: the right answer's claims are {right} (need all supported)")
    if row.topic not in TOPICS:
        out.append(f"{row.prompt!r}: topic {row.topic!r} is not one of {TOPICS}")
    return out


def pair_records(kb: list[Record]) -> list[Record]:
    """The pairs file's records; ValueError lists every pair whose claims do not hold as written."""
    index, names = KBIndex.from_records(kb), Names(kb)
    problems = [p for row in PAIRS for p in _problems(row, index, names)]
    if len({row.prompt for row in PAIRS}) != len(PAIRS):
        problems.append("two pairs share a prompt")
    if problems:
        raise ValueError("medicine pairs:\n  " + "\n  ".join(problems))
    return [{"id": f"p{i:03d}", "prompt": row.prompt, "fluent_wrong": row.fluent_wrong,
             "hedged_right": row.hedged_right, "topic": row.topic} for i, row in enumerate(PAIRS, 1)]
