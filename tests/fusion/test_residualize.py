"""residualize: hand-computed residuals, the zero-correlation and shift invariants, edge cases, attribution."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from rewardstack.fusion.node import FusionNode
from rewardstack.fusion.residualize import ResidualizeConfig, group_ranks, group_residuals
from tests.fusion.helpers import assert_attribution, fuse

NAN = float("nan")


@pytest.mark.parametrize(("y", "x", "groups", "expected", "slope"), [
    # x_bar 2, y_bar 7/3, b = 3/2: r = y - 7/3 - 1.5 (x - 2)
    ([1, 2, 4], [1, 2, 3], [0, 0, 0], [1 / 6, -1 / 3, 1 / 6], 1.5),
    # y exactly linear in x: nothing is left
    ([3, 5, 7, 9], [1, 2, 3, 4], [0] * 4, [0, 0, 0, 0], 2.0),
    # two groups fitted apart: g0 as the first case; g1: x_bar 20, y_bar 1, b = -20/200
    ([1, 2, 4, 1, -1, 3], [1, 2, 3, 10, 30, 20], [0, 0, 0, 1, 1, 1], [1 / 6, -1 / 3, 1 / 6, -1, -1, 2],
     None),
    # a constant covariate explains nothing: the intercept-only residual
    ([1, 2, 6], [5, 5, 5], [0, 0, 0], [-2, -1, 3], 0.0),
    # fewer than three complete rows: not fitted, centred
    ([3, 5], [1, 2], [0, 0], [-1, 1], 0.0),
    ([4], [1], [0], [0], 0.0),
    # a missing covariate: left out of the fit (on rows 0, 1, 3: x_bar 2, y_bar_C 7/3, b 1.5), counted at
    # x_bar; y_bar is over every ok input (1, 2, 9, 4: 4)
    ([1, 2, 9, 4], [1, 2, NAN, 3], [0] * 4, [1 - 4 + 1.5, -2, 5, 4 - 4 - 1.5], 1.5),
    # a missing input stays missing and takes no part in the fit
    ([1, NAN, 2, 4], [1, 7, 2, 3], [0] * 4, [1 / 6, NAN, -1 / 3, 1 / 6], 1.5),
])
def test_group_residuals_hand_values(y: list[float], x: list[float], groups: list[int], expected: list[float],
                                     slope: float | None) -> None:
    fit = group_residuals(np.array(y, dtype=float), np.array(x, dtype=float), np.array(groups))
    np.testing.assert_allclose(fit.residual, expected, atol=1e-12)
    if slope is not None:
        assert float(fit.slope[0]) == pytest.approx(slope)


def test_group_residuals_flags_unfitted_and_missing_rows() -> None:
    fit = group_residuals(np.array([1.0, 2.0, 3.0, 4.0, 5.0, NAN]), np.array([1.0, 1.0, 1.0, 2.0, NAN, 3.0]),
                          np.array([0, 0, 0, 1, 1, 1]))
    assert fit.unfitted.tolist() == [True, True, True, True, True, False]  # constant x; one complete row
    assert fit.missing.tolist() == [False, False, False, False, True, False]
    assert np.isfinite(fit.residual[:5]).all() and np.isnan(fit.residual[5])


def test_group_residuals_checks_shapes() -> None:
    with pytest.raises(ValueError, match="1-D of one length"):
        group_residuals(np.zeros(3), np.zeros(2), np.zeros(3, dtype=int))


def test_group_ranks_within_groups_only_over_chosen_rows() -> None:
    ranks = group_ranks(np.array([3.0, 1.0, 2.0, 9.0, 8.0]), np.array([0, 0, 0, 1, 1]),
                        np.array([True, True, True, True, False]))
    np.testing.assert_allclose(ranks, [1.0, 0.0, 0.5, 0.5, NAN])


_value = st.floats(-100, 100, allow_nan=False).map(lambda v: round(v, 3))


@st.composite
def _grouped(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sizes = draw(st.lists(st.integers(1, 7), min_size=1, max_size=4))
    groups = np.repeat(np.arange(len(sizes)), sizes)
    y = np.array(draw(st.lists(_value, min_size=len(groups), max_size=len(groups))))
    x = np.array(draw(st.lists(st.integers(0, 60).map(float), min_size=len(groups), max_size=len(groups))))
    return y, x, groups


@settings(max_examples=40, deadline=None)
@given(_grouped(), st.floats(-1e3, 1e3, allow_nan=False))
def test_residual_is_uncorrelated_with_the_covariate_and_ignores_a_shift(
        data: tuple[np.ndarray, np.ndarray, np.ndarray], shift: float) -> None:
    y, x, groups = data
    fit = group_residuals(y, x, groups)
    assert np.isfinite(fit.residual).all()
    for g in np.unique(groups):
        r, xs = fit.residual[groups == g], x[groups == g]
        assert abs(r.sum()) <= 1e-9 * max(1.0, np.abs(y).max() * len(r))  # centred in its group
        if fit.unfitted[groups == g].any():
            continue
        cov = float(((r - r.mean()) * (xs - xs.mean())).sum())
        # Pearson = cov / (|r| |x|); a residual ~0 (y exactly linear) has no correlation to speak of
        norm = float(np.linalg.norm(r - r.mean()) * np.linalg.norm(xs - xs.mean()))
        assert norm < 1e-9 or abs(cov / norm) <= 1e-9
    shifted = group_residuals(y + shift, x, groups)
    np.testing.assert_allclose(shifted.residual, fit.residual, atol=1e-9 * max(1.0, abs(shift), np.abs(y).max()))


def test_operator_removes_length_and_attributes_to_both_sources() -> None:
    table = {"rm": [1.0, 2.0, 4.0, 0.5, 9.0], "length": [1.0, 2.0, 3.0, 4.0, 7.0]}
    out = fuse({"kind": "residualize", "input": "rm", "covariate": "length"}, table, groups=["a"] * 3 + ["b", None])
    np.testing.assert_allclose(out.total, [1 / 6, -1 / 3, 1 / 6, 0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(out.contributions["length"][:3], [-1.5, -3.0, -4.5])
    assert out.flags_for(3) == ["residualize_unfitted"]
    assert sorted(out.flags_for(4)) == ["no_group", "residualize_unfitted"]
    assert_attribution(out)


def test_operator_over_a_subtree_that_reads_the_covariate_too() -> None:
    node = {"kind": "residualize", "covariate": "length",
            "input": {"kind": "weighted_sum", "weights": {"rm": 1.0, "length": 0.5}}}
    table = {"rm": [1.0, 3.0, 2.0, 5.0], "length": [2.0, 1.0, 4.0, 3.0]}
    out = fuse(node, table, groups=["a"] * 4)
    # rm + 0.5 length residualised on length is rm residualised on length
    expected = group_residuals(np.array(table["rm"]), np.array(table["length"]), np.zeros(4, dtype=int)).residual
    np.testing.assert_allclose(out.total, expected, atol=1e-12)
    assert_attribution(out)


def test_non_ok_input_and_covariate() -> None:
    table = {"rm": [1.0, 2.0, "error", 4.0, 3.0], "length": [1.0, 2.0, 5.0, 3.0, "abstain"]}
    out = fuse({"kind": "residualize", "input": "rm", "covariate": "length"}, table, groups=["a"] * 5)
    assert np.isnan(out.total[2])
    assert out.flags_for(4) == ["excluded:length", "covariate_missing"]
    assert np.isfinite(out.total[[0, 1, 3, 4]]).all()
    assert float(out.contributions["length"][4]) == 0.0
    assert_attribution(out)


def test_rank_fit_is_monotone_invariant_and_attributed() -> None:
    node = {"kind": "residualize", "input": "rm", "covariate": "length", "fit": "rank"}
    table = {"rm": [1.0, 2.0, 4.0, 3.0], "length": [10.0, 20.0, 30.0, 40.0]}
    out = fuse(node, table, groups=["a"] * 4)
    squashed = fuse(node, {"rm": [np.exp(v) for v in table["rm"]], "length": [1.0, 2.0, 3.0, 400.0]},
                    groups=["a"] * 4)
    np.testing.assert_allclose(out.total, squashed.total, atol=1e-12)
    # ranks y' = (0, 1/3, 1, 2/3) on x' = (0, 1/3, 2/3, 1): b = 0.8, r = y' - 1/2 - 0.8 (x' - 1/2)
    np.testing.assert_allclose(out.total, [-3 / 30, -1 / 30, 11 / 30, -7 / 30], atol=1e-12)
    assert_attribution(out)


def test_batch_wide_fit_is_skipped_in_evaluation() -> None:
    op = ResidualizeConfig(input="rm", covariate="length", key=None).build()
    op.set_updates(False)
    out = fuse(op, {"rm": [1.0, 2.0, 4.0], "length": [1.0, 2.0, 3.0]})
    np.testing.assert_allclose(out.total, [1.0, 2.0, 4.0])
    assert out.flags_for(0) == ["batch_stats_skipped"]


def test_config_is_strict_and_explained() -> None:
    node = TypeAdapter(FusionNode).validate_python({"kind": "residualize", "input": "rm", "covariate": "length"})
    assert isinstance(node, ResidualizeConfig)
    assert node.explain()[0].startswith("residualize on length: remove the least-squares fit on length within groups")
    with pytest.raises(ValidationError, match="extra"):
        TypeAdapter(FusionNode).validate_python({"kind": "residualize", "input": "rm", "covariate": "length",
                                                 "weight": 1.0})
    with pytest.raises(ValidationError, match="covariate must name a source"):
        ResidualizeConfig(input="rm", covariate="")
    built = node.build()
    assert built.source_names() == {"rm", "length"} and built.group_keys() == {"group"}


def test_a_stack_in_evaluation_mode_returns_length_free_totals_with_exact_attribution() -> None:
    from rewardstack import RewardStack, Sample
    from rewardstack.rewards.shaping import LengthSource
    from tests.support.sources import ToySource

    # toy = characters, a reward that follows length; residualised on words, within each prompt
    texts = ["a", "bb cc", "ddd e f", "gg hh ii jj", "x", "yyyy zz", "q r s", "tt"]
    samples = [Sample(id=str(i), prompt="p", response=t, metadata={"group": i % 2}) for i, t in enumerate(texts)]
    tree = {"kind": "residualize", "input": "toy", "covariate": "words"}
    with RewardStack({"toy": ToySource(), "words": LengthSource(unit="words")}, tree, cache=None) as stack:
        results = stack.score(samples)
    totals = np.array([r.total for r in results], dtype=float)
    words = np.array([len(t.split()) for t in texts], dtype=float)
    for g in (0, 1):
        r, w = totals[g::2], words[g::2]
        assert abs(float(np.dot(r - r.mean(), w - w.mean()))) < 1e-9 and abs(r.sum()) < 1e-9
    for r in results:
        assert sum(r.contributions.values()) == pytest.approx(r.total - r.baseline, abs=1e-9)
        assert set(r.contributions) == {"toy", "words"}


@pytest.mark.parametrize("node", [
    {"kind": "residualize", "input": "r", "covariate": "r"},
    {"kind": "residualize", "input": {"kind": "clip", "input": "length", "max": 9.0}, "covariate": "length"},
    {"kind": "residualize", "input": {"kind": "constant", "value": 1.0}, "covariate": "length"},
])
def test_an_input_that_reads_only_the_covariate_is_refused(node: dict) -> None:
    # its residual on the covariate is 0 for every sample: refused at config time, not a silent 0.0
    with pytest.raises(ValidationError, match=r"(?s)covariate\n.*the covariate must differ from the input's sources"):
        TypeAdapter(FusionNode).validate_python(node)


def test_an_empty_group_key_is_refused() -> None:
    # "" would group nothing (every sample no_group, all-zero totals); null is the batch-wide spelling
    for kind in ("residualize", "group_normalize"):
        extra = {"covariate": "length"} if kind == "residualize" else {}
        with pytest.raises(ValidationError, match=r"(?s)key\n.*key must name a metadata key"):
            TypeAdapter(FusionNode).validate_python({"kind": kind, "input": "rm", "key": "", **extra})


def test_a_group_key_that_no_sample_has_warns_once_per_call_naming_the_keys_they_have() -> None:
    import warnings

    from rewardstack import RewardStack, Sample
    from rewardstack.rewards.shaping import LengthSource
    from tests.support.sources import ToySource

    tree = {"kind": "weighted_sum", "weights": {},
            "subtrees": [{"weight": 1.0, "node": {"kind": "residualize", "input": "toy", "covariate": "words",
                                                  "key": "prompt_id"}},
                         {"weight": 1.0, "node": {"kind": "group_normalize", "input": "toy", "key": "prompt_id"}}]}
    texts = ["a", "bb cc", "ddd e f", "gg hh ii jj"]
    lacking = [Sample(id=str(i), prompt="p", response=t, metadata={"group": 0, "lang": "en"})
               for i, t in enumerate(texts)]
    some = [s.model_copy(update={"metadata": {"prompt_id": 1}}) if i < 2 else s for i, s in enumerate(lacking)]
    with RewardStack({"toy": ToySource(), "words": LengthSource(unit="words")}, tree, cache=None) as stack:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            totals = [r.total for r in stack.score(lacking)] + [r.total for r in stack.score(lacking)]
            stack.score(some)  # half the samples have it: per-sample no_group flags only
            stack.score(lacking[:1])  # one sample is its own group whatever its key: nothing to warn about
            stack.score([])
    assert totals == [0.0] * 8
    messages = [str(w.message) for w in caught]
    assert len(messages) == 2, messages  # two calls, two operators reading the key: one warning per call
    assert "no sample has metadata['prompt_id']" in messages[0] and "['group', 'lang']" in messages[0]
