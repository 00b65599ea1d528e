"""`fusion explain` words, pinned for every built-in operator and option branch.

The expected text was recorded from the hand-written rule table the operators' own
``explain()`` methods replaced; it must not change when wording moves between modules.
"""

from __future__ import annotations

from typing import Any

import pytest

from rewardstack.core.registry import FUSION_OPERATORS
from rewardstack.fusion.explain import explain
from rewardstack.fusion.node import validate_node

TREES: dict[str, dict[str, Any]] = {
    "weighted_sum_all_parts": {"kind": "weighted_sum", "weights": {"a": 1.0, "b": -0.5},
                               "schedules": {"b": [[0, 0.0], [100, 1.0]]},
                               "subtrees": [{"weight": 2.0, "node": "c"},
                                            {"weight": 0.25, "node": {"kind": "constant", "value": 3.5}}]},
    "gate_hard": {"kind": "gate", "condition": {"source": "tests", "at_least": 1.0},
                  "then": {"kind": "weighted_sum", "weights": {"style": 1.0}},
                  "otherwise": {"kind": "constant", "value": -1.0}},
    "gate_soft_at_most": {"kind": "gate", "condition": {"source": "tox", "at_most": 0.2}, "then": "style",
                          "soft": True, "temperature": 0.05, "on_missing": "exclude"},
    "gate_missing_then": {"kind": "gate", "condition": {"source": "t", "at_least": 0.5}, "then": "s",
                          "on_missing": "then"},
    "veto_below_above": {"kind": "veto", "below": {"safety": 0.5, "facts": 0.0}, "above": {"hacks": 0.5},
                         "floor": -2.0, "input": {"kind": "min", "inputs": ["b", {"kind": "clip", "input": "c",
                                                                                   "max": 1.0}]}},
    "cascade_rules": {"kind": "cascade",
                      "stages": [{"input": "compiles", "reject_below": 1.0, "reject_value": -1.0},
                                 {"input": "lint", "accept_at_least": 0.99},
                                 {"input": {"kind": "product", "inputs": ["x", "y"]}, "reject_below": 0.1,
                                  "accept_at_least": 0.9, "accept_value": 1.0}],
                      "final": {"kind": "ensemble", "inputs": ["b", "c"], "mode": "uncertainty", "lam": 0.5}},
    "min": {"kind": "min", "inputs": ["a", "b"]},
    "soft_min": {"kind": "soft_min", "inputs": ["a", {"kind": "constant", "value": 0.0}], "temperature": 0.2},
    "product": {"kind": "product", "inputs": ["a", "b", "c"]},
    "geometric_mean": {"kind": "geometric_mean", "inputs": ["a", "b"], "eps": 0.01},
    "lexicographic": {"kind": "lexicographic", "inputs": ["a", {"kind": "product", "inputs": ["b", "c"]}]},
    "ensemble_mean": {"kind": "ensemble", "inputs": ["rm1", "rm2"]},
    "ensemble_min": {"kind": "ensemble", "inputs": ["rm1", "rm2"], "mode": "min"},
    "clip_both": {"kind": "clip", "input": "rm", "min": -1.0, "max": 1.5},
    "clip_min_only": {"kind": "clip", "input": {"kind": "weighted_sum", "weights": {"a": 1}}, "min": 0.0},
    "clip_max_only": {"kind": "clip", "input": "rm", "max": 2.0},
    "normalize_welford_clip": {"kind": "normalize", "input": "rm", "clip": 5.0},
    "normalize_ema": {"kind": "normalize", "input": {"kind": "geometric_mean", "inputs": ["a", "b"]},
                      "method": "ema"},
    "group_normalize": {"kind": "group_normalize", "input": "a"},
    "group_normalize_centre_batch": {"kind": "group_normalize", "input": "a", "key": None, "scale": False},
    "group_normalize_key": {"kind": "group_normalize", "input": "a", "key": "prompt_id"},
    "residualize": {"kind": "residualize", "input": "rm", "covariate": "length"},
    "residualize_rank_batch": {"kind": "residualize", "input": {"kind": "weighted_sum", "weights": {"a": 1}},
                               "covariate": "n", "key": None, "fit": "rank"},
    "normalize_then_sum": {"kind": "normalize_then_sum", "weights": {"a": 1.0, "b": 2.0}},
    "normalize_then_sum_plain": {"kind": "normalize_then_sum", "weights": {"a": 1.0}, "group_key": None,
                                 "whiten": False},
    "sum_then_normalize": {"kind": "sum_then_normalize", "weights": {"a": 1.0, "b": 0.5}, "group_key": "g"},
    "sum_then_normalize_batch": {"kind": "sum_then_normalize", "weights": {"a": 1.0}, "group_key": None},
    "constraint_pid": {"kind": "constraint", "reward": {"kind": "group_normalize", "input": "a"},
                       "costs": [{"input": "b", "budget": 0.2}], "pid": {"kp": 0.1}},
    "constraint_dual": {"kind": "constraint", "reward": "r", "normalize": False, "lr": 0.01,
                        "costs": [{"input": "len", "budget": 0.3, "name": "length"},
                                  {"input": {"kind": "min", "inputs": ["x"]}, "budget": 1.0}]},
    "constant": {"kind": "constant", "value": 0.125},
}

