"""How program output and returned values are compared (part of the source config, so of the cache key).

A sample's reference may override any of these for itself (``reference.compare``), so one dataset
can mix float problems with exact ones; see :func:`CompareOptions.merged`.

>>> CompareOptions().io
'trailing_whitespace'
>>> CompareOptions().merged({"io": "tokens", "float_tol": 1e-6}).float_tol
1e-06
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CompareOptions"]


class CompareOptions(BaseModel):
    """Comparison rules; the default ``io`` rule is the one online judges use.

    ``io`` (stdout of ``io`` tests against the expected text):

    - ``trailing_whitespace`` (default): line by line, ignoring trailing spaces/tabs/CRs on
      each line and trailing empty lines; exact otherwise (case, order, inner spacing, the
      whole output: a prefix never passes). Lines end at ``\\n`` only.
    - ``exact``: byte for byte.
    - ``tokens``: the whitespace-separated tokens equal, in order.

    ``float_tol``: absolute/relative tolerance for numbers. It applies to ``call`` values and,
    for ``io``, to tokens that are both plain decimal numbers (``-1.5``, ``2e-3``; not
    ``nan``/``inf``/``1_000``): with ``tokens`` token by token, with ``trailing_whitespace``
    token by token within each line (same number of tokens per line); ``exact`` ignores it.
    ``None`` = numbers compare as text / exact values.
    ``int_float_equal``: let ``3 == 3.0`` in ``call`` tests (bool never equals int).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    io: Literal["trailing_whitespace", "exact", "tokens"] = "trailing_whitespace"
    float_tol: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    int_float_equal: bool = False
    sequence_types_equal: bool = True  # tuple vs list: JSON references cannot say which one they mean

    def merged(self, override: dict[str, Any]) -> CompareOptions:
        """These options with a reference's ``compare`` mapping on top, validated strictly (ValidationError):
        data from a dataset gets no coercion (``"1e-6"`` is not a number, ``"yes"`` not a bool)."""
        return CompareOptions.model_validate({**self.model_dump(), **override}, strict=True)
