"""`rewardstack fusion explain` and `rewardstack score` refuse the same stacks: exit 2 with file:line:key."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from rewardstack.cli import app

SOURCES = "sources:\n  rm: {kind: length}\n  length: {kind: length, unit: words}\n"

BAD = [
    # (fusion lines, what the error names)
    ("fusion:\n  kind: residualize\n  input: rm\n  covariate: rm\n",
     ":7: fusion.covariate: the covariate must differ from the input's sources"),
    ("fusion:\n  kind: residualize\n  input: {kind: clip, input: length, max: 9}\n  covariate: length\n",
     ":7: fusion.covariate: the covariate must differ"),
    ("fusion:\n  kind: residualize\n  input: rm\n  covariate: wordz\n",
     ":7: fusion.covariate: the fusion tree reads source 'wordz', which the stack does not define"),
    ("fusion:\n  kind: weighted_sum\n  weights: {rm: 1.0, nope: 2.0}\n",
     ":6: fusion.weights.nope: the fusion tree reads source 'nope'"),
    ("fusion:\n  kind: weighted_sum\n  weights: {rm: 1.0, lenght: 0.1}\n",
     "Did you mean 'length'?"),
    ("fusion:\n  kind: residualize\n  input: rm\n  covariate: length\n  key: ''\n",
     ":8: fusion.key: key must name a metadata key"),
    ("policies:\n  rn: {on_error: veto, value: -1}\n",
     ":5: policies.rn: policies name ['rn'], which the stack does not define"),
]


@pytest.mark.parametrize(("fusion", "message"), BAD)
def test_explain_and_score_refuse_the_same_stack(tmp_path: Path, fusion: str, message: str) -> None:
    stack = tmp_path / "s.yaml"
    stack.write_text(SOURCES + fusion)
    samples = tmp_path / "in.jsonl"
    samples.write_text('{"id": "a", "prompt": "p", "response": "x y"}\n')
    explained = CliRunner().invoke(app, ["fusion", "explain", str(stack)])
    scored = CliRunner().invoke(app, ["score", "-s", str(stack), "-i", str(samples), "-o", str(tmp_path / "o.jsonl"),
                                      "--no-cache"])
    for result in (explained, scored):
        assert result.exit_code == 2, result.output
        assert message in result.output and f"{stack}:" in result.output
        assert "Traceback" not in result.output and "Value error" not in result.output
        assert result.output.startswith("error: ")


def test_a_good_stack_explains_key_null_as_evaluation_does(tmp_path: Path) -> None:
    stack = tmp_path / "s.yaml"
    stack.write_text(SOURCES + "fusion: {kind: residualize, input: rm, covariate: length, key: null}\n")
    result = CliRunner().invoke(app, ["fusion", "explain", str(stack)])
    assert result.exit_code == 0, result.output
    assert "in evaluation (the default) the input passes through unchanged, flagged batch_stats_skipped" in (
        result.output)


def test_a_bare_tree_is_explained_without_checking_source_names(tmp_path: Path) -> None:
    tree = tmp_path / "tree.yaml"
    tree.write_text("fusion: {kind: residualize, input: rm, covariate: wordz}\n")
    result = CliRunner().invoke(app, ["fusion", "explain", str(tree)])
    assert result.exit_code == 0, result.output
    assert "source names not checked" in result.output and "residualize on wordz" in result.output
    tree.write_text("fusion:\n  kind: residualize\n  input: rm\n  covariate: rm\n")  # its shape is still checked
    refused = CliRunner().invoke(app, ["fusion", "explain", str(tree)])
    assert refused.exit_code == 2 and f"{tree}:4: fusion.covariate" in refused.output
