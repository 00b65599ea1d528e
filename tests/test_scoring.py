"""`rewardstack score` jobs: batching never changes a total, groups stay whole, state, resume, exit codes."""

from __future__ import annotations

import json
import os
import random
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from rewardstack import RewardStack, Sample
from tests.support.cli import (
    BASIC_SAMPLES,
    BASIC_STACK,
    CODE_SAMPLES,
    CODE_STACK,
    MATH_SAMPLES,
    MATH_STACK,
    read_jsonl,
    write_jsonl,
)
from tests.support.inprocess import rewardstack


def _without_latency(path: Path) -> list[dict[str, Any]]:
    rows = read_jsonl(path)
    for row in rows:
        for score in row["scores"].values():
            score.pop("latency_s")  # the one field a fresh run measures anew
    return rows


def test_math_stack_totals_do_not_depend_on_batch_size(tmp_path: Path) -> None:
    outputs = []
    for size in (1, 2, 3, 7, 1000):
        out = tmp_path / f"b{size}.jsonl"
        proc = rewardstack("score", "-s", MATH_STACK, "-i", MATH_SAMPLES, "-o", out, "--batch-size", size,
                           "--no-cache")
        assert proc.returncode == 0, proc.stderr
        outputs.append(_without_latency(out))
    # whole files (every field of every line but the measured latencies) are identical
    assert all(output == outputs[0] for output in outputs)
    assert len(outputs[0]) == len(MATH_SAMPLES.read_text().splitlines())


def test_groups_spread_over_the_file_give_the_same_totals_in_input_order(tmp_path: Path) -> None:
    lines = MATH_SAMPLES.read_text().splitlines()
    random.Random(7).shuffle(lines)
    shuffled = tmp_path / "shuffled.jsonl"
    shuffled.write_text("\n".join(lines) + "\n")
    reference = tmp_path / "ref.jsonl"
    assert rewardstack("score", "-s", MATH_STACK, "-i", MATH_SAMPLES, "-o", reference, "--no-cache").returncode == 0
    totals = {r["id"]: r["total"] for r in read_jsonl(reference)}
    for size in (1, 2, 5):
        out = tmp_path / f"s{size}.jsonl"
        proc = rewardstack("score", "-s", MATH_STACK, "-i", shuffled, "-o", out, "--no-cache", "--batch-size", size)
        assert proc.returncode == 0, proc.stderr
        results = read_jsonl(out)
        assert [r["id"] for r in results] == [json.loads(line)["id"] for line in lines]  # input order
        assert {r["id"]: r["total"] for r in results} == totals


def test_a_bad_line_inside_a_group_does_not_hold_the_group_forever(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in MATH_SAMPLES.read_text().splitlines()]
    broken = dict(rows[1])
    broken.pop("response")  # g1-1 is now a bad line; g1 is complete with g1-0 and g1-2
    path = write_jsonl(tmp_path / "in.jsonl", [rows[0], broken, rows[2], *rows[3:]])
    out = tmp_path / "out.jsonl"
    proc = rewardstack("score", "-s", MATH_STACK, "-i", path, "-o", out, "--no-cache", "--batch-size", "1")
    assert proc.returncode == 0, proc.stderr
    assert ":2: skipped: response: Field required" in proc.stderr
    assert [r["id"] for r in read_jsonl(out)] == [r["id"] for r in rows if r["id"] != "g1-1"]


def _saved_state(tmp_path: Path) -> Path:
    """A state as a training checkpoint would save it: a length multiplier well above lambda_init."""
    samples = [Sample.model_validate(json.loads(line)) for line in MATH_SAMPLES.read_text().splitlines()]
    with RewardStack.from_yaml(MATH_STACK, cache=None) as stack:
        state = stack.state_dict()
        state["fusion"]["children"][0]["state"]["multipliers"]["length"] = 0.05  # group_normalize > constraint
        stack.load_state_dict(state)
        path = tmp_path / "state.json"
        stack.save_state(path)
        expected = {r.id: r.total for r in stack.score(samples)}
    (tmp_path / "expected.json").write_text(json.dumps(expected))
    return path


