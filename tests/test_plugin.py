"""A real plugin distribution, pip-installed into this environment, found through its entry point."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PLUGIN = REPO / "examples/plugin_package"


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def installed_plugin() -> Iterator[None]:
    # --no-deps: rewardstack itself is already installed (editable) in this environment
    proc = _pip("install", "--no-deps", "--quiet", str(PLUGIN))
    assert proc.returncode == 0, proc.stderr
    yield
    _pip("uninstall", "--yes", "--quiet", "rewardstack-plugin-example")


def _cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rewardstack.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env)


def test_plugin_listed_by_sources(installed_plugin: None) -> None:
    proc = _cli("sources")
    assert proc.returncode == 0, proc.stderr
    assert "keyword_present" in proc.stdout
    assert "rewardstack-plugin-example" in proc.stdout.replace("\n", "").replace(" ", "").replace("│", "") or \
        "entry point" in proc.stdout


def test_plugin_used_in_a_yaml_stack(installed_plugin: None, tmp_path: Path) -> None:
    stack = tmp_path / "stack.yaml"
    stack.write_text("sources:\n  kw: {kind: keyword_present, keywords: [paris]}\n  len: {kind: length}\n"
                     "fusion: {kind: weighted_sum, weights: {kw: 1.0}}\n")
    samples = tmp_path / "in.jsonl"
    samples.write_text(
        '{"id": "a", "prompt": "?", "response": "Paris!"}\n{"id": "b", "prompt": "?", "response": "Rome"}\n'
    )
    out = tmp_path / "out.jsonl"
    proc = _cli("score", "-s", stack, "-i", samples, "-o", out, "--no-cache")
    assert proc.returncode == 0, proc.stderr
    totals = [json.loads(line)["total"] for line in out.read_text().splitlines()]
    assert totals == [1.0, 0.0]


def test_autoload_switch_hides_plugin(installed_plugin: None) -> None:
    env = {**os.environ, "REWARDSTACK_DISABLE_PLUGIN_AUTOLOAD": "1"}
    proc = _cli("sources", env=env)
    assert proc.returncode == 0
    assert "keyword_present" not in proc.stdout
