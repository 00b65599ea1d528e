"""``rewardstack sandbox ...`` commands (a typer sub-app the main CLI mounts as ``sandbox``)."""

from __future__ import annotations

import json

import typer

__all__ = ["sandbox_app"]

sandbox_app = typer.Typer(help="Code-execution sandboxes.", no_args_is_help=True)

_FLAGS = (
    "is_root",
    "network",
    "host_loopback",
    "host_pids_visible",
    "shadow_readable",
    "host_home_visible",
    "host_env_visible",
    "root_writable",
    "userns_allowed",
)


@sandbox_app.command("check")
def check(
    backend: list[str] = typer.Option(None, "--backend", "-b", help="Only these backends (bwrap, docker, local)."),
    as_json: bool = typer.Option(False, "--json", help="Print the reports as JSON."),
) -> None:
    """Start each backend, probe what it really isolates, and print the result.

    Examples:
      rewardstack sandbox check
      rewardstack sandbox check -b bwrap --json
    """
    from rewardstack.verifiers.code.sandbox.check import sandbox_check

    reports = sandbox_check(backend or None)
    if as_json:
        typer.echo(json.dumps([r.model_dump() for r in reports], indent=2))
        return
    for report in reports:
        if not report.available:
            typer.echo(f"{report.backend:7s} unavailable: {report.error}")
            continue
        verdict = "isolated" if report.isolated else "NOT ISOLATED"
        typer.echo(f"{report.backend:7s} {verdict} (uid {report.uid}, memory limit: {report.memory_limit or 'none'})")
        for flag in _FLAGS:
            value = getattr(report, flag)
            mark = "ok  " if value is False else "FAIL" if value else "?   "
            typer.echo(f"    {mark} {flag} = {value}")
        for note in report.notes:
            typer.echo(f"    note: {note}")
