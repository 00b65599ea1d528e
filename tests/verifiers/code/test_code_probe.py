"""The isolation probe checks host folders by identity (a canary), not by name.

A sandbox has its own ``/tmp`` and ``/``: run from ``/tmp`` or with ``HOME=/tmp``, a probe that
asked "can a path with that name be listed?" reported every isolating backend as leaking.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rewardstack.verifiers.code.cli import sandbox_app
from rewardstack.verifiers.code.sandbox import SandboxBackend
from rewardstack.verifiers.code.sandbox.probe import plant_canaries, protected_folders, remove_canaries
from tests.verifiers.code.conftest import backend_named

PLACES = {  # (HOME, working folder): the spots that used to cry wolf
    "home_tmp": ("/tmp", None),
    "cwd_tmp": (None, "/tmp"),
    "cwd_root": (None, "/"),
    "home_and_cwd_tmp": ("/tmp", "/tmp"),
    "home_root_fs": ("/", "/"),
}


def _go(monkeypatch: pytest.MonkeyPatch, place: str) -> None:
    home, cwd = PLACES[place]
    if home is not None:
        monkeypatch.setenv("HOME", home)
    if cwd is not None:
        monkeypatch.chdir(cwd)


def _no_canaries_left() -> None:
    for folder in ("/tmp", "/", os.path.expanduser("~"), os.getcwd()):
        assert glob.glob(os.path.join(folder, ".rewardstack-probe-*")) == [], folder


@pytest.mark.parametrize("place", sorted(PLACES))
def test_isolating_backends_stay_isolated_wherever_the_host_runs(
    isolating_backend: SandboxBackend, monkeypatch: pytest.MonkeyPatch, place: str
) -> None:
    _go(monkeypatch, place)
    report = isolating_backend.probe()
    assert report.host_home_visible is False, report
    assert report.isolated, report
    _no_canaries_left()


@pytest.mark.parametrize("place", sorted(PLACES))
def test_the_unsafe_backend_is_still_caught(monkeypatch: pytest.MonkeyPatch, place: str) -> None:
    _go(monkeypatch, place)
    report = backend_named("local").probe()
    assert report.host_home_visible is True and not report.isolated
    _no_canaries_left()


def test_a_folder_the_host_cannot_write_is_compared_by_device_and_inode(monkeypatch: pytest.MonkeyPatch) -> None:
    """/proc takes no canary file: its identity is (st_dev, st_ino); a sandbox's own /proc differs."""
    monkeypatch.setenv("HOME", "/proc")
    marks, planted = plant_canaries(["/proc"])
    assert planted == [] and marks == [{"dir": "/proc", "dev": os.stat("/proc").st_dev, "ino": os.stat("/proc").st_ino}]
    assert backend_named("bwrap").probe().host_home_visible is False
    assert backend_named("local").probe().host_home_visible is True


def test_canaries_are_planted_once_per_folder_and_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert protected_folders().count(str(tmp_path.resolve())) == 1
    marks, planted = plant_canaries([str(tmp_path), str(tmp_path / "missing")])
    assert len(planted) == 1 and marks == [{"file": planted[0]}]
    assert Path(planted[0]).stat().st_mode & 0o777 == 0o644  # readable by a sandbox's unprivileged uid
    remove_canaries(planted)
    remove_canaries(planted)  # idempotent
    assert list(tmp_path.iterdir()) == []


def test_cli_check_from_tmp_reports_bwrap_isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/tmp")
    monkeypatch.chdir("/tmp")
    result = CliRunner().invoke(sandbox_app, ["check", "-b", "bwrap"])
    assert result.exit_code == 0, result.output
    if "unavailable" not in result.output:
        assert "bwrap   isolated" in result.output and "host_home_visible = False" in result.output
