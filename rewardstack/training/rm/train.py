"""``train(config)``: a reward model (or an ensemble) from a preference JSONL, with its report.

What a run does, in order:

1. reads the preference file(s); bad lines are reported with their numbers and
   skipped (a file with no usable pair at all is a :class:`PreferenceDataError`);
2. holds out validation by prompt (or reads ``data.validation``);
3. encodes every pair once, counting truncated and dropped pairs;
4. trains each member (``ensemble.members``; seeds ``seed + k``; bootstrap
   resamples of the training pairs with ``ensemble.bootstrap``), each into its
   own checkpoint folder, resumable;
5. writes ``training_report.json`` into ``output_dir`` and, for an ensemble,
   ``rewardstack-ensemble.json`` (the folder then loads as one ensemble source).

Output layout: one model -> ``output_dir`` is the checkpoint; N members ->
``output_dir/member-0 .. member-{N-1}`` plus the manifest.

``output_dir`` must be empty or absent unless resuming (``resume=True``) or
``overwrite: true`` (which removes only what a run writes there).
"""

from __future__ import annotations

import fnmatch
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from threading import Event
from typing import Any

import numpy as np

from rewardstack.core.errors import ConfigError, ModelNotFound
from rewardstack.models import pick_device_dtype
from rewardstack.rewards.preference.checkpoint import ENSEMBLE_FILE, META_FILE, write_ensemble
from rewardstack.rewards.preference.ensemble import aggregate
from rewardstack.rewards.preference.model import text_encoder
from rewardstack.training.bad_lines import report_bad_lines
from rewardstack.training.rm.config import RMTrainConfig
from rewardstack.training.rm.config_file import ConfigKeyError
from rewardstack.training.rm.data import (
    PreferenceData,
    PreferenceDataError,
    bootstrap,
    prompt_key,
    read_preferences,
    split_by_prompt,
)
from rewardstack.training.rm.loop import MemberResult, MemberRun, train_member
from rewardstack.training.rm.metrics import pairwise_accuracy
from rewardstack.training.rm.pairs import EncodedPair, EncodingCounts, encode_pairs
from rewardstack.training.rm.progress import TrainProgress, auto_progress
from rewardstack.training.rm.report import REPORT_FILE, build_report, write_report
from rewardstack.training.rm.state import STATE_DIR

__all__ = ["TrainResult", "train"]

# what a run writes into output_dir, so what `overwrite` may remove (anything else there is left alone)
_RUN_OUTPUTS = (REPORT_FILE, META_FILE, ENSEMBLE_FILE, STATE_DIR, f".{STATE_DIR}.*", "member-*", "config.json",
                "generation_config.json", "chat_template.jinja", "model*.safetensors", "model.safetensors.index.json",
                "tokenizer*", "special_tokens_map.json", "added_tokens.json", "vocab.*", "merges.txt", "spiece.model")


@dataclass(frozen=True)
class TrainResult:
    """Where the checkpoint is and what the run measured (the report's content)."""

    output_dir: Path
    report_path: Path
    report: dict[str, Any]
    members: list[Path]

    @property
    def validation_accuracy(self) -> float | None:
        value = self.report["final"]["validation_accuracy"]
        return None if value is None else float(value)


def _prepare_output(config: RMTrainConfig, resume: bool) -> None:
    out = config.output_dir
    if out.exists() and not out.is_dir():
        raise ConfigKeyError(("output_dir",), f"{out} is a file; name a folder")
    if not out.is_dir() or resume or not any(out.iterdir()):
        return
    if not config.overwrite:
        raise ConfigKeyError(("output_dir",), f"{out} is not empty; continue that run with --resume, replace it "
                             "with --set overwrite=true, or name another folder")
    for entry in out.iterdir():
        if any(fnmatch.fnmatchcase(entry.name, pattern) for pattern in _RUN_OUTPUTS):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()


def _read(config: RMTrainConfig, progress: TrainProgress) -> tuple[PreferenceData, PreferenceData | None]:
    train = read_preferences(config.data.train)
    validation = (read_preferences(config.data.validation, key=("data", "validation"))
                  if config.data.validation is not None else None)
    for data in (train, validation):
        if data is None:
            continue
        report_bad_lines(progress, data.path, data.bad_lines, used=len(data.pairs), shown=20)  # all in the report
    if not train.pairs:
        first = "; ".join(f"line {b.line}: {b.reason}" for b in train.bad_lines[:3])
        raise PreferenceDataError(("data", "train"), f"{train.path}: no usable preference pair "
                                  f"({len(train.bad_lines)} bad lines{': ' + first if first else ''}); each line "
                                  'must be {"prompt", "chosen", "rejected"}')
    return train, validation


def _member_folder(config: RMTrainConfig, index: int) -> Path:
    return config.output_dir if config.ensemble.members == 1 else config.output_dir / f"member-{index}"


