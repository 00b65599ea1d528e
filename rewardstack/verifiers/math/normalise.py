"""Turn an extracted answer into one canonical LaTeX-ish string.

Both the fast path (string equality, :mod:`fractions`) and the parser read
this form: ``\\dfrac`` is ``\\frac``, ``\\left``/spacing commands are gone,
``\\text{..}`` is unwrapped, units and degree marks are stripped by policy,
unicode symbols are LaTeX commands, ``\\frac12`` has braces. Single letters are
never stripped as units (the Qwen grader bug that made ``a+b`` equal ``c+b``).

>>> normalise(r"\\$\\dfrac12 \\text{ cm}.")
'\\\\frac{1}{2}'
>>> normalise("1,234,567")
'1234567'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rewardstack.verifiers.math.emphasis import unwrap_commands

__all__ = ["canonical", "normalise", "unwrap_command"]

_UNICODE = {
    "\u2212": "-", "\u2013": "-", "\u00d7": r"\times ", "\u22c5": r"\cdot ", "\u00b7": r"\cdot ",
    "\u00f7": r"\div ", "\u221a": r"\sqrt", "\u03c0": r"\pi ", "\u221e": r"\infty ", "\u2264": r"\le ",
    "\u2265": r"\ge ", "\u2260": r"\ne ", "\u00b0": r"^\circ", "\u222a": r"\cup ", "\u2229": r"\cap ",
    "\u27e8": r"\langle ", "\u27e9": r"\rangle ", "\u2329": r"\langle ", "\u232a": r"\rangle ",
}
# (pattern, replacement, needles): a pattern runs only when one of its needles occurs (speed)
_SIMPLE: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = [
    (re.compile(r"\\[dtc]frac"), r"\\frac", ("frac",)),
    (re.compile(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)\s*\.?"), "", ("\\left", "\\right", "\\big", "\\Big")),
    (re.compile(r"\\(?:displaystyle|textstyle|limits|nolimits)"), "", ("style", "limits")),
    (re.compile(r"(\d)\s*(?:\\[,;: ]|\{,\}|\\!)\s*(\d{3})(?!\d)"), r"\1\2", ("\\", "{,}")),
    (re.compile(r"(?<!\\)\\[!,;: ]|\\q?quad|~"), " ", ("\\", "~")),
    (re.compile(r"\\leq?slant|\\leq?(?![a-z])"), r"\\le ", ("\\le",)),
    (re.compile(r"\\geq?slant|\\geq?(?![a-z])"), r"\\ge ", ("\\ge",)),
    (re.compile(r"\\neq?(?![a-z])"), r"\\ne ", ("\\ne",)),
    (re.compile(r"\\lt(?![a-z])"), "<", ("\\lt",)),
    (re.compile(r"\\gt(?![a-z])"), ">", ("\\gt",)),
    (re.compile(r"<=|=<"), r"\\le ", ("<=", "=<")),
    (re.compile(r">=|=>"), r"\\ge ", (">=", "=>")),
    (re.compile(r"!="), r"\\ne ", ("!=",)),
    (re.compile(r"\\%"), "%", ("%",)),
    (re.compile(r"\*\*"), "^", ("**",)),
    (re.compile(r"\\(?:dots|ldots|cdots)"), "...", ("dots",)),
    (re.compile(r"\\(?:emptyset|varnothing)(?![a-zA-Z])|\\\{\s*\\\}"), r"\\{\\}",
     ("\\emptyset", "\\varnothing", "\\{")),
    (re.compile(r"\\mathbb\s*\{?\s*R\s*\}?"), r"(-\\infty, \\infty)", ("\\mathbb",)),
    (re.compile(r"\\langle(?![a-zA-Z])"), "(", ("\\langle",)),
    (re.compile(r"\\rangle(?![a-zA-Z])"), ")", ("\\rangle",)),
]
_TEXT_COMMANDS = ("text", "textbf", "textit", "textrm", "mathrm", "mathbf", "mathit", "mbox", "operatorname", "mathsf",
                  "emph", "underline", "boldsymbol", "bm", "boxed")
_BARE_WORDS = re.compile(r"(?<![\\a-zA-Z])(sqrt|pi|infty|infinity|inf|sin|cos|tan|ln|log|exp)(?![a-zA-Z])")
_DEGREES = re.compile(r"\^\s*\{?\s*\\circ\s*\}?|\\circ|\\degree|\s*\bdegrees?\b")
_LEADING_CURRENCY = re.compile(r"^\s*(?:\\\$|\$|USD\s*)")
_UNIT_WORDS = (
    "cm|mm|km|m|kg|mg|g|ml|mL|L|s|sec|secs|seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|"
    "inch(?:es)?|in|feet|foot|ft|yards?|yd|miles?|mi|mph|kph|meters?|metres?|centimeters?|millimeters?|"
    "kilometers?|kilograms?|grams?|pounds?|lbs?|ounces?|oz|liters?|litres?|gallons?|dollars?|cents?|"
    "units?|square\\s+units?|sq\\s+units?|cubic\\s+units?|points?|percent"
)
_TRAILING_UNIT = re.compile(
    rf"(?<=[\d}}).%\s])\s*(?:{_UNIT_WORDS})(?:\s*\^\s*\{{?[23]\}}?|[23²³])?(?:\s*/\s*(?:h|hr|s|min|{_UNIT_WORDS}))?\s*$"
)
_SET_BUILDER = re.compile(r"^\\\{\s*[a-zA-Z]\s*(?:\\mid|\||:)\s*(.+?)\s*\\\}$")
_MEMBERSHIP = re.compile(r"^\s*[a-zA-Z]\s*\\in\s*")
_TRIG_DEGREES = re.compile(
    r"(\\(?:sin|cos|tan|cot|sec|csc))\s*\(?\s*(\d+(?:\.\d+)?)\s*(?:\^\s*\{?\s*\\circ\s*\}?|°)\s*\)?"
)
# "72 clips": checked in two steps, because one regex with a repeated word group backtracks cubically
_NUMBER_THEN_TEXT = re.compile(r"^(-?[\d.,/]+%?)\s+([a-zA-Z][a-zA-Z ]*)$")
_SPACES = re.compile(r"\s+")
_THOUSANDS = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?$")
_SHORT_FRAC = re.compile(r"\\frac\s*(\d)\s*(\d)")
_SHORT_FRAC_2 = re.compile(r"\\frac\s*(\{[^{}]*\})\s*([0-9a-zA-Z])")
_SHORT_FRAC_3 = re.compile(r"\\frac\s*([0-9a-zA-Z])\s*(\{[^{}]*\})")
_SHORT_SQRT = re.compile(r"\\sqrt\s*([0-9a-zA-Z])")


def unwrap_command(text: str, name: str) -> str:
    r"""Replace every ``\name{X}`` by ``X`` (balanced braces, linear time)."""
    return unwrap_commands(text, (name,))


def _number_then_words(text: str) -> str | None:
    """``72 clips`` -> ``72`` (one to three words of three or more letters after a number)."""
    match = _NUMBER_THEN_TEXT.match(text)
    if match is None:
        return None
    words = match.group(2).split()
    return match.group(1) if 1 <= len(words) <= 3 and all(len(w) >= 3 for w in words) else None


def _strip_delimiters(text: str) -> str:
    text = text.strip()
    for left, right in (("$$", "$$"), ("$", "$"), (r"\(", r"\)"), (r"\[", r"\]")):
        if text.startswith(left) and text.endswith(right) and len(text) > len(left) + len(right):
            text = text[len(left) : len(text) - len(right)].strip()
    return text


def normalise(text: str, policy: Mapping[str, object] | None = None) -> str:
    """The canonical form of one answer string (see module doc)."""
    policy = policy or {}
    # whitespace runs collapse first and after every step that makes spaces: no regex below
    # then meets a long run, so none of them can backtrack quadratically
    text = _SPACES.sub(" ", _strip_delimiters(text)).rstrip(".").strip()
    for char, repl in _UNICODE.items():
        if char in text:
            text = text.replace(char, repl)
    for pattern, repl, needles in _SIMPLE:
        for needle in needles:  # a plain loop: a generator per pattern cost more than most subs
            if needle in text:
                text = pattern.sub(repl, text)
                break
    text = _SPACES.sub(" ", unwrap_commands(text, _TEXT_COMMANDS))
    text = _BARE_WORDS.sub(lambda m: "\\" + _bare_word(m.group(1)), text)
    text = _TRIG_DEGREES.sub(r"\1(\2 \\cdot \\frac{\\pi}{180})", text)  # sin 60° is sin(pi/3)
    if policy.get("strip_variable_assignment", True):
        text = _SET_BUILDER.sub(r"\1", text.strip())  # \{x \mid x > 2\} -> x > 2
        text = _MEMBERSHIP.sub("", text)  # x \in [2, 5]
    if policy.get("degrees", "strip") == "strip":
        text = _DEGREES.sub("", text)
    if policy.get("units", "strip") == "strip":
        text = _LEADING_CURRENCY.sub("", text)
        text = text.replace(r"\$", "")
        stripped = _TRAILING_UNIT.sub("", text.strip())
        text = _number_then_words(stripped) or stripped
    text = _SHORT_FRAC.sub(r"\\frac{\1}{\2}", text)
    text = _SHORT_FRAC_2.sub(r"\\frac\1{\2}", text)
    text = _SHORT_FRAC_3.sub(r"\\frac{\1}\2", text)
    text = _SHORT_SQRT.sub(r"\\sqrt{\1}", text)
    text = re.sub(r"\s+", " ", text).strip().rstrip(".").strip()
    if policy.get("thousands_separators", True) and _THOUSANDS.match(text):
        text = text.replace(",", "")
    return text


def _bare_word(word: str) -> str:
    return {"infinity": "infty", "inf": "infty"}.get(word, word) + " "


def canonical(text: str) -> str:
    """``text`` without whitespace: the key for string equality."""
    return re.sub(r"\s+", "", text)
