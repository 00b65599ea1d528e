"""``load_ppo_config(path, overrides)``: the PPO YAML with ``--set`` overrides, errors naming file:line:key.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "ppo.yaml"
>>> _ = path.write_text("stack: s.yaml\\nprompts: p.jsonl\\noutput_dir: out\\n")
>>> load_ppo_config(path, ["algorithm.kind=rloo", "steps=3"]).algorithm.kind
'rloo'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rewardstack.training.ppo.config import PPOConfig
from rewardstack.training.rm.config_file import load_config_file

__all__ = ["load_ppo_config"]


def load_ppo_config(path: str | Path, overrides: Sequence[str] = ()) -> PPOConfig:
    """Read, override and validate a PPO config (:class:`~rewardstack.core.errors.ConfigError` if bad)."""
    return load_config_file(path, PPOConfig, overrides)
