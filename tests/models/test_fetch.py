"""fetch_models: prepares and verifies; checks every name before any long work."""

from __future__ import annotations

from pathlib import Path

import pytest

from rewardstack.core.errors import ModelNotFound, ModelUnavailable
from rewardstack.models import EMBEDDED_MODELS, MODEL_DIR_ENV, fetch_models
from rewardstack.models.fetch import packaged_mismatches
from rewardstack.models.specs import PackagedFolder


def test_the_packaged_encoder_verifies_against_its_record() -> None:
    provision = EMBEDDED_MODELS["all-minilm-l6-v2"].provision
    assert isinstance(provision, PackagedFolder)
    assert packaged_mismatches(provision) == []
    steps: list[tuple[str, str]] = []
    [status] = fetch_models(["all-minilm-l6-v2"], progress=lambda name, line: steps.append((name, line)))
    assert status.ready and status.path is not None and (status.path / "model.safetensors").is_file()
    assert steps == [("all-minilm-l6-v2", "verifying the packaged files against their RECORD hashes")]


def test_an_unknown_name_stops_before_anything_is_built(isolated_model_dir: Path) -> None:
    with pytest.raises(ModelNotFound, match="'nope' not found"):
        fetch_models(["tiny-lm", "nope"])
    assert not (isolated_model_dir / "tiny-lm").exists()


def test_steps_are_reported_per_model(isolated_model_dir: Path) -> None:
    steps: list[tuple[str, str]] = []
    statuses = fetch_models(["tiny-encoder", "tiny-lm"], progress=lambda name, line: steps.append((name, line)))
    assert [s.name for s in statuses] == ["tiny-encoder", "tiny-lm"] and all(s.ready for s in statuses)
    assert steps == [("tiny-encoder", "initialising from seed 1234"), ("tiny-lm", "initialising from seed 1234")]
    steps.clear()
    fetch_models(["tiny-lm"], progress=lambda name, line: steps.append((name, line)))
    assert steps == [("tiny-lm", "verifying checksums")]  # ready: verified, not rebuilt


def test_an_unwritable_model_cache_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(MODEL_DIR_ENV, str(blocker / "models"))  # root ignores permissions; a file in the path does not
    with pytest.raises(ModelUnavailable, match=r"could not build 'tiny-lm' in .*\nFix: .*REWARDSTACK_MODEL_DIR"):
        fetch_models(["tiny-lm"])
