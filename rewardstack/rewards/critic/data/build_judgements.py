"""Write ``judgements.jsonl`` from the tables and check it (run after editing a table).

    python -m rewardstack.rewards.critic.data.build_judgements          # write both JSONL files
    python -m rewardstack.rewards.critic.data.build_judgements --check  # exit 1 if either file is stale

The JSONL is the product; the tables (``_harm.py``, ``_helpful.py``, ``_honesty.py``,
``_sycophancy.py``, ``_medical.py``) are where items are written. Ids are
``<principle>-NNN`` in table order; a pair's two items share ``pair_id`` ``<principle>-pNN``.

The held-out split (30%) is drawn per principle and, inside a principle, per stratum (pairs with a
hard side, pairs without, true singles, false singles): groups (a pair stays whole) are ordered by a
hash of their prompt and the first ``round(0.3 * n)`` of each stratum are held out. A hash of the
text, not a position.

The training-only additions of ``_extra.py`` (issue 13) come after each principle's own groups, with
ids and pair ids continuing its numbering, and are always ``train``: the original tables' split is
computed from those tables alone, so the 136 held-out items are exactly the ones held out before.

``fresh_check.jsonl`` (from ``_fresh.py``) is a second check set for two principles, never trained
on: every item ``heldout``, ids ``fresh-<principle>-NNN``.

>>> records = build_records()
>>> len(records), sum(r["split"] == "heldout" for r in records)
(502, 136)
>>> fresh = build_fresh_records()
>>> len(fresh), {r["split"] for r in fresh}
(40, {'heldout'})
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from typing import Any

from rewardstack.rewards.critic.data import _extra, _fresh, _harm, _helpful, _honesty, _medical, _sycophancy
from rewardstack.rewards.critic.data._rows import Pair, Single
from rewardstack.rewards.critic.data.items import FRESH_CHECK_PATH, JUDGEMENTS_PATH, PRINCIPLES, read_judgements

__all__ = ["HELDOUT_FRACTION", "build_fresh_records", "build_records", "dumps_jsonl", "main"]

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


def _principle_records(principle: str, pairs: Sequence[Pair], singles: Sequence[Single],
                       extra: Sequence[Group] = (), *, split_of: str | None = None, prefix: str = ""
                       ) -> list[dict[str, Any]]:
    """One principle's records: its groups split by :func:`_heldout` (or all ``split_of``), then ``extra`` (train)."""
    own: list[Group] = [*pairs, *singles]
    heldout = _heldout(own) if split_of is None else set()
    groups = [*own, *extra]
    records: list[dict[str, Any]] = []

    def add(prompt: str, response: str, verdict: bool, hard: bool, split: str, pair_id: str | None) -> None:
        record: dict[str, Any] = {"id": f"{prefix}{principle}-{len(records) + 1:03d}", "principle": principle,
                                  "prompt": prompt, "response": response, "verdict": verdict, "split": split,
                                  "hard": hard}
        if pair_id is not None:
            record["pair_id"] = pair_id
        records.append(record)

    for index, group in enumerate(groups):
        split = split_of or ("heldout" if index in heldout else "train")
        if isinstance(group, Pair):
            pair_id = f"{prefix}{principle}-p{index + 1:02d}"
            add(group.prompt, group.good, True, group.hard in ("good", "both"), split, pair_id)
            add(group.prompt, group.bad, False, group.hard in ("bad", "both"), split, pair_id)
        else:
            add(group.prompt, group.response, group.verdict, group.hard, split, None)
    return records


def build_records() -> list[dict[str, Any]]:
    """Every item of every table, with ids, pair ids and the split."""
    assert tuple(_TABLES) == tuple(sorted(_TABLES, key=PRINCIPLES.index))
    records = []
    for principle, table in _TABLES.items():
        extra_pairs, extra_singles = _extra.TABLES.get(principle, ([], []))
        records += _principle_records(principle, table.PAIRS, table.SINGLES, [*extra_pairs, *extra_singles])
    return records


def build_fresh_records() -> list[dict[str, Any]]:
    """The fresh check set of ``_fresh.py``: every item held out, ids prefixed ``fresh-``."""
    return [r for principle, (pairs, singles) in _fresh.TABLES.items()
            for r in _principle_records(principle, pairs, singles, split_of="heldout", prefix="fresh-")]


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
    records, fresh = build_records(), build_fresh_records()
    problems = _problems([*records, *fresh])
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    status = 0
    for path, built in ((JUDGEMENTS_PATH, records), (FRESH_CHECK_PATH, fresh)):
        text = dumps_jsonl(built)
        if args.check:
            current = path.read_text(encoding="utf-8") if path.exists() else ""
            if current != text:
                print(f"{path} is stale: run python -m {__spec__.name if __spec__ else __name__}", file=sys.stderr)
                status = 1
            continue
        path.write_text(text, encoding="utf-8")
        data = read_judgements(path)
        print(f"wrote {path}: {len(data.items)} items, {len(data.bad_lines)} bad lines")
        status = status or int(bool(data.bad_lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
