"""The prompts a PPO run samples from: a JSONL file of samples without responses, and their order.

Each line is ``{"id"?, "prompt", "reference"?, "domain"?, "metadata"?}`` (a
:class:`~rewardstack.core.sample.Sample` without ``response``; ``prompt`` may be
chat messages). A bad line stops the run before any model is loaded, naming
file and line: training on a silently thinned prompt set is worse than not
starting.

Order: prompt ``k`` of the stream is ``perm_e[k mod N]`` with ``e = k div N``
and ``perm_e`` a permutation drawn from ``(seed, e)``: a pure function of the
step, so a resumed run sees exactly the prompts an uninterrupted one would.

>>> prompts = [Sample(id=str(i), prompt=f"p{i}", response="") for i in range(3)]
>>> [s.id for s in prompts_for_step(prompts, step=0, per_step=2, seed=0)] == \\
...     [s.id for s in prompts_for_step(prompts, step=0, per_step=2, seed=0)]
True
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from rewardstack.core.sample import Sample
from rewardstack.jsonl import BadLine, iter_lines, parse_sample
from rewardstack.training.rm.config_file import ConfigKeyError

__all__ = ["prompts_for_step", "read_prompts"]


def _parse(raw: bytes, line: int) -> Sample | BadLine:
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return BadLine(line, f"not UTF-8 at byte {exc.start} (save the file as UTF-8)")
    except json.JSONDecodeError as exc:
        return BadLine(line, f"not JSON: {exc.msg} at column {exc.colno}")
    if not isinstance(data, dict):
        return BadLine(line, f"expected a JSON object with 'prompt', got {type(data).__name__}")
    if "response" in data:
        return BadLine(line, "a prompt line has no 'response' (the policy writes it)")
    return parse_sample(json.dumps({**data, "response": ""}), line)


def read_prompts(path: Path) -> list[Sample]:
    """Every prompt of ``path``; :class:`ConfigKeyError` (key ``prompts``) naming the first bad lines."""
    if not path.is_file():
        raise ConfigKeyError(("prompts",), f"{path}: no such file")
    prompts: list[Sample] = []
    bad: list[BadLine] = []
    with path.open("rb") as handle:
        for line, raw in iter_lines(handle):
            parsed = _parse(raw, line)
            (bad if isinstance(parsed, BadLine) else prompts).append(parsed)  # type: ignore[arg-type]
    if bad:
        shown = "; ".join(f"{path}:{b.line}: {b.reason}" for b in bad[:3])
        more = f" (and {len(bad) - 3} more bad lines)" if len(bad) > 3 else ""
        raise ConfigKeyError(("prompts",), f"{shown}{more}")
    if not prompts:
        raise ConfigKeyError(("prompts",), f"{path}: no prompt in the file; write one JSON object per line")
    ids = [p.id for p in prompts]
    if len(set(ids)) != len(ids):
        duplicate = next(i for i in ids if ids.count(i) > 1)
        raise ConfigKeyError(("prompts",), f"{path}: the id {duplicate!r} is used twice; ids name prompt groups")
    return prompts


def prompts_for_step(prompts: list[Sample], *, step: int, per_step: int, seed: int) -> list[Sample]:
    """The ``per_step`` prompts of ``step`` (see the module docstring for the order)."""
    n = len(prompts)
    chosen = []
    for k in range(step * per_step, (step + 1) * per_step):
        epoch, index = divmod(k, n)
        order = np.random.default_rng([seed, epoch]).permutation(n)
        chosen.append(prompts[int(order[index])])
    return chosen
