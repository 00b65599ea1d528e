"""Generate the real-model pool: sample candidates with a causal LM, label gold, store with provenance.

Three steps, each rerunnable:

1. :func:`generate_raw`: candidates for every prompt, appended per batch to ``raw.jsonl`` in a
   work folder; a rerun keeps every batch whose prompts were all generated under the same model,
   sampling and prompt text, and draws the others whole (generation on 2 shared CPU cores takes
   tens of minutes, so an interrupted run resumes, and ends where a fresh run would).
2. :func:`label_rows`: gold labels (``worlds/gold/real.py``: hidden tests in the real sandbox,
   the math checker against the exact answer, the claim's label).
3. :func:`write_pool`: ``pool.jsonl`` (one prompt a line) and ``provenance.json`` in the output folder.

``benchmarks/data/generate_real_pool.py`` is the command line; :func:`generate_pool` runs all three.

>>> config = PoolConfig()
>>> config.model, config.candidates, config.counts, config.max_new_tokens["coding"]
('smollm2-135m-instruct', 4, {'coding': 12, 'math': 16, 'medicine': 16}, 160)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from rewardstack.benchmarks.worlds.gold.real import code_labels, math_labels, medicine_label
from rewardstack.benchmarks.worlds.provenance import data_files, versions
from rewardstack.benchmarks.worlds.real.prompts import FAMILIES, MAX_NEW_TOKENS, PromptSpec, build_prompts
from rewardstack.benchmarks.worlds.real.sampler import Generation, Sampling, sample_texts
from rewardstack.benchmarks.worlds.seeds import stable_int

__all__ = ["POOL_FILE", "PROVENANCE_FILE", "PoolConfig", "generate_pool", "generate_raw", "label_rows", "write_pool"]

POOL_FILE = "pool.jsonl"
PROVENANCE_FILE = "provenance.json"
Log = Callable[[str], None]


class PoolConfig(BaseModel):
    """What a pool is generated from (all of it goes into the provenance)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    model: str = "smollm2-135m-instruct"
    device: str = "cpu"
    seed: int = 0
    candidates: int = Field(default=4, ge=1)
    counts: dict[str, int] = Field(default_factory=lambda: {"coding": 12, "math": 16, "medicine": 16})
    temperature: float = Field(default=0.8, gt=0)
    batch_size: int = Field(default=32, ge=1)
    code_sandbox: dict[str, Any] = Field(default_factory=lambda: {"backend": "bwrap"})
    code_timeout_s: float = Field(default=10.0, gt=0)
    max_new_tokens: dict[str, int] = Field(default_factory=lambda: dict(MAX_NEW_TOKENS))


def _stderr(line: str) -> None:
    print(f"[{dt.datetime.now(dt.UTC):%H:%M:%S}] {line}", file=sys.stderr, flush=True)


def _raw_key(spec: PromptSpec, config: PoolConfig, fingerprint: str) -> str:
    parts = [spec.user, config.max_new_tokens[spec.family], config.seed, config.candidates, config.temperature,
             config.batch_size, config.model, config.device, fingerprint]  # fmt: skip
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:16]


def _read_raw(path: Path) -> dict[str, dict[str, Any]]:
    if not path.exists():
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["prompt_id"]: row for row in rows}


def _chunks(specs: Sequence[PromptSpec], per_batch: int) -> list[list[PromptSpec]]:
    out: list[list[PromptSpec]] = []
    for family in FAMILIES:
        fam = [s for s in specs if s.family == family]
        out += [fam[i : i + per_batch] for i in range(0, len(fam), per_batch)]
    return out


