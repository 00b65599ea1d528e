# ruff: noqa: E501  (a data table: one labelled pair per line reads better than wrapped)
"""Write benchmarks/math/pairs.jsonl: labelled (prediction, reference, verdict) pairs.

Every label is a mathematical judgement made when writing the pair (never the
output of a checker). Hand-written pairs come first, grouped by answer type;
then small families built from a rule whose verdict is known by construction
(``n`` vs ``n+1`` is wrong, ``n`` vs ``n`` with thousands separators is right).
Predictions are wrapped in varied free-text styles (``\\boxed``, "The answer
is", "Final answer:", ``####``, bare) so extraction is exercised too.

Labelling conventions (the checker's documented defaults):
- a percentage equals both the number and its fraction (``50\\%`` = 50 = 0.5);
- units and degree marks are not part of the value (``5 cm`` = 5);
- a decimal equals an exact value only within 1e-6 relative (``3.14`` != pi);
- where a plain number is expected, unevaluated arithmetic (``3\\times4``) is wrong;
- ``x = 3`` answers "3"; bare comma lists of solutions are unordered; ``\\{\\}`` sets
  unordered; ``( )`` tuples ordered; interval brackets always matter.

Run: ``python benchmarks/math/build_pairs.py`` (deterministic).
"""

from __future__ import annotations

from pathlib import Path

from pairs_io import write_rows

T, F = True, False
OUT = Path(__file__).with_name("pairs.jsonl")

