"""Every batch adapter groups responses of one prompt for a stack that normalises within groups.

examples/stacks/math.yaml ends in ``group_normalize`` keyed on ``metadata.group``: without a
group every sample was its own group and got 0.0 (a silent 0 that looked like a reward).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from typer.testing import CliRunner

from rewardstack.cli import app
from rewardstack.core.sample import Sample
from rewardstack.integrations import verl
from rewardstack.integrations.common import alone_in_group, group_by_prompt, open_stack
from rewardstack.server.app import create_app
from rewardstack.server.config import ServerConfig
from rewardstack.server.run import serve_in_thread
from tests.integrations.helpers import load_module

MATH_YAML = Path(__file__).resolve().parents[2] / "examples" / "stacks" / "math.yaml"
PROMPT = "What is 7*8? "
# a right and a wrong answer to one prompt, then a prompt answered once (alone in its group)
QUERIES = [PROMPT + "\\boxed{56}", PROMPT + "\\boxed{54}", "2+2? \\boxed{4}"]
PROMPTS = [PROMPT, PROMPT, "2+2? "]
LABELS = ["56", "56", "4"]


@pytest.fixture
def math_stack(tmp_path: Path) -> Path:
    path = tmp_path / "math.yaml"
    path.write_text(MATH_YAML.read_text() + "cache: false\n")
    return path


def _check(rewards: list[float], no_group: list[float]) -> None:
    assert rewards[0] > 0.0 > rewards[1], rewards
    assert no_group == [0.0, 0.0, 1.0]


def test_get_reward_groups_by_prompt(math_stack: Path) -> None:
    stack = open_stack(math_stack)
    try:
        with serve_in_thread(create_app(stack, ServerConfig())) as url:
            reply = httpx.post(f"{url}/get_reward", json={"query": QUERIES, "prompts": PROMPTS, "labels": LABELS},
                               timeout=60).json()
    finally:
        stack.close()
    _check(reply["rewards"], reply["extra_logs"]["no_group"])


def _load(path: Path) -> ModuleType:
    return load_module(path, "reward_func_groups")


def test_exported_openrlhf_file_groups_by_prompt(math_stack: Path, tmp_path: Path) -> None:
    out = tmp_path / "reward_func.py"
    done = CliRunner().invoke(app, ["export", "openrlhf", "--stack", str(math_stack), "--out", str(out)])
    assert done.exit_code == 0, done.output
    result = _load(out).reward_func(QUERIES, PROMPTS, LABELS)
    _check(result["rewards"].tolist(), result["extra_logs"]["no_group"].tolist())


@pytest.fixture
def verl_env(math_stack: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(verl.STACK_ENV, str(math_stack))
    monkeypatch.setattr(verl, "_stack", None)
    monkeypatch.setattr(verl, "_warned_single", False)
    return math_stack


def test_verl_batch_groups_by_prompt(verl_env: Path) -> None:
    infos = [{"prompt": p, "index": i} for i, p in enumerate(PROMPTS)]
    rows = verl.compute_score_batch(["math"] * 3, [q[len(p):] for q, p in zip(QUERIES, PROMPTS, strict=True)],
                                    LABELS, infos)
    _check([r["score"] for r in rows], [r["no_group"] for r in rows])
    assert len({tuple(r) for r in rows}) == 1  # verl gathers the same keys for every sample


def test_verl_single_call_reports_no_group_and_warns_once(verl_env: Path) -> None:
    with pytest.warns(RuntimeWarning, match="compute_score_batch"):
        first = verl.compute_score("math", "\\boxed{56}", "56", {"prompt": PROMPT})
    assert first["no_group"] == 1.0 and first["no_total"] == 0.0
    with _NoRuntimeWarning():
        second = verl.compute_score("math", "\\boxed{54}", "56", {"prompt": PROMPT})
    assert second["no_group"] == 1.0


class _NoRuntimeWarning:
    """Asserts that nothing inside warned RuntimeWarning (the single-call warning is once per process)."""

    def __enter__(self) -> None:
        self._catch = warnings.catch_warnings(record=True)
        self._seen = self._catch.__enter__()
        warnings.simplefilter("always")

    def __exit__(self, *exc: object) -> None:
        self._catch.__exit__(*exc)
        assert not [w for w in self._seen if issubclass(w.category, RuntimeWarning)], self._seen


@pytest.mark.parametrize(("metadata", "kept"), [({}, False), ({"group": "mine"}, True), ({"group": None}, False)])
def test_group_by_prompt_keeps_a_callers_group(metadata: dict[str, object], kept: bool) -> None:
    [sample] = group_by_prompt([Sample(id="1", prompt="p", response="r", metadata=metadata)], "group")
    assert (sample.metadata["group"] == "mine") is kept and sample.metadata["group"] is not None


def test_an_empty_prompt_gets_no_group_and_is_reported(math_stack: Path) -> None:
    # without `prompts` OpenRLHF's queries would all share the "" group: unrelated prompts normalised together
    stack = open_stack(math_stack)
    try:
        with serve_in_thread(create_app(stack, ServerConfig())) as url:
            reply = httpx.post(f"{url}/get_reward", json={"query": QUERIES, "labels": LABELS}, timeout=60).json()
    finally:
        stack.close()
    assert reply["extra_logs"]["no_group"] == [1.0, 1.0, 1.0] and reply["rewards"] == [0.0, 0.0, 0.0]


def test_no_group_key_leaves_samples_alone() -> None:
    samples = [Sample(id="1", prompt="p", response="r")]
    assert group_by_prompt(samples, None) == samples and alone_in_group(samples, None) == [False]


def test_trl_uses_the_stacks_group_key(tmp_path: Path) -> None:
    path = tmp_path / "keyed.yaml"
    path.write_text(MATH_YAML.read_text().replace("key: group", "key: prompt_id") + "cache: false\n")
    stack = open_stack(path)
    try:
        [reward] = stack.as_trl_reward_funcs()
        totals = reward(prompts=[PROMPT, PROMPT], completions=["\\boxed{56}", "\\boxed{54}"], answer=["56", "56"])
    finally:
        stack.close()
    assert totals[0] is not None and totals[1] is not None and totals[0] > 0.0 > totals[1]
