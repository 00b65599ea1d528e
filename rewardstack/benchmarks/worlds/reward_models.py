"""The world's learned reward models: trained on the biased labeler's pairs, cached by config hash.

On a cache miss: build the training prompts of every family (``split="train"``, seed
``rm.data_seed``: prompts no benchmark seed uses), compute their gold, label pairs with the
biased labeler (``labeler.py``), write them as a preference file split into ``train.jsonl`` and
``validation.jsonl`` (the split ``rewardstack train rm`` makes with seed ``rm.seed``), and train
``rm.members`` models, member k a ``rewardstack train rm`` run of its own with seed ``rm.seed + k``
on those files. Member 0 is the world's single learned RM (``rm_path`` is ``ensemble/member-0``:
the single RM is not trained apart); the folder of all members is its ensemble. Everything is
written under ``workdir/reward_models/<key>.tmp-<pid>`` and renamed into place when finished,
so a crashed or concurrent build never leaves a half-written model where a later build looks.

Why one process per member, one torch thread each (measured on the 2-core machine, docs/benchmarks_worlds.md
"Figures"): members are independent, so two processes keep both cores busy for the whole training, where one
process with two torch threads kept about 1.1 of them busy; and one thread sums in one order, so a member's
weights are the same whether it trained alone or beside another (the weights equal those of one joint
``train`` run with ``ensemble.members`` on one thread; only ``rewardstack-rm.json``'s ``training.member``
says 0, since each run trains one model).

The key hashes the RM and labeler settings, the world's code (``provenance.code_hash``), the
data files' hashes and the rewardstack version: one training per machine per world version,
shared by every benchmark seed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
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
from rewardstack.core.errors import RewardStackError

__all__ = ["RewardModels", "cache_key", "labeled_training_pairs", "reward_models"]

SUMMARY = "world-rm.json"
VALIDATION_FRACTION = 0.1  # train's default: prompts held out for validation


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


def _split(pairs: list[LabeledPair], folder: Path, seed: int) -> tuple[Path, Path]:
    """train.jsonl and validation.jsonl: exactly the split ``train`` makes of the whole file with ``seed``.

    Written out so that every member, trained by its own ``train`` call, holds out the same prompts
    (``train`` splits with its config's seed, and member k's config has seed ``rm.seed + k``).
    """
    from rewardstack.training.rm import read_preferences, split_by_prompt
    from rewardstack.training.rm.data import prompt_key

    whole = folder / "pairs.jsonl"
    whole.write_text("".join(json.dumps(p.to_json()) + "\n" for p in pairs), encoding="utf-8")
    _, held = split_by_prompt(read_preferences(whole).pairs, VALIDATION_FRACTION, seed)
    held_prompts = {prompt_key(p.prompt) for p in held}
    paths = folder / "train.jsonl", folder / "validation.jsonl"
    for path, keep in zip(paths, (False, True), strict=True):
        chosen = [p for p in pairs if (p.prompt in held_prompts) == keep]
        path.write_text("".join(json.dumps(p.to_json()) + "\n" for p in chosen), encoding="utf-8")
    return paths


def _start_member(config: dict[str, Any], stem: Path) -> tuple[subprocess.Popen[bytes], Path]:
    """``rewardstack train rm`` for one member in its own process: config ``STEM.json``, output ``STEM.log``."""
    path, log = stem.with_suffix(".json"), stem.with_suffix(".log")
    path.write_text(json.dumps(config, indent=1), encoding="utf-8")
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "rewardstack.cli", "train", "rm", "--config", str(path),
                                    "--quiet"], stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return process, log


def _run_members(configs: list[dict[str, Any]], folder: Path, progress: Any) -> None:
    """Every member's ``rewardstack train rm``, as many at once as this process may use CPUs, one torch thread
    each: what a member learns never depends on how many ran beside it (one thread sums in one order)."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    workers = max(1, min(len(configs), cpus))
    if progress is not None:
        progress.start(f"{len(configs)} member(s), {workers} at a time", total_steps=len(configs), done_steps=0)
    waiting = list(enumerate(configs))
    running: list[tuple[int, subprocess.Popen[bytes], Path]] = []
    failed: list[str] = []
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                index, config = waiting.pop(0)
                running.append((index, *_start_member(config, folder / f"train-member-{index}")))
            index, process, log = running[0]
            if process.wait() != 0:
                tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-5:]
                failed.append(f"member {index} (exit {process.returncode}): " + " | ".join(tail))
            running.pop(0)
            if progress is not None:
                progress.step(0.0)
    finally:  # interrupted (Ctrl-C, an error): no member goes on training for nobody
        for _, process, _ in running:
            process.kill()
            process.wait()
    if failed:
        raise RewardStackError("training the world's reward models failed: " + "; ".join(failed))


