"""Reading option probabilities: renormalisation, first tokens of both spellings, HTTP replies."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rewardstack.models import load_tokenizer
from rewardstack.rewards.critic.judges._replies import read_reply
from rewardstack.rewards.critic.readout import option_first_tokens, option_token_texts, renormalise

YES_NO = {"Yes": frozenset({"Yes", " Yes"}), "No": frozenset({"No", " No"})}


@given(st.lists(st.floats(min_value=-200, max_value=50), min_size=2, max_size=5), st.floats(-100, 100))
def test_renormalise_sums_to_one_and_ignores_a_common_shift(masses: list[float], shift: float) -> None:
    options = {f"o{i}": m for i, m in enumerate(masses)}
    probabilities = renormalise(options)
    shifted = renormalise({o: m + shift for o, m in options.items()})
    assert probabilities is not None and shifted is not None
    assert math.isclose(sum(probabilities.values()), 1.0, abs_tol=1e-12)
    assert all(math.isclose(probabilities[o], shifted[o], abs_tol=1e-9) for o in options)


def test_renormalise_with_no_mass_is_no_verdict() -> None:
    assert renormalise({"Yes": -math.inf, "No": -math.inf}) is None
    assert renormalise({"Yes": -math.inf, "No": -3.0}) == {"Yes": 0.0, "No": 1.0}


@pytest.mark.parametrize(("options", "expected"), [
    (("Yes", "No"), {"Yes": ("Yes", " Yes"), "No": ("No", " No")}),
    (("A", "B"), {"A": ("A", " A"), "B": ("B", " B")}),
    # the spelling without a space is two tokens: only its first counts, beside the one-token " Absolutely"
    (("Absolutely", "Never"), {"Absolutely": ("Absol", " Absolutely"), "Never": ("Never", " Never")}),
])
def test_first_tokens_of_both_spellings(options: tuple[str, str], expected: dict[str, tuple[str, ...]]) -> None:
    tokenizer = load_tokenizer("tiny-lm")
    first = option_first_tokens(tokenizer, options)
    assert {o: tuple(tokenizer.decode([t]) for t in ids) for o, ids in first.items()} == expected
    assert option_token_texts(options, tokenizer) == {o: frozenset(v) for o, v in expected.items()}


def test_options_sharing_a_first_token_are_refused() -> None:
    with pytest.raises(ValueError, match="both start with the token 'Absol'"):
        option_first_tokens(load_tokenizer("tiny-lm"), ("Absolutely", "Absolutist"))


class _SentencePieceLike:
    """A stand-in for a SentencePiece tokenizer (none is on this machine): " Yes" -> "▁" + "Yes"."""

    vocab = {"▁": 0, "Yes": 1, "No": 2, "▁Yes": 3, "▁No": 4}

    def encode(self, text: str, add_special_tokens: bool = False) -> list[int]:
        if text.startswith(" "):
            return [self.vocab["▁"], self.vocab[text[1:]]]
        return [self.vocab["▁" + text]]

    def decode(self, ids: list[int]) -> str:
        names = {v: k for k, v in self.vocab.items()}
        return "".join(names[i] for i in ids).replace("▁", " ")


def test_a_whitespace_only_first_token_is_skipped() -> None:
    assert option_first_tokens(_SentencePieceLike(), ("Yes", "No")) == {"Yes": (3,), "No": (4,)}  # type: ignore[arg-type]


def _reply(content: str = "Yes", top: dict[str, float] | None = None, refusal: str | None = None,
           **choice: Any) -> dict[str, Any]:
    message = {"role": "assistant", "content": content, **({"refusal": refusal} if refusal else {})}
    entry: dict[str, Any] = {"index": 0, "message": message, **choice}
    if top is not None:
        tops = [{"token": t, "logprob": lp} for t, lp in top.items()]
        entry["logprobs"] = {"content": [{**tops[0], "top_logprobs": tops}]}
    return {"choices": [entry], "usage": {"total_tokens": 12}}


@pytest.mark.parametrize(("reply", "mode", "expected"), [
    (_reply(top={"Yes": math.log(0.6), " Yes": math.log(0.15), "No": math.log(0.25)}), "auto",
     ("logprobs", {"Yes": 0.75, "No": 0.25})),
    (_reply(top={"Yes": math.log(0.6), "No": math.log(0.2), "Maybe": math.log(0.2)}), "logprobs",
     ("logprobs", {"Yes": 0.75, "No": 0.25})),
    (_reply(top={" no": -0.1, "Sure": -3.0}, content="No."), "auto", ("text", {"Yes": 0.0, "No": 1.0})),
    (_reply("  **yes** because"), "auto", ("text", {"Yes": 1.0, "No": 0.0})),
    (_reply("`No`"), "text", ("text", {"Yes": 0.0, "No": 1.0})),
    (_reply("Yes", top={"Yes": -0.1}), "text", ("text", {"Yes": 1.0, "No": 0.0})),
])
def test_replies_that_read(reply: dict[str, Any], mode: str, expected: tuple[str, dict[str, float]]) -> None:
    read = read_reply(reply, YES_NO, mode=mode)  # type: ignore[arg-type]
    assert read.error == ""
    assert read.method == expected[0] and read.tokens == 12
    assert read.probabilities is not None
    assert {o: round(p, 9) for o, p in read.probabilities.items()} == expected[1]


@pytest.mark.parametrize(("reply", "mode", "reason"), [
    ({"nope": 1}, "auto", "malformed reply: the reply has no choices[0]"),
    ([1, 2], "auto", "malformed reply: the reply is a list"),
    ({"choices": [{"index": 0}]}, "auto", "malformed reply: choices[0] has no message"),
    ({"choices": [{"message": {"content": 5}}]}, "auto", "message.content is not text"),
    (_reply("", refusal="I won't judge this."), "auto", "the judge refused: \"I won't judge this.\""),
    (_reply("Yes", finish_reason="content_filter"), "auto", "the judge refused: the server's content filter"),
    (_reply("Yes"), "logprobs", "the server returned no logprobs"),
    (_reply("Certainly", top={"Certainly": -0.1, "Sure": -2.0}), "logprobs", "none of the options is among the top 2"),
    (_reply("Certainly", top={"Certainly": -0.1}), "auto",
     "none of the options is among the top 1 tokens ('Certainly'); could not parse an answer"),
    (_reply("Maybe, it depends."), "text", "could not parse an answer from the reply 'Maybe, it depends.'"),
    (_reply("Yes", top={"Yes": "high"}), "logprobs", "the logprob of token 'Yes' is not a number"),  # type: ignore[dict-item]
])
def test_replies_that_fail_say_why(reply: Any, mode: str, reason: str) -> None:
    read = read_reply(reply, YES_NO, mode=mode)  # type: ignore[arg-type]
    assert read.probabilities is None
    assert reason in read.error