def test_state_file_is_loaded_and_scoring_does_not_move_it(tmp_path: Path) -> None:
    state = _saved_state(tmp_path)
    expected = json.loads((tmp_path / "expected.json").read_text())
    outs = []
    for size in ("1", "1000"):
        out = tmp_path / f"out{size}.jsonl"
        proc = rewardstack("score", "-s", MATH_STACK, "-i", MATH_SAMPLES, "-o", out, "--no-cache", "--state", state,
                           "--batch-size", size)
        assert proc.returncode == 0, proc.stderr
        outs.append({r["id"]: r["total"] for r in read_jsonl(out)})
    assert outs[0] == outs[1] == pytest.approx(expected)
    plain = tmp_path / "plain.jsonl"
    assert rewardstack("score", "-s", MATH_STACK, "-i", MATH_SAMPLES, "-o", plain, "--no-cache").returncode == 0
    assert {r["id"]: r["total"] for r in read_jsonl(plain)} != outs[0]  # the saved multiplier matters


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json at all", "fusion state is not JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"hello": 1}', "not a rewardstack fusion state"),
        (None, "cannot read fusion state"),
    ],
)
def test_bad_state_files_exit_2_naming_the_file(tmp_path: Path, content: str | None, message: str) -> None:
    state = tmp_path / "state.json"
    if content is not None:
        state.write_text(content)
    out = tmp_path / "out.jsonl"
    proc = rewardstack("score", "-s", MATH_STACK, "-i", MATH_SAMPLES, "-o", out, "--no-cache", "--state", state)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "state.json" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_state_of_another_tree_is_refused(tmp_path: Path) -> None:
    with RewardStack.from_yaml(BASIC_STACK, cache=None) as stack:
        stack.save_state(tmp_path / "basic_state.json")
    proc = rewardstack("score", "-s", MATH_STACK, "-i", MATH_SAMPLES, "-o", tmp_path / "o.jsonl", "--no-cache",
                       "--state", tmp_path / "basic_state.json")
    assert proc.returncode == 2
    assert "basic_state.json" in proc.stderr and "does not match this stack's fusion tree" in proc.stderr


def test_resume_keeps_earlier_lines_and_scores_only_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", out, "--no-cache").returncode == 0
    full = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(b"".join(full[:3]) + full[3][:25])  # three results, then a line cut by a crash
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", out, "--no-cache", "--resume")
    assert proc.returncode == 0, proc.stderr
    assert "cut short" in proc.stderr and "3 sample(s) already in the output were skipped" in proc.stdout
    resumed = out.read_bytes().splitlines(keepends=True)
    assert resumed[:3] == full[:3]  # earlier lines kept byte for byte
    assert sorted(json.loads(line)["id"] for line in resumed) == sorted(json.loads(line)["id"] for line in full)
    again = rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", out, "--no-cache", "--resume")
    assert again.returncode == 0 and "8 sample(s) already in the output were skipped" in again.stdout
    assert out.read_bytes().splitlines(keepends=True) == resumed


def test_resume_rescores_a_group_that_was_only_partly_written(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    assert rewardstack("score", "-s", MATH_STACK, "-i", MATH_SAMPLES, "-o", out, "--no-cache").returncode == 0
    full = read_jsonl(out)
    write_jsonl(out, full[:4])  # all of g1 and one sample of g2
    proc = rewardstack("score", "-s", MATH_STACK, "-i", MATH_SAMPLES, "-o", out, "--no-cache", "--resume")
    assert proc.returncode == 0, proc.stderr
    assert "1 result(s) of partly written groups scored again" in proc.stdout
    resumed = read_jsonl(out)
    assert [r["id"] for r in resumed] == [r["id"] for r in full]
    assert [r["total"] for r in resumed] == pytest.approx([r["total"] for r in full])


def test_resume_refuses_a_file_that_is_not_score_output(tmp_path: Path) -> None:
    out = tmp_path / "samples_by_mistake.jsonl"
    out.write_bytes(BASIC_SAMPLES.read_bytes())
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", out, "--no-cache", "--resume")
    assert proc.returncode == 2 and "not a rewardstack result line" in proc.stderr
    assert out.read_bytes() == BASIC_SAMPLES.read_bytes()


def test_bad_bytes_and_bad_ids_are_bad_lines_and_lose_nothing(tmp_path: Path) -> None:
    good = BASIC_SAMPLES.read_bytes().splitlines()
    lines = [good[0], b'{"id": "x", "prompt": "caf\xe9", "response": "r"}', good[1],
             b'{"id": null, "prompt": "p", "response": "r"}', good[2],
             b'{"id": "d", "prompt": "p", "response": "\\udc80"}']
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", path, "-o", out, "--no-cache", "--batch-size", "2")
    assert proc.returncode == 0, proc.stderr
    assert "in.jsonl:2: skipped: not UTF-8: byte 0xe9" in proc.stderr
    assert "in.jsonl:4: skipped: id must be a non-empty string or an integer, got null" in proc.stderr
    assert "in.jsonl:6: skipped: a string holds an unpaired UTF-16 surrogate" in proc.stderr
    assert [r["id"] for r in read_jsonl(out)] == ["q1-good", "q1-wrong", "q1-verbose"]
    assert "None" not in out.read_text()
    assert "3 bad input line(s) skipped" in proc.stdout and "Traceback" not in proc.stderr


def test_bad_bytes_with_fail_policy_keep_what_was_scored(tmp_path: Path) -> None:
    good = BASIC_SAMPLES.read_bytes().splitlines()
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join([good[0], good[1], b"\xff oops", good[2]]) + b"\n")
    out = tmp_path / "out.jsonl"
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", path, "-o", out, "--no-cache", "--on-bad-line", "fail")
    assert proc.returncode == 2
    assert "in.jsonl:3: not UTF-8" in proc.stderr and "Traceback" not in proc.stderr
    assert [r["id"] for r in read_jsonl(out)] == ["q1-good", "q1-wrong"]


