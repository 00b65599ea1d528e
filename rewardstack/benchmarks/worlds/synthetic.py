"""The synthetic world: every family's prompt pools with gold, probes, base policy and trained RMs.

Build order: availability (the code sandbox for coding, the constitutional critic for safety;
a family that cannot be scored here goes to ``WorldPool.skipped`` with the reason), the
benchmark prompts of each family (seeded), gold from latent truth (``gold/``: coding runs
its hidden tests in the sandbox), probe features, and the reward models trained on the
biased labeler's pairs (``reward_models.py``; cached under ``workdir``).

**Base policy.** Each pool holds N independent draws from the family's generator (the
"base policy" pi0, documented in each family module), so the pool is an i.i.d. sample of pi0
and its empirical distribution is uniform: ``base_logprob = log(1/N)`` for every candidate
(duplicates are separate draws, as a sampler would return them). The KL-regularised optimum
over the pool is then ``pi(y) proportional to exp(r(y) / beta)`` over the draws.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import numpy as np

from rewardstack.benchmarks.pool import PromptPool, WorldPool
from rewardstack.benchmarks.worlds.availability import critic_unavailable, sandbox_unavailable
from rewardstack.benchmarks.worlds.config import Size, SyntheticConfig, synthetic_config
from rewardstack.benchmarks.worlds.families import FAMILY_BUILDERS
from rewardstack.benchmarks.worlds.families.base import PromptDrafts
from rewardstack.benchmarks.worlds.features import features_for
from rewardstack.benchmarks.worlds.gold import GoldPool, gold_for, scales
from rewardstack.benchmarks.worlds.provenance import code_hash, data_files, versions
from rewardstack.benchmarks.worlds.reward_models import RewardModels, reward_models
from rewardstack.core.errors import RewardStackError

__all__ = ["BASE_POLICY", "build_synthetic"]

BASE_POLICY = (
    "each pool is N i.i.d. draws from the family's generator (documented per family); "
    "base_logprob = log(1/N), the empirical (uniform) distribution over the draws"
)
_TIMED = ("seconds", "train_seconds")  # reward-model summary keys that are timings


def _skipped(config: SyntheticConfig, families: list[str]) -> dict[str, str]:
    skipped = {}
    if "coding" in families and (reason := sandbox_unavailable(config.code_sandbox)):
        skipped["coding"] = reason
    if "safety" in families and (reason := critic_unavailable()):
        skipped["safety"] = reason
    return skipped


def _prompt_pool(drafts: PromptDrafts, gold: GoldPool) -> PromptPool:
    n = len(drafts.drafts)
    return PromptPool(
        prompt_id=drafts.prompt_id, family=drafts.family, candidates=[d.sample for d in drafts.drafts],
        gold=gold.gold, base_logprob=np.full(n, -math.log(n)), features=features_for(drafts, gold.code),
    )  # fmt: skip


def _canonical_failures(pools: list[PromptDrafts], golds: list[GoldPool]) -> list[str]:
    """Coding problems whose dataset solution failed a unit here (their gold says so; listed to be seen)."""
    failed = set()
    for pool, gold in zip(pools, golds, strict=True):
        for draft, outcome in zip(pool.drafts, gold.code, strict=True):
            code = draft.latent.code
            if draft.latent.kind == "canonical" and code is not None and outcome is not None and outcome.pass_rate < 1:
                failed.add(code.task_id)
    return sorted(failed)


def _models(config: SyntheticConfig, workdir: Path, progress: Any) -> tuple[RewardModels | None, str | None]:
    try:
        return reward_models(config, workdir, progress=progress), None
    except (RewardStackError, ImportError, OSError) as exc:
        return None, f"{type(exc).__name__}: {exc}"


def build_synthetic(
    seed: int, size: Size, workdir: Path, *, config: SyntheticConfig | None = None, progress: Any = None
) -> WorldPool:
    """The synthetic world for ``seed`` at ``size`` (``config`` overrides the documented sizes)."""
    config = config or synthetic_config(size)
    started = time.perf_counter()
    counts = config.prompts.model_dump()
    wanted = [f for f in FAMILY_BUILDERS if counts[f] > 0]
    skipped = _skipped(config, wanted)
    drafts = [
        p for f in wanted if f not in skipped for p in FAMILY_BUILDERS[f](seed, "bench", counts[f], config.candidates)
    ]
    golds = gold_for(drafts, sandbox=config.code_sandbox, timeout_s=config.code_timeout_s)
    built_s = time.perf_counter() - started
    models, models_error = _models(config, Path(workdir), progress)
    artifacts = {"kb": "medicine"}
    if models is not None:
        artifacts |= {"rm_path": str(models.rm_path), "rm_ensemble_path": str(models.ensemble_path)}
    provenance: dict[str, Any] = {
        "generator": "rewardstack.benchmarks.worlds.synthetic",
        "seed": seed,
        "size": config.size,
        "config": config.model_dump(mode="json"),
        "config_digest": config.digest(),
        "world_code": code_hash(),
        "versions": versions(),
        "data_files": data_files(),
        "base_policy": BASE_POLICY,
        "gold_scale": {"right": scales.RIGHT, "wrong": scales.WRONG, "harm": scales.HARM, "filler": scales.FILLER,
                       "quality": scales.QUALITY, "chat_tips": scales.CHAT_TIPS, "sycophancy": scales.SYCOPHANCY,
                       "correction": scales.CORRECTION},
        "families": {f: {"prompts": counts[f], "candidates_per_prompt": config.candidates} for f in wanted
                     if f not in skipped},
        "coding_canonical_failures": _canonical_failures(drafts, golds),
        "artifacts": artifacts,
        "reward_models": None if models is None else {k: v for k, v in models.summary.items() if k not in _TIMED},
        "artifacts_missing": dict.fromkeys(("rm_path", "rm_ensemble_path"), models_error) if models_error else {},
        # everything under "timings" may differ between two builds of the same world; nothing else does
        "timings": {"pools_s": round(built_s, 3), "total_s": round(time.perf_counter() - started, 3),
                    "reward_models_cached": None if models is None else models.cached,
                    "reward_models_s": None if models is None else {k: models.summary.get(k) for k in _TIMED}},
    }  # fmt: skip
    prompts = [_prompt_pool(d, g) for d, g in zip(drafts, golds, strict=True)]
    return WorldPool(name="synthetic", seed=seed, prompts=prompts, provenance=provenance, skipped=skipped)
