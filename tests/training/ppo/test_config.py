"""The PPO config: YAML + --set, discriminated algorithm union, errors with file:line:key; the prompts file."""

from __future__ import annotations

from pathlib import Path

import pytest

from rewardstack.core.errors import ConfigError
from rewardstack.fusion.stack_config import StackConfig
from rewardstack.training.ppo import load_ppo_config
from rewardstack.training.ppo.config import GRPOConfig, PPOAlgorithm, RLOOConfig
from rewardstack.training.ppo.data import prompts_for_step, read_prompts
from rewardstack.training.rm.config_file import ConfigKeyError

BASE = "model: tiny-lm\nstack: s.yaml\nprompts: p.jsonl\noutput_dir: out\n"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ppo.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(("extra", "overrides", "kind", "group"), [
    ("", [], PPOAlgorithm, 1),
    ("algorithm: {kind: grpo, group_size: 3}\n", [], GRPOConfig, 3),
    ("", ["algorithm.kind=rloo"], RLOOConfig, 4),
    ("algorithm: {kind: grpo}\n", ["algorithm={kind: ppo, lam: 0.9}"], PPOAlgorithm, 1),
])
def test_algorithm_is_a_discriminated_union(tmp_path: Path, extra: str, overrides: list[str], kind: type,
                                            group: int) -> None:
    cfg = load_ppo_config(_write(tmp_path, BASE + extra), overrides)
    assert isinstance(cfg.algorithm, kind) and cfg.algorithm.group_size == group
    assert cfg.samples_per_step == cfg.prompts_per_step * group


@pytest.mark.parametrize(("extra", "overrides", "where", "message"), [
    ("algorithm: {kind: ppo, group_size: 4}\n", [], "ppo.yaml:5: algorithm.group_size", "unknown key"),
    ("algorithm: {kind: trpo}\n", [], "ppo.yaml:5: algorithm", "does not match any of the expected tags"),
    ("rollout:\n  temperature: 0\n", [], "ppo.yaml:6: rollout.temperature", "greater than 0"),
    ("", ["algorithm.kind=grpo", "algorithm.group_size=1"], "--set algorithm.group_size", "greater than or equal"),
    ("", ["kl.controller.kind=pid"], "--set kl.controller", "does not match"),
    ("stepz: 3\n", [], "ppo.yaml:5: stepz", "allowed keys:"),
])
def test_bad_values_name_file_line_and_key(tmp_path: Path, extra: str, overrides: list[str], where: str,
                                           message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_ppo_config(_write(tmp_path, BASE + extra), overrides)
    assert where in str(info.value) and message in str(info.value)


def test_stack_may_be_a_path_or_inline(tmp_path: Path) -> None:
    assert isinstance(load_ppo_config(_write(tmp_path, BASE)).stack, Path)
    inline = BASE.replace("stack: s.yaml\n", "stack:\n  sources: {answer: {kind: math_answer}}\n")
    assert isinstance(load_ppo_config(_write(tmp_path, inline)).stack, StackConfig)


def test_config_is_frozen(tmp_path: Path) -> None:
    cfg = load_ppo_config(_write(tmp_path, BASE))
    with pytest.raises(ValueError, match="frozen"):
        cfg.steps = 3  # type: ignore[misc]


@pytest.mark.parametrize(("lines", "message"), [
    (['{"prompt": "a"}', "{oops"], "p.jsonl:2: not JSON"),
    (['{"prompt": "a", "response": "b"}'], "p.jsonl:1: a prompt line has no 'response'"),
    (['{"id": "x", "prompt": "a"}', '{"id": "x", "prompt": "b"}'], "'x' is used twice"),
    (['["a"]'], "p.jsonl:1: expected a JSON object"),
    ([""], "no prompt in the file"),
])
def test_bad_prompt_files_are_refused_with_their_line(tmp_path: Path, lines: list[str], message: str) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ConfigKeyError, match=message) as info:
        read_prompts(path)
    assert info.value.key == ("prompts",)


def test_prompts_keep_reference_and_chat_messages(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "q", "prompt": [{"role": "user", "content": "2+2?"}], "reference": {"answer": "4"}}\n'
                    '{"prompt": "plain"}\n')
    chat, plain = read_prompts(path)
    assert chat.reference == {"answer": "4"} and chat.prompt_text == "user: 2+2?"
    assert plain.id == "2" and plain.response == ""


def test_prompt_order_is_a_seeded_function_of_the_step(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text("".join(f'{{"id": "{i}", "prompt": "p{i}"}}\n' for i in range(5)))
    prompts = read_prompts(path)
    ids = [[s.id for s in prompts_for_step(prompts, step=k, per_step=5, seed=3)] for k in range(3)]
    assert all(sorted(epoch) == [str(i) for i in range(5)] for epoch in ids)  # every prompt once per epoch
    assert ids[0] != ids[1]  # reshuffled each epoch
    again = [s.id for s in prompts_for_step(prompts, step=1, per_step=5, seed=3)]
    assert again == ids[1]
    assert [s.id for s in prompts_for_step(prompts, step=1, per_step=5, seed=4)] != ids[1]
