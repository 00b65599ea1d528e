"""``rewardstack train ppo``: PPO / GRPO / RLOO from a YAML config (mounted on ``rewardstack train``).

    rewardstack train ppo --config examples/ppo_math_tiny.yaml
    rewardstack train ppo -c ppo.yaml --set algorithm.kind=grpo --set algorithm.group_size=4
    rewardstack train ppo -c ppo.yaml --resume            # after Ctrl-C: go on from the saved state

Exit codes (:mod:`rewardstack.training.command`): 0 trained; 1 a model could not be
loaded; 2 bad configuration or prompts (file, line and key named); 130/143 stopped
by SIGINT/SIGTERM after saving the resume state (a second signal exits at once).
"""

from __future__ import annotations

import functools
from pathlib import Path

import typer

from rewardstack.training.command import err, run_training_command

__all__ = ["PPO_EPILOG", "ppo_command"]

PPO_EPILOG = """Examples:

  rewardstack train ppo --config examples/ppo_math_tiny.yaml

  rewardstack train ppo -c ppo.yaml --set algorithm.kind=rloo --set algorithm.group_size=4 --set steps=50

  rewardstack train ppo -c ppo.yaml --resume

Keys and rules: docs/ppo.md. The run writes metrics.jsonl (one line per step:
reward/total/mean, reward/<source>/mean and /status/<status>, kl, entropy, clip_fraction,
value_loss, response_length/mean, time/*), samples.jsonl, resume-state/ and, at the
end, policy/ (an HF model folder) into output_dir.
"""


def ppo_command(
    config: Path = typer.Option(..., "--config", "-c", help="PPO config YAML (model, stack, prompts, ...)."),
    overrides: list[str] = typer.Option([], "--set", help="Override one config key: --set key.sub=value (repeat)."),
    resume: bool = typer.Option(False, "--resume", help="Go on from the resume state in output_dir."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or per-step lines."),
) -> None:
    """Train a policy with PPO, GRPO or RLOO on the fused reward of a stack."""
    from rewardstack.training.ppo import PPOConfig, PPOStopped, train_ppo

    result = run_training_command(config, overrides, model=PPOConfig, quiet=quiet, stopped=PPOStopped,
                                  train=functools.partial(train_ppo, resume=resume),
                                  stopped_note="continue with --resume")
    if not result.main_process:  # one report per run, not one per process
        return
    reward = result.last_metrics.get("reward/total/mean")
    shown = "no total" if reward is None else f"reward/total/mean {reward:.3f}"
    err.print(f"done: {result.steps_done} steps, last {shown}; metrics {result.output_dir / 'metrics.jsonl'}",
              highlight=False)
    typer.echo(str(result.output_dir))
