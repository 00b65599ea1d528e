"""Write the medicine pack's JSONL files from its tables and check them (run after editing a table).

    python -m rewardstack.verifiers.facts.packs.medicine.build_pack          # write kb/claims/pairs.jsonl
    python -m rewardstack.verifiers.facts.packs.medicine.build_pack --check  # exit 1 if a file is stale

The committed JSONL files are the product; the tables are where they are edited: entities
(``_entities.py``), facts (``_facts.py``, ``_links.py``), claims (``_claims_*.py``) and pairs
(``_pairs_data.py``). Building checks the KB (ids, references, alias clashes, units, duplicates),
labels every claim and pair response by the rules of ``_semantics.py`` and refuses a hand label
that disagrees, a text that does not name the entities its reading uses, and a made-up name close
to a KB name.

>>> files = build_files()
>>> sorted(files)
['claims.jsonl', 'kb.jsonl', 'pairs.jsonl']
>>> files["kb.jsonl"].count("\\n") > 400
True
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from rewardstack.verifiers.facts.packs.medicine._claims import claim_records
from rewardstack.verifiers.facts.packs.medicine._kb import check_kb, kb_records
from rewardstack.verifiers.facts.packs.medicine._pairs import pair_records

__all__ = ["PACK_DIR", "build_files", "dumps_jsonl", "main"]

PACK_DIR = Path(__file__).parent


def dumps_jsonl(records: list[dict[str, Any]]) -> str:
    """One compact JSON object per line, non-ASCII kept as is, a newline after the last.

    >>> dumps_jsonl([{"a": 1}, {"b": "µg"}])
    '{"a": 1}\\n{"b": "µg"}\\n'
    """
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def build_files() -> dict[str, str]:
    """File name -> the text it must hold, after every check passed (ValueError names the problems)."""
    kb = kb_records()
    check_kb(kb)
    return {"kb.jsonl": dumps_jsonl(kb), "claims.jsonl": dumps_jsonl(claim_records(kb)),
            "pairs.jsonl": dumps_jsonl(pair_records(kb))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare the committed files with a fresh build")
    args = parser.parse_args(argv)
    stale = []
    for name, text in build_files().items():
        path = PACK_DIR / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path} ({text.count(chr(10))} lines)")
    if stale:
        print(f"stale: {', '.join(stale)} (run build_pack without --check)", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
