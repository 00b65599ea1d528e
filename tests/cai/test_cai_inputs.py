"""Inputs checked whole before any model loads; the output file resumes, drops a cut line, refuses other settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rewardstack.cai import Band, InputError, OutputError, ResumableJsonl, soft_label
from rewardstack.cai.items import parse_pair_item, parse_prompt, read_items
from tests.cai.conftest import write_jsonl

GOOD_PROMPT = '{"id": "a", "prompt": "p"}'
GOOD_PAIR = '{"id": "a", "prompt": "p", "chosen": "x", "rejected": "y"}'


@pytest.mark.parametrize(("good", "line", "reason"), [
    (GOOD_PROMPT, "{not json", "not JSON"),
    (GOOD_PROMPT, '["a list"]', "expected a JSON object, got list"),
    (GOOD_PROMPT, '{"id": "b"}', "missing prompt"),
    (GOOD_PROMPT, '{"id": "b", "prompt": 3}', "prompt: expected a string or a list of chat messages, got int"),
    (GOOD_PROMPT, '{"id": "b", "prompt": [{"role": "user"}]}', "prompt: not a list of chat messages"),
    (GOOD_PROMPT, '{"id": null, "prompt": "p"}', "id must be a non-empty string or an integer, got null"),
    (GOOD_PROMPT, '{"id": "b", "prompt": "p", "domain": 5}', "domain: expected a string, got int"),
    (GOOD_PROMPT, GOOD_PROMPT, "id 'a' is also on line 1"),
    (GOOD_PAIR, '{"id": "b", "prompt": "p", "chosen": "x"}', "missing rejected"),
    (GOOD_PAIR, '{"id": "b", "prompt": "p", "chosen": "x", "rejected": "x"}', "chosen and rejected are the same"),
    (GOOD_PAIR, '{"id": "b", "prompt": "p", "chosen": "", "rejected": "x"}', "chosen is empty"),
    (GOOD_PAIR, '{"id": "b", "prompt": "p", "chosen": "x", "rejected": "y", "metadata": []}',
     "metadata: expected an object"),
    (GOOD_PAIR, GOOD_PAIR, "id 'a' is also on line 1"),
])
def test_a_bad_line_is_named_by_file_and_line(tmp_path: Path, good: str, line: str, reason: str) -> None:
    parse = parse_prompt if good == GOOD_PROMPT else parse_pair_item
    path = write_jsonl(tmp_path / "in.jsonl", [good, line])
    with pytest.raises(InputError) as caught:
        read_items(path, parse, flag="--in")  # type: ignore[arg-type]
    assert f"{path}:2: {reason}" in str(caught.value)


def test_every_bad_line_is_listed_and_ids_default_to_line_numbers(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "prompts.jsonl", ['{"prompt": "p"}', "{", '{"prompt": "q"}', "[]"])
    with pytest.raises(InputError, match=r"2 bad line\(s\)") as caught:
        read_items(path, parse_prompt, flag="--prompts")
    assert f"{path}:2:" in str(caught.value) and f"{path}:4:" in str(caught.value)
    good = write_jsonl(tmp_path / "good.jsonl", ['{"prompt": "p"}', '{"id": 7, "prompt": "q"}'])
    assert [item.id for item in read_items(good, parse_prompt, flag="--prompts")] == ["1", "7"]


@pytest.mark.parametrize(("content", "message"), [(None, "cannot read it"), ("", "no items"), ("\n\n", "no items")])
def test_a_missing_or_empty_input_file_is_an_input_error(tmp_path: Path, content: str | None, message: str) -> None:
    path = tmp_path / "prompts.jsonl"
    if content is not None:
        path.write_text(content)
    with pytest.raises(InputError, match=message):
        read_items(path, parse_prompt, flag="--prompts")


def test_resume_keeps_whole_lines_and_drops_a_cut_last_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with ResumableJsonl(path, {"seed": 0}) as out:
        for i in range(3):
            out.append({"id": str(i), "metadata": {"seed": 0}})
    with path.open("ab") as handle:
        handle.write(b'{"id": "3", "metad')
    again = ResumableJsonl(path, {"seed": 0})
    assert again.done == {"0", "1", "2"} and again.dropped_tail == len(b'{"id": "3", "metad')
    with again:
        again.append({"id": "3", "metadata": {"seed": 0}})
    assert [json.loads(line)["id"] for line in path.read_text().splitlines()] == ["0", "1", "2", "3"]


@pytest.mark.parametrize(("existing", "message"), [
    ('{"id": "0", "metadata": {"seed": 1}}', ":1: metadata.seed is 1, this run has 0"),
    ("not json", ":1: not a JSON line"),
    ('{"no": "id"}', ":1: a line without an id and metadata"),
])
def test_an_out_file_from_elsewhere_is_refused_unless_overwritten(tmp_path: Path, existing: str, message: str) -> None:
    path = write_jsonl(tmp_path / "out.jsonl", [existing])
    with pytest.raises(OutputError, match=message):
        ResumableJsonl(path, {"seed": 0})
    assert ResumableJsonl(path, {"seed": 0}, overwrite=True).done == set()
    assert path.read_bytes() == b""


@pytest.mark.parametrize("text", ["0.6,0.7", "0.6,0.4", "-0.1,0.6", "0.4,1.2"])
def test_a_band_must_hold_one_half(text: str) -> None:
    with pytest.raises(ValueError, match="the band must hold 0.5"):
        Band.parse(text)


@pytest.mark.parametrize("text", ["abc", "0.4", "a,b", "0.4,0.5,0.6", "nan,0.6", ""])
def test_a_band_that_is_not_two_numbers_says_so(text: str) -> None:
    with pytest.raises(ValueError, match=f"--band {text}: expected two numbers lo,hi separated by a comma"):
        Band.parse(text)


@given(p=st.floats(0.0, 1.0), lo=st.floats(0.0, 0.5), hi=st.floats(0.5, 1.0))
def test_a_soft_label_is_oriented_clamped_and_its_margin_is_its_logit(p: float, lo: float, hi: float) -> None:
    label = soft_label(p, Band(lo, hi))
    assert 0.5 <= label.label_prob <= max(hi, 1 - lo) + 1e-12
    assert label.first_is_chosen == (Band(lo, hi).clamp(p) >= 0.5)
    assert label.margin >= 0.0 and (label.margin == 0.0) == (label.label_prob == 0.5)
