"""The outcome_signals source on real logs of both kinds: mapping, window, decay, combine, abstain, malformed rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from rewardstack.core.score import Status
from rewardstack.rewards.outcomes import OutcomeSignalsSource
from tests.rewards.outcomes.helpers import T0, Row, make_sample

H = 3600.0
LogFactory = Callable[[Sequence[Row]], dict[str, Any]]


def _label(log: dict[str, Any]) -> str:
    return "rowid" if log["kind"] == "sqlite" else "line"


# (rows of conversation c1, config fields, hand-computed value)
CASES: list[tuple[str, list[Row], dict[str, Any], float]] = [
    ("default weights, clipped sum", [("c1", "resolved", T0 + H), ("c1", "thumbs_up", T0 + 2 * H)], {}, 1.0),
    ("default weights, unclipped", [("c1", "resolved", T0 + H), ("c1", "thumbs_up", T0 + 2 * H)],
     {"combine": {"kind": "sum", "clip": None}}, 1.5),
    ("mixed signs", [("c1", "escalated", T0 + H), ("c1", "thumbs_up", T0 + H)], {}, -0.5),
    ("own weights", [("c1", "resolved", T0), ("c1", "recontacted_24h", T0 + 5 * H)],
     {"weights": {"resolved": 2.0, "recontacted_24h": -0.75}, "combine": {"kind": "sum", "clip": [-5, 5]}}, 1.25),
    ("window keeps [0, 24h]", [("c1", "resolved", T0 + H), ("c1", "thumbs_down", T0 + 25 * H),
                               ("c1", "thumbs_up", T0 - 60)], {"window": {"start_s": 0, "end_s": 86400}}, 1.0),
    ("window bounds are inclusive", [("c1", "thumbs_up", T0), ("c1", "thumbs_up", T0 + 24 * H)],
     {"window": {"end_s": 86400}, "dedupe": False}, 1.0),
    # 1 * 0.5 ** (3600/3600) + (-0.5) * 0.5 ** (7200/3600) = 0.5 - 0.125
    ("decay, half-life 1h", [("c1", "resolved", T0 + H), ("c1", "thumbs_down", T0 + 2 * H)],
     {"half_life_s": 3600}, 0.375),
    # 1 * 0.5 ** (7200/7200) + 0.5 * 0.5 ** (3600/7200) = 0.5 + 0.35355339
    ("decay with ISO times", [("c1", "resolved", "2025-01-01T12:00:00Z"),
                              ("c1", "thumbs_up", "2025-01-01T13:00:00+02:00")],
     {"half_life_s": 7200}, 0.5 + 0.5 * 2 ** -0.5),
    ("naive times in a named zone", [("c1", "resolved", "2025-01-01T12:00:00")],  # Berlin noon = 11:00Z
     {"half_life_s": 3600, "naive_timezone": "Europe/Berlin"}, 0.5),
    ("last wins", [("c1", "thumbs_down", T0 + 60), ("c1", "thumbs_up", T0 + 120)], {"combine": {"kind": "last"}}, 0.5),
    ("last wins, decayed", [("c1", "thumbs_up", T0 + 120), ("c1", "thumbs_down", T0 + 60)],
     {"combine": {"kind": "last"}, "half_life_s": 120}, 0.25),
    ("repeats count once", [("c1", "thumbs_up", T0 + 60), ("c1", "thumbs_up", T0 + 60)], {}, 0.5),
    ("repeats counted without dedupe", [("c1", "thumbs_up", T0 + 60), ("c1", "thumbs_up", T0 + 60)],
     {"dedupe": False}, 1.0),
    ("other conversations do not leak", [("c1", "thumbs_down", T0), ("c2", "resolved", T0), ("c10", "resolved", T0)],
     {}, -0.5),
]


@pytest.mark.parametrize("rows, fields, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hand_computed_values(any_log: LogFactory, rows: list[Row], fields: dict[str, Any], expected: float) -> None:
    source = OutcomeSignalsSource(log=any_log(rows), **fields)
    [score] = source.score([make_sample("c1")])
    assert score.status is Status.OK, score.evidence
    assert score.value == pytest.approx(expected, abs=1e-12)
    assert sum(score.components.values()) == pytest.approx(score.value) or score.details.get("clipped")


def test_details_say_what_counted(any_log: LogFactory) -> None:
    log = any_log([("c1", "resolved", T0 + H), ("c1", "thumbs_down", T0 + 30 * H)])
    source = OutcomeSignalsSource(log=log, window={"end_s": 86400}, half_life_s=3600)
    [score] = source.score([make_sample("c1")])
    label = _label(log)
    assert score.details["counted"] == [{"at": f"{label} 1", "outcome": "resolved", "time": "2025-01-01T11:00:00Z",
                                         "delay_s": 3600.0, "weight": 1.0, "decay": 0.5, "contribution": 0.5}]
    assert score.details["outside_window"] == 1 and score.details["conversation"] == "c1"
    assert score.evidence == "conversation c1: resolved +1 at +1.00h x0.5 -> sum 0.5"


def test_a_chatty_conversation_is_summarised(any_log: LogFactory) -> None:
    log = any_log([("c1", "thumbs_up", T0 + i) for i in range(60)])
    [score] = OutcomeSignalsSource(log=log, combine={"kind": "sum", "clip": None}).score([make_sample("c1")])
    assert score.value == 30.0 and score.components == {"thumbs_up": 30.0}
    assert len(score.details["counted"]) == 50 and score.details["counted_total"] == 60
    assert score.evidence.endswith("thumbs_up +0.5, ... 55 more -> sum 30")


def test_last_names_the_deciding_entry(any_log: LogFactory) -> None:
    log = any_log([("c1", "thumbs_up", T0 + 60), ("c1", "escalated", T0 + 600)])
    [score] = OutcomeSignalsSource(log=log, combine={"kind": "last"}).score([make_sample("c1")])
    assert score.value == -1.0 and score.components == {"escalated": -1.0}
    assert score.details["decided_by"] == f"{_label(log)} 2"


@pytest.mark.parametrize("rows, fields, evidence", [
    ([], {}, "no outcome yet for conversation c1"),
    ([("c2", "resolved", T0)], {}, "no outcome yet for conversation c1"),
    ([("c1", "resolved", T0 + 30 * H)], {"window": {"end_s": 86400}},
     "no outcome yet for conversation c1 (1 outside the window)"),
    ([("c1", "viewed", T0)], {"ignore_kinds": ["viewed"]}, "no outcome yet for conversation c1"),
])
def test_abstains_while_no_outcome_is_known(any_log: LogFactory, rows: list[Row], fields: dict[str, Any],
                                            evidence: str) -> None:
    [score] = OutcomeSignalsSource(log=any_log(rows), **fields).score([make_sample("c1")])
    assert score.status is Status.ABSTAIN and score.value is None
    assert score.evidence == evidence


def test_malformed_rows_are_named_and_skipped(any_log: LogFactory) -> None:
    log = any_log([
        ("c1", "thumbs_sideways", T0),          # 1: unknown outcome
        ("c1", "resolved", "yesterday"),        # 2: bad timestamp
        ("c1", "thumbs_up", T0 + 60),           # 3: fine
        ("c1", 7, T0),                          # 4: not a name
        ("c1", "resolved", "2025-01-01T11:00"),  # 5: no time zone
        ("c1", "resolved", None),               # 6: no time
    ])
    [score] = OutcomeSignalsSource(log=log).score([make_sample("c1")])
    label = _label(log)
    assert score.status is Status.OK and score.value == 0.5
    assert [p.split(":")[0] for p in score.details["ignored"]] == [f"{label} {n}" for n in (1, 2, 4, 5, 6)]
    assert "unknown outcome 'thumbs_sideways'" in score.details["ignored"][0]
    assert "'yesterday' is neither ISO 8601 nor unix seconds" in score.details["ignored"][1]
    assert "has no time zone" in score.details["ignored"][3]
    assert f"5 malformed entries ignored ({label} 1: unknown outcome" in score.evidence


def test_only_malformed_rows_abstain_and_say_so(any_log: LogFactory) -> None:
    log = any_log([("c1", "resolved", "soon")])
    [score] = OutcomeSignalsSource(log=log).score([make_sample("c1")])
    assert score.status is Status.ABSTAIN
    assert score.evidence.startswith("no outcome yet for conversation c1; 1 malformed entry ignored")


@pytest.mark.parametrize("metadata, status, evidence", [
    ({"conversation_id": None}, Status.ABSTAIN, "sample has no metadata['conversation_id']"),
    ({"conversation_id": ["c1"]}, Status.ERROR, "a join id is a non-empty string or an integer"),
    ({"conversation_id": True}, Status.ERROR, "a join id is a non-empty string or an integer"),
    ({"conversation_id": ""}, Status.ERROR, "a join id is a non-empty string or an integer"),
    ({"response_time": None}, Status.ERROR, "sample has no metadata['response_time']"),
    ({"response_time": "noon"}, Status.ERROR, "metadata['response_time']: timestamp 'noon'"),
    ({"response_time": "2025-01-01T10:00:00"}, Status.ERROR, "has no time zone"),
])
def test_unusable_samples(any_log: LogFactory, metadata: dict[str, Any], status: Status, evidence: str) -> None:
    source = OutcomeSignalsSource(log=any_log([("c1", "resolved", T0)]), half_life_s=60)
    sample = make_sample(**{"conversation": "c1", **{k.replace("conversation_id", "conversation"): v
                                                      for k, v in metadata.items()}})
    good, bad = source.score([make_sample("c1"), sample])
    assert good.status is Status.OK  # one bad sample never spoils the batch
    assert bad.status is status and evidence in bad.evidence


def test_response_time_only_needed_for_window_or_decay(any_log: LogFactory) -> None:
    source = OutcomeSignalsSource(log=any_log([("c1", "resolved", T0)]))
    [score] = source.score([make_sample("c1", response_time=None)])
    assert score.value == 1.0 and score.details["counted"][0]["delay_s"] is None


def test_integer_ids_and_custom_keys(any_log: LogFactory) -> None:
    source = OutcomeSignalsSource(log=any_log([(42, "resolved", T0), ("43", "thumbs_down", T0)]),
                                  id_key="ticket", time_key="answered_at", half_life_s=3600)
    samples = [make_sample(None, response_time=None, ticket=42, answered_at=T0),
               make_sample(None, response_time=None, ticket="43", answered_at="2025-01-01T10:00:00Z")]
    assert [s.value for s in source.score(samples)] == [1.0, -0.5]


def test_describe_gives_the_output_range(any_log: LogFactory) -> None:
    log = any_log([])
    assert OutcomeSignalsSource(log=log).describe().output_range == (-1.0, 1.0)
    assert OutcomeSignalsSource(log=log, combine={"kind": "sum", "clip": None}).describe().output_range is None
    last = OutcomeSignalsSource(log=log, combine={"kind": "last"}, weights={"a": 0.5, "b": 2.0})
    assert last.describe().output_range == (0.5, 2.0)
    assert OutcomeSignalsSource(log=log, combine={"kind": "last"}, weights={"a": 0.5, "b": 2.0},
                                half_life_s=60).describe().output_range == (0.0, 2.0)


@pytest.mark.parametrize("fields, message", [
    ({"weights": {}}, "at least 1 item"),
    ({"weights": {"resolved": 1.0}, "ignore_kinds": ["resolved"]}, "both weighted and ignored"),
    ({"window": {"start_s": 10, "end_s": 5}}, "before start_s"),
    ({"combine": {"kind": "sum", "clip": [1, -1]}}, "low < high"),
    ({"combine": {"kind": "max"}}, "does not match any of the expected tags"),
    ({"half_life_s": 0}, "greater than 0"),
    ({"naive_timezone": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
    ({"windw": {}}, "Extra inputs are not permitted"),
])
def test_bad_config_is_refused(jsonl_log: LogFactory, fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        OutcomeSignalsSource(log=jsonl_log([]), **fields)
