"""The shape of an answer: a value, a relation, an interval, a sequence, a matrix.

``(a, b)`` is ambiguous (open interval or ordered pair) and stays a
:class:`Pair` until compared; ``[a, b)`` / ``(a, b]`` / ``[a, b]`` are
intervals; ``\\{..\\}`` is a set (unordered); ``(a, b, c)`` a tuple (ordered);
a bare ``a, b`` a list (order by policy); ``A \\cup B`` a union; ``x \\le 3``
or ``1 < x < 2`` a relation; ``\\pm`` gives a two-element list. A name bound to
a bracketed answer (``P = (2, 3)``, ``\\vec{v} = (1, 2)``, ``A = [0, 1)``, a
point ``P(2, 3)``), or a function value (``P(A) = 0.3``, ``f(2) = 5``,
``f(x) = 2x + 1``), is that answer with ``name`` set. Text that reads as prose
(two or more words of four letters or more) is refused as such, and every
:class:`ParseError` names the offending token and the text around it.

>>> parse_structure(r"[1, 2)").kind
'interval'
>>> parse_structure(r"\\{3, 1\\}").kind
'set'
>>> named = parse_structure("P = (2, 3)")
>>> named.kind, named.name
('pair', 'P')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import sympy

from rewardstack.verifiers.math.parse import GREEK, ParseError, Parser, Token, tokenize

__all__ = ["Answer", "RELATIONS", "parse_structure", "unnamed"]

RELATIONS = {"=": "=", "<": "<", ">": ">", "\\le": "<=", "\\ge": ">=", "\\ne": "!="}
_OPEN = {"(", "[", "{", "\\{"}
_CLOSE = {")", "]", "}", "\\}"}
_MATRIX = re.compile(r"\\begin\{[pbvBV]?matrix\*?\}|\\begin\{array\}")


@dataclass
class Answer:
    """One parsed answer. ``kind``: value | relation | interval | pair | tuple | set | list | matrix."""

    kind: str
    value: sympy.Basic | None = None  # value: Expr; interval: Set
    items: list[Answer] = field(default_factory=list)  # pair/tuple/set/list; matrix: rows as lists
    ops: list[str] = field(default_factory=list)  # relation operators between items
    approximate: bool = False
    brackets: str = ""  # interval/pair: the two bracket characters
    shape: tuple[int, int] = (0, 0)
    name: str = ""  # "P" in "P = (2, 3)"


def unnamed(answer: Answer) -> Answer:
    """``answer`` without its name (``P = (2, 3)`` -> ``(2, 3)``)."""
    return replace(answer, name="") if answer.name else answer


def _split(tokens: list[Token], seps: set[str]) -> list[list[Token]]:
    parts: list[list[Token]] = [[]]
    depth = 0
    for tok in tokens:
        if tok.text in _OPEN or tok.kind == "begin" or tok.text in ("\\lfloor", "\\lceil"):
            depth += 1
        elif tok.text in _CLOSE or tok.kind == "end" or tok.text in ("\\rfloor", "\\rceil"):
            depth -= 1
        if depth == 0 and tok.text in seps:
            parts.append([])
        else:
            parts[-1].append(tok)
    return parts


def _wrapped(tokens: list[Token]) -> bool:
    """True when the first token's bracket closes exactly at the last token."""
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.text in _OPEN:
            depth += 1
        elif tok.text in _CLOSE:
            depth -= 1
            if depth == 0:
                return i == len(tokens) - 1
    return False


def _expr(tokens: list[Token], policy: Mapping[str, object]) -> Answer:
    if not tokens:
        raise ParseError("empty element")
    parser = Parser(tokens, policy)
    value = parser.expression()
    if not parser.done():
        raise parser.error(f"unexpected {parser.peek().text!r}")  # type: ignore[union-attr]
    return Answer("value", value=value, approximate=parser.approximate)


def _interval(left: str, right: str, lo: Answer, hi: Answer) -> Answer:
    a, b = lo.value, hi.value
    if not (isinstance(a, sympy.Expr) and isinstance(b, sympy.Expr)) or not (a.is_extended_real and b.is_extended_real):
        raise ParseError("interval endpoints must be real numbers")
    interval = sympy.Interval(a, b, left_open=left == "(", right_open=right == ")")
    return Answer("interval", value=interval, items=[lo, hi], brackets=left + right,
                  approximate=lo.approximate or hi.approximate)


