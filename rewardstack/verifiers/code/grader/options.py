"""How strictly outputs are compared (part of the source config, so part of the cache key)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["CompareOptions"]


class CompareOptions(BaseModel):
    """Defaults are strict: whole stdout byte-exact, values equal with their exact types.

    ``io``: ``exact`` (default), ``trailing_whitespace`` (ignore trailing spaces on each
    line and trailing blank lines) or ``tokens`` (whitespace-separated tokens equal).
    ``float_tol``: absolute/relative tolerance for floats (``call`` values and, with
    ``tokens``, numeric tokens); ``None`` = exact. ``int_float_equal``: let ``3 == 3.0``
    in ``call`` tests (bool never equals int).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    io: Literal["exact", "trailing_whitespace", "tokens"] = "exact"
    float_tol: float | None = Field(default=None, ge=0)
    int_float_equal: bool = False
    sequence_types_equal: bool = True  # tuple vs list: JSON references cannot say which one they mean
