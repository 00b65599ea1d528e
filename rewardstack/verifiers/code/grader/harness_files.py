"""The stdlib-only harness files shipped into sandboxes, read once from this package."""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["harness_file"]

_NAMES = {"_rs_tagged.py": "tagged.py", "_rs_call.py": "sandbox_call.py", "_rs_assert.py": "sandbox_assert.py"}


@cache
def harness_file(name: str) -> bytes:
    """Bytes of the harness file that a job sees as ``name`` (e.g. ``_rs_call.py``)."""
    return resources.files("rewardstack.verifiers.code.grader").joinpath(_NAMES[name]).read_bytes()
