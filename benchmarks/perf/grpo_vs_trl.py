"""GRPO step time: rewardstack's trainer vs TRL's GRPOTrainer, same model, batch and lengths, on CPU.

Both train the seeded tiny LM (``tiny-lm``) with GRPO: 4 prompts x 4 completions per step, 16
new tokens at temperature 1, one optimisation pass per batch in one minibatch, the same stack (the
real ``math_answer`` checker plus a length term) as the reward. Like with like:

- the same prompts, rendered by the same chat template: rewardstack renders plain-text prompts
  with the tokenizer's template (``rollout.chat_template``, its default), and TRL renders
  conversational ones (``[{"role": "user", ...}]``) the same way (a plain-text dataset would give
  TRL the bare 8-token prompts against rewardstack's 38-token rendered ones); ``--prompts plain``
  gives both sides the bare prompts instead (``chat_template: false`` / a plain-text dataset);
- the same KL: TRL's ``beta`` 0.05 puts the k3 estimator in the loss, so rewardstack runs with
  ``kl: {estimator: k3, placement: loss, controller: fixed 0.05}``; both run a frozen reference
  model's pass, and neither runs an old-policy pass (one optimisation pass per rollout: the
  update's forward gives the old log-probs, ratio 1);
- the same loss scale: both take the token mean over the batch's kept tokens (TRL's default
  ``loss_type: dapo``; rewardstack's only one), group-std advantages (TRL ``scale_rewards: group``;
  rewardstack ``scale: true``), clip 0.2, gradient norm clipped at 1.

TRL's own default, ``beta = 0``, loads no reference model at all: it is timed beside them
(``trl_beta_0_*``) to show what that pass costs. The runs alternate (rewardstack, TRL, TRL beta 0,
rewardstack, ...) so the shared machine's load drifts over both alike; step 0 of each run
(warm-up) is left out. Step time, measured alike on both sides: the wall time between the trainer's
per-step callbacks (rewardstack's ``progress.step``, after the step's metrics are written; TRL's
``on_step_end``), so each includes the loop's own logging, and the process's CPU seconds over the
same intervals (all threads; less swayed by other processes' load); rewardstack's ``time/step``
(the step's work alone, from metrics.jsonl) is recorded beside them. Also recorded: rewardstack's median phase times
(``time/generate``, ``time/reference``, ``time/update``) and the share of its step the rewards
cost it, ``(time/reward - time/reward_hidden) / time/step`` (target <= 10%): the stack scores on a
worker thread beside the reference's no-grad pass (``rollout.overlap_rewards``), and the part of
``time/reward`` spent beside it (``time/reward_hidden``) does not lengthen the step; the whole
reward computation's share (``time/reward / time/step``, hidden part included) is recorded beside it.

Run:  .venv/bin/python benchmarks/perf/grpo_vs_trl.py [--steps 6 --repeats 2 --prompts chat|plain]
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
#: TRL's KL semantics (beta > 0): the k3 estimator, in the loss
KL = {"estimator": "k3", "placement": "loss", "controller": {"kind": "fixed", "coef": KL_COEF}}
PHASES = ("generate", "reference", "update", "step")


def _prompts(folder: Path) -> Path:
    path = folder / "prompts.jsonl"
    path.write_text("".join(json.dumps({"prompt": f"What is {a} + {a + 1}?", "reference": {"answer": str(2 * a + 1)}})
                            + "\n" for a in range(32)))
    return path


def _now() -> tuple[float, float]:
    """(wall seconds, this process's CPU seconds: every thread's)."""
    return time.perf_counter(), time.process_time()


def _intervals(stamps: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """(wall, CPU) seconds between consecutive stamps, the first (warm-up) interval left out."""
    return [(b[0] - a[0], b[1] - a[1]) for a, b in zip(stamps, stamps[1:], strict=False)][1:]


def run_rewardstack(folder: Path, steps: int, chat: bool
                    ) -> tuple[list[tuple[float, float]], list[float], list[float], dict[str, list[float]]]:
    """(Wall, CPU) step times, the visible reward share, the whole reward share and the phase times
    (``time/step`` among them) of each measured step."""
    from rewardstack.training.ppo import PPOConfig, train_ppo
    from rewardstack.training.rm.progress import NullProgress

    class Clock(NullProgress):
        def __init__(self) -> None:
            self.stamps: list[tuple[float, float]] = []

        def start(self, label: str, *, total_steps: int, done_steps: int) -> None:
            self.stamps.append(_now())

        def step(self, loss: float) -> None:
            self.stamps.append(_now())

    config = PPOConfig.model_validate({
        "model": "tiny-lm", "stack": STACK, "prompts": str(_prompts(folder)), "output_dir": str(folder / "rs"),
        "steps": steps, "prompts_per_step": PROMPTS, "seed": 0, "device": "cpu",
        "algorithm": {"kind": "grpo", "group_size": GROUP}, "kl": KL,
        "rollout": {"max_new_tokens": NEW_TOKENS, "temperature": 1.0, "chat_template": chat},
        "update": {"epochs": 1, "minibatch_size": PROMPTS * GROUP}, "save_every": steps, "log_samples_every": 0,
    })
    clock = Clock()
    train_ppo(config, progress=clock)
    rows = [json.loads(line) for line in (folder / "rs" / "metrics.jsonl").read_text().splitlines()]
    rows = [r for r in rows if "time/step" in r][1:]
    return (_intervals(clock.stamps),
            [(r["time/reward"] - r["time/reward_hidden"]) / r["time/step"] for r in rows],
            [r["time/reward"] / r["time/step"] for r in rows],
            {phase: [r[f"time/{phase}"] for r in rows] for phase in PHASES})


def run_trl(folder: Path, steps: int, beta: float, chat: bool) -> list[tuple[float, float]]:
    from datasets import Dataset
    from transformers import TrainerCallback
    from trl import GRPOConfig, GRPOTrainer

    from rewardstack import RewardStack
    from rewardstack.fusion.stack_config import StackConfig
    from rewardstack.models import load_causal_lm

    model, tokenizer = load_causal_lm("tiny-lm", device="cpu")
    stack = RewardStack.from_config(StackConfig.model_validate(STACK), cache=None)
    stamps: list[tuple[float, float]] = []

    class Clock(TrainerCallback):
        def on_step_end(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
            stamps.append(_now())

    rows = [json.loads(line) for line in _prompts(folder).read_text().splitlines()]
    # conversational prompts: TRL renders them with the chat template, as rewardstack renders its plain ones
    dataset = Dataset.from_list([{"prompt": [{"role": "user", "content": r["prompt"]}] if chat else r["prompt"],
                                  "answer": r["reference"]["answer"]} for r in rows])
    args = GRPOConfig(output_dir=str(folder / "trl"), per_device_train_batch_size=PROMPTS * GROUP,
                      num_generations=GROUP, max_completion_length=NEW_TOKENS, max_steps=steps, use_cpu=True,
                      report_to="none", logging_steps=1, save_strategy="no", bf16=False, seed=0, temperature=1.0,
                      beta=beta)
    trainer = GRPOTrainer(model=model, reward_funcs=stack.as_trl_reward_funcs(), args=args, train_dataset=dataset,
                          processing_class=tokenizer, callbacks=[Clock()])
    started = _now()
    trainer.train()
    stack.close()
    return _intervals([started, *stamps])


def _median(times: list[tuple[float, float]], which: int) -> float:
    return round(statistics.median(t[which] for t in times), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--prompts", choices=("chat", "plain"), default="chat",
                        help="both sides render the prompts with the chat template (default), or neither does")
    args = parser.parse_args()
    chat = args.prompts == "chat"
    ours: list[tuple[float, float]] = []
    shares: list[float] = []
    whole_shares: list[float] = []
    theirs: list[tuple[float, float]] = []
    theirs_no_ref: list[tuple[float, float]] = []
    phases: dict[str, list[float]] = {phase: [] for phase in PHASES}
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            steps, reward_share, whole_share, times = run_rewardstack(Path(tmp), args.steps, chat)
            ours += steps
            for phase in PHASES:
                phases[phase] += times[phase]
            shares += reward_share
            whole_shares += whole_share
        with tempfile.TemporaryDirectory() as tmp:
            theirs += run_trl(Path(tmp), args.steps, KL_COEF, chat)
        with tempfile.TemporaryDirectory() as tmp:
            theirs_no_ref += run_trl(Path(tmp), args.steps, 0.0, chat)
    import trl

    result = {"grpo_vs_trl": {
        "model": "tiny-lm", "prompts_per_step": PROMPTS, "group_size": GROUP, "max_new_tokens": NEW_TOKENS,
        "steps_measured_each": len(ours), "trl_version": trl.__version__,
        "prompts": "chat template on both sides" if chat else "plain text on both sides",
        "kl": "k3 in the loss, coefficient 0.05 (TRL beta)",
        "rewardstack_step_s_median": _median(ours, 0), "trl_step_s_median": _median(theirs, 0),
        "ratio_rewardstack_over_trl": round(_median(ours, 0) / _median(theirs, 0), 3),
        # TRL's default beta = 0 loads no reference model and skips its pass; rewardstack's default KL needs it
        "trl_beta": KL_COEF, "trl_beta_0_step_s_median": _median(theirs_no_ref, 0),
        "ratio_rewardstack_over_trl_beta_0": round(_median(ours, 0) / _median(theirs_no_ref, 0), 3),
        # the same steps in CPU seconds (the process's, all threads): less swayed by other processes' load
        "rewardstack_cpu_s_per_step_median": _median(ours, 1), "trl_cpu_s_per_step_median": _median(theirs, 1),
        "trl_beta_0_cpu_s_per_step_median": _median(theirs_no_ref, 1),
        "cpu_ratio_rewardstack_over_trl": round(_median(ours, 1) / _median(theirs, 1), 3),
        "cpu_ratio_rewardstack_over_trl_beta_0": round(_median(ours, 1) / _median(theirs_no_ref, 1), 3),
        # from metrics.jsonl: time/generate, time/reference, time/update and time/step (the step's work alone)
        **{f"rewardstack_time_{phase}_s_median": round(statistics.median(phases[phase]), 4) for phase in PHASES},
        "reward_share_of_step_median": round(statistics.median(shares), 4),  # visible: hidden part subtracted
        "reward_compute_share_of_step_median": round(statistics.median(whole_shares), 4)}}
    path = write_result("grpo_vs_trl", result)
    print(f"{path}: {result['grpo_vs_trl']}")


if __name__ == "__main__":
    main()
