"""Find the final answer in free text.

Each extractor returns the *last* occurrence of its pattern, or ``None``;
:func:`extract_answer` tries them in the configured priority. All regexes are
linear (no nested quantifiers), so a 100 KB response cannot make them
backtrack.

>>> extract_answer(r"so $x=2$ and the total is \\boxed{\\frac{1}{2}}.")
('\\\\frac{1}{2}', 'boxed')
>>> extract_answer("Natalia sold 48 + 24 = 72 clips.\\n#### 72")
('72', 'gsm8k')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rewardstack.verifiers.math.config import DEFAULT_PRIORITY, Extractor

__all__ = ["extract_answer", "extract_reference", "find_braced", "looks_like_solution"]

_BOXED = re.compile(r"\\(?:boxed|fbox)\s*")
_ANSWER_IS = re.compile(r"answer(?:\s+(?:is|was|would be|will be)\s*:?|\s*[:=])", re.IGNORECASE)
_FINAL_ANSWER = re.compile(r"final\s+answer\s*(?:is)?\s*[:=]?", re.IGNORECASE)
_GSM8K = re.compile(r"####")
_MATH_SPANS = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
_NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?(?:\s*/\s*\d+)?|-?\.\d+")
_END_OF_SENTENCE = re.compile(r"\.(?:\s|$)|\n")


def find_braced(text: str, start: int) -> tuple[str, int] | None:
    """The content of the ``{...}`` group opening at ``text[start]`` and the index after it."""
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[start + 1 : i], i + 1
        i += 1
    return None


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - we want the last one
        pass
    return found


def _boxed(text: str) -> str | None:
    for match in reversed(list(_BOXED.finditer(text))):
        end = match.end()
        group = find_braced(text, end)
        if group is not None:
            return group[0]
        bare = re.match(r"[^\s$]+", text[end:])  # "\boxed 5"
        if bare:
            return bare.group(0)
    return None


def _after_phrase(pattern: re.Pattern[str]) -> Callable[[str], str | None]:
    def extractor(text: str) -> str | None:
        last = _last_match(pattern, text)
        if last is None:
            return None
        rest = text[last.end() :].lstrip()
        if _BOXED.match(rest.lstrip("$ ")):
            inner = _boxed(rest.lstrip("$ ")[:2000])
            if inner is not None:
                return inner
        span = _MATH_SPANS.match(rest)
        if span:
            return next(g for g in span.groups() if g is not None)
        stop = _END_OF_SENTENCE.search(rest)
        answer = rest[: stop.start()] if stop else rest
        answer = answer.strip().rstrip(".,;:!")
        return answer or None

    return extractor


def _gsm8k(text: str) -> str | None:
    last = _last_match(_GSM8K, text)
    if last is None:
        return None
    line = text[last.end() :].split("\n", 1)[0].strip().rstrip(".")
    return line or None


_WORD = re.compile(r"(?<![\\a-zA-Z])[a-zA-Z]{3,}")
_FORMULA_WORDS = frozenset({"and", "sin", "cos", "tan", "cot", "sec", "csc", "log", "exp", "sqrt", "infinity", "inf"})
_ONLY_WORDS = re.compile(r"^[A-Za-z][A-Za-z' -]{0,40}$")


def _bare(text: str) -> str | None:
    """A short one-line response that is a formula (no prose words) or a short text answer."""
    text = text.strip()
    if not text or len(text) > 200 or "\n" in text:
        return None
    if _ONLY_WORDS.match(text) and len(text.split()) <= 3:
        return text  # "yes", "no solution"
    if _MATH_SPANS.search(text) and re.search(r"[A-Za-z]", _MATH_SPANS.sub(" ", text)):
        return None  # "So $x = 2$ or $x = 3$.": words around math spans are prose
    without_commands = re.sub(r"\\[a-zA-Z]+(?:\{[^{}]*\})?", " ", text)
    if any(w.lower() not in _FORMULA_WORDS for w in _WORD.findall(without_commands)):
        return None
    return text


_JOINER = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or)\s*$")


def _latex_math(text: str) -> str | None:
    """The last math span, joined with the spans before it that "and"/"or"/"," connect."""
    spans = list(_MATH_SPANS.finditer(text))
    if not spans:
        return None
    chosen = [spans[-1]]
    for earlier in reversed(spans[:-1]):
        if not _JOINER.match(text[earlier.end() : chosen[0].start()]):
            break
        chosen.insert(0, earlier)
    parts = [next(g for g in m.groups() if g is not None).strip() for m in chosen]
    return ", ".join(p for p in parts if p) or None


def _last_number(text: str) -> str | None:
    last = _last_match(_NUMBER, text)
    return last.group(0) if last is not None else None


_EXTRACTORS: dict[str, Callable[[str], str | None]] = {
    "boxed": _boxed,
    "answer_is": _after_phrase(_ANSWER_IS),
    "final_answer": _after_phrase(_FINAL_ANSWER),
    "gsm8k": _gsm8k,
    "bare": _bare,
    "latex_math": _latex_math,
    "last_number": _last_number,
}


def extract_answer(text: str, priority: Sequence[Extractor] = DEFAULT_PRIORITY) -> tuple[str, str] | None:
    """``(answer, extractor name)`` from the first extractor in ``priority`` that finds one."""
    for name in priority:
        found = _EXTRACTORS[name](text)
        if found is not None and found.strip():
            return found.strip(), name
    return None


_SOLUTION_MARKERS = re.compile(r"\\boxed|\\fbox|####|answer\s+is", re.IGNORECASE)


def looks_like_solution(text: str) -> bool:
    """True when ``text`` reads like a worked solution rather than a bare answer."""
    return bool(_SOLUTION_MARKERS.search(text))


def extract_reference(text: str, mode: str = "auto") -> str:
    """The answer inside a reference, which may itself be a full solution."""
    if mode == "never" or (mode == "auto" and not looks_like_solution(text)):
        return text.strip()
    found = extract_answer(text, ("boxed", "gsm8k", "final_answer", "answer_is"))
    if found is None:
        return text.strip()
    return found[0]
