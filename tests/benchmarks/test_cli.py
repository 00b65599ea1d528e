"""`rewardstack bench`: outputs, exit codes, determinism under a seed, skipped signals, the fake world."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rewardstack.benchmarks import runner
from rewardstack.cli import app

sys.path.insert(0, str(Path(__file__).parent))
import fake_world  # noqa: E402


@pytest.fixture(autouse=True)
def _fake_worlds(monkeypatch: pytest.MonkeyPatch) -> None:
    # the real worlds train models (minutes); these tests are about the runner and its outputs
    monkeypatch.setattr(runner, "_default_builder", lambda: fake_world.build_fake_world)


def _bench(*args: str) -> Any:
    return CliRunner().invoke(app, ["bench", *args])


def _without_timings(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text())
    data.pop("timings")
    return data


def test_writes_results_report_and_plots(suite_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _bench(str(suite_file), "--out", str(out), "--workdir", str(tmp_path / "work"))
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {"results.json", "report.md", "best_of_n.png", "best_of_n_by_family.png",
                                               "overoptimisation.png", "probes.png", "family_ranking.png"}
    assert all((out / name).read_bytes().startswith(b"\x89PNG") for name in ("best_of_n.png", "probes.png"))
    assert "oracle" in result.output and f"results: {out}/" in result.output
    data = json.loads((out / "results.json").read_text())
    assert data["world"]["seeds"] == [3, 4] and len(data["suite"]["config_hash"]) == 64
    signals = data["signals"]
    assert signals["oracle"]["metrics"]["pairwise_accuracy"]["value"] == pytest.approx(1.0)
    assert signals["verifier"]["role"] == "single" and signals["fused"]["role"] == "fusion"
    estimate = signals["fused"]["metrics"]["best_of_n@8"]
    assert estimate["low"] <= estimate["value"] <= estimate["high"] and len(estimate["per_seed"]) == 2
    assert signals["fused"]["curves"]["best_of_n"]["n"] == [1, 2, 4, 8]  # 64 > the pool of 12: dropped
    assert {c["single"] for c in data["comparisons"]} == {"length", "verifier"}
    report = (out / "report.md").read_text()
    assert "## Where a fusion did worse than a single source" in report and "`fused` vs `length`" in report


def test_unavailable_sources_are_skipped_with_their_reason(suite_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _bench(str(suite_file), "--out", str(out), "--workdir", str(tmp_path / "work"))
    assert result.exit_code == 0, result.output
    signals = json.loads((out / "results.json").read_text())["signals"]
    assert signals["rm_missing"]["status"] == "skipped"
    assert "no artifact rm_path" in signals["rm_missing"]["reason"] and "safety" in signals["rm_missing"]["reason"]
    assert "ModelNotFound" in signals["rm_absent"]["reason"]
    assert "metrics" not in signals["rm_absent"]
    assert "skipped rm_absent" in result.output
    assert "**skipped**" in (out / "report.md").read_text()


def test_two_runs_with_one_seed_give_identical_results(suite_file: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        result = _bench(str(suite_file), "--out", str(out), "--seed", "11", "--workdir", str(tmp_path / "w"))
        assert result.exit_code == 0, result.output
    a, b = _without_timings(first / "results.json"), _without_timings(second / "results.json")
    assert a == b
    assert a["world"]["seeds"] == [11, 12] and a["settings"]["bootstrap"]["seed"] == 11


def test_another_seed_gives_other_worlds(suite_file: Path, tmp_path: Path) -> None:
    runs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        assert _bench(str(suite_file), "--out", str(out), "--seed", seed, "--workdir", str(tmp_path)).exit_code == 0
        runs.append(_without_timings(out / "results.json")["signals"]["fused"]["metrics"])
    assert runs[0] != runs[1]


@pytest.mark.parametrize(("text", "where"), [
    ("world: {name: fake, seeds: [0]}\nsignals:\n  x: {sources: {a: {kind: length, unit: lines}}}\n",
     "suite.yaml:3: signals.x.sources.a.unit"),
    ("world: {name: fake, seeds: [0, 0]}\nsignals:\n  x: {sources: {a: {kind: length}}}\n",
     "suite.yaml:1: world.seeds: seeds must be distinct"),
    ("world: {name: fake}\nsignals: {x: {sources: {a: {kind: length}}}}\nmetrics: [accuracy]\n",
     "suite.yaml:3: metrics: unknown metric(s) ['accuracy']"),
    ("world: {name: fake}\nsignals: {x: {sources: {a: {kind: lenght}}}}\n",
     "Did you mean 'length'?"),
    ("world: {name: fake}\nsignal: {}\n", "suite.yaml:2: signal: unknown key 'signal'"),
    ("world: {name: fake}\nsignals: {x: missing.yaml}\n", "missing.yaml"),
    ("world: {name: fake}\nsignals: {oracle: {sources: {a: {kind: length}}}}\n", "reserved for the baselines"),
    # fusion source names are checked at load, as `rewardstack score` checks them (not a skip at run time)
    ("world: {name: fake}\nsignals:\n  d:\n    sources: {math: {kind: length}, length: {kind: length}}\n"
     "    fusion: {kind: residualize, input: math, covariate: lenght}\n",
     "suite.yaml:5: signals.d.fusion.covariate: the fusion tree reads source 'lenght', which the stack does not "
     "define. Did you mean 'length'?"),
    ("world: {name: fake}\nsignals:\n  d:\n    sources: {math: {kind: length}, length: {kind: length}}\n"
     "    fusion:\n      kind: weighted_sum\n      weights: {math: 1.0, lenght: 0.1}\n",
     "suite.yaml:7: signals.d.fusion.weights.lenght: the fusion tree reads source 'lenght'"),
    ("world: {name: fake}\nsignals:\n  d:\n    sources: {math: {kind: length}}\n"
     "    fusion: {kind: residualize, input: math, covariate: math}\n",
     "suite.yaml:5: signals.d.fusion.covariate: the covariate must differ from the input's sources"),
    ("world: {name: fake}\nsignals:\n  d:\n    sources: {math: {kind: length}}\n"
     "    policies: {mat: {on_error: veto, value: -1}}\n",
     "suite.yaml:5: signals.d.policies.mat: policies name ['mat'], which the stack does not define"),
])
def test_bad_suites_exit_2_naming_file_line_and_key(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "suite.yaml"
    path.write_text(text)
    result = _bench(str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert where in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("fusion", "where"), [
    ("fusion: {kind: weigthed_sum}\n", ":3: fusion"),
    ("fusion:\n  kind: weighted_sum\n  weights: {a: 1.0, b: 0.1}\n", ":5: fusion.weights.b: the fusion tree reads "
                                                                       "source 'b'"),
])
def test_an_error_inside_a_stack_file_names_that_file(tmp_path: Path, fusion: str, where: str) -> None:
    (tmp_path / "stack.yaml").write_text("sources:\n  a: {kind: length}\n" + fusion)
    path = tmp_path / "suite.yaml"
    path.write_text("world: {name: fake}\nsignals: {x: stack.yaml}\n")
    result = _bench(str(path))
    assert result.exit_code == 2 and f"{tmp_path / 'stack.yaml'}{where}" in result.output, result.output


def test_unknown_suite_name_or_file(tmp_path: Path) -> None:
    result = _bench(str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2 and "no such suite file" in result.output


def test_named_suites_are_found_in_the_checkout() -> None:
    from rewardstack.benchmarks.cli import find_suite

    assert find_suite("quick").name == "quick.yaml" and find_suite("full").name == "full.yaml"


def test_help_shows_examples() -> None:
    result = _bench("--help")
    assert result.exit_code == 0 and "rewardstack bench quick --out out/bench" in result.output


def test_an_out_that_cannot_be_a_folder_is_refused_before_the_run(suite_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "results.txt"
    out.write_text("mine\n")
    built = len(fake_world.calls)
    result = _bench(str(suite_file), "--out", str(out), "--workdir", str(tmp_path / "work"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"--out {out} is a file, not a folder; give a folder" in result.output
    assert len(fake_world.calls) == built and out.read_text() == "mine\n"  # no world was built, nothing touched
