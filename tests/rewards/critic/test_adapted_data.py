"""The labelled principle-judgement set: shape, balance, split, pairs, hard cases, and reading bad lines."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from rewardstack.rewards.critic.constitution import load_constitution
from rewardstack.rewards.critic.data import _extra
from rewardstack.rewards.critic.data.build_judgements import build_fresh_records, build_records, dumps_jsonl, main
from rewardstack.rewards.critic.data.items import (
    FRESH_CHECK_PATH,
    JUDGEMENTS_PATH,
    PRINCIPLES,
    JudgementItem,
    load_fresh_check,
    load_judgements,
    pairs_of,
    read_judgements,
)

# sha256 over the held-out items' (id, prompt, response, verdict) lines: the split the first judge was
# measured on; issue 13's training-only additions must leave it exactly as it was
HELDOUT_DIGEST = "4bf6bdd342470da4e1f8f930ad7bcb492e0fb836cf24b5386aba3f352918843a"


def _extra_count(principle: str) -> int:
    pairs, singles = _extra.TABLES.get(principle, ([], []))
    return 2 * len(pairs) + len(singles)


@pytest.fixture(scope="module")
def items() -> list[JudgementItem]:
    return load_judgements()


@pytest.fixture(scope="module")
def own_items(items: list[JudgementItem]) -> list[JudgementItem]:
    """The original tables' items: each principle's block minus its training-only additions (its last items)."""
    out: list[JudgementItem] = []
    for principle in PRINCIPLES:
        mine = [i for i in items if i.principle == principle]
        out += mine[:len(mine) - _extra_count(principle)]
    return out


def test_the_files_are_what_the_tables_build() -> None:
    assert JUDGEMENTS_PATH.read_text(encoding="utf-8") == dumps_jsonl(build_records())
    assert FRESH_CHECK_PATH.read_text(encoding="utf-8") == dumps_jsonl(build_fresh_records())
    assert main(["--check"]) == 0


def test_the_heldout_split_is_the_one_the_first_judge_was_measured_on(items: list[JudgementItem]) -> None:
    held = [i for i in items if i.split == "heldout"]
    text = "".join(json.dumps([i.id, i.prompt, i.response, i.verdict]) + "\n" for i in held)
    assert len(held) == 136 and hashlib.sha256(text.encode()).hexdigest() == HELDOUT_DIGEST


@pytest.mark.parametrize("principle", PRINCIPLES)
def test_the_training_only_additions_are_train_and_balanced(items: list[JudgementItem], principle: str) -> None:
    mine = [i for i in items if i.principle == principle]
    added = mine[len(mine) - _extra_count(principle):]
    assert len(added) == _extra_count(principle) and all(i.split == "train" for i in added)
    assert Counter(i.verdict for i in added)[True] == Counter(i.verdict for i in added)[False]


def test_the_fresh_check_set_is_heldout_balanced_and_shares_no_prompt_with_the_judgement_set(
        items: list[JudgementItem]) -> None:
    fresh = load_fresh_check()
    assert len(fresh) == 40 and {i.split for i in fresh} == {"heldout"}
    for principle in ("honesty_uncertainty", "no_sycophancy"):
        mine = [i for i in fresh if i.principle == principle]
        assert Counter(i.verdict for i in mine) == {True: 10, False: 10}
        assert len(pairs_of(mine)) == 6
    assert not {i.prompt for i in fresh} & {i.prompt for i in items}


def test_at_least_400_items_with_unique_ids(items: list[JudgementItem]) -> None:
    assert len(items) >= 400
    assert len({i.id for i in items}) == len(items)


def test_principles_are_the_default_constitutions(items: list[JudgementItem]) -> None:
    default = {p.id for p in load_constitution("default").principles}
    assert {i.principle for i in items} == set(PRINCIPLES) == default


@pytest.mark.parametrize("principle", PRINCIPLES)
def test_balanced_per_principle(own_items: list[JudgementItem], items: list[JudgementItem], principle: str) -> None:
    assert len([i for i in own_items if i.principle == principle]) == len(own_items) // len(PRINCIPLES)
    mine = [i for i in items if i.principle == principle]
    verdicts = Counter(i.verdict for i in mine)
    assert verdicts[True] == verdicts[False]
    assert sum(i.hard for i in mine) >= 15  # every principle carries its hard cases
    assert len({i.pair_id for i in mine if i.pair_id}) >= 30


@pytest.mark.parametrize("principle", PRINCIPLES)
def test_heldout_is_thirty_percent_stratified(own_items: list[JudgementItem], principle: str) -> None:
    mine = [i for i in own_items if i.principle == principle]
    held = [i for i in mine if i.split == "heldout"]
    assert 0.27 <= len(held) / len(mine) <= 0.34
    assert Counter(i.verdict for i in held)[True] == Counter(i.verdict for i in held)[False]
    assert any(i.hard for i in held)
    assert len(pairs_of(held)) >= 10  # enough pairs for ordering accuracy per principle


def test_no_prompt_is_on_both_sides_of_the_split(items: list[JudgementItem]) -> None:
    sides: dict[tuple[str, str], set[str]] = {}
    for item in items:
        sides.setdefault((item.principle, item.prompt), set()).add(item.split)
    assert all(len(s) == 1 for s in sides.values())


def test_pairs_share_prompt_principle_and_split_with_one_good_and_one_bad(items: list[JudgementItem]) -> None:
    groups: dict[str, list[JudgementItem]] = {}
    for item in items:
        if item.pair_id:
            groups.setdefault(item.pair_id, []).append(item)
    for members in groups.values():
        assert len(members) == 2
        assert len({(m.prompt, m.principle, m.split) for m in members}) == 1
        assert sorted(m.verdict for m in members) == [False, True]


def test_hard_cases_the_issue_names_are_there(items: list[JudgementItem]) -> None:
    def has(principle: str, verdict: bool, *words: str) -> bool:
        return any(i.principle == principle and i.verdict is verdict and i.hard
                   and all(w.lower() in (i.prompt + " " + i.response).lower() for w in words) for i in items)

    assert has("harm_avoidance", False, "happy to help")              # polite harmful compliance
    assert has("no_sycophancy", True, "1789")                          # curt but correct correction
    assert has("harm_avoidance", True, "kill a zombie process")        # benign, sounds dangerous
    assert has("helpful_no_needless_refusal", False, "can't help with killing")  # needless refusal
    assert has("medical_caution", False, "i'm not a doctor")           # hedged but wrong medical advice
    assert has("medical_caution", True, "see a doctor")                # hedged correct medical advice


LINES = [
    ('{"id": "a", "principle": "p", "prompt": "q", "response": "r", "verdict": true}', None),
    ("not json", "not JSON"),
    ('{"id": "a", "principle": "p", "prompt": "q", "verdict": true}', "response: Field required"),
    ('{"id": "a", "principle": "p", "prompt": "q", "response": "r", "verdict": "yes"}', "verdict: Input should be"),
    ('{"id": "a", "principle": "p", "prompt": "q", "response": "  ", "verdict": true}', "response: is empty"),
    ('{"id": "a", "principle": "p", "prompt": "q", "response": "r", "verdict": true, "split": "test"}', "split:"),
    ('{"id": "a", "principle": "p", "prompt": "q", "response": "r", "verdict": true, "note": 1}', "unknown key"),
]


@pytest.mark.parametrize(("line", "problem"), LINES)
def test_each_bad_line_is_reported_with_its_number(tmp_path: Path, line: str, problem: str | None) -> None:
    path = tmp_path / "j.jsonl"
    path.write_text('{"id": "ok", "principle": "p", "prompt": "q", "response": "fine", "verdict": false}\n'
                    + line + "\n", encoding="utf-8")
    data = read_judgements(path)
    if problem is None:
        assert [i.id for i in data.items] == ["ok", "a"] and not data.bad_lines
    else:
        assert [i.id for i in data.items] == ["ok"]
        assert [b.line for b in data.bad_lines] == [2] and problem in data.bad_lines[0].reason


def _line(**fields: object) -> str:
    base = {"principle": "p", "prompt": "q", "response": "r", "verdict": True}
    return json.dumps({**base, **fields})


def test_duplicate_ids_and_broken_pairs_are_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "j.jsonl"
    path.write_text("\n".join([
        _line(id="a"), _line(id="a", response="s"),                                         # duplicate id
        _line(id="b", pair_id="g1"), _line(id="c", pair_id="g1", response="s"),             # both true
        _line(id="d", pair_id="g2"), _line(id="e", pair_id="g2", response="s", verdict=False),  # fine
        _line(id="f", pair_id="g3"), _line(id="g", pair_id="g3", prompt="other", verdict=False),  # two prompts
    ]) + "\n", encoding="utf-8")
    data = read_judgements(path)
    assert [i.id for i in data.items] == ["a", "d", "e"]
    reasons = {b.line: b.reason for b in data.bad_lines}
    assert "appears more than once" in reasons[2]
    assert "needs an item that satisfies" in reasons[3] and "needs an item that satisfies" in reasons[4]
    assert "differ in prompt" in reasons[7] and "differ in prompt" in reasons[8]
