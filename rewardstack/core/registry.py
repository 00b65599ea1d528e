"""Typed, lazy registries fed by built-ins, Python calls and entry points.

Built-ins are listed as ``"module:attr"`` strings and imported on first use;
plugins come from the entry-point groups ``rewardstack.sources`` and
``rewardstack.fusion`` (discovered once, on first lookup, unless
``REWARDSTACK_DISABLE_PLUGIN_AUTOLOAD=1``). Two entries with one name is an
error naming both origins; an unknown name gets "did you mean".

>>> from rewardstack.core.registry import SOURCES
>>> "length" in SOURCES.names()
True
"""

from __future__ import annotations

import difflib
import importlib
import os
import threading
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Generic, TypeVar

from rewardstack.core.errors import RegistryError

__all__ = ["FUSION_OPERATORS", "SOURCES", "Registry", "RegistryEntry", "register_source"]

T = TypeVar("T")
DISABLE_ENV = "REWARDSTACK_DISABLE_PLUGIN_AUTOLOAD"


@dataclass
class RegistryEntry:
    name: str
    target: Any  # the object, or a "module:attr" string until first use
    origin: str  # "builtin", "python", or "entry point <dist>"

    def load(self) -> Any:
        if isinstance(self.target, str):
            module_name, _, attr = self.target.partition(":")
            self.target = getattr(importlib.import_module(module_name), attr)
        return self.target


class Registry(Generic[T]):
    """Name -> object, loaded lazily; ``what`` names the kind in messages."""

    def __init__(self, what: str, group: str, builtins: dict[str, str]):
        self.what = what
        self.group = group
        self._entries: dict[str, RegistryEntry] = {
            name: RegistryEntry(name, target, "builtin") for name, target in builtins.items()
        }
        self._discovered = False
        self._lock = threading.RLock()

    def register(self, name: str, target: T | str, *, origin: str = "python") -> None:
        with self._lock:
            existing = self._entries.get(name)
            if existing is not None:
                raise RegistryError(
                    f"{self.what} {name!r} is registered twice: by {existing.origin} and by {origin}. "
                    f"Rename one of them (entry point group {self.group!r})."
                )
            self._entries[name] = RegistryEntry(name, target, origin)

    def unregister(self, name: str) -> None:
        with self._lock:
            self._entries.pop(name, None)

    def get(self, name: str) -> T:
        self.discover()
        entry = self._entries.get(name)
        if entry is None:
            raise RegistryError(self._unknown_message(name))
        try:
            return entry.load()  # type: ignore[no-any-return]
        except (ImportError, AttributeError) as exc:
            raise RegistryError(f"{self.what} {name!r} ({entry.origin}) failed to load: {exc}") from exc

    def names(self) -> list[str]:
        self.discover()
        return sorted(self._entries)

    def origin(self, name: str) -> str:
        self.discover()
        return self._entries[name].origin

    def __contains__(self, name: object) -> bool:
        self.discover()
        return name in self._entries

    def discover(self, *, force: bool = False) -> None:
        """Read entry points once (again with ``force``), unless disabled by env."""
        with self._lock:
            if self._discovered and not force:
                return
            self._discovered = True
            if os.environ.get(DISABLE_ENV, "") not in ("", "0"):
                return
            for ep in entry_points(group=self.group):
                dist = ep.dist.name if ep.dist is not None else "unknown distribution"
                origin = f"entry point {ep.value!r} of {dist}"
                existing = self._entries.get(ep.name)
                if existing is not None and existing.origin == origin:
                    continue  # rediscovery of the same plugin
                self.register(ep.name, ep.value, origin=origin)

    def _unknown_message(self, name: str) -> str:
        known = sorted(self._entries)
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        return f"unknown {self.what} {name!r}.{hint} Known: {', '.join(known) or '(none)'}."


# Built-in sources; real ones are added by their own modules' issues.
_BUILTIN_SOURCES: dict[str, str] = {
    "length": "rewardstack.rewards.shaping:LengthSource",
    "regex_match": "rewardstack.verifiers.regex:RegexMatchSource",
    "code_tests": "rewardstack.verifiers.code.source:CodeTestsSource",
    "math_answer": "rewardstack.verifiers.math.source:MathAnswerSource",
}

_BUILTIN_FUSION: dict[str, str] = {
    "weighted_sum": "rewardstack.fusion.weighted_sum:WeightedSumConfig",
    "constant": "rewardstack.fusion.constant:ConstantConfig",
    "clip": "rewardstack.fusion.clip:ClipConfig",
    "gate": "rewardstack.fusion.gate:GateConfig",
    "veto": "rewardstack.fusion.veto:VetoConfig",
    "cascade": "rewardstack.fusion.cascade:CascadeConfig",
    "min": "rewardstack.fusion.extremes:MinConfig",
    "soft_min": "rewardstack.fusion.extremes:SoftMinConfig",
    "product": "rewardstack.fusion.product:ProductConfig",
    "geometric_mean": "rewardstack.fusion.product:GeometricMeanConfig",
    "lexicographic": "rewardstack.fusion.lexicographic:LexicographicConfig",
    "ensemble": "rewardstack.fusion.ensemble:EnsembleConfig",
    "normalize": "rewardstack.fusion.normalize:NormalizeConfig",
    "group_normalize": "rewardstack.fusion.normalize:GroupNormalizeConfig",
    "normalize_then_sum": "rewardstack.fusion.gdpo:NormalizeThenSumConfig",
    "sum_then_normalize": "rewardstack.fusion.gdpo:SumThenNormalizeConfig",
    "constraint": "rewardstack.fusion.constraint:ConstraintConfig",
}

SOURCES: Registry[Any] = Registry("source kind", "rewardstack.sources", _BUILTIN_SOURCES)
FUSION_OPERATORS: Registry[Any] = Registry("fusion operator", "rewardstack.fusion", _BUILTIN_FUSION)


def register_source(kind: str) -> Any:
    """Class decorator registering a source class under ``kind`` from Python code."""

    def decorate(cls: Any) -> Any:
        SOURCES.register(kind, cls, origin=f"python {cls.__module__}.{cls.__qualname__}")
        return cls

    return decorate