# (type, prediction answer, reference answer, equivalent?)
HAND: list[tuple[str, str, str, bool]] = [
    # --- integers -----------------------------------------------------------------
    ("integer", "1,000,000", "1000000", T),
    ("integer", "1000000", "1,000,000", T),
    ("integer", "1,000,001", "1000000", F),
    ("integer", "-12", "-12", T),
    ("integer", "12", "-12", F),
    ("integer", "-12", "12", F),
    ("integer", "007", "7", T),
    ("integer", "70", "7", F),
    ("integer", "42.0", "42", T),
    ("integer", "42", "42.00", T),
    ("integer", "42.5", "42", F),
    ("integer", "{17}", "17", T),
    ("integer", "(17)", "17", T),
    ("integer", "1024", "2^{10}", T),
    ("integer", "3\\times 4", "12", F),
    ("integer", "12", "3 \\times 4", T),
    ("integer", "9", "6", F),
    ("integer", "100", "1000", F),
    ("integer", "1\\,000", "1000", T),
    # --- decimals -----------------------------------------------------------------
    ("decimal", "0.5", "0.50", T),
    ("decimal", ".5", "0.5", T),
    ("decimal", "0.05", "0.5", F),
    ("decimal", "3.14159", "3.14159", T),
    ("decimal", "3.1416", "3.14159", F),
    ("decimal", "2.718", "2.7180", T),
    ("decimal", "-0.125", "-\\frac{1}{8}", T),
    ("decimal", "0.125", "-\\frac{1}{8}", F),
    ("decimal", "0.333", "\\frac{1}{3}", F),
    ("decimal", "0.3333333333", "\\frac{1}{3}", T),
    ("decimal", "1.5", "\\frac{3}{2}", T),
    ("decimal", "1.05", "\\frac{3}{2}", F),
    # --- fractions ----------------------------------------------------------------
    ("fraction", "\\frac{1}{2}", "1/2", T),
    ("fraction", "\\dfrac{1}{2}", "\\frac12", T),
    ("fraction", "\\tfrac{3}{4}", "0.75", T),
    ("fraction", "\\frac{3}{4}", "\\frac{4}{3}", F),
    ("fraction", "\\frac{-3}{4}", "-\\frac{3}{4}", T),
    ("fraction", "\\frac{3}{-4}", "-0.75", T),
    ("fraction", "\\frac{3}{4}", "-\\frac{3}{4}", F),
    ("fraction", "\\frac{6}{8}", "\\frac{3}{4}", T),
    ("fraction", "\\frac{6}{9}", "\\frac{3}{4}", F),
    ("fraction", "7/3", "\\frac{7}{3}", T),
    ("fraction", "7/3", "\\frac{3}{7}", F),
    ("fraction", "2\\frac{1}{3}", "\\frac{7}{3}", T),
    ("fraction", "2\\frac{1}{3}", "\\frac{5}{3}", F),
    ("fraction", "1 3/4", "1.75", T),
    ("fraction", "1 3/4", "1.34", F),
    ("fraction", "\\frac{1}{2^{99}}", "\\frac{1}{2^{98}}", F),
    ("fraction", "\\frac{1}{2^{98}}", "\\frac{1}{2^{99}}", F),
    ("fraction", "2^{-99}", "\\frac{1}{2^{99}}", T),
    ("fraction", "\\frac{1}{2^{100}}", "0", F),
    ("fraction", "\\frac{1}{1000000007}", "\\frac{1}{1000000009}", F),
    ("fraction", "\\frac{10}{4}", "2.5", T),
    ("fraction", "\\frac{1}{6}", "\\frac{\\frac{1}{2}}{3}", T),
    ("fraction", "\\frac{1}{\\frac{2}{3}}", "\\frac{2}{3}", F),
    # --- percentages --------------------------------------------------------------
    ("percent", "50\\%", "50", T),
    ("percent", "50\\%", "0.5", T),
    ("percent", "50", "50\\%", T),
    ("percent", "0.5", "50\\%", T),
    ("percent", "25\\%", "50\\%", F),
    ("percent", "12.5\\%", "\\frac{1}{8}", T),
    ("percent", "12.5\\%", "12.5", T),
    ("percent", "15\\%", "0.5", F),
    ("percent", "5\\%", "50", F),
    ("percent", "33\\%", "0.5", F),
    # --- scientific notation ------------------------------------------------------
    ("scientific", "3 \\times 10^{8}", "300000000", T),
    ("scientific", "300000000", "3\\times10^8", T),
    ("scientific", "3 \\times 10^{9}", "300000000", F),
    ("scientific", "1.5e3", "1500", T),
    ("scientific", "1.5e-3", "0.0015", T),
    ("scientific", "1.5e-3", "0.015", F),
    ("scientific", "6.02 \\times 10^{23}", "6.02\\times 10^{23}", T),
    ("scientific", "6.02 \\times 10^{23}", "6.02\\times 10^{22}", F),
    ("scientific", "2.5 \\cdot 10^{-4}", "0.00025", T),
    ("scientific", "10^{6}", "1000000", T),
    # --- radicals -----------------------------------------------------------------
    ("radical", "\\sqrt{8}", "2\\sqrt{2}", T),
    ("radical", "2\\sqrt{2}", "\\sqrt{8}", T),
    ("radical", "2\\sqrt{2}", "\\sqrt{6}", F),
    ("radical", "\\sqrt{12}", "2\\sqrt{3}", T),
    ("radical", "3\\sqrt{2}", "2\\sqrt{3}", F),
    ("radical", "\\frac{1}{\\sqrt{2}}", "\\frac{\\sqrt{2}}{2}", T),
    ("radical", "\\frac{\\sqrt{2}}{2}", "\\frac{1}{\\sqrt{2}}", T),
    ("radical", "\\frac{\\sqrt{3}}{2}", "\\frac{1}{2}", F),
    ("radical", "\\sqrt[3]{16}", "2\\sqrt[3]{2}", T),
    ("radical", "\\sqrt[3]{16}", "2\\sqrt{2}", F),
    ("radical", "\\sqrt{2}+\\sqrt{3}", "\\sqrt{3}+\\sqrt{2}", T),
    ("radical", "\\sqrt{2}+\\sqrt{3}", "\\sqrt{5}", F),
    ("radical", "\\frac{1}{\\sqrt{3}-1}", "\\frac{\\sqrt{3}+1}{2}", T),
    ("radical", "\\frac{1}{\\sqrt{3}-1}", "\\frac{\\sqrt{3}-1}{2}", F),
    ("radical", "\\sqrt{2}", "1.41421356237", T),
    ("radical", "\\sqrt{2}", "1.414", F),
    ("radical", "5\\sqrt{5}", "\\sqrt{125}", T),
    ("radical", "\\sqrt{50}", "5\\sqrt{5}", F),
    ("radical", "4-2\\sqrt{3}", "(\\sqrt{3}-1)^2", T),
    ("radical", "4+2\\sqrt{3}", "(\\sqrt{3}-1)^2", F),
    # --- pi and e -----------------------------------------------------------------
    ("pi_e", "2\\pi", "\\pi \\cdot 2", T),
    ("pi_e", "\\frac{\\pi}{2}", "\\frac{1}{2}\\pi", T),
    ("pi_e", "\\frac{\\pi}{2}", "\\frac{2}{\\pi}", F),
    ("pi_e", "\\pi", "3.14", F),
    ("pi_e", "3.14159265359", "\\pi", T),
    ("pi_e", "16\\pi", "16 \\pi", T),
    ("pi_e", "8\\pi", "16\\pi", F),
    ("pi_e", "\\pi r^2", "r^2\\pi", T),
    ("pi_e", "1-\\frac{1}{e}", "1+\\frac{1}{e}", F),
    ("pi_e", "1+\\frac{1}{e}", "1-\\frac{1}{e}", F),
    ("pi_e", "1-\\frac{1}{e}", "\\frac{e-1}{e}", T),
    ("pi_e", "e^{2}", "e \\cdot e", T),
    ("pi_e", "e^{-1}", "\\frac{1}{e}", T),
    ("pi_e", "e^{2}", "2e", F),
    ("pi_e", "\\ln 8", "3\\ln 2", T),
    ("pi_e", "\\ln 6", "\\ln 2 \\cdot \\ln 3", F),
    ("pi_e", "\\log_2 x", "\\frac{\\ln x}{\\ln 2}", T),
    ("pi_e", "\\frac{\\pi}{6}", "\\frac{\\pi}{3}", F),
    ("pi_e", "\\sin\\frac{\\pi}{6}", "\\cos\\frac{\\pi}{3}", T),
    ("pi_e", "\\cos(\\pi)", "1", F),
    # --- complex ------------------------------------------------------------------
    ("complex", "3+4i", "4i+3", T),
    ("complex", "3-4i", "3+4i", F),
    ("complex", "4+3i", "3+4i", F),
    ("complex", "\\frac{1}{i}", "-i", T),
    ("complex", "i^3", "-i", T),
    ("complex", "\\frac{1+i}{1-i}", "i", T),
    ("complex", "\\frac{1+i}{1-i}", "-i", F),
    ("complex", "(1+i)^2", "2i", T),
    ("complex", "2+2i", "2i", F),
    ("complex", "\\frac{3}{5}+\\frac{4}{5}i", "\\frac{3+4i}{5}", T),
    ("complex", "-1+i\\sqrt{3}", "-1 - i\\sqrt{3}", F),
    ("complex", "2e^{i\\pi/3}", "1+i\\sqrt{3}", T),
    # --- expressions in variables ------------------------------------------------
    ("expression", "(x+1)^2", "x^2+2x+1", T),
    ("expression", "x^2+2x+1", "(x+1)^2", T),
    ("expression", "(x-1)^2", "x^2+2x+1", F),
    ("expression", "x^2+1", "x^2-1", F),
    ("expression", "2x", "2y", F),
    ("expression", "2x+3", "3+2x", T),
    ("expression", "2x+3", "2x+4", F),
    ("expression", "\\frac{x^2-1}{x-1}", "x+1", T),
    ("expression", "\\frac{x^2-1}{x+1}", "x+1", F),
    ("expression", "a+b", "c+b", F),
    ("expression", "a+b", "b+a", T),
    ("expression", "ab", "ba", T),
    ("expression", "a^2-b^2", "(a-b)(a+b)", T),
    ("expression", "a^2-b^2", "(a-b)^2", F),
    ("expression", "\\sin^2 x + \\cos^2 x", "1", T),
    ("expression", "\\sqrt{x^2}", "x", F),
    ("expression", "|x|", "\\sqrt{x^2}", T),
    ("expression", "\\frac{1}{x}+\\frac{1}{y}", "\\frac{x+y}{xy}", T),
    ("expression", "\\frac{1}{x}+\\frac{1}{y}", "\\frac{2}{x+y}", F),
    ("expression", "x^3-3x^2+3x-1", "(x-1)^3", T),
    ("expression", "x^3-3x^2+3x+1", "(x-1)^3", F),
    ("expression", "2\\sin x \\cos x", "\\sin 2x", T),
    ("expression", "\\cos 2x", "1-2\\sin^2 x", T),
    ("expression", "\\cos 2x", "2\\sin^2 x-1", F),
    ("expression", "e^{x}e^{y}", "e^{x+y}", T),
    ("expression", "n(n+1)/2", "\\frac{n^2+n}{2}", T),
    ("expression", "\\frac{n(n+1)}{2}", "\\frac{n(n-1)}{2}", F),
    ("expression", "x_1 + x_2", "x_2 + x_1", T),
    ("expression", "x_1 + x_2", "x_1 + x_3", F),
    ("expression", "\\frac{\\theta}{2}", "0.5\\theta", T),
    # --- equations ----------------------------------------------------------------
    ("equation", "x = 3", "3", T),
    ("equation", "3", "x = 3", T),
    ("equation", "x=3", "x = -3", F),
    ("equation", "y = 2x+1", "2x - y + 1 = 0", T),
    ("equation", "2x - y + 1 = 0", "y = 2x+1", T),
    ("equation", "y = 2x+1", "2x + y + 1 = 0", F),
    ("equation", "y = 2x+1", "y = 2x-1", F),
    ("equation", "y = -\\frac{1}{2}x + 3", "x + 2y = 6", T),
    ("equation", "y = -\\frac{1}{2}x + 3", "x + 2y = 3", F),
    ("equation", "x^2+y^2=25", "y^2 + x^2 = 25", T),
    ("equation", "x^2+y^2=25", "x^2+y^2=5", F),
    ("equation", "x + y = 10", "10", F),
    ("equation", "x+2y+3z=4", "2x+4y+6z=8", T),
    ("equation", "x+2y+3z=4", "2x+4y+6z=4", F),
    ("equation", "k = \\frac{1}{2}", "0.5", T),
    ("equation", "k = 2", "\\frac{1}{2}", F),
    # --- inequalities vs intervals ------------------------------------------------
    ("inequality", "x < -5", "(-\\infty, -5)", T),
    ("inequality", "(-\\infty, -5)", "x < -5", T),
    ("inequality", "x \\le -5", "(-\\infty, -5)", F),
    ("inequality", "x \\le -5", "(-\\infty, -5]", T),
    ("inequality", "x > -5", "(-\\infty, -5)", F),
    ("inequality", "x \\geq 2", "[2, \\infty)", T),
    ("inequality", "x > 2", "[2, \\infty)", F),
    ("inequality", "1 < x \\le 2", "(1, 2]", T),
    ("inequality", "1 \\le x < 2", "(1, 2]", F),
    ("inequality", "-3 < x < 3", "(-3, 3)", T),
    ("inequality", "|x| < 3", "(-3, 3)", T),
    ("inequality", "|x| \\le 3", "(-3, 3)", F),
    ("inequality", "|x| > 5", "(-\\infty, -5) \\cup (5, \\infty)", T),
    ("inequality", "x^2 > 4", "(-\\infty, -2) \\cup (2, \\infty)", T),
    ("inequality", "x^2 \\ge 4", "(-\\infty, -2) \\cup (2, \\infty)", F),
    ("inequality", "x < -5", "y < -5", F),
    ("inequality", "x > 3", "3 < x", T),
    ("inequality", "x \\geq 3", "x > 3", F),
    # --- intervals ----------------------------------------------------------------
    ("interval", "[1, 2)", "[1,2)", T),
    ("interval", "[1, 2)", "(1, 2]", F),
    ("interval", "(1, 2]", "[1, 2)", F),
    ("interval", "[1, 2]", "(1, 2)", F),
    ("interval", "[1, 2]", "[1, 2]", T),
    ("interval", "\\left[1, 2\\right]", "[1,2]", T),
    ("interval", "[0.5, 1]", "[\\frac{1}{2}, 1]", T),
    ("interval", "[\\frac{1}{2}, 1]", "[\\frac{1}{3}, 1]", F),
    ("interval", "(-\\infty, 3]", "(-\\infty, 3)", F),
    ("interval", "(-\\infty, 3)", "(-\\infty, 3)", T),
    ("interval", "(0, \\infty)", "(0,\\infty)", T),
    ("interval", "[0, \\infty)", "(0, \\infty)", F),
    ("interval", "[-2, 5]", "[-5, 2]", F),
    ("interval", "[-\\sqrt{2}, \\sqrt{2}]", "[-1.41421356237, 1.41421356237]", T),
    ("interval", "[2, 1]", "[1, 2]", F),
    # --- unions -------------------------------------------------------------------
    ("union", "(-\\infty, 0) \\cup (0, \\infty)", "(0, \\infty) \\cup (-\\infty, 0)", T),
    ("union", "(-\\infty, 0) \\cup (0, \\infty)", "(-\\infty, \\infty)", F),
    ("union", "(-\\infty, 1] \\cup [3, \\infty)", "(-\\infty,1]\\cup[3,\\infty)", T),
    ("union", "(-\\infty, 1) \\cup [3, \\infty)", "(-\\infty,1]\\cup[3,\\infty)", F),
    ("union", "(-\\infty, 1] \\cup (3, \\infty)", "(-\\infty,1]\\cup[3,\\infty)", F),
    ("union", "[0, 1] \\cup [1, 2]", "[0, 2]", T),
    ("union", "[0, 1) \\cup (1, 2]", "[0, 2]", F),
    ("union", "(-2, -1) \\cup (1, 2)", "(1, 2) \\cup (-2, -1)", T),
    ("union", "(-2, -1) \\cup (1, 2)", "(-2, 2)", F),
    # --- sets (unordered) ---------------------------------------------------------
    ("set", "\\{1, 2, 3\\}", "\\{3, 2, 1\\}", T),
    ("set", "\\{3, 2, 1\\}", "\\{1, 2, 3\\}", T),
    ("set", "\\{1, 2\\}", "\\{1, 3\\}", F),
    ("set", "\\{1, 2\\}", "\\{1, 2, 3\\}", F),
    ("set", "\\{1, 2, 3\\}", "\\{1, 2\\}", F),
    ("set", "\\{-1, 1\\}", "\\{1, -1\\}", T),
    ("set", "\\{-1, 1\\}", "\\{1\\}", F),
    ("set", "\\{\\frac{1}{2}, 2\\}", "\\{2, 0.5\\}", T),
    ("set", "\\{\\sqrt{2}, -\\sqrt{2}\\}", "\\{-\\sqrt{2}, \\sqrt{2}\\}", T),
    ("set", "\\{\\sqrt{2}, \\sqrt{2}\\}", "\\{-\\sqrt{2}, \\sqrt{2}\\}", F),
    # --- tuples (ordered) ---------------------------------------------------------
    ("tuple", "(1, 2, 3)", "(1, 2, 3)", T),
    ("tuple", "(1, 2, 3)", "(3, 2, 1)", F),
    ("tuple", "(3, 2, 1)", "(1, 2, 3)", F),
    ("tuple", "(2, -1)", "(2,-1)", T),
    ("tuple", "(2, -1)", "(-1, 2)", F),
    ("tuple", "(-1, 2)", "(2, -1)", F),
    ("tuple", "(\\frac{1}{2}, 3)", "(0.5, 3)", T),
    ("tuple", "(1, 2)", "(1, 2, 0)", F),
    ("tuple", "(312, 123, 213)", "(312,123,213)", T),
    ("tuple", "(312, 123, 213)", "(312,213,123)", F),
    ("tuple", "(1, 2, 3)", "\\{1, 2, 3\\}", F),
    ("tuple", "(x, y) = (1, 2)", "(1, 2)", T),
    # --- lists of solutions -------------------------------------------------------
    ("list", "1, 2", "2, 1", T),
    ("list", "-1, 9", "9, -1", T),
    ("list", "-1, 9", "-1", F),
    ("list", "-1", "-1, 9", F),
    ("list", "-1, 9", "1, -9", F),
    ("list", "x = 1 \\text{ or } x = 2", "1, 2", T),
    ("list", "x = 1, x = 2", "2, 1", T),
    ("list", "x = 1, x = 3", "1, 2", F),
    ("list", "2 \\pm \\sqrt{3}", "2+\\sqrt{3}, 2-\\sqrt{3}", T),
    ("list", "2+\\sqrt{3}, 2-\\sqrt{3}", "2 \\pm \\sqrt{3}", T),
    ("list", "-2 \\pm \\sqrt{3}", "2 \\pm \\sqrt{3}", F),
    ("list", "\\frac{-1 \\pm \\sqrt{5}}{2}", "\\frac{-1+\\sqrt{5}}{2}, \\frac{-1-\\sqrt{5}}{2}", T),
    ("list", "\\frac{1 \\pm \\sqrt{5}}{2}", "\\frac{-1+\\sqrt{5}}{2}, \\frac{-1-\\sqrt{5}}{2}", F),
    ("list", "0, 1, 2", "0,1,2", T),
    ("list", "0, 1, 2", "0,1,3", F),
    # --- matrices and vectors -----------------------------------------------------
    ("matrix", "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}", T),
    ("matrix", "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\begin{pmatrix} 1 & 3 \\\\ 2 & 4 \\end{pmatrix}", F),
    ("matrix", "\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}", "\\begin{pmatrix} 1 & 2 \\\\ 3 & 5 \\end{pmatrix}", F),
    ("matrix", "\\begin{pmatrix} \\frac{1}{2} & 0 \\\\ 0 & 2 \\end{pmatrix}",
     "\\begin{pmatrix} 0.5 & 0 \\\\ 0 & 2 \\end{pmatrix}", T),
    ("matrix", "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "(1, 2)", T),
    ("matrix", "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "(2, 1)", F),
    ("matrix", "\\begin{pmatrix} 1 \\\\ 2 \\\\ 3 \\end{pmatrix}", "\\begin{pmatrix} 1 \\\\ 2 \\\\ 3 \\end{pmatrix}", T),
    ("matrix", "\\begin{pmatrix} 1 \\\\ -2 \\\\ 3 \\end{pmatrix}", "\\begin{pmatrix} 1 \\\\ 2 \\\\ 3 \\end{pmatrix}", F),
    ("matrix", "\\begin{pmatrix} 1 & 2 \\end{pmatrix}", "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", F),
    ("matrix", "\\begin{pmatrix} \\sqrt{4} \\\\ 2\\sqrt{2} \\end{pmatrix}",
     "\\begin{pmatrix} 2 \\\\ \\sqrt{8} \\end{pmatrix}", T),
    ("matrix", "\\begin{bmatrix} x & 1 \\\\ 0 & x \\end{bmatrix}", "\\begin{bmatrix} x & 1 \\\\ 0 & x \\end{bmatrix}", T),
    ("matrix", "\\begin{bmatrix} x & 1 \\\\ 0 & x \\end{bmatrix}", "\\begin{bmatrix} x & 0 \\\\ 1 & x \\end{bmatrix}", F),
    # --- degrees ------------------------------------------------------------------
    ("degrees", "30^\\circ", "30", T),
    ("degrees", "30", "30^\\circ", T),
    ("degrees", "30^{\\circ}", "30^\\circ", T),
    ("degrees", "45^\\circ", "30", F),
    ("degrees", "150^\\circ", "30^\\circ", F),
    ("degrees", "90 degrees", "90", T),
    ("degrees", "120°", "120", T),
    ("degrees", "60°", "120", F),
    # --- units --------------------------------------------------------------------
    ("units", "5 cm", "5", T),
    ("units", "5\\text{ cm}", "5", T),
    ("units", "5", "5\\text{ cm}", T),
    ("units", "6\\text{ cm}", "5", F),
    ("units", "12 \\text{ square units}", "12", T),
    ("units", "\\$12.50", "12.5", T),
    ("units", "\\$12.50", "12.05", F),
    ("units", "18 \\text{ inches}", "18", T),
    ("units", "3 \\text{ hours}", "3", T),
    ("units", "4 \\text{ hours}", "3", F),
    ("units", "72 clips", "72", T),
    ("units", "25 \\text{ cm}^2", "25", T),
    ("units", "10 \\text{ meters}", "10", T),
    ("units", "10 \\text{ meters}", "100", F),
    # --- multiple choice ----------------------------------------------------------
    ("choice", "(B)", "B", T),
    ("choice", "B", "(B)", T),
    ("choice", "\\text{B}", "B", T),
    ("choice", "\\textbf{(B)}", "B", T),
    ("choice", "(B) 12", "B", T),
    ("choice", "(C)", "B", F),
    ("choice", "C", "(B)", F),
    ("choice", "\\text{(A)}", "D", F),
    ("choice", "E", "E", T),
    ("choice", "(E)", "A", F),
    # --- text ---------------------------------------------------------------------
    ("text", "\\text{yes}", "yes", T),
    ("text", "Yes", "\\text{yes}", T),
    ("text", "\\text{no}", "\\text{yes}", F),
    ("text", "\\text{yes}", "\\text{no}", F),
    ("text", "\\text{even}", "\\text{even}", T),
    ("text", "\\text{odd}", "\\text{even}", F),
    ("text", "\\text{Tuesday}", "\\text{Tuesday}", T),
    ("text", "\\text{Monday}", "\\text{Tuesday}", F),
    ("text", "\\text{no solution}", "\\text{No solution}", T),
    ("text", "\\text{always}", "\\text{never}", F),
]

# Answers written with prose and full solutions (extraction, and references that are solutions).
PROSE: list[tuple[str, str, str, bool]] = [
    ("prose", "Natalia sold 48/2 = 24 clips in May, so 48 + 24 = 72 in total.\n#### 72", "72", T),
    ("prose", "Natalia sold 48/2 = 24 clips in May, so 48 + 24 = 72 in total.\n#### 71", "72", F),
    ("prose", "Adding the two parts gives 12 + 7 = 19. The answer is 19.", "19", T),
    ("prose", "Adding the two parts gives 12 + 7 = 19. The answer is 18.", "19", F),
    ("prose", "The final answer is $\\frac{3}{4}$.", "0.75", T),
    ("prose", "The final answer is $\\frac{4}{3}$.", "0.75", F),
    ("prose", "First x = 2, then y = 5, so x + y = 7.\nFinal answer: 7", "7", T),
    ("prose", "First x = 2, then y = 5, so x + y = 7.\nFinal answer: 10", "7", F),
    ("prose", "We try \\boxed{3} first, but that fails; the correct value is \\boxed{5}.", "5", T),
    ("prose", "We try \\boxed{5} first, but that fails; the correct value is \\boxed{3}.", "5", F),
    ("prose", "So the roots are $x=2$ and $x=3$, i.e. \\boxed{2, 3}.", "3, 2", T),
    ("prose", "So the roots are $x=2$ and $x=-3$, i.e. \\boxed{2, -3}.", "3, 2", F),
    ("prose", "It costs \\$5 per item and there are 4, so the total is \\boxed{\\$20}.", "20", T),
    ("prose", "The area is $\\boxed{16\\pi}$ square units.", "Area $= \\pi r^2 = \\boxed{16\\pi}$.", T),
    ("prose", "The area is $\\boxed{8\\pi}$ square units.", "Area $= \\pi r^2 = \\boxed{16\\pi}$.", F),
    ("prose", "Thus the probability is $\\boxed{\\dfrac{1}{6}}$.", "We count 6 of 36 cases: \\boxed{\\frac{1}{6}}", T),
    ("prose", "Thus the probability is $\\boxed{\\dfrac{1}{36}}$.", "We count 6 of 36 cases: \\boxed{\\frac{1}{6}}", F),
    ("prose", "I think the answer is (C).", "C", T),
    ("prose", "I think the answer is (D).", "C", F),
    ("prose", "Solving, $x^2 - 5x + 6 = 0$ so $x \\in \\boxed{\\{2, 3\\}}$.", "\\{3, 2\\}", T),
    ("prose", "Therefore the interval is \\boxed{[2, 5)}.", "[2, 5)", T),
    ("prose", "Therefore the interval is \\boxed{(2, 5]}.", "[2, 5)", F),
    ("prose", "Hence the line is $\\boxed{y = 3x - 2}$.", "3x - y - 2 = 0", T),
    ("prose", "Hence the line is $\\boxed{y = 3x + 2}$.", "3x - y - 2 = 0", F),
]

# Pairs whose prediction is too expensive to evaluate: any "equal" verdict would be wrong.
EXPENSIVE: list[tuple[str, str, str, bool]] = [
    ("expensive", "10^{10^{10}}", "10^{10^{10}}+1", F),
    ("expensive", "2^{2^{2^{2^{2}}}}", "0", F),
    ("expensive", "x^{1000000}", "x^{999999}", F),
    ("expensive", "(" * 300 + "1" + ")" * 300, "2", F),
]

WRAPPERS = [
    "So we conclude that the answer is $\\boxed{{{a}}}$.",
    "The answer is ${a}$.",
    "After simplifying everything, we get:\nFinal answer: ${a}$",
    "{a}",
    "Putting it together: \\boxed{{{a}}}",
]


def _wrap(answer: str, i: int) -> str:
    if "$" in answer:  # a dollar sign inside $...$ would end the math span
        return WRAPPERS[0].format(a=answer)
    return WRAPPERS[i % len(WRAPPERS)].format(a=answer)


def _families() -> list[tuple[str, str, str, bool]]:
    out: list[tuple[str, str, str, bool]] = []
    numbers = [7, 12, 45, 100, 256, 1024, 2023, 9999, 12345, 86400, 1000000, 31415926]
    for n in numbers:
        out.append(("integer", f"{n:,}", str(n), T))
        out.append(("integer", str(n), f"{n:,}", T))
        out.append(("integer", str(n + 1), str(n), F))  # off by one
        out.append(("integer", str(-n), str(n), F))  # sign
    fractions = [(1, 3), (2, 5), (3, 7), (5, 8), (7, 12), (11, 16), (13, 9), (22, 7)]
    for p, q in fractions:
        out.append(("fraction", f"\\frac{{{2 * p}}}{{{2 * q}}}", f"\\frac{{{p}}}{{{q}}}", T))  # unreduced
        out.append(("fraction", f"\\frac{{{q}}}{{{p}}}", f"\\frac{{{p}}}{{{q}}}", F))  # inverted
        out.append(("fraction", f"-\\frac{{{p}}}{{{q}}}", f"\\frac{{{p}}}{{{q}}}", F))  # sign
        out.append(("fraction", f"\\frac{{{p + 1}}}{{{q}}}", f"{p}/{q}", F))  # off by one
    decimals = [("0.25", "\\frac{1}{4}"), ("0.2", "\\frac{1}{5}"), ("0.375", "\\frac{3}{8}"), ("1.25", "\\frac{5}{4}"),
                ("2.5", "\\frac{5}{2}"), ("0.04", "\\frac{1}{25}"), ("3.75", "\\frac{15}{4}"), ("0.6", "\\frac{3}{5}")]
    for d, frac in decimals:
        out.append(("decimal", d, frac, T))
        out.append(("decimal", frac, d, T))
        shifted = d.replace(".", "") if not d.startswith("0.0") else d.replace("0.0", "0.")
        out.append(("decimal", shifted, frac, F))  # decimal point misplaced
    for k in range(2, 10):
        out.append(("radical", f"{k}\\sqrt{{2}}", f"\\sqrt{{{2 * k * k}}}", T))
        out.append(("radical", f"{k}\\sqrt{{2}}", f"\\sqrt{{{2 * k * k + 2}}}", F))
    for a, b in [(1, 2), (-3, 4), (0, 5), (2, 7), (-1, 1), (5, 9)]:
        out.append(("interval", f"[{a}, {b})", f"[{a},{b})", T))
        out.append(("interval", f"({a}, {b}]", f"[{a},{b})", F))
        out.append(("inequality", f"{a} \\le x < {b}", f"[{a}, {b})", T))
        out.append(("inequality", f"{a} < x \\le {b}", f"[{a}, {b})", F))
    for a, b, c in [(1, 2, 3), (4, -1, 0), (2, 2, 5), (-3, 6, 9), (7, 0, -2)]:
        out.append(("tuple", f"({a}, {b}, {c})", f"({a},{b},{c})", T))
        out.append(("tuple", f"({c}, {b}, {a})", f"({a},{b},{c})", a == c))
        out.append(("set", f"\\{{{c}, {a}, {b}\\}}", f"\\{{{a}, {b}, {c}\\}}", T))
    for a in [2, 3, 5, 7]:
        out.append(("expression", f"(x+{a})(x-{a})", f"x^2-{a * a}", T))
        out.append(("expression", f"(x+{a})^2", f"x^2+{a * a}", F))
        out.append(("expression", f"{a}(x+1)", f"{a}x+{a}", T))
        out.append(("expression", f"{a}(x+1)", f"{a}x+1", F))
    return out


def main() -> None:
    rows = []
    for i, (kind, pred, ref, label) in enumerate(HAND + _families() + EXPENSIVE):
        rows.append({"id": f"{kind}-{i:03d}", "type": kind, "prediction": _wrap(pred, i), "reference": ref,
                     "verdict": label})
    for i, (kind, response, ref, label) in enumerate(PROSE):
        rows.append({"id": f"{kind}-{i:03d}", "type": kind, "prediction": response, "reference": ref, "verdict": label})
    write_rows(rows, OUT)
    positives = sum(r["verdict"] for r in rows)
    print(f"wrote {len(rows)} pairs ({positives} equivalent, {len(rows) - positives} not) to {OUT}")


if __name__ == "__main__":
    main()