EXPECTED: dict[str, list[str]] = {
    "residualize": ["residualize on length: remove the least-squares fit on length within groups of "
                    "metadata['group'], keep the residual:", "  source rm"],
    "residualize_rank_batch": ["residualize on n (on within-group ranks): in training, remove the least-squares "
                               "fit on n over the batch, keep the residual; in evaluation (the default) the input "
                               "passes through unchanged, flagged batch_stats_skipped:", "  weighted sum: 1 * a"],
    'weighted_sum_all_parts': [
        'weighted sum: 1 * a + -0.5 * b (scheduled over steps 0..100) + 2 * c + 0.25 * (constant below)',
        '  the constant 3.5',
    ],
    'gate_hard': [
        'gate: if tests >= 1 then',
        '  weighted sum: 1 * style',
        'otherwise:',
        '  the constant -1',
    ],
    'gate_soft_at_most': [
        'soft (sigmoid of margin / 0.05) gate: if tox <= 0.2; without a value: exclude then',
        '  source style',
        'otherwise:',
        '  the constant 0',
    ],
    'gate_missing_then': [
        'gate: if t >= 0.5; without a value: then then',
        '  source s',
        'otherwise:',
        '  the constant 0',
    ],
    'veto_below_above': [
        'veto: -2 (flagged) if safety < 0.5 or facts < 0 or hacks > 0.5, else',
        '  minimum of b, (clip below)',
        '    clip to [-inf, 1]:',
        '      source c',
    ],
    'cascade_rules': [
        'cascade: cheap checks first, later stages only for undecided samples',
        'stage 0 (below 1 -> -1; undecided go on):',
        '  source compiles',
        'stage 1 (at least 0.99 -> its value; undecided go on):',
        '  source lint',
        'stage 2 (below 0.1 -> its value, at least 0.9 -> 1; undecided go on):',
        '  product of x, y',
        'the rest (lazily, only undecided samples) get:',
        '  ensemble mean - 0.5 * std of b, c',
    ],
    'min': [
        'minimum of a, b',
    ],
    'soft_min': [
        'soft minimum of a, (constant below) (temperature 0.2)',
        '  the constant 0',
    ],
    'product': [
        'product of a, b, c',
    ],
    'geometric_mean': [
        'geometric mean of a, b',
    ],
    'lexicographic': [
        'lexicographic order of a, (product below) (tie-break scale 0.001)',
        '  product of b, c',
    ],
    'ensemble_mean': [
        'ensemble mean of rm1, rm2',
    ],
    'ensemble_min': [
        'ensemble worst case (min) of rm1, rm2',
    ],
    'clip_both': [
        'clip to [-1, 1.5]:',
        '  source rm',
    ],
    'clip_min_only': [
        'clip to [0, inf]:',
        '  weighted sum: 1 * a',
    ],
    'clip_max_only': [
        'clip to [-inf, 2]:',
        '  source rm',
    ],
    'normalize_welford_clip': [
        'normalize with running welford statistics, |z| <= 5:',
        '  source rm',
    ],
    'normalize_ema': [
        'normalize with running ema statistics:',
        '  geometric mean of a, b',
    ],
    'group_normalize': [
        "z-score within groups of metadata['group'] (GRPO advantage):",
        '  source a',
    ],
    'group_normalize_centre_batch': [
        'centre over the batch (GRPO advantage) in training; in evaluation (the default) the input passes '
        'through unchanged, flagged batch_stats_skipped:',
        '  source a',
    ],
    'group_normalize_key': [
        "z-score within groups of metadata['prompt_id'] (GRPO advantage):",
        '  source a',
    ],
    'normalize_then_sum': [
        "normalize then sum (GDPO): z-score each source within groups of metadata['group'], then 1 * a "
        '+ 2 * b, then whiten over the batch in training (skipped in evaluation, the default: flagged '
        'batch_stats_skipped)',
    ],
    'normalize_then_sum_plain': [
        'normalize then sum (GDPO): z-score each source over the batch in training (skipped in evaluation, '
        'the default: flagged batch_stats_skipped), then 1 * a',
    ],
    'sum_then_normalize': [
        "sum then normalize: 1 * a + 0.5 * b, then z-score within groups of metadata['g']",
    ],
    'sum_then_normalize_batch': [
        'sum then normalize: 1 * a, then z-score over the batch in training (skipped in evaluation, the '
        'default: flagged batch_stats_skipped)',
    ],
    'constraint_pid': [
        'constraint: maximise reward subject to E[b] <= 0.2; (r - sum lambda c) / (1 + sum lambda), '
        'multipliers by PID',
        'reward:',
        "  z-score within groups of metadata['group'] (GRPO advantage):",
        '    source a',
        'cost (budget 0.2):',
        '  source b',
    ],
    'constraint_dual': [
        'constraint: maximise reward subject to E[length] <= 0.3, E[min] <= 1; r - sum lambda c, '
        'multipliers by dual ascent, lr 0.01',
        'reward:',
        '  source r',
        'cost (budget 0.3):',
        '  source len',
        'cost (budget 1):',
        '  minimum of x',
    ],
    'constant': [
        'the constant 0.125',
    ],
}


@pytest.mark.parametrize("name", sorted(TREES))
def test_explain_words_are_unchanged(name: str) -> None:
    assert explain(validate_node(TREES[name])).split("\n") == EXPECTED[name]


def test_every_builtin_kind_is_pinned() -> None:
    pinned = {TREES[name]["kind"] for name in TREES}
    builtins = {name for name in FUSION_OPERATORS.names() if FUSION_OPERATORS.origin(name) == "builtin"}
    assert builtins <= pinned


def test_a_source_name_alone_is_explained() -> None:
    assert explain("tests") == "source tests"
