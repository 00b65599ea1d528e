import numpy as np
import pytest
from pydantic import ValidationError

from rewardstack import ChatMessage, Sample
from rewardstack.core.sample import group_label


def test_content_key_ignores_id_but_not_content() -> None:
    a = Sample(id="1", prompt="p", response="r")
    assert a.content_key() == Sample(id="2", prompt="p", response="r").content_key()
    assert a.content_key() != Sample(id="1", prompt="p", response="r2").content_key()
    assert a.content_key() != Sample(id="1", prompt="p", response="r", reference={"answer": "1"}).content_key()


def test_chat_prompt_flattens() -> None:
    sample = Sample(
        id="c",
        prompt=(ChatMessage(role="system", content="be brief"), ChatMessage(role="user", content="hi")),
        response="hello",
    )
    assert sample.prompt_text == "system: be brief\nuser: hi"


def test_unicode_and_megabyte_response() -> None:
    big = "é🙂" * 500_000  # ~1M characters, multi-byte
    sample = Sample(id="u", prompt="ünïcødé", response=big)
    assert len(sample.content_key()) == 64
    assert Sample.model_validate_json(sample.model_dump_json()) == sample


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"prompt": "p", "response": "r"}, "id"),
        ({"id": "1", "response": "r"}, "prompt"),
        ({"id": "1", "prompt": "p", "response": "r", "extra": 1}, "Extra inputs"),
        ({"id": "1", "prompt": [{"role": "robot", "content": "x"}], "response": "r"}, "role"),
    ],
)
def test_invalid_samples_are_rejected(payload: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Sample.model_validate(payload)


def test_a_lone_surrogate_still_has_a_stable_content_key(tmp_path) -> None:
    """Python callers can build such text (the CLI refuses it as a bad line); scoring with a cache must not crash."""
    from rewardstack import RewardStack
    from rewardstack.rewards.shaping import LengthSource

    odd = Sample(id="1", prompt="p", response="bad \udc80 text")
    assert odd.content_key() == Sample(id="2", prompt="p", response="bad \udc80 text").content_key()
    assert odd.content_key() != Sample(id="1", prompt="p", response="bad \udc81 text").content_key()
    with RewardStack({"len": LengthSource(unit="chars")}, cache=tmp_path / "cache.sqlite") as stack:
        first, again = stack.score([odd])[0], stack.score([odd])[0]
    assert first.total == again.total == 10.0


@pytest.mark.parametrize(("value", "label"), [
    (7, "7"), (7.0, "7"), ("7", "7"), (-0.0, "0"), (7.5, "7.5"), (10**20, str(10**20)), (1e20, str(10**20)),
    (True, "true"), (False, "false"), ("", ""), (None, None),
    (np.int64(7), "7"), (np.float32(7.0), "7"), (np.bool_(True), "true"),
    ([1, "a"], '[1, "a"]'), ({"b": 1, "a": [2]}, '{"a": [2], "b": 1}'), ({1: "x", "a": "y"}, "{1: 'x', 'a': 'y'}"),
])
def test_group_label_is_the_ids_text(value: object, label: str | None) -> None:
    assert group_label(value) == label
