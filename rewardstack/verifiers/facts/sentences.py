"""Sentences and clauses with their character spans, in one linear pass.

A sentence ends at ``.``, ``!`` or ``?`` followed by white space and a capital,
a digit, a quote or a bracket (not after an abbreviation such as ``e.g.`` or
``Dr.``, and never inside ``2.5``), at a line break, or at a list bullet.
Anything longer than :data:`MAX_SENTENCE` characters is cut at white space:
the extractor's regular expressions then always run on short strings, which is
what keeps a 1 MB response linear.

>>> text = "Take 2.5 mg daily, e.g. with food. Do not exceed 4 g!\\n- Avoid alcohol"
>>> [text[s:e] for s, e in split_sentences(text)]
['Take 2.5 mg daily, e.g. with food.', 'Do not exceed 4 g!', '- Avoid alcohol']
"""

from __future__ import annotations

import re

__all__ = ["MAX_SENTENCE", "split_clauses", "split_sentences"]

MAX_SENTENCE = 600
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[A-Z0-9*•-])|[.!?]+[\"'”’)\]]*\s*$|\n\s*\n?|\s+(?=[•*]\s)")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[eE]\.g|[iI]\.e|etc|vs|approx|[dD]r|[mM]rs?|[mM]s|[pP]rof|[sS]t|[fF]ig|incl|avg|ca|cf|al|resp|[A-Z]))\.$"
)


def _cut_long(start: int, end: int, text: str) -> list[tuple[int, int]]:
    spans = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence of ``text``, trimmed, in order (module docstring)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if match.group().startswith(".") and _ABBREVIATION.search(text, max(start, match.start() - 8),
                                                                  match.start() + 1):
            continue
        span = _trimmed(text, start, end)
        if span is not None:
            spans.extend(_cut_long(*span, text))
        start = end
    span = _trimmed(text, start, len(text))
    if span is not None:
        spans.extend(_cut_long(*span, text))
    return spans


def split_clauses(text: str, start: int, end: int, breaks: re.Pattern[str] | None) -> list[tuple[int, int]]:
    """The clauses of ``text[start:end]`` split at ``breaks`` (a pack's ``clause_breaks``), as absolute spans.

    >>> split_clauses("A helps; B hurts, but C is fine", 0, 31, re.compile(r";|,\\s*but\\b"))
    [(0, 7), (9, 16), (22, 31)]
    """
    if breaks is None:
        return [(start, end)]
    spans, at = [], start
    for match in breaks.finditer(text, start, end):
        span = _trimmed(text, at, match.start())
        if span is not None:
            spans.append(span)
        at = match.end()
    span = _trimmed(text, at, end)
    if span is not None:
        spans.append(span)
    return spans
