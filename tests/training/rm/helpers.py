"""Preference files for reward-model training tests."""

from __future__ import annotations

import json
import random
from pathlib import Path

GOOD = ["A clear and correct answer.", "Here is exactly what you asked for.", "Yes: it works like this."]
BAD = ["No.", "I do not know.", "Whatever."]


def write_pairs(path: Path, n: int = 24, *, seed: int = 0, extra_lines: list[str] | None = None) -> Path:
    """``n`` pairs over ``n // 3`` prompts, labelers ann/bob, plus raw ``extra_lines`` at the end."""
    rng = random.Random(seed)
    prompts = max(1, n // 3)
    rows = [json.dumps({"prompt": f"Question {i % prompts}?", "chosen": rng.choice(GOOD), "rejected": rng.choice(BAD),
                        "labeler": ["ann", "bob"][(i // prompts) % 2], "margin": 1.0})
            for i in range(n)]
    path.write_text("\n".join(rows + (extra_lines or [])) + "\n", encoding="utf-8")
    return path
