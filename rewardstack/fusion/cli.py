"""``rewardstack fusion ...``: inspect a stack's fusion tree.

    rewardstack fusion explain examples/stacks/math.yaml

A stack file (with ``sources:``) is checked as ``rewardstack score`` checks it, source
references included; a bare fusion tree (a file with ``fusion:`` and no
``sources:``) has nothing to check its source names against, so only its shape is checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from pydantic import TypeAdapter, ValidationError

from rewardstack.core.config import format_validation_error
from rewardstack.core.errors import ConfigError, RewardStackError
from rewardstack.core.yaml_loader import read_yaml_file
from rewardstack.fusion.explain import explain, explain_policies
from rewardstack.fusion.node import FusionNode
from rewardstack.fusion.stack_config import load_stack_config

__all__ = ["fusion_app"]

fusion_app = typer.Typer(help="Inspect fusion trees.", no_args_is_help=True, add_completion=False)


@fusion_app.callback()
def _group() -> None:
    """Inspect fusion trees (see docs/fusion.md)."""


def _bare_tree(path: Path) -> dict[str, Any] | None:
    """A file with ``fusion:`` and no ``sources:``: ``{"fusion": tree}`` (errors keep the file's key path)."""
    data, _ = read_yaml_file(path)
    if not isinstance(data, dict) or "sources" in data:
        return None
    if isinstance(data.get("fusion"), dict) and set(data) <= {"fusion", "policies", "cache"}:
        return {"fusion": data["fusion"]}
    return None


def _explain_bare(path: Path, wrapped: dict[str, Any]) -> str:
    try:
        node = TypeAdapter(dict[str, FusionNode]).validate_python(wrapped)
    except ValidationError as exc:
        _, lines = read_yaml_file(path)
        raise ConfigError(format_validation_error(exc, lines, str(path))) from None
    return explain(next(iter(node.values())))


@fusion_app.command("explain")
def explain_command(
    stack: Path = typer.Argument(..., help="A stack YAML file (sources, fusion, policies), or a bare fusion tree "
                                           "(no sources: its source names are not checked).", exists=False),
) -> None:
    """Print a stack's fusion tree in words.

    A stack file is checked as `rewardstack score` checks it (a fusion tree reading a source that
    `sources:` does not define exits 2 with file:line:key). A bare tree (a file with `fusion:` and no
    `sources:`) has no sources to check its names against: only its shape is checked.

    Example: rewardstack fusion explain examples/stacks/math.yaml
    """
    try:
        bare = _bare_tree(stack) if stack.is_file() else None
        if bare is not None:
            words = _explain_bare(stack, bare)
        else:
            config = load_stack_config(stack)
    except RewardStackError as exc:
        typer.echo(f"error: {exc}", err=True)  # the same first word as every other command's errors
        raise typer.Exit(2) from None
    if bare is not None:
        typer.echo("fusion (a bare tree: source names not checked, no sources given):")
        typer.echo("\n".join("  " + line for line in words.splitlines()))
        return
    sources = ", ".join(f"{name} ({cfg.kind})" for name, cfg in config.sources.items())
    typer.echo(f"sources: {sources}")
    if config.fusion is None:
        typer.echo("fusion: weighted sum of all sources with weight 1 (the default)")
    else:
        typer.echo("fusion:")
        typer.echo("\n".join("  " + line for line in explain(config.fusion).splitlines()))
    typer.echo(explain_policies(config.policies))
