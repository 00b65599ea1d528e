"""Suite loading: roles, placeholders, path resolution; the shipped suites validate."""

from __future__ import annotations

from pathlib import Path

import pytest

from rewardstack.benchmarks.suite import load_suite, resolve_placeholders
from rewardstack.core.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["quick", "full"])
def test_shipped_suites_validate(name: str) -> None:
    suite = load_suite(REPO / "benchmarks" / "suites" / f"{name}.yaml")
    roles = {s.name: s.role for s in suite.signals}
    assert roles["rm"] == "single" and roles["gated_rm"] == "fusion" and roles["rm_ensemble"] == "fusion"
    assert suite.config.world.size == name


def test_roles_inferred_or_declared(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("world: {name: w}\nsignals:\n  a: {sources: {x: {kind: length}}}\n"
                    "  b: {sources: {x: {kind: length}, y: {kind: length}}}\n"
                    "  c: {stack: {sources: {x: {kind: length}}}, role: fusion}\n")
    assert [(s.name, s.role) for s in load_suite(path).signals] == [("a", "single"), ("b", "fusion"),
                                                                     ("c", "fusion")]


@pytest.mark.parametrize(("signals", "message"), [
    ("  c: {stack: {sources: {x: {kind: length}}}, role: mixed}\n", "s.yaml:3: signals.c.role: 'mixed'"),
    ("  c: {stack: {sources: {x: {kind: length}}}, weight: 2}\n", "unknown key(s) ['weight']"),
    ("  c: {stack: {sources: {x: {kind: length, unit: x}}}}\n", "s.yaml:3: signals.c.stack.sources.x.unit"),
    ("  c: stacks/tests.yaml\n", "s.yaml:3: signals.c: no stack file {tmp}/stacks/tests.yaml (a relative path"),
    ("  c: {stack: nope.yaml, role: single}\n", "s.yaml:3: signals.c.stack: no stack file {tmp}/nope.yaml"),
])
def test_wrapper_errors_name_the_line(tmp_path: Path, signals: str, message: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("world: {name: w}\nsignals:\n" + signals)
    with pytest.raises(ConfigError, match=None) as info:
        load_suite(path)
    assert message.format(tmp=tmp_path) in str(info.value)


@pytest.mark.parametrize(("data", "artifacts", "resolved", "missing"), [
    ({"p": "${world.rm_path}"}, {"rm_path": "/r"}, {"p": "/r"}, []),
    ({"p": ["${world.a}/${world.b}", 3]}, {"a": "x"}, {"p": ["x/${world.b}", 3]}, ["b"]),
    ({"p": "${other.a} $world.a"}, {"a": "x"}, {"p": "${other.a} $world.a"}, []),
])
def test_placeholders(data: dict, artifacts: dict, resolved: dict, missing: list) -> None:
    assert resolve_placeholders(data, artifacts) == (resolved, missing)


def test_stack_paths_are_relative_to_the_suite(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "st.yaml").write_text("sources: {x: {kind: length}}\n")
    path = tmp_path / "s.yaml"
    path.write_text("world: {name: w}\nsignals: {a: sub/st.yaml}\n")
    assert load_suite(path).signals[0].origin == str(tmp_path / "sub" / "st.yaml")


def test_the_suite_in_the_docs_validates(tmp_path: Path) -> None:
    text = (REPO / "docs" / "benchmarks.md").read_text()
    block = text.split("```yaml\n# my_suite.yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "stacks").mkdir()
    for name, source in (("tests.yaml", "tests.yaml"), ("my_ensemble.yaml", "rm_ensemble.yaml"),
                         ("math.yaml", "math.yaml"), ("facts.yaml", "facts.yaml"), ("length.yaml", "length.yaml")):
        (tmp_path / "stacks" / name).write_text((REPO / "benchmarks/suites/stacks" / source).read_text())
    (tmp_path / "real.yaml").write_text((REPO / "benchmarks/suites/real.yaml").read_text())  # the docs' tier
    (tmp_path / "my_suite.yaml").write_text(block)
    suite = load_suite(tmp_path / "my_suite.yaml")
    assert [s.role for s in suite.signals] == ["single", "single", "fusion", "fusion"]
    assert suite.tiers["real"].config.world.name == "real_smollm2"
