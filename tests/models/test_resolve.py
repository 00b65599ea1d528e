"""Naming models: embedded names, folders, locally cached HF ids, and the errors for everything else."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rewardstack.core.errors import ConfigError, ModelNotFound
from rewardstack.models import (
    EMBEDDED_MODELS,
    load_causal_lm,
    load_encoder,
    model_fingerprint,
    model_status,
    resolve_model,
)

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any attempt to open a connection fails the test: rewardstack must never contact a hub."""

    def refuse(self: socket.socket, address: object) -> None:
        raise AssertionError(f"network access attempted: {address}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")  # the guarantee must not depend on the user's offline setting
    yield


@pytest.fixture()
def hf_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from huggingface_hub import constants

    cache = tmp_path / "hf-hub"
    cache.mkdir()
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    return cache


def put_in_hf_cache(cache: Path, repo_id: str, source: Path) -> Path:
    """The layout huggingface_hub writes: models--org--name/{refs/main, snapshots/<commit>/...}."""
    repo = cache / ("models--" + repo_id.replace("/", "--"))
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(COMMIT)
    snapshot = repo / "snapshots" / COMMIT
    shutil.copytree(source, snapshot)
    return snapshot


@pytest.mark.parametrize("name", ["tiny-lmm", "gpt-17", "no-such-org/no-such-model", "./missing/folder", "a b c"])
def test_unknown_names_list_the_embedded_ones(name: str, hf_cache: Path, no_network: None) -> None:
    with pytest.raises(ModelNotFound) as caught:
        resolve_model(name)
    message = str(caught.value)
    assert f"model {name!r} not found" in message and "Fix:" in message
    assert all(embedded in message for embedded in EMBEDDED_MODELS)
    assert isinstance(caught.value, ConfigError)  # the CLI's exit-2 family


def test_an_hf_id_missing_from_the_local_cache_says_no_hub_is_used(hf_cache: Path, no_network: None) -> None:
    with pytest.raises(ModelNotFound, match="not in the local Hugging Face cache .*never downloads"):
        load_causal_lm("HuggingFaceTB/SmolLM2-360M-Instruct")
    assert str(hf_cache) in str(model_status("HuggingFaceTB/SmolLM2-360M-Instruct").detail)


def test_an_hf_id_in_the_local_cache_loads_offline(hf_cache: Path, no_network: None) -> None:
    snapshot = put_in_hf_cache(hf_cache, "my-org/my-tiny-lm", resolve_model("tiny-lm"))
    assert resolve_model("my-org/my-tiny-lm") == snapshot
    model, tokenizer = load_causal_lm("my-org/my-tiny-lm", device="cpu")
    assert model(**tokenizer(["hi"], return_tensors="pt")).logits.shape[-1] == 49152
    assert model_fingerprint("my-org/my-tiny-lm") == f"my-org/my-tiny-lm@commit:{COMMIT[:16]}"


@pytest.mark.parametrize("spelling", ["str", "path", "relative"])
def test_a_local_folder_loads_directly(spelling: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       no_network: None) -> None:
    folder = tmp_path / "my-encoder"
    shutil.copytree(resolve_model("tiny-encoder"), folder)
    monkeypatch.chdir(tmp_path)
    name = {"str": str(folder), "path": folder, "relative": "my-encoder"}[spelling]
    assert resolve_model(name) == folder
    model, tokenizer = load_encoder(name, device="cpu")
    assert model(**tokenizer(["hi"], return_tensors="pt")).last_hidden_state.shape[-1] == 64


def test_an_embedded_name_wins_over_a_folder_of_that_name_unless_dotted(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "tiny-lm").mkdir()
    monkeypatch.chdir(tmp_path)
    assert resolve_model("tiny-lm") != tmp_path / "tiny-lm"
    assert resolve_model("./tiny-lm") == tmp_path / "tiny-lm"
    assert resolve_model("TINY-LM") == resolve_model("tiny-lm")


def test_a_file_is_not_a_model_folder(tmp_path: Path) -> None:
    weights = tmp_path / "model.safetensors"
    weights.write_bytes(b"x")
    with pytest.raises(ModelNotFound, match="is a file; name the folder"):
        resolve_model(weights)


def test_a_folder_that_is_not_a_model_is_a_clear_error(tmp_path: Path) -> None:
    from rewardstack.core.errors import ModelUnavailable

    with pytest.raises(ModelUnavailable, match=f"could not load model .* from {tmp_path}.*\nFix: check that"):
        load_causal_lm(tmp_path, device="cpu")


@pytest.mark.parametrize(("loader", "name", "fix"), [(load_causal_lm, "all-minilm-l6-v2", "load_encoder"),
                                                     (load_encoder, "tiny-lm", "load_causal_lm")])
def test_the_wrong_loader_for_an_embedded_model(loader: Callable[[str], object], name: str, fix: str) -> None:
    with pytest.raises(ConfigError, match=f"use {fix}"):
        loader(name)


def test_status_never_builds_or_raises(isolated_model_dir: Path) -> None:
    status = model_status("tiny-lm")
    assert not status.ready and status.path == isolated_model_dir / "tiny-lm"
    assert "rewardstack models fetch tiny-lm" in status.detail and not isolated_model_dir.exists()
    assert not model_status("nothing-here").ready


def test_fingerprints_follow_the_weights(tmp_path: Path) -> None:
    folder = tmp_path / "rm"
    shutil.copytree(resolve_model("tiny-lm"), folder)
    (folder / "rewardstack-model.json").unlink()  # a user's folder: fingerprinted by hashing its weights
    before = model_fingerprint(folder)
    assert before == model_fingerprint(folder) and before.startswith(f"{folder}@sha256:")
    data = bytearray((folder / "model.safetensors").read_bytes())
    data[-1] ^= 1
    (folder / "model.safetensors").write_bytes(bytes(data))
    assert model_fingerprint(folder) != before
    assert model_fingerprint("tiny-lm") == model_fingerprint("tiny-lm")
    assert model_fingerprint("all-minilm-l6-v2").startswith("all-minilm-l6-v2@sha256:")
