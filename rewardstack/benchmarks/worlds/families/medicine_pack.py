"""The medicine pack's labelled data, read for the world: pairs, claims, and which drugs they name.

Reads ``pairs.jsonl`` (a patient question, a fluent confident wrong answer, a hedged right
one), ``claims.jsonl`` (one-sentence claims labelled against the KB) and the entity lines of
``kb.jsonl`` (names and aliases, to find which claims talk about a pair's drugs). Nothing
here runs the verifier.

>>> pairs = load_pairs()
>>> len(pairs) >= 60, sorted(pairs[0])[:3]
(True, ['fluent_wrong', 'hedged_right', 'id'])
>>> related_claims(pairs[0], "supported")[0]["label"]
'supported'
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

__all__ = ["PACK", "drugs_in", "load_claims", "load_pairs", "pack_files", "related_claims", "sentences"]

PACK = "medicine"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def pack_files() -> dict[str, Path]:
    from rewardstack.verifiers.facts.packs_io import pack_file

    return {name: pack_file(PACK, name) for name in ("pairs.jsonl", "claims.jsonl", "kb.jsonl")}


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@functools.cache
def load_pairs() -> list[dict[str, Any]]:
    return _read(pack_files()["pairs.jsonl"])


@functools.cache
def load_claims() -> list[dict[str, Any]]:
    return _read(pack_files()["claims.jsonl"])


@functools.cache
def _drug_names() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """(entity id, a word-boundary pattern over its names of 4+ letters) for drugs and drug classes."""
    out = []
    for row in _read(pack_files()["kb.jsonl"]):
        if row.get("type") != "entity" or row.get("entity_type") not in {"drug", "drug_class"}:
            continue
        names = {n.lower() for n in [row["name"], *row.get("aliases", [])] if len(n) >= 4}
        if names:
            alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            out.append((row["id"], re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)))
    return tuple(out)


def drugs_in(text: str) -> frozenset[str]:
    """Ids of the drugs and drug classes ``text`` names."""
    return frozenset(entity for entity, pattern in _drug_names() if pattern.search(text))


def related_claims(pair: dict[str, Any], label: str) -> list[dict[str, Any]]:
    """Claims with ``label`` that name a drug the pair's question or right answer names."""
    drugs = drugs_in(pair["prompt"] + " " + pair["hedged_right"])
    return [c for c in load_claims() if c["label"] == label and drugs & drugs_in(c["text"])]


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text.strip()) if s]
