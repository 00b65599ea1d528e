"""Write a small synthetic preference set with a known rule, and a held-out set built from other words.

The rule: a prompt asks for an item of a category ("Name a fruit."); the chosen
response names an item of that category, the rejected one an item of another
category ("A banana." over "A hammer."). Training pairs use one list of words
per category, held-out pairs only words never seen in training ("A mango." over
"An axe."), so a model can only score well on them by knowing what the words
mean: a pretrained encoder (all-MiniLM-L6-v2) learns the rule in a few dozen
steps on a CPU; a randomly initialised one cannot transfer it.

Each pair names one of three labelers (``ann``, ``bob``, ``cy``) so the report
shows per-labeler accuracy; the labels themselves are all correct.

Run:  .venv/bin/python examples/preference/make_pairs.py            # writes train.jsonl and heldout.jsonl here
      .venv/bin/python examples/preference/make_pairs.py --out DIR --train 320 --heldout 200 --seed 0
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

# category -> (training words, held-out words); no word is in two categories
CATEGORIES: dict[str, tuple[list[str], list[str]]] = {
    "fruit": (["apple", "banana", "cherry", "grape", "lemon", "pear", "plum", "strawberry"],
              ["mango", "peach", "apricot", "melon", "kiwi", "pineapple"]),
    "animal": (["dog", "cat", "horse", "cow", "sheep", "lion", "tiger", "rabbit"],
               ["zebra", "wolf", "bear", "goat", "fox", "deer"]),
    "tool": (["hammer", "saw", "wrench", "drill", "screwdriver", "chisel", "pliers", "shovel"],
             ["axe", "rake", "spanner", "crowbar", "trowel", "mallet"]),
    "colour": (["red", "blue", "green", "yellow", "purple", "pink", "brown", "black"],
               ["violet", "grey", "white", "crimson", "teal", "turquoise"]),
    "vehicle": (["car", "bus", "truck", "bicycle", "train", "boat", "plane", "tractor"],
                ["van", "taxi", "ship", "scooter", "tram", "motorcycle"]),
    "drink": (["water", "tea", "coffee", "milk", "juice", "wine", "beer", "soda"],
              ["lemonade", "cocoa", "cider", "whisky", "smoothie", "espresso"]),
}
PROMPTS = ["Name a {category}.", "Can you tell me one {category}?", "Give me an example of a {category}.",
           "What is a {category}? One word is enough."]
RESPONSES = ["{a} {word}.", "How about {a} {word}?", "I would say {word}.", "{Word} is one."]
LABELERS = ["ann", "bob", "cy"]


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def _response(rng: random.Random, word: str) -> str:
    text = rng.choice(RESPONSES).format(a=_article(word), word=word, Word=word.capitalize())
    return text[0].upper() + text[1:]


def make_pairs(n: int, *, heldout: bool, seed: int) -> list[dict[str, str]]:
    """``n`` pairs following the rule, from the training words (or the held-out words)."""
    rng = random.Random(seed)
    side = 1 if heldout else 0
    names = sorted(CATEGORIES)
    pairs = []
    for i in range(n):
        category = rng.choice(names)
        other = rng.choice([c for c in names if c != category])
        good, bad = rng.choice(CATEGORIES[category][side]), rng.choice(CATEGORIES[other][side])
        pairs.append({"prompt": rng.choice(PROMPTS).format(category=category), "chosen": _response(rng, good),
                      "rejected": _response(rng, bad), "labeler": LABELERS[i % len(LABELERS)]})
    return pairs


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--train", type=int, default=320)
    parser.add_argument("--heldout", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out / "train.jsonl", make_pairs(args.train, heldout=False, seed=args.seed))
    write_jsonl(args.out / "heldout.jsonl", make_pairs(args.heldout, heldout=True, seed=args.seed + 1))
    print(f"wrote {args.train} training and {args.heldout} held-out pairs to {args.out}")


if __name__ == "__main__":
    main()