def _element(tokens: list[Token], policy: Mapping[str, object]) -> Answer:
    if not tokens:
        raise ParseError("empty answer")
    pm = [i for i, t in enumerate(tokens) if t.text in ("\\pm", "\\mp")]
    if len(pm) == 1:
        plus = [*tokens[: pm[0]], Token("op", "+"), *tokens[pm[0] + 1 :]]
        minus = [*tokens[: pm[0]], Token("op", "-"), *tokens[pm[0] + 1 :]]
        return Answer("list", items=[_element(plus, policy), _element(minus, policy)])
    if tokens[0].kind == "begin" and tokens[-1].kind == "end":
        return _matrix(tokens[1:-1], policy)
    unions = _split(tokens, {"\\cup"})
    if len(unions) > 1:
        members = [_element(u, policy) for u in unions]
        sets = [_as_set(m) for m in members]
        return Answer("interval", value=sympy.Union(*sets), items=members, brackets="union")
    if tokens[0].text == "\\{" and tokens[-1].text == "\\}" and _wrapped(tokens):
        inner = tokens[1:-1]
        items = [_element(p, policy) for p in _split(inner, {","})] if inner else []
        return Answer("set", items=items)
    if tokens[0].text in ("(", "[") and tokens[-1].text in (")", "]") and _wrapped(tokens):
        parts = _split(tokens[1:-1], {","})
        if len(parts) == 2:
            lo, hi = (_element(p, policy) for p in parts)
            left, right = tokens[0].text, tokens[-1].text
            if left + right == "()":
                return Answer("pair", items=[lo, hi], brackets="()")
            return _interval(left, right, lo, hi)
        if len(parts) > 2:
            return Answer("tuple", items=[_element(p, policy) for p in parts], brackets=tokens[0].text)
    parts = _split(tokens, {","})
    if len(parts) > 1:
        return Answer("list", items=[_element(p, policy) for p in parts if p])
    named = _named(tokens, policy)
    if named is not None:
        return named
    rel_parts = _split(tokens, set(RELATIONS))
    if len(rel_parts) == 2 and _is_variable_tuple(rel_parts[0]) and any(t.text == "=" for t in tokens):
        return _element(rel_parts[1], policy)  # (x, y) = (1, 2)
    if len(rel_parts) > 1:
        ops = [RELATIONS[t.text] for t in tokens if t.text in RELATIONS and _depth_zero(tokens, t)]
        items = [_expr(p, policy) for p in rel_parts]
        return Answer("relation", items=items, ops=ops, approximate=any(i.approximate for i in items))
    return _expr(tokens, policy)


_NAME_COMMANDS = frozenset({"\\vec", "\\overrightarrow", "\\overline", "\\hat"})


def _name_length(tokens: list[Token]) -> int:
    """How many leading tokens form a name: ``P``, ``P_1``, ``P'``, ``\\alpha``, ``\\vec{v}``; 0 if none."""
    if not tokens:
        return 0
    first = tokens[0]
    if first.text in _NAME_COMMANDS:  # \vec{v}, \vec v
        if len(tokens) > 1 and tokens[1].kind == "id":
            return 2
        close = next((i for i, t in enumerate(tokens[:10]) if t.text == "}"), 0)
        letters = tokens[2:close]
        return close + 1 if close and tokens[1].text == "{" and letters and all(t.kind == "id" for t in letters) else 0
    if first.kind != "id" and not (first.kind == "cmd" and first.text[1:] in GREEK):
        return 0
    n = 1
    if len(tokens) > n + 1 and tokens[n].text == "_":  # P_1, P_{12}
        if tokens[n + 1].kind in ("id", "num"):
            n += 2
        else:
            close = next((i for i in range(n + 2, min(len(tokens), n + 8)) if tokens[i].text == "}"), 0)
            n = close + 1 if close and tokens[n + 1].text == "{" else n
    while n < len(tokens) and tokens[n].text == "'":
        n += 1
    return n


def _function_name(tokens: list[Token]) -> int:
    """Tokens of ``P(A) =``, ``E(X) =``, ``f(2) =``, ``f(x) =`` before the ``=`` (0 if none).

    A capital letter may take any argument; a small letter only one number or one other letter,
    so that ``x(x+1) = 0`` stays an equation.
    """
    if len(tokens) < 5 or tokens[0].kind != "id" or tokens[1].text != "(":
        return 0
    close = next((i for i, t in enumerate(tokens) if t.text == ")"), 0)
    if close < 3 or close + 1 >= len(tokens) or tokens[close + 1].text != "=" or not _wrapped(tokens[1 : close + 1]):
        return 0
    if sum(t.text == "=" for t in tokens[close + 2 :]) or any(t.text in RELATIONS for t in tokens[close + 2 :]):
        return 0  # a chain or a second relation: not a plain definition
    inner = tokens[2:close]
    name = tokens[0].text
    simple = len(inner) == 1 and (inner[0].kind == "num" or (inner[0].kind == "id" and inner[0].text != name))
    return close + 1 if name.isupper() or simple else 0


