# ruff: noqa: E501  (a data table: one labelled pair per line reads better than wrapped)
"""Write benchmarks/math/heldout.jsonl: pairs written *after* the checker was frozen.

pairs.jsonl was written alongside the checker, so its score is in-sample.
These pairs were written later, labelled by mathematical judgement only, and
evaluated once; failures are reported, not tuned away. Predictions are whole
responses (free text). Same labelling conventions as build_pairs.py.

Run: ``python benchmarks/math/build_heldout.py``.
"""

from __future__ import annotations

from pathlib import Path

from pairs_io import write_heldout

T, F = True, False
OUT = Path(__file__).with_name("heldout.jsonl")

# (type, response, reference, equivalent?)
PAIRS: list[tuple[str, str, str, bool]] = [
    ("integer", "The total cost is $1,250.", "1250", T),
    ("integer", "\\boxed{-0}", "0", T),
    ("integer", "\\boxed{+5}", "5", T),
    ("integer", "\\boxed{5.000}", "5", T),
    ("scientific", "\\boxed{1.0e2}", "100", T),
    ("pi_e", "\\boxed{\\frac{22}{7}}", "\\pi", F),
    ("decimal", "\\boxed{0.\\overline{3}}", "\\frac{1}{3}", T),
    ("percent", "\\boxed{33\\frac{1}{3}\\%}", "\\frac{1}{3}", T),
    ("percent", "\\boxed{\\frac{100}{3}\\%}", "\\frac{1}{3}", T),
    ("percent", "\\boxed{1/4}", "25\\%", T),
    ("fraction", "\\boxed{\\frac{2}{\\sqrt{8}}}", "\\frac{\\sqrt{2}}{2}", T),
    ("fraction", "\\boxed{-\\frac{-1}{2}}", "\\frac12", T),
    ("fraction", "\\boxed{\\frac{a}{b}}", "\\frac{b}{a}", F),
    ("fraction", "\\boxed{\\dfrac{x+1}{2}}", "\\frac{x}{2}+\\frac{1}{2}", T),
    ("radical", "\\boxed{\\sqrt{18}}", "3\\sqrt2", T),
    ("radical", "\\boxed{\\sqrt{3}/3}", "\\frac{1}{\\sqrt{3}}", T),
    ("radical", "\\boxed{2^{1/2}}", "\\sqrt{2}", T),
    ("radical", "\\boxed{2^{1/3}}", "\\sqrt{2}", F),
    ("radical", "\\boxed{\\sqrt{2}\\sqrt{3}}", "\\sqrt{6}", T),
    ("radical", "\\boxed{\\sqrt{-4}}", "2i", T),
    ("radical", "\\boxed{6-2\\sqrt{5}}", "(\\sqrt5-1)^2", T),
    ("pi_e", "\\boxed{\\frac{\\sqrt{3}}{2}}", "\\sin 60^\\circ", T),
    ("pi_e", "\\boxed{\\log 2 + \\log 5}", "\\log 10", T),
    ("pi_e", "\\boxed{\\arctan 1}", "\\frac{\\pi}{4}", T),
    ("pi_e", "\\boxed{\\arcsin\\frac12}", "\\frac{\\pi}{3}", F),
    ("complex", "\\boxed{-2i+1}", "1-2i", T),
    ("complex", "\\boxed{i}", "-i", F),
    ("complex", "\\boxed{\\sqrt{2}e^{i\\pi/4}}", "1+i", T),
    ("complex", "\\boxed{5}", "|3+4i|", T),
    ("expression", "\\boxed{x(x+1)}", "x^2+x", T),
    ("expression", "\\boxed{x^2+x}", "x^2-x", F),
    ("expression", "\\boxed{(a+b)^2}", "a^2+b^2", F),
    ("expression", "\\boxed{\\frac{2}{x^2-1}}", "\\frac{1}{x-1}-\\frac{1}{x+1}", T),
    ("expression", "\\boxed{3^{n+1}}", "3\\cdot 3^n", T),
    ("expression", "\\boxed{2^{n}+2^{n}}", "2^{n+1}", T),
    ("expression", "\\boxed{\\frac{n(n+1)(2n+1)}{6}}", "\\frac{2n^3+3n^2+n}{6}", T),
    ("expression", "\\boxed{\\frac{n(n+1)(2n+1)}{6}}", "\\frac{n(n+1)}{2}", F),
    ("expression", "\\boxed{\\sqrt{x}\\sqrt{x}}", "x", T),
    ("expression", "\\boxed{t^2 - 4t + 4}", "(t-2)^2", T),
    ("expression", "\\boxed{(t+2)^2}", "(t-2)^2", F),
    ("expression", "\\boxed{\\frac{1}{2}bh}", "\\frac{bh}{2}", T),
    ("expression", "\\boxed{P(1+r)^t}", "P(1+r)^{t}", T),
    ("expression", "\\boxed{\\pi r^2 h}", "\\pi r h^2", F),
    ("equation", "\\boxed{y=-x+5}", "x+y=5", T),
    ("equation", "\\boxed{y=x+5}", "x+y=5", F),
    ("equation", "\\boxed{x^2 + y^2 = 4}", "x^2+y^2-4=0", T),
    ("equation", "\\boxed{(x-1)^2+(y+2)^2=9}", "x^2-2x+y^2+4y-4=0", T),
    ("equation", "\\boxed{(x-1)^2+(y-2)^2=9}", "x^2-2x+y^2+4y-4=0", F),
    ("equation", "\\boxed{a = 4}", "4", T),
    ("equation", "\\boxed{a = 4, b = 5}", "(4, 5)", T),
    ("equation", "\\boxed{x = -1}", "x = 1", F),
    ("interval", "\\boxed{x \\in [2, 5]}", "[2,5]", T),
    ("interval", "\\boxed{(-\\infty, 2) \\cup (2, \\infty)}", "x \\neq 2", T),
    ("inequality", "\\boxed{x > -1}", "(-1, \\infty)", T),
    ("inequality", "\\boxed{x \\geq -1}", "(-1, \\infty)", F),
    ("inequality", "\\boxed{-2 \\le x \\le 2}", "[-2,2]", T),
    ("interval", "\\boxed{[-2, 2)}", "[-2,2]", F),
    ("interval", "\\boxed{(-\\infty, \\infty)}", "\\mathbb{R}", T),
    ("inequality", "\\boxed{(3, \\infty)}", "x>3", T),
    ("inequality", "\\boxed{x<3}", "x \\le 3", F),
    ("interval", "\\boxed{\\left(-\\frac{1}{2}, 3\\right]}", "(-0.5, 3]", T),
    ("interval", "\\boxed{[1, 4]}", "[1, 4)", F),
    ("set", "\\boxed{\\{2, 4, 6\\}}", "\\{6, 4, 2\\}", T),
    ("set", "\\boxed{\\{2, 4\\}}", "\\{2, 4, 6\\}", F),
    ("list", "The solutions are $x = -2$ and $x = 5$.", "-2, 5", T),
    ("list", "\\boxed{5, -2}", "-2, 5", T),
    ("list", "\\boxed{(0, 0), (1, 1)}", "(1,1), (0,0)", T),
    ("list", "\\boxed{(0, 0), (1, 2)}", "(1,1), (0,0)", F),
    ("tuple", "\\boxed{(3, -4)}", "(3,-4)", T),
    ("tuple", "\\boxed{(-4, 3)}", "(3,-4)", F),
    ("set", "\\boxed{\\varnothing}", "\\emptyset", T),
    ("tuple", "\\boxed{\\langle 1, 2, 3 \\rangle}", "(1,2,3)", T),
    ("matrix", "\\boxed{\\begin{pmatrix} 2 & 0 \\\\ 0 & 2 \\end{pmatrix}}", "\\begin{pmatrix} 2 & 0 \\\\ 0 & 2 \\end{pmatrix}", T),
    ("matrix", "\\boxed{\\begin{pmatrix} 2 & 0 \\\\ 0 & -2 \\end{pmatrix}}", "\\begin{pmatrix} 2 & 0 \\\\ 0 & 2 \\end{pmatrix}", F),
    ("matrix", "\\boxed{\\begin{pmatrix} -1/3 \\\\ 2/3 \\end{pmatrix}}", "\\begin{pmatrix} -\\frac{1}{3} \\\\ \\frac{2}{3} \\end{pmatrix}", T),
    ("matrix", "\\boxed{\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}}", "\\begin{pmatrix} 1 & 0 & 0 \\\\ 0 & 1 & 0 \\end{pmatrix}", F),
    ("degrees", "\\boxed{60^\\circ}", "60", T),
    ("degrees", "\\boxed{60^\\circ}", "\\frac{\\pi}{3}", T),
    ("units", "\\boxed{12\\text{ m}^2}", "12", T),
    ("units", "\\boxed{12\\text{ m}}", "120", F),
    ("units", "It will take \\boxed{3.5 \\text{ hours}}.", "3.5", T),
    ("units", "\\boxed{\\$1.50}", "1.5", T),
    ("units", "\\boxed{7 \\text{ km/h}}", "7", T),
    ("choice", "The correct option is \\boxed{\\text{(D)}}.", "D", T),
    ("choice", "Answer: (A)", "A", T),
    ("choice", "\\boxed{B}", "C", F),
    ("text", "\\boxed{\\text{True}}", "\\text{true}", T),
    ("text", "\\boxed{\\text{False}}", "\\text{true}", F),
    ("text", "\\boxed{\\text{Alice}}", "\\text{Bob}", F),
    ("gsm8k", "She has 5 + 3 = 8 apples.\n#### 8", "8", T),
    ("gsm8k", "#### 1,234", "1234", T),
    ("gsm8k", "He pays 2*3=6 dollars.\n#### $6", "6", T),
    ("gsm8k", "#### 6.5", "13/2", T),
    ("gsm8k", "#### 7", "8", F),
    ("misc", "\\boxed{\\infty}", "\\infty", T),
    ("misc", "\\boxed{-\\infty}", "\\infty", F),
    ("misc", "\\boxed{\\binom{5}{2}}", "\\binom{5}{3}", T),
    ("misc", "\\boxed{\\lfloor 3.7 \\rfloor}", "\\lfloor 3.2 \\rfloor", T),
    ("misc", "\\boxed{\\frac{1}{3^{50}}}", "\\frac{1}{3^{51}}", F),
    ("misc", "\\boxed{10^{-30}}", "0", F),
    ("misc", "\\boxed{1.001}", "1", F),
]


def main() -> None:
    write_heldout(PAIRS, "heldout-", OUT)


if __name__ == "__main__":
    main()
