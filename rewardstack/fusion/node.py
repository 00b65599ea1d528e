"""``FusionNode``: an open discriminated union over registered operator configs.

Built-in and plugin operators register a config class under their ``kind``;
validating a mapping dispatches on ``kind`` to that class, so nested trees
validate recursively and errors carry the path to the bad node.

>>> from pydantic import TypeAdapter
>>> TypeAdapter(FusionNode).validate_python({"kind": "weighted_sum", "weights": {"a": 1}}).kind
'weighted_sum'
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import SerializeAsAny, ValidatorFunctionWrapHandler, WrapValidator

from rewardstack.core.errors import RegistryError
from rewardstack.core.registry import FUSION_OPERATORS
from rewardstack.fusion.base import OperatorConfig

__all__ = ["FusionNode", "validate_node"]


def validate_node(value: Any) -> OperatorConfig:
    """Dispatch a mapping on its ``kind`` to the registered operator config class."""
    if isinstance(value, OperatorConfig):
        return value
    if not isinstance(value, dict) or "kind" not in value:
        raise ValueError("a fusion node must be a mapping with a 'kind' key (e.g. kind: weighted_sum)")
    try:
        config_class = FUSION_OPERATORS.get(str(value["kind"]))
    except RegistryError as exc:
        raise ValueError(str(exc)) from None
    result: OperatorConfig = config_class.model_validate(value)
    return result


def _wrap(value: Any, _handler: ValidatorFunctionWrapHandler) -> OperatorConfig:
    return validate_node(value)


FusionNode = Annotated[SerializeAsAny[OperatorConfig], WrapValidator(_wrap)]
