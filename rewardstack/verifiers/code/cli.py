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


def _known_backends(names: list[str]) -> None:
    """Exit 2 (bad input, no traceback) at the first name no sandbox backend is registered under."""
    from rewardstack.core.errors import RegistryError
    from rewardstack.verifiers.code.sandbox.registry import SANDBOX_BACKENDS

    for name in names:
        try:
            SANDBOX_BACKENDS.get(name)
        except RegistryError as exc:
            typer.echo(f"rewardstack sandbox check: --backend: {exc}", err=True)
            raise typer.Exit(2) from None


@sandbox_app.command("check")
def check(
    backend: list[str] = typer.Option(
        None, "--backend", "-b", help="Only these backends (repeatable; default: every registered one)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the reports as JSON."),
) -> None:
    """Start each backend, probe what it really isolates, and print the result.

    Host folders (home, working folder, /root) are probed with a canary file planted for the
    check and removed after it, so the answer does not depend on where the command runs.

    Examples:
      rewardstack sandbox check
      rewardstack sandbox check -b bwrap --json
    """
    from rewardstack.verifiers.code.sandbox.check import sandbox_check

    _known_backends(backend or [])
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


@sandbox_app.command("build-image")
def build_image_cmd(
    name: str = typer.Option("rewardstack-sandbox:latest", "--name", help="Image name:tag to build."),
    with_gxx: bool = typer.Option(False, "--with-gxx", help="Add g++ (C/C++ runners; ~150 MB more)."),
    with_node: bool = typer.Option(False, "--with-node", help="Add nodejs (JavaScript runner; ~60 MB more)."),
    rebuild_rootfs: bool = typer.Option(False, "--rebuild-rootfs", help="Ignore the cached rootfs tarball."),
) -> None:
    """Build the docker backend's image from a debootstrapped Debian rootfs (no registry pull).

    Needs root, debootstrap and a running Docker daemon (`make docker` sets both up).
    The rootfs tarball is cached in the user cache dir: a rebuild takes seconds.

    Examples:
      rewardstack sandbox build-image
      rewardstack sandbox build-image --with-gxx --name rewardstack-sandbox:cpp
    """
    from rewardstack.verifiers.code.sandbox.docker_image import build_image

    try:
        result = build_image(
            name,
            with_gxx=with_gxx,
            with_node=with_node,
            rebuild_rootfs=rebuild_rootfs,
            log=lambda msg: typer.echo(f"build-image: {msg}", err=True),
        )
    except RuntimeError as exc:
        typer.echo(f"build-image: {exc}", err=True)
        raise typer.Exit(1) from exc
    rootfs = "cached" if result.rootfs_cached else "built"
    typer.echo(f"{result.name} {result.image_id} ({result.seconds:.1f}s, rootfs {rootfs})")
