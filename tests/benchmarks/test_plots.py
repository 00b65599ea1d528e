"""Figures with nothing to draw are not written: report.md and the terminal name them and say why."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rewardstack.benchmarks import runner
from rewardstack.benchmarks.plots import FIGURES, empty_figures
from rewardstack.cli import app

sys.path.insert(0, str(Path(__file__).parent))
import fake_world  # noqa: E402

SUITE = """\
name: plots
world: {{name: fake, size: quick, seeds: [0]}}
signals:
  length: {{sources: {{len: {{kind: length}}}}}}
metrics: {metrics}
best_of_n: [1, 2, 4]
bootstrap: {{samples: 20, seed: 0}}
"""
BEST_OF_N_LEFT_OUT = "`best_of_n.png` not drawn: the suite's `metrics` leave out best_of_n."


@pytest.fixture(autouse=True)
def _fake_worlds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "_default_builder", lambda: fake_world.build_fake_world)


@pytest.mark.parametrize(("metrics", "drawn"), [
    ("[pairwise_accuracy]", {"family_ranking.png"}),
    ("[best_of_n, sycophancy]", {"best_of_n.png", "best_of_n_by_family.png", "probes.png"}),
])
def test_only_figures_with_something_to_draw_are_written(tmp_path: Path, metrics: str, drawn: set[str]) -> None:
    suite, out = tmp_path / "suite.yaml", tmp_path / "out"
    suite.write_text(SUITE.format(metrics=metrics))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(app, ["bench", str(suite), "--out", str(out), "--workdir", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.glob("*.png")} == drawn
    assert not [w for w in caught if "legend" in str(w.message)] and "legend" not in result.output
    report = (out / "report.md").read_text()
    for name in FIGURES:
        if name == "ppo_runs.png":  # the suite lists no PPO runs: neither drawn nor reported missing
            assert name not in report and name not in result.output
            continue
        assert (f"![{name}]({name})" in report) == (name in drawn)
        assert (f"`{name}` not drawn: " in report) == (name not in drawn)
        assert (f"plot not drawn: {out / name}: " in result.output) == (name not in drawn)
    assert (BEST_OF_N_LEFT_OUT in report) == ("best_of_n.png" not in drawn)


@pytest.mark.parametrize(("signals", "metrics", "why"), [
    ({}, ["best_of_n"], "no signal was scored"),
    ({"a": {"status": "scored", "role": "single", "curves": {}}}, ["kl_optimum"],
     "no prompt of this world gave a value for kl_optimum"),
    ({"a": {"status": "scored", "role": "single", "curves": {}}}, ["best_of_n"],
     "the suite's `metrics` leave out kl_optimum"),
])
def test_empty_figures_say_why(signals: dict[str, object], metrics: list[str], why: str) -> None:
    assert empty_figures({"settings": {"metrics": metrics}, "signals": signals})["overoptimisation.png"] == why


NO_PAIRS = {"value": None, "low": None, "high": None, "prompts": 0}  # a probe this world has no pair for


@pytest.mark.parametrize(("metrics", "drawn"), [
    ({"sycophancy": NO_PAIRS, "code_false_positive": NO_PAIRS}, False),
    ({"sycophancy": NO_PAIRS, "code_false_positive": dict(NO_PAIRS, value=0.25, low=0.1, high=0.4)}, True),
])
def test_probes_without_a_value_draw_nothing(metrics: dict[str, object], drawn: bool) -> None:
    results = {"settings": {"metrics": ["sycophancy", "code_false_positive"]},
               "signals": {"a": {"status": "scored", "role": "single", "curves": {}, "metrics": metrics}}}
    why = empty_figures(results).get("probes.png")
    assert why == (None if drawn else "no prompt of this world gave a value for sycophancy, code_false_positive")
