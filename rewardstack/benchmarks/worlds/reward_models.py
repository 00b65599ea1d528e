"""The world's learned reward models: trained on the biased labeler's pairs, cached by config hash.

On a cache miss: build the training prompts of every family (``split="train"``, seed
``rm.data_seed``: prompts no benchmark seed uses), compute their gold, label pairs with the
biased labeler (``labeler.py``), write them as a preference file and train ``rm.members``
models with ``rewardstack.training.rm.train`` (seeds ``rm.seed + k``, same pairs). Member 0
is the world's single learned RM; the folder of all members is its ensemble. Everything is
written under ``workdir/reward_models/<key>.tmp-<pid>`` and renamed into place when finished,
so a crashed or concurrent build never leaves a half-written model where a later build looks.

The key hashes the RM and labeler settings, the world's code (``provenance.code_hash``), the
data files' hashes and the rewardstack version: one training per machine per world version,
shared by every benchmark seed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rewardstack.benchmarks.worlds.config import SyntheticConfig
from rewardstack.benchmarks.worlds.families import FAMILY_BUILDERS
from rewardstack.benchmarks.worlds.gold import gold_for
from rewardstack.benchmarks.worlds.labeler import LabeledPair, label_pairs
from rewardstack.benchmarks.worlds.provenance import code_hash, data_files, versions
from rewardstack.benchmarks.worlds.seeds import stream

__all__ = ["RewardModels", "cache_key", "labeled_training_pairs", "reward_models"]

SUMMARY = "world-rm.json"


@dataclass(frozen=True)
class RewardModels:
    """Paths of the trained models and what their training measured."""

    folder: Path
    rm_path: Path
    ensemble_path: Path
    cached: bool
    summary: dict[str, Any]


def cache_key(config: SyntheticConfig) -> str:
    inputs = {
        "rm": config.rm.model_dump(mode="json"),
        "labeler": config.labeler.model_dump(mode="json"),
        "code": code_hash(),
        "data": {name: f["sha256"] for name, f in data_files().items()},
        "rewardstack": versions()["rewardstack"],
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:20]


def labeled_training_pairs(config: SyntheticConfig) -> list[LabeledPair]:
    """The biased labeler's pairs over every family's training prompts (deterministic)."""
    rm = config.rm
    pools = [
        pool
        for family, build in FAMILY_BUILDERS.items()
        for pool in build(rm.data_seed, "train", rm.prompts_per_family, rm.candidates_per_prompt)
    ]
    golds = gold_for(pools, sandbox=config.code_sandbox, timeout_s=config.code_timeout_s)
    rng = stream(rm.data_seed, "labeler")
    return label_pairs(pools, golds, config.labeler, pairs_per_prompt=rm.pairs_per_prompt, rng=rng)


def _label_stats(pairs: list[LabeledPair]) -> dict[str, Any]:
    longer = [p.words_chosen > p.words_rejected for p in pairs if p.words_chosen != p.words_rejected]
    agreeing = [p.agrees_chosen for p in pairs if p.agrees_chosen != p.agrees_rejected]
    better = [p.gold_chosen > p.gold_rejected for p in pairs if p.gold_chosen != p.gold_rejected]
    families: dict[str, int] = {}
    for p in pairs:
        families[p.family] = families.get(p.family, 0) + 1
    return {
        "pairs": len(pairs),
        "per_family": families,
        "flipped": int(sum(p.flipped for p in pairs)),
        "longer_chosen": float(np.mean(longer)) if longer else None,
        "agreeing_chosen": float(np.mean(agreeing)) if agreeing else None,
        "higher_gold_chosen": float(np.mean(better)) if better else None,
    }


def _last_accuracy(member: dict[str, Any]) -> float | None:
    history = member.get("epochs") or []
    return history[-1]["validation"]["accuracy"] if history else None


def _train(config: SyntheticConfig, folder: Path, progress: Any) -> dict[str, Any]:
    from rewardstack.training.rm import NullProgress, RMTrainConfig, train

    started = time.perf_counter()
    pairs = labeled_training_pairs(config)
    labeled_s = time.perf_counter() - started
    data = folder / "pairs.jsonl"
    data.write_text("".join(json.dumps(p.to_json()) + "\n" for p in pairs), encoding="utf-8")
    rm = config.rm
    train_config = RMTrainConfig.model_validate({
        "data": {"train": str(data)}, "model": rm.model, "output_dir": str(folder / "ensemble"),
        "epochs": rm.epochs, "lr": rm.lr, "batch_size": rm.batch_size, "max_length": rm.max_length,
        "seed": rm.seed, "ensemble": {"members": rm.members}, "center_rewards_coefficient": 0.01,
    })  # fmt: skip
    result = train(train_config, progress=progress or NullProgress())
    return {
        "key": folder.name.split(".tmp-")[0],  # the cache key, not the temporary folder trained in
        "labels": _label_stats(pairs),
        "validation_accuracy": result.validation_accuracy,
        "member_validation_accuracy": [_last_accuracy(m) for m in result.report.get("members", [])],
        "train_seconds": [m.get("train_seconds") for m in result.report.get("members", [])],
        "seconds": {"labeling": round(labeled_s, 2), "total": round(time.perf_counter() - started, 2)},
        "config": rm.model_dump(mode="json"),
    }


def reward_models(config: SyntheticConfig, workdir: Path, *, progress: Any = None) -> RewardModels:
    """The world's RM and ensemble for ``config``: from the cache, else trained now (minutes on CPU)."""
    root = Path(workdir) / "reward_models"
    final = root / cache_key(config)
    if not (final / SUMMARY).is_file():
        root.mkdir(parents=True, exist_ok=True)
        tmp = root / f"{final.name}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)  # our own pid's leftover from an interrupted run
        tmp.mkdir()
        summary = _train(config, tmp, progress)
        (tmp / SUMMARY).write_text(json.dumps(summary, indent=2), encoding="utf-8")
        try:
            os.rename(tmp, final)
        except OSError:  # another process finished the same models first: use theirs
            shutil.rmtree(tmp, ignore_errors=True)
        cached = False
    else:
        cached = True
    summary = json.loads((final / SUMMARY).read_text(encoding="utf-8"))
    ensemble = final / "ensemble"
    rm_path = ensemble / "member-0" if config.rm.members > 1 else ensemble
    return RewardModels(final, rm_path, ensemble, cached, summary)