def _named(tokens: list[Token], policy: Mapping[str, object]) -> Answer | None:
    """``P = (2, 3)``, ``\\vec{v} = \\begin{pmatrix}..``, ``A = [0, 1)``, a point ``P(2, 3)``, or ``P(A) = 0.3``."""
    function = _function_name(tokens)
    if function:
        return replace(_element(tokens[function + 1 :], policy), name="".join(t.text for t in tokens[:function]))
    n = _name_length(tokens)
    if n == 0 or n >= len(tokens):
        return None
    assigned = tokens[n].text == "="
    rest = tokens[n + 1 :] if assigned else tokens[n:]
    if not rest:
        return None
    if assigned:
        bracketed = rest[0].text in ("(", "[", "\\{") and rest[-1].text in (")", "]", "\\}") and _wrapped(rest)
        if not (bracketed or (rest[0].kind == "begin" and rest[-1].kind == "end")):
            return None
    else:  # a point: a capital letter right before a parenthesised tuple ("f(2, 3)" is a function call)
        point = tokens[0].kind == "id" and tokens[0].text.isupper() and rest[0].text == "(" and rest[-1].text == ")"
        if not (point and _wrapped(rest) and len(_split(rest[1:-1], {","})) >= 2):
            return None
    answer = _element(rest, policy)
    if answer.kind == "value":
        return None
    return replace(answer, name="".join(t.text for t in tokens[:n]))


def _is_variable_tuple(tokens: list[Token]) -> bool:
    """``(x, y)``: bracketed, comma-separated single letters."""
    if len(tokens) < 5 or tokens[0].text != "(" or tokens[-1].text != ")":
        return False
    inner = tokens[1:-1]
    return all(t.kind == "id" for t in inner[::2]) and all(t.text == "," for t in inner[1::2])


def _depth_zero(tokens: list[Token], target: Token) -> bool:
    depth = 0
    for tok in tokens:
        if tok is target:
            return depth == 0
        if tok.text in _OPEN:
            depth += 1
        elif tok.text in _CLOSE:
            depth -= 1
    return False


def _matrix(tokens: list[Token], policy: Mapping[str, object]) -> Answer:
    if tokens and tokens[0].text == "{":  # array column spec: {cc}
        close = next((i for i, t in enumerate(tokens) if t.text == "}"), None)
        tokens = tokens[close + 1 :] if close is not None else tokens
    rows = [r for r in _split(tokens, {"\\\\"}) if r]
    grid = [[_expr(cell, policy) for cell in _split(row, {"&"})] for row in rows]
    widths = {len(r) for r in grid}
    if len(widths) != 1:
        raise ParseError("matrix rows have different lengths")
    flat = [cell for row in grid for cell in row]
    return Answer("matrix", items=flat, shape=(len(grid), widths.pop()))


def _as_set(answer: Answer) -> sympy.Set:
    if answer.kind == "interval" and isinstance(answer.value, sympy.Set):
        return answer.value
    if answer.kind == "pair":
        lo, hi = answer.items
        return _interval("(", ")", lo, hi).value  # type: ignore[return-value]
    if answer.kind == "set":
        return sympy.FiniteSet(*[i.value for i in answer.items])
    if answer.kind == "value" and answer.value is not None:
        return sympy.FiniteSet(answer.value)
    raise ParseError(f"a {answer.kind} cannot be part of a union")


_CONNECTIVES = re.compile(r"\s(?:or|and)\s|\\(?:text|mbox)\{\s*(?:or|and)\s*\}|\\(?:lor|vee)\b")


_PROSE_WORD = re.compile(r"(?<![\\a-zA-Z])[a-zA-Z]{4,}(?:'[a-z]+)?")
_FORMULA_WORDS = frozenset({"sqrt", "infty", "infinity"})


_ENVIRONMENT = re.compile(r"\\(?:begin|end)\s*\{[^{}]*\}")


def _prose(text: str) -> ParseError | None:
    words = [w for w in _PROSE_WORD.findall(_ENVIRONMENT.sub(" ", text)) if w.lower() not in _FORMULA_WORDS]
    if len(words) < 2:
        return None
    shown = ", ".join(repr(w) for w in words[:4]) + (", ..." if len(words) > 4 else "")
    return ParseError(f"it reads as prose, not a math expression (words {shown})")


def parse_structure(text: str, policy: Mapping[str, object] | None = None) -> Answer:
    """Parse a normalised answer into an :class:`Answer` (raises :class:`ParseError`)."""
    policy = policy or {}
    prose = _prose(text)
    if prose is not None:
        raise prose
    joined = _CONNECTIVES.sub(lambda m: "," + " " * (len(m.group(0)) - 1), text)  # same length: positions hold
    try:
        tokens = tokenize(joined)
        environment = next((t for t in tokens if t.kind == "begin"), None)
        if _MATRIX.search(joined) is None and environment is not None:
            raise ParseError(f"unsupported environment {environment.text!r}", environment.pos)
        return _element(tokens, policy)
    except ParseError as exc:
        raise exc.located(text) from None
