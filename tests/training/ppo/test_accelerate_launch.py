"""Two processes for real: ``accelerate launch`` runs ``rewardstack train ppo`` on tiny-lm with DDP, and with FSDP,
over gloo (CPU).

accelerate 1.15's ``--cpu`` launches one process unless an MPI hostfile is given, so the
test uses its torchrun launcher (``--multi_gpu``) with ``device: cpu``, which makes each
process's Accelerator a CPU one (gloo). A small launcher script runs the CLI and, after
training, writes each rank's weight checksum, the prompts it generated for, the statistics it
whitened its advantages with (and its advantages before whitening) and its KL coefficient: evidence
the ranks split the prompts, normalised with the whole step's statistics and ended with the same
weights, taken from each process's memory (an FSDP rank's weights gathered whole first).

The DDP run is made once per module (:func:`ddp_run`): the FSDP test compares its own run with it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
import yaml

from rewardstack.models import load_causal_lm
from rewardstack.training.ppo.data import prompts_for_step, read_prompts
from tests.training.ppo.conftest import tiny_fields

pytestmark = pytest.mark.slow

_LAUNCHED = '''
import hashlib, json, os, sys
from pathlib import Path

import rewardstack.training.ppo.train as train

out = Path(os.environ["RANK_RECORD_DIR"])
seen = []
whitening = []
sample = train.sample_responses
loop = train._loop
build = train.build_experience


def recording_sample(lm, tokenizer, samples, config):
    seen.append([s.id for s in samples])
    return sample(lm, tokenizer, samples, config)


def recording_build(**kwargs):
    experience = build(**kwargs)
    config = kwargs["config"]
    plain = config.model_copy(update={"algorithm": config.algorithm.model_copy(update={"whiten_advantages": False})})
    raw = build(**{**kwargs, "config": plain, "reduce": None})  # this rank's advantages before whitening
    kept = [a for row, mask in zip(raw.advantages.tolist(), raw.loss_mask.tolist()) for a, m in zip(row, mask) if m]
    whitening.append({"used": experience.whitening, "kept": kept})
    return experience


def recording_loop(run, *args, **kwargs):
    result = loop(run, *args, **kwargs)
    digest = hashlib.sha256()
    for name, tensor in sorted(run.models.policy.state_dict().items()):
        tensor = tensor.full_tensor() if hasattr(tensor, "full_tensor") else tensor  # FSDP: a collective
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    from rewardstack.training.ppo.fsdp import is_sharded

    record = {"rank": run.dist.rank, "world_size": run.dist.world_size, "sha256": digest.hexdigest(), "prompts": seen,
              "whitening": whitening, "kl_coef": run.controller.value,
              "sharded": [is_sharded(run.models.policy), is_sharded(run.models.reference)]}
    (out / f"rank{run.dist.rank}.json").write_text(json.dumps(record))
    return result


train.sample_responses = recording_sample
train._loop = recording_loop
train.build_experience = recording_build
from rewardstack.cli import main

sys.argv = ["rewardstack", *sys.argv[1:]]
main()
'''


def _free_port() -> int:
    """A port nobody listens on now (not 29500: two launches at once on this machine must not meet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _launch(tmp_path: Path, config: Path, *args: str, launcher: tuple[str, ...] = ("--multi_gpu",)
            ) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "launched.py"
    script.write_text(_LAUNCHED)
    accelerate = Path(sys.executable).parent / "accelerate"
    # no user accelerate config file changes the launch (HF_ACCELERATE_CONFIG lives under HF_HOME)
    env = {**os.environ, "RANK_RECORD_DIR": str(tmp_path), "OMP_NUM_THREADS": "1", "HF_HOME": str(tmp_path / "hf")}
    command = [str(accelerate), "launch", *launcher, "--num_processes", "2", "--num_machines", "1",
               "--mixed_precision", "no", "--dynamo_backend", "no", "--main_process_port", str(_free_port()),
               str(script),
               "train", "ppo", "--config", str(config), "--quiet", *args]
    # a rank that fails takes the others down (torchrun); the timeout is for a hang in a collective
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=240, check=False)


def _ppo_fields(tmp_path: Path) -> dict[str, Any]:
    # PPO with whitened advantages and an adaptive KL coefficient: both must use the whole step's statistics
    return {**tiny_fields(tmp_path), "steps": 2, "prompts_per_step": 2,
            "algorithm": {"kind": "ppo", "whiten_advantages": True},
            "kl": {"controller": {"kind": "adaptive", "init": 0.2, "target": 0.01, "horizon": 10}}}


