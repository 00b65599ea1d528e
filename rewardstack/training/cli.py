"""``rewardstack train ...``: ``rm``, ``judge``, ``sft``, ``dpo`` and ``ppo`` (docs/training.md).

    rewardstack train rm --config examples/preference/train.yaml
    rewardstack train sft --config examples/training/sft_tiny.yaml
    rewardstack train ppo --config examples/ppo_math_tiny.yaml
    rewardstack train rm --config rm.yaml --set epochs=2 --set ensemble.members=3
    rewardstack train rm --config rm.yaml --resume          # after Ctrl-C: go on from the saved state

Exit codes: 0 trained; 1 a model could not be loaded or the run failed; 2 bad
configuration or data (file, line and key named); 130/143 stopped by
SIGINT/SIGTERM (rm and ppo save their resume state; sft and dpo remove what they wrote;
a second signal exits at once).
"""

from __future__ import annotations

from pathlib import Path

import typer

from rewardstack.training.command import err as _err

__all__ = ["train_app"]

train_app = typer.Typer(help="Train models: reward models (rm), judges (judge), sft, dpo, ppo.", no_args_is_help=True,
                        add_completion=False, context_settings={"help_option_names": ["-h", "--help"]})

_RM_EPILOG = """Examples:

  rewardstack train rm --config examples/preference/train.yaml

  rewardstack train rm -c rm.yaml --set epochs=2 --set ensemble.members=3 --set output_dir=runs/rm3

  rewardstack train rm -c rm.yaml --resume

The config's keys and the checkpoint format: docs/preference.md. The run writes
training_report.json (bad lines, truncated and dropped pairs, per-epoch
validation) into output_dir; plug the checkpoint into a stack as
{kind: preference_model, path: OUTPUT_DIR}.
"""


@train_app.callback()
def _group() -> None:
    """Train models (see docs/preference.md for reward models)."""


@train_app.command("rm", epilog=_RM_EPILOG)
def rm_command(
    config: Path = typer.Option(..., "--config", "-c", help="Training config YAML (data, model, output_dir, ...)."),
    overrides: list[str] = typer.Option([], "--set", help="Override one config key: --set key.sub=value (repeat)."),
    resume: bool = typer.Option(False, "--resume", help="Go on from the resume state in output_dir."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or per-epoch lines."),
) -> None:
    """Train a Bradley-Terry reward model (or an ensemble) on preference pairs."""
    from functools import partial

    from rewardstack.training.command import run_training_command
    from rewardstack.training.rm import RMTrainConfig, TrainingStopped, train

    result = run_training_command(config, overrides, model=RMTrainConfig, train=partial(train, resume=resume),
                                  quiet=quiet, stopped=TrainingStopped, stopped_note="continue with --resume")
    final = result.validation_accuracy
    accuracy = f"validation accuracy {final:.3f}" if final is not None else "no validation pairs"
    _err.print(f"done: {accuracy}; report {result.report_path}", highlight=False)
    typer.echo(str(result.output_dir))


_JUDGE_EPILOG = """Examples:

  rewardstack train judge --config judge.yaml

  rewardstack train judge -c judge.yaml --set method=causal_lora --set epochs=2 --set output_dir=runs/judge-lm

The config's keys, the judgement format and the measurements: docs/critic_judge.md. The run
writes adapter.safetensors, rewardstack-judge.json and training_report.json (held-out ordering
accuracy, AUROC per principle, flip rate, ECE) into output_dir; use the judge in a critic as
judge: {kind: embedded_adapted, path: OUTPUT_DIR}.
"""


@train_app.command("judge", epilog=_JUDGE_EPILOG)
def judge_command(
    config: Path = typer.Option(..., "--config", "-c", help="Training config YAML (data, constitution, method, ...)."),
    overrides: list[str] = typer.Option([], "--set", help="Override one config key: --set key.sub=value (repeat)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or per-epoch lines."),
) -> None:
    """Adapt the embedded judge to a constitution on labelled principle judgements."""
    from rewardstack.training.command import run_training_command
    from rewardstack.training.judge import JudgeTrainConfig, JudgeTrainingStopped, train_judge

    result = run_training_command(config, overrides, model=JudgeTrainConfig, train=train_judge, quiet=quiet,
                                  stopped=JudgeTrainingStopped)
    held = result.heldout
    summary = (f"held-out ordering accuracy {held['ordering_accuracy']:.3f}, AUROC macro {held['auroc_macro']:.3f}"
               if held else "no held-out items")
    _err.print(f"done: {summary}; report {result.report_path}", highlight=False)
    typer.echo(str(result.output_dir))


def _mount_lm_commands() -> None:
    """``train sft`` and ``train dpo`` live with their trainers (rewardstack/training/lm/cli.py)."""
    from rewardstack.training.lm.cli import DPO_EPILOG, SFT_EPILOG, dpo_command, sft_command

    train_app.command("sft", epilog=SFT_EPILOG)(sft_command)
    train_app.command("dpo", epilog=DPO_EPILOG)(dpo_command)


_mount_lm_commands()


def _mount_ppo_command() -> None:
    """``train ppo`` lives with its trainer (rewardstack/training/ppo/cli.py)."""
    from rewardstack.training.ppo.cli import PPO_EPILOG, ppo_command

    train_app.command("ppo", epilog=PPO_EPILOG)(ppo_command)


_mount_ppo_command()
