"""StepObservation.from_arrays on a real stack's score_arrays."""

from __future__ import annotations

import numpy as np
import pytest

from rewardstack.core.sample import Sample
from rewardstack.fusion.stack import RewardStack
from rewardstack.fusion.stack_config import StackConfig
from rewardstack.training.monitors import MonitorSuite, StepObservation


def test_from_arrays_masks_unscored_values() -> None:
    stack = RewardStack.from_config(StackConfig.model_validate({
        "sources": {"answer": {"kind": "math_answer"}, "words": {"kind": "length", "unit": "words"}},
        "fusion": {"kind": "weighted_sum", "weights": {"answer": 1.0, "words": -0.01}},
    }), cache=None)
    samples = [Sample(id="a", prompt="1+1?", response="2", reference={"answer": "2"}),
               Sample(id="b", prompt="1+1?", response="3", reference={"answer": "2"}),
               Sample(id="c", prompt="1+1?", response="2")]  # no reference: the checker abstains
    arrays = stack.score_arrays(samples)
    obs = StepObservation.from_arrays(0, arrays, response_length=np.array([1, 1, 1]), kl=0.2)
    assert obs.values["answer"][:2].tolist() == [1.0, 0.0]
    assert np.isnan(obs.values["answer"][2])
    assert obs.batch_size == 3
    suite = MonitorSuite.from_config({"monitors": [{"kind": "component_dominance", "window": 2, "max_share": 0.9}]})
    scored = stack.score_arrays(samples[:2])  # both checked: answer's terms 1, 0; words' -0.01, -0.01
    for step in range(2):
        events = suite.observe(StepObservation.from_arrays(step, scored, response_length=np.ones(2), kl=0.2))
    assert [e.monitor for e in events] == ["component_dominance"]
    assert events[0].value == pytest.approx(0.5 / 0.51)  # mean |term|: answer 0.5, words 0.01