def test_duplicate_ids_are_scored_with_a_warning(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in BASIC_SAMPLES.read_text().splitlines()][:3]
    path = write_jsonl(tmp_path / "in.jsonl", [*rows, rows[0]])
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", path, "-o", tmp_path / "o.jsonl", "--no-cache")
    assert proc.returncode == 0
    assert "warning: line 4: id 'q1-good' was already used on line 1" in proc.stderr
    assert "1 sample(s) reuse an id" in proc.stdout


def test_summary_shows_cache_path_hits_and_fresh_latency_only(tmp_path: Path) -> None:
    cache = tmp_path / "c.sqlite"
    first = rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", tmp_path / "a.jsonl", "--cache", cache)
    second = rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", tmp_path / "b.jsonl", "--cache", cache)
    assert first.returncode == second.returncode == 0
    assert f"cache: {cache}: 0 hit(s), 16 miss(es)" in first.stdout
    assert f"cache: {cache}: 15 hit(s), 1 miss(es)" in second.stdout  # the error Score is never cached
    brevity = next(line for line in second.stdout.splitlines() if "brevity" in line)
    assert brevity.count("│ - ") >= 2 and "8" in brevity  # every Score cached: no fresh latency to report


def test_summary_counts_statuses_as_the_results_say(tmp_path: Path) -> None:
    rows = [json.loads(line) for line in BASIC_SAMPLES.read_text().splitlines()]
    out = tmp_path / "o.jsonl"
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", out, "--no-cache")
    assert proc.returncode == 0 and len(rows) == 8
    results = read_jsonl(out)
    for name in ("answer", "brevity"):
        counts: dict[str, int] = {}
        for r in results:
            status = r["scores"][name]["status"]
            counts[status] = counts.get(status, 0) + 1
        row = next(line for line in proc.stdout.splitlines() if f"│ {name} " in line)
        assert " ".join(f"{k}={v}" for k, v in sorted(counts.items())) in row


@pytest.mark.bwrap
def test_coding_example_without_reference_is_counted_as_abstain_with_its_reason(tmp_path: Path) -> None:
    if shutil.which("bwrap") is None:
        pytest.skip("needs bubblewrap")
    noref = {"id": "noref", "prompt": "write f", "response": "```python\ndef f():\n    return 1\n```"}
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(noref) + "\n" + "".join(CODE_SAMPLES.read_text().splitlines(keepends=True)[:3]))
    out = tmp_path / "o.jsonl"
    proc = rewardstack("score", "-s", CODE_STACK, "-i", path, "-o", out, "--no-cache")
    assert proc.returncode == 0, proc.stderr
    statuses = sorted(r["status"] for r in read_jsonl(out))
    total_row = next(line for line in proc.stdout.splitlines() if "TOTAL" in line)
    assert " ".join(f"{s}={statuses.count(s)}" for s in sorted(set(statuses))) in total_row
    assert "abstain=1" in total_row and "error" not in total_row
    assert "no total: 1 x abstain: " in proc.stdout and "tests abstain" in proc.stdout


@pytest.mark.parametrize(
    "cache_kind, code, message",
    [
        ("dir", 2, "is a directory"),
        ("text", 2, "is not an SQLite database"),
        ("proc", 0, "warning: result cache /proc/rewardstack-nope/c.sqlite is off for this run"),
    ],
)
def test_cache_paths(tmp_path: Path, cache_kind: str, code: int, message: str) -> None:
    if cache_kind == "dir":
        cache = tmp_path / "mine"
        cache.mkdir()
        (cache / "keep.txt").write_text("keep")
    elif cache_kind == "text":
        cache = tmp_path / "notes.txt"
        cache.write_text("my notes")
    else:
        cache = Path("/proc/rewardstack-nope/c.sqlite")
    proc = rewardstack("score", "-s", BASIC_STACK, "-i", BASIC_SAMPLES, "-o", tmp_path / "o.jsonl", "--cache", cache)
    assert proc.returncode == code, proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stderr.count("warning:") <= 1 and "warnings.warn" not in proc.stderr
    assert not list(tmp_path.glob("*.corrupt-*"))
    if cache_kind == "dir":
        assert (cache / "keep.txt").read_text() == "keep"
    if cache_kind == "proc":
        assert "cache: off for this run" in proc.stdout


