"""Rewards scored beside the no-grad passes (rollout.overlap_rewards): the same run, timed honestly."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from rewardstack.fusion.stack import RewardStack
from rewardstack.training.ppo import PPOConfig, train_ppo
from rewardstack.training.ppo.overlap import SideWorker
from rewardstack.training.ppo.train import _check_same_run
from rewardstack.training.rm.progress import NullProgress
from tests.training.ppo.conftest import STACK


class _SideFailed(Exception):
    pass


class _MainFailed(Exception):
    pass


@pytest.mark.parametrize("overlap", [True, False])
def test_results_and_timings(overlap: bool) -> None:
    with SideWorker(overlap=overlap) as worker:
        done = worker.run(lambda: threading.current_thread().name, lambda: threading.current_thread().name)
    assert done.main == threading.current_thread().name
    assert done.side.startswith("ppo-reward") if overlap else done.side == done.main
    assert 0.0 <= done.hidden_s <= min(done.side_s, done.main_s) + 1e-9
    if not overlap:
        assert done.hidden_s == 0.0


@pytest.mark.parametrize("overlap", [True, False])
def test_the_side_calls_exception_propagates_unchanged(overlap: bool) -> None:
    error = _SideFailed("sandbox down")

    def side() -> None:
        raise error

    ran: list[str] = []
    with SideWorker(overlap=overlap) as worker, pytest.raises(_SideFailed) as caught:
        worker.run(side, lambda: ran.append("main"))
    assert caught.value is error
    assert ran == (["main"] if overlap else [])  # sequential: the reward call comes first, as it always did


def test_a_failing_main_waits_for_the_side_call_and_wins() -> None:
    side_done = threading.Event()

    def side() -> None:
        side_done.wait(timeout=5)  # still running when main fails

    def main() -> None:
        threading.Timer(0.05, side_done.set).start()
        raise _MainFailed("forward failed")

    with SideWorker() as worker, pytest.raises(_MainFailed):
        worker.run(side, main)
    assert side_done.is_set()  # run() returned only after the side call ended


def _lines(run: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]


@pytest.mark.slow  # two 1-step runs: ~8 s of CPU, 15-30 s on the loaded shared machine
def test_overlap_gives_the_sequential_runs_metrics(make_config: Callable[..., PPOConfig], tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # a Lagrange multiplier in the stack: its training-mode update must happen once per step in both runs
    stack = {**STACK, "sources": {**STACK["sources"], "words": {"kind": "length", "unit": "words"}},
             "fusion": {"kind": "constraint", "reward": STACK["fusion"], "lambda_init": 0.01, "lr": 0.05,
                        "lambda_max": 1.0, "costs": [{"input": "words", "budget": 1, "name": "length"}]}}
    calls: list[str] = []
    score_arrays = RewardStack.score_arrays

    def counted(self: RewardStack, samples: Any) -> Any:
        calls.append(threading.current_thread().name)
        return score_arrays(self, samples)

    monkeypatch.setattr(RewardStack, "score_arrays", counted)
    runs = {}
    for overlap in (True, False):
        config = make_config(stack=stack, output_dir=str(tmp_path / f"overlap-{overlap}"), steps=1,
                             rollout={"max_new_tokens": 4, "overlap_rewards": overlap})
        train_ppo(config, progress=NullProgress())
        runs[overlap] = _lines(config.output_dir)
    assert calls[0].startswith("ppo-reward") and calls[1] == "MainThread"  # once per step, on the worker

    def comparable(line: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in line.items() if not k.startswith(("time/", "tokens_per_s"))}

    assert [comparable(x) for x in runs[True]] == [comparable(x) for x in runs[False]]
    assert runs[True][0]["fusion/lambda/length"] != 0.01  # the multiplier moved (once: equal in both runs)
    for overlap, lines in runs.items():
        for line in lines:
            assert 0.0 <= line["time/reward_hidden"] <= line["time/reward"]
            assert line["time/reward_hidden"] == 0.0 or overlap


def test_overlap_may_change_on_resume(make_config: Callable[..., PPOConfig]) -> None:
    saved = make_config().model_dump(mode="json")
    _check_same_run(saved, make_config(rollout={"max_new_tokens": 4, "overlap_rewards": False}))
