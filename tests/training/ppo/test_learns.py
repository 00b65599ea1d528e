"""Evidence PPO learns (issue 15): the shipped example, end to end on CPU with fixed seeds.

The warm start (SFT of tiny-lm on additions) and the length-biased reward model (Bradley-Terry on
pairs where the longer answer always won) are built once, from the example configs; then PPO runs
on the fused stack (the `answer` verifier gating the reward model) and on the reward model alone.
The fused run raises the verifier's pass rate; the RM-only run lengthens its responses without
raising it, and the monitors say so.

SFT, RM and two 30-step PPO runs take minutes on 2 cores (about 3 unloaded, 5-15 at a load average
of ~10): the slowest test of the suite, run in CI all the same (it is the issue's evidence). The
margins are wide enough for another CPU's float rounding to change the trajectories, not the result:
measured 0.425 -> 0.688 pass rate (asserted +0.15), 3.6 -> 5.6 tokens (asserted +1.0).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from rewardstack.training.ppo import load_ppo_config, train_ppo
from rewardstack.training.rm import RMTrainConfig
from rewardstack.training.rm import train as train_rm
from rewardstack.training.rm.config_file import load_config_file
from rewardstack.training.rm.progress import NullProgress
from rewardstack.training.sft import SFTConfig, train_sft
from tests.support.cli import EXAMPLES

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1800),  # the module fixture trains the warm start and the RM inside the first test
]

FIRST, LAST = 5, 5  # steps averaged at the start and at the end of a run


def _metrics(run: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    lines = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    return [x for x in lines if "event" not in x], [x for x in lines if x.get("event") == "monitor"]


def _mean(steps: list[dict[str, Any]], key: str) -> float:
    return sum(float(s[key]) for s in steps) / len(steps)


@pytest.fixture(scope="module")
def warm_start(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The SFT policy and the length-biased RM, as the example's first two commands make them."""
    root = tmp_path_factory.mktemp("learns")
    sft = load_config_file(EXAMPLES / "ppo_math_tiny_sft.yaml", SFTConfig, [f"output_dir={root / 'sft'}"])
    train_sft(sft, progress=NullProgress())
    rm = load_config_file(EXAMPLES / "ppo_math_tiny_rm.yaml", RMTrainConfig, [f"output_dir={root / 'rm'}"])
    train_rm(rm)
    return {"root": str(root), "model": str(root / "sft"), "rm": str(root / "rm")}


def _run(warm: dict[str, str], example: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    out = Path(warm["root"]) / example
    config = load_ppo_config(EXAMPLES / f"{example}.yaml", [f"output_dir={out}", f"model={warm['model']}",
                                                             f"stack.sources.style.path={warm['rm']}"])
    train_ppo(config, progress=NullProgress())
    assert (out / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return _metrics(out)


def test_the_verifier_gated_stack_raises_the_pass_rate(warm_start: dict[str, str]) -> None:
    steps, events = _run(warm_start, "ppo_math_tiny")
    start, end = _mean(steps[:FIRST], "reward/answer/mean"), _mean(steps[-LAST:], "reward/answer/mean")
    assert end >= start + 0.15, (start, end)
    assert "proxy_gaming" not in {e["monitor"] for e in events}, events  # the RM-only run's alarm stays quiet


def test_the_reward_model_alone_lengthens_without_the_pass_rate_and_the_monitors_fire(
        warm_start: dict[str, str]) -> None:
    steps, events = _run(warm_start, "ppo_math_tiny_length")
    start, end = _mean(steps[:FIRST], "reward/answer/mean"), _mean(steps[-LAST:], "reward/answer/mean")
    assert end < start + 0.1, (start, end)
    length_start, length_end = (_mean(steps[:FIRST], "response_length/mean"),
                                _mean(steps[-LAST:], "response_length/mean"))
    assert length_end >= length_start + 1.0, (length_start, length_end)
    assert _mean(steps[-LAST:], "reward/style/mean") > _mean(steps[:FIRST], "reward/style/mean")
    assert {"proxy_gaming", "length_correlation"} <= {e["monitor"] for e in events}, events
