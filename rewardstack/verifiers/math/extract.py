"""Find the final answer in free text.

Emphasis is removed first (:func:`~rewardstack.verifiers.math.emphasis.strip_markup`:
``**Answer:** 42`` reads as ``Answer: 42``, while ``2**3`` stays a power).

Precedence (``precedence="last"``, the default): the *markers* of a final
answer are ``\\boxed{}``/``\\fbox{}``, "final answer", "the answer is"/"Answer:"
(also "the correct option/choice is") and GSM8K's ``####``. The marker that occurs **last** in the text wins,
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
from typing import Literal

from rewardstack.verifiers.math.braces import BracketIndex, find_braced
from rewardstack.verifiers.math.config import DEFAULT_PRIORITY, Extractor
from rewardstack.verifiers.math.emphasis import strip_emphasis, strip_markup
from rewardstack.verifiers.math.spans import Span, math_spans, span_at

__all__ = ["MARKERS", "Precedence", "extract_answer", "extract_reference", "find_braced", "looks_like_solution"]

Precedence = Literal["last", "priority"]
MARKERS: frozenset[str] = frozenset({"boxed", "final_answer", "answer_is", "gsm8k"})

_BOXED = re.compile(r"\\(?:boxed|fbox)\s*")
_BOXED_BARE = re.compile(r"[^\s$]{1,200}")
_ANSWER_IS = re.compile(
    r"(?:answer|(?:correct|right|best)\s+(?:option|choice))(?:\s+(?:is|was|would be|will be)\s*:?|\s*[:=])",
    re.IGNORECASE,
)
# words between "the answer is" and the answer itself: skipped ("the answer is indeed 5")
_LEAD_WORDS = re.compile(
    r"(?:(?:indeed|still|also|again|definitely|clearly|certainly|exactly|just|simply|now|actually|really|"
    r"surely|obviously|probably|likely|therefore|thus|hence|then|so)\b[\s,:]*)+",
    re.IGNORECASE,
)
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
    "confirmed clear obvious below above follows as given shown not that this these those "
    "because since we i it in to from of for with by the an if when whether".split()
)


class _Text:
    """One response with its bracket index and math spans, computed at most once."""

    def __init__(self, text: str):
        self.text = text
        self._braces: BracketIndex | None = None
        self._spans: list[Span] | None = None
        self._lower: str | None = None

    def may_have(self, name: str) -> bool:
        """False when marker ``name`` cannot occur (a substring test in C, before any regex)."""
        if name == "boxed":
            return "\\boxed" in self.text or "\\fbox" in self.text
        if name == "gsm8k":
            return "####" in self.text
        if self._lower is None:
            self._lower = self.text.lower()
        if name == "final_answer":
            return "final" in self._lower
        return "answer" in self._lower or "option" in self._lower or "choice" in self._lower

    @property
    def braces(self) -> BracketIndex:
        if self._braces is None:  # a plain attribute: functools.cached_property takes a lock on every read
            self._braces = BracketIndex(self.text, "{")
        return self._braces

    @property
    def spans(self) -> list[Span]:
        if self._spans is None:
            self._spans = math_spans(self.text)
        return self._spans


def _boxed_at(t: _Text, end: int) -> str | None:
    group = t.braces.group(end)
    if group is not None:
        return group[0]
    if end < len(t.text) and t.text[end] == "{":
        return None  # unclosed
    bare = _BOXED_BARE.match(t.text, end)  # "\boxed 5"
    return bare.group(0) if bare else None


def _read_boxed(t: _Text, end: int) -> tuple[str, bool] | None:
    answer = _boxed_at(t, end)
    return None if answer is None else (answer, bool(answer.strip()))


def _phrase_answer(t: _Text, start: int) -> str | None:
    """What follows a phrase marker: a boxed group, a math span, or the rest of the sentence."""
    text = t.text
    while start < len(text) and text[start].isspace():
        start += 1
    lead_words = _LEAD_WORDS.match(text, start, start + 200)
    start = lead_words.end() if lead_words else start
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


def _read_phrase(t: _Text, end: int) -> tuple[str, bool] | None:
    answer = _phrase_answer(t, end)
    return None if answer is None else (answer, _plausible_phrase(answer))


def _read_gsm8k(t: _Text, end: int) -> tuple[str, bool] | None:
    stop = t.text.find("\n", end, end + _WINDOW)
    line = t.text[end : stop if stop >= 0 else end + _WINDOW].strip().rstrip(".")
    if not line:
        return None
    return line, bool(re.search(r"[\d\\$]", line)) or len(line) <= 3  # "#### Verification" is a heading


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


def _outside(text: str, spans: list[Span]) -> Iterator[str]:
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


_MARKERS: dict[str, tuple[re.Pattern[str], Callable[[_Text, int], tuple[str, bool] | None]]] = {
    "boxed": (_BOXED, _read_boxed),
    "final_answer": (_FINAL_ANSWER, _read_phrase),
    "answer_is": (_ANSWER_IS, _read_phrase),
    "gsm8k": (_GSM8K, _read_gsm8k),
}
_FALLBACKS: dict[str, Callable[[_Text], str | None]] = {
    "bare": _bare,
    "latex_math": _latex_math,
    "last_number": _last_number,
}


def _occurrences(t: _Text, markers: Sequence[str]) -> list[tuple[int, int, str]]:
    """``(end, -rank, name)`` of the last ``_MAX_TRIES`` occurrences of each marker, latest first."""
    found: list[tuple[int, int, str]] = []
    for rank, name in enumerate(markers):
        if t.may_have(name):
            ends = [m.end() for m in _MARKERS[name][0].finditer(t.text)]
            found.extend((end, -rank, name) for end in ends[-_MAX_TRIES:])
    return sorted(found, reverse=True)


def _read(t: _Text, end: int, name: str) -> tuple[str, bool] | None:
    read = _MARKERS[name][1](t, end)
    if read is None or not read[0].strip():
        return None  # an empty \boxed{} or a marker with nothing after it never counts
    return read[0].strip(), read[1]


def _last_marker(t: _Text, markers: Sequence[str]) -> tuple[str, str] | None:
    """The plausible marker that ends last (ties: earlier in ``markers``); else the last implausible one.

    Occurrences are read latest first and only until a plausible one is found.
    """
    fallback: tuple[str, str] | None = None
    for end, _, name in _occurrences(t, markers):
        read = _read(t, end, name)
        if read is None:
            continue
        if read[1]:
            return read[0], name
        fallback = fallback or (read[0], name)
    return fallback


def _first_by_priority(t: _Text, priority: Sequence[str]) -> tuple[str, str] | None:
    for name in priority:
        if name in MARKERS:
            found = next((r[0] for end, _, _ in _occurrences(t, [name]) if (r := _read(t, end, name))), None)
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
        return strip_markup(text).strip()  # "**C**" as a reference is C, as in a response
    found = extract_answer(text, _REFERENCE_MARKERS, precedence)
    if found is None:
        return text.strip()
    return found[0]
