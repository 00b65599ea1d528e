"""What every ``rewardstack train X`` command does around its trainer: load the config with
``--set`` overrides, show progress, stop cleanly on SIGINT/SIGTERM, and turn errors into exit codes.

Exit codes: 0 trained; 1 a model could not be loaded; 2 bad configuration or data (file, line
and key named); 130/143 stopped by SIGINT/SIGTERM (a second signal exits at once).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from threading import Event
from typing import Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from rewardstack.core.errors import ConfigError, ModelUnavailable

__all__ = ["fail", "run_training_command"]

C = TypeVar("C")
R = TypeVar("R")
err = Console(stderr=True, soft_wrap=True)  # messages carry paths: never wrap them


def fail(message: str, code: int) -> NoReturn:
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    raise typer.Exit(code=code)


def run_training_command(
    config_path: Path, overrides: list[str], *, model: type[C], train: Callable[..., R], quiet: bool,
    stopped: type[Exception], stopped_note: str = "nothing was saved",
) -> R:
    """Validate ``config_path`` as ``model`` and run ``train(config, progress=, stop=)``."""
    from rewardstack.score_signals import StopOnSignals
    from rewardstack.training.rm import auto_progress
    from rewardstack.training.rm.config_file import ConfigKeyError, load_config_file, locate_key

    try:
        config: Any = load_config_file(config_path, model, overrides)  # type: ignore[type-var]
    except ConfigError as exc:
        fail(str(exc), 2)
    progress = auto_progress(err, quiet=quiet)
    with StopOnSignals(lambda signum: err.print("stopping after this step (again: exit now)",
                                                highlight=False)) as stop:
        requested: Event = stop.requested
        try:
            return train(config, progress=progress, stop=requested)
        except stopped as exc:
            message = str(exc) if stopped_note in str(exc) else f"{exc}; {stopped_note}"  # say it once
            err.print(f"{stop.name or 'stop'}: {escape(message)}", highlight=False)
            raise typer.Exit(code=stop.exit_code or 130) from None
        except KeyboardInterrupt:
            err.print(f"interrupted; {stopped_note}", highlight=False)
            raise typer.Exit(code=130) from None
        except ConfigKeyError as exc:
            fail(f"{locate_key(config_path, exc.key, overrides)}: {exc}", 2)
        except ConfigError as exc:
            fail(f"{config_path}: {exc}", 2)
        except ModelUnavailable as exc:
            fail(str(exc), 1)
