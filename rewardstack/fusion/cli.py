"""``rewardstack fusion ...``: inspect a stack's fusion tree.

    rewardstack fusion explain examples/stacks/math.yaml
"""

from __future__ import annotations

from pathlib import Path

import typer

from rewardstack.core.errors import RewardStackError
from rewardstack.fusion.explain import explain, explain_policies
from rewardstack.fusion.stack_config import load_stack_config

__all__ = ["fusion_app"]

fusion_app = typer.Typer(help="Inspect fusion trees.", no_args_is_help=True, add_completion=False)


@fusion_app.callback()
def _group() -> None:
    """Inspect fusion trees (see docs/fusion.md)."""


@fusion_app.command("explain")
def explain_command(
    stack: Path = typer.Argument(..., help="A stack YAML file (sources, fusion, policies).", exists=False),
) -> None:
    """Print a stack's fusion tree in words.

    Example: rewardstack fusion explain examples/stacks/math.yaml
    """
    try:
        config = load_stack_config(stack)
    except RewardStackError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    sources = ", ".join(f"{name} ({cfg.kind})" for name, cfg in config.sources.items())
    typer.echo(f"sources: {sources}")
    if config.fusion is None:
        typer.echo("fusion: weighted sum of all sources with weight 1 (the default)")
    else:
        typer.echo("fusion:")
        typer.echo("\n".join("  " + line for line in explain(config.fusion).splitlines()))
    typer.echo(explain_policies(config.policies))
