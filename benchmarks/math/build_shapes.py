# ruff: noqa: E501  (a data table: one labelled pair per line reads better than wrapped)
"""Write benchmarks/math/shapes.jsonl: answer shapes chat models really write (issue 10).

Markdown emphasis, which answer counts when a response has several markers,
worked arithmetic on the answer line, identities that hold on the real
domain, clock times, named tuples and vectors, and identical answers too big
to evaluate. Written together with the checker changes for these shapes, so
its score is **in-sample**; labelled by mathematical judgement only (a chain
whose steps contradict each other is left out: its right verdict is
"unverifiable", which a boolean label cannot express). Same conventions as
build_pairs.py.

Run: ``python benchmarks/math/build_shapes.py``.
"""

from __future__ import annotations

from pathlib import Path

from pairs_io import write_heldout

T, F = True, False
OUT = Path(__file__).with_name("shapes.jsonl")

PAIRS: list[tuple[str, str, str, bool]] = [
    # emphasis
    ("emphasis", "Adding the two counts, the answer is **42**.", "42", T),
    ("emphasis", "Adding the two counts, the answer is **41**.", "42", F),
    ("emphasis", "**Final answer:** 3/4", "\\frac{3}{4}", T),
    ("emphasis", "**Final answer:** 4/3", "\\frac{3}{4}", F),
    ("emphasis", "**Answer:** $x = 5$.", "5", T),
    ("emphasis", "**Answer:** $x = -5$.", "5", F),
    ("emphasis", "So the total is __12__.", "12", T),
    ("emphasis", "The answer is *7*.", "7", T),
    ("emphasis", "Thus, residents owning all four: **73**.\n\n---\n\nFinal Answer: **73**", "73", T),
    ("emphasis", "\\textbf{Answer:} 42", "42", T),
    ("emphasis", "\\textbf{Final answer: 24}", "42", F),
    ("emphasis", "The answer is $\\mathbf{\\frac{1}{2}}$.", "0.5", T),
    ("emphasis", "The answer is 2**10.", "2^{10}", T),
    ("emphasis", "The answer is 2**10.", "2^{11}", F),
    # which answer counts
    ("precedence", "The log needs $\\boxed{x > 2}$, so only one option survives.\n\n**Answer: C**", "C", T),
    ("precedence", "The log needs $\\boxed{x > 2}$, so only one option survives.\n\n**Answer: C**", "A", F),
    ("precedence", "First guess \\boxed{15}. Recounting the pairs:\n\n**Final Answer: 17**", "17", T),
    ("precedence", "The answer is 12. Wait, I double counted one case.\n\n\\boxed{11}", "11", T),
    ("precedence", "The answer is 12. Wait, I double counted one case.\n\n\\boxed{11}", "12", F),
    ("precedence", "So $\\boxed{36}$ handshakes.\n#### 36", "36", T),
    ("precedence", "We get \\boxed{8}. This answer is consistent with the table.", "8", T),
    ("precedence", "Answer: It is not B, the answer is D", "D", T),
    ("precedence", "Answer: It is not B, the answer is D", "B", F),
    # worked arithmetic on the answer line
    ("chain", "Answer: a + b = 12 + 5 = 17", "17", T),
    ("chain", "Answer: a + b = 12 + 5 = 17", "18", F),
    ("chain", "Answer: $3 \\times 4 = 12$", "12", T),
    ("chain", "Final answer: $P(A) = \\frac{3}{10} = 0.3$", "\\frac{3}{10}", T),
    ("chain", "Final answer: $P(A) = \\frac{3}{10} = 0.3$", "0.4", F),
    ("chain", "$\\boxed{x + y = 10}$", "10", F),
    # identities on the real domain
    ("real_domain", "$\\boxed{\\sqrt{4/k}}$", "\\frac{2}{\\sqrt{k}}", T),
    ("real_domain", "$\\boxed{\\sqrt{4/k}}$", "\\frac{4}{\\sqrt{k}}", F),
    ("real_domain", "$\\boxed{\\frac{\\sqrt{x}}{\\sqrt{y}}}$", "\\sqrt{\\frac{x}{y}}", T),
    ("real_domain", "$\\boxed{\\ln x + \\ln y}$", "\\ln(xy)", T),
    ("real_domain", "$\\boxed{\\sqrt{x-5}\\sqrt{x+5}}$", "\\sqrt{x^2-25}", T),
    ("real_domain", "$\\boxed{\\sqrt{x^2}}$", "x", F),
    ("real_domain", "$\\boxed{|x|}$", "x", F),
    ("real_domain", "$\\boxed{\\sqrt{x^2}}$", "|x|", T),
    # clock times
    ("time", "The train leaves at $\\boxed{7:30}$.", "07:30", T),
    ("time", "The train leaves at $\\boxed{7:30}$.", "7:45", F),
    ("time", "They meet at \\boxed{7:30 \\text{ PM}}.", "19:30", T),
    ("time", "They meet at \\boxed{7:30 \\text{ AM}}.", "19:30", F),
    ("time", "The alarm rang at 6:15.", "6:15", T),
    # named tuples, intervals, vectors
    ("named", "The vertex is $\\boxed{P = (2, 3)}$.", "(2, 3)", T),
    ("named", "The vertex is $\\boxed{P = (2, 3)}$.", "P = (2, 4)", F),
    ("named", "The intersection point is $P(2, -1)$.", "(2, -1)", T),
    ("named", "So $\\boxed{A = [1, 5)}$.", "[1, 5)", T),
    ("named", "So $\\boxed{A = [1, 5)}$.", "[1, 5]", F),
    ("vector", "$\\boxed{\\vec{v} = \\langle 1, 2, 3 \\rangle}$", "(1, 2, 3)", T),
    ("vector", "$\\boxed{\\langle 1, -2 \\rangle}$", "\\begin{pmatrix} 1 \\\\ -2 \\end{pmatrix}", T),
    ("vector", "$\\boxed{\\langle 1, 2 \\rangle}$", "\\begin{pmatrix} 2 \\\\ 1 \\end{pmatrix}", F),
    # identical answers too big to evaluate
    ("identical", "So the threshold is $\\boxed{2^{65536}}$.", "2^{65536}", T),
    ("identical", "There are $\\boxed{1000000!}$ orderings.", "1000000!", T),
]


def main() -> None:
    write_heldout(PAIRS, "shapes-", OUT)


if __name__ == "__main__":
    main()
