"""``product`` and ``geometric_mean``: every objective must be non-zero to score.

    product:        total = prod_{k ok} v_k
    geometric_mean: total = (prod_{k ok} max(v_k, 0) + eps)^(1 / m_ok)

Excluded operands (NaN) drop out; all excluded -> NaN. Attribution: baseline
Shapley (absent = the operand's baseline; note that for a product a source
absent at 0 makes the baseline 0 and every source shares the whole total).

>>> ProductConfig(inputs=["a", "b"]).kind
'product'
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from rewardstack.fusion.base import OperatorConfig
from rewardstack.fusion.combine import CombineOperator
from rewardstack.fusion.functional import geometric_mean, product
from rewardstack.fusion.node import Explanation, Operand, build_operand, combination, register_operator

__all__ = ["GeometricMean", "GeometricMeanConfig", "Product", "ProductConfig"]


@register_operator("product")
class ProductConfig(OperatorConfig):
    kind: Literal["product"] = "product"
    inputs: list[Operand] = Field(min_length=1)

    def build(self) -> Product:
        return Product([build_operand(op) for op in self.inputs])

    def explain(self) -> Explanation:
        return combination("product", self.inputs)


@register_operator("geometric_mean")
class GeometricMeanConfig(OperatorConfig):
    kind: Literal["geometric_mean"] = "geometric_mean"
    inputs: list[Operand] = Field(min_length=1)
    eps: float = Field(default=0.0, ge=0)

    def build(self) -> GeometricMean:
        op = GeometricMean([build_operand(o) for o in self.inputs])
        op.eps = self.eps
        return op

    def explain(self) -> Explanation:
        return combination("geometric mean", self.inputs)


class Product(CombineOperator):
    kind = "product"

    def combine(self, values: np.ndarray) -> np.ndarray:
        return product(values)


class GeometricMean(CombineOperator):
    kind = "geometric_mean"
    eps = 0.0

    def combine(self, values: np.ndarray) -> np.ndarray:
        return geometric_mean(values, self.eps)