def _validation_scores(member: Path, validation: Path) -> list[np.ndarray]:
    """A member's normalised rewards of the validation pairs (chosen, rejected), on one thread as trained."""
    import torch

    from rewardstack.rewards.preference.model import RewardModel
    from rewardstack.training.rm import read_preferences
    from rewardstack.training.rm.pairs import encode_pairs

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    model = RewardModel.load(member)
    try:
        # the pairs the trainer validated on: a pair identical once truncated is dropped there, so here too
        pairs, _ = encode_pairs(model.encoder, read_preferences(validation).pairs, "truncate")
        return [model.normalize(model.raw_rewards([getattr(p, side) for p in pairs]))
                for side in ("chosen", "rejected")]
    finally:
        model.close()
        torch.set_num_threads(threads)


def _ensemble_accuracy(members: list[Path], validation: Path) -> float | None:
    """Pairwise accuracy of the members' mean normalised reward (what ``train`` reports for an ensemble)."""
    from rewardstack.training.rm.metrics import pairwise_accuracy

    scores = [_validation_scores(member, validation) for member in members]
    if len(scores) < 2 or not len(scores[0][0]):
        return None
    chosen, rejected = (np.mean([s[side] for s in scores], axis=0) for side in (0, 1))
    return pairwise_accuracy(chosen, rejected)


def _train(config: SyntheticConfig, folder: Path, progress: Any) -> dict[str, Any]:
    from rewardstack.rewards.preference.checkpoint import write_ensemble
    from rewardstack.training.rm import REPORT_FILE

    started = time.perf_counter()
    pairs = labeled_training_pairs(config)
    labeled_s = time.perf_counter() - started
    rm = config.rm
    train_path, validation_path = _split(pairs, folder, rm.seed)
    ensemble = folder / "ensemble"
    base = {"data": {"train": str(train_path), "validation": str(validation_path)}, "model": rm.model,
            "epochs": rm.epochs, "lr": rm.lr, "batch_size": rm.batch_size, "max_length": rm.max_length,
            "center_rewards_coefficient": 0.01, "threads": 1}
    folders = [ensemble / f"member-{k}" if rm.members > 1 else ensemble for k in range(rm.members)]
    _run_members([{**base, "seed": rm.seed + k, "output_dir": str(member)} for k, member in enumerate(folders)],
                 folder, progress)
    if rm.members > 1:
        write_ensemble(ensemble, [member.name for member in folders])
    reports = [json.loads((member / REPORT_FILE).read_text(encoding="utf-8"))["members"][0] for member in folders]
    accuracies = [_last_accuracy(report) for report in reports]
    return {
        "key": folder.name.split(".tmp-")[0],  # the cache key, not the temporary folder trained in
        "labels": _label_stats(pairs),
        "validation_accuracy": _ensemble_accuracy(folders, validation_path) if rm.members > 1 else accuracies[0],
        "member_validation_accuracy": accuracies,
        "train_seconds": [report.get("train_seconds") for report in reports],
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
