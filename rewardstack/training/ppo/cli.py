"""``rewardstack train ppo``: PPO / GRPO / RLOO from a YAML config (mounted on ``rewardstack train``).

    rewardstack train ppo --config examples/ppo_math_tiny.yaml
    rewardstack train ppo -c ppo.yaml --set algorithm.kind=grpo --set algorithm.group_size=4
    rewardstack train ppo -c ppo.yaml --resume            # after Ctrl-C: go on from the saved state

Exit codes: 0 trained; 1 a model could not be loaded; 2 bad configuration or
prompts (file, line and key named); 130/143 stopped by SIGINT/SIGTERM after
saving the resume state (a second signal exits at once).
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from rewardstack.core.errors import ConfigError, ModelUnavailable

__all__ = ["PPO_EPILOG", "ppo_command"]

_err = Console(stderr=True, soft_wrap=True)  # messages carry paths: never wrap them

PPO_EPILOG = """Examples:

  rewardstack train ppo --config examples/ppo_math_tiny.yaml

  rewardstack train ppo -c ppo.yaml --set algorithm.kind=rloo --set algorithm.group_size=4 --set steps=50

  rewardstack train ppo -c ppo.yaml --resume

The config's keys: rewardstack/training/ppo/config.py (module docstring). The run writes
metrics.jsonl (one line per step: reward/total/mean, reward/<source>/mean and
/status/<status>, kl, entropy, clip_fraction, value_loss, response_length/mean, time/*),
samples.jsonl, resume-state/ and, at the end, policy/ (an HF model folder) into output_dir.
"""


def _fail(message: str, code: int) -> NoReturn:
    _err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    raise typer.Exit(code=code)


def ppo_command(
    config: Path = typer.Option(..., "--config", "-c", help="PPO config YAML (model, stack, prompts, ...)."),
    overrides: list[str] = typer.Option([], "--set", help="Override one config key: --set key.sub=value (repeat)."),
    resume: bool = typer.Option(False, "--resume", help="Go on from the resume state in output_dir."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or per-step lines."),
) -> None:
    """Train a policy with PPO, GRPO or RLOO on the fused reward of a stack."""
    from rewardstack.score_signals import StopOnSignals
    from rewardstack.training.ppo import PPOStopped, load_ppo_config, train_ppo
    from rewardstack.training.rm import auto_progress
    from rewardstack.training.rm.config_file import ConfigKeyError, locate_key

    try:
        cfg = load_ppo_config(str(config), overrides)
    except ConfigError as exc:
        _fail(str(exc), 2)
    progress = auto_progress(_err, quiet=quiet)
    with StopOnSignals(lambda signum: _err.print("stopping after this step (again: exit now)",
                                                 highlight=False)) as stop:
        try:
            result = train_ppo(cfg, resume=resume, progress=progress, stop=stop.requested)
        except PPOStopped as exc:
            _err.print(f"{stop.name or 'stop'}: {escape(str(exc))}; continue with --resume", highlight=False)
            raise typer.Exit(code=stop.exit_code or 130) from None
        except ConfigKeyError as exc:
            _fail(f"{locate_key(config, exc.key, overrides)}: {exc}", 2)
        except ConfigError as exc:
            _fail(f"{config}: {exc}", 2)
        except ModelUnavailable as exc:
            _fail(str(exc), 1)
    reward = result.last_metrics.get("reward/total/mean")
    shown = "no total" if reward is None else f"reward/total/mean {reward:.3f}"
    _err.print(f"done: {result.steps_done} steps, last {shown}; metrics {result.output_dir / 'metrics.jsonl'}",
               highlight=False)
    typer.echo(str(result.output_dir))
