"""Typed, lazy registries: one per kind of named thing, fed by built-ins, Python and entry points.

Every name table of rewardstack is a :class:`Registry`: source kinds, fusion
operators, judge backends (and the code verifier's sandbox backends and
runners). An entry comes from one of three places:

- **built-in**, either a ``"module:attr"`` string imported on first use
  (sources: their modules import torch, transformers or a sandbox, so a
  lookup of ``length`` must not pay for ``preference_model``), or a class in
  one of the registry's ``packages`` that registers itself with a decorator
  (fusion operators, judge backends). The first lookup imports every module of
  those packages, so a new built-in is one module and no list beside it can
  go stale. That costs little where it is used: all fusion modules not already
  imported by ``import rewardstack`` take about 45 ms together (measured on the
  2-core development machine, against 300 ms for ``import rewardstack``), and
  a tree cannot be validated without its operators' modules anyway. Modules in
  such packages import heavy dependencies inside functions, not at the top;
- **Python**, ``registry.register(name, obj)`` or the class decorator
  :meth:`Registry.register_class` (``register_source``, ``register_operator``,
  ``register_judge``);
- **entry points** of the registry's ``group`` (``rewardstack.sources``,
  ``rewardstack.fusion``, ``rewardstack.judges``), read once on the first lookup
  unless ``REWARDSTACK_DISABLE_PLUGIN_AUTOLOAD=1``, and imported on first use.

``base`` is what every entry must be: a class that subclasses it, or, when
``base`` is a ``Protocol``, a class with every method the protocol declares
(instance attributes such as a source's ``name`` cannot be checked on a
class). It is checked when the entry is loaded, since entries are lazy: at
registration for a Python object, on first lookup for a string or an entry
point; a wrong entry is a :class:`RegistryError` naming the entry, its origin
and the expected base. Two entries with one name is an error naming both
origins; an unknown name gets "did you mean".

>>> from rewardstack.core.registry import FUSION_OPERATORS, SOURCES
>>> "length" in SOURCES.names(), FUSION_OPERATORS.origin("gate")
(True, 'builtin')
>>> things: Registry[type] = Registry("thing", "rewardstack.example", {"int": "builtins:int"}, base=float)
>>> things.get("int")
Traceback (most recent call last):
...
rewardstack.core.errors.RegistryError: thing 'int' (builtin) is <class 'int'>, but a thing must be a subclass of ...
"""

from __future__ import annotations

import difflib
import importlib
import os
import pkgutil
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Generic, TypeVar

from rewardstack.core.errors import RegistryError

__all__ = [
    "FUSION_OPERATORS",
    "JUDGE_BACKENDS",
    "SOURCES",
    "Registry",
    "RegistryEntry",
    "protocol_methods",
    "register_source",
]

T = TypeVar("T")
C = TypeVar("C")
DISABLE_ENV = "REWARDSTACK_DISABLE_PLUGIN_AUTOLOAD"
BUILTIN = "builtin"


def _import_string(target: str) -> Any:
    module_name, _, attr = target.partition(":")
    return getattr(importlib.import_module(module_name), attr)


def _dotted(obj: Any) -> str | None:
    """``"module:qualname"`` of a class or function: how a lazy entry names the same object."""
    module, qualname = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    return f"{module}:{qualname}" if module and qualname else None


def _full_name(obj: Any) -> str:
    return f"{obj.__module__}.{obj.__qualname__}"


def protocol_methods(protocol: type) -> list[str]:
    """The public methods a ``Protocol`` declares (its data members are per instance).

    >>> from rewardstack.core.source import RewardSource
    >>> {"score", "describe"} <= set(protocol_methods(RewardSource))
    True
    """
    names: set[str] = set()
    for klass in protocol.__mro__:
        if getattr(klass, "_is_protocol", False) and klass.__module__ != "typing":
            names |= {n for n, v in vars(klass).items() if callable(v) and not n.startswith("_")}
    return sorted(names)


@dataclass
class RegistryEntry:
    name: str
    target: Any  # the object, or a "module:attr" string until first use
    origin: str  # "builtin", "python <module.Class>", or "entry point <value> of <dist>"
    checked: bool = False  # the base check passed (done once, when the object is first at hand)

    def load(self) -> Any:
        if isinstance(self.target, str):
            self.target = _import_string(self.target)
        return self.target