def _ensemble_accuracy(results: Sequence[MemberResult]) -> float | None:
    """Pairwise accuracy of the members' mean of normalised rewards (what the ensemble source scores)."""
    if len(results) < 2 or len(results[0].validation_raw[0]) == 0:
        return None
    def normalised(side: int) -> np.ndarray:
        return np.stack([(r.validation_raw[side] - r.normalization.mean) / r.normalization.std for r in results])

    return pairwise_accuracy(aggregate(normalised(0), "mean"), aggregate(normalised(1), "mean"))


def train(config: RMTrainConfig, *, resume: bool = False, progress: TrainProgress | None = None,
          stop: Event | None = None) -> TrainResult:
    """Train a reward model (or ``ensemble.members`` of them) as ``config`` says; see the module docstring.

    ``progress``: default a bar on a terminal, lines otherwise. ``stop``: an event that, once set, ends the
    run after the current step with its resume state saved (:class:`TrainingStopped`).
    """
    import torch

    progress = progress or auto_progress()
    threads = torch.get_num_threads()
    if config.threads:
        torch.set_num_threads(config.threads)
    try:
        return _train(config, resume, progress, stop)
    finally:
        torch.set_num_threads(threads)
        progress.close()


def _check_device(config: RMTrainConfig) -> None:
    """A device or dtype that cannot work here is a config error naming its key, before any data is read."""
    for key, device, dtype in (("device", config.device, None), ("dtype", "cpu", config.dtype)):
        try:
            pick_device_dtype(device, dtype)
        except ConfigError as exc:
            raise ConfigKeyError((key,), str(exc).removeprefix(f"{key}: ")) from None


def _train(config: RMTrainConfig, resume: bool, progress: TrainProgress, stop: Event | None) -> TrainResult:
    started = time.perf_counter()
    _check_device(config)
    _prepare_output(config, resume)
    train_data, validation_data = _read(config, progress)
    if validation_data is not None:
        train_pairs, validation_pairs = train_data.pairs, validation_data.pairs
    else:
        train_pairs, validation_pairs = split_by_prompt(train_data.pairs, config.data.validation_fraction,
                                                        config.seed)
    try:
        encoder = text_encoder(config.model, config.max_length)
    except ModelNotFound as exc:
        raise ConfigKeyError(("model",), str(exc)) from None
    train_encoded, train_counts = encode_pairs(encoder, train_pairs, config.on_truncation)
    validation_encoded, validation_counts = encode_pairs(encoder, validation_pairs, config.on_truncation)
    if not train_encoded:
        raise PreferenceDataError(("max_length",), f"every training pair of {train_data.path} was dropped "
                                  f"({train_counts.dropped}); raise max_length or set on_truncation: truncate")
    _log_counts(progress, train_counts, validation_counts, config)
    config.output_dir.mkdir(parents=True, exist_ok=True)
    results = [_member(config, k, train_encoded, validation_encoded, resume, progress, stop)
               for k in range(config.ensemble.members)]
    if config.ensemble.members > 1:
        write_ensemble(config.output_dir, [f"member-{k}" for k in range(config.ensemble.members)])
    report = build_report(
        config, encoder_layout=encoder.layout, train_data=train_data, validation_data=validation_data,
        split={"train_pairs": len(train_pairs), "validation_pairs": len(validation_pairs),
               "train_prompts": len({prompt_key(p.prompt) for p in train_pairs}),
               "validation_prompts": len({prompt_key(p.prompt) for p in validation_pairs})},
        counts={"train": train_counts, "validation": validation_counts}, members=results,
        ensemble_accuracy=_ensemble_accuracy(results), seconds=time.perf_counter() - started)
    path = write_report(config.output_dir, report)
    return TrainResult(config.output_dir, path, report, [r.folder for r in results])


def _member(config: RMTrainConfig, index: int, train_pairs: list[EncodedPair],
            validation_pairs: list[EncodedPair], resume: bool, progress: TrainProgress, stop: Event | None
            ) -> MemberResult:
    """One member; resuming a member that had finished replays its last state (nothing is trained again
    unless ``epochs`` grew) and recomputes its results, which are deterministic."""
    seed = config.seed + index
    pairs = bootstrap(train_pairs, seed) if config.ensemble.bootstrap else train_pairs
    run = MemberRun(index, config.ensemble.members, seed, _member_folder(config, index), pairs, validation_pairs,
                    resume)
    return train_member(config, run, progress, stop)


def _log_counts(progress: TrainProgress, train: EncodingCounts, validation: EncodingCounts,
                config: RMTrainConfig) -> None:
    for name, counts in (("train", train), ("validation", validation)):
        if counts.truncated or counts.dropped:
            dropped = ", ".join(f"{n} {reason}" for reason, n in counts.dropped.items()) or "none"
            progress.log(f"{name}: {counts.truncated} of {counts.pairs} pairs truncated to max_length "
                         f"{config.max_length}; dropped: {dropped}")
