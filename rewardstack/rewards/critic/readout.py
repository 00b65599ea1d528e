"""Reading option probabilities from a next-token distribution: one rule for local and HTTP judges.

An option ("Yes") is read from the **first token** of its text. A model may
write it with or without a leading space (``"Yes"`` after a newline, ``" Yes"``
after a colon), and the two spellings are different tokens in BPE vocabularies
(SmolLM2: ``Yes`` = 10539, ``Ġ Yes`` = 9230), so an option's mass is the sum
over the first tokens of both spellings:

    m(o) = sum over t in first_tokens(o) of p(t),     P(o) = m(o) / sum over options o' of m(o')

- A spelling whose first token is only whitespace is skipped: SentencePiece
  tokenizers split ``" Yes"`` into ``"▁"`` + ``"Yes"``, and that lone ``"▁"``
  says nothing about the answer.
- Two options must not share a first token (``"Yes"`` and ``"Yeah"`` might both
  start with ``"Ye"``): the judge could not tell them apart, so that is an error.
- The sum is taken in log space (:func:`renormalise`), so tiny masses neither
  underflow nor produce a NaN; when every option's mass is zero there is no
  verdict (``None``), never a made-up 0.5.

HTTP judges see token *texts*, not ids: :func:`option_token_texts` gives the
texts the same first tokens decode to (``{"Yes", " Yes"}``), or, without a
tokenizer, exactly those two spellings (right for options that are one token,
as Yes/No, A/B and digits are in common vocabularies).

>>> {o: round(p, 9) for o, p in renormalise({"Yes": math.log(0.3), "No": math.log(0.1)}).items()}
{'Yes': 0.75, 'No': 0.25}
>>> renormalise({"Yes": -math.inf, "No": -math.inf}) is None
True
>>> sorted(option_token_texts(("Yes", "No"))["Yes"])
[' Yes', 'Yes']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerBase

__all__ = ["logsumexp", "option_first_tokens", "option_token_texts", "renormalise"]


def logsumexp(values: Sequence[float]) -> float:
    """log(sum(exp(v))) without overflow; -inf for no values or all -inf."""
    finite = [v for v in values if v != -math.inf]
    if not finite:
        return -math.inf
    top = max(finite)
    return top + math.log(sum(math.exp(v - top) for v in finite))


def renormalise(log_mass: Mapping[str, float]) -> dict[str, float] | None:
    """Option probabilities from each option's log-mass; None when every mass is zero."""
    total = logsumexp(list(log_mass.values()))
    if total == -math.inf or math.isnan(total):
        return None
    probabilities = {option: math.exp(mass - total) for option, mass in log_mass.items()}
    norm = sum(probabilities.values())  # 1 up to rounding; divide so the contract's sum check always holds
    return {option: p / norm for option, p in probabilities.items()}


def option_first_tokens(tokenizer: PreTrainedTokenizerBase, options: Sequence[str]) -> dict[str, tuple[int, ...]]:
    """Token ids each option may start with (with and without a leading space); ValueError when ambiguous.

    >>> from rewardstack.models import load_tokenizer
    >>> option_first_tokens(load_tokenizer("tiny-lm"), ("Yes", "No"))
    {'Yes': (10539, 9230), 'No': (5230, 2838)}
    """
    first: dict[str, tuple[int, ...]] = {}
    owner: dict[int, str] = {}
    for option in options:
        ids: list[int] = []
        for spelling in (option, " " + option):
            encoded = tokenizer.encode(spelling, add_special_tokens=False)
            if not encoded or not str(tokenizer.decode(encoded[:1])).strip():
                continue  # a whitespace-only first token (SentencePiece's lone "▁") says nothing
            if encoded[0] not in ids:
                ids.append(encoded[0])
        if not ids:
            raise ValueError(f"option {option!r} has no non-space first token in this tokenizer")
        for token in ids:
            if token in owner:
                raise ValueError(f"options {owner[token]!r} and {option!r} both start with the token "
                                 f"{tokenizer.decode([token])!r}: the judge cannot tell them apart; use options "
                                 "whose first tokens differ")
            owner[token] = option
        first[option] = tuple(ids)
    return first


def option_token_texts(
    options: Sequence[str], tokenizer: PreTrainedTokenizerBase | None = None
) -> dict[str, frozenset[str]]:
    """Token texts an HTTP judge's top logprobs are matched against, per option (see the module docstring)."""
    if tokenizer is None:
        texts = {option: frozenset({option, " " + option}) for option in options}
        clash = [o for o in options for other in options if o != other and texts[o] & texts[other]]
        if clash:
            raise ValueError(f"options {clash} share a spelling")
        return texts
    return {option: frozenset(str(tokenizer.decode([t])) for t in ids)
            for option, ids in option_first_tokens(tokenizer, options).items()}
