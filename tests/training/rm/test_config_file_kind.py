"""``--set X.kind=other`` starts the mapping X afresh (the documented GRPO and IPO commands)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rewardstack.core.errors import ConfigError
from rewardstack.training.dpo import DPOConfig
from rewardstack.training.ppo import PPOConfig
from rewardstack.training.rm.config_file import apply_overrides, load_config_file
from tests.support.cli import EXAMPLES

FILE: dict[str, Any] = {"algorithm": {"kind": "ppo", "gamma": 1.0, "lam": 0.9}, "steps": 3}


@pytest.mark.parametrize(("overrides", "expected"), [
    (["algorithm.kind=grpo"], {"kind": "grpo"}),
    (["algorithm.kind=grpo", "algorithm.group_size=4"], {"kind": "grpo", "group_size": 4}),
    (["algorithm.group_size=4", "algorithm.kind=grpo"], {"group_size": 4, "kind": "grpo"}),  # order-free
    (["algorithm.kind=ppo", "algorithm.gamma=0.5"], {"kind": "ppo", "gamma": 0.5, "lam": 0.9}),  # same kind: kept
    (["algorithm.gamma=0.5"], {"kind": "ppo", "gamma": 0.5, "lam": 0.9}),
])
def test_a_changed_kind_starts_the_mapping_afresh(overrides: list[str], expected: dict[str, Any]) -> None:
    merged, _ = apply_overrides(FILE, overrides)
    assert merged["algorithm"] == expected
    assert merged["steps"] == 3
    assert FILE["algorithm"]["gamma"] == 1.0  # the file's data is not changed


def test_the_documented_grpo_override_validates_on_the_ppo_example() -> None:
    config = load_config_file(EXAMPLES / "ppo_math_tiny.yaml", PPOConfig,
                              ["algorithm.kind=grpo", "algorithm.group_size=4"])
    assert config.algorithm.kind == "grpo"
    assert config.kl.estimator == "k1"  # the other mappings stay as the file says


def test_the_documented_ipo_override_validates_on_the_dpo_example() -> None:
    config = load_config_file(EXAMPLES / "training" / "dpo_tiny.yaml", DPOConfig, ["objective.kind=ipo"])
    assert config.objective.kind == "ipo"


def test_a_key_of_the_old_kind_given_with_set_is_still_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"--set algorithm.gamma: unknown key 'gamma'"):
        load_config_file(EXAMPLES / "ppo_math_tiny.yaml", PPOConfig,
                         ["algorithm.kind=grpo", "algorithm.group_size=4", "algorithm.gamma=0.9"])
