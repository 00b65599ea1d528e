"""``rewardstack export openrlhf``: write the reward-function file OpenRLHF loads.

    rewardstack export openrlhf --stack examples/stacks/math.yaml --out reward_func.py

Exit codes: 0 written; 2 bad configuration (the stack or state file, with
file:line:key: the stack is built once before anything is written) or an
output that cannot be written.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from rewardstack.core.errors import RewardStackError
from rewardstack.integrations.options import finite_reward

__all__ = ["export_app"]

export_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Write files that trainers load.",
                         context_settings={"help_option_names": ["-h", "--help"]})
_err = Console(stderr=True, soft_wrap=True)

_EPILOG = """Example:

  rewardstack export openrlhf --stack examples/stacks/math.yaml --out reward_func.py

Then: python -m openrlhf.cli.train_ppo_ray ... --remote_rm_url reward_func.py --label_key answer
(or serve the stack with `rewardstack serve` and pass --remote_rm_url http://HOST:PORT/get_reward).
"""


@export_app.command("openrlhf", epilog=_EPILOG)
def openrlhf(
    stack: Path = typer.Option(..., "--stack", "-s", help="Stack YAML file."),
    out: Path = typer.Option(..., "--out", "-o", help="The Python file to write (e.g. reward_func.py)."),
    state: Path | None = typer.Option(None, "--state", help="Fusion state JSON to load in the trainer."),
    missing_reward: float = typer.Option(0.0, "--missing-reward", callback=finite_reward,
                                         help="Reward of a sample without a total (counted in extra_logs.no_total)."),
) -> None:
    """Write an OpenRLHF reward_func(queries, prompts, labels) file that scores with STACK."""
    from rewardstack.integrations.common import open_stack
    from rewardstack.integrations.openrlhf import render_reward_file

    try:  # everything the trainer will do at first use, done once here: errors now, not in a Ray worker
        open_stack(stack, state=state).close()
    except (RewardStackError, ValueError, OSError) as exc:
        _err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        raise typer.Exit(2) from None
    command = shlex.join(["rewardstack", *sys.argv[1:]]) if sys.argv[1:2] == ["export"] else "rewardstack export"
    text = render_reward_file(stack, out_name=out.name, state=state, missing_reward=missing_reward, command=command)
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        _err.print(f"[red]error:[/red] cannot write {escape(str(out))}: {escape(exc.strerror or str(exc))}",
                   highlight=False)
        raise typer.Exit(2) from None
    _err.print(f"wrote {escape(str(out))}: pass --remote_rm_url {escape(str(out))} to OpenRLHF", highlight=False)
