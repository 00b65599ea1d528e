"""A new operator is one module: it registers itself and its words; plugins through entry points too."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import numpy as np
import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from rewardstack.core.errors import RegistryError
from rewardstack.core.registry import FUSION_OPERATORS
from rewardstack.fusion.attribution import affine
from rewardstack.fusion.base import FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.cli import fusion_app
from rewardstack.fusion.explain import explain
from rewardstack.fusion.node import Explanation, Operand, SingleInputOperator, register_operator, validate_node
from tests.fusion.helpers import assert_attribution, fuse


@register_operator("scaled")
class ScaledConfig(OperatorConfig):
    """``factor * input`` (a test operator: one class, registered here and nowhere else)."""

    kind: Literal["scaled"] = "scaled"
    input: Operand
    factor: float = 2.0

    def build(self) -> Scaled:
        return Scaled(self)

    def explain(self) -> Explanation:
        return f"{self.factor:g} times:", [(None, self.input)]


class Scaled(SingleInputOperator):
    def __init__(self, config: ScaledConfig):
        super().__init__(config.input)
        self.factor = config.factor

    def fuse(self, board: ScoreBoard, index: np.ndarray) -> FusionOutput:
        child = self.input.fuse(board, index)
        slope = np.full(len(index), self.factor)
        out = FusionOutput(total=child.total * self.factor, contributions=affine(child, slope), flags={},
                           baseline=child.base * self.factor)
        out.merge_flags(child)
        return out


@pytest.fixture(scope="module", autouse=True)
def _unregister_scaled() -> Iterator[None]:
    yield
    FUSION_OPERATORS.unregister("scaled")


TREE = {"kind": "weighted_sum", "weights": {"a": 1.0},
        "subtrees": [{"weight": 1.0, "node": {"kind": "scaled", "input": "b", "factor": 3.0}}]}


def test_operator_defined_in_a_test_module_is_validated_built_and_explained() -> None:
    assert FUSION_OPERATORS.origin("scaled") == f"python {__name__}.ScaledConfig"
    node = validate_node(TREE)
    assert validate_node(yaml.safe_load(yaml.safe_dump(node.model_dump()))) == node
    with pytest.raises(ValidationError, match="Input should be a valid number"):
        validate_node({"kind": "scaled", "input": "b", "factor": "big"})
    out = fuse(node, {"a": [1.0, 0.5], "b": [1.0, "error"]})
    np.testing.assert_allclose(out.total, [4.0, 1.0])  # the error in b is excluded, a renormalised to the mass
    assert_attribution(out)
    assert explain(node).split("\n") == ["weighted sum: 1 * a + 1 * (scaled below)", "  3 times:", "    source b"]


def test_registering_under_a_builtin_name_fails_at_the_decorator() -> None:
    class MyGate(OperatorConfig):
        kind: Literal["gate"] = "gate"

    with pytest.raises(RegistryError, match=r"'gate' is registered twice: by builtin and by python .*MyGate"):
        register_operator("gate")(MyGate)


def test_kind_field_must_match_the_registered_name() -> None:
    class Halved(OperatorConfig):
        kind: Literal["halved"] = "halved"

    with pytest.raises(RegistryError, match=r"its kind field defaults to 'halved', not 'half'"):
        register_operator("half")(Halved)
    assert "half" not in FUSION_OPERATORS


def test_a_class_that_is_not_an_operator_config_is_refused() -> None:
    class Plain:
        pass

    with pytest.raises(RegistryError, match=r"fusion operator 'plain' \(python .*Plain\) is <class .*Plain'>, but a "
                                            r"fusion operator must be a subclass of rewardstack\.fusion\.base\."
                                            r"OperatorConfig \(entry point group 'rewardstack\.fusion'\)"):
        register_operator("plain")(Plain)  # type: ignore[type-var]  # mypy refuses it too
    assert "plain" not in FUSION_OPERATORS


# --- plugins: a real distribution with entry points in the group "rewardstack.fusion" ----------------------------

PLUGIN_MODULE = "rs_test_fusion_plugin"
PLUGIN_SOURCE = '''
from typing import Literal

from rewardstack.fusion.base import OperatorConfig
from rewardstack.fusion.node import Operand, register_operator


class PowConfig(OperatorConfig):  # no explain(): gets the default words
    kind: Literal["rs_pow"] = "rs_pow"
    input: Operand
    exponent: float = 2.0
    note: str = "x"


@register_operator("rs_half")  # an entry point *and* the decorator: one entry, not a clash
class HalfConfig(OperatorConfig):
    kind: Literal["rs_half"] = "rs_half"
    inputs: list[Operand]

    def explain(self):
        return "half of the sum of " + ", ".join(i if isinstance(i, str) else i.kind for i in self.inputs), []


class NotAnOperator:
    pass
'''
ENTRY_POINTS = {"rs_pow": f"{PLUGIN_MODULE}:PowConfig", "rs_half": f"{PLUGIN_MODULE}:HalfConfig",
                "rs_bad": f"{PLUGIN_MODULE}:NotAnOperator"}


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    (tmp_path / f"{PLUGIN_MODULE}.py").write_text(PLUGIN_SOURCE)
    info = tmp_path / "rs_test_fusion_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rs-test-fusion-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[rewardstack.fusion]\n" + "".join(f"{name} = {value}\n" for name, value in ENTRY_POINTS.items()))
    monkeypatch.syspath_prepend(str(tmp_path))
    FUSION_OPERATORS.discover(force=True)
    yield
    for name in ENTRY_POINTS:
        FUSION_OPERATORS.unregister(name)
    sys.modules.pop(PLUGIN_MODULE, None)


def test_plugin_operator_without_words_gets_the_default_explanation(plugin: None) -> None:
    assert FUSION_OPERATORS.origin("rs_pow") == f"entry point '{PLUGIN_MODULE}:PowConfig' of rs-test-fusion-plugin"
    node = validate_node({"kind": "rs_pow", "input": {"kind": "min", "inputs": ["a", "b"]}, "exponent": 3})
    assert explain(node).split("\n") == ["rs_pow (input=(min below), exponent=3.0, note='x')", "  minimum of a, b"]


def test_plugin_with_entry_point_and_decorator_is_one_entry(plugin: None) -> None:
    node = validate_node({"kind": "rs_half", "inputs": ["a", {"kind": "constant", "value": 1}]})
    assert explain(node) == "half of the sum of a, constant"
    assert FUSION_OPERATORS.origin("rs_half").startswith("entry point")


def test_plugin_entry_point_of_the_wrong_type_is_an_error_naming_it(plugin: None, tmp_path: Path) -> None:
    assert "rs_bad" in FUSION_OPERATORS  # listed lazily: the check runs when it is loaded
    with pytest.raises(RegistryError) as info:
        FUSION_OPERATORS.get("rs_bad")
    assert str(info.value) == (
        f"fusion operator 'rs_bad' (entry point '{PLUGIN_MODULE}:NotAnOperator' of rs-test-fusion-plugin) is "
        f"<class '{PLUGIN_MODULE}.NotAnOperator'>, but a fusion operator must be a subclass of "
        "rewardstack.fusion.base.OperatorConfig (entry point group 'rewardstack.fusion')."
    )
    stack = tmp_path / "s.yaml"
    stack.write_text("sources: {a: {kind: length}}\nfusion: {kind: rs_bad}\n")
    result = CliRunner().invoke(fusion_app, ["explain", str(stack)])
    assert result.exit_code == 2
    assert "s.yaml:2: fusion: " in result.output
    assert "fusion operator 'rs_bad' (entry point" in result.output


# --- the docs example ------------------------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[2] / "docs/fusion.md"


def _docs_example() -> tuple[str, str]:
    """The python block of "Writing your own operator" in docs/fusion.md and the text block it prints."""
    section = DOCS.read_text().split("## Writing your own operator", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    printed = section.split("```text\n", 1)[1].split("```", 1)[0]
    return code, printed


def test_docs_example_runs_and_prints_what_the_docs_say(capsys: pytest.CaptureFixture[str]) -> None:
    code, printed = _docs_example()
    try:
        # dont_inherit: this module's `from __future__ import annotations` must not leak into the docs code
        exec(compile(code, str(DOCS), "exec", dont_inherit=True), {"__name__": "docs_fusion_example"})
        assert FUSION_OPERATORS.origin("best_of") == "python docs_fusion_example.BestOfConfig"
    finally:
        FUSION_OPERATORS.unregister("best_of")
    assert capsys.readouterr().out == printed
