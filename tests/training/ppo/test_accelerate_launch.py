"""Two processes for real: ``accelerate launch`` runs ``rewardstack train ppo`` on tiny-lm with DDP over gloo (CPU).

accelerate 1.15's ``--cpu`` launches one process unless an MPI hostfile is given, so the
test uses its torchrun launcher (``--multi_gpu``) with ``device: cpu``, which makes each
process's Accelerator a CPU one (gloo). A small launcher script runs the CLI and, after
training, writes each rank's weight checksum and the prompts it generated for: evidence the
ranks split the prompts and ended with the same weights, taken from each process's memory.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from rewardstack.training.ppo.data import prompts_for_step, read_prompts
from tests.training.ppo.conftest import tiny_fields

pytestmark = pytest.mark.slow

_LAUNCHED = '''
import hashlib, json, os, sys
from pathlib import Path

import rewardstack.training.ppo.train as train

out = Path(os.environ["RANK_RECORD_DIR"])
seen = []
sample = train.sample_responses
loop = train._loop


def recording_sample(lm, tokenizer, samples, config):
    seen.append([s.id for s in samples])
    return sample(lm, tokenizer, samples, config)


def recording_loop(run, *args, **kwargs):
    result = loop(run, *args, **kwargs)
    digest = hashlib.sha256()
    for name, tensor in sorted(run.models.policy.state_dict().items()):
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    record = {"rank": run.dist.rank, "world_size": run.dist.world_size, "sha256": digest.hexdigest(), "prompts": seen}
    (out / f"rank{run.dist.rank}.json").write_text(json.dumps(record))
    return result


train.sample_responses = recording_sample
train._loop = recording_loop
from rewardstack.cli import main

sys.argv = ["rewardstack", *sys.argv[1:]]
main()
'''


def _free_port() -> int:
    """A port nobody listens on now (not 29500: two launches at once on this machine must not meet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _launch(tmp_path: Path, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "launched.py"
    script.write_text(_LAUNCHED)
    accelerate = Path(sys.executable).parent / "accelerate"
    # no user accelerate config file changes the launch (HF_ACCELERATE_CONFIG lives under HF_HOME)
    env = {**os.environ, "RANK_RECORD_DIR": str(tmp_path), "OMP_NUM_THREADS": "1", "HF_HOME": str(tmp_path / "hf")}
    command = [str(accelerate), "launch", "--multi_gpu", "--num_processes", "2", "--num_machines", "1",
               "--mixed_precision", "no", "--dynamo_backend", "no", "--main_process_port", str(_free_port()),
               str(script),
               "train", "ppo", "--config", str(config), "--quiet", *args]
    # a rank that fails takes the others down (torchrun); the timeout is for a hang in a collective
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=240, check=False)


def test_two_processes_share_the_prompts_and_end_with_the_same_weights(tmp_path: Path) -> None:
    fields: dict[str, Any] = {**tiny_fields(tmp_path), "steps": 2, "prompts_per_step": 2}
    config = tmp_path / "ppo.yaml"
    config.write_text(yaml.safe_dump(fields))
    done = _launch(tmp_path, config)
    assert done.returncode == 0, done.stderr[-3000:]
    run = Path(fields["output_dir"])
    lines = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
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
    prompts = read_prompts(Path(fields["prompts"]))
    for step in range(2):
        mine = [set(r["prompts"][step]) for r in ranks]
        assert not mine[0] & mine[1]  # disjoint shares ...
        whole = {p.id for p in prompts_for_step(prompts, step=step, per_step=2, seed=0)}
        assert mine[0] | mine[1] == whole  # ... of the step's prompts
    assert done.stdout.strip().splitlines() == [str(run)]  # the run is reported once, by the main process
