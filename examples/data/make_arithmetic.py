"""Write the data of the PPO learning example (examples/ppo_math_tiny*.yaml; deterministic: seed 15).

    python examples/data/make_arithmetic.py      # rewrites the three files below

- ``arith_prompts.jsonl``: the task, eight single-digit additions ("What is 3 + 5?") with their
  answers as ``reference.answer``: the prompts PPO samples.
- ``arith_demos.jsonl``: SFT demonstrations, each problem's answer as a bare number (three copies).
  The warm start trains on them briefly (examples/ppo_math_tiny_sft.yaml): the model learns the
  format and answers right part of the time, which leaves PPO room to improve. (A sloppy
  demonstrator, right one time in three, was tried: tiny-lm then learns the answers' overall
  distribution and not which answer goes with which problem, and PPO cannot get past that.)
- ``arith_length_prefs.jsonl``: preference pairs for a reward model whose bias is length: two
  responses to an addition (right or wrong, short or padded with filler), the longer one always
  chosen whatever its correctness. A reward model trained on them rewards length, not arithmetic.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent
SEED = 15
PROBLEMS = 8
FILLERS = ("", "The answer is {n}.", "I added the two numbers: {n}.", "Sure! Adding them up gives {n}.",
           "Let me think step by step. The sum is {n}.",
           "Great question! Let me work it out carefully for you: the sum is {n}. I hope this helps!")


def _problems(rng: random.Random) -> list[tuple[int, int]]:
    pairs = [(a, b) for a in range(10) for b in range(10)]
    rng.shuffle(pairs)
    return pairs[:PROBLEMS]


def _write(name: str, rows: list[dict[str, object]]) -> None:
    (HERE / name).write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def _response(rng: random.Random, answer: int) -> str:
    n = answer if rng.random() < 0.5 else answer + rng.choice((-2, -1, 1, 2))
    template = rng.choice(FILLERS)
    return template.format(n=n) if template else str(n)


def _length_pairs(rng: random.Random, count: int) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    while len(rows) < count:
        a, b = rng.randrange(10), rng.randrange(10)
        first, second = _response(rng, a + b), _response(rng, a + b)
        if len(first) == len(second):
            continue
        longer, shorter = (first, second) if len(first) > len(second) else (second, first)
        rows.append({"prompt": f"What is {a} + {b}?", "chosen": longer, "rejected": shorter})
    return rows


def main() -> None:
    rng = random.Random(SEED)
    problems = _problems(rng)
    _write("arith_prompts.jsonl", [{"id": f"add-{a}-{b}", "prompt": f"What is {a} + {b}?", "domain": "math",
                                    "reference": {"answer": str(a + b)}} for a, b in problems])
    demos: list[dict[str, object]] = [{"prompt": f"What is {a} + {b}?", "response": str(a + b)}
             for a, b in problems for _ in range(3)]
    rng.shuffle(demos)
    _write("arith_demos.jsonl", demos)
    _write("arith_length_prefs.jsonl", _length_pairs(rng, 256))


if __name__ == "__main__":
    main()
