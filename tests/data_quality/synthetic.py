"""Seeded synthetic preference sets with a known truth and known labeler error rates."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

TOPICS = ["sorting", "recursion", "fractions", "photosynthesis", "tax brackets", "vaccines", "prime numbers",
          "HTTP caching", "interest rates", "the French revolution"]


def pair_texts(index: int, rng: random.Random) -> tuple[str, str, str]:
    """``(prompt, better response, worse response)`` of pair ``index`` (distinct texts for every index).

    The better response sorts before or after the worse one at random, so the sorted-pair
    coding of agreement ("first"/"second") is unrelated to quality, as in real data.
    """
    topic = TOPICS[index % len(TOPICS)]
    prompt = f"Question {index}: explain {topic} to a new student."
    opening = rng.choice(["A clear", "Here is a clear"])
    good = f"{opening}, correct explanation of {topic} (answer {index})."
    bad = f"A muddled explanation of {topic} with an error (answer {index})."
    return prompt, good, bad


def labelled_pairs(seed: int, *, pairs: int = 240, slips: dict[str, float], per_pair: int = 4) -> list[dict[str, Any]]:
    """Each pair judged by ``per_pair`` random labelers; labeler ``name`` picks the worse response w.p. ``slips[name]``.

    """
    rng = random.Random(seed)
    rows = []
    for index in range(pairs):
        prompt, good, bad = pair_texts(index, rng)
        for labeler in rng.sample(sorted(slips), per_pair):
            chosen, rejected = (bad, good) if rng.random() < slips[labeler] else (good, bad)
            rows.append({"prompt": prompt, "chosen": chosen, "rejected": rejected, "labeler": labeler})
    return rows


def truth_rows(rows: list[dict[str, Any]], slips: dict[str, float]) -> list[dict[str, Any]]:
    """The ground truth of every pair in ``rows`` (the better response as chosen)."""
    truth: dict[str, dict[str, Any]] = {}
    for row in rows:
        good = row["chosen"] if "clear" in row["chosen"] else row["rejected"]
        bad = row["rejected"] if good == row["chosen"] else row["chosen"]
        truth[row["prompt"]] = {"prompt": row["prompt"], "chosen": good, "rejected": bad}
    return list(truth.values())


def write_rows(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path
