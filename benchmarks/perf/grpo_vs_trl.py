"""GRPO step time: rewardstack's trainer vs TRL's GRPOTrainer, same model, batch and lengths, on CPU.

Both train the seeded tiny LM (``tiny-lm``) with GRPO: 4 prompts x 4 completions per step, 16
new tokens at temperature 1, one optimisation pass per batch, the same stack (the real
``math_answer`` checker plus a length term) as the reward, the same KL coefficient (rewardstack's
default 0.05; TRL's ``beta``), so both run a frozen reference model's pass. TRL's own default,
``beta = 0``, loads no reference model at all: it is timed beside them (``trl_beta_0_*``) to show
what that pass costs. The runs alternate (rewardstack, TRL, TRL beta 0, rewardstack, ...) so the
shared machine's load drifts over both alike; step 0 of each run
(warm-up) is left out. Step time: rewardstack's ``time/step`` from metrics.jsonl; TRL's the
wall time between ``on_step_end`` callbacks. Also recorded: the share of rewardstack's step
the rewards cost it, ``(time/reward - time/reward_hidden) / time/step`` (target <= 10%): the
stack scores on a worker thread beside the old/reference no-grad passes
(``rollout.overlap_rewards``), and the part of ``time/reward`` spent beside them
(``time/reward_hidden``) does not lengthen the step; the whole reward computation's share
(``time/reward / time/step``, hidden part included) is recorded beside it.

Run:  .venv/bin/python benchmarks/perf/grpo_vs_trl.py [--steps 6 --repeats 2]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

STACK: dict[str, Any] = {
    "sources": {"answer": {"kind": "math_answer"}, "brevity": {"kind": "length", "unit": "chars", "target": 16}},
    "policies": {"answer": {"on_error": "penalty", "value": 0.0}},
    "fusion": {"kind": "weighted_sum", "weights": {"answer": 1.0, "brevity": 0.5}},
    "cache": False,
}
PROMPTS, GROUP, NEW_TOKENS = 4, 4, 16
#: rewardstack's default KL coefficient (kl.controller fixed 0.05); TRL's beta = this: both pay a reference pass
KL_COEF = 0.05


def _prompts(folder: Path) -> Path:
    path = folder / "prompts.jsonl"
    path.write_text("".join(json.dumps({"prompt": f"What is {a} + {a + 1}?", "reference": {"answer": str(2 * a + 1)}})
                            + "\n" for a in range(32)))
    return path


def run_rewardstack(folder: Path, steps: int) -> tuple[list[float], list[float], list[float]]:
    """Step times, the visible reward share and the whole reward share of each measured step."""
    from rewardstack.training.ppo import PPOConfig, train_ppo
    from rewardstack.training.rm.progress import NullProgress

    config = PPOConfig.model_validate({
        "model": "tiny-lm", "stack": STACK, "prompts": str(_prompts(folder)), "output_dir": str(folder / "rs"),
        "steps": steps, "prompts_per_step": PROMPTS, "seed": 0, "device": "cpu",
        "algorithm": {"kind": "grpo", "group_size": GROUP},
        "rollout": {"max_new_tokens": NEW_TOKENS, "temperature": 1.0, "chat_template": True},
        "update": {"epochs": 1, "minibatch_size": PROMPTS * GROUP}, "save_every": steps, "log_samples_every": 0,
    })
    train_ppo(config, progress=NullProgress())
    rows = [json.loads(line) for line in (folder / "rs" / "metrics.jsonl").read_text().splitlines()]
    rows = [r for r in rows if "time/step" in r][1:]
    return ([r["time/step"] for r in rows],
            [(r["time/reward"] - r["time/reward_hidden"]) / r["time/step"] for r in rows],
            [r["time/reward"] / r["time/step"] for r in rows])


def run_trl(folder: Path, steps: int, beta: float) -> list[float]:
    from datasets import Dataset
    from transformers import TrainerCallback
    from trl import GRPOConfig, GRPOTrainer

    from rewardstack import RewardStack
    from rewardstack.fusion.stack_config import StackConfig
    from rewardstack.models import load_causal_lm

    model, tokenizer = load_causal_lm("tiny-lm", device="cpu")
    stack = RewardStack.from_config(StackConfig.model_validate(STACK), cache=None)
    stamps: list[float] = []

    class Clock(TrainerCallback):
        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            stamps.append(time.perf_counter())

    rows = [json.loads(line) for line in _prompts(folder).read_text().splitlines()]
    dataset = Dataset.from_list([{"prompt": r["prompt"], "answer": r["reference"]["answer"]} for r in rows])
    args = GRPOConfig(output_dir=str(folder / "trl"), per_device_train_batch_size=PROMPTS * GROUP,
                      num_generations=GROUP, max_completion_length=NEW_TOKENS, max_steps=steps, use_cpu=True,
                      report_to="none", logging_steps=1, save_strategy="no", bf16=False, seed=0, temperature=1.0,
                      beta=beta)
    trainer = GRPOTrainer(model=model, reward_funcs=stack.as_trl_reward_funcs(), args=args, train_dataset=dataset,
                          processing_class=tokenizer, callbacks=[Clock()])
    started = time.perf_counter()
    trainer.train()
    stack.close()
    edges = [started, *stamps]
    return [b - a for a, b in zip(edges, edges[1:], strict=False)][1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    ours: list[float] = []
    shares: list[float] = []
    whole_shares: list[float] = []
    theirs: list[float] = []
    theirs_no_ref: list[float] = []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            steps, reward_share, whole_share = run_rewardstack(Path(tmp), args.steps)
            ours += steps
            shares += reward_share
            whole_shares += whole_share
        with tempfile.TemporaryDirectory() as tmp:
            theirs += run_trl(Path(tmp), args.steps, KL_COEF)
        with tempfile.TemporaryDirectory() as tmp:
            theirs_no_ref += run_trl(Path(tmp), args.steps, 0.0)
    import trl

    result = {"grpo_vs_trl": {
        "model": "tiny-lm", "prompts_per_step": PROMPTS, "group_size": GROUP, "max_new_tokens": NEW_TOKENS,
        "steps_measured_each": len(ours), "trl_version": trl.__version__,
        "rewardstack_step_s_median": round(statistics.median(ours), 4),
        "trl_step_s_median": round(statistics.median(theirs), 4),
        "ratio_rewardstack_over_trl": round(statistics.median(ours) / statistics.median(theirs), 3),
        # TRL's default beta = 0 loads no reference model and skips its pass; rewardstack's default KL needs it
        "trl_beta": KL_COEF, "trl_beta_0_step_s_median": round(statistics.median(theirs_no_ref), 4),
        "ratio_rewardstack_over_trl_beta_0": round(statistics.median(ours) / statistics.median(theirs_no_ref), 3),
        "reward_share_of_step_median": round(statistics.median(shares), 4),  # visible: hidden part subtracted
        "reward_compute_share_of_step_median": round(statistics.median(whole_shares), 4)}}
    path = write_result("grpo_vs_trl", result)
    print(f"{path}: {result['grpo_vs_trl']}")


if __name__ == "__main__":
    main()
