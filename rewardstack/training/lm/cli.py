"""``rewardstack train sft`` and ``rewardstack train dpo`` (mounted on ``rewardstack train``)."""

from __future__ import annotations

import functools
from pathlib import Path

import typer

from rewardstack.training.command import err, run_training_command

__all__ = ["DPO_EPILOG", "SFT_EPILOG", "dpo_command", "sft_command"]

SFT_EPILOG = """Examples:

  rewardstack train sft --config examples/training/sft_tiny.yaml

  rewardstack train sft -c sft.yaml --set epochs=3 --set model=smollm2-135m-instruct

  rewardstack train sft -c sft.yaml --resume            # after Ctrl-C: go on from the saved state

Demonstrations are JSONL lines {"prompt", "response"} (prompt: text or chat messages); the loss
is on response tokens only. The run writes the model (save_pretrained), metrics.jsonl and
training_config.json into output_dir, and resume-state/ every save_every steps and when stopped
(removed when the run finishes). Keys and rules: docs/training.md.
"""

DPO_EPILOG = """Examples:

  rewardstack train dpo --config examples/training/dpo_tiny.yaml

  rewardstack train dpo -c dpo.yaml --set beta=0.05 --set objective.kind=ipo

  rewardstack train dpo -c dpo.yaml --resume            # after Ctrl-C: go on from the saved state

Pairs are the preference JSONL 'train rm' reads. The reference is the starting model (or
'reference:'), its log-probs computed once before training. Writes the model, metrics.jsonl
(loss, rewards/chosen, rewards/rejected, rewards/accuracy, rewards/margin; eval/* per epoch)
and training_config.json, and resume-state/ as train sft does. Keys and rules: docs/training.md.
"""


def sft_command(
    config: Path = typer.Option(..., "--config", "-c", help="SFT config YAML (data, model, output_dir, ...)."),
    overrides: list[str] = typer.Option([], "--set", help="Override one config key: --set key.sub=value (repeat)."),
    resume: bool = typer.Option(False, "--resume", help="Go on from the resume state in output_dir."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or per-step lines."),
) -> None:
    """Supervised fine-tuning of a causal LM on demonstrations."""
    from rewardstack.training.lm.trainer import LMTrainingStopped
    from rewardstack.training.sft import SFTConfig, train_sft

    result = run_training_command(config, overrides, model=SFTConfig, quiet=quiet,
                                  train=functools.partial(train_sft, resume=resume), stopped=LMTrainingStopped,
                                  stopped_note="continue with --resume")
    err.print(f"done: {result.steps} steps, last loss {result.final_metrics.get('loss', float('nan')):.4f}; "
              f"metrics {result.metrics_path}", highlight=False)
    typer.echo(str(result.output_dir))


def dpo_command(
    config: Path = typer.Option(..., "--config", "-c", help="DPO config YAML (data, model, beta, ...)."),
    overrides: list[str] = typer.Option([], "--set", help="Override one config key: --set key.sub=value (repeat)."),
    resume: bool = typer.Option(False, "--resume", help="Go on from the resume state in output_dir."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or per-step lines."),
) -> None:
    """Direct preference optimisation (DPO or IPO) of a causal LM on preference pairs."""
    from rewardstack.training.dpo import DPOConfig, train_dpo
    from rewardstack.training.lm.trainer import LMTrainingStopped

    result = run_training_command(config, overrides, model=DPOConfig, quiet=quiet,
                                  train=functools.partial(train_dpo, resume=resume), stopped=LMTrainingStopped,
                                  stopped_note="continue with --resume")
    accuracy = result.final_metrics.get("rewards/accuracy")
    shown = f"last batch reward accuracy {accuracy:.3f}" if accuracy is not None else "no pairs"
    err.print(f"done: {result.steps} steps, {shown}; metrics {result.metrics_path}", highlight=False)
    typer.echo(str(result.output_dir))
