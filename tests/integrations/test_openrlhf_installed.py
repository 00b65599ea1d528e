"""OpenRLHF itself (0.11.2, installed without its heavy dependencies by `make`) reaching rewardstack both ways:
its SingleTurnAgentExecutor loading the exported reward_func file, and posting to the server's /get_reward.

Only vLLM's engine is stood in for (it cannot run here): it returns a fixed completion's token ids. The
tokenisation, the query OpenRLHF decodes (prompt + response), the reward call and what OpenRLHF keeps of
the answer are OpenRLHF's own code.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import torch
from openrlhf.utils.agent import SingleTurnAgentExecutor  # make installs openrlhf (--no-deps): missing fails here
from typer.testing import CliRunner

from rewardstack.cli import app
from rewardstack.integrations.common import open_stack
from rewardstack.models import load_tokenizer
from rewardstack.server.app import create_app
from rewardstack.server.config import ServerConfig
from rewardstack.server.run import serve_in_thread
from tests.integrations.helpers import write_stack

CASES = [  # prompt, OpenRLHF label, completion, the reward OpenRLHF should keep
    ("Q: What is 7*8? A: ", "56", " \\boxed{56}", 1.0),
    ("Q: What is 7*8? A: ", "56", " \\boxed{54}", 0.0),
    ("Q: What is 2+2? A: ", "4", " four", -0.5),  # no number to check: no total -> --missing-reward
]


class _FixedCompletionEngine:
    """Stands in for vLLM's engine: ``generate`` returns the token ids of a fixed completion."""

    def __init__(self, tokenizer: Any, completion: str):
        self.token_ids = tokenizer(completion, add_special_tokens=False)["input_ids"]

    async def generate(self, prompt_token_ids: list[int], params: Any, multi_modal_data: Any = None) -> Any:
        return SimpleNamespace(outputs=[SimpleNamespace(token_ids=self.token_ids, finish_reason="stop",
                                                        logprobs=None)])


@pytest.fixture(scope="module")
def tokenizer() -> Any:
    return load_tokenizer("tiny-lm")


def _rollout(executor: SingleTurnAgentExecutor, tokenizer: Any, prompt: str, label: str, completion: str) -> Any:
    params = SimpleNamespace(max_tokens=32, logprobs=None)
    return asyncio.run(executor.execute(prompt, label, params, 256, tokenizer,
                                        _FixedCompletionEngine(tokenizer, completion)))


def _check(outputs: list[dict[str, Any]]) -> None:
    for output, (_, _, _, expected) in zip(outputs, CASES, strict=True):
        assert output["reward"] is not None, "OpenRLHF swallowed an error from the reward call (see its log)"
        assert torch.as_tensor(output["reward"]).flatten().tolist() == [expected]
        logs = {k: torch.as_tensor(v).flatten().tolist() for k, v in output["extra_logs"].items()}
        assert logs["no_total"] == [1.0 if expected == -0.5 else 0.0]
        assert {"answer", "answer/ok", "brevity", "brevity/ok"} <= set(logs)


def test_openrlhf_loads_the_exported_reward_func_file(tmp_path: Path, tokenizer: Any) -> None:
    out = tmp_path / "reward_func.py"
    done = CliRunner().invoke(app, ["export", "openrlhf", "--stack", str(write_stack(tmp_path)), "--out", str(out),
                                    "--missing-reward", "-0.5"])
    assert done.exit_code == 0, done.output
    executor = SingleTurnAgentExecutor(remote_rm_url=str(out))  # OpenRLHF's --remote_rm_url reward_func.py
    assert executor.reward_func is not None
    _check([_rollout(executor, tokenizer, *case[:3]) for case in CASES])


@contextmanager
def _server(tmp_path: Path) -> Iterator[str]:
    stack = open_stack(write_stack(tmp_path))
    try:
        with serve_in_thread(create_app(stack, ServerConfig(missing_reward=-0.5))) as url:
            yield url
    finally:
        stack.close()


def test_openrlhf_posts_to_the_servers_get_reward(tmp_path: Path, tokenizer: Any) -> None:
    with _server(tmp_path) as url:
        executor = SingleTurnAgentExecutor(remote_rm_url=f"{url}/get_reward")  # OpenRLHF's remote RM mode
        _check([_rollout(executor, tokenizer, *case[:3]) for case in CASES])
