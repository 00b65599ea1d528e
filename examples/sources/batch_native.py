"""A batch-native source: scores a whole micro-batch at once with numpy.

``score_batch`` gets at most ``batch.max_samples`` samples per call (the engine
cuts the calls; the source never chunks), and if it raises, the engine bisects
the call until the failing sample stands alone: only that sample gets ``error``.

Run:  .venv/bin/python examples/sources/batch_native.py
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np

from rewardstack import BaseSource, RewardStack, Sample, Score, SourceConfig


class KeywordCoverageConfig(SourceConfig):
    kind: Literal["keyword_coverage"] = "keyword_coverage"
    field: str = "keywords"  # reference[field]: the words a good answer mentions


class KeywordCoverage(BaseSource[KeywordCoverageConfig]):
    """Share of the reference keywords the response mentions, computed for the whole batch at once."""

    kind = "keyword_coverage"
    version = "1"
    config_class = KeywordCoverageConfig
    output_range = (0.0, 1.0)

    def score_batch(self, samples: Sequence[Sample]) -> list[Score]:
        keywords = [(s.reference or {}).get(self.config.field) for s in samples]
        if any(k is not None and not isinstance(k, list) for k in keywords):
            raise TypeError("reference keywords must be a list")  # the engine isolates the bad sample
        vocab = sorted({w.lower() for ks in keywords if ks for w in ks})
        column = {w: j for j, w in enumerate(vocab)}
        mentioned = np.zeros((len(samples), len(vocab)), dtype=bool)
        for i, sample in enumerate(samples):
            for word in set(sample.response.lower().split()) & column.keys():
                mentioned[i, column[word]] = True
        scores = []
        for i, ks in enumerate(keywords):
            if not ks:
                scores.append(Score.abstain("no reference keywords"))
                continue
            wanted = [column[w.lower()] for w in ks]
            covered = float(mentioned[i, wanted].mean())
            scores.append(Score.ok(covered, evidence=f"{covered:.0%} of {len(ks)} keywords"))
        return scores


def main() -> None:
    source = KeywordCoverage(batch={"max_samples": 2})
    samples = [
        Sample(id="a", prompt="Name a primary colour.", response="Red is one", reference={"keywords": ["red"]}),
        Sample(id="b", prompt="What does ibuprofen treat?", response="pain and fever",
               reference={"keywords": ["pain", "fever", "inflammation"]}),
        Sample(id="c", prompt="?", response="anything", reference={"keywords": "not a list"}),
        Sample(id="d", prompt="?", response="no reference here"),
    ]
    with RewardStack({"coverage": source}, cache=None) as stack:
        for result in stack.score(samples):
            score = result.scores["coverage"]
            print(f"{result.id}: {score.status.value:8} {score.value} {score.evidence}")


if __name__ == "__main__":
    main()
