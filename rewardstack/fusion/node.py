"""``FusionNode``: an open discriminated union over registered operator configs.

Built-in and plugin operators register a config class under their ``kind``;
validating a mapping dispatches on ``kind`` to that class, so nested trees
validate recursively and errors carry the path to the bad node.

An ``Operand`` is what most operators take as inputs: a source *name* (a
string) or a nested ``FusionNode`` (a mapping with ``kind``).

>>> from pydantic import TypeAdapter
>>> TypeAdapter(FusionNode).validate_python({"kind": "weighted_sum", "weights": {"a": 1}}).kind
'weighted_sum'
>>> TypeAdapter(Operand).validate_python("tests")
'tests'
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import SerializeAsAny, ValidatorFunctionWrapHandler, WrapValidator

from rewardstack.core.config import config_class_for
from rewardstack.core.registry import FUSION_OPERATORS
from rewardstack.fusion.base import FusionOperator, OperatorConfig

__all__ = ["FusionNode", "Operand", "SingleInputOperator", "build_operand", "operand_label", "validate_node"]


def validate_node(value: Any) -> OperatorConfig:
    """Dispatch a mapping on its ``kind`` to the registered operator config class."""
    if isinstance(value, OperatorConfig):
        return value
    config_class = config_class_for(value, FUSION_OPERATORS, "a fusion node (e.g. kind: weighted_sum)")
    result: OperatorConfig = config_class.model_validate(value)
    return result


def _wrap(value: Any, _handler: ValidatorFunctionWrapHandler) -> OperatorConfig:
    return validate_node(value)


def _wrap_operand(value: Any, _handler: ValidatorFunctionWrapHandler) -> str | OperatorConfig:
    if isinstance(value, str):
        if not value:
            raise ValueError("a source name must not be empty")
        return value
    if isinstance(value, OperatorConfig | dict):
        return validate_node(value)
    raise ValueError("an operand is a source name (string) or a fusion node (mapping with 'kind')")


FusionNode = Annotated[SerializeAsAny[OperatorConfig], WrapValidator(_wrap)]
Operand = Annotated[str | SerializeAsAny[OperatorConfig], WrapValidator(_wrap_operand)]


def build_operand(operand: str | OperatorConfig) -> FusionOperator:
    """A source name becomes a :class:`~rewardstack.fusion.leaf.SourceLeaf`; a config is built."""
    if isinstance(operand, str):
        from rewardstack.fusion.leaf import SourceLeaf

        return SourceLeaf(operand)
    return operand.build()


class SingleInputOperator(FusionOperator):
    """Base of operators that transform one operand (clip, normalisations): reads what it reads."""

    def __init__(self, operand: str | OperatorConfig):
        self.input = build_operand(operand)

    def children(self) -> list[FusionOperator]:
        return [self.input]

    def source_names(self) -> set[str]:
        return self.input.source_names()

    def eager_sources(self) -> set[str]:
        return self.input.eager_sources()


def operand_label(operand: str | OperatorConfig) -> str:
    return operand if isinstance(operand, str) else operand.kind
