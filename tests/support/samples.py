"""Sample factories for tests."""

from __future__ import annotations

from typing import Any

from rewardstack import Sample


def make_sample(i: int | str = 0, response: str = "hello world", **fields: Any) -> Sample:
    prompt = fields.pop("prompt", "say hello")
    return Sample(id=str(i), prompt=prompt, response=response, **fields)
