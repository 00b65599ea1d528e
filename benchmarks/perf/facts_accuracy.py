"""``kb_facts`` on the medicine pack's labelled claims (dev and held-out) and response pairs: the done-means figures.

The claims' held-out split (30%) was never used to tune the extraction rules; the dev split was.
Per split: verdict accuracy, ``supported`` verdicts on contradicted claims, the negation-flip rate,
recall and precision of ``contradicted`` on interaction and dose claims, the confusion table and
the ids of the claims it gets wrong. Pairs: how often the hedged right answer scores strictly
above the fluent wrong one. Both linking configs (alias vectors on, the default; and off).

Run:  .venv/bin/python benchmarks/perf/facts_accuracy.py
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack.verifiers.facts.evaluate import claim_report, load_jsonl, pair_report, predict_claims  # noqa: E402
from rewardstack.verifiers.facts.packs_io import ensure_kb, pack_file  # noqa: E402
from rewardstack.verifiers.facts.source import KbFactsSource  # noqa: E402

TARGETS = {"accuracy": ">= 0.90", "supported_on_contradicted": "== 0", "negation_flip_rate": ">= 0.95",
           "contradicted_recall": ">= 0.9 (interaction + dose)", "contradicted_precision": ">= 0.9",
           "pairs": "hedged_right > fluent_wrong on every pair"}


def main() -> None:
    os.environ.setdefault("REWARDSTACK_KB_DIR", tempfile.mkdtemp(prefix="facts_accuracy_"))
    ensure_kb("medicine")
    claims = load_jsonl(pack_file("medicine", "claims.jsonl"))
    pairs = load_jsonl(pack_file("medicine", "pairs.jsonl"))
    results: dict[str, Any] = {"targets": TARGETS, "claims": len(claims), "pairs": len(pairs)}
    for name, linking in (("default", {}), ("embeddings_off", {"embeddings": "off"})):
        source = KbFactsSource(kb="medicine", linking=linking)
        report = claim_report(claims, predict_claims(source, claims))
        paired = pair_report(source, pairs)
        results[name] = {"fingerprint": source.fingerprint(), "splits": report,
                         "pairs": {k: paired[k] for k in ("n", "wins", "win_rate", "losses")}}
        source.close()
    held = results["default"]["splits"]["heldout"]
    results["meets_targets_heldout"] = (held["accuracy"] >= 0.9 and held["supported_on_contradicted"] == 0
                                        and held["negation_flip_rate"] >= 0.95
                                        and held["contradicted_recall"] >= 0.9
                                        and held["contradicted_precision"] >= 0.9
                                        and not results["default"]["pairs"]["losses"])
    payload = {"facts_accuracy": results}
    print(json.dumps({k: v for k, v in payload["facts_accuracy"].items() if k not in ("default", "embeddings_off")}))
    for name in ("default", "embeddings_off"):
        for split, figures in results[name]["splits"].items():
            print(name, split, json.dumps({k: v for k, v in figures.items() if k not in ("confusion",)}))
        print(name, "pairs", results[name]["pairs"]["wins"], "/", results[name]["pairs"]["n"])
    print("wrote", write_result("facts_accuracy", payload))


if __name__ == "__main__":
    main()
