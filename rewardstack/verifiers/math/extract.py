"""Find the final answer in free text.

Emphasis is removed first (:func:`~rewardstack.verifiers.math.emphasis.strip_markup`:
``**Answer:** 42`` reads as ``Answer: 42``, while ``2**3`` stays a power).

Precedence (``precedence="last"``, the default): the *markers* of a final
answer are ``\\boxed{}``/``\\fbox{}``, "final answer", "the answer is"/"Answer:"
and GSM8K's ``####``. The marker that occurs **last** in the text wins,
whichever kind it is: a closing ``Answer: C`` beats a ``\\boxed{x > 2}`` used
for an intermediate condition, and a closing ``\\boxed{840}`` beats an earlier
"the answer is 84". A marker counts only when it plausibly introduces an
answer: an empty ``\\boxed{}`` never counts; "the answer is correct",
"answer: we check..." (a judgement or prose word first) and a ``#### Heading``
without a digit or math do not count while a plausible marker exists. Only
when no marker is found at all are the fallbacks tried, in order: a short bare
formula, the last math span (joined with spans that "and"/"or"/"," connect),
the last number. Markers at the same position tie-break by
``extraction_priority``. ``precedence="priority"`` restores the older rule
(the first extractor in ``extraction_priority`` that finds anything wins).
The same rule reads a reference that is a full solution.

Every step is linear in the text (brackets matched once, math spans scanned
once, at most ``_MAX_TRIES`` occurrences of a marker examined), so a
100 KB response cannot make extraction slow.

>>> extract_answer(r"so $x=2$ and the total is \\boxed{\\frac{1}{2}}.")
('\\\\frac{1}{2}', 'boxed')
>>> extract_answer("Natalia sold 48 + 24 = 72 clips.\\n#### 72")
('72', 'gsm8k')
>>> extract_answer(r"Case $\\boxed{x > 2}$ holds, so ... **Answer: C**")
('C', 'answer_is')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from rewardstack.verifiers.math.braces import BracketIndex, find_braced
from rewardstack.verifiers.math.config import DEFAULT_PRIORITY, Extractor
from rewardstack.verifiers.math.emphasis import strip_emphasis, strip_markup
from rewardstack.verifiers.math.spans import math_spans, span_at

__all__ = ["MARKERS", "Precedence", "extract_answer", "extract_reference", "find_braced", "looks_like_solution"]

Precedence = Literal["last", "priority"]
MARKERS: frozenset[str] = frozenset({"boxed", "final_answer", "answer_is", "gsm8k"})

_BOXED = re.compile(r"\\(?:boxed|fbox)\s*")
_BOXED_BARE = re.compile(r"[^\s$]{1,200}")
_ANSWER_IS = re.compile(r"answer(?:\s+(?:is|was|would be|will be)\s*:?|\s*[:=])", re.IGNORECASE)
_FINAL_ANSWER = re.compile(r"final\s+answer\s*(?:is)?\s*[:=]?", re.IGNORECASE)
_GSM8K = re.compile(r"####")
_NUMBER = re.compile(
    r"\b\d{1,2}:[0-5]\d(?::[0-5]\d)?(?:\s?[aApP]\.?[mM]\b\.?)?"  # a clock time, 7:30 pm
    r"|-?\d+(?:,\d{3})*(?:\.\d+)?(?:\s*/\s*\d+)?|-?\.\d+"
)
_END_OF_SENTENCE = re.compile(r"\.(?:\s|$)|\n")
_WINDOW = 4000  # characters after a marker that its answer may span
_MAX_TRIES = 64  # occurrences of one marker examined, from the last, for a plausible one
# First words after "the answer is" / "Answer:" that introduce prose or a judgement, not an answer.
_NOT_ANSWER_WORDS = frozenset(
    "correct incorrect right wrong consistent inconsistent verified valid invalid reasonable plausible "
    "confirmed indeed clear obvious below above follows as given shown not that this these those "
    "therefore thus hence so then because since likely probably we i it in to from of for with by "
    "the an if when whether".split()
)


@dataclass(frozen=True)
class _Hit:
    position: int  # where the marker ends: overlapping markers ("final answer is") tie, then rank decides
    answer: str
    plausible: bool


class _Text:
    """One response with its bracket index and math spans, computed at most once."""

    def __init__(self, text: str):
        self.text = text

    @cached_property
    def braces(self) -> BracketIndex:
        return BracketIndex(self.text, "{")

    @cached_property
    def spans(self) -> list:  # type: ignore[type-arg]
        return math_spans(self.text)


def _last_first(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    matches = list(pattern.finditer(text))
    return reversed(matches[-_MAX_TRIES:])


def _boxed_at(t: _Text, end: int) -> str | None:
    group = t.braces.group(end)
    if group is not None:
        return group[0]
    if end < len(t.text) and t.text[end] == "{":
        return None  # unclosed
    bare = _BOXED_BARE.match(t.text, end)  # "\boxed 5"
    return bare.group(0) if bare else None


def _boxed_hits(t: _Text) -> Iterator[_Hit]:
    for match in _last_first(_BOXED, t.text):
        answer = _boxed_at(t, match.end())
        if answer is not None:
            yield _Hit(match.end(), answer, bool(answer.strip()))


def _phrase_answer(t: _Text, start: int) -> str | None:
    """What follows a phrase marker: a boxed group, a math span, or the rest of the sentence."""
    text = t.text
    while start < len(text) and text[start].isspace():
        start += 1
    lead = start
    while lead < len(text) and text[lead] in "$ ":
        lead += 1
    boxed = _BOXED.match(text, lead)
    if boxed:
        inner = _boxed_at(t, boxed.end())
        if inner is not None:
            return inner
    span = span_at(text, start, _WINDOW)
    if span is not None:
        return span.content
    limit = min(len(text), start + _WINDOW)
    stop = _END_OF_SENTENCE.search(text, start, limit)
    answer = text[start : stop.start() if stop else limit]
    answer = answer.strip().rstrip(".,;:!")
    return answer or None


def _plausible_phrase(answer: str) -> bool:
    first = re.match(r"\s*([A-Za-z]+)", answer)
    if first is None or answer.strip() in ("i", "I"):  # the imaginary unit, choice I
        return True
    return first.group(1).lower() not in _NOT_ANSWER_WORDS


def _phrase_hits(pattern: re.Pattern[str]) -> Callable[[_Text], Iterator[_Hit]]:
    def hits(t: _Text) -> Iterator[_Hit]:
        for match in _last_first(pattern, t.text):
            answer = _phrase_answer(t, match.end())
            if answer is not None:
                yield _Hit(match.end(), answer, _plausible_phrase(answer))

    return hits


def _gsm8k_hits(t: _Text) -> Iterator[_Hit]:
    for match in _last_first(_GSM8K, t.text):
        end = t.text.find("\n", match.end(), match.end() + _WINDOW)
        line = t.text[match.end() : end if end >= 0 else match.end() + _WINDOW].strip().rstrip(".")
        if line:
            plausible = bool(re.search(r"[\d\\$]", line)) or len(line) <= 3
            yield _Hit(match.end(), line, plausible)


_WORD = re.compile(r"(?<![\\a-zA-Z])[a-zA-Z]{3,}")
_FORMULA_WORDS = frozenset({"and", "sin", "cos", "tan", "cot", "sec", "csc", "log", "exp", "sqrt", "infinity", "inf"})
_ONLY_WORDS = re.compile(r"^[A-Za-z][A-Za-z' -]{0,40}$")


def _bare(t: _Text) -> str | None:
    """A short one-line response that is a formula (no prose words) or a short text answer."""
    text = t.text.strip()
    if not text or len(text) > 200 or "\n" in text:
        return None
    if _ONLY_WORDS.match(text) and len(text.split()) <= 3:
        return text  # "yes", "no solution"
    spans = math_spans(text)
    if spans and re.search(r"[A-Za-z]", "".join(_outside(text, spans))):
        return None  # "So $x = 2$ or $x = 3$.": words around math spans are prose
    without_commands = re.sub(r"\\[a-zA-Z]+(?:\{[^{}]*\})?", " ", text)
    if any(w.lower() not in _FORMULA_WORDS for w in _WORD.findall(without_commands)):
        return None
    return text


def _outside(text: str, spans: list) -> Iterator[str]:  # type: ignore[type-arg]
    pos = 0
    for span in spans:
        yield text[pos : span.start]
        pos = span.end
    yield text[pos:]


_JOINER = re.compile(r"^\s*(?:,|and|or|,\s*and|,\s*or)\s*$")


def _latex_math(t: _Text) -> str | None:
    """The last math span, joined with the spans before it that "and"/"or"/"," connect."""
    spans = t.spans
    if not spans:
        return None
    chosen = [spans[-1]]
    for earlier in reversed(spans[:-1]):
        gap = t.text[earlier.end : chosen[0].start]
        if len(gap) > 20 or not _JOINER.match(gap):
            break
        chosen.insert(0, earlier)
    parts = [s.content.strip() for s in chosen]
    return ", ".join(p for p in parts if p) or None


def _last_number(t: _Text) -> str | None:
    found = None
    for found in _NUMBER.finditer(t.text):  # noqa: B007 - we want the last one
        pass
    return found.group(0) if found is not None else None


_MARKER_HITS: dict[str, Callable[[_Text], Iterator[_Hit]]] = {
    "boxed": _boxed_hits,
    "final_answer": _phrase_hits(_FINAL_ANSWER),
    "answer_is": _phrase_hits(_ANSWER_IS),
    "gsm8k": _gsm8k_hits,
}
_FALLBACKS: dict[str, Callable[[_Text], str | None]] = {
    "bare": _bare,
    "latex_math": _latex_math,
    "last_number": _last_number,
}


def _last_marker(t: _Text, markers: Sequence[str]) -> tuple[str, str] | None:
    """The plausible marker that occurs last (ties: earlier in ``markers``); else the last implausible one."""
    best: tuple[int, int, str, str] | None = None  # (position, -rank, answer, name)
    fallback: tuple[int, int, str, str] | None = None
    for rank, name in enumerate(markers):
        first_seen: _Hit | None = None
        for hit in _MARKER_HITS[name](t):
            if not hit.answer.strip():
                continue
            first_seen = first_seen or hit
            if hit.plausible:
                key = (hit.position, -rank, hit.answer.strip(), name)
                best = key if best is None or key[:2] > best[:2] else best
                break
        if first_seen is not None:
            key = (first_seen.position, -rank, first_seen.answer.strip(), name)
            fallback = key if fallback is None or key[:2] > fallback[:2] else fallback
    chosen = best or fallback
    return (chosen[2], chosen[3]) if chosen else None


def _first_by_priority(t: _Text, priority: Sequence[str]) -> tuple[str, str] | None:
    for name in priority:
        if name in MARKERS:
            found = next((h.answer.strip() for h in _MARKER_HITS[name](t) if h.answer.strip()), None)
        else:
            found = (_FALLBACKS[name](t) or "").strip() or None
        if found:
            return found, name
    return None


def extract_answer(text: str, priority: Sequence[Extractor] = DEFAULT_PRIORITY,
                   precedence: Precedence = "last") -> tuple[str, str] | None:
    """``(answer, extractor name)`` by the precedence rule in the module doc, or ``None``."""
    found = _extract(_Text(strip_markup(text)), priority, precedence)
    if found is None or found[0][0] not in "*_":
        return found
    # emphasis around the whole answer inside a math span ($**42**$), which the pass over prose left alone
    answer = strip_emphasis(found[0]).strip()
    return (answer, found[1]) if answer else None


def _extract(t: _Text, priority: Sequence[Extractor], precedence: Precedence) -> tuple[str, str] | None:
    if precedence == "priority":
        return _first_by_priority(t, priority)
    found = _last_marker(t, [name for name in priority if name in MARKERS])
    if found is not None:
        return found
    for name in priority:
        if name not in MARKERS:
            answer = (_FALLBACKS[name](t) or "").strip()
            if answer:
                return answer, name
    return None


_SOLUTION_MARKERS = re.compile(r"\\boxed|\\fbox|####|answer\s+is", re.IGNORECASE)
_REFERENCE_MARKERS: tuple[Extractor, ...] = ("boxed", "gsm8k", "final_answer", "answer_is")


def looks_like_solution(text: str) -> bool:
    """True when ``text`` reads like a worked solution rather than a bare answer."""
    return bool(_SOLUTION_MARKERS.search(text))


def extract_reference(text: str, mode: str = "auto", precedence: Precedence = "last") -> str:
    """The answer inside a reference, which may itself be a full solution (same precedence rule)."""
    if mode == "never" or (mode == "auto" and not looks_like_solution(text)):
        return text.strip()
    found = extract_answer(text, _REFERENCE_MARKERS, precedence)
    if found is None:
        return text.strip()
    return found[0]
