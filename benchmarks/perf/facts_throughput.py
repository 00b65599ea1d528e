"""``kb_facts`` speed on the medicine pack: latency per typical response, responses/s, claims/s, 1 MB responses.

Typical responses are the pack's 130 pair answers (2-4 sentences, patient-style); each is scored
alone (``source.score([one])``: the latency a trainer's reward call sees, KB snapshot included)
and all of them in batches of 64 (the engine's micro-batches). Two linking configs side by side
in one run: the default (alias vectors on: a name no alias links is embedded by the encoder) and
``linking.embeddings: off``. Then one 1 MB response of prose (few claims) and one of dense claims.

Target (issue 12): p50 <= 20 ms per typical response on 2 CPU cores.

Run:  .venv/bin/python benchmarks/perf/facts_throughput.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack.core.sample import Sample  # noqa: E402
from rewardstack.verifiers.facts.evaluate import load_jsonl  # noqa: E402
from rewardstack.verifiers.facts.packs_io import ensure_kb, pack_file  # noqa: E402
from rewardstack.verifiers.facts.source import KbFactsSource  # noqa: E402


def _ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"p50_ms": round(statistics.median(ordered) * 1000, 2),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
            "p99_ms": round(ordered[int(0.99 * (len(ordered) - 1))] * 1000, 2), "n": len(ordered)}


def measure(source: KbFactsSource, samples: list[Sample], rounds: int) -> dict[str, Any]:
    source.score(samples[:4])  # warm: KB index, pint registry, encoder if it is used
    alone: list[float] = []
    for _ in range(rounds):
        for sample in samples:
            start = time.perf_counter()
            source.score([sample])
            alone.append(time.perf_counter() - start)
    batched, claims = [], 0
    for _ in range(rounds):
        start = time.perf_counter()
        scores = [s for i in range(0, len(samples), 64) for s in source.score(samples[i:i + 64])]
        batched.append(time.perf_counter() - start)
        claims = sum(len(s.details.get("claims", [])) for s in scores)
    best = statistics.median(batched)
    return {"per_response": _ms(alone), "batched_responses_per_s": round(len(samples) / best, 1),
            "batched_claims_per_s": round(claims / best, 1), "claims_per_pass": claims,
            "responses_per_pass": len(samples)}


def megabyte(source: KbFactsSource) -> dict[str, Any]:
    prose_unit = "The patient was advised to rest and drink fluids while the fever lasted. "
    dense_unit = ("Warfarin interacts with aspirin. Sertraline is an SSRI. Adults can take up to 4 grams of "
                  "paracetamol a day. ")
    out = {}
    for name, unit in (("prose", prose_unit), ("dense", dense_unit)):
        text = unit * (1_000_000 // len(unit) + 1)
        start = time.perf_counter()
        score = source.score([Sample(id=name, prompt="", response=text)])[0]
        out[name] = {"chars": len(text), "seconds": round(time.perf_counter() - start, 2),
                     "claims": len(score.details.get("claims", [])), "status": score.status.value}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("REWARDSTACK_KB_DIR", tempfile.mkdtemp(prefix="facts_throughput_"))
    start = time.perf_counter()
    ensure_kb("medicine")
    import_s = time.perf_counter() - start
    pairs = load_jsonl(pack_file("medicine", "pairs.jsonl"))
    samples = [Sample(id=f"{p['id']}:{side}", prompt=p["prompt"], response=p[side])
               for p in pairs for side in ("fluent_wrong", "hedged_right")]
    results: dict[str, Any] = {"first_use_import_s": round(import_s, 1),
                               "response_chars_median": statistics.median(len(s.response) for s in samples)}
    for name, linking in (("default", {}), ("embeddings_off", {"embeddings": "off"})):
        start = time.perf_counter()
        source = KbFactsSource(kb="medicine", linking=linking)
        results[name] = {"construct_s": round(time.perf_counter() - start, 3),
                         **measure(source, samples, args.rounds)}
        if name == "default":
            results["one_megabyte"] = megabyte(source)
        source.close()
    results["target_p50_ms"] = 20.0
    results["meets_target"] = all(results[k]["per_response"]["p50_ms"] <= 20.0 for k in ("default", "embeddings_off"))
    payload = {"facts_throughput": results}
    print(json.dumps(payload, indent=1))
    print("wrote", write_result("facts_throughput", payload))


if __name__ == "__main__":
    main()
