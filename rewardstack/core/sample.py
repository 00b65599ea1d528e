"""The unit everything scores: one prompt and one response, plus ground truth."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import PydanticSerializationError

__all__ = ["ChatMessage", "Sample", "group_label"]


def group_label(value: Any) -> str | None:
    """The GRPO group a ``metadata`` group id names, as text (None: no group).

    Every part that groups samples (the fusion board behind ``group_normalize``,
    ``residualize`` and GDPO, the ``score`` command's batching, the server's merging)
    compares ids through this one function. An id is its text, so one pipeline writing
    ``7`` and another ``"7"`` cannot split a group: a string is itself, a number its
    shortest decimal (``7``, ``7.0`` and ``"7"`` are one group), ``true``/``false``
    their JSON spelling (not the number 1), a list or mapping its JSON text.

    >>> group_label(7) == group_label(7.0) == group_label("7")
    True
    >>> group_label(True), group_label(1), group_label(None), group_label([1, "a"])
    ('true', '1', None, '[1, "a"]')
    """
    if isinstance(value, np.generic):  # a numpy scalar (ids taken from an array) is the number it holds
        value = value.item()
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):  # before int: True is an int to Python, not to a JSON writer
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    try:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):  # keys json cannot sort or write: the Python text still names it
        return repr(value)


class ChatMessage(BaseModel):
    """One chat turn, as in the OpenAI/HF chat format."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    role: Literal["system", "user", "assistant", "tool"]
    content: str


class Sample(BaseModel):
    """A prompt, a model response, and optional ground truth.

    ``reference`` holds domain ground truth: ``{"answer": ...}`` for math,
    ``{"language", "tests", ...}`` for code, ``{"kb": ...}`` for facts.

    >>> s = Sample(id="1", prompt="2+2?", response="4", reference={"answer": "4"})
    >>> s.prompt_text
    '2+2?'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    prompt: str | tuple[ChatMessage, ...]
    response: str
    reference: dict[str, Any] | None = None
    domain: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)

    @property
    def prompt_text(self) -> str:
        """The prompt flattened to text (chat turns joined by newlines)."""
        if isinstance(self.prompt, str):
            return self.prompt
        return "\n".join(f"{m.role}: {m.content}" for m in self.prompt)

    def content_key(self) -> str:
        """SHA-256 of everything but ``id``: equal content, equal key (cache key part)."""
        # pydantic-core serialises in field order (and dicts in insertion order) ~10x faster
        # than json.dumps(sort_keys=True); the same dict written in another key order only
        # costs a cache miss, never a wrong hit
        try:
            payload = self.model_dump_json(exclude={"id"}).encode("utf-8")
        except PydanticSerializationError:  # a lone UTF-16 surrogate is not UTF-8: hash its escaped form
            payload = json.dumps(self.model_dump(exclude={"id"}), ensure_ascii=True, default=str).encode("ascii")
        return hashlib.sha256(payload).hexdigest()
