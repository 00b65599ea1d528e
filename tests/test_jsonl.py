"""Reading samples line by line from bytes: every bad line is a BadLine with a reason, never a crash."""

import io
import json

import pytest

from rewardstack.core.sample import Sample
from rewardstack.jsonl import BadLine, iter_lines, parse_sample, peek_line, read_samples

OK = {"prompt": "p", "response": "r"}


def _line(obj: object) -> bytes:
    return json.dumps(obj).encode()


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b'{"id": "a", "prompt": "caf\xe9", "response": "r"}', "not UTF-8: byte 0xe9"),
        (b'{"id": "a", "prompt": "p", "response": "\xff\xfe"}', "not UTF-8: byte 0xff"),
        (b'{"id": "a", "prompt": "\xed\xa0\x80", "response": "r"}', "not UTF-8"),  # an encoded surrogate
        (b'{"id": "a", "prompt": "p", "response": "\\ud800"}', "unpaired UTF-16 surrogate"),
        (b'{"id": "a", "prompt": "p", "response": "x\\uDC80y"}', "unpaired UTF-16 surrogate"),
        (b"{not json", "not JSON"),
        (b"[1, 2]", "expected a JSON object, got list"),
        (b'"text"', "expected a JSON object, got str"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"id": "a", "prompt": "p", "response": "r", "metadata": {"n": 1' + b"1" * 5000 + b"}}", "not JSON"),
        (_line({"id": None, **OK}), "id must be a non-empty string or an integer, got null"),
        (_line({"id": "", **OK}), 'got ""'),
        (_line({"id": True, **OK}), "got true"),
        (_line({"id": 1.5, **OK}), "got 1.5"),
        (_line({"id": [1], **OK}), "got [1]"),
        (_line({"id": "a", "prompt": "p"}), "response: Field required"),
        (_line({"id": "a", "prompt": "p", "response": "r", "colour": 1}), "colour: Extra inputs are not permitted"),
    ],
)
def test_bad_lines_say_why(raw: bytes, reason: str) -> None:
    item = parse_sample(raw, 7)
    assert isinstance(item, BadLine), item
    assert item.line == 7 and reason in item.reason


@pytest.mark.parametrize(
    "obj, expected_id",
    [({"id": "q1", **OK}, "q1"), ({"id": 42, **OK}, "42"), (OK, "5"), ({"id": "é ✓", **OK}, "é ✓")],
)
def test_ids(obj: dict[str, object], expected_id: str) -> None:
    item = parse_sample(_line(obj), 5)
    assert isinstance(item, Sample) and item.id == expected_id


def test_valid_surrogate_pair_is_text() -> None:
    item = parse_sample(b'{"id": "a", "prompt": "p", "response": "\\ud83d\\ude00"}', 1)
    assert isinstance(item, Sample) and item.response == "\U0001f600"


def test_bom_blank_lines_and_crlf() -> None:
    data = b"\xef\xbb\xbf" + _line({"id": "a", **OK}) + b"\r\n\r\n   \n" + _line({"id": "b", **OK}) + b"\n"
    items = list(read_samples(io.BytesIO(data)))
    assert [i.id for i in items if isinstance(i, Sample)] == ["a", "b"]
    assert [n for n, _ in iter_lines(io.BytesIO(data))] == [1, 4]


def test_a_bad_byte_loses_no_other_line() -> None:
    bad = b'{"id": "b", "prompt": "\xc3", "response": "r"}\n'
    data = _line({"id": "a", **OK}) + b"\n" + bad + _line({"id": "c", **OK})
    items = list(read_samples(io.BytesIO(data)))
    assert [type(i).__name__ for i in items] == ["Sample", "BadLine", "Sample"]
    assert isinstance(items[1], BadLine) and items[1].line == 2


@pytest.mark.parametrize(
    "obj, expected",
    [
        ({"id": "a", **OK, "metadata": {"group": "g1"}}, ("a", "g1")),
        ({**OK, "metadata": {"group": 3}}, ("9", "3")),  # the board's group_label: 3 and "3" are one group
        ({"id": "a", **OK, "metadata": {"group": ["x", 1]}}, ("a", '["x", 1]')),
        ({"id": "a", **OK, "metadata": {"other": 1}}, (None, None)),  # no group: not even parsed
        ({"id": "a", **OK, "metadata": "group"}, ("a", None)),
        ({"id": None, **OK, "metadata": {"group": "g"}}, (None, "g")),  # a bad line still counts in its group
    ],
)
def test_peek_reads_id_and_group_like_the_parser(obj: dict[str, object], expected: tuple[object, object]) -> None:
    assert peek_line(_line(obj), 9) == expected
