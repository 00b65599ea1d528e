"""Validation errors name the user's key, never pydantic's union member labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from rewardstack.core.errors import ConfigError
from rewardstack.training.ppo import PPOConfig
from rewardstack.training.rm.config_file import load_config_file
from tests.support.cli import EXAMPLES

INTERNALS = ("lax-or-strict", "json-or-python", "function-after", "is-instance", "StackConfig]")


@pytest.mark.parametrize(("overrides", "expected"), [
    (["stack.sources.answer.kind=nope"], ["--set stack.sources.answer: Value error, unknown source kind 'nope'"]),
    (["stack.fusion.weights.answer=x"], ["--set stack.fusion.weights.answer: "]),
    (["stack=3"], ["--set stack: Input is not a valid path", "--set stack: Input should be a valid dictionary"]),
    (["algorithm.kind=grpo", "algorithm.group_size=1"], ["--set algorithm.group_size: Input should be greater"]),
])
def test_union_errors_show_only_the_users_keys(overrides: list[str], expected: list[str]) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config_file(EXAMPLES / "ppo_math_tiny.yaml", PPOConfig, overrides)
    lines = str(caught.value).splitlines()[1:]
    assert len(lines) == len(expected), lines
    for line, start in zip(lines, expected, strict=True):
        assert line.strip().startswith(start), line
    assert not any(internal in str(caught.value) for internal in INTERNALS)


def test_an_inline_stack_error_in_the_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "ppo.yaml"
    path.write_text((EXAMPLES / "ppo_math_tiny.yaml").read_text().replace("{kind: math_answer}", "{kind: nope}"))
    with pytest.raises(ConfigError, match=rf"{path}:17: stack.sources.answer: Value error, unknown source kind"):
        load_config_file(path, PPOConfig, [])
