"""The command line on real files: as a user runs it (``python -m``, a subprocess) where the process is the
point (the example run, ``--version``), in-process (same app, same arguments) for messages and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.inprocess import rewardstack

REPO = Path(__file__).resolve().parents[1]
BASIC_STACK = REPO / "examples/stacks/basic.yaml"
BASIC_SAMPLES = REPO / "examples/data/basic_samples.jsonl"


def python_m(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rewardstack.cli", *map(str, args)], capture_output=True, text=True, timeout=300
    )


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_score_example_files(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = python_m("score", "--stack", BASIC_STACK, "--input", BASIC_SAMPLES, "--output", out)
    assert proc.returncode == 0, proc.stderr
    results = {r["id"]: r for r in read_jsonl(out)}
    assert len(results) == 8
    assert results["q1-good"]["scores"]["answer"]["value"] == 1.0  # type: ignore[index]
    assert results["q1-wrong"]["scores"]["answer"]["value"] == 0.0  # type: ignore[index]
    assert results["q3-noref"]["scores"]["answer"]["status"] == "abstain"  # type: ignore[index]
    assert results["q5-badregex"]["scores"]["answer"]["status"] == "error"  # type: ignore[index]
    # summary table: per-source mean, status counts and latency columns
    for text in ("answer", "brevity", "abstain=1", "error=1", "p95 ms", "TOTAL"):
        assert text in proc.stdout


def test_second_run_is_served_from_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    for name in ("a", "b"):
        proc = rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", tmp_path / f"{name}.jsonl",
                           "--cache", cache)
        assert proc.returncode == 0, proc.stderr
    first, second = read_jsonl(tmp_path / "a.jsonl"), read_jsonl(tmp_path / "b.jsonl")
    assert [r["total"] for r in first] == [r["total"] for r in second]
    assert cache.exists()


def _bad_input(tmp_path: Path) -> Path:
    lines = BASIC_SAMPLES.read_text().splitlines()
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([lines[0], "{not json", lines[1], '{"id": "x", "prompt": "p"}', lines[2]]) + "\n")
    return path


def test_bad_lines_skipped_with_line_numbers(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", _bad_input(tmp_path), "-o", out, "--no-cache")
    assert proc.returncode == 0
    assert ":2: skipped: not JSON" in proc.stderr
    assert ":4: skipped: response: Field required" in proc.stderr
    assert [r["id"] for r in read_jsonl(out)] == ["q1-good", "q1-wrong", "q1-verbose"]


def test_bad_line_fail_keeps_what_was_scored(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", _bad_input(tmp_path), "-o", out,
                       "--no-cache", "--on-bad-line", "fail", "--batch-size", "1")
    assert proc.returncode == 2
    assert ":2: not JSON" in proc.stderr
    assert [r["id"] for r in read_jsonl(out)] == ["q1-good"]  # scored before the bad line, not lost


@pytest.mark.parametrize(
    "yaml_text, message",
    [
        ("sources:\n  a: {kind: no_such_source}\n", "unknown source kind 'no_such_source'"),
        ("sources:\n  a: {kind: length, target: lots}\n", "sources.a.target"),
        ("sources:\n  a: {kind: length, colour: red}\n", "unknown key 'colour'"),
    ],
)
def test_bad_stack_yaml_exits_2_with_message(tmp_path: Path, yaml_text: str, message: str) -> None:
    stack = tmp_path / "s.yaml"
    stack.write_text(yaml_text)
    proc = rewardstack("score", "-s", stack, "-i", BASIC_SAMPLES, "-o", tmp_path / "o.jsonl")
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "s.yaml:2" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_input_exits_2(tmp_path: Path) -> None:
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", tmp_path / "none.jsonl", "-o", tmp_path / "o.jsonl")
    assert proc.returncode == 2 and "does not exist" in proc.stderr


def test_sources_lists_builtins() -> None:
    proc = rewardstack("sources")
    assert proc.returncode == 0
    assert "length" in proc.stdout and "regex_match" in proc.stdout and "builtin" in proc.stdout


@pytest.mark.parametrize(
    "command", [["--help"], ["-h"], ["score", "--help"], ["score", "-h"], ["sources", "--help"], ["sources", "-h"]]
)
def test_help_has_examples(command: list[str]) -> None:
    proc = rewardstack(*command)
    assert proc.returncode == 0
    assert "Usage" in proc.stdout
    if command[0] != command[-1]:
        assert "Example" in proc.stdout


def test_version() -> None:
    import rewardstack as package

    proc = python_m("--version")
    assert proc.returncode == 0 and proc.stdout.strip() == f"rewardstack {package.__version__}"


def test_sources_says_which_results_are_cached() -> None:
    proc = rewardstack("sources")
    assert proc.returncode == 0
    assert "cached" in proc.stdout
    length_row = next(line for line in proc.stdout.splitlines() if "│ length " in line)
    assert "yes" in length_row


def test_python_warnings_are_one_readable_line(tmp_path: Path) -> None:
    cache = tmp_path / "c.sqlite"
    for part in ("", "-wal", "-shm"):
        Path(str(cache) + part).unlink(missing_ok=True)
    import sqlite3

    sqlite3.connect(cache).execute("CREATE TABLE scores (key TEXT PRIMARY KEY, score TEXT, created REAL)").close()
    cache.write_bytes(cache.read_bytes()[:16] + b"\x00" * 4000)  # an SQLite file, corrupt: moved aside
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", tmp_path / "o.jsonl", "--cache", cache)
    assert proc.returncode == 0, proc.stderr
    warning_lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(warning_lines) == 1 and warning_lines[0].startswith("warning: result cache")
    assert "RuntimeWarning" not in proc.stderr and "warnings.warn" not in proc.stderr


def test_sources_names_a_plugin_clashing_with_a_builtin_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib.metadata import EntryPoint

    from rewardstack.core import registry

    clash = EntryPoint(name="length", value="my_plugin.mod:Length", group="rewardstack.sources")
    monkeypatch.setattr(registry, "entry_points", lambda group: [clash] if group == "rewardstack.sources" else [])
    monkeypatch.setattr(registry.SOURCES, "_discovered", False)  # restored afterwards: discovery reads them again
    proc = rewardstack("sources")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "error: source kind 'length' is registered twice: by builtin and by entry point 'my_plugin.mod:Length'" \
        in proc.stderr and "Rename one of them" in proc.stderr