@pytest.fixture(scope="module")
def ddp_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The two-process DDP run (its folder holds the config, the run and each rank's record) and its launch."""
    tmp_path = tmp_path_factory.mktemp("ddp")
    config = tmp_path / "ppo.yaml"
    config.write_text(yaml.safe_dump(_ppo_fields(tmp_path)))
    return tmp_path, _launch(tmp_path, config)


def _metrics(run: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]


def test_two_processes_share_the_prompts_and_end_with_the_same_weights(
        ddp_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    tmp_path, done = ddp_run
    fields = _ppo_fields(tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    run = Path(fields["output_dir"])
    lines = _metrics(run)
    assert [line["step"] for line in lines] == [1, 2]  # one line per step, not one per process
    assert all(line["samples"] == 2 for line in lines)  # both ranks' responses: 1 prompt each
    assert all(sum(line[f"reward/brevity/status/{s}"] for s in ("ok", "abstain", "error", "timeout")) == 1.0
               for line in lines)
    assert (run / "policy" / "model.safetensors").is_file() and (run / "curves.png").is_file()
    state = json.loads((run / "resume-state" / "trainer_state.json").read_text())
    assert state["world_size"] == 2 and len(state["rank_stack_states"]) == 2
    ranks = [json.loads((tmp_path / f"rank{r}.json").read_text()) for r in (0, 1)]
    assert [r["world_size"] for r in ranks] == [2, 2]
    assert ranks[0]["sha256"] == ranks[1]["sha256"]  # the all-reduce kept the weights identical
    assert ranks[0]["sharded"] == [False, False]
    prompts = read_prompts(Path(fields["prompts"]))
    for step in range(2):
        mine = [set(r["prompts"][step]) for r in ranks]
        assert not mine[0] & mine[1]  # disjoint shares ...
        whole = {p.id for p in prompts_for_step(prompts, step=step, per_step=2, seed=0)}
        assert mine[0] | mine[1] == whole  # ... of the step's prompts
    assert done.stdout.strip().splitlines() == [str(run)]  # the run is reported once, by the main process
    _assert_whitened_with_the_whole_steps_statistics(ranks)
    assert ranks[0]["kl_coef"] == ranks[1]["kl_coef"] != 0.2  # it moved, alike on both ranks
    assert lines[-1]["kl_coef/next"] == ranks[0]["kl_coef"]


def _assert_whitened_with_the_whole_steps_statistics(ranks: list[dict[str, Any]]) -> None:
    """Both ranks whitened with the same (mean, variance), that of one process over both ranks' kept tokens."""
    per_rank_differs = []
    for step in range(2):
        used = [tuple(r["whitening"][step]["used"]) for r in ranks]
        assert used[0] == used[1]  # the same all-reduced moments on both ranks, bit for bit
        kept = [np.asarray(r["whitening"][step]["kept"], dtype=np.float64) for r in ranks]
        whole = np.concatenate(kept)
        assert used[0] == pytest.approx((whole.mean(), whole.var()), rel=1e-9, abs=1e-12)
        per_rank_differs.append(any(abs(k.mean() - whole.mean()) > 1e-6 for k in kept))
    assert any(per_rank_differs)  # a rank's own statistics were not the whole step's: the test can tell


# FSDP and DDP take the same steps: FSDP's reduce-scatter averages the gradients as DDP's all-reduce does, and
# only the order of float32 sums differs (the clipped norm is summed over shards). Measured on this config:
# every metric bit for bit equal except grad_norm (relative 4e-7), weights within 7.5e-9 after 3 steps.
_SAME_MATH = {"rel": 1e-5, "abs": 1e-7}
_SAME_WEIGHTS = 1e-6  # absolute, per weight


def test_an_fsdp_launch_takes_the_ddp_runs_steps_and_resumes(
        tmp_path: Path, ddp_run: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    # accelerate launch --use_fsdp on CPU (accelerate 1.15 makes it a plain gloo group; train ppo shards),
    # stopped after step 1 and resumed for step 2: the same two steps as the uninterrupted DDP run
    config = tmp_path / "ppo.yaml"
    fields = _ppo_fields(tmp_path)
    config.write_text(yaml.safe_dump(fields))
    fsdp = ("--use_fsdp", "--fsdp_version", "2")
    first = _launch(tmp_path, config, "--set", "steps=1", launcher=fsdp)
    assert first.returncode == 0, first.stderr[-3000:]
    resumed = _launch(tmp_path, config, "--resume", launcher=fsdp)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    run, ddp = Path(fields["output_dir"]), Path(_ppo_fields(ddp_run[0])["output_dir"])
    saved = torch.load(run / "resume-state" / "optimizer.pt", weights_only=True)
    assert saved["sharding"] == "fsdp" and "lm.model.embed_tokens.weight" in saved["optimizer"]["state"]
    lines, expected = _metrics(run), _metrics(ddp)
    assert [line["step"] for line in lines] == [1, 2]
    for line, want in zip(lines, expected, strict=True):
        numbers = {k: v for k, v in want.items() if isinstance(v, float) and not k.startswith("time/")
                   and k != "tokens_per_s"}
        assert {k: line[k] for k in numbers} == pytest.approx(numbers, **_SAME_MATH), line["step"]
    ranks = [json.loads((tmp_path / f"rank{r}.json").read_text()) for r in (0, 1)]
    assert ranks[0]["sha256"] == ranks[1]["sha256"] and ranks[0]["kl_coef"] == ranks[1]["kl_coef"]
    assert ranks[0]["sharded"] == ranks[1]["sharded"] == [True, True]  # the policy and the reference
    from safetensors.torch import load_file

    weights, want_weights = (load_file(folder / "policy" / "model.safetensors") for folder in (run, ddp))
    assert weights.keys() == want_weights.keys()  # the tied LM head once, as DDP's save_pretrained writes it
    for name, tensor in weights.items():
        assert torch.allclose(tensor, want_weights[name], rtol=0, atol=_SAME_WEIGHTS), name
    lm, _ = load_causal_lm(str(run / "policy"), device="cpu")  # policy/ is a plain HF model folder
    assert torch.equal(lm.get_input_embeddings().weight, weights["model.embed_tokens.weight"])


def test_an_fsdp_launch_asking_for_what_train_ppo_cannot_honour_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "ppo.yaml"
    config.write_text(yaml.safe_dump(tiny_fields(tmp_path)))
    done = _launch(tmp_path, config, launcher=("--use_fsdp", "--fsdp_version", "2", "--fsdp_offload_params", "true"))
    assert done.returncode != 0  # torchrun's own code (1) once a rank exits 2
    assert "exitcode  : 2" in done.stderr
    assert done.stderr.count("train ppo does not offload parameters") == 2, done.stderr[-3000:]  # both ranks
    assert not (tmp_path / "run").exists() and not list(tmp_path.glob("rank*.json"))  # nothing trained
