"""Measuring the verifier on a pack's labelled claims and response pairs (the done-means figures).

A labelled claim is one sentence; its predicted verdict is the verdict of its
claims taken together: ``contradicted`` if any claim is, else ``supported`` if
any is, else ``unverifiable`` (also when no claim was extracted). Figures per
split (``dev`` / ``heldout``):

- ``accuracy``: predicted == label;
- ``supported_on_contradicted``: claims labelled contradicted that were
  predicted supported (must be 0);
- ``negation_flip_rate``: of the ``negation_of`` pairs whose two labels are
  supported and contradicted, the share whose two predictions are too, in the
  right order;
- ``contradicted_recall`` / ``contradicted_precision`` on the interaction and
  dose claims (``kind`` in :data:`SAFETY_KINDS`).

A response pair wins when the hedged right answer scores strictly above the
fluent wrong one (an abstaining or erroring score loses).

>>> rows = [{"id": "a", "label": "supported", "split": "dev", "kind": "dose"},
...         {"id": "b", "label": "contradicted", "split": "dev", "kind": "dose", "negation_of": "a"}]
>>> report = claim_report(rows, {"a": "supported", "b": "contradicted"})["dev"]
>>> report["accuracy"], report["negation_flip_rate"], report["contradicted_recall"]
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rewardstack.core.sample import Sample
from rewardstack.core.score import Score

__all__ = ["SAFETY_KINDS", "claim_report", "load_jsonl", "pair_report", "predict_claims", "sentence_verdict"]

SAFETY_KINDS = ("interaction", "dose")


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    """The objects of a JSONL file (blank lines skipped)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def sentence_verdict(score: Score) -> str:
    """One verdict for a one-sentence response: contradicted > supported > unverifiable."""
    verdicts = {c["verdict"] for c in score.details.get("claims", [])}
    for verdict in ("contradicted", "supported"):
        if verdict in verdicts:
            return verdict
    return "unverifiable"


def predict_claims(source: Any, rows: Sequence[dict[str, Any]], batch: int = 64) -> dict[str, str]:
    """``{claim id: predicted verdict}``, scoring each claim's text as a response with ``source``."""
    predicted: dict[str, str] = {}
    for start in range(0, len(rows), batch):
        chunk = rows[start:start + batch]
        samples = [Sample(id=r["id"], prompt="", response=r["text"]) for r in chunk]
        for row, score in zip(chunk, source.score(samples), strict=True):
            predicted[row["id"]] = sentence_verdict(score)
    return predicted


def _split_report(rows: list[dict[str, Any]], predicted: dict[str, str], by_id: dict[str, dict[str, Any]]
                  ) -> dict[str, Any]:
    n = len(rows)
    correct = sum(predicted[r["id"]] == r["label"] for r in rows)
    confusion = Counter(f"{r['label']}->{predicted[r['id']]}" for r in rows)
    flips = [(by_id[r["negation_of"]], r) for r in rows if r.get("negation_of") in by_id]
    decidable = [(a, b) for a, b in flips if {a["label"], b["label"]} == {"supported", "contradicted"}]
    flipped = [(a, b) for a, b in decidable if predicted[a["id"]] == a["label"] and predicted[b["id"]] == b["label"]]
    safety = [r for r in rows if r.get("kind") in SAFETY_KINDS]
    labelled = [r for r in safety if r["label"] == "contradicted"]
    found = [r for r in safety if predicted[r["id"]] == "contradicted"]
    hits = [r for r in labelled if predicted[r["id"]] == "contradicted"]
    return {
        "n": n,
        "accuracy": round(correct / n, 4) if n else None,
        "supported_on_contradicted": sum(r["label"] == "contradicted" and predicted[r["id"]] == "supported"
                                         for r in rows),
        "negation_pairs": len(decidable),
        "negation_flip_rate": round(len(flipped) / len(decidable), 4) if decidable else None,
        "contradicted_recall": round(len(hits) / len(labelled), 4) if labelled else None,
        "contradicted_precision": round(len(hits) / len(found), 4) if found else None,
        "safety_claims": len(safety),
        "confusion": dict(sorted(confusion.items())),
        "wrong": sorted(r["id"] for r in rows if predicted[r["id"]] != r["label"]),
    }


def claim_report(rows: Iterable[dict[str, Any]], predicted: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Figures per split (module docstring); the negated twin may sit in either split."""
    rows = list(rows)
    by_id = {r["id"]: r for r in rows}
    splits = sorted({r.get("split", "all") for r in rows})
    return {split: _split_report([r for r in rows if r.get("split", "all") == split], predicted, by_id)
            for split in splits}


def pair_report(source: Any, pairs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Scores of ``fluent_wrong`` and ``hedged_right`` per pair; a win is hedged strictly above fluent."""
    samples = [Sample(id=f"{p['id']}:{side}", prompt=p.get("prompt", ""), response=p[side])
               for p in pairs for side in ("fluent_wrong", "hedged_right")]
    scores = source.score(samples)
    results = []
    for i, pair in enumerate(pairs):
        wrong, right = scores[2 * i], scores[2 * i + 1]
        win = wrong.value is not None and right.value is not None and right.value > wrong.value
        results.append({"id": pair["id"], "topic": pair.get("topic"), "fluent_wrong": wrong.value,
                        "hedged_right": right.value, "win": win})
    wins = sum(r["win"] for r in results)
    return {"n": len(results), "wins": wins, "win_rate": round(wins / len(results), 4) if results else None,
            "losses": [r for r in results if not r["win"]]}
