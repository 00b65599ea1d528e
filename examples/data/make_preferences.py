"""Write the example preference set for ``rewardstack data check`` (deterministic: seed 11).

    python examples/data/make_preferences.py      # rewrites the three files below

- ``preferences_labelled.jsonl``: 103 prompts (arithmetic, Python how-tos,
  health questions, prompts stating a popular myth), each pair judged by three
  or four of five labelers. ann, bruno, chen and dana are careful (6-12% slips);
  eli is careless and picks the worse response 40% of the time (in arithmetic
  the worse one is the longer one; in myths, the one agreeing with the user).
  A few bad lines are planted at the end (a copy, an identical pair, an empty
  response, broken JSON, a rating line, Latin-1 bytes) so the problems
  section has something to show.
- ``preferences_verified.jsonl``: ground truth for the arithmetic pairs (a
  checker can decide them): ``--verifiable``.
- ``deployment_prompts.jsonl``: what users asked after deployment: some like the
  training prompts, many about tax and contracts, which the training set
  never covers: ``--deployment``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent
SEED = 11
CAREFUL = {"ann": 0.06, "bruno": 0.10, "chen": 0.08, "dana": 0.12}
CARELESS = ("eli", 0.40)  # the planted unreliable labeler

MYTHS = [  # (claim, correction, flattering agreement)
    ("we only use 10% of our brains",
     "Brain imaging shows activity across virtually the whole brain, even during sleep.",
     "Most of the brain sits idle, which is why people talk about unlocking its hidden potential."),
    ("the Great Wall of China is visible from space with the naked eye",
     "It is long but only a few metres wide; astronauts report they cannot pick it out from orbit.",
     "It is the only human-made structure you can see from orbit."),
    ("cracking your knuckles causes arthritis",
     "Studies comparing habitual knuckle-crackers with others found no difference in arthritis rates.",
     "The repeated stress wears down the cartilage over the years."),
    ("goldfish have a three-second memory",
     "Goldfish can be trained to respond to signals and remember them for months.",
     "Their tiny brains cannot hold on to anything for longer than a few seconds."),
    ("sugar makes children hyperactive",
     "Double-blind trials found no behavioural difference between children given sugar and a placebo.",
     "The sugar rush makes kids bounce off the walls, so it is best avoided before bedtime."),
    ("lightning never strikes the same place twice",
     "Tall structures are struck repeatedly; the Empire State Building is hit about 20 times a year.",
     "Once a spot has been struck, the charge that attracted the bolt is gone."),
    ("bats are blind",
     "All bat species can see, and many fruit bats rely on their eyesight more than on echolocation.",
     "They rely entirely on echolocation because their eyes do not work."),
    ("antibiotics help you get over a cold faster",
     "Colds are caused by viruses, and antibiotics only act on bacteria.",
     "A short course of antibiotics usually clears a cold up in a couple of days."),
    ("shaving makes hair grow back thicker",
     "Shaving cuts the hair at a blunt angle, which can feel coarser, but it does not change thickness or growth.",
     "Cutting the hair stimulates the follicle to produce a thicker strand."),
    ("you should wait 24 hours before reporting a missing person",
     "Police ask for reports as soon as you are worried; the first hours matter most.",
     "Police cannot open a case until a full day has passed."),
]
BELIEF_TEMPLATES = ["I think {claim}. Is that right?", "Isn't it true that {claim}?",
                    "I've always heard that {claim}. Why is that?", "{Claim}, right?"]

HOWTOS = [  # (prompt, good answer, plausible but wrong answer)
    ("How do I reverse a list in Python?",
     "Use slicing for a reversed copy: `items[::-1]`. To reverse in place, call `items.reverse()`.",
     "Call `items.sort(reverse=True)`; it reverses the order of the list."),
    ("How do I read a file line by line in Python?",
     "Open it in a with block and iterate: `with open(path) as f: for line in f: ...` - the file is closed for you.",
     "Use `open(path).read()` and loop over the result; Python gives you one line per iteration."),
    ("How can I check whether a key exists in a Python dict?",
     "Use `key in mapping`; it is a constant-time lookup.",
     "Use `mapping.has_key(key)`, the standard method for this."),
    ("How do I remove duplicates from a list but keep the order?",
     "`list(dict.fromkeys(items))` keeps the first occurrence of each item in order.",
     "`list(set(items))` removes the duplicates and keeps the original order."),
    ("What does `git stash` do?",
     "It saves your uncommitted changes on a stack and cleans the working tree; `git stash pop` brings them back.",
     "It deletes your uncommitted changes permanently so you can start from the last commit."),
    ("How do I merge two dicts in Python 3.9+?",
     "Use the union operator: `merged = a | b` (values from `b` win on shared keys).",
     "Use `a + b`; dictionaries support addition since Python 3.9."),
    ("What is the difference between `==` and `is` in Python?",
     "`==` compares values; `is` checks that both names refer to the same object.",
     "They are the same; `is` is just the more readable spelling of `==`."),
    ("How do I get the current date in Python?",
     "`from datetime import date; date.today()` returns today's date.",
     "`import time; time.date()` returns the current date as a string."),
]
HEALTH = [
    ("What is a normal resting heart rate for adults?",
     "For most adults it is between 60 and 100 beats per minute; trained athletes can be lower.",
     "Anywhere between 110 and 150 beats per minute is normal at rest."),
    ("How much water should an adult drink per day?",
     "Needs vary; about 2-3 litres of fluid a day from all sources is typical, more in heat or with exercise.",
     "Everyone needs exactly eight glasses of water a day on top of other drinks, regardless of size or activity."),
    ("Can I take ibuprofen on an empty stomach?",
     "It can irritate the stomach; taking it with food or milk lowers that risk. "
     "Ask a pharmacist if you take it often.",
     "Yes, it is best on an empty stomach because it is absorbed faster and has no side effects."),
    ("How long should I wash my hands?",
     "At least 20 seconds with soap, covering the backs of the hands, between the fingers and under the nails.",
     "A quick 3-second rinse is enough as long as the water is hot."),
    ("Is a fever of 38 C dangerous for an adult?",
     "Usually not on its own; rest and fluids help. Seek care if it lasts over three days, goes above 39.5 C, "
     "or comes with a stiff neck, confusion or trouble breathing.",
     "Yes, any fever above 37 C is a medical emergency and needs an ambulance."),
]
DEPLOYMENT = [
    "Can I deduct my home office on my tax return if I rent?",
    "What happens if I miss the deadline to file my taxes?",
    "Is a verbal agreement legally binding?",
    "How do I terminate a residential lease early?",
    "Do I have to pay tax on money I earn from selling old furniture online?",
    "What should a freelance contract include?",
    "Can my landlord keep my deposit for normal wear and tear?",
    "How are capital gains on shares taxed?",
    "What is the difference between a will and a trust?",
    "How do I dispute a parking fine?",
    "Is an email signature enough to sign a contract?",
    "Can I claim travel expenses for commuting to my office?",
    "What is 23 x 19?",
    "How do I sort a dict by value in Python?",
    "What is a normal blood pressure for adults?",
    "How do I split a string on commas in Python?",
]


def _math_item(rng: random.Random) -> tuple[str, str, str]:
    a, b = rng.randint(12, 99), rng.randint(12, 99)
    right = a * b
    wrong = right + rng.choice([-10, 10, -100, 100, 1])
    prompt = f"What is {a} x {b}?"
    good = rng.choice([f"{a} x {b} = {right}.", f"The product is {right}.", f"It's {right}."])
    # the wrong answer is dressed up with working: longer, confident, wrong
    bad = rng.choice(["Let's work it out step by step.", "Step by step:", "Splitting the second factor:"]) + (
        f" {a} x {b} = {a} x {b // 10 * 10} + {a} x {b % 10}. Adding the partial products carefully gives "
        f"{wrong}. So the answer is {wrong}.")
    return prompt, good, bad


def _myth_item(rng: random.Random, claim: str, correction: str, agreement: str) -> tuple[str, str, str]:
    template = rng.choice(BELIEF_TEMPLATES)
    prompt = template.format(claim=claim, Claim=claim[0].upper() + claim[1:])
    good = rng.choice(["Actually, that's a common misconception.", "No, that's a myth.", "Not quite."])
    bad = rng.choice(["Yes, you're right!", "You're right:", "Absolutely."])
    return prompt, f"{good} {correction}", f"{bad} {agreement}"


def _items(rng: random.Random) -> list[tuple[str, str, str]]:
    items = [_math_item(rng) for _ in range(80)]
    items += [_myth_item(rng, *myth) for myth in MYTHS]
    items += HOWTOS + HEALTH
    rng.shuffle(items)
    return items


def _judgements(items: list[tuple[str, str, str]], rng: random.Random) -> list[dict[str, object]]:
    lines = []
    everyone = [*CAREFUL, CARELESS[0]]
    for prompt, good, bad in items:
        for labeler in rng.sample(everyone, rng.choice([3, 4, 4])):
            slip = CARELESS[1] if labeler == CARELESS[0] else CAREFUL[labeler]
            chosen = bad if rng.random() < slip else good
            rejected = bad if chosen == good else good
            lines.append({"prompt": prompt, "chosen": chosen, "rejected": rejected, "labeler": labeler})
    return lines


def _bad_lines(first: dict[str, object]) -> list[bytes]:
    return [
        json.dumps(first).encode(),  # the same judgement twice
        json.dumps({"prompt": "What is 2 x 2?", "chosen": "4", "rejected": "4", "labeler": "bruno"}).encode(),
        json.dumps({"prompt": "Is coffee bad for you?", "chosen": "In moderation it is fine for most adults.",
                    "rejected": "  ", "labeler": "dana"}).encode(),
        b'{"prompt": "What is 7 x 8?", "chosen": "56", "rejected": "54", "labeler": "ann"',  # cut off
        json.dumps({"item": "q17", "labeler": "chen", "label": 4}).encode(),  # a rating in a preference file
        '{"prompt": "Caf\u00e9 or tea?", "chosen": "Tea.", "rejected": "Coffee.", "labeler": "eli"}'.encode("latin-1"),
    ]


def main() -> None:
    rng = random.Random(SEED)
    items = _items(rng)
    judgements = _judgements(items, rng)
    with open(HERE / "preferences_labelled.jsonl", "wb") as out:
        for line in judgements:
            out.write(json.dumps(line).encode() + b"\n")
        for raw in _bad_lines(judgements[0]):
            out.write(raw + b"\n")
    with open(HERE / "preferences_verified.jsonl", "w") as out:
        for prompt, good, bad in items:
            if prompt.startswith("What is ") and " x " in prompt:
                out.write(json.dumps({"prompt": prompt, "chosen": good, "rejected": bad}) + "\n")
    with open(HERE / "deployment_prompts.jsonl", "w") as out:
        for prompt in DEPLOYMENT:
            out.write(json.dumps({"prompt": prompt}) + "\n")


if __name__ == "__main__":
    main()
