"""verl adapter: the documented compute_score signature, verl's dict-with-extras return form, env and factory."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest

from rewardstack.core.errors import ConfigError
from rewardstack.integrations import verl
from rewardstack.integrations.common import open_stack
from tests.integrations.helpers import write_stack

KEYS = ["score", "no_total", "answer", "answer/ok", "brevity", "brevity/ok"]


@pytest.fixture
def env_stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = write_stack(tmp_path)
    monkeypatch.setenv(verl.STACK_ENV, str(path))
    monkeypatch.setattr(verl, "_stack", None)
    return path


def test_signature_is_verls() -> None:
    with open_stack(write_stack(Path(__import__("tempfile").mkdtemp()))) as stack:
        made = verl.make_compute_score(stack)
    for function in (verl.compute_score, made):
        parameters = inspect.signature(function).parameters
        assert list(parameters) == ["data_source", "solution_str", "ground_truth", "extra_info", "kwargs"]
        assert parameters["extra_info"].default is None
        assert parameters["kwargs"].kind is inspect.Parameter.VAR_KEYWORD


@pytest.mark.parametrize(("solution", "truth", "expected"), [
    ("so the answer is \\boxed{56}", "56", {"score": 1.0, "no_total": 0.0, "answer": 1.0, "answer/ok": 1.0}),
    ("\\boxed{54}", "56", {"score": 0.0, "no_total": 0.0, "answer": 0.0, "answer/ok": 1.0}),
    ("\\boxed{56}", {"answer": "56"}, {"score": 1.0, "no_total": 0.0, "answer": 1.0, "answer/ok": 1.0}),
    ("\\boxed{56}", 56, {"score": 1.0, "no_total": 0.0, "answer": 1.0, "answer/ok": 1.0}),
    # no ground truth: the checker abstains, there is no total: the documented value, counted
    ("\\boxed{56}", None, {"score": 0.0, "no_total": 1.0, "answer": 0.0, "answer/ok": 0.0}),
])
def test_dict_with_extras(env_stack: Path, solution: str, truth: object, expected: dict[str, float]) -> None:
    out = verl.compute_score("openai/gsm8k", solution, truth, extra_info={"index": 3, "question": "7*8?"})
    assert list(out) == KEYS  # the same keys for every sample: verl gathers them into columns
    assert {k: out[k] for k in expected} == expected
    assert all(isinstance(v, float) for v in out.values()) and out["brevity/ok"] == 1.0


def test_batch_form_equals_per_sample_calls(env_stack: Path) -> None:
    rows = [("gsm8k", "\\boxed{56}", "56", {"index": 0}), ("gsm8k", "\\boxed{5}", "56", None),
            ("math", "no answer at all", None, {"prompt": "p"})]
    batch = verl.compute_score_batch(*map(list, zip(*rows, strict=True)))
    single = [verl.compute_score(*row) for row in rows]
    assert batch == single and [b["score"] for b in batch] == [1.0, 0.0, 0.0]


def test_missing_score_is_the_factory_choice(tmp_path: Path) -> None:
    with open_stack(write_stack(tmp_path)) as stack:
        out = verl.make_compute_score(stack, missing_score=-1.0)("gsm8k", "\\boxed{1}", None)
    assert out["score"] == -1.0 and out["no_total"] == 1.0 and out["answer"] == -1.0


def test_without_the_environment_variable_the_error_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(verl.STACK_ENV, raising=False)
    monkeypatch.setattr(verl, "_stack", None)
    with pytest.raises(ConfigError, match="REWARDSTACK_STACK is not set"):
        verl.compute_score("gsm8k", "x", "1")
