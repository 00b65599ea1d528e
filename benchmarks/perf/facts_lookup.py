"""KB lookups on a generated 1,000,000-fact KB, side by side with the medicine pack (~600 facts), in one run.

The generated KB has the pack's shape at scale: 100,000 drugs in 1,000 classes (``is_a``), ~600,000
``interacts_with`` (drug-drug and drug-class), 200,000 ``max_daily_dose`` with qualifiers and 100,000
``contraindicated_with``; written as JSONL and imported with the real importer (``--embeddings off``).

Measured, interleaved in rounds over both KBs with the per-version fact cache cleared before every
lookup (so every number is an SQLite b-tree search, as for a first sight of a subject):

- ``facts``: the facts of one subject for one relation (``facts_sro`` index), drawn from the
  (subject, relation) keys that exist in that KB, so both KBs answer with facts;
- ``between``: an interaction check between two random drugs, both ends expanded to their
  classes, both directions (what a verdict on "X interacts with Y" costs);
- ``verdict``: a whole dose claim judged (facts, qualifiers, unit conversion) for a drug that has
  a daily limit in mg/day.

The cost of a lookup follows the facts it returns, not the size of the KB; ``facts_returned_mean``
says how many each returned on average.

Target (issue 12): p50 on the 1,000,000-fact KB within 3x of the pack's.

Run:  .venv/bin/python benchmarks/perf/facts_lookup.py [--facts 1000000 --lookups 20000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import write_result  # noqa: E402

from rewardstack.verifiers.facts.claims import Claim  # noqa: E402
from rewardstack.verifiers.facts.dose import DoseJudge  # noqa: E402
from rewardstack.verifiers.facts.importer import import_kb  # noqa: E402
from rewardstack.verifiers.facts.linking import Link, Mention  # noqa: E402
from rewardstack.verifiers.facts.packs_io import ensure_kb  # noqa: E402
from rewardstack.verifiers.facts.quantities import find_quantities  # noqa: E402
from rewardstack.verifiers.facts.rules import load_compiled  # noqa: E402
from rewardstack.verifiers.facts.store import KnowledgeBase, Snapshot  # noqa: E402

AVAILABILITY = ({"availability": "otc", "population": "adults"}, {"availability": "prescription",
                                                                   "population": "adults"})


def write_generated(path: Path, n_facts: int, seed: int = 0) -> dict[str, int]:
    """A JSONL import file of about ``n_facts`` facts (module docstring)."""
    rng = random.Random(seed)
    drugs, classes = n_facts // 10, max(10, n_facts // 1000)
    conditions = max(1, classes // 20)
    counts = {"is_a": 0, "interacts_with": 0, "max_daily_dose": 0, "contraindicated_with": 0}
    with path.open("w") as out:
        def fact(row: dict[str, Any]) -> None:
            counts[row["relation"]] += 1
            out.write(json.dumps({"type": "fact", **row, "citation": f"generated {row['relation']}"}) + "\n")

        for c in range(classes):
            out.write(json.dumps({"type": "entity", "id": f"class{c}", "name": f"class {c}",
                                  "entity_type": "drug_class", "aliases": [f"class {c} drugs"]}) + "\n")
        for c in range(conditions):
            out.write(json.dumps({"type": "entity", "id": f"cond{c}", "name": f"condition {c}",
                                  "entity_type": "condition"}) + "\n")
        for d in range(drugs):
            out.write(json.dumps({"type": "entity", "id": f"drug{d}", "name": f"drug {d}", "entity_type": "drug",
                                  "aliases": [f"brand{d}"]}) + "\n")
            fact({"subject": f"drug{d}", "relation": "is_a", "object": f"class{rng.randrange(classes)}"})
            for qualifiers in AVAILABILITY:
                fact({"subject": f"drug{d}", "relation": "max_daily_dose", "value": rng.choice([200, 400, 1200]),
                      "unit": "mg/day", "qualifiers": qualifiers})
            fact({"subject": f"drug{d}", "relation": "contraindicated_with",
                  "object": f"cond{rng.randrange(conditions)}"})
        while sum(counts.values()) < n_facts:
            other = f"class{rng.randrange(classes)}" if rng.random() < 0.1 else f"drug{rng.randrange(drugs)}"
            fact({"subject": f"drug{rng.randrange(drugs)}", "relation": "interacts_with", "object": other,
                  "qualifiers": {"severity": "major"}})
    return counts


ROWS: dict[str, list[int]] = {}  # "kb/kind" -> facts returned per lookup (cost follows rows, not KB size)


def _timed(run: Callable[[], Any], key: str) -> float:
    start = time.perf_counter_ns()
    found = run()
    elapsed = (time.perf_counter_ns() - start) / 1000.0
    ROWS.setdefault(key, []).append(len(found) if isinstance(found, tuple | list) else len(found.facts))
    return elapsed


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"p50_us": round(statistics.median(ordered), 1),
            "p99_us": round(ordered[int(0.99 * (len(ordered) - 1))], 1),
            "mean_us": round(statistics.fmean(ordered), 1), "n": len(ordered)}


class Probe:
    """Random lookups against one KB snapshot, with the per-version fact cache cleared each time."""

    def __init__(self, name: str, snapshot: Snapshot, seed: int):
        self.name, self.snapshot, self.rng = name, snapshot, random.Random(seed)
        index = snapshot.index
        self.drugs = sorted(e for e, (_, t) in index.entities.items() if t == "drug")
        # like for like in both KBs: lookups that find facts, doses of drugs that have a daily limit
        self.keys = [tuple(r) for r in snapshot.conn.execute(
            "SELECT DISTINCT subject, relation FROM facts WHERE relation IN ('interacts_with', 'max_daily_dose', "
            "'is_a') ORDER BY subject, relation")]
        self.dosed = [r[0] for r in snapshot.conn.execute(
            "SELECT DISTINCT subject FROM facts WHERE relation = 'max_daily_dose' AND unit = 'mg/day' ORDER BY 1")]
        rules = load_compiled("medicine")
        self.judge = DoseJudge(rules)
        (self.quantity,) = find_quantities("up to 800 mg a day")

    def _fresh(self) -> None:
        self.snapshot.index._facts.clear()
        self.snapshot.index._between.clear()
        self.snapshot.index._ancestors.clear()

    def facts(self) -> float:
        subject, relation = self.rng.choice(self.keys)
        self._fresh()
        return _timed(lambda: self.snapshot.facts(subject, relation), f"{self.name}/facts")

    def between(self) -> float:
        a, b = self.rng.choice(self.drugs), self.rng.choice(self.drugs)
        index = self.snapshot.index
        self._fresh()
        return _timed(lambda: self.snapshot.facts_between(index.ancestors(a), "interacts_with",
                                                          index.ancestors(b)), f"{self.name}/between")

    def verdict(self) -> float:
        drug = self.rng.choice(self.dosed)
        mention = Mention(drug, 0, len(drug), Link(drug, 1.0, "alias"), "drug")
        claim = Claim(kind="dose", relation="max_daily_dose", subject=mention, start=0, end=10, text="up to 800 mg",
                      quantity=self.quantity, dose_test="within")
        self._fresh()
        return _timed(lambda: self.judge.judge(self.snapshot, claim), f"{self.name}/verdict")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=20_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="facts_lookup_"))
    os.environ["REWARDSTACK_KB_DIR"] = str(folder)
    source = folder / "generated.jsonl"
    start = time.perf_counter()
    counts = write_generated(source, args.facts)
    written_s = time.perf_counter() - start
    imported = import_kb([source], folder / "generated.sqlite", name="generated", embeddings="off")
    assert imported is not None
    print(f"generated {sum(counts.values()):,} facts in {written_s:.1f} s, imported in {imported.seconds:.1f} s")
    kbs = {"pack": KnowledgeBase(ensure_kb("medicine", embeddings="off")),
           "generated": KnowledgeBase(folder / "generated.sqlite")}
    results: dict[str, Any] = {}
    with kbs["pack"].snapshot() as pack, kbs["generated"].snapshot() as generated:
        probes = {"pack": Probe("pack", pack, 1), "generated": Probe("generated", generated, 1)}
        times: dict[str, dict[str, list[float]]] = {k: {"facts": [], "between": [], "verdict": []} for k in probes}
        for _ in range(args.lookups // 100):  # interleaved rounds: both KBs see the same machine load
            for name, probe in probes.items():
                for kind in ("facts", "between", "verdict"):
                    times[name][kind] += [getattr(probe, kind)() for _ in range(100)]
        for name in probes:
            results[name] = {kind: {**_stats(values), "facts_returned_mean": round(
                statistics.fmean(ROWS[f"{name}/{kind}"]), 2)} for kind, values in times[name].items()}
        results["pack"]["facts_in_kb"] = pack.meta.facts
        results["generated"]["facts_in_kb"] = generated.meta.facts
    for kb in kbs.values():
        kb.close()
    ratios = {kind: round(results["generated"][kind]["p50_us"] / results["pack"][kind]["p50_us"], 2)
              for kind in ("facts", "between", "verdict")}
    payload = {"facts_lookup": {
        "generated": {"facts": counts, "write_jsonl_s": round(written_s, 1), "import_s": round(imported.seconds, 1),
                      "file_mib": round((folder / "generated.sqlite").stat().st_size / 2**20, 1)},
        "results": results, "p50_ratio_generated_over_pack": ratios, "target_ratio": 3.0,
        "meets_target": all(r <= 3.0 for r in ratios.values())}}
    print(json.dumps(payload, indent=1))
    print("wrote", write_result("facts_lookup", payload))
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()


if __name__ == "__main__":
    main()
