"""What a cached verdict depends on: a source's identity string, part of every cache key.

    identity = kind : version : code hash : fingerprint() : config minus execution/batch

- ``version`` is the author's explicit bump.
- The *code hash* is a hash of the source code of every module that defines a
  class in the source's MRO (rewardstack's own ``core`` excluded), so editing
  ``score_one`` without bumping ``version`` can never serve a stale result; a
  plugin author does not have to remember anything. A class whose module has
  no readable source (defined in a notebook cell, say) is hashed from its
  functions' compiled code instead.
- ``fingerprint()`` is everything outside the config that changes a verdict
  (a hash of model weights, a knowledge-base version, a judge's templates).
- ``execution:`` and ``batch:`` only say how to run the source: never part of it.

Sources with ``deterministic = False`` have no identity (``None``): they are
never cached.

>>> from rewardstack.rewards.shaping import LengthSource
>>> a, b = LengthSource(unit="chars"), LengthSource(unit="chars", batch={"max_samples": 4})
>>> source_identity(a) == source_identity(b)
True
>>> source_identity(a) == source_identity(LengthSource(unit="words"))
False
"""

from __future__ import annotations

import hashlib
import inspect
import marshal
import sys
import types
from typing import Any

__all__ = ["class_code_hash", "source_identity"]

_ENGINE_PREFIX = "rewardstack.core."


def _code_bytes(cls: type) -> bytes:
    """Compiled code of the class's functions (the fallback when its module source cannot be read)."""
    parts = []
    for name, member in sorted(vars(cls).items()):
        func = getattr(member, "__func__", member)
        if isinstance(func, types.FunctionType):
            parts.append(name.encode() + marshal.dumps(func.__code__))
    return b"\x00".join(parts)


def _module_bytes(cls: type) -> bytes:
    module = sys.modules.get(cls.__module__)
    try:
        return inspect.getsource(module).encode() if module is not None else _code_bytes(cls)
    except (OSError, TypeError):
        return _code_bytes(cls)


_HASHES: dict[type, str] = {}  # reading module sources once per class per process


def class_code_hash(cls: type) -> str:
    """SHA-256 (16 hex digits) of the code behind ``cls`` and its bases outside ``rewardstack.core``."""
    cached = _HASHES.get(cls)
    if cached is None:
        cached = _HASHES[cls] = _hash_class_code(cls)
    return cached


def _hash_class_code(cls: type) -> str:
    digest = hashlib.sha256()
    seen: set[str] = set()
    for klass in cls.__mro__:
        module = klass.__module__
        if module in ("builtins", "abc", "typing") or module.startswith(_ENGINE_PREFIX):
            continue
        key = module if module != "__main__" else f"__main__.{klass.__qualname__}"
        if key in seen:
            continue
        seen.add(key)
        digest.update(key.encode() + b"\x00" + _module_bytes(klass) + b"\x00")
    return digest.hexdigest()[:16]


def source_identity(source: Any) -> str | None:
    """The cache identity of ``source``, or ``None`` when its results must not be cached."""
    describe = getattr(source, "describe", None)
    if callable(describe) and not describe().deterministic:
        return None
    config = getattr(source, "config", None)
    verdict_fields = getattr(config, "verdict_fields_json", None)
    if not callable(verdict_fields):
        return None  # a protocol-only source without a config cannot say what determines its verdicts
    fingerprint = getattr(source, "fingerprint", None)
    extra = fingerprint() if callable(fingerprint) else ""
    kind = getattr(source, "kind", getattr(config, "kind", type(source).__name__))
    version = getattr(source, "version", "?")
    return f"{kind}:{version}:{class_code_hash(type(source))}:{extra}:{verdict_fields()}"
