"""OpenRLHF: the exported reward_func file (imported and called as OpenRLHF does) and parity with /get_reward."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import httpx
import pytest
import torch
from typer.testing import CliRunner

from rewardstack.cli import app
from rewardstack.integrations.common import open_stack
from rewardstack.integrations.openrlhf import render_reward_file
from rewardstack.server.app import create_app
from rewardstack.server.config import ServerConfig
from rewardstack.server.run import serve_in_thread
from tests.integrations.helpers import load_module, write_stack

QUERIES = ["Q: 7*8? A: \\boxed{56}", "Q: 7*8? A: \\boxed{54}", "Q: 2+2? A: four"]
PROMPTS = ["Q: 7*8? A: ", "Q: 7*8? A: ", "Q: 2+2? A: "]
LABELS = ["56", "56", None]


def _load(path: Path) -> ModuleType:
    return load_module(path, "reward_func_under_test")


def _export(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "reward_func.py"
    done = CliRunner().invoke(app, ["export", "openrlhf", "--stack", str(write_stack(tmp_path)), "--out", str(out),
                                    *extra])
    assert done.exit_code == 0, done.output
    return out


def test_the_written_file_defines_reward_func_returning_tensors(tmp_path: Path) -> None:
    module = _load(_export(tmp_path, "--missing-reward", "-0.5"))
    out = module.reward_func(QUERIES, PROMPTS, LABELS)
    assert set(out) == {"rewards", "scores", "extra_logs"}
    assert out["rewards"].dtype == torch.float32 and out["rewards"].tolist() == [1.0, 0.0, -0.5]
    assert torch.equal(out["scores"], out["rewards"])
    logs = {k: v.tolist() for k, v in out["extra_logs"].items()}
    assert logs["no_total"] == [0.0, 0.0, 1.0] and logs["answer/ok"] == [1.0, 1.0, 0.0]
    assert logs["answer"] == [1.0, 0.0, -0.5] and logs["brevity/ok"] == [1.0, 1.0, 1.0]
    assert all(isinstance(v, torch.Tensor) and v.shape == (3,) for v in out["extra_logs"].values())


def test_the_file_matches_the_servers_get_reward(tmp_path: Path) -> None:
    module = _load(_export(tmp_path))
    local = module.reward_func(QUERIES, PROMPTS, LABELS)
    stack = open_stack(tmp_path / "stack.yaml")
    try:
        with serve_in_thread(create_app(stack, ServerConfig())) as url:
            remote = httpx.post(f"{url}/get_reward", json={"query": QUERIES, "prompts": PROMPTS,
                                                           "labels": LABELS}).json()
    finally:
        stack.close()
    assert remote["rewards"] == pytest.approx(local["rewards"].tolist(), rel=1e-6)  # float32 tensors
    assert set(remote["extra_logs"]) == set(local["extra_logs"])
    for key, values in local["extra_logs"].items():
        assert remote["extra_logs"][key] == pytest.approx(values.tolist(), rel=1e-6)


@pytest.mark.parametrize(("stack_text", "message"), [
    ("sources:\n  a: {kind: math_answr}\n", "stack.yaml:2"),
    ("sources: [1]\n", "stack.yaml"),
])
def test_a_bad_stack_exits_2_and_writes_nothing(tmp_path: Path, stack_text: str, message: str) -> None:
    stack = tmp_path / "stack.yaml"
    stack.write_text(stack_text)
    out = tmp_path / "reward_func.py"
    done = CliRunner().invoke(app, ["export", "openrlhf", "--stack", str(stack), "--out", str(out)])
    assert done.exit_code == 2 and message in " ".join(done.output.split()) and not out.exists()


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN"])
def test_a_non_finite_missing_reward_exits_2_and_writes_nothing(tmp_path: Path, value: str) -> None:
    out = tmp_path / "reward_func.py"
    done = CliRunner().invoke(app, ["export", "openrlhf", "--stack", str(write_stack(tmp_path)), "--out", str(out),
                                    "--missing-reward", value])
    assert done.exit_code == 2, done.output
    assert "not a finite number" in " ".join(done.output.split()) and "Traceback" not in done.output
    assert not out.exists()


def test_render_refuses_a_non_finite_missing_reward(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="finite"):
        render_reward_file(write_stack(tmp_path), out_name="rf.py", missing_reward=float("nan"))