class Registry(Generic[T]):
    """Name -> object, loaded lazily; ``what`` names the kind in messages.

    ``builtins``: name -> ``"module:attr"``, imported on first use. ``base``: a
    class (or its ``"module:attr"``, for a base whose module imports this one)
    every entry must subclass or, for a ``Protocol``, conform to. ``packages``:
    packages whose modules register built-ins with :meth:`register_class`; all
    their modules are imported on the first lookup.
    """

    def __init__(
        self,
        what: str,
        group: str,
        builtins: Mapping[str, str] | None = None,
        *,
        base: type | str | None = None,
        packages: Sequence[str] = (),
    ):
        self.what = what
        self.group = group
        self.packages = tuple(packages)
        self._base = base
        self._entries: dict[str, RegistryEntry] = {
            name: RegistryEntry(name, target, BUILTIN) for name, target in (builtins or {}).items()
        }
        self._discovered = False
        self._lock = threading.RLock()
        # Package imports run under their own lock, never under _lock: a module being imported
        # by another thread registers itself (takes _lock) while holding its import lock.
        self._import_lock = threading.RLock()
        self._packages_state = "pending" if self.packages else "done"  # -> "importing" -> "done"

    # --- registration ------------------------------------------------------------
    def register(self, name: str, target: T | str, *, origin: str = "python") -> None:
        """Add ``name``; an object is checked against ``base`` now, a string when first loaded."""
        if origin != BUILTIN:
            self._import_packages()  # built-ins first, so that a clash is reported here
        self._add(name, target, origin)

    def register_class(self, name: str) -> Callable[[C], C]:
        """Class decorator registering the class under ``name``.

        Its origin is ``builtin`` when it is defined in one of the registry's
        ``packages``, else ``python <module.Class>``.
        """

        def decorate(cls: C) -> C:
            module = getattr(cls, "__module__", "")
            builtin = any(module == p or module.startswith(p + ".") for p in self.packages)
            self.register(name, cls, origin=BUILTIN if builtin else f"python {_full_name(cls)}")  # type: ignore[arg-type]
            return cls

        return decorate

    def unregister(self, name: str) -> None:
        with self._lock:
            self._entries.pop(name, None)

    def _add(self, name: str, target: Any, origin: str) -> None:
        if not isinstance(target, str):
            self._check(name, target, origin)
        with self._lock:
            existing = self._entries.get(name)
            if existing is None:
                self._entries[name] = RegistryEntry(name, target, origin, checked=not isinstance(target, str))
                return
            if existing.target is target or (isinstance(existing.target, str) and existing.target == _dotted(target)):
                # the lazy entry's own module registering its object (a plugin that both has an
                # entry point and uses the decorator): the same thing, not a clash
                existing.target, existing.checked = target, True
                return
            raise RegistryError(
                f"{self.what} {name!r} is registered twice: by {existing.origin} and by {origin}. "
                f"Rename one of them (entry point group {self.group!r})."
            )

    # --- lookup ------------------------------------------------------------------
    def get(self, name: str) -> T:
        self.discover()
        entry = self._entries.get(name)
        if entry is None:
            raise RegistryError(self._unknown_message(name))
        try:
            target = entry.load()
        except (ImportError, AttributeError) as exc:
            raise RegistryError(f"{self.what} {name!r} ({entry.origin}) failed to load: {exc}") from exc
        if not entry.checked:
            self._check(name, target, entry.origin)
            entry.checked = True
        return target  # type: ignore[no-any-return]

    def names(self) -> list[str]:
        self.discover()
        return sorted(self._entries)

    def origin(self, name: str) -> str:
        self.discover()
        return self._entries[name].origin

    def __contains__(self, name: object) -> bool:
        self.discover()
        return name in self._entries

    # --- discovery ---------------------------------------------------------------
    def discover(self, *, force: bool = False) -> None:
        """Import the built-in packages once; read entry points once (again with ``force``), unless disabled."""
        self._import_packages()
        with self._lock:
            if self._discovered and not force:
                return
            self._discovered = True
            if _autoload_disabled():
                return
            for ep in entry_points(group=self.group):
                dist = ep.dist.name if ep.dist is not None else "unknown distribution"
                origin = f"entry point {ep.value!r} of {dist}"
                existing = self._entries.get(ep.name)
                if existing is not None and existing.origin == origin:
                    continue  # rediscovery of the same plugin
                self._add(ep.name, ep.value, origin)

    def _import_packages(self) -> None:
        if self._packages_state == "done":
            return
        with self._import_lock:
            if self._packages_state != "pending":
                return  # done meanwhile, or this very thread is importing them (a module registering itself)
            self._packages_state = "importing"
            try:
                for package in self.packages:
                    for module in _modules_of(package):
                        importlib.import_module(module)
            except Exception:
                self._packages_state = "pending"  # a broken built-in fails every lookup, not just the first
                raise
            self._packages_state = "done"

    # --- checks and messages -----------------------------------------------------
    def base(self) -> type | None:
        """The class every entry must be (resolved from its ``"module:attr"`` on first use)."""
        if isinstance(self._base, str):
            self._base = _import_string(self._base)
        return self._base  # type: ignore[return-value]

    def _check(self, name: str, target: Any, origin: str) -> None:
        base = self.base()
        if base is None:
            return
        where = f"{self.what} {name!r} ({origin}) is {target!r}"
        if not isinstance(target, type):
            raise RegistryError(f"{where}, not a class, but {self._expected(base)}")
        if getattr(base, "_is_protocol", False):
            missing = [m for m in protocol_methods(base) if not callable(getattr(target, m, None))]
            if missing:
                raise RegistryError(f"{where}, which lacks {', '.join(missing)}, but {self._expected(base)}")
        elif not issubclass(target, base):
            raise RegistryError(f"{where}, but {self._expected(base)}")

    def _expected(self, base: type) -> str:
        if getattr(base, "_is_protocol", False):
            shape = f"a class with the methods of {_full_name(base)} ({', '.join(protocol_methods(base))})"
        else:
            shape = f"a subclass of {_full_name(base)}"
        return f"a {self.what} must be {shape} (entry point group {self.group!r})."

    def _unknown_message(self, name: str) -> str:
        known = sorted(self._entries)
        close = difflib.get_close_matches(name, known, n=3, cutoff=0.6)
        hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        off = (f" Plugins were not looked for: {DISABLE_ENV} is set (unset it to load installed ones)."
               if _autoload_disabled() else "")
        return f"unknown {self.what} {name!r}.{hint} Known: {', '.join(known) or '(none)'}.{off}"


