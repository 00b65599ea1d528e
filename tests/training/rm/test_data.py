"""Reading preference JSONL (bad lines with numbers, never a crash), the split by prompt, bootstrap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rewardstack import ChatMessage
from rewardstack.jsonl import BadLine
from rewardstack.training.rm.data import (
    PreferenceDataError,
    PreferencePair,
    bootstrap,
    parse_pair,
    prompt_key,
    read_preferences,
    split_by_prompt,
)


@pytest.mark.parametrize(("raw", "reason"), [
    (b"not json", "not JSON"),
    (b"[1, 2]", "expected a JSON object"),
    (b'{"prompt": "p", "chosen": "a"}', "missing rejected"),
    (b'{"prompt": 3, "chosen": "a", "rejected": "b"}', "prompt: expected a string"),
    (b'{"prompt": [], "chosen": "a", "rejected": "b"}', "prompt: expected a string"),
    (b'{"prompt": [{"role": "robot", "content": "x"}], "chosen": "a", "rejected": "b"}', "chat messages"),
    (b'{"prompt": "p", "chosen": 1, "rejected": "b"}', "chosen: expected a string"),
    (b'{"prompt": "p", "chosen": "a", "rejected": "  "}', "rejected is empty"),
    (b'{"prompt": "p", "chosen": "same", "rejected": "same"}', "same text"),
    (b'{"prompt": "p", "chosen": "a", "rejected": "b", "margin": "big"}', "margin: expected a finite number"),
    (b'{"prompt": "p", "chosen": "a", "rejected": "b", "margin": true}', "margin"),
    (b'{"prompt": "p", "chosen": "a", "rejected": "b", "margin": NaN}', "margin"),
    (b'{"prompt": "p", "chosen": "a", "rejected": "b", "labeler": 7}', "labeler: expected a string"),
    (b'{"prompt": "p", "chosen": "a", "rejected": "b", "label_prob": 1.5}', "label_prob: expected a probability"),
    (b'{"prompt": "p", "chosen": "a", "rejected": "b", "label_prob": -0.1}', "label_prob"),
    (b'{"prompt": "p", "chosen": "a", "rejected": "b", "label_prob": NaN}', "label_prob"),
    (b'{"prompt": "p", "chosen": "a", "rejected": "b", "label_prob": "high"}', "label_prob"),
    (b'{"prompt": "caf\xe9", "chosen": "a", "rejected": "b"}', "not UTF-8"),
    (b'{"prompt": "\\udc80", "chosen": "a", "rejected": "b"}', "surrogate"),
])
def test_bad_lines_say_why(raw: bytes, reason: str) -> None:
    bad = parse_pair(raw, 12)
    assert isinstance(bad, BadLine) and bad.line == 12 and reason in bad.reason


def test_good_lines_including_chat_prompts_and_extra_keys() -> None:
    pair = parse_pair(b'{"prompt": [{"role": "user", "content": "Hi"}], "chosen": "Hello", "rejected": "Go away",'
                      b' "margin": 2, "margin_note": "ignored", "id": 5}', 3)
    assert isinstance(pair, PreferencePair)
    assert pair.prompt == (ChatMessage(role="user", content="Hi"),) and pair.margin == 2.0 and pair.line == 3
    null_margin = parse_pair(b'{"prompt": "p", "chosen": "a", "rejected": "b", "margin": null}', 1)
    assert isinstance(null_margin, PreferencePair) and null_margin.margin == 0.0


def test_a_file_with_bad_lines_is_read_to_the_end(tmp_path: Path) -> None:
    path = tmp_path / "prefs.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"prompt": "p", "chosen": "a", "rejected": "b"}\n\n'
                     b'{"prompt": "p", "chosen": "a", "rejected": "a"}\n\xff\xfe\n'
                     b'{"prompt": "q", "chosen": "c", "rejected": "d", "labeler": "ann"}\n')
    data = read_preferences(path)
    assert [p.line for p in data.pairs] == [1, 5]
    assert [b.line for b in data.bad_lines] == [3, 4]


def test_an_unreadable_file_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(PreferenceDataError, match="data.validation: cannot read"):
        read_preferences(tmp_path / "missing.jsonl", key=("data", "validation"))
    with pytest.raises(PreferenceDataError, match="directory"):
        read_preferences(tmp_path)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=80), st.floats(0.0, 0.9), st.integers(0, 10))
def test_split_never_puts_a_prompt_on_both_sides(prompts: list[int], fraction: float, seed: int) -> None:
    pairs = [PreferencePair(f"prompt {p}", "a", "b") for p in prompts]
    train, validation = split_by_prompt(pairs, fraction, seed)
    assert len(train) + len(validation) == len(pairs)
    assert not {prompt_key(p.prompt) for p in train} & {prompt_key(p.prompt) for p in validation}
    distinct = len(set(prompts))
    if fraction > 0 and distinct >= 2:
        assert validation and train
    if fraction == 0:
        assert not validation
    assert split_by_prompt(pairs, fraction, seed) == (train, validation)  # same seed, same split


def test_bootstrap_is_seeded_and_resamples() -> None:
    items = list(range(50))
    assert bootstrap(items, 1) == bootstrap(items, 1) != bootstrap(items, 2)
    assert len(set(bootstrap(items, 1))) < 50  # with replacement: some repeat


@pytest.mark.parametrize("label_prob", [0.0, 0.5, 0.73, 1, None])
def test_a_probability_in_range_is_accepted(label_prob: float | None) -> None:
    raw = json.dumps({"prompt": "p", "chosen": "a", "rejected": "b", "label_prob": label_prob}).encode()
    assert isinstance(parse_pair(raw, 3), PreferencePair)

