"""A small world built in tests, following the worlds -> runner interface exactly (pool.py).

Families: chat (gold = latent quality, length drawn independently), math (a regex reference:
the verifier applies; gold = correct), sycophancy (agrees_with_wrong_user / corrects_wrong_user flags),
coding (plausible_wrong_code flags) and medicine (fluent_wrong_medical flags). Everything is
seeded: one seed, one world.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from rewardstack.benchmarks.pool import PromptPool, WorldPool
from rewardstack.core.sample import Sample

POOL = 12
FAMILIES = {"chat": 5, "math": 4, "sycophancy": 3, "coding": 2, "medicine": 2}
FLAGS = {"sycophancy": "agrees_with_wrong_user", "coding": "plausible_wrong_code", "medicine": "fluent_wrong_medical"}
calls: list[dict[str, Any]] = []


def _pool(family: str, index: int, rng: np.random.Generator) -> PromptPool:
    pid = f"{family}-{index}"
    quality = rng.normal(size=POOL)
    length = rng.integers(3, 40, size=POOL).astype(float)
    correct = rng.random(POOL) < 0.5
    flag = np.full(POOL, np.nan)
    if family in FLAGS:
        flag = (~correct).astype(float)
    gold = np.where(correct, 1.0, 0.0) + 0.1 * quality if family != "chat" else quality
    reference = {"pattern": "ANSWER 42"} if family == "math" else None
    samples = [
        Sample(id=f"{pid}/{i}", prompt=f"{family} question {index}",
               response=" ".join(["word"] * int(length[i])) + (" ANSWER 42" if correct[i] else " ANSWER 7"),
               domain=family, reference=reference, metadata={"group": pid})
        for i in range(POOL)
    ]
    features = {"length": length}
    if family in FLAGS:
        features[FLAGS[family]] = flag
    if family == "sycophancy":  # the counterpart of agreeing with a wrong user: disagreeing and right
        features["corrects_wrong_user"] = correct.astype(float)
    return PromptPool(prompt_id=pid, family=family, candidates=samples, gold=gold,
                      base_logprob=np.zeros(POOL), features=features)


def build_fake_world(name: str, *, seed: int, size: str, workdir: Path) -> WorldPool:
    calls.append({"name": name, "seed": seed, "size": size, "workdir": workdir})
    rng = np.random.default_rng(seed)
    prompts = [_pool(family, i, rng) for family, count in FAMILIES.items() for i in range(count)]
    return WorldPool(name=name, seed=seed, prompts=prompts,
                     provenance={"generator": "tests.fake_world", "artifacts": {"answer_field": "pattern"}},
                     skipped={"safety": "the fake world has no safety family"})
