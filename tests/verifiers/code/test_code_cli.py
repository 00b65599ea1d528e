"""``rewardstack sandbox check`` logic and its typer sub-app."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from rewardstack.verifiers.code.cli import sandbox_app
from rewardstack.verifiers.code.sandbox.check import sandbox_check


def test_sandbox_check_reports_measured_isolation() -> None:
    reports = {r.backend: r for r in sandbox_check(["bwrap", "local", "nonexistent"])}
    assert not reports["nonexistent"].available
    local = reports["local"]
    assert local.available and not local.isolated and local.host_env_visible and local.network is not None
    bwrap = reports["bwrap"]
    if bwrap.available:  # bubblewrap installed (scripts/setup_system.sh)
        assert bwrap.isolated, bwrap
        assert bwrap.uid != 0 and bwrap.shadow_readable is False and bwrap.host_loopback is False


def test_cli_check_json() -> None:
    result = CliRunner().invoke(sandbox_app, ["check", "-b", "local", "--json"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert report["backend"] == "local" and report["is_root"] is not None


def test_cli_check_text() -> None:
    result = CliRunner().invoke(sandbox_app, ["check", "-b", "local"])
    assert result.exit_code == 0 and "NOT ISOLATED" in result.output
