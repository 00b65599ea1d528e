"""Benchmark suites: a YAML file naming a world, the signals to compare, the metrics and the seeds.

```yaml
world: {name: synthetic, size: quick, seeds: [0, 1, 2]}
signals:                          # name -> a stack: a YAML path (relative to this file) or inline
  rm: {sources: {rm: {kind: preference_model, path: "${world.rm_path}"}}}
  gated: stacks/gated.yaml
metrics: [pairwise_accuracy, best_of_4, best_of_n, kl_optimum, length_spearman]   # default: all
oracle: true                      # gold itself as a signal (the ceiling)
random: true                      # i.i.d. uniform rewards (the floor)
best_of_n: [1, 2, 4, 8, 16, 32, 64, 128, 256]
bootstrap: {samples: 1000, seed: 0, level: 0.95}
tiers:                            # optional: more worlds, each its own section of the results
  real: real.yaml                 # a suite file (relative to this file) or an inline suite mapping
ppo_runs:                         # optional: finished `train ppo` folders whose rollouts are graded (.ppo_runs)
  gated: {path: ../../runs/ppo_math_tiny}
```

**Tiers.** The top-level ``world`` and ``signals`` are the suite's main tier (results.json's top
level, unchanged by tiers); ``tiers`` adds worlds that need other signals (the real-model tier has
no reward model to score with), each run and reported on its own: results.json ``tiers.NAME``,
report.md and the terminal a section each. A tier is a suite without ``tiers`` (they do not nest),
given as a file or inline; its stack paths are relative to the file that names them. Tier names
are lowercase identifiers (they name the tier's plot folder).

A stack with one source is a *single* signal, with more a *fusion*; every fusion is compared
with every single signal. ``{stack: ..., role: fusion}`` says it explicitly (an ensemble of
reward models inside one ``preference_model`` source is a fusion of members).
``${world.NAME}`` in any string of a stack is replaced, once the world is built, by
``WorldPool.provenance["artifacts"][NAME]`` (:func:`resolve_placeholders`).

Errors name the file, line and key (``quick.yaml:7: signals.rm.sources.rm.kind: ...``); a
signal's stack is validated when the suite is loaded (:class:`StackConfig`: its fields and the source names
its fusion tree reads, the checks ``rewardstack score`` makes), so a typo fails before any world is built;
only a source that cannot run *here* (no sandbox, a missing extra, an artifact the world did not build)
is a skip at run time (:mod:`.signals`).

>>> suite = SuiteConfig.model_validate({"world": {"name": "synthetic", "seeds": [0]},
...                                     "signals": {"len": {"sources": {"len": {"kind": "length"}}}}})
>>> suite.world.size, suite.metrics[:2], suite.tiers
('quick', ('pairwise_accuracy', 'best_of_4'), {})
>>> resolve_placeholders({"path": "${world.rm_path}/x"}, {"rm_path": "/tmp/rm"})
({'path': '/tmp/rm/x'}, [])
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from rewardstack.benchmarks.catalog import GROUPS
from rewardstack.benchmarks.ppo_runs import PPORunSpec
from rewardstack.core.config import ConfigValueError
from rewardstack.core.errors import ConfigError
from rewardstack.core.yaml_loader import LineMap, dotted_path, line_for, read_yaml_file
from rewardstack.fusion.stack_config import StackConfig

__all__ = ["BootstrapConfig", "LoadedSuite", "SignalSpec", "SuiteConfig", "WorldConfig", "load_suite",
           "resolve_placeholders"]

_PLACEHOLDER = re.compile(r"\$\{world\.([A-Za-z0-9_]+)\}")
_TIER_NAME = re.compile(r"[a-z][a-z0-9_]*")
_DEFAULT_NS = (1, 2, 4, 8, 16, 32, 64, 128, 256)


class WorldConfig(BaseModel):
    """Which world to build, at which size, for which seeds (one build per seed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    size: Literal["quick", "full"] = "quick"
    seeds: tuple[int, ...] = Field(default=(0,), min_length=1)

    @field_validator("seeds")
    @classmethod
    def _distinct(cls, seeds: tuple[int, ...]) -> tuple[int, ...]:
        if len(set(seeds)) != len(seeds):
            raise ValueError(f"seeds must be distinct, got {list(seeds)}")
        return seeds


class BootstrapConfig(BaseModel):
    """Resamples over prompts for the intervals, their seed, and the interval's level."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    samples: int = Field(default=1000, ge=10, le=100_000)
    seed: int = 0
    level: float = Field(default=0.95, gt=0.5, lt=1.0)


class SuiteConfig(BaseModel):
    """A whole suite; ``signals`` holds raw stacks (validated by :func:`load_suite`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str | None = None
    world: WorldConfig
    signals: dict[str, str | dict[str, Any]] = Field(min_length=1)
    metrics: tuple[str, ...] = GROUPS
    oracle: bool = True
    random: bool = True
    best_of_n: tuple[int, ...] = _DEFAULT_NS
    bootstrap: BootstrapConfig = BootstrapConfig()
    tiers: dict[str, str | dict[str, Any]] = Field(default_factory=dict)
    ppo_runs: dict[str, PPORunSpec] = Field(default_factory=dict)  # trained PPO folders to grade (.ppo_runs)

    @field_validator("tiers")
    @classmethod
    def _tier_names(cls, tiers: dict[str, Any]) -> dict[str, Any]:
        bad = [name for name in tiers if not _TIER_NAME.fullmatch(name)]
        if bad:
            raise ValueError(f"tier names {bad} must be lowercase identifiers (a-z, 0-9, _): they name folders")
        return tiers

    @field_validator("metrics")
    @classmethod
    def _known_metrics(cls, metrics: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [m for m in metrics if m not in GROUPS]
        if unknown:
            raise ValueError(f"unknown metric(s) {unknown}; known: {list(GROUPS)}")
        return tuple(m for m in GROUPS if m in metrics)  # canonical order

    @field_validator("best_of_n")
    @classmethod
    def _ns(cls, ns: tuple[int, ...]) -> tuple[int, ...]:
        if not ns or any(n < 1 for n in ns):
            raise ValueError(f"best_of_n must list n >= 1, got {list(ns)}")
        return tuple(sorted(set(ns)))

    @field_validator("signals")
    @classmethod
    def _names(cls, signals: dict[str, Any]) -> dict[str, Any]:
        reserved = {"oracle", "random"} & set(signals)
        if reserved:
            raise ValueError(f"signal names {sorted(reserved)} are reserved for the baselines; rename them")
        return signals


class SignalSpec(BaseModel):
    """One signal of a loaded suite: its raw stack data (placeholders unresolved) and where it came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    data: dict[str, Any]
    origin: str  # "suite.yaml:12" or the stack file's path
    sources: tuple[str, ...]
    declared_role: Literal["single", "fusion"] | None = None

    @property
    def role(self) -> Literal["single", "fusion"]:
        """As declared (``{stack: ..., role: ...}``), else single for a one-source stack, fusion otherwise."""
        if self.declared_role is not None:
            return self.declared_role
        return "single" if len(self.sources) == 1 else "fusion"


class LoadedSuite(BaseModel):
    """A validated suite with every signal's stack read and checked."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    path: str
    config: SuiteConfig
    signals: tuple[SignalSpec, ...]
    tiers: dict[str, LoadedSuite] = Field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.config.name or Path(self.path).stem

    def all_tiers(self) -> list[tuple[str | None, LoadedSuite]]:
        """The main tier (name None), then each named tier, in the file's order."""
        return [(None, self), *self.tiers.items()]


LoadedSuite.model_rebuild()  # ``tiers`` refers to the class itself


def _format(exc: ValidationError, lines: LineMap, filename: str, prefix: tuple[str | int, ...], what: str) -> str:
    parts = []
    for err in exc.errors():
        path = prefix + tuple(p for p in err["loc"] if isinstance(p, str | int))
        message = err["msg"].removeprefix("Value error, ")
        inner = (err.get("ctx") or {}).get("error")
        if isinstance(inner, ConfigValueError):
            path, message = path + inner.path, inner.detail
        if err["type"] == "extra_forbidden":
            message = f"unknown key {path[-1]!r} (check the spelling; docs/benchmarks.md lists the keys)"
        line = line_for(path, lines)
        parts.append(f"{filename}:{line if line is not None else '?'}: {dotted_path(path)}: {message}")
    return f"invalid {what}:\n  " + "\n  ".join(parts)


def _unwrap(name: str, raw: str | dict[str, Any], lines: LineMap, filename: str, outer: tuple[str | int, ...]
            ) -> tuple[str | dict[str, Any], str | None, tuple[str | int, ...]]:
    """``{stack: ..., role: single|fusion}`` -> (stack, role, key path of the stack); a bare stack -> role None."""
    prefix: tuple[str | int, ...] = (*outer, "signals", name)
    if not (isinstance(raw, dict) and "stack" in raw):
        return raw, None, prefix
    line = lines.get(prefix, "?")
    extra = sorted(set(raw) - {"stack", "role"})
    if extra:
        raise ConfigError(f"{filename}:{line}: {dotted_path(prefix)}: unknown key(s) {extra} beside 'stack' "
                          "(a signal is a stack, or {stack: ..., role: single|fusion})")
    role = raw.get("role")
    if role not in (None, "single", "fusion"):
        raise ConfigError(f"{filename}:{lines.get(prefix + ('role',), line)}: {dotted_path(prefix)}.role: "
                          f"{role!r} is not 'single' or 'fusion'")
    stack = raw["stack"]
    if not isinstance(stack, str | dict):
        raise ConfigError(f"{filename}:{line}: {dotted_path(prefix)}.stack: a stack file path or an inline "
                          "stack mapping")
    return stack, role, prefix + ("stack",)


def _stack_spec(name: str, entry: str | dict[str, Any], base: Path, lines: LineMap, filename: str,
                outer: tuple[str | int, ...] = ()) -> SignalSpec:
    """Read (a path) and validate one signal's stack; errors name the stack file or the suite's line.

    ``outer``: the key path of the suite inside its file (``("tiers", NAME)`` for an inline tier).
    """
    raw, role, prefix = _unwrap(name, entry, lines, filename, outer)
    if isinstance(raw, str):
        stack_path = Path(raw) if Path(raw).is_absolute() else base / raw
        if not stack_path.is_file():  # say which signal names it, and what the path is relative to
            raise ConfigError(f"{filename}:{lines.get(prefix, '?')}: {dotted_path(prefix)}: no stack file "
                              f"{stack_path} (a relative path starts at the suite file's folder, {base.resolve()})")
        data, lines = read_yaml_file(stack_path)
        filename = origin = str(stack_path)
        prefix = ()
        if not isinstance(data, dict):
            raise ConfigError(f"{stack_path}: a stack file must be a mapping with 'sources' (signal {name!r})")
    else:
        data, origin = raw, f"{filename}:{lines.get(prefix, '?')}"
    try:
        config = StackConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format(exc, lines, filename, prefix, f"stack of signal {name!r}")) from None
    return SignalSpec(name=name, data=data, origin=origin, sources=tuple(config.sources), declared_role=role)


def _validated(data: Any, lines: LineMap, filename: str, prefix: tuple[str | int, ...]) -> SuiteConfig:
    if not isinstance(data, dict):
        where = f"{filename}:{lines.get(prefix, '?')}: {dotted_path(prefix)}" if prefix else filename
        raise ConfigError(f"{where}: a suite must be a mapping with 'world' and 'signals'")
    try:
        return SuiteConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format(exc, lines, filename, prefix, "suite")) from None


def _tier(name: str, entry: str | dict[str, Any], base: Path, lines: LineMap, filename: str) -> LoadedSuite:
    """A tier: a suite file (relative to ``base``) or an inline suite, itself without tiers."""
    prefix: tuple[str | int, ...] = ("tiers", name)
    if isinstance(entry, str):
        tier_path = Path(entry) if Path(entry).is_absolute() else base / entry
        if not tier_path.is_file():
            raise ConfigError(f"{filename}:{lines.get(prefix, '?')}: tiers.{name}: no suite file {tier_path}")
        tier = load_suite(tier_path)
    else:
        config = _validated(entry, lines, filename, prefix)
        specs = tuple(_stack_spec(sig, raw, base, lines, filename, prefix) for sig, raw in config.signals.items())
        tier = LoadedSuite(path=f"{filename}:{lines.get(prefix, '?')}", config=config, signals=specs)
    if tier.config.tiers:
        raise ConfigError(f"{filename}:{lines.get(prefix, '?')}: tiers.{name}: the tier's suite has tiers of its "
                          "own; tiers do not nest (list every tier in the top-level suite)")
    return tier


def load_suite(path: str | Path) -> LoadedSuite:
    """Read and validate a suite YAML file, its tiers and every signal's stack; :class:`ConfigError` names
    file:line:key."""
    data, lines = read_yaml_file(path)
    filename = str(path)
    config = _validated(data, lines, filename, ())
    base = Path(path).parent
    specs = tuple(_stack_spec(name, raw, base, lines, filename) for name, raw in config.signals.items())
    tiers = {name: _tier(name, entry, base, lines, filename) for name, entry in config.tiers.items()}
    return LoadedSuite(path=filename, config=config, signals=specs, tiers=tiers)


def resolve_placeholders(data: Any, artifacts: dict[str, str]) -> tuple[Any, list[str]]:
    """Replace ``${world.NAME}`` in every string of ``data``; also return the names the world lacks."""
    missing: list[str] = []

    def sub(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in artifacts:
            missing.append(key)
            return match.group(0)
        return artifacts[key]

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return _PLACEHOLDER.sub(sub, value)
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [walk(v) for v in value]
        return value

    resolved = walk(data)
    return resolved, sorted(set(missing))
