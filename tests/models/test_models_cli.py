"""``rewardstack models list|fetch|path``: in-process (the same app and arguments as a user's command), and a real
process on a pseudo-terminal for the progress display."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from rewardstack.models import EMBEDDED_MODELS, MODEL_DIR_ENV
from tests.support.inprocess import rewardstack


def models_cli(*args: str, model_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    """In-process: the same app and arguments as a user's command (the terminal test runs a real process)."""
    return rewardstack("models", *args, env={MODEL_DIR_ENV: str(model_dir)} if model_dir is not None else None)


def models_cli_on_a_terminal(*args: str, model_dir: Path, stderr: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rewardstack.cli", "models", *args], stdout=subprocess.PIPE,
                          stderr=stderr, text=True, env={**os.environ, MODEL_DIR_ENV: str(model_dir)}, timeout=300)


def listing(model_dir: Path) -> dict[str, dict[str, object]]:
    proc = models_cli("list", "--json", model_dir=model_dir)
    assert proc.returncode == 0, proc.stderr
    return {row["name"]: row for row in map(json.loads, proc.stdout.splitlines())}


def test_fetch_then_list_and_path(tmp_path: Path) -> None:
    before = listing(tmp_path)
    assert sorted(before) == sorted(EMBEDDED_MODELS)
    assert before["all-minilm-l6-v2"]["ready"] is True and before["tiny-lm"]["ready"] is False

    fetched = models_cli("fetch", "tiny-lm", "tiny-encoder", model_dir=tmp_path)
    assert fetched.returncode == 0, fetched.stderr
    assert "tiny-lm: initialising from seed 1234" in fetched.stderr  # plain lines when not on a terminal
    assert f"ready  tiny-lm  17 MB  {tmp_path / 'tiny-lm'}" in fetched.stdout

    after = listing(tmp_path)
    assert after["tiny-lm"]["ready"] is True and after["tiny-lm"]["path"] == str(tmp_path / "tiny-lm")
    located = models_cli("path", "tiny-encoder", model_dir=tmp_path)
    assert located.returncode == 0 and located.stdout.strip() == str(tmp_path / "tiny-encoder")

    table = models_cli("list", model_dir=tmp_path)
    assert table.returncode == 0 and "tiny-encoder" in table.stdout and "yes" in table.stdout
    assert "smollm2-135m-instruct: not prepared yet (run: rewardstack models fetch" in table.stdout


@pytest.mark.parametrize("command", [("path", "tiny-lmm"), ("fetch", "tiny-lm", "gpt-17")])
def test_unknown_names_exit_2_and_build_nothing(command: tuple[str, ...], tmp_path: Path) -> None:
    proc = models_cli(*command, model_dir=tmp_path)
    assert proc.returncode == 2
    assert "not found" in proc.stderr and all(name in proc.stderr for name in EMBEDDED_MODELS)
    assert "Traceback" not in proc.stderr and not (tmp_path / "tiny-lm").exists()


@pytest.mark.parametrize("command", ["list", "fetch", "path"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    proc = models_cli(command, "--help")
    assert proc.returncode == 0 and "Example" in proc.stdout and f"rewardstack models {command}" in proc.stdout


def test_progress_on_a_terminal(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    try:
        proc = models_cli_on_a_terminal("fetch", "tiny-lm", model_dir=tmp_path, stderr=follower)
    finally:
        os.close(follower)
    shown = b""
    try:
        while chunk := os.read(leader, 65536):
            shown += chunk
    except OSError:  # EIO: the terminal's other end is closed and drained
        pass
    os.close(leader)
    assert proc.returncode == 0 and str(tmp_path / "tiny-lm") in proc.stdout
    assert b"tiny-lm" in shown and b"model(s) ready" in shown
