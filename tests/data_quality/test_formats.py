"""Reading preference and rating files: every bad line is a problem with its line number, nothing crashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rewardstack.data import (
    DataFileError,
    DataKind,
    PreferenceRecord,
    ProblemKind,
    RatingRecord,
    read_dataset,
    read_prompts,
)
from rewardstack.data.formats import parse_line
from rewardstack.scoring import BadLinePolicy

PREF = DataKind.PREFERENCES
RATE = DataKind.RATINGS


def pref(**fields: object) -> bytes:
    return json.dumps({"prompt": "p", "chosen": "a", "rejected": "b", **fields}).encode()


# (raw line, file kind, expected problem kind or None for a good record)
LINE_CASES = [
    (pref(labeler="ann"), PREF, None),
    (pref(labeler=7, margin=1.5), PREF, None),
    (pref(), PREF, None),  # labeler is optional for preferences
    (pref(labeler=None), PREF, None),
    (pref(prompt=[{"role": "user", "content": "hi"}], chosen=[{"role": "assistant", "content": "hello"}]), PREF, None),
    (b'{"prompt": "caf\xe9", "chosen": "a", "rejected": "b"}', PREF, ProblemKind.INVALID_UTF8),
    (b'{"prompt": "\\udc80", "chosen": "a", "rejected": "b"}', PREF, ProblemKind.INVALID_UTF8),
    (b'{"prompt": "p", "chosen": "a"', PREF, ProblemKind.BAD_JSON),
    (b"[1, 2]", PREF, ProblemKind.BAD_JSON),
    (b'"just a string"', PREF, ProblemKind.BAD_JSON),
    (b"[" * 100_000 + b"]" * 100_000, PREF, ProblemKind.BAD_JSON),  # nested too deeply
    (b'{"n": ' + b"9" * 5000 + b"}", PREF, ProblemKind.BAD_JSON),  # beyond the int digit limit
    (json.dumps({"prompt": "p", "chosen": "a"}).encode(), PREF, ProblemKind.MISSING_FIELD),
    (json.dumps({"hello": "world"}).encode(), PREF, ProblemKind.MISSING_FIELD),
    (json.dumps({"item": 1, "labeler": "a", "label": 2}).encode(), PREF, ProblemKind.WRONG_FORMAT),
    (pref(chosen=5), PREF, ProblemKind.WRONG_TYPE),
    (pref(prompt=[{"role": "user"}]), PREF, ProblemKind.WRONG_TYPE),
    (pref(prompt=[]), PREF, ProblemKind.WRONG_TYPE),
    (pref(labeler=""), PREF, ProblemKind.WRONG_TYPE),
    (pref(labeler=True), PREF, ProblemKind.WRONG_TYPE),
    (pref(labeler=["ann"]), PREF, ProblemKind.WRONG_TYPE),
    (pref(margin="big"), PREF, ProblemKind.WRONG_TYPE),
    (pref(margin=-1), PREF, ProblemKind.LABEL_OUT_OF_RANGE),
    (b'{"prompt": "p", "chosen": "a", "rejected": "b", "margin": NaN}', PREF, ProblemKind.LABEL_OUT_OF_RANGE),
    (pref(chosen=""), PREF, ProblemKind.EMPTY_TEXT),
    (pref(rejected=" \n\t"), PREF, ProblemKind.EMPTY_TEXT),
    (pref(prompt=""), PREF, ProblemKind.EMPTY_TEXT),
    (pref(chosen="same", rejected="same"), PREF, ProblemKind.IDENTICAL_PAIR),
    (json.dumps({"item": "q1", "labeler": "ann", "label": "good"}).encode(), RATE, None),
    (json.dumps({"item": 3, "labeler": 1, "label": 2.0}).encode(), RATE, None),
    (json.dumps({"item": "q1", "labeler": "ann", "label": False}).encode(), RATE, None),
    (json.dumps({"item": "q1", "label": "good"}).encode(), RATE, ProblemKind.MISSING_FIELD),
    (json.dumps({"item": "q1", "labeler": "ann", "label": None}).encode(), RATE, ProblemKind.WRONG_TYPE),
    (json.dumps({"item": "q1", "labeler": "ann", "label": [1]}).encode(), RATE, ProblemKind.WRONG_TYPE),
    (json.dumps({"item": 1.5, "labeler": "ann", "label": 1}).encode(), RATE, ProblemKind.WRONG_TYPE),
    (json.dumps({"item": "q1", "labeler": "ann", "label": " "}).encode(), RATE, ProblemKind.EMPTY_TEXT),
    (b'{"item": "q1", "labeler": "ann", "label": Infinity}', RATE, ProblemKind.LABEL_OUT_OF_RANGE),
    (pref(labeler="ann"), RATE, ProblemKind.WRONG_FORMAT),
]


@pytest.mark.parametrize(("raw", "kind", "expected"), LINE_CASES)
def test_line_cases(raw: bytes, kind: DataKind, expected: ProblemKind | None) -> None:
    parsed = parse_line(raw, 1, kind)
    if expected is None:
        assert isinstance(parsed, PreferenceRecord | RatingRecord), parsed
    else:
        assert not isinstance(parsed, PreferenceRecord | RatingRecord)
        assert parsed.kind is expected, parsed.message
        assert parsed.message


def test_chats_are_flattened_and_labels_normalised() -> None:
    chat = parse_line(pref(prompt=[{"role": "user", "content": "hi"}, {"role": "user", "content": "there"}]), 4, PREF)
    assert isinstance(chat, PreferenceRecord) and chat.prompt == "user: hi\nuser: there" and chat.line == 4
    rating = parse_line(json.dumps({"item": 3, "labeler": 1, "label": 2.0}).encode(), 1, RATE)
    assert isinstance(rating, RatingRecord)
    assert (rating.item, rating.labeler, rating.label, rating.label_type) == ("3", "1", "2", "integer")


def write(tmp_path: Path, lines: list[bytes], name: str = "data.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def test_file_problems_carry_file_and_line_and_every_line_is_accounted_once(tmp_path: Path) -> None:
    rating = json.dumps({"item": 1, "labeler": "x", "label": 1}).encode()
    lines = [pref(labeler="ann"), b"", b"oops", pref(labeler="ann"), pref(labeler="ann", chosen="b", rejected="a"),
             pref(labeler="bob", chosen="b", rejected="a"), rating, pref(chosen="x", rejected="x")]
    path = write(tmp_path, lines)
    data = read_dataset(path)
    assert data.kind is PREF and data.lines == 7
    found = [(p.line, p.kind) for p in data.problems]
    assert found == [(3, ProblemKind.BAD_JSON), (4, ProblemKind.DUPLICATE), (5, ProblemKind.CONFLICT),
                     (7, ProblemKind.WRONG_FORMAT), (8, ProblemKind.IDENTICAL_PAIR)]
    assert [r.line for r in data.records] == [1, 6]
    assert all(p.file == str(path) for p in data.problems)
    assert "line 1" in data.problems[1].message and "'ann'" in data.problems[2].message


def test_anonymous_opposite_answers_are_not_conflicts_but_copies_are_duplicates(tmp_path: Path) -> None:
    path = write(tmp_path, [pref(), pref(chosen="b", rejected="a"), pref()])
    data = read_dataset(path)
    assert [r.line for r in data.records] == [1, 2]
    assert [(p.line, p.kind) for p in data.problems] == [(3, ProblemKind.DUPLICATE)]


def test_ratings_label_types_and_label_sets(tmp_path: Path) -> None:
    rows = [{"item": i, "labeler": "a", "label": i % 3} for i in range(6)] + [
        {"item": 9, "labeler": "a", "label": "3"}, {"item": 9, "labeler": "b", "label": 7}]
    path = write(tmp_path, [json.dumps(r).encode() for r in rows])
    by_type = read_dataset(path)
    assert by_type.kind is RATE
    assert [(p.line, p.kind) for p in by_type.problems] == [(7, ProblemKind.WRONG_TYPE)]
    assert "integers" in by_type.problems[0].message and "--labels" in by_type.problems[0].message
    by_set = read_dataset(path, labels={"0", "1", "2", "3"})
    assert [(p.line, p.kind) for p in by_set.problems] == [(8, ProblemKind.LABEL_OUT_OF_RANGE)]


def test_ground_truth_files_have_one_answer_per_unit(tmp_path: Path) -> None:
    path = write(tmp_path, [pref(), pref(chosen="b", rejected="a"), pref()])
    data = read_dataset(path, kind=PREF, truth=True)
    assert [(p.line, p.kind) for p in data.problems] == [(2, ProblemKind.CONFLICT), (3, ProblemKind.DUPLICATE)]
    assert "ground truth" in data.problems[0].message


def test_format_is_the_majority_and_a_bom_is_fine(tmp_path: Path) -> None:
    rating = json.dumps({"item": 1, "labeler": "x", "label": 1}).encode()
    path = write(tmp_path, [b"\xef\xbb\xbf" + rating, rating.replace(b'"x"', b'"y"'), pref()])
    data = read_dataset(path)
    assert data.kind is RATE and len(data.records) == 2
    assert [(p.line, p.kind) for p in data.problems] == [(3, ProblemKind.WRONG_FORMAT)]


@pytest.mark.parametrize(("lines", "message"), [
    ([], "empty"),
    ([b"", b"   "], "empty"),
    ([b"garbage", b'{"x": 1}'], "no line is a preference pair"),
])
def test_files_that_cannot_be_checked(tmp_path: Path, lines: list[bytes], message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        read_dataset(write(tmp_path, lines))


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read"):
        read_dataset(tmp_path / "absent.jsonl")
    with pytest.raises(DataFileError, match="cannot read"):
        read_dataset(tmp_path)


def test_fail_policy_names_the_first_bad_line(tmp_path: Path) -> None:
    path = write(tmp_path, [pref(labeler="a"), pref(chosen=""), b"{"])
    with pytest.raises(DataFileError, match=r"data\.jsonl:2: empty_text: chosen is empty"):
        read_dataset(path, on_bad_line=BadLinePolicy.FAIL)


def test_read_prompts(tmp_path: Path) -> None:
    path = write(tmp_path, [b'{"prompt": "a"}', b'{"id": 1}', b"\xff", pref(),
                            json.dumps({"prompt": [{"role": "user", "content": "b"}]}).encode()])
    prompts, problems = read_prompts(path)
    assert prompts == ["a", "p", "user: b"]
    assert [(p.line, p.kind) for p in problems] == [(2, ProblemKind.MISSING_FIELD), (3, ProblemKind.INVALID_UTF8)]
    with pytest.raises(DataFileError, match="no prompt"):
        read_prompts(write(tmp_path, [b'{"id": 1}'], "none.jsonl"))


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8)
_KEYS = st.sampled_from(["prompt", "chosen", "rejected", "labeler", "margin", "item", "label", "x"])
_LINE = st.one_of(
    st.binary(max_size=40).filter(lambda b: b"\n" not in b and b"\r" not in b),
    _JSON.map(lambda v: json.dumps(v).encode()),
    st.dictionaries(_KEYS, _JSON, max_size=6).map(lambda d: json.dumps(d).encode()),
    st.builds(lambda labeler, c: pref(labeler=labeler, chosen=c), st.sampled_from(["a1", "b2", None]),
              st.sampled_from(["a", "b", "c"])),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_LINE, min_size=1, max_size=25))
def test_garbage_never_crashes_and_every_line_is_kept_or_a_problem(tmp_path_factory: pytest.TempPathFactory,
                                                                  lines: list[bytes]) -> None:
    path = write(tmp_path_factory.mktemp("fuzz"), lines)
    try:
        data = read_dataset(path)
    except DataFileError:
        return  # no line of either format (or an empty file): the command's exit 2
    numbers = sorted([r.line for r in data.records] + [p.line for p in data.problems])
    assert numbers == sorted(set(numbers)) and len(numbers) == data.lines
    assert all(p.message for p in data.problems)
