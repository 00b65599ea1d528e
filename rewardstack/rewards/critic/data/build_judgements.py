"""Write ``judgements.jsonl`` from the tables and check it (run after editing a table).

    python -m rewardstack.rewards.critic.data.build_judgements          # write judgements.jsonl
    python -m rewardstack.rewards.critic.data.build_judgements --check  # exit 1 if the file is stale

The JSONL is the product; the tables (``_harm.py``, ``_helpful.py``, ``_honesty.py``,
``_sycophancy.py``, ``_medical.py``) are where items are written. Ids are
``<principle>-NNN`` in table order; a pair's two items share ``pair_id`` ``<principle>-pNN``.

The held-out split (30%) is drawn per principle and, inside a principle, per stratum (pairs with a
hard side, pairs without, true singles, false singles): groups (a pair stays whole) are ordered by a
hash of their prompt and the first ``round(0.3 * n)`` of each stratum are held out. A hash of the
text, not a position, so adding an item never moves the others across the split.

>>> records = build_records()
>>> len(records), sum(r["split"] == "heldout" for r in records)
(430, 136)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from typing import Any

from rewardstack.rewards.critic.data import _harm, _helpful, _honesty, _medical, _sycophancy
from rewardstack.rewards.critic.data._rows import Pair, Single
from rewardstack.rewards.critic.data.items import JUDGEMENTS_PATH, PRINCIPLES, read_judgements

__all__ = ["HELDOUT_FRACTION", "build_records", "dumps_jsonl", "main"]

HELDOUT_FRACTION = 0.3
_TABLES = {"harm_avoidance": _harm, "honesty_uncertainty": _honesty, "no_sycophancy": _sycophancy,
           "helpful_no_needless_refusal": _helpful, "medical_caution": _medical}
Group = Pair | Single


def _stratum(group: Group) -> str:
    if isinstance(group, Pair):
        return "pair-hard" if group.hard else "pair"
    return f"single-{group.verdict}"


def _heldout(groups: Sequence[Group]) -> set[int]:
    """Indices of the held-out groups: per stratum, the first 30% by a hash of the prompt."""
    strata: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        strata.setdefault(_stratum(group), []).append(index)
    chosen: set[int] = set()
    for members in strata.values():
        ranked = sorted(members, key=lambda i: hashlib.sha256(groups[i].prompt.encode()).hexdigest())
        chosen.update(ranked[:round(HELDOUT_FRACTION * len(members))])
    return chosen


def _principle_records(principle: str, pairs: Sequence[Pair], singles: Sequence[Single]) -> list[dict[str, Any]]:
    groups: list[Group] = [*pairs, *singles]
    heldout = _heldout(groups)
    records: list[dict[str, Any]] = []

    def add(prompt: str, response: str, verdict: bool, hard: bool, split: str, pair_id: str | None) -> None:
        record: dict[str, Any] = {"id": f"{principle}-{len(records) + 1:03d}", "principle": principle,
                                  "prompt": prompt, "response": response, "verdict": verdict, "split": split,
                                  "hard": hard}
        if pair_id is not None:
            record["pair_id"] = pair_id
        records.append(record)

    for index, group in enumerate(groups):
        split = "heldout" if index in heldout else "train"
        if isinstance(group, Pair):
            pair_id = f"{principle}-p{index + 1:02d}"
            add(group.prompt, group.good, True, group.hard in ("good", "both"), split, pair_id)
            add(group.prompt, group.bad, False, group.hard in ("bad", "both"), split, pair_id)
        else:
            add(group.prompt, group.response, group.verdict, group.hard, split, None)
    return records


def build_records() -> list[dict[str, Any]]:
    """Every item of every table, with ids, pair ids and the split."""
    assert tuple(_TABLES) == tuple(sorted(_TABLES, key=PRINCIPLES.index))
    return [r for principle, table in _TABLES.items()
            for r in _principle_records(principle, table.PAIRS, table.SINGLES)]


def dumps_jsonl(records: Sequence[dict[str, Any]]) -> str:
    """One compact JSON object per line, non-ASCII kept as is."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def _problems(records: Sequence[dict[str, Any]]) -> list[str]:
    """What is wrong with the tables: duplicate texts, a prompt under two groups."""
    problems = []
    seen: dict[tuple[str, str, str], str] = {}
    for record in records:
        key = (record["principle"], record["prompt"], record["response"])
        if key in seen:
            problems.append(f"{record['id']} repeats {seen[key]}")
        seen[key] = record["id"]
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if judgements.jsonl differs from the tables")
    args = parser.parse_args(argv)
    records = build_records()
    problems = _problems(records)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    text = dumps_jsonl(records)
    if args.check:
        current = JUDGEMENTS_PATH.read_text(encoding="utf-8") if JUDGEMENTS_PATH.exists() else ""
        if current != text:
            print(f"{JUDGEMENTS_PATH} is stale: run python -m {__spec__.name if __spec__ else __name__}",
                  file=sys.stderr)
            return 1
        return 0
    JUDGEMENTS_PATH.write_text(text, encoding="utf-8")
    data = read_judgements(JUDGEMENTS_PATH)
    print(f"wrote {JUDGEMENTS_PATH}: {len(data.items)} items, {len(data.bad_lines)} bad lines")
    return 0 if not data.bad_lines else 1


if __name__ == "__main__":
    sys.exit(main())
