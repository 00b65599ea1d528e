"""Math spans (``$$..$$``, ``$..$``, ``\\(..\\)``, ``\\[..\\]``) found in one linear pass.

A regex such as ``\\\\\\((.+?)\\\\\\)`` rescans to the end of the text from every
opener that has no closer, so 30,000 stray ``\\(`` took seconds. Here a failed
search for a closer is remembered: no later opener of that kind searches again.
Semantics follow that regex alternation (first alternative that matches at a
position wins; contents are non-empty; spans do not overlap).

>>> [(s.content, s.start, s.end) for s in math_spans(r"so $x$ and \\(y+1\\).")]
[('x', 3, 6), ('y+1', 11, 18)]
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Span", "math_spans", "span_at"]

# (opener, closer) in the order the alternatives are tried
_DELIMITERS = (("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]"))


@dataclass(frozen=True)
class Span:
    start: int  # index of the opener
    end: int  # index after the closer
    content: str


class _Finder:
    """``text.find`` that remembers failures: overall linear in ``len(text)`` per needle."""

    def __init__(self, text: str, end: int | None = None):
        self.text = text
        self.end = len(text) if end is None else end
        self.dead: dict[str, int] = {}

    def find(self, needle: str, start: int) -> int:
        dead = self.dead.get(needle)
        if dead is not None and start >= dead:
            return -1
        found = self.text.find(needle, start, self.end)
        if found < 0:
            self.dead[needle] = start
        return found


def _span_from(text: str, pos: int, finder: _Finder) -> Span | None:
    for opener, closer in _DELIMITERS:
        if not text.startswith(opener, pos):
            continue
        content_start = pos + len(opener)
        close = finder.find(closer, content_start + 1)  # at least one character of content
        if close >= 0:
            return Span(pos, close + len(closer), text[content_start:close])
    return None


def math_spans(text: str) -> list[Span]:
    """Every math span in ``text``, left to right."""
    spans: list[Span] = []
    finder = _Finder(text)
    pos, n = 0, len(text)
    dollar = backslash = -1  # next occurrence at or after pos, found lazily (each char scanned once)
    while pos < n:
        if dollar < pos:
            dollar = text.find("$", pos)
            dollar = n if dollar < 0 else dollar
        if backslash < pos:
            backslash = text.find("\\", pos)
            backslash = n if backslash < 0 else backslash
        pos = min(dollar, backslash)
        if pos >= n:
            break
        span = _span_from(text, pos, finder)
        if span is None:
            pos += 2 if text[pos] == "\\" else 1  # a backslash escapes the next character
            continue
        spans.append(span)
        pos = span.end
    return spans


def span_at(text: str, pos: int, window: int = 4000) -> Span | None:
    """The math span opening exactly at ``pos`` (closer within ``window`` characters), or ``None``."""
    return _span_from(text, pos, _Finder(text, min(len(text), pos + window)))
