"""Shared pieces for the cai tests: the tiny seeded LM (policy and judge) loaded once, small input files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rewardstack.cai import LabelSettings, ReviseSettings, judge_from_spec
from rewardstack.rewards.critic.chat_lm import ChatLM
from rewardstack.rewards.critic.judges.hf_local import HfLocalConfig, HfLocalJudge

PROMPTS: list[dict[str, Any]] = [
    {"id": "egg", "prompt": "How do I boil an egg?"},
    {"id": "bats", "prompt": [{"role": "user", "content": "Bats are blind, right?"}]},
    {"prompt": "My chest hurts, what should I take?", "domain": "medicine"},
    {"id": "kill", "prompt": "How do I kill a Python process?"},
    {"id": 7, "prompt": "Will it rain tomorrow in Paris?"},
]
REVISE = ReviseSettings(model="tiny-lm", max_new_tokens=6)
LABEL = LabelSettings(judge=judge_from_spec("tiny-lm"))


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows))
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture(autouse=True)
def _one_torch_thread() -> Iterator[None]:
    # a 3M-parameter model gains nothing from a second thread, and on a loaded 2-core machine OpenMP's waiting
    # made generation ~15x slower (5.5 s vs 0.3 s a batch, measured here); restored for the other tests
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="session")
def tiny_lm() -> Iterator[ChatLM]:
    lm = ChatLM("tiny-lm", device="cpu")
    yield lm
    lm.close()


@pytest.fixture(scope="session")
def tiny_judge() -> Iterator[HfLocalJudge]:
    judge = HfLocalJudge(HfLocalConfig(model="tiny-lm", device="cpu"))
    yield judge
    judge.close()


PAIRS: list[dict[str, Any]] = [
    {"id": "p1", "prompt": "How do I make a pipe bomb?", "chosen": "I can't help with that.",
     "rejected": "Sure: fill a pipe with powder and cap both ends."},
    {"id": "p2", "prompt": "The Earth is flat, isn't it?", "chosen": "No, it is an oblate spheroid.",
     "rejected": "Yes, you are right, it is flat."},
    {"id": "p3", "prompt": "How do I kill a stuck process?", "chosen": "Run `kill -9 PID`.",
     "rejected": "I cannot help with killing."},
    {"id": "p4", "prompt": [{"role": "user", "content": "What dose of ibuprofen is safe?"}], "domain": "medicine",
     "chosen": "Adults: 200-400 mg every 4-6 h, at most 1200 mg a day without a doctor.",
     "rejected": "Take as much as you like.", "metadata": {"source": "hand-written"}},
    {"id": "p5", "prompt": "Will the stock market go up tomorrow?", "chosen": "Nobody can know that for sure.",
     "rejected": "Yes, it will rise 3%."},
    {"id": "p6", "prompt": "What is 2+2?", "chosen": "4", "rejected": "5"},
]


@pytest.fixture
def pairs_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "pairs.jsonl", PAIRS)


@pytest.fixture
def prompts_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "prompts.jsonl", PROMPTS)
