"""Generate the real-model tier's candidate pool (benchmarks/data/real_smollm2/) with a causal LM.

The committed pool was made on 2 shared CPU cores with the embedded SmolLM2-135M-Instruct:

    .venv/bin/python benchmarks/data/generate_real_pool.py

Any HF model id (already in the local HF cache) or local folder on a GPU makes a fresh pool:

    .venv/bin/python benchmarks/data/generate_real_pool.py --model Qwen/Qwen2.5-0.5B-Instruct \\
        --device cuda --out out/real_pool --coding 40 --math 60 --medicine 40 --candidates 16

Generation is resumable: candidates are appended per batch to WORK/raw.jsonl and reused on a
rerun with the same model, seed and sampling. Then gold is labelled (hidden tests in the real
sandbox, the math checker, the claim labels) and pool.jsonl + provenance.json are written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import torch

from rewardstack.benchmarks.worlds.real.generate import PoolConfig, generate_pool

ROOT = Path(__file__).resolve().parents[2]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="smollm2-135m-instruct", help="embedded name, local folder or cached HF id")
    p.add_argument("--device", default="cpu", help="cpu | cuda | cuda:N")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--candidates", type=int, default=4, help="candidates per prompt")
    p.add_argument("--coding", type=int, default=12, help="HumanEval prompts")
    p.add_argument("--math", type=int, default=16, help="arithmetic word problems")
    p.add_argument("--medicine", type=int, default=16, help="medicine true/false claims")
    p.add_argument("--temperature", type=float, default=0.8)
    p.add_argument("--batch-size", type=int, default=32, help="sequences per generate() call")
    p.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch CPU threads (1: on a shared, oversubscribed machine 2 threads stall each other)",
    )
    p.add_argument("--out", type=Path, default=ROOT / "benchmarks/data/real_smollm2")
    p.add_argument("--work", type=Path, default=ROOT / "out/real_pool_work")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    config = PoolConfig(
        model=args.model, device=args.device, seed=args.seed, candidates=args.candidates,
        counts={"coding": args.coding, "math": args.math, "medicine": args.medicine},
        temperature=args.temperature, batch_size=args.batch_size,
    )  # fmt: skip
    generate_pool(config, args.out, work_dir=args.work, script=Path(__file__).resolve())


if __name__ == "__main__":
    main()
