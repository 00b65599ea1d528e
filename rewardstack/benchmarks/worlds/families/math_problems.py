"""Generated arithmetic and algebra problems, each with its worked solution and typical wrong ones.

Every problem knows its exact answer (computed here with integers and ``Fraction``) and a few
wrong answers of the kinds models produce: an intermediate quantity, an off-by-one, an
order-of-operations or sign slip, the classic wrong fraction sum, a forgotten term. Each
answer, right or wrong, carries the worked steps that lead to it, so a rendered solution is
internally consistent (a slip shows in a step, not as a random final number).

>>> import numpy as np
>>> p = make_problem(np.random.default_rng(0), "linear")
>>> p.kind, len(p.wrongs) >= 2, p.answer.correct
('linear', True, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = ["KINDS", "Answer", "Problem", "make_problem"]


@dataclass(frozen=True)
class Answer:
    """One final answer with the work that leads to it."""

    plain: str  # as written in prose ("17/12", "29")
    latex: str  # inside $...$ or \boxed{} ("\frac{17}{12}")
    steps: tuple[str, ...]  # worked steps, one sentence each
    chain: str | None  # a one-line worked chain ending in the answer ("50 - 21 = 29"), if natural
    correct: bool
    slip: str = ""  # what went wrong (empty when correct)


@dataclass(frozen=True)
class Problem:
    kind: str
    question: str
    reference: str  # what sample.reference["answer"] holds
    answer: Answer
    wrongs: tuple[Answer, ...]


def _frac(f: Fraction) -> tuple[str, str]:
    if f.denominator == 1:
        return str(f.numerator), str(f.numerator)
    sign = "-" if f < 0 else ""
    return f"{f.numerator}/{f.denominator}", f"{sign}\\frac{{{abs(f.numerator)}}}{{{f.denominator}}}"


def _int(n: int, steps: tuple[str, ...], chain: str | None, correct: bool, slip: str = "") -> Answer:
    return Answer(str(n), str(n), steps, chain, correct, slip)


def _change(rng: np.random.Generator) -> Problem:
    price, qty = int(rng.integers(2, 9)), int(rng.integers(3, 9))
    bill = int(rng.choice([20, 50, 100])) if price * qty < 20 else int(rng.choice([50, 100]))
    cost = price * qty
    name = str(rng.choice(["Maya", "Tom", "Priya", "Leo", "Ana", "Sam"]))
    item = str(rng.choice(["pens", "notebooks", "apples", "stickers", "candles"]))
    q = f"{name} buys {qty} {item} at ${price} each and pays with a ${bill} bill. "
    q += f"How much change does {name} get, in dollars?"
    right = _int(
        bill - cost,
        (
            f"The {item} cost {qty} × {price} = {cost} dollars.",
            f"The change is {bill} - {cost} = {bill - cost} dollars.",
        ),
        f"{bill} - {qty} × {price} = {bill} - {cost} = {bill - cost}",
        True,
    )
    slip = cost + int(rng.choice([-2, 2, 3]))
    wrongs = (
        _int(
            cost,
            (f"The {item} cost {qty} × {price} = {cost} dollars.",),
            f"{qty} × {price} = {cost}",
            False,
            "intermediate",
        ),
        _int(
            bill - price * (qty - 1),
            (
                f"The {item} cost {qty - 1} × {price} = {price * (qty - 1)} dollars.",
                f"The change is {bill} - {price * (qty - 1)} = {bill - price * (qty - 1)} dollars.",
            ),
            f"{bill} - {price * (qty - 1)} = {bill - price * (qty - 1)}",
            False,
            "off_by_one",
        ),
        _int(
            bill - slip,
            (
                f"The {item} cost {qty} × {price} = {slip} dollars.",
                f"The change is {bill} - {slip} = {bill - slip} dollars.",
            ),
            f"{bill} - {slip} = {bill - slip}",
            False,
            "arithmetic_slip",
        ),
    )
    return Problem("change", q, str(bill - cost), right, wrongs)


def _order(rng: np.random.Generator) -> Problem:
    a, b, c = (int(x) for x in rng.integers(2, 13, size=3))
    q = f"Compute {a} + {b} × {c}."
    right = _int(
        a + b * c,
        (f"Multiplication comes first: {b} × {c} = {b * c}.", f"Then {a} + {b * c} = {a + b * c}."),
        f"{a} + {b} × {c} = {a} + {b * c} = {a + b * c}",
        True,
    )
    wrongs = (
        _int(
            (a + b) * c,
            (f"First {a} + {b} = {a + b}.", f"Then {a + b} × {c} = {(a + b) * c}."),
            f"({a} + {b}) × {c} = {(a + b) * c}",
            False,
            "order_of_operations",
        ),
        _int(
            a + b * c + 1,
            (f"Multiplication comes first: {b} × {c} = {b * c + 1}.", f"Then {a} + {b * c + 1} = {a + b * c + 1}."),
            f"{a} + {b * c + 1} = {a + b * c + 1}",
            False,
            "arithmetic_slip",
        ),
        _int(
            b * c, (f"Multiplication comes first: {b} × {c} = {b * c}.",), f"{b} × {c} = {b * c}", False, "intermediate"
        ),
    )
    return Problem("order", q, str(a + b * c), right, wrongs)


def _fraction_sum(rng: np.random.Generator) -> Problem:
    b, d = (int(x) for x in rng.choice([2, 3, 4, 5, 6, 7, 8], size=2, replace=False))
    a, c = int(rng.integers(1, b)), int(rng.integers(1, d))
    total = Fraction(a, b) + Fraction(c, d)
    common = b * d
    plain, latex = _frac(total)
    q = f"What is {a}/{b} + {c}/{d}? Give the answer as a fraction in lowest terms."
    steps = (
        f"Use the common denominator {common}: {a}/{b} = {a * d}/{common} and {c}/{d} = {c * b}/{common}.",
        f"Adding gives {a * d + c * b}/{common}, which is {plain} in lowest terms.",
    )
    right = Answer(plain, latex, steps, f"{a}/{b} + {c}/{d} = {a * d}/{common} + {c * b}/{common} = {plain}", True)
    naive = Fraction(a + c, b + d)
    naive_plain, naive_latex = _frac(naive)
    prod = Fraction(a * c, b * d)
    prod_plain, prod_latex = _frac(prod)
    off = total + Fraction(1, common)
    off_plain, off_latex = _frac(off)
    wrongs = (
        Answer(
            naive_plain,
            naive_latex,
            (f"Add the numerators and the denominators: ({a} + {c})/({b} + {d}) = {naive_plain}.",),
            None,
            False,
            "added_denominators",
        ),
        Answer(
            prod_plain,
            prod_latex,
            (f"Multiply across: {a} × {c} over {b} × {d} gives {prod_plain}.",),
            None,
            False,
            "multiplied",
        ),
        Answer(
            off_plain,
            off_latex,
            (
                f"Use the common denominator {common}.",
                f"Adding gives {a * d + c * b + 1}/{common}, which is {off_plain} in lowest terms.",
            ),
            None,
            False,
            "arithmetic_slip",
        ),
    )
    return Problem("fraction_sum", q, latex, right, wrongs)


def _linear(rng: np.random.Generator) -> Problem:
    a, x = int(rng.integers(2, 10)), int(rng.integers(-6, 12))
    b = int(rng.integers(1, 20))
    c = a * x + b
    q = f"Solve for x: {a}x + {b} = {c}."
    right = Answer(
        str(x), f"x = {x}", (f"Subtract {b} from both sides: {a}x = {c - b}.", f"Divide by {a}: x = {x}."), None, True
    )
    sign = Fraction(c + b, a)
    sign_plain, sign_latex = _frac(sign)
    wrongs = (
        Answer(
            sign_plain,
            f"x = {sign_latex}",
            (f"Add {b} to both sides: {a}x = {c + b}.", f"Divide by {a}: x = {sign_plain}."),
            None,
            False,
            "sign_error",
        ),
        Answer(
            str((c - b) * a),
            f"x = {(c - b) * a}",
            (f"Subtract {b} from both sides: {a}x = {c - b}.", f"Multiply by {a}: x = {(c - b) * a}."),
            None,
            False,
            "wrong_operation",
        ),
        Answer(
            str(x + 1),
            f"x = {x + 1}",
            (f"Subtract {b} from both sides: {a}x = {c - b + a}.", f"Divide by {a}: x = {x + 1}."),
            None,
            False,
            "arithmetic_slip",
        ),
    )
    return Problem("linear", q, str(x), right, wrongs)


def _percent(rng: np.random.Generator) -> Problem:
    pct = int(rng.choice([5, 10, 15, 20, 25, 30, 40, 60, 75]))
    base = int(rng.integers(2, 30)) * 20
    value = pct * base // 100
    q = f"What is {pct}% of {base}?"
    right = _int(
        value, (f"{pct}% means {pct}/100.", f"{pct}/100 × {base} = {value}."), f"{pct}/100 × {base} = {value}", True
    )
    wrongs = (
        _int(
            pct * base // 10,
            (f"{pct}% means {pct}/10.", f"{pct}/10 × {base} = {pct * base // 10}."),
            None,
            False,
            "decimal_shift",
        ),
        _int(
            base - value,
            (f"{pct}/100 × {base} = {value}.", f"Taking it away leaves {base} - {value} = {base - value}."),
            f"{base} - {value} = {base - value}",
            False,
            "answered_remainder",
        ),
        _int(value + 5, (f"{pct}/100 × {base} = {value + 5}.",), None, False, "arithmetic_slip"),
    )
    return Problem("percent", q, str(value), right, wrongs)


def _poly(b: int, c: int) -> str:
    middle = "" if b == 0 else (f" + {b}x" if b > 0 else f" - {-b}x")
    middle = middle.replace(" 1x", " x")
    const = "" if c == 0 else (f" + {c}" if c > 0 else f" - {-c}")
    return f"x^2{middle}{const}"


def _expand(rng: np.random.Generator) -> Problem:
    p, r = (int(v) for v in rng.choice([-5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6, 7], size=2, replace=False))
    left = f"(x {'+' if p > 0 else '-'} {abs(p)})(x {'+' if r > 0 else '-'} {abs(r)})"
    q = f"Expand {left}."
    ans = _poly(p + r, p * r)
    right = Answer(
        ans, ans, (f"The x terms give {p}x + {r}x = {p + r}x.", f"The constant is {p} × {r} = {p * r}."), None, True
    )
    wrongs = (
        Answer(
            _poly(0, p * r),
            _poly(0, p * r),
            (f"Multiply the first terms and the last terms: x^2 and {p * r}.",),
            None,
            False,
            "forgot_middle_term",
        ),
        Answer(
            _poly(p + r, p + r),
            _poly(p + r, p + r),
            (f"The x terms give {p + r}x.", f"The constant is {p} + {r} = {p + r}."),
            None,
            False,
            "added_constants",
        ),
        Answer(
            _poly(p - r, p * r),
            _poly(p - r, p * r),
            (f"The x terms give {p}x - {r}x = {p - r}x.", f"The constant is {p * r}."),
            None,
            False,
            "sign_error",
        ),
    )
    return Problem("expand", q, ans, right, wrongs)


def _word_total(rng: np.random.Generator) -> Problem:
    start, bags, per, eaten = (
        int(rng.integers(3, 15)),
        int(rng.integers(2, 6)),
        int(rng.integers(3, 9)),
        int(rng.integers(1, 6)),
    )
    total = start + bags * per - eaten
    name = str(rng.choice(["Jo", "Ravi", "Mia", "Ken", "Zoe"]))
    q = (
        f"{name} has {start} apples, buys {bags} bags with {per} apples in each bag, and then eats {eaten} apples. "
        "How many apples does " + name + " have now?"
    )
    right = _int(
        total,
        (
            f"The bags hold {bags} × {per} = {bags * per} apples.",
            f"{start} + {bags * per} = {start + bags * per}.",
            f"After eating {eaten}: {start + bags * per} - {eaten} = {total}.",
        ),
        f"{start} + {bags} × {per} - {eaten} = {start} + {bags * per} - {eaten} = {total}",
        True,
    )
    wrongs = (
        _int(
            start + bags * per,
            (f"The bags hold {bags} × {per} = {bags * per} apples.", f"{start} + {bags * per} = {start + bags * per}."),
            f"{start} + {bags * per} = {start + bags * per}",
            False,
            "forgot_step",
        ),
        _int(
            start + bags + per - eaten,
            (
                f"{start} + {bags} + {per} = {start + bags + per}.",
                f"{start + bags + per} - {eaten} = {start + bags + per - eaten}.",
            ),
            None,
            False,
            "wrong_operation",
        ),
        _int(
            total + 1,
            (
                f"The bags hold {bags} × {per} = {bags * per + 1} apples.",
                f"{start} + {bags * per + 1} - {eaten} = {total + 1}.",
            ),
            None,
            False,
            "arithmetic_slip",
        ),
    )
    return Problem("word_total", q, str(total), right, wrongs)


_MAKERS: dict[str, Callable[[np.random.Generator], Problem]] = {
    "change": _change, "order": _order, "fraction_sum": _fraction_sum, "linear": _linear, "percent": _percent,
    "expand": _expand, "word_total": _word_total,
}  # fmt: skip
KINDS = tuple(_MAKERS)


def _value(plain: str) -> Fraction | str:
    try:
        return Fraction(plain)
    except ValueError:
        return plain.replace(" ", "")


def make_problem(rng: np.random.Generator, kind: str) -> Problem:
    """A fresh problem of ``kind`` (one of :data:`KINDS`); wrong answers equal to the right one are dropped."""
    problem = _MAKERS[kind](rng)
    right = _value(problem.answer.plain)
    wrongs = tuple(w for w in problem.wrongs if _value(w.plain) != right)
    return Problem(problem.kind, problem.question, problem.reference, problem.answer, wrongs)
