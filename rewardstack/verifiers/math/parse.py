"""A small LaTeX-to-sympy translator for the answer grammar (no antlr, no ``eval``).

Why our own parser instead of ``sympy.parsing.latex.parse_latex``: that one
needs antlr4 runtime 4.11 exactly (verdicts change under 4.13), mangles comma
lists (``(312,123,213)`` -> ``312123213``), and ``parse_expr`` evaluates
Python. This recursive-descent parser builds sympy objects directly from a
whitelist: numbers (decimals kept exact, flagged approximate), letters and
Greek names as symbols, ``\\frac``, ``\\sqrt[n]``, ``^``, ``!``, ``|x|``,
floor/ceil, ``\\binom``, trig/log/exp, ``\\pi``, ``e``, ``i``, ``\\infty``,
implicit multiplication. Anything else raises :class:`ParseError`, whose
message names the offending token, its position and the text around it
(an apostrophe inside a word is prose, not a derivative). Nesting deeper than
``MAX_DEPTH`` atoms is refused with a clear error before Python's recursion
limit is reached.

>>> parse_expression(r"2\\sqrt{8} + \\frac{x}{2}")
x/2 + 4*sqrt(2)
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import sympy

__all__ = ["MAX_DEPTH", "ParseError", "Parser", "Token", "parse_expression", "tokenize"]

MAX_DEPTH = 100  # nested atoms; each costs ~8 Python frames, and the interpreter allows ~1000


class ParseError(ValueError):
    """The text is outside the supported answer grammar.

    ``pos`` is the offending token's index in the parsed text (``-1``: unknown);
    :meth:`located` adds the text around it to the message.
    """

    def __init__(self, message: str, pos: int = -1):
        super().__init__(message)
        self.pos = pos

    def located(self, text: str) -> ParseError:
        if self.pos < 0 or self.pos >= len(text) or " near " in str(self):
            return self
        lo, hi = max(0, self.pos - 12), min(len(text), self.pos + 12)
        near = ("..." if lo else "") + text[lo:hi] + ("..." if hi < len(text) else "")
        return ParseError(f"{self} near {near!r}", self.pos)


@dataclass(frozen=True)
class Token:
    kind: str  # num | id | cmd | op | begin | end | rowsep
    text: str
    pos: int = -1  # index in the tokenized text (-1: made up by the parser)


_TOKEN = re.compile(
    r"\s*(?:(?P<begin>\\begin\s*\{\s*[a-zA-Z*]+\s*\})|(?P<end>\\end\s*\{\s*[a-zA-Z*]+\s*\})|"
    r"(?P<num>\d+\.?\d*|\.\d+)|(?P<rowsep>\\\\)|(?P<cmd>\\[a-zA-Z]+|\\[{}|])|(?P<id>[a-zA-Z])|"
    r"(?P<op>[-+*/^_()\[\]{},=<>!|&'%:;]))"
)
GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi rho sigma tau "
    "upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Sigma Upsilon Phi Psi Omega".split()
)
FUNCTIONS = {
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan, "cot": sympy.cot, "sec": sympy.sec, "csc": sympy.csc,
    "arcsin": sympy.asin, "arccos": sympy.acos, "arctan": sympy.atan, "sinh": sympy.sinh, "cosh": sympy.cosh,
    "tanh": sympy.tanh, "exp": sympy.exp, "ln": sympy.log, "log": sympy.log,
}
INVERSE = {"sin": sympy.asin, "cos": sympy.acos, "tan": sympy.atan}
MULTIPLY = frozenset({"\\cdot", "\\times", "*"})
DIVIDE = frozenset({"\\div", "/"})
ATOM_CMDS = frozenset({"\\frac", "\\sqrt", "\\pi", "\\infty", "\\binom", "\\lfloor", "\\lceil", "\\imath", "\\|"})


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            while pos < len(text) and text[pos].isspace():
                pos += 1  # name the character that stopped the tokenizer, not the space before it
            raise ParseError(f"unexpected character {text[pos:pos + 1]!r} at {pos}", pos)
        kind = match.lastgroup or "op"
        tokens.append(Token(kind, re.sub(r"\s+", "", match.group(kind)), match.start(kind)))
        pos = match.end()
    return tokens


class Parser:
    """Recursive descent over tokens; ``approximate`` is set when a decimal was read."""

    def __init__(self, tokens: list[Token], policy: Mapping[str, object] | None = None):
        self.tokens = tokens
        self.pos = 0
        self.policy = policy or {}
        self.approximate = False
        self._abs_depth = 0
        self._depth = 0

    def error(self, message: str, tok: Token | None = None) -> ParseError:
        """A :class:`ParseError` that names ``tok`` and where it is."""
        tok = tok or self.peek()
        if tok is None:
            return ParseError(f"{message} at the end of the answer")
        where = f" at {tok.pos}" if tok.pos >= 0 else ""
        return ParseError(f"{message}{where}", tok.pos)

    # --- helpers -------------------------------------------------------------
    def peek(self, offset: int = 0) -> Token | None:
        i = self.pos + offset
        return self.tokens[i] if i < len(self.tokens) else None

    def at(self, *texts: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.text in texts

    def take(self) -> Token:
        tok = self.peek()
        if tok is None:
            raise ParseError("unexpected end of answer")
        self.pos += 1
        return tok

    def expect(self, text: str) -> None:
        tok = self.take()
        if tok.text != text:
            raise self.error(f"expected {text!r}, got {tok.text!r}", tok)

    def done(self) -> bool:
        return self.pos >= len(self.tokens)

    # --- grammar -------------------------------------------------------------
    def expression(self) -> sympy.Expr:
        if self.at("+", "-"):
            sign = self.take().text
            result = self.term()
            result = -result if sign == "-" else result
        else:
            result = self.term()
        while self.at("+", "-"):
            op = self.take().text
            rhs = self.term()
            result = result + rhs if op == "+" else result - rhs
        return result

    def term(self) -> sympy.Expr:
        result = self.unary()
        while True:
            tok = self.peek()
            if tok is None:
                return result
            if tok.text in MULTIPLY:
                self.take()
                result = result * self.unary()
            elif tok.text in DIVIDE:
                self.take()
                result = result / self.unary()
            elif self._starts_atom(tok):
                result = result * self.power()
            else:
                return result

    def unary(self) -> sympy.Expr:
        negative = False
        while self.at("-", "+"):  # a loop, not recursion: "- - - ... 5" cannot exhaust the stack
            negative ^= self.take().text == "-"
        value = self.power()
        return -value if negative else value

    def power(self) -> sympy.Expr:
        base = self.postfix()
        if self.at("^"):
            self.take()
            return sympy.Pow(base, self.exponent())
        return base

    def exponent(self) -> sympy.Expr:
        if self.at("{"):
            return self.group("{", "}")
        if self.at("-"):
            self.take()
            return -self.postfix()
        return self.postfix()

    def postfix(self) -> sympy.Expr:
        value = self.atom()
        while self.at("!", "%", "'"):
            tok = self.take()
            if tok.text == "!":
                value = sympy.factorial(value)
            elif tok.text == "'":
                raise self._apostrophe(tok)
        return value

    def _apostrophe(self, tok: Token) -> ParseError:
        before = self.tokens[self.pos - 2] if self.pos >= 2 else None
        after = self.peek()
        if before is not None and before.kind == "id" and after is not None and after.kind == "id":
            return self.error("an apostrophe inside a word: prose, not a math expression", tok)
        shown = f" after {before.text!r}" if before is not None else ""
        return self.error(f"a prime{shown} (derivative notation) is not supported", tok)

    def group(self, open_: str, close: str) -> sympy.Expr:
        self.expect(open_)
        saved, self._abs_depth = self._abs_depth, 0
        value = self.expression()
        self._abs_depth = saved
        self.expect(close)
        return value

    def _starts_atom(self, tok: Token) -> bool:
        if tok.kind in ("num", "id"):
            return True
        if tok.kind == "cmd":
            name = tok.text[1:]
            return tok.text in ATOM_CMDS or name in GREEK or name in FUNCTIONS
        if tok.text in ("(", "{"):
            return True
        return tok.text == "|" and self._abs_depth == 0

    def atom(self) -> sympy.Expr:
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise self.error(f"nested deeper than {MAX_DEPTH} levels (the parser's limit)")
        try:
            return self._atom()
        finally:
            self._depth -= 1

    def _atom(self) -> sympy.Expr:
        tok = self.take()
        if tok.kind == "num":
            if "." in tok.text:
                self.approximate = True
            return sympy.Rational(tok.text)
        if tok.kind == "id":
            return self._letter(tok.text)
        if tok.text in ("(", "{", "["):
            self.pos -= 1
            close = {"(": ")", "{": "}", "[": "]"}[tok.text]
            return self.group(tok.text, close)
        if tok.text in ("|", "\\|"):
            self._abs_depth += 1
            inner = self.expression()
            self._abs_depth -= 1
            self.expect(tok.text)
            return sympy.Abs(inner)
        if tok.kind == "cmd":
            return self._command(tok.text[1:], tok)
        raise self.error(f"unexpected {tok.text!r}", tok)

    def _letter(self, letter: str) -> sympy.Expr:
        if self.at("_"):
            self.take()
            sub = self.take()
            if sub.text == "{":
                parts = []
                while not self.at("}"):
                    parts.append(self.take().text)
                self.take()
                sub_text = "".join(parts)
            else:
                sub_text = sub.text
            if not re.fullmatch(r"[A-Za-z0-9]+", sub_text):
                raise self.error(f"unsupported subscript {sub_text!r}", sub)
            return sympy.Symbol(f"{letter}_{sub_text}")
        if letter == "i" and self.policy.get("imaginary_unit", "i") == "i":
            return sympy.I
        if letter == "e" and self.policy.get("e_is_euler", True):
            return sympy.E
        return sympy.Symbol(letter)

    def _command(self, name: str, tok: Token) -> sympy.Expr:
        if name == "frac":
            num = self.group("{", "}") if self.at("{") else self.atom()
            den = self.group("{", "}") if self.at("{") else self.atom()
            return num / den
        if name == "binom":
            return sympy.binomial(self.group("{", "}"), self.group("{", "}"))
        if name == "sqrt":
            if self.at("["):
                index = self.group("[", "]")
                return sympy.root(self._argument(), index)
            return sympy.sqrt(self._argument())
        if name == "pi":
            return sympy.pi
        if name == "infty":
            return sympy.oo
        if name == "imath":
            return sympy.I
        if name in ("lfloor", "lceil"):
            inner = self.expression()
            self.expect("\\rfloor" if name == "lfloor" else "\\rceil")
            return sympy.floor(inner) if name == "lfloor" else sympy.ceiling(inner)
        if name in GREEK:
            return sympy.Symbol(name)
        if name in FUNCTIONS:
            return self._function(name)
        raise self.error(f"unsupported command \\{name}", tok)

    def _argument(self) -> sympy.Expr:
        if self.at("{"):
            return self.group("{", "}")
        if self.at("("):
            return self.group("(", ")")
        return self.postfix()

    def _function(self, name: str) -> sympy.Expr:
        base: sympy.Expr | None = None
        power: sympy.Expr | None = None
        if name == "log" and self.at("_"):
            self.take()
            base = self.group("{", "}") if self.at("{") else self.atom()
        if self.at("^"):
            self.take()
            power = self.exponent()
        if self.at("{", "("):
            arg = self.group(self.peek().text, "}" if self.at("{") else ")")  # type: ignore[union-attr]
        else:
            arg = self.power()
            while (tok := self.peek()) is not None and self._starts_atom(tok) and tok.kind != "cmd":
                arg = arg * self.power()
        if power == -1 and name in INVERSE:
            return INVERSE[name](arg)
        value = sympy.log(arg, base) if base is not None else FUNCTIONS[name](arg)
        return value**power if power is not None else value


def parse_expression(text: str, policy: Mapping[str, object] | None = None) -> sympy.Expr:
    """One expression (no relations, no commas) as a sympy object."""
    try:
        parser = Parser(tokenize(text), policy)
        value = parser.expression()
        if not parser.done():
            raise parser.error(f"unexpected {parser.peek().text!r} after the expression")  # type: ignore[union-attr]
    except ParseError as exc:
        raise exc.located(text) from None
    return value
