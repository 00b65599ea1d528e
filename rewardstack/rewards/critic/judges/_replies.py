"""Turning an OpenAI-style chat/completions reply into a verdict: logprobs first, else a constrained answer.

- **Refusals** are errors: ``finish_reason: content_filter`` or a ``message.refusal``.
- **Logprobs** (``choices[0].logprobs.content[0]``): the chosen token and its
  ``top_logprobs`` are matched against each option's token texts
  (:func:`~rewardstack.rewards.critic.readout.option_token_texts`) and
  renormalised over the options, exactly as a local judge reads them. An option
  absent from the top list counts as zero (its true mass is below the last one
  listed; the backend's ``tokenizer:`` option biases every option into the list).
- **Constrained answer** (a server without logprobs, or none of the options in
  the top list): the reply's first word, stripped of Markdown and quotes, must
  be one of the options (case-insensitive); the verdict is then certain (1 and 0).
  Anything else is an error that quotes the reply: never a score.

>>> texts = {"Yes": frozenset({"Yes", " Yes"}), "No": frozenset({"No", " No"})}
>>> reply = {"choices": [{"message": {"content": "Yes"}, "finish_reason": "stop", "logprobs": {"content": [
...     {"token": "Yes", "logprob": -0.2, "top_logprobs": [{"token": "Yes", "logprob": -0.2},
...      {"token": " No", "logprob": -1.9}, {"token": "Maybe", "logprob": -3.0}]}]}}], "usage": {"total_tokens": 9}}
>>> read = read_reply(reply, texts, mode="auto")
>>> read.method, round(read.probabilities["Yes"], 4), read.tokens
('logprobs', 0.8455, 9)
>>> read_reply({"choices": [{"message": {"content": "**No.** It is not."}}]}, texts, mode="auto").probabilities
{'Yes': 0.0, 'No': 1.0}
>>> read_reply({"choices": [{"message": {"content": "I cannot judge that."}}]}, texts, mode="auto").error
"could not parse an answer from the reply 'I cannot judge that.': its first word is none of Yes, No"
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from rewardstack.rewards.critic.readout import logsumexp, renormalise

__all__ = ["AnswerMode", "ReadReply", "read_reply"]

AnswerMode = Literal["auto", "logprobs", "text"]
_FIRST_WORD = re.compile(r"^[\s*_`\"'(\[>#-]*([^\W_]+)", re.UNICODE)
_QUOTE_CHARS = 80


@dataclass
class ReadReply:
    """What a reply says: option probabilities or an error, the text, the tokens spent, how it was read."""

    probabilities: dict[str, float] | None = None
    error: str = ""
    text: str = ""
    tokens: int = 0
    method: str = ""
    notes: list[str] = field(default_factory=list)


def _quote(text: str) -> str:
    return repr(text if len(text) <= _QUOTE_CHARS else text[:_QUOTE_CHARS] + "...")


def _choice(reply: Any) -> Mapping[str, Any]:
    if not isinstance(reply, Mapping):
        raise ValueError(f"the reply is a {type(reply).__name__}, not a JSON object")
    choices = reply.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], Mapping):
        raise ValueError("the reply has no choices[0]")
    return choices[0]


def _tokens(reply: Mapping[str, Any]) -> int:
    usage = reply.get("usage")
    total = usage.get("total_tokens") if isinstance(usage, Mapping) else None
    return int(total) if isinstance(total, int | float) and total >= 0 else 0


def _from_logprobs(choice: Mapping[str, Any], texts: Mapping[str, frozenset[str]]) -> dict[str, float] | str | None:
    """Probabilities from the first position's logprobs; a reason when unusable; None when there are none."""
    logprobs = choice.get("logprobs")
    content = logprobs.get("content") if isinstance(logprobs, Mapping) else None
    if not isinstance(content, list) or not content or not isinstance(content[0], Mapping):
        return None
    first = content[0]
    entries = [first, *(first.get("top_logprobs") or [])]
    seen: dict[str, float] = {}
    for entry in entries:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("token"), str):
            return "a logprobs entry has no token text"
        value = entry.get("logprob")
        if not isinstance(value, int | float):
            return f"the logprob of token {entry['token']!r} is not a number"
        seen.setdefault(entry["token"], float(value))
    log_mass = {option: logsumexp([lp for token, lp in seen.items() if token in spellings])
                for option, spellings in texts.items()}
    probabilities = renormalise(log_mass)
    if probabilities is None:
        shown = ", ".join(repr(t) for t in list(seen)[:8])
        return f"none of the options is among the top {len(seen)} tokens ({shown})"
    return probabilities


def _from_text(text: str, options: list[str]) -> dict[str, float] | str:
    match = _FIRST_WORD.match(text)
    word = match.group(1).casefold() if match else ""
    hits = [o for o in options if o.casefold() == word]
    if len(hits) != 1:
        return (f"could not parse an answer from the reply {_quote(text.strip())}: its first word is none of "
                f"{', '.join(options)}")
    return {o: 1.0 if o == hits[0] else 0.0 for o in options}


def read_reply(reply: Any, texts: Mapping[str, frozenset[str]], *, mode: AnswerMode) -> ReadReply:
    """Read one reply (see the module docstring); never raises for a malformed reply."""
    try:
        choice = _choice(reply)
    except ValueError as exc:
        return ReadReply(error=f"malformed reply: {exc}")
    tokens = _tokens(reply)
    message = choice.get("message")
    if not isinstance(message, Mapping):
        return ReadReply(error="malformed reply: choices[0] has no message", tokens=tokens)
    text = message.get("content") or ""
    if not isinstance(text, str):
        return ReadReply(error="malformed reply: message.content is not text", tokens=tokens)
    if message.get("refusal"):
        return ReadReply(error=f"the judge refused: {_quote(str(message['refusal']))}", text=text, tokens=tokens)
    if choice.get("finish_reason") == "content_filter":
        return ReadReply(error="the judge refused: the server's content filter stopped the answer", text=text,
                         tokens=tokens)
    notes = []
    if mode != "text":
        read = _from_logprobs(choice, texts)
        if isinstance(read, dict):
            return ReadReply(probabilities=read, text=text, tokens=tokens, method="logprobs")
        if mode == "logprobs":
            why = read or "the server returned no logprobs (set answer: text to parse the answer instead)"
            return ReadReply(error=why, text=text, tokens=tokens)
        if read is not None:
            notes.append(read)
    parsed = _from_text(text, list(texts))
    if isinstance(parsed, str):
        return ReadReply(error="; ".join([*notes, parsed]), text=text, tokens=tokens)
    return ReadReply(probabilities=parsed, text=text, tokens=tokens, method="text", notes=notes)
