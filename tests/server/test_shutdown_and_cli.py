"""``rewardstack serve`` as a process: graceful shutdown on SIGTERM, the command's flags and exit codes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from rewardstack import RewardStack
from rewardstack.cli import app
from tests.server.helpers import sample

ROOT = Path(__file__).resolve().parents[2]
RUN = [sys.executable, "-m", "rewardstack.cli"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited early: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise AssertionError("the server did not come up")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(10)


@pytest.mark.slow  # two processes' start-up: 10-40 s on the shared 2-core machine
def test_sigterm_finishes_the_requests_in_flight_then_exits() -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, str(ROOT / "tests/server/serve_slow.py"), str(port), "1.5"],
                               cwd=ROOT, stderr=subprocess.PIPE)
    try:
        _wait_healthy(url, process)
        with ThreadPoolExecutor(8) as pool:
            futures = [pool.submit(httpx.post, f"{url}/score", json={"samples": [sample(i, "x" * i)]}, timeout=30)
                       for i in range(1, 9)]
            deadline = time.monotonic() + 20
            while True:  # all eight arrived: a batch running, perhaps some still queued behind it
                health = httpx.get(f"{url}/health").json()
                if health["in_flight"] > 0 and health["in_flight"] + health["queued"] == 8:
                    break
                assert time.monotonic() < deadline, health
                time.sleep(0.01)
            process.send_signal(signal.SIGTERM)
            replies = [f.result() for f in futures]
        code = process.wait(30)
    finally:
        _stop(process)
    assert [r.status_code for r in replies] == [200] * 8
    assert [r.json()["results"][0]["total"] for r in replies] == [float(i) for i in range(1, 9)]
    assert code in (-signal.SIGTERM, 128 + signal.SIGTERM)  # uvicorn re-raises the signal once it is done
    with pytest.raises(httpx.TransportError):  # nothing listens any more
        httpx.get(f"{url}/health", timeout=2)


@pytest.mark.slow
def test_the_command_serves_a_yaml_stack_with_a_token_and_a_state(tmp_path: Path) -> None:
    stack_file = ROOT / "examples/stacks/basic.yaml"
    state = tmp_path / "state.json"
    with RewardStack.from_yaml(stack_file, cache=None) as stack:
        stack.save_state(state)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "RS_TEST_TOKEN": "t0ken"}
    process = subprocess.Popen([*RUN, "serve", "--stack", str(stack_file), "--port", str(port), "--no-cache",
                                "--token-env", "RS_TEST_TOKEN", "--state", str(state), "--max-batch", "8"],
                               cwd=ROOT, env=env, stderr=subprocess.PIPE)
    try:
        _wait_healthy(url, process)
        body = {"samples": [sample(1, "Answer: 4", reference={"pattern": "4"})]}
        refused = httpx.post(f"{url}/score", json=body)
        scored = httpx.post(f"{url}/score", json=body, headers={"Authorization": "Bearer t0ken"})
        process.send_signal(signal.SIGTERM)
        process.wait(30)
        stderr = process.stderr.read().decode() if process.stderr else ""
    finally:
        _stop(process)
    assert refused.status_code == 401
    assert scored.status_code == 200 and scored.json()["results"][0]["scores"]["answer"]["value"] == 1.0
    assert f"serving {stack_file} at {url}" in stderr and "Traceback" not in stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--stack", "missing.yaml"], "missing.yaml"),
    (["--stack", "{bad_stack}"], "bad.yaml:2"),
    (["--stack", "examples/stacks/basic.yaml", "--token-env", "RS_UNSET_VAR"], "RS_UNSET_VAR is unset"),
    (["--stack", "examples/stacks/basic.yaml", "--state", "{bad_state}"], "state.json"),
    (["--stack", "examples/stacks/basic.yaml", "--missing-reward", "nan"], "nan is not a finite number"),
    (["--stack", "examples/stacks/basic.yaml", "--missing-reward", "-inf"], "-inf is not a finite number"),
])
def test_bad_configuration_exits_2_naming_what(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                               message: str) -> None:
    bad_stack = tmp_path / "bad.yaml"
    bad_stack.write_text("sources:\n  a: {kind: lenght}\n")
    bad_state = tmp_path / "state.json"
    bad_state.write_text(json.dumps({"not": "a state"}))
    monkeypatch.delenv("RS_UNSET_VAR", raising=False)
    monkeypatch.chdir(ROOT)
    args = [a.format(bad_stack=bad_stack, bad_state=bad_state) for a in args]
    done = CliRunner().invoke(app, ["serve", *args, "--no-cache", "--port", str(_free_port())])
    assert done.exit_code == 2, done.output
    assert message in " ".join(done.output.split()) and "Traceback" not in done.output


def test_a_taken_port_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = CliRunner().invoke(app, ["serve", "--stack", "examples/stacks/basic.yaml", "--no-cache",
                                        "--port", str(port)])
    assert done.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in " ".join(done.output.split())


@pytest.mark.parametrize("args", [["serve", "--help"], ["serve", "-h"], ["export", "openrlhf", "--help"]])
def test_help_shows_examples(args: list[str]) -> None:
    done = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert done.exit_code == 0 and "Example" in done.output
