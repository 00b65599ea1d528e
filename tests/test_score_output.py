"""`rewardstack score -o`: never over an input, never a half-overwritten earlier output, streams work."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import BASIC_SAMPLES, BASIC_STACK, read_jsonl, start_scoring, write_jsonl
from tests.support.inprocess import rewardstack


def _copy_inputs(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "data"
    data.mkdir()
    return Path(shutil.copy(BASIC_SAMPLES, data / "in.jsonl")), Path(shutil.copy(BASIC_STACK, data / "stack.yaml"))


def _same_path(tmp: Path, inp: Path, stack: Path) -> Path:
    return inp


def _dotted(tmp: Path, inp: Path, stack: Path) -> Path:
    return inp.parent / ".." / inp.parent.name / "." / inp.name


def _symlink(tmp: Path, inp: Path, stack: Path) -> Path:
    link = tmp / "link.jsonl"
    link.symlink_to(inp)
    return link


def _symlinked_folder(tmp: Path, inp: Path, stack: Path) -> Path:
    folder = tmp / "alias"
    folder.symlink_to(inp.parent, target_is_directory=True)
    return folder / inp.name


def _hardlink(tmp: Path, inp: Path, stack: Path) -> Path:
    link = tmp / "hard.jsonl"
    os.link(inp, link)
    return link


def _the_stack(tmp: Path, inp: Path, stack: Path) -> Path:
    return stack


@pytest.mark.parametrize("spell", [_same_path, _dotted, _symlink, _symlinked_folder, _hardlink, _the_stack])
def test_output_that_is_an_input_is_refused_and_nothing_is_touched(
    tmp_path: Path, spell: Callable[[Path, Path, Path], Path]
) -> None:
    inp, stack = _copy_inputs(tmp_path)
    before = (inp.read_bytes(), stack.read_bytes())
    output = spell(tmp_path, inp, stack)
    for resume in ([], ["--resume"]):
        proc = rewardstack("score", "-s", stack, "-i", inp, "-o", output, "--no-cache", *resume)
        assert proc.returncode == 2, proc.stderr
        assert "same file on disk" in proc.stderr and "Traceback" not in proc.stderr
    assert (inp.read_bytes(), stack.read_bytes()) == before
    assert not list(inp.parent.glob(".*partial"))


def test_output_that_is_the_state_or_the_cache_is_refused(tmp_path: Path) -> None:
    inp, stack = _copy_inputs(tmp_path)
    cache = tmp_path / "c.sqlite"
    assert rewardstack("score", "-s", stack, "-i", inp, "-o", tmp_path / "o.jsonl", "--cache", cache).returncode == 0
    cached = cache.read_bytes()
    proc = rewardstack("score", "-s", stack, "-i", inp, "-o", cache, "--cache", cache)
    assert proc.returncode == 2 and "cache file" in proc.stderr
    assert cache.read_bytes() == cached
    state = tmp_path / "state.json"
    state.write_text("{}")
    proc = rewardstack("score", "-s", stack, "-i", inp, "-o", state, "--state", state, "--no-cache")
    assert proc.returncode == 2 and "state file" in proc.stderr and state.read_text() == "{}"


def test_output_directory_or_unwritable_path_is_a_config_error(tmp_path: Path) -> None:
    folder = tmp_path / "results"
    folder.mkdir()
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", folder, "--no-cache")
    assert proc.returncode == 2 and "is a directory" in proc.stderr and "Traceback" not in proc.stderr
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", "/proc/version.jsonl", "--no-cache")
    assert proc.returncode == 2 and "cannot write output" in proc.stderr and "Traceback" not in proc.stderr


def test_existing_output_is_replaced_and_the_user_is_told(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old results\n")
    out.chmod(0o640)
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", out, "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert "exists; it is replaced" in proc.stderr and "(replaced)" in proc.stdout
    assert len(read_jsonl(out)) == 8
    assert out.stat().st_mode & 0o777 == 0o640  # the replaced file keeps its mode
    assert not list(tmp_path.glob(".*partial"))


def test_symlinked_output_keeps_the_link_and_replaces_its_target(tmp_path: Path) -> None:
    target = tmp_path / "real.jsonl"
    target.write_text("old\n")
    link = tmp_path / "out.jsonl"
    link.symlink_to(target)
    assert rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", link, "--no-cache").returncode == 0
    assert link.is_symlink() and len(read_jsonl(target)) == 8


def test_nothing_scored_leaves_an_earlier_output_alone_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b"{oops\n\xff\xfe\n[1]\n")
    out = tmp_path / "out.jsonl"
    out.write_text("earlier results\n")
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", bad, "-o", out, "--no-cache")
    assert proc.returncode == 1
    assert "nothing scored: all 3 non-blank input line(s) are bad" in proc.stderr and "left unchanged" in proc.stderr
    assert out.read_text() == "earlier results\n"


def test_empty_input_writes_an_empty_output_and_exits_0(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    out = tmp_path / "out.jsonl"
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", empty, "-o", out, "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert out.read_text() == "" and "(created empty)" in proc.stdout


def test_stdin_to_stdout_with_the_summary_on_stderr() -> None:
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", "-", "-o", "-", "--no-cache", stdin=BASIC_SAMPLES.read_bytes())
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in results] == [json.loads(line)["id"] for line in BASIC_SAMPLES.read_text().splitlines()]
    assert "TOTAL" in proc.stderr and "TOTAL" not in proc.stdout


def test_dev_null_is_written_not_replaced(tmp_path: Path) -> None:
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", "/dev/null", "--no-cache")
    assert proc.returncode == 0, proc.stderr
    assert Path("/dev/null").is_char_device()


@pytest.mark.bwrap
def test_a_killed_run_leaves_the_earlier_output_whole(tmp_path: Path) -> None:
    if shutil.which("bwrap") is None:
        pytest.skip("needs bubblewrap")
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "old", "total": 1.0, "status": "ok"}\n')
    proc = start_scoring(tmp_path, out, "--batch-size", "6")  # one batch: it never finishes before the kill
    time.sleep(3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert out.read_text() == '{"id": "old", "total": 1.0, "status": "ok"}\n'


def test_stdout_reader_going_away_stops_quietly(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.support.cli import REPO

    rows = [json.loads(line) for line in BASIC_SAMPLES.read_text().splitlines()]
    many = write_jsonl(tmp_path / "many.jsonl", [{**row, "id": f"{row['id']}-{k}"} for k in range(300) for row in rows])
    proc = subprocess.Popen(  # 2,400 results: far more than a pipe buffer holds
        [sys.executable, "-m", "rewardstack.cli", "score", "-s", str(BASIC_STACK), "-i", str(many),
         "-o", "-", "--no-cache", "--batch-size", "8"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert json.loads(first)["id"] == "q1-good-0"
    assert proc.returncode == 141, stderr
    assert "standard output was closed" in stderr and "Traceback" not in stderr and "Exception ignored" not in stderr
