"""Writing labelled (prediction, reference, verdict) pairs as JSONL, shared by the set builders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Pair = tuple[str, str, str, bool]  # (type, prediction, reference, equivalent?)


def labelled_rows(pairs: list[Pair], id_prefix: str = "") -> list[dict[str, Any]]:
    return [
        {"id": f"{id_prefix}{kind}-{i:03d}", "type": kind, "prediction": pred, "reference": ref, "verdict": label}
        for i, (kind, pred, ref, label) in enumerate(pairs)
    ]


def write_rows(rows: list[dict[str, Any]], out: Path) -> None:
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


def write_heldout(pairs: list[Pair], id_prefix: str, out: Path) -> None:
    """Write a held-out set and say how many pairs (and positives) it has."""
    rows = labelled_rows(pairs, id_prefix)
    write_rows(rows, out)
    print(f"wrote {len(rows)} pairs ({sum(r['verdict'] for r in rows)} equivalent) to {out}")