def generate_raw(
    model: Any,
    tokenizer: Any,
    specs: Sequence[PromptSpec],
    config: PoolConfig,
    *,
    fingerprint: str,
    raw_path: Path,
    log: Log = _stderr,
) -> dict[str, list[Generation]]:
    """prompt_id -> candidates, generating only what ``raw_path`` does not hold for this setup."""
    done = _read_raw(raw_path)
    per_batch = max(1, config.batch_size // config.candidates)
    for chunk in _chunks(specs, per_batch):
        # a batch is reused whole or drawn whole (its seed comes from its first prompt): a resumed
        # run then draws exactly what a fresh one would
        if all(done.get(s.prompt_id, {}).get("key") == _raw_key(s, config, fingerprint) for s in chunk):
            continue
        todo = chunk
        sampling = Sampling(
            temperature=config.temperature, max_new_tokens=config.max_new_tokens[todo[0].family],
            batch_size=len(todo) * config.candidates, seed=stable_int(f"{config.seed}:{todo[0].prompt_id}"),
        )  # fmt: skip
        start = time.perf_counter()
        gens = sample_texts(model, tokenizer, [s.user for s in todo], n=config.candidates, sampling=sampling)
        with raw_path.open("a", encoding="utf-8") as fh:
            for spec, cands in zip(todo, gens, strict=True):
                row = {
                    "prompt_id": spec.prompt_id,
                    "key": _raw_key(spec, config, fingerprint),
                    "seconds": round((time.perf_counter() - start) / len(todo), 2),  # the batch's time, shared
                    "candidates": [asdict(g) for g in cands],
                }
                fh.write(json.dumps(row) + "\n")
                done[spec.prompt_id] = row
        tokens = sum(g.tokens for c in gens for g in c)
        log(f"generated {', '.join(s.prompt_id for s in todo)}: {tokens} tokens in {time.perf_counter() - start:.0f} s")
    return {s.prompt_id: [Generation(**g) for g in done[s.prompt_id]["candidates"]] for s in specs}


def label_rows(
    specs: Sequence[PromptSpec], raw: dict[str, list[Generation]], config: PoolConfig
) -> list[dict[str, Any]]:
    """One pool row per prompt: the prompt, the Samples' reference, gold's key, candidates with gold labels."""
    from rewardstack.benchmarks.worlds.families.coding import problems
    from rewardstack.benchmarks.worlds.families.coding_tests import split_units

    labels: dict[tuple[str, int], dict[str, Any]] = {}
    code_items, code_at = [], []
    math_pairs, math_at = [], []
    for spec in specs:
        for j, gen in enumerate(raw[spec.prompt_id]):
            if spec.family == "coding":
                problem = problems()[spec.key["task_id"]]
                code_items.append((problem["task_id"], problem["entry_point"], gen.text, split_units(problem)))
                code_at.append((spec.prompt_id, j))
            elif spec.family == "math":
                math_pairs.append((gen.text, str(spec.key["answer"])))
                math_at.append((spec.prompt_id, j))
            else:
                labels[(spec.prompt_id, j)] = medicine_label(gen.text, spec.key["label"])
    if code_items:
        found = code_labels(code_items, sandbox=config.code_sandbox, timeout_s=config.code_timeout_s)
        labels |= dict(zip(code_at, found, strict=True))
    if math_pairs:
        labels |= dict(zip(math_at, math_labels(math_pairs), strict=True))
    rows = []
    for spec in specs:
        cands = [asdict(g) | {"label": labels[(spec.prompt_id, j)]} for j, g in enumerate(raw[spec.prompt_id])]
        rows.append({"prompt_id": spec.prompt_id, "family": spec.family, "prompt": spec.user, "domain": spec.domain,
                     "reference": spec.reference, "key": spec.key, "candidates": cands})  # fmt: skip
    return rows


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def code_files(script: Path | None = None) -> dict[str, str]:
    """path -> sha256 of the code that makes a pool (this package, its gold rules, the script)."""
    here = Path(__file__).parent
    files = sorted(here.glob("*.py")) + [here.parent / "gold" / "real.py"] + ([script] if script else [])
    root = here.parents[3]
    return {str(p.relative_to(root)) if p.is_relative_to(root) else p.name: _sha256(p)
            for p in files}  # fmt: skip


def write_pool(rows: Sequence[dict[str, Any]], provenance: dict[str, Any], out_dir: Path) -> dict[str, Any]:
    """Write ``pool.jsonl`` and ``provenance.json`` (with the pool's SHA-256); returns that provenance."""
    out_dir.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(row, sort_keys=True) + "\n" for row in rows)
    (out_dir / POOL_FILE).write_text(text, encoding="utf-8")
    provenance = provenance | {"pool_sha256": hashlib.sha256(text.encode()).hexdigest()}
    (out_dir / PROVENANCE_FILE).write_text(json.dumps(provenance, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return provenance


def generate_pool(
    config: PoolConfig,
    out_dir: Path,
    *,
    work_dir: Path,
    script: Path | None = None,
    command: str | None = None,
    log: Log = _stderr,
) -> dict[str, Any]:
    """Generate, label and store a pool; returns its provenance.

    ``command``: what made it, for the provenance (default: this process's argv when ``script`` is given).
    """
    from rewardstack.models import load_causal_lm, model_fingerprint

    started = time.perf_counter()
    specs = build_prompts(config.seed, config.counts)
    model, tokenizer = load_causal_lm(config.model, device=config.device)
    fingerprint = model_fingerprint(config.model)
    work_dir.mkdir(parents=True, exist_ok=True)
    log(f"{len(specs)} prompts x {config.candidates} candidates with {config.model} on {config.device}")
    raw = generate_raw(
        model, tokenizer, specs, config, fingerprint=fingerprint, raw_path=work_dir / "raw.jsonl", log=log
    )
    stored = _read_raw(work_dir / "raw.jsonl")
    gen_seconds = sum(float(stored[pid]["seconds"]) for pid in raw)
    log("labelling gold (hidden tests in the sandbox, math checker, claim labels)")
    rows = label_rows(specs, raw, config)
    provenance = {
        "world": "real_smollm2",
        "config": config.model_dump(),
        "model": {"name": config.model, "fingerprint": fingerprint, "dtype": str(next(model.parameters()).dtype)},
        "sampling": {"temperature": config.temperature, "top_p": 1.0, "top_k": None,
                     "max_new_tokens": config.max_new_tokens,
                     "logprob": "sum over new tokens (through end-of-turn) of log softmax(logits / temperature)"},
        "code": code_files(script),
        "data_files": data_files(),
        "versions": versions(),
        "machine": {"platform": platform.platform(), "processor": platform.machine()},
        "created_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "generation_seconds": round(gen_seconds, 1),
        "total_seconds_this_run": round(time.perf_counter() - started, 1),
        "command": command or (" ".join(sys.argv) if script else None),
    }  # fmt: skip
    provenance = write_pool(rows, provenance, out_dir)
    log(f"wrote {out_dir / POOL_FILE} ({len(rows)} prompts)")
    return provenance
