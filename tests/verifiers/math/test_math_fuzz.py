"""Arbitrary text never makes the checker raise: it answers correct, incorrect or unverifiable."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack.verifiers.math.checker import decide_sympy, prepare
from rewardstack.verifiers.math.config import MathAnswerConfig

CONFIG = MathAnswerConfig()
POLICY = CONFIG.policy()
ALPHABET = st.sampled_from(list("0123456789xyi+-*/^_()[]{}|,.=<>!% \\$") + [
    r"\frac", r"\sqrt", r"\pi", r"\infty", r"\cup", r"\le", r"\{", r"\}", r"\boxed{", r"\text{", r"\begin{pmatrix}",
    r"\end{pmatrix}", "&", r"\\", r"\pm", r"\sin", r"\log_", r"\circ", "e", "a", "E", "1e9", r"\mid", r"\in",
    r"\ne", r"\overline{", r"\lfloor", r"\rfloor", r"\mathbb{R}", "(x, y) =", "(B)", "yes", r"\%", "°",
])
TEXT = st.lists(ALPHABET, max_size=25).map("".join)
SETTINGS = settings(max_examples=300, deadline=None, derandomize=True)


@SETTINGS
@given(TEXT, TEXT)
def test_prepare_never_raises(response: str, reference: str) -> None:
    prepared = prepare(response, reference, CONFIG)
    assert prepared.verdict is None or prepared.verdict.outcome in {"correct", "incorrect", "unverifiable"}


@SETTINGS
@given(TEXT, TEXT)
def test_sympy_stage_never_raises(pred: str, ref: str) -> None:
    prepared = prepare(rf"\boxed{{{pred}}}", ref, CONFIG)
    if prepared.verdict is None:
        verdict = decide_sympy(prepared.pred or "", prepared.ref or "", POLICY)
        assert verdict.outcome in {"correct", "incorrect", "unverifiable"}
