"""run_suite's progress: world builds, reward-model training inside a build, and scoring are all reported."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from rewardstack.benchmarks.pool import WorldPool
from rewardstack.benchmarks.runner import run_suite
from rewardstack.benchmarks.suite import load_suite

sys.path.insert(0, str(Path(__file__).parent))
import fake_world  # noqa: E402


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []

    def stage(self, label: str, total: int) -> None:
        self.events.append(("stage", label))

    def advance(self, n: int) -> None:
        self.events.append(("advance", n))


def _training_builder(name: str, *, seed: int, size: str, workdir: Path, progress: Any) -> WorldPool:
    if seed == 3:  # the first world trains (two steps, one already done); the second finds the models cached
        progress.start("member 1/1", total_steps=3, done_steps=1)
        progress.step(0.7)
        progress.step(0.6)
        progress.log("epoch 1/1: train loss 0.6")
        progress.close()
    return fake_world.build_fake_world(name, seed=seed, size=size, workdir=workdir)


def _stage_advances(events: list[tuple[str, Any]], label: str) -> int:
    start = events.index(("stage", label))
    total = 0
    for kind, value in events[start + 1:]:
        if kind == "stage":
            break
        total += value
    return int(total)


@pytest.mark.parametrize(
    ("builder", "trained"),
    [(fake_world.build_fake_world, False), (_training_builder, True)],
)
def test_progress_covers_builds_training_and_scoring(builder: Any, trained: bool, suite_file: Path,
                                                     tmp_path: Path) -> None:
    recorder = Recorder()
    run_suite(load_suite(suite_file), workdir=tmp_path, build_world=builder, progress=recorder)
    labels = [value for kind, value in recorder.events if kind == "stage"]
    assert labels[0] == "building world fake (seed 3)" and "building world fake (seed 4)" in labels
    training = "fake (seed 3): training reward model, member 1/1"
    assert (training in labels) is trained
    if trained:
        assert _stage_advances(recorder.events, training) == 3  # done steps, then one per step
    # a build without training finishes its own stage
    assert _stage_advances(recorder.events, "building world fake (seed 4)") == 1
    # every candidate of every scored signal is counted once (the fake world: 16 prompts x 12 candidates)
    assert _stage_advances(recorder.events, "seed 3: scoring fused") == 16 * 12


def test_probes_are_sliced_by_the_domain_the_candidates_declare(suite_file: Path, tmp_path: Path) -> None:
    from rewardstack.benchmarks.report import render_report
    from rewardstack.benchmarks.results import build_results

    results = build_results(run_suite(load_suite(suite_file), workdir=tmp_path,
                                      build_world=fake_world.build_fake_world))
    by_domain = results["signals"]["fused"]["by_domain"]
    assert set(by_domain) == set(fake_world.FAMILIES)  # the fake world's candidates declare their family
    # agreement with a wrong user is defined exactly where the world flags it; a slice never shows an undefined value
    assert [d for d, metrics in by_domain.items() if "sycophancy" in metrics] == ["sycophancy"]
    assert by_domain["sycophancy"]["sycophancy"]["prompts"] == 2 * fake_world.FAMILIES["sycophancy"]  # two seeds
    assert "pairwise_accuracy" in by_domain["chat"] and "code_false_positive" in by_domain["coding"]
    report = render_report(results)
    assert "## Prefers agreeing with a wrong user, by domain" in report
    assert "| signal | sycophancy |" in report
