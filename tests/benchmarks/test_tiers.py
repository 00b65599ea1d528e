"""Suites with tiers: loading and its errors, a run with a tier (results, report, plots, terminal), cost timings."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from rewardstack.benchmarks import runner
from rewardstack.benchmarks.plots import FIGURES
from rewardstack.benchmarks.suite import load_suite
from rewardstack.benchmarks.tiers import cpu_seconds, render_tier_sections, run_tiers
from rewardstack.cli import app
from rewardstack.core.errors import ConfigError

sys.path.insert(0, str(Path(__file__).parent))
import fake_world  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
TIER = "world: {name: fake, seeds: [5]}\nsignals:\n  len: {sources: {len: {kind: length}}}\nbest_of_n: [1, 2]\n" \
       "bootstrap: {samples: 50}\n"


@pytest.fixture(autouse=True)
def _fake_worlds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "_default_builder", lambda: fake_world.build_fake_world)


@pytest.fixture
def tiered(tmp_path: Path) -> Path:
    """A small suite with two tiers: one a file beside it, one inline."""
    (tmp_path / "other.yaml").write_text("name: other\n" + TIER)
    inline = "  inline:\n" + "".join(f"    {line}\n" for line in TIER.replace("[5]", "[6]").splitlines())
    path = tmp_path / "suite.yaml"
    path.write_text(TIER.replace("seeds: [5]", "seeds: [3, 4]") + "tiers:\n  other: other.yaml\n" + inline)
    return path


@pytest.mark.parametrize("name", ["quick", "full"])
def test_shipped_suites_have_the_real_tier(name: str) -> None:
    suite = load_suite(REPO / "benchmarks" / "suites" / f"{name}.yaml")
    assert list(suite.tiers) == ["real"]
    real = suite.tiers["real"]
    assert real.config.world.name == "real_smollm2" and real.config.tiers == {}
    assert not any(s.data["sources"][src]["kind"] == "preference_model" for s in real.signals for src in s.sources)
    assert [n for n, _ in suite.all_tiers()] == [None, "real"]


def test_tiers_load_from_a_file_or_inline(tiered: Path) -> None:
    suite = load_suite(tiered)
    assert list(suite.tiers) == ["other", "inline"]
    assert suite.tiers["other"].name == "other" and suite.tiers["other"].path == str(tiered.parent / "other.yaml")
    inline = suite.tiers["inline"]
    assert inline.config.world.seeds == (6,) and inline.path.startswith(f"{tiered}:")
    assert [s.name for s in inline.signals] == ["len"]


@pytest.mark.parametrize(("tiers", "message"), [
    ("tiers:\n  Real: x.yaml\n", "tiers: tier names ['Real'] must be lowercase"),
    ("tiers:\n  real: missing.yaml\n", "s.yaml:5: tiers.real: no suite file"),
    ("tiers:\n  real:\n    world: {name: w}\n    signal: {}\n", "s.yaml:7: tiers.real.signal: unknown key 'signal'"),
    ("tiers:\n  real:\n    world: {name: w}\n    signals:\n      a: {sources: {x: {kind: length, unit: y}}}\n",
     "s.yaml:8: tiers.real.signals.a.sources.x.unit"),
    ("tiers:\n  real:\n    world: {name: w}\n    signals:\n      a: {stack: {sources: {}}, weight: 1}\n",
     "s.yaml:8: tiers.real.signals.a: unknown key(s) ['weight']"),
    ("tiers:\n  real:\n    world: {name: w}\n    signals: {a: {sources: {x: {kind: length}}}}\n"
     "    tiers: {more: x.yaml}\n", "s.yaml:5: tiers.real: the tier's suite has tiers of its own"),
    ("tiers:\n  real: [1]\n", "s.yaml:5: tiers.real"),
])
def test_tier_errors_name_file_line_and_key(tmp_path: Path, tiers: str, message: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("world: {name: w}\nsignals: {a: {sources: {x: {kind: length}}}}\n\n" + tiers)
    with pytest.raises(ConfigError) as info:
        load_suite(path)
    assert message in str(info.value)


def _bench(*args: str) -> Any:
    return CliRunner().invoke(app, ["bench", *args])


def _names_only(results: dict[str, Any], out: Path) -> list[Path]:
    """write_plots without matplotlib (its PNGs are tested in test_cli.py): the files it would write, empty."""
    from rewardstack.benchmarks.plots import FIGURES

    for name in FIGURES:
        (out / name).write_text(results["suite"]["name"])
    return [out / name for name in FIGURES]


def test_a_tier_is_its_own_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rewardstack.benchmarks import plots

    monkeypatch.setattr(plots, "write_plots", _names_only)
    (tmp_path / "other.yaml").write_text("name: other\n" + TIER)
    suite = tmp_path / "suite.yaml"
    suite.write_text(TIER.replace("seeds: [5]", "seeds: [3]") + "tiers: {other: other.yaml}\n")
    out = tmp_path / "out"
    result = _bench(str(suite), "--out", str(out), "--workdir", str(tmp_path / "work"))
    assert result.exit_code == 0, result.output
    data = json.loads((out / "results.json").read_text())
    assert data["world"]["seeds"] == [3] and list(data["tiers"]) == ["other"]  # the main tier is the top level
    other = data["tiers"]["other"]
    assert other["suite"]["name"] == "other" and other["world"]["seeds"] == [5]
    assert set(other["signals"]) == {"len", "oracle", "random"} and other["settings"]["best_of_n"] == [1, 2]
    assert {p.name for p in (out / "other").iterdir()} == set(FIGURES)  # what the stand-in writes, in the tier's folder
    assert (out / "other" / "best_of_n.png").read_text() == "other"  # drawn from the tier's own results
    report = (out / "report.md").read_text()
    assert report.startswith("# Benchmark: suite") and report.count("\n## Headline") == 1
    assert "## Tier `other`: suite other" in report and "### Headline" in report
    assert "![other/best_of_n.png](other/best_of_n.png)" in report and "![best_of_n.png](best_of_n.png)" in report
    assert "tier other: world fake (quick), seeds [5]" in result.output
    assert "other, vs gold" in result.output and f"plot: {out / 'other' / 'best_of_n.png'}" in result.output


def test_run_tiers_nests_each_tier_with_its_cost(tiered: Path, tmp_path: Path) -> None:
    data = run_tiers(load_suite(tiered), workdir=tmp_path, seed=None, progress=_Labels())
    assert data["world"]["seeds"] == [3, 4] and data["suite"]["name"] == "suite"
    assert list(data["tiers"]) == ["other", "inline"]
    assert data["tiers"]["inline"]["world"]["seeds"] == [6]
    for doc in (data, *data["tiers"].values()):
        assert doc["timings"]["cpu_s"] >= 0 and doc["timings"]["total_s"] > 0
    assert any(label.startswith("tier inline: seed 6: scoring len") for label in _Labels.seen)
    sections = render_tier_sections(data, {"other": ["other/x.png"]})
    assert sections.index("## Tier `other`") < sections.index("## Tier `inline`") and "![other/x.png]" in sections


def test_a_suite_without_tiers_has_no_tiers_key(tmp_path: Path) -> None:
    suite = tmp_path / "s.yaml"
    suite.write_text(TIER)
    data = run_tiers(load_suite(suite), workdir=tmp_path, seed=7, progress=_Labels())
    assert "tiers" not in data and data["world"]["seeds"] == [7]
    assert render_tier_sections(data, {}) == ""


class _Labels:
    seen: list[str] = []

    def stage(self, label: str, total: int) -> None:
        self.seen.append(label)

    def advance(self, n: int) -> None:
        pass


def test_cpu_seconds_grow() -> None:
    before = cpu_seconds()
    sum(i * i for i in range(200_000))
    assert cpu_seconds() > before