def _autoload_disabled() -> bool:
    return os.environ.get(DISABLE_ENV, "") not in ("", "0")


def _modules_of(package: str) -> list[str]:
    """Every public module of ``package`` (not recursive: built-in packages are flat)."""
    path = importlib.import_module(package).__path__
    return [f"{package}.{m.name}" for m in sorted(pkgutil.iter_modules(path), key=lambda m: m.name)
            if not m.name.startswith("_")]


# Built-in sources; real ones are added by their own modules' issues.
_BUILTIN_SOURCES: dict[str, str] = {
    "length": "rewardstack.rewards.shaping:LengthSource",
    "regex_match": "rewardstack.verifiers.regex:RegexMatchSource",
    "code_tests": "rewardstack.verifiers.code.source:CodeTestsSource",
    "math_answer": "rewardstack.verifiers.math.source:MathAnswerSource",
    "preference_model": "rewardstack.rewards.preference.source:PreferenceModelSource",
    "outcome_signals": "rewardstack.rewards.outcomes.source:OutcomeSignalsSource",
    "kb_facts": "rewardstack.verifiers.facts.source:KbFactsSource",
    "constitutional_critic": "rewardstack.rewards.critic.source:ConstitutionalCriticSource",
}

SOURCES: Registry[Any] = Registry(
    "source kind", "rewardstack.sources", _BUILTIN_SOURCES, base="rewardstack.core.source:RewardSource"
)
# Operators register themselves with ``rewardstack.fusion.node.register_operator``.
FUSION_OPERATORS: Registry[Any] = Registry(
    "fusion operator", "rewardstack.fusion", base="rewardstack.fusion.base:OperatorConfig",
    packages=("rewardstack.fusion",),
)
# Judge backends of the constitutional critic register with ``rewardstack.rewards.critic.judges.register_judge``.
JUDGE_BACKENDS: Registry[Any] = Registry(
    "judge backend", "rewardstack.judges", base="rewardstack.rewards.critic.judges.base:JudgeBackend",
    packages=("rewardstack.rewards.critic.judges",),
)


def register_source(kind: str) -> Any:
    """Class decorator registering a source class under ``kind`` from Python code."""
    return SOURCES.register_class(kind)
