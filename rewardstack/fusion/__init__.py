"""Fusion: operators that turn several sources' Scores into one signal, and the stack."""

from rewardstack.fusion.base import FusionOperator, FusionOutput, OperatorConfig, ScoreBoard
from rewardstack.fusion.node import FusionNode
from rewardstack.fusion.stack import RewardStack, build_source
from rewardstack.fusion.weighted_sum import WeightedSum, WeightedSumConfig, weighted_sum_terms

__all__ = [
    "FusionNode",
    "FusionOperator",
    "FusionOutput",
    "OperatorConfig",
    "RewardStack",
    "ScoreBoard",
    "WeightedSum",
    "WeightedSumConfig",
    "build_source",
    "weighted_sum_terms",
]
