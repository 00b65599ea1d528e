"""Fusion: operators that turn several sources' Scores into one signal, and the stack.

See docs/fusion.md for every operator, the non-ok policies and the attribution rule, and
"Writing your own operator" there: a new operator is one module, a config class
decorated with :func:`register_operator` that says in ``explain()`` what it does.
"""

from rewardstack.fusion.base import FusionOperator, FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.node import FusionNode, Operand, register_operator
from rewardstack.fusion.policies import NonOkScoreError, SourcePolicy
from rewardstack.fusion.run import run_tree
from rewardstack.fusion.stack import RewardStack, build_source
from rewardstack.fusion.weighted_sum import WeightedSum, WeightedSumConfig, weighted_sum_terms

__all__ = [
    "FusionNode",
    "FusionOperator",
    "FusionOutput",
    "NonOkScoreError",
    "Operand",
    "OperatorConfig",
    "RewardStack",
    "ScoreBoard",
    "SourcePolicy",
    "WeightedSum",
    "WeightedSumConfig",
    "build_source",
    "register_operator",
    "run_tree",
    "weighted_sum_terms",
]
