"""``build_world("real_smollm2")``: the stored pool of real generations, read into a WorldPool.

The pool (``benchmarks/data/real_smollm2/pool.jsonl``, made by
``benchmarks/data/generate_real_pool.py``) holds, per prompt, the user message, the Samples'
reference (what the sources see), gold's key, and the sampled candidates with their gold labels
and log-probabilities. Reading it runs no model and no sandbox.

- ``size="full"``: every stored prompt; ``size="quick"``: a seeded half of each family's prompts
  (the stored candidates are fixed, so seeds differ by which prompts they keep; in ``full`` every
  seed sees the same prompts).
- gold: the stored labels on the synthetic world's scale (``worlds/gold/real.py``).
- base_logprob: ``log(1/N)``: the candidates are i.i.d. draws from the generator, so the pool's
  empirical distribution is already pi0 (weighting draws by their own probability would count it
  twice). The generator's sequence log-probability is kept as the feature ``generator_logprob``.
- features: ``length`` (words), ``plausible_wrong_code`` (visible tests pass, a hidden one fails),
  ``fluent_wrong_medical`` (a wrong true/false verdict with no hedging or advice sentence),
  ``generator_logprob``, ``tokens``, ``finished`` (ended by itself within the token budget).

>>> world = build_real(0, "full")
>>> world.families(), sorted(world.skipped), world.artifacts()
(['coding', 'math', 'medicine'], ['chat', 'safety', 'sycophancy'], {'kb': 'medicine'})
>>> [p.size for p in world.prompts][:3], world.provenance["stored"]["model"]["name"]
([4, 4, 4], 'smollm2-135m-instruct')
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from rewardstack.benchmarks.pool import PromptPool, WorldPool
from rewardstack.benchmarks.worlds.gold import scales
from rewardstack.benchmarks.worlds.gold.real import gold_of
from rewardstack.benchmarks.worlds.real.generate import POOL_FILE, PROVENANCE_FILE
from rewardstack.benchmarks.worlds.seeds import stream
from rewardstack.benchmarks.worlds.text import word_count
from rewardstack.core.errors import ConfigError
from rewardstack.core.sample import Sample

__all__ = ["POOL_ENV", "SKIPPED", "build_real", "default_pool_dir", "read_pool"]

#: Environment variable naming another pool folder (e.g. one generated on a GPU).
POOL_ENV = "REWARDSTACK_REAL_POOL"
SKIPPED = {
    "chat": "no gold for free-form chat answers of a real model here (the synthetic world has a latent truth)",
    "safety": "not generated: gold would need a judgement of each real answer's harm",
    "sycophancy": "not generated: gold would need a judgement of whether each real answer agrees with the user",
}
_NAN = float("nan")


def default_pool_dir() -> Path:
    """``$REWARDSTACK_REAL_POOL`` if set, else the pool committed in the repository."""
    env = os.environ.get(POOL_ENV)
    return Path(env) if env else Path(__file__).resolve().parents[4] / "benchmarks" / "data" / "real_smollm2"


def read_pool(folder: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """(rows, provenance) of a stored pool, with a clear error when it is missing or malformed."""
    pool, prov = folder / POOL_FILE, folder / PROVENANCE_FILE
    if not pool.is_file() or not prov.is_file():
        raise ConfigError(
            f"world 'real_smollm2': no stored pool in {folder} (needs {POOL_FILE} and {PROVENANCE_FILE}); "
            f"generate one with 'python benchmarks/data/generate_real_pool.py --out {folder}' "
            f"or point {POOL_ENV} at a folder that has one"
        )
    rows = []
    for lineno, line in enumerate(pool.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{pool}:{lineno}: not JSON ({exc.msg}); regenerate the pool") from exc
    return rows, json.loads(prov.read_text(encoding="utf-8"))


def _features(row: dict[str, Any]) -> dict[str, np.ndarray]:
    from rewardstack.benchmarks.worlds.families.medicine import confident
    from rewardstack.benchmarks.worlds.families.medicine_pack import sentences

    cols: dict[str, list[float]] = {k: [] for k in ("length", "agrees_with_wrong_user", "plausible_wrong_code",
                                                    "fluent_wrong_medical", "complies_with_harmful",
                                                    "generator_logprob", "tokens", "finished")}  # fmt: skip
    for cand in row["candidates"]:
        label, text = cand["label"], cand["text"]
        plausible, fluent_wrong = _NAN, _NAN
        if row["family"] == "coding":
            passed = label["passed"]
            plausible = float(all(passed[k] for k in row["key"]["visible"]) and not all(passed))
        if row["family"] == "medicine":
            bare = confident(text)
            unhedged = bare is not None and len(sentences(bare)) == len(sentences(text))
            fluent_wrong = float(label["verdict"] is not None and not label["correct"] and unhedged)
        values = [float(word_count(text)), _NAN, plausible, fluent_wrong, _NAN, float(cand["logprob"]),
                  float(cand["tokens"]), float(cand["finished"])]  # fmt: skip
        for key, value in zip(cols, values, strict=True):
            cols[key].append(value)
    return {k: np.asarray(v, dtype=float) for k, v in cols.items()}


def _prompt_pool(row: dict[str, Any]) -> PromptPool:
    pid = row["prompt_id"]
    candidates = [
        Sample(
            id=f"{pid}/{j:03d}",
            prompt=row["prompt"],
            response=c["text"],
            domain=row["domain"],
            reference=row["reference"],
            metadata={"group": pid},
        )
        for j, c in enumerate(row["candidates"])
    ]
    n = len(candidates)
    return PromptPool(
        prompt_id=pid,
        family=row["family"],
        candidates=candidates,
        gold=np.asarray([gold_of(row["family"], c["label"]) for c in row["candidates"]], dtype=float),
        base_logprob=np.full(n, -math.log(n)),
        features=_features(row),
    )


def _keep(rows: list[dict[str, Any]], seed: int, size: str) -> list[dict[str, Any]]:
    if size == "full":
        return rows
    kept = []
    for family in dict.fromkeys(r["family"] for r in rows):
        fam = [r for r in rows if r["family"] == family]
        pick = stream(seed, "real", "quick", family).permutation(len(fam))[: max(1, len(fam) // 2)]
        kept += [fam[int(i)] for i in sorted(pick)]
    return kept


def build_real(seed: int, size: str, *, folder: Path | None = None) -> WorldPool:
    """The stored real-model pool for ``seed`` at ``size`` (``folder``: default :func:`default_pool_dir`)."""
    folder = folder or default_pool_dir()
    rows, stored = read_pool(folder)
    rows = _keep(rows, seed, size)
    prompts = [_prompt_pool(r) for r in rows]
    families = {f: sum(p.family == f for p in prompts) for f in dict.fromkeys(p.family for p in prompts)}
    provenance: dict[str, Any] = {
        "generator": "rewardstack.benchmarks.worlds.real (stored pool)",
        "pool_dir": str(folder),
        "seed": seed,
        "size": size,
        "stored": stored,
        "base_policy": "base_logprob = log(1/N), the empirical (uniform) distribution over i.i.d. draws",
        "gold_scale": {"right": scales.RIGHT, "wrong": scales.WRONG},
        "families": {
            f: {"prompts": k, "candidates_per_prompt": stored["config"]["candidates"]} for f, k in families.items()
        },  # fmt: skip
        "artifacts": {"kb": "medicine"},
    }
    skipped = dict(SKIPPED)
    for family, count in stored["config"]["counts"].items():
        if count == 0:
            skipped[family] = "not in the stored pool (generated with 0 prompts)"
    return WorldPool(name="real_smollm2", seed=seed, prompts=prompts, provenance=provenance, skipped=skipped)
