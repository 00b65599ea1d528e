"""Adapted-judge training: LoRA adapters on an embedded model, trained on labelled principle judgements.

Python::

    from rewardstack.training.judge import JudgeTrainConfig, train_judge
    result = train_judge(JudgeTrainConfig.model_validate({"output_dir": "runs/judge"}))
    print(result.heldout["ordering_accuracy"], result.report_path)

Command line (the same config as YAML; ``--set`` overrides any key)::

    rewardstack train judge --config judge.yaml --set epochs=4

The checkpoint plugs into a critic as ``judge: {kind: embedded_adapted, path: runs/judge}``; without
``path`` the judge shipped with rewardstack is used. See docs/critic_judge.md.
"""

from rewardstack.training.judge.config import JudgeTrainConfig
from rewardstack.training.judge.data import JudgeDataError, read_training_data
from rewardstack.training.judge.loop import JudgeTrainingStopped, temperature_fit
from rewardstack.training.judge.train import JudgeTrainResult, train_judge
from rewardstack.training.rm.config_file import load_config_file

__all__ = [
    "JudgeDataError",
    "JudgeTrainConfig",
    "JudgeTrainResult",
    "JudgeTrainingStopped",
    "load_judge_config",
    "read_training_data",
    "temperature_fit",
    "train_judge",
]


def load_judge_config(path: str, overrides: list[str] | tuple[str, ...] = ()) -> JudgeTrainConfig:
    """Read a YAML judge-training config with ``--set`` overrides (ConfigError naming file, line and key)."""
    return load_config_file(path, JudgeTrainConfig, overrides)
