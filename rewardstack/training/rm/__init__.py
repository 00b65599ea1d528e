"""Reward-model training: Bradley–Terry on preference pairs, ensembles, resumable, with a report.

Python::

    from rewardstack.training.rm import RMTrainConfig, train
    result = train(RMTrainConfig.model_validate({"data": {"train": "prefs.jsonl"}, "output_dir": "runs/rm"}))
    print(result.validation_accuracy, result.report_path)

Command line (the same config as YAML; ``--set`` overrides any key)::

    rewardstack train rm --config rm.yaml --set epochs=2 --set ensemble.members=3

The checkpoint plugs into a stack as ``{kind: preference_model, path: runs/rm}``.
See docs/preference.md.

A whole run on the tiny seeded encoder (seconds; its accuracy means nothing):

>>> import json, tempfile
>>> from pathlib import Path
>>> folder = Path(tempfile.mkdtemp())
>>> lines = [{"prompt": f"Question {i}?", "chosen": "A clear answer.", "rejected": "No."} for i in range(8)]
>>> _ = (folder / "prefs.jsonl").write_text("".join(json.dumps(x) + "\\n" for x in lines))
>>> config = RMTrainConfig.model_validate({"data": {"train": str(folder / "prefs.jsonl")}, "model": "tiny-encoder",
...                                        "output_dir": str(folder / "rm"), "max_length": 64, "batch_size": 4})
>>> result = train(config, progress=NullProgress())
>>> sorted(p.name for p in result.output_dir.iterdir() if p.suffix == ".json")
['config.json', 'rewardstack-rm.json', 'tokenizer.json', 'tokenizer_config.json', 'training_report.json']
>>> result.report["data"]["validation_source"], result.report["members"][0]["pairs_trained"]
('split_by_prompt', 7)
"""

from rewardstack.training.rm.config import DataConfig, EnsembleConfig, RMTrainConfig
from rewardstack.training.rm.config_file import load_config_file
from rewardstack.training.rm.data import PreferenceDataError, PreferencePair, read_preferences, split_by_prompt
from rewardstack.training.rm.loop import TrainingStopped
from rewardstack.training.rm.loss import bradley_terry_loss
from rewardstack.training.rm.progress import LineProgress, NullProgress, RichProgress, TrainProgress, auto_progress
from rewardstack.training.rm.report import REPORT_FILE
from rewardstack.training.rm.train import TrainResult, train

__all__ = [
    "REPORT_FILE",
    "DataConfig",
    "EnsembleConfig",
    "LineProgress",
    "NullProgress",
    "PreferenceDataError",
    "PreferencePair",
    "RMTrainConfig",
    "RichProgress",
    "TrainProgress",
    "TrainResult",
    "TrainingStopped",
    "auto_progress",
    "bradley_terry_loss",
    "load_config_file",
    "load_rm_config",
    "read_preferences",
    "split_by_prompt",
    "train",
]


def load_rm_config(path: str, overrides: list[str] | tuple[str, ...] = ()) -> RMTrainConfig:
    """Read a YAML training config with ``--set`` overrides (ConfigError naming file, line and key)."""
    return load_config_file(path, RMTrainConfig, overrides)
