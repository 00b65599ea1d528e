"""PPO and GRPO on one GPU with the embedded SmolLM2-135M-Instruct: tokens/s, time per phase, peak memory.

Prepared for a lent GPU machine (CI never has one): it runs unchanged there in under 5 minutes.
Each algorithm trains ``--steps`` steps on the arithmetic prompts of examples/data with the
real math checker plus a length term as the stack (bf16 autocast on CUDA, the models' device
rule). Recorded per algorithm: median step time and its phases (generate, reward, reference,
update) from metrics.jsonl, generated tokens/s, and peak CUDA memory. A CPU smoke run checks the
script itself: ``--device cpu --model tiny-lm --steps 2``.

Run (GPU):  .venv/bin/python benchmarks/perf/ppo_gpu.py
Smoke (CPU): .venv/bin/python benchmarks/perf/ppo_gpu.py --device cpu --model tiny-lm --steps 2 --no-record
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

STACK: dict[str, Any] = {
    "sources": {"answer": {"kind": "math_answer"}, "brevity": {"kind": "length", "unit": "chars", "target": 64}},
    "policies": {"answer": {"on_error": "penalty", "value": 0.0}},
    "fusion": {"kind": "weighted_sum", "weights": {"answer": 1.0, "brevity": 0.2}},
    "cache": False,
}
ALGORITHMS: dict[str, dict[str, Any]] = {
    "ppo": {"kind": "ppo"},
    "grpo": {"kind": "grpo", "group_size": 4},
}


def run(algorithm: str, args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    from rewardstack.training.ppo import PPOConfig, train_ppo
    from rewardstack.training.rm.progress import NullProgress

    if args.device.startswith("cuda"):
        torch.cuda.reset_peak_memory_stats()
    config = PPOConfig.model_validate({
        "model": args.model, "stack": STACK, "prompts": str(ROOT / "examples/data/ppo_math_prompts.jsonl"),
        "output_dir": str(folder / algorithm), "steps": args.steps, "prompts_per_step": args.prompts_per_step,
        "seed": 0, "device": args.device, "algorithm": ALGORITHMS[algorithm],
        "rollout": {"max_new_tokens": args.new_tokens, "temperature": 1.0, "chat_template": True},
        "update": {"epochs": 1, "minibatch_size": 16}, "save_every": args.steps, "log_samples_every": 0,
    })
    train_ppo(config, progress=NullProgress())
    rows = [json.loads(line) for line in (folder / algorithm / "metrics.jsonl").read_text().splitlines()]
    rows = [r for r in rows if "time/step" in r]
    measured = rows[1:] or rows  # step 0 warms up kernels and allocators
    tokens = [r["response_length/mean"] * config.samples_per_step for r in measured]
    phases = {key: round(statistics.median(r[key] for r in measured), 4)
              for key in ("time/step", "time/generate", "time/reward", "time/reference", "time/update")}
    return {**phases, "samples_per_step": config.samples_per_step,
            "generated_tokens_per_s": round(sum(tokens) / sum(r["time/generate"] for r in measured), 1),
            "peak_memory_gib": (round(torch.cuda.max_memory_allocated() / 2**30, 2)
                                if args.device.startswith("cuda") else None)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="smollm2-135m-instruct")
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--prompts-per-step", type=int, default=16)
    parser.add_argument("--new-tokens", type=int, default=64)
    parser.add_argument("--no-record", action="store_true", help="print only (smoke runs)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = {name: run(name, args, Path(tmp)) for name in ALGORITHMS}
    device = torch.cuda.get_device_name(0) if args.device.startswith("cuda") else "cpu"
    record = {"ppo_gpu": {"model": args.model, "device": device, "steps": args.steps,
                          "new_tokens": args.new_tokens, **results}}
    if args.no_record:
        print(json.dumps(record, indent=2))
        return
    path = write_result("ppo_gpu", record)
    print(f"{path}: {record['ppo_gpu']}")


if __name__ == "__main__":
    main()
