"""`rewardstack bench ... --regenerate`: a fresh real-model pool, its provenance, the run on it; the refusals."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rewardstack.benchmarks import runner
from rewardstack.benchmarks.worlds.real import default_pool_dir, generate
from rewardstack.benchmarks.worlds.real.regenerate import POOL_DIR, pool_builder
from rewardstack.cli import app
from rewardstack.core.errors import SandboxUnavailable

sys.path.insert(0, str(Path(__file__).parents[1]))
import fake_world  # noqa: E402

REPO = Path(__file__).resolve().parents[3]
REAL = str(REPO / "benchmarks" / "suites" / "real.yaml")


@pytest.fixture(autouse=True)
def _fake_worlds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "_default_builder", lambda: fake_world.build_fake_world)


def _bench(*args: str) -> Any:
    return CliRunner().invoke(app, ["bench", *args])


def _fake_suite(tmp_path: Path, tiers: str = "") -> Path:
    path = tmp_path / "suite.yaml"
    path.write_text("world: {name: fake, seeds: [0]}\nsignals: {len: {sources: {len: {kind: length}}}}\n"
                    "best_of_n: [1, 2]\nbootstrap: {samples: 50}\n" + tiers)
    return path


@pytest.mark.parametrize(("args", "message"), [
    (["quick", "--regenerate"], "bench quick does not regenerate"),
    ([str(REPO / "benchmarks" / "suites" / "quick.yaml"), "--regenerate"], "bench quick does not regenerate"),
    ([REAL, "--model", "tiny-lm"], "--model applies only with --regenerate"),
    ([REAL, "--pool-prompts", "2", "--device", "cpu"], "--device, --pool-prompts apply only with --regenerate"),
    ([REAL, "--regenerate", "--model", "no-such-model-here"], "--model no-such-model-here: "),
    ([REAL, "--regenerate", "--device", "tpu9"], "--device tpu9: "),
])
def test_regenerate_refuses_what_cannot_run(tmp_path: Path, args: list[str], message: str) -> None:
    result = _bench(*args, "--out", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split()) and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_regenerate_refuses_a_suite_without_a_real_world(tmp_path: Path) -> None:
    result = _bench(str(_fake_suite(tmp_path)), "--regenerate", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "has no 'real_smollm2' world" in " ".join(result.output.split())


def test_regenerate_refuses_cuda_without_a_device(tmp_path: Path) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA: the refusal is for machines without it")
    result = _bench(REAL, "--regenerate", "--device", "cuda", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "torch sees no CUDA device" in " ".join(result.output.split())


def test_regenerate_refuses_without_a_sandbox_for_gold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rewardstack.verifiers.code.sandbox import config

    def unavailable(_: Any) -> Any:
        raise SandboxUnavailable("bwrap: not installed")

    monkeypatch.setattr(config, "make_backend", unavailable)  # bubblewrap is installed here
    result = _bench(REAL, "--regenerate", "--model", "tiny-lm", "--out", str(tmp_path / "out"))
    text = " ".join(result.output.split())
    assert result.exit_code == 2 and "every hidden test in the bwrap sandbox" in text
    assert "bwrap: not installed" in text and "rewardstack sandbox check" in text


def test_pool_builder_reads_the_folder_and_builds_other_worlds_as_before(tmp_path: Path) -> None:
    seen: list[tuple[str, bool]] = []

    def with_progress(name: str, *, seed: int, size: str, workdir: Path, progress: Any = None) -> Any:
        seen.append((name, progress is not None))
        return fake_world.build_fake_world(name, seed=seed, size=size, workdir=workdir)

    build = pool_builder(default_pool_dir(), with_progress)
    world = build("real_smollm2", seed=0, size="full", workdir=tmp_path)
    assert world.provenance["pool_dir"] == str(default_pool_dir()) and len(world.prompts) == 44
    build("fake", seed=0, size="quick", workdir=tmp_path, progress=object())
    assert seen == [("fake", True)]
    plain = pool_builder(default_pool_dir(), fake_world.build_fake_world)  # a builder without progress
    assert plain("fake", seed=1, size="quick", workdir=tmp_path, progress=object()).seed == 1


@pytest.mark.slow
def test_regenerate_with_tiny_lm_runs_the_tier_on_the_fresh_pool(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generate, "MAX_NEW_TOKENS", {"coding": 8, "math": 8, "medicine": 8})  # tiny-lm babbles
    suite = _fake_suite(tmp_path, f"tiers: {{real: {REAL}}}\n")
    out = tmp_path / "out"
    result = _bench(str(suite), "--regenerate", "--model", "tiny-lm", "--pool-prompts", "1", "--pool-candidates", "2",
                    "--seed", "5", "--out", str(out), "--workdir", str(tmp_path / "work"))
    assert result.exit_code == 0, result.output
    folder = out / POOL_DIR
    provenance = json.loads((folder / "provenance.json").read_text())
    assert provenance["model"]["name"] == "tiny-lm" and provenance["model"]["fingerprint"].startswith("tiny-lm@")
    assert provenance["config"]["seed"] == 5 and provenance["config"]["candidates"] == 2
    assert provenance["config"]["counts"] == {"coding": 1, "math": 1, "medicine": 1}
    assert provenance["sampling"]["temperature"] == 0.8 and provenance["sampling"]["max_new_tokens"]["math"] == 8
    assert {"torch", "transformers", "rewardstack"} <= set(provenance["versions"]) and provenance["created_utc"]
    assert "--regenerate --model tiny-lm --device cpu --pool-prompts 1 --pool-candidates 2" in provenance["command"]
    assert provenance["pool_sha256"] == hashlib.sha256((folder / "pool.jsonl").read_bytes()).hexdigest()
    data = json.loads((out / "results.json").read_text())
    real = data["tiers"]["real"]
    world = real["world"]["per_seed"][0]
    assert world["provenance"]["pool_dir"] == str(folder)
    assert world["provenance"]["stored"]["model"]["name"] == "tiny-lm"
    assert world["prompts"] == 3 and world["candidates"] == 6
    assert all(s["status"] == "scored" for s in real["signals"].values())
    assert real["settings"]["best_of_n"] == [1, 2]
    assert data["world"]["name"] == "fake" and data["world"]["seeds"] == [5]  # the main tier, as before
    assert "regenerate: wrote" in " ".join(result.output.split())
