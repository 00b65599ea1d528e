"""``FusionNode``: an open discriminated union over registered operator configs.

Built-in and plugin operators register a config class under their ``kind``
with :func:`register_operator` (or, from a distribution, an entry point in the
group ``rewardstack.fusion``); validating a mapping dispatches on ``kind`` to
that class, so nested trees validate recursively and errors carry the path to
the bad node. A config's ``explain()`` returns an :data:`Explanation`, built
with the helpers here (:func:`operand_words`, :func:`combination`).

An ``Operand`` is what most operators take as inputs: a source *name* (a
string) or a nested ``FusionNode`` (a mapping with ``kind``).

>>> from pydantic import TypeAdapter
>>> TypeAdapter(FusionNode).validate_python({"kind": "weighted_sum", "weights": {"a": 1}}).kind
'weighted_sum'
>>> TypeAdapter(Operand).validate_python("tests")
'tests'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from pydantic import SerializeAsAny, ValidatorFunctionWrapHandler, WrapValidator

from rewardstack.core.config import config_class_for
from rewardstack.core.errors import RegistryError
from rewardstack.core.registry import FUSION_OPERATORS
from rewardstack.fusion.base import FusionOperator, OperatorConfig

__all__ = [
    "Child",
    "Explanation",
    "FusionNode",
    "Operand",
    "SingleInputOperator",
    "build_operand",
    "combination",
    "operand_label",
    "operand_words",
    "register_operator",
    "validate_node",
    "weighted_term",
]

ConfigT = TypeVar("ConfigT", bound=type[OperatorConfig])
Child = tuple[str | None, str | OperatorConfig]  # (a label line printed above the child, or None; the operand)
Explanation = tuple[str, list[Child]]  # (the node's headline, its children in order)


def register_operator(kind: str) -> Callable[[ConfigT], ConfigT]:
    """Class decorator: make an :class:`OperatorConfig` subclass the fusion operator ``kind``.

    A built-in (a module of ``rewardstack.fusion``) is found on the first
    lookup; any other module registers when it is imported. The class's
    ``kind`` field must default to ``kind``, so that ``Config(...)`` in Python
    and ``{kind: ...}`` in YAML are the same node.

    >>> from typing import Literal
    >>> @register_operator("half_of")
    ... class HalfOfConfig(OperatorConfig):
    ...     kind: Literal["half"] = "half"
    Traceback (most recent call last):
    ...
    rewardstack.core.errors.RegistryError: fusion operator 'half_of' (...): its kind field defaults to 'half', ...
    """

    def decorate(cls: ConfigT) -> ConfigT:
        fields = getattr(cls, "model_fields", None)
        default = fields["kind"].default if isinstance(fields, dict) and "kind" in fields else None
        if isinstance(fields, dict) and default != kind:  # not a model at all: the registry's base check says so
            raise RegistryError(
                f"fusion operator {kind!r} ({cls.__module__}.{cls.__qualname__}): its kind field defaults to "
                f"{default!r}, not {kind!r}; declare `kind: Literal[{kind!r}] = {kind!r}`."
            )
        return FUSION_OPERATORS.register_class(kind)(cls)

    return decorate


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


def weighted_term(weight: float, name: str) -> str:
    """``"2 * style"``: one term of a weighted sum in words."""
    return f"{weight:g} * {name}"


def operand_words(operands: Sequence[str | OperatorConfig]) -> tuple[list[str], list[Child]]:
    """(a name per operand, the nested nodes as children): a nested node reads ``(<kind> below)``.

    >>> operand_words(["a", validate_node({"kind": "constant", "value": 1})])[0]
    ['a', '(constant below)']
    """
    names: list[str] = []
    kids: list[Child] = []
    for op in operands:
        if isinstance(op, str):
            names.append(op)
        else:
            names.append(f"({op.kind} below)")
            kids.append((None, op))
    return names, kids


def combination(title: str, operands: Sequence[str | OperatorConfig], suffix: str = "") -> Explanation:
    """``"<title> of a, b<suffix>"`` with nested operands as children (min, product, ensembles ...)."""
    names, kids = operand_words(operands)
    return f"{title} of {', '.join(names)}{suffix}", kids
