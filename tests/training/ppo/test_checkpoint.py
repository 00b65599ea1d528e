"""The shared resume state survives damage and crashes as a named error or a recovered state, and guards its data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import torch

from rewardstack.training.lm.trainer import LMTrainerState
from rewardstack.training.ppo.checkpoint import (
    STATE_DIR,
    check_same_data,
    file_digests,
    load_checkpoint,
    save_checkpoint,
)
from rewardstack.training.rm.config_file import ConfigKeyError


def _parts(seed: int) -> tuple[torch.nn.Module, torch.optim.Optimizer, torch.optim.lr_scheduler.LRScheduler]:
    torch.manual_seed(seed)
    model = torch.nn.Linear(3, 2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.1)
    return model, optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1.0)


def _save(out: Path, step: int) -> torch.nn.Module:
    model, optimizer, schedule = _parts(step)
    save_checkpoint(out, model, optimizer, schedule, LMTrainerState(step=step, epoch=0, config={}))
    return model


def _load(out: Path) -> tuple[LMTrainerState | None, torch.nn.Module]:
    model, optimizer, schedule = _parts(99)
    return load_checkpoint(out, model, optimizer, schedule, state_type=LMTrainerState), model


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:40])


@pytest.mark.parametrize(("name", "damage", "said"), [
    ("trainer_state.json", lambda p: p.write_text("{"), "cannot be read (Expecting property name"),
    ("trainer_state.json", lambda p: p.write_text("[1]"), "is not a trainer state"),
    ("trainer_state.json", lambda p: p.write_text('{"step": 1, "config": {}, "epohc": 0}'), "does not fit"),
    ("optimizer.pt", Path.unlink, "is missing"),
    ("optimizer.pt", _truncate, "cannot be read"),
    ("model.safetensors", lambda p: p.write_bytes(b""), "cannot be read (SafetensorError"),
    ("model.safetensors", Path.unlink, "is missing"),
])
def test_a_damaged_state_names_its_file_and_the_way_out(tmp_path: Path, name: str,
                                                        damage: Callable[[Path], object], said: str) -> None:
    _save(tmp_path, 1)
    damage(tmp_path / STATE_DIR / name)
    with pytest.raises(ConfigKeyError) as caught:
        _load(tmp_path)
    assert caught.value.key == ("output_dir",)
    assert f"{tmp_path / STATE_DIR / name} {said}" in str(caught.value)
    assert "start a new run in another output_dir" in str(caught.value)


def test_a_crash_between_the_renames_resumes_the_previous_state(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    first = _save(tmp_path, 1)
    rename = Path.rename

    def crash_before_the_new_state_lands(self: Path, target: Path) -> Path:
        if Path(target).name == STATE_DIR:
            raise KeyboardInterrupt  # the process dies here: old state aside, new one not yet in place
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", crash_before_the_new_state_lands)
    with pytest.raises(KeyboardInterrupt):
        _save(tmp_path, 2)
    monkeypatch.undo()
    assert not (tmp_path / STATE_DIR).exists() and (tmp_path / f".{STATE_DIR}.old").is_dir()
    state, model = _load(tmp_path)
    assert state is not None and state.step == 1  # the previous state, whole
    assert all(torch.equal(a, b) for a, b in zip(first.state_dict().values(), model.state_dict().values(), strict=True))
    _save(tmp_path, 3)  # and the next save goes on as usual
    assert _load(tmp_path)[0] == LMTrainerState(step=3, epoch=0, config={})


def test_no_state_is_none(tmp_path: Path) -> None:
    assert _load(tmp_path)[0] is None


@pytest.mark.parametrize(("now", "said"), [
    ("a\nb\n", None),
    ("a\n", "changed since the run started (sha256"),
    (None, "no longer exists"),
])
def test_changed_data_is_refused_naming_its_key(tmp_path: Path, now: str | None, said: str | None) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text("a\nb\n")
    saved = file_digests({"data.train": data, "data.validation": None})
    if now is None:
        data.unlink()
    else:
        data.write_text(now)
    if said is None:
        check_same_data(saved, {"data.train": data, "data.validation": None})
        return
    with pytest.raises(ConfigKeyError, match="restore the file, or start a new run in another output_dir") as caught:
        check_same_data(saved, {"data.train": data, "data.validation": None})
    assert caught.value.key == ("data", "train") and f"{data} {said}" in str(caught.value)


def test_a_state_without_digests_resumes_unchecked(tmp_path: Path) -> None:
    files = {"data.train": tmp_path / "gone.jsonl"}
    with pytest.raises(ConfigKeyError, match="no longer exists"):
        check_same_data({"data.train": "0" * 64}, files)
    check_same_data(None, files)  # the same missing file, but no digest saved: nothing to compare, no error
