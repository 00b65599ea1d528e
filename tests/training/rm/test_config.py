"""Training config from YAML with ``--set`` overrides: errors name file, line and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from rewardstack import ConfigError
from rewardstack.training.rm import RMTrainConfig, load_rm_config
from rewardstack.training.rm.config_file import apply_overrides, locate_key, parse_override

GOOD = "data:\n  train: prefs.jsonl\nmodel: tiny-encoder\noutput_dir: runs/rm\nepochs: 2\n"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rm.yaml"
    path.write_text(text)
    return path


def test_a_good_file_with_overrides(tmp_path: Path) -> None:
    config = load_rm_config(str(_write(tmp_path, GOOD)), ["epochs=3", "ensemble.members=3", "lr=1e-4",
                                                          "data.validation=null", "center_rewards_coefficient=0.01"])
    assert isinstance(config, RMTrainConfig)
    assert (config.epochs, config.ensemble.members, config.lr) == (3, 3, 1e-4)
    assert config.data.validation is None and config.center_rewards_coefficient == 0.01
    assert config.data.train == Path("prefs.jsonl") and config.model == "tiny-encoder"


@pytest.mark.parametrize(("text", "where", "message"), [
    (GOOD + "lr: -1\n", ":6: lr:", "greater than 0"),
    (GOOD + "lr: .nan\n", ":6: lr:", "finite"),
    (GOOD + "epoch: 3\n", ":6: epoch:", "unknown key 'epoch'"),
    (GOOD.replace("epochs: 2", "epochs: two"), ":5: epochs:", "valid integer"),
    (GOOD + "ensemble:\n  members: 0\n", ":7: ensemble.members:", "greater than or equal to 1"),
    (GOOD + "ensemble:\n  bootstrapp: true\n", ":7: ensemble.bootstrapp:", "allowed keys: bootstrap, members"),
    (GOOD.replace("  train: prefs.jsonl\n", "  validation_fraction: 1.5\n"), ":2: data.validation_fraction:",
     "less than 1"),
    ("model: tiny-encoder\n", ":1: data:", "Field required"),
    (GOOD + "on_truncation: cut\n", ":6: on_truncation:", "'truncate' or 'drop'"),
    (GOOD + "epochs: 3\n", ":6: epochs:", "duplicate key"),
])
def test_errors_name_file_line_and_key(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_rm_config(str(path))
    assert f"{path}{where}" in str(caught.value) and message in str(caught.value)


@pytest.mark.parametrize(("override", "message"), [
    ("epochs=zero", "--set epochs: Input should be a valid integer"),
    ("ensemble.memberz=3", "--set ensemble.memberz: unknown key 'memberz'"),
    ("epochs", "expected key=value"),
    ("model.name=x", "model is str, not a mapping"),
    ("lr=[1", "not a YAML value"),
])
def test_override_errors_name_the_override(tmp_path: Path, override: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_rm_config(str(_write(tmp_path, GOOD)), [override])
    assert message in str(caught.value)


def test_not_a_mapping_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=":1: a training config must be a mapping"):
        load_rm_config(str(_write(tmp_path, "- a\n- b\n")))
    with pytest.raises(ConfigError, match="cannot read"):
        load_rm_config(str(tmp_path / "missing.yaml"))


def test_override_helpers(tmp_path: Path) -> None:
    assert parse_override("a.b={members: 3}") == (("a", "b"), {"members": 3})
    merged, touched = apply_overrides({"a": {"x": 1}}, ["a.y=2", "b.c.d=true"])
    assert merged == {"a": {"x": 1, "y": 2}, "b": {"c": {"d": True}}}
    assert touched == {("a", "y"), ("b", "c", "d")}
    path = _write(tmp_path, GOOD)
    assert locate_key(path, ("output_dir",)) == f"{path}:4"
    assert locate_key(path, ("seed",)) == str(path)
    assert locate_key(path, ("output_dir",), ["output_dir=elsewhere"]) == "--set"