@pytest.mark.parametrize(
    "fusion, where",
    [
        ("fusion:\n  kind: weighted_sum\n  weights: {answer: .nan}\n", "s.yaml:8: fusion.weights.answer"),
        ("fusion: &f\n  kind: clip\n  input: *f\n", "s.yaml:8: fusion.input"),
        ("fusion:\n  kind: clip\n  input: answer\n  input: brevity\n", "s.yaml:9: fusion.input: duplicate key"),
        ("fusion:\n  kind: constraint\n  reward: answer\n  costs: [{input: brevity, budget: .inf}]\n",
         "s.yaml:9: fusion.costs.0.budget"),
    ],
)
def test_config_errors_exit_2_with_file_line_key(tmp_path: Path, fusion: str, where: str) -> None:
    sources = "sources:\n  answer: {kind: regex_match}\n  brevity:\n    kind: length\n    unit: words\n"
    stack = tmp_path / "s.yaml"
    stack.write_text(sources + fusion)
    proc = rewardstack("score", "-s", stack, "-i", BASIC_SAMPLES, "-o", tmp_path / "o.jsonl", "--no-cache")
    assert proc.returncode == 2
    assert where in proc.stderr and "Traceback" not in proc.stderr


def test_deep_fusion_tree_is_a_clear_config_error(tmp_path: Path) -> None:
    lines = ["sources:", "  a: {kind: length}", "fusion:"]
    for level in range(300):
        lines += [f"{'  ' * (level + 1)}kind: clip", f"{'  ' * (level + 1)}max: 1.0", f"{'  ' * (level + 1)}input:"]
    lines[-1] += " a"
    stack = tmp_path / "deep.yaml"
    stack.write_text("\n".join(lines) + "\n")
    proc = rewardstack("score", "-s", stack, "-i", BASIC_SAMPLES, "-o", tmp_path / "o.jsonl", "--no-cache")
    assert proc.returncode == 2 and "deep.yaml:" in proc.stderr and "Traceback" not in proc.stderr


def test_input_from_a_pipe_is_read_once_and_kept(tmp_path: Path) -> None:
    fifo = tmp_path / "samples.fifo"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("wb") as pipe:
            pipe.write(MATH_SAMPLES.read_bytes())

    writer = threading.Thread(target=feed)
    writer.start()
    out = tmp_path / "out.jsonl"
    proc = rewardstack("score", "-s", MATH_STACK, "-i", fifo, "-o", out, "--no-cache", "--batch-size", "2")
    writer.join(timeout=60)
    assert proc.returncode == 0, (proc.returncode, proc.stdout, proc.stderr)
    assert len(read_jsonl(out)) == len(MATH_SAMPLES.read_text().splitlines())


def test_groups_are_kept_whole_by_the_key_the_stack_normalises_within(tmp_path: Path) -> None:
    stack = tmp_path / "s.yaml"
    stack.write_text("sources: {w: {kind: length, unit: words}}\n"
                     "fusion: {kind: group_normalize, key: prompt_id, input: w}\n")
    rows = [{"id": str(i), "prompt": "p", "response": "w " * (i + 1), "metadata": {"prompt_id": i % 3}}
            for i in range(9)]
    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    totals = []
    for size in (1, 2, 100):
        out = tmp_path / f"o{size}.jsonl"
        proc = rewardstack("score", "-s", stack, "-i", data, "-o", out, "--no-cache", "--batch-size", size)
        assert proc.returncode == 0, proc.stderr
        totals.append([r["total"] for r in read_jsonl(out)])
    assert totals[0] == totals[1] == totals[2]
    assert totals[0][0] == pytest.approx(-1.2247, abs=1e-3)  # words 1, 4, 7 in group 0: z of 1 is -1.2247


def test_a_tree_normalising_within_two_different_keys_is_refused(tmp_path: Path) -> None:
    stack = tmp_path / "s.yaml"
    stack.write_text("sources: {w: {kind: length, unit: words}}\n"
                     "fusion: {kind: group_normalize, key: a, input: {kind: group_normalize, key: b, input: w}}\n")
    data = tmp_path / "in.jsonl"
    data.write_text('{"prompt": "p", "response": "r"}\n')
    proc = rewardstack("score", "-s", stack, "-i", data, "-o", tmp_path / "o.jsonl", "--no-cache")
    assert proc.returncode == 2 and "can keep only one grouping whole" in proc.stderr
