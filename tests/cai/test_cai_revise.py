"""``cai revise`` on the tiny seeded LM: valid trainer pairs with provenance, deterministic, resumable."""

from __future__ import annotations

import threading
from pathlib import Path

from rewardstack.cai import ReviseSettings, run_revise
from rewardstack.cai.progress import LineItemProgress
from rewardstack.rewards.critic.chat_lm import ChatLM
from rewardstack.rewards.critic.constitution import load_constitution
from rewardstack.training.rm import read_preferences
from tests.cai.conftest import PROMPTS, REVISE, read_jsonl


class _StopAfterFirstBatch(LineItemProgress):
    """Sets the stop event once the first batch is written: what the first Ctrl-C does."""

    def __init__(self, stop: threading.Event, lines: list[str]):
        super().__init__("revise", lines.append)
        self.stop = stop

    def advance(self, n: int) -> None:
        super().advance(n)
        self.stop.set()


def test_pairs_are_valid_trainer_lines_with_provenance(tmp_path: Path, prompts_file: Path, tiny_lm: ChatLM) -> None:
    out = tmp_path / "pairs.jsonl"
    summary = run_revise(prompts_file, out, REVISE, batch_size=2, lm=tiny_lm)
    assert (summary.written, summary.skipped, summary.stopped) == (len(PROMPTS), [], False)
    data = read_preferences(out)
    assert data.bad_lines == [] and len(data.pairs) == len(PROMPTS)
    rows = read_jsonl(out)
    assert [row["id"] for row in rows] == ["egg", "bats", "3", "kill", "7"]
    assert rows[1]["prompt"] == PROMPTS[1]["prompt"]  # chat prompts are written back as given
    default = load_constitution("default")
    for row, prompt in zip(rows, PROMPTS, strict=True):
        meta = row["metadata"]
        assert {k: meta[k] for k in ("model", "seed", "constitution")} == {"model": "tiny-lm", "seed": 0,
                                                                            "constitution": "default"}
        assert meta["principle"] in {p.id for p in default.applicable(prompt.get("domain"))}
        assert meta["critique"] and row["chosen"] != row["rejected"] and row["labeler"] == "cai-revise:tiny-lm"


def test_two_runs_give_identical_files_and_the_seed_matters(tmp_path: Path, prompts_file: Path,
                                                            tiny_lm: ChatLM) -> None:
    outs = [tmp_path / f"{name}.jsonl" for name in ("a", "b", "c")]
    for out, seed in zip(outs, (0, 0, 1), strict=True):
        run_revise(prompts_file, out, REVISE.model_copy(update={"seed": seed}), batch_size=2, lm=tiny_lm)
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert [r["rejected"] for r in read_jsonl(outs[0])] != [r["rejected"] for r in read_jsonl(outs[2])]


def test_a_stopped_run_resumes_to_the_uninterrupted_file(tmp_path: Path, prompts_file: Path, tiny_lm: ChatLM) -> None:
    whole, resumed = tmp_path / "whole.jsonl", tmp_path / "resumed.jsonl"
    run_revise(prompts_file, whole, REVISE, batch_size=2, lm=tiny_lm)
    stop, lines = threading.Event(), []
    first = run_revise(prompts_file, resumed, REVISE, batch_size=2, lm=tiny_lm,
                       progress=_StopAfterFirstBatch(stop, lines), stop=stop)
    assert (first.written, first.stopped, first.remaining) == (2, True, 3)
    with resumed.open("ab") as handle:
        handle.write(b'{"id": "3", "prompt": "cut sho')  # a write killed halfway: redone on resume
    lines.clear()
    second = run_revise(prompts_file, resumed, REVISE, batch_size=2, lm=tiny_lm,
                        progress=LineItemProgress("revise", lines.append))
    assert (second.already_done, second.written, second.stopped) == (2, 3, False)
    assert lines[0] == "revise: 5 items, 2 already in the output"
    assert resumed.read_bytes() == whole.read_bytes()


def test_an_item_too_long_for_the_model_is_skipped_and_named(tmp_path: Path, tiny_lm: ChatLM) -> None:
    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text('{"id": "ok", "prompt": "Hi"}\n{"id": "long", "prompt": "' + "word " * 9000 + '"}\n')
    lines: list[str] = []
    summary = run_revise(prompts, tmp_path / "out.jsonl", ReviseSettings(model="tiny-lm", max_new_tokens=4),
                         lm=tiny_lm, progress=LineItemProgress("revise", lines.append))
    assert summary.written == 1 and [s.line for s in summary.skipped] == [2]
    assert any(line.startswith(f"{prompts}:2: skipped: response: the prompt has ") for line in lines), lines
