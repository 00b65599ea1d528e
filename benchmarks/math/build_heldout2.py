# ruff: noqa: E501  (a data table: one labelled pair per line reads better than wrapped)
"""Write benchmarks/math/heldout2.jsonl: a second held-out set, in the style of real model outputs.

Written after the fixes prompted by heldout.jsonl, labelled by mathematical
judgement only, evaluated once (result recorded as-is in
benchmarks/results/math_checker_heldout2.json). Same conventions as build_pairs.py.

Run: ``python benchmarks/math/build_heldout2.py``.
"""

from __future__ import annotations

from pathlib import Path

from pairs_io import write_heldout

T, F = True, False
OUT = Path(__file__).with_name("heldout2.jsonl")
MINERVA = "Final Answer: The final answer is ${a}$. I hope it is correct."

PAIRS: list[tuple[str, str, str, bool]] = [
    ("prose", "Let's compute. 3 * 4 = 12, plus 5 gives 17.\n\nThe answer is 17.", "17", T),
    ("prose", "Adding gives 17, so the value is $\\boxed{17}$", "We add: $12 + 5 = \\boxed{17}$.", T),
    ("prose", "We find $x = \\frac{5}{2}$.", "2.5", T),
    ("fraction", "The probability is \\boxed{\\frac{5}{36}}.", "\\frac{5}{36}", T),
    ("fraction", "The probability is \\boxed{\\frac{5}{36}}.", "\\frac{1}{6}", F),
    ("integer", "Therefore, $a+b+c = \\boxed{12}$.", "12", T),
    ("radical", MINERVA.format(a="\\frac{\\sqrt{3}}{3}"), "\\frac{1}{\\sqrt{3}}", T),
    ("radical", MINERVA.format(a="\\frac{\\sqrt{3}}{2}"), "\\frac{1}{\\sqrt{3}}", F),
    ("list", "The roots are $\\boxed{-3, 1}$.", "1, -3", T),
    ("list", "The roots are $\\boxed{-3, 1}$.", "-1, 3", F),
    ("integer", "So $f^{-1}(4) = \\boxed{2}$.", "2", T),
    ("radical", "The area of the triangle is $\\boxed{6\\sqrt{3}}$ square units.", "6\\sqrt3", T),
    ("radical", "The area of the triangle is $\\boxed{3\\sqrt{6}}$ square units.", "6\\sqrt3", F),
    ("union", "Hence the domain is $\\boxed{[-2, 3) \\cup (3, \\infty)}$.", "[-2,3)\\cup(3,\\infty)", T),
    ("union", "Hence the domain is $\\boxed{[-2, \\infty)}$.", "[-2,3)\\cup(3,\\infty)", F),
    ("tuple", "The vertex is at $\\boxed{(2, -1)}$.", "(2,-1)", T),
    ("tuple", "The vertex is at $\\boxed{(-1, 2)}$.", "(2,-1)", F),
    ("matrix", "The matrix is $\\boxed{\\begin{pmatrix} 2 & -1 \\\\ 1 & 0 \\end{pmatrix}}$.", "\\begin{pmatrix}2&-1\\\\1&0\\end{pmatrix}", T),
    ("choice", "The answer is \\boxed{\\textbf{(E)}}", "\\text{(E)}", T),
    ("choice", "so the answer is (A) $12$.", "A", T),
    ("gsm8k", "#### 18", "18", T),
    ("gsm8k", "Janet has 16 - 3 - 4 = 9 eggs left and sells them for 9 * 2 = $18 every day.\n#### 18", "18", T),
    ("gsm8k", "Janet has 16 - 3 - 4 = 9 eggs left and sells them for 9 * 2 = $18 every day.\n#### 20", "18", F),
    ("integer", "The number of ways is $\\binom{6}{2} = \\boxed{15}$.", "15", T),
    ("integer", "The remainder is \\boxed{4}.", "4", T),
    ("integer", "The remainder is \\boxed{3}.", "4", F),
    ("radical", "The length is $\\boxed{\\sqrt{34}}$ units.", "\\sqrt{34}", T),
    ("expression", "$\\boxed{x^2 - 4x + 3}$", "(x-1)(x-3)", T),
    ("expression", "$\\boxed{x^2 - 4x - 3}$", "(x-1)(x-3)", F),
    ("interval", "The solution set is $\\{x \\mid x > 2\\}$", "(2, \\infty)", T),
    ("choice", "The answer is $\\boxed{\\text{C}}$", "C", T),
    ("decimal", "$\\boxed{0.75}$", "\\frac34", T),
    ("percent", "$\\boxed{75\\%}$", "\\frac34", T),
    ("percent", "$\\boxed{\\frac{3}{4}}$", "75\\%", T),
    ("percent", "$\\boxed{7.5\\%}$", "\\frac34", F),
    ("pi_e", "The period is $\\boxed{2\\pi}$.", "2\\pi", T),
    ("pi_e", "The period is $\\boxed{\\pi}$.", "2\\pi", F),
    ("degrees", "$\\boxed{\\frac{\\pi}{4}}$", "45^\\circ", T),
    ("degrees", "$\\boxed{135^\\circ}$", "\\frac{3\\pi}{4}", T),
    ("degrees", "$\\boxed{\\frac{\\pi}{4}}$", "135^\\circ", F),
    ("equation", "$\\boxed{y = \\frac{3}{4}x + 2}$", "3x - 4y + 8 = 0", T),
    ("equation", "$\\boxed{y = \\frac{4}{3}x + 2}$", "3x - 4y + 8 = 0", F),
    ("equation", "$\\boxed{(x-2)^2 + (y+3)^2 = 16}$", "(x-2)^2+(y+3)^2=16", T),
    ("equation", "$\\boxed{(x-2)^2 + (y+3)^2 = 4}$", "(x-2)^2+(y+3)^2=16", F),
    ("expression", "$\\boxed{\\dfrac{n(n-1)}{2}}$", "\\binom{n}{2}", T),
    ("expression", "$\\boxed{2^{n-1}}$", "\\frac{2^n}{2}", T),
    ("expression", "$\\boxed{2^{n+1}}$", "\\frac{2^n}{2}", F),
    ("fraction", "$\\boxed{-\\frac{1}{2}}$", "-0.5", T),
    ("fraction", "$\\boxed{\\frac{1}{2}}$", "-0.5", F),
    ("radical", "$\\boxed{1 + \\sqrt{2}}$", "\\frac{1}{\\sqrt{2}-1}", T),
    ("radical", "$\\boxed{\\sqrt{2} - 1}$", "\\frac{1}{\\sqrt{2}-1}", F),
    ("pi_e", "$\\boxed{e^{2}}$", "e^2", T),
    ("complex", "$\\boxed{5i}$", "\\sqrt{-25}", T),
    ("complex", "$\\boxed{-5i}$", "\\sqrt{-25}", F),
    ("set", "$\\boxed{\\{-2, 2\\}}$", "\\pm 2", T),
    ("set", "$\\boxed{2}$", "\\pm 2", F),
    ("inequality", "$\\boxed{x \\le 4}$", "(-\\infty, 4]", T),
    ("inequality", "$\\boxed{x < 4}$", "(-\\infty, 4]", F),
    ("text", "$\\boxed{\\text{no real solutions}}$", "\\text{no real solutions}", T),
    ("integer", "$\\boxed{1{,}024}$", "1024", T),
    ("integer", "$\\boxed{1\\,024}$", "1024", T),
    ("integer", "$\\boxed{1.024}$", "1024", F),
    ("units", "$\\boxed{10}$ cm", "10\\text{ cm}", T),
    ("units", "$\\boxed{100}$", "10\\text{ cm}", F),
    ("prose", "The final answer is 42", "42", T),
    ("prose", "The final answer is 41", "42", F),
    ("list", "$\\boxed{(1, 2) \\text{ and } (3, 4)}$", "(3,4), (1,2)", T),
    ("radical", "$\\boxed{3\\sqrt{2}/2}$", "\\frac{3}{\\sqrt2}", T),
    ("radical", "$\\boxed{\\frac{3\\sqrt{2}}{4}}$", "\\frac{3}{\\sqrt2}", F),
    ("equation", "$\\boxed{a=2, b=-3}$", "(2,-3)", T),
    ("equation", "$\\boxed{a=-3, b=2}$", "(2,-3)", F),
    ("equation", "$\\boxed{b=-3, a=2}$", "(2,-3)", T),
    ("fraction", "$\\boxed{\\frac{1}{4}}$", "0.25", T),
    ("fraction", "$\\boxed{0.2}$", "\\frac{1}{4}", F),
    ("inequality", "$\\boxed{-2 < x < 2}$", "|x| < 2", T),
    ("inequality", "$\\boxed{-2 < x \\le 2}$", "|x| < 2", F),
    ("integer", "$\\boxed{8}$", "2^3", T),
]


def main() -> None:
    write_heldout(PAIRS, "heldout2-", OUT)


if __name__ == "__main__":
    main()
