"""The model cache: atomic builds, readiness, verification, locking (real files, real locks)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from rewardstack.models.store import (
    MARKER,
    MODEL_DIR_ENV,
    Progress,
    build_atomically,
    discard,
    is_ready,
    model_dir,
    verify_folder,
)


def write_weights(folder: Path, progress: Progress) -> None:
    progress("writing")
    (folder / "config.json").write_text("{}")
    (folder / "model.safetensors").write_bytes(bytes(range(256)) * 64)


def test_model_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(MODEL_DIR_ENV, str(tmp_path / "m"))
    assert model_dir() == tmp_path / "m"
    monkeypatch.delenv(MODEL_DIR_ENV)
    assert model_dir().parts[-2:] == ("rewardstack", "models")
    monkeypatch.setenv("REWARDSTACK_CACHE_DIR", str(tmp_path / "results"))
    assert not str(model_dir()).startswith(str(tmp_path))  # the per-test result cache never moves models


def test_build_writes_marker_last_and_reports_steps(isolated_model_dir: Path) -> None:
    steps: list[str] = []
    folder = build_atomically("m", 1, write_weights, steps.append)
    assert folder == isolated_model_dir / "m" and steps == ["writing"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(["config.json", MARKER, "model.safetensors"])
    assert is_ready(folder, 1) and verify_folder(folder) == []
    assert [p.name for p in isolated_model_dir.iterdir() if p.name.startswith(".m.tmp")] == []


def test_a_crashing_recipe_leaves_nothing_under_the_final_name(isolated_model_dir: Path) -> None:
    def crash(folder: Path, progress: Progress) -> None:
        write_weights(folder, progress)
        raise RuntimeError("killed halfway")

    with pytest.raises(RuntimeError, match="killed halfway"):
        build_atomically("m", 1, crash)
    assert not (isolated_model_dir / "m").exists()
    assert [p.name for p in isolated_model_dir.iterdir() if ".tmp-" in p.name] == []
    assert is_ready(build_atomically("m", 1, write_weights), 1)


def test_leftovers_of_a_killed_build_are_removed(isolated_model_dir: Path) -> None:
    stale = isolated_model_dir / ".m.tmp-killed"
    stale.mkdir(parents=True)
    (stale / "model.safetensors").write_bytes(b"half")
    build_atomically("m", 1, write_weights)
    assert not stale.exists()


@pytest.mark.parametrize(
    ("damage", "ready"),
    [
        ("none", True),
        ("truncate", False),
        ("delete_weights", False),
        ("delete_marker", False),
        ("garble_marker", False),
        ("flip_byte", True),  # same size: only verify_folder (the hashes) sees it
    ],
)
def test_readiness_is_cheap_and_verification_sees_the_rest(isolated_model_dir: Path, damage: str,
                                                            ready: bool) -> None:
    folder = build_atomically("m", 1, write_weights)
    weights = folder / "model.safetensors"
    if damage == "truncate":
        weights.write_bytes(weights.read_bytes()[:100])
    elif damage == "delete_weights":
        weights.unlink()
    elif damage == "delete_marker":
        (folder / MARKER).unlink()
    elif damage == "garble_marker":
        (folder / MARKER).write_text("{not json")
    elif damage == "flip_byte":
        data = bytearray(weights.read_bytes())
        data[500] ^= 0xFF
        weights.write_bytes(bytes(data))
    assert is_ready(folder, 1) is ready
    assert (verify_folder(folder) == []) is (damage == "none")


def test_a_new_recipe_version_rebuilds(isolated_model_dir: Path) -> None:
    folder = build_atomically("m", 1, write_weights)
    assert not is_ready(folder, 2)
    assert is_ready(build_atomically("m", 2, write_weights), 2)


def test_force_rebuilds_a_ready_model(isolated_model_dir: Path) -> None:
    calls: list[str] = []
    build_atomically("m", 1, write_weights, calls.append)
    build_atomically("m", 1, write_weights, calls.append)
    build_atomically("m", 1, write_weights, calls.append, force=True)
    assert calls == ["writing", "writing"]


def test_concurrent_builders_build_once(isolated_model_dir: Path) -> None:
    calls: list[str] = []

    def slow(folder: Path, progress: Progress) -> None:
        calls.append("build")
        time.sleep(0.3)  # long enough that every thread arrives while the first one builds
        write_weights(folder, progress)

    results: list[Path] = []
    threads = [threading.Thread(target=lambda: results.append(build_atomically("m", 1, slow))) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == ["build"] and len(set(results)) == 1 and is_ready(results[0], 1)


def test_discard_warns_and_removes(isolated_model_dir: Path) -> None:
    folder = build_atomically("m", 1, write_weights)
    with pytest.warns(RuntimeWarning, match="model 'm' .* was broken \\(bad bytes\\)"):
        discard("m", "bad bytes")
    assert not folder.exists()
