"""Reward-model training throughput on CPU: pairs (and sequences, tokens) per second, whole-run time.

Trains on the synthetic preference set of examples/preference/make_pairs.py (short texts, ~15
tokens a response) with the embedded encoders, one epoch, ``batch_size`` pairs a step, the real
trainer (``rewardstack.training.rm.train``) end to end. ``train_seconds`` counts the optimizer
steps only; ``run_seconds`` also reading, encoding, validation, normalisation statistics and
saving.

Run:  .venv/bin/python benchmarks/perf/preference_training.py [--pairs 512] [--models all-minilm-l6-v2 tiny-encoder]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack.training.rm import NullProgress, RMTrainConfig, train  # noqa: E402

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "preference" / "make_pairs.py"


def _make_pairs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_pairs", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(model: str, pairs: Path, heldout: Path, out: Path, batch_size: int, threads: int | None) -> dict[str, object]:
    config = RMTrainConfig.model_validate({
        "data": {"train": str(pairs), "validation": str(heldout)}, "model": model, "output_dir": str(out),
        "epochs": 1, "batch_size": batch_size, "lr": 1e-4, "max_length": 64, "threads": threads})
    started = time.perf_counter()
    result = train(config, progress=NullProgress())
    run_seconds = time.perf_counter() - started
    member = result.report["members"][0]
    seconds = member["train_seconds"]
    return {"model": model, "pairs_trained": member["pairs_trained"], "train_seconds": seconds,
            "pairs_per_second": member["pairs_per_second"],
            "sequences_per_second": round(2 * member["pairs_trained"] / seconds, 1),
            "run_seconds": round(run_seconds, 2), "validation_accuracy_heldout_words": result.validation_accuracy}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=512)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--models", nargs="+", default=["all-minilm-l6-v2", "tiny-encoder"])
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's)")
    args = parser.parse_args()
    make_pairs = _make_pairs()
    folder = Path(tempfile.mkdtemp(prefix="rm-bench-"))
    make_pairs.write_jsonl(folder / "train.jsonl", make_pairs.make_pairs(args.pairs, heldout=False, seed=0))
    make_pairs.write_jsonl(folder / "heldout.jsonl", make_pairs.make_pairs(200, heldout=True, seed=1))
    results = [run(m, folder / "train.jsonl", folder / "heldout.jsonl", folder / m, args.batch_size, args.threads)
               for m in args.models]
    path = write_result("preference_training", {"preference_training": {
        "pairs": args.pairs, "epochs": 1, "batch_size": args.batch_size, "max_length": 64,
        "torch_threads": args.threads or torch.get_num_threads(), "runs": results}})
    for r in results:
        print(f"{r['model']}: {r['pairs_per_second']} pairs/s ({r['sequences_per_second']} sequences/s), "
              f"run {r['run_seconds']} s, held-out accuracy {r['validation_accuracy_heldout_words']}")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
