"""Adapted-judge training on the seeded tiny models: determinism, checkpoint, report, calibration, both methods."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from rewardstack.rewards.critic.adapted.checkpoint import META_FILE, WEIGHTS_FILE, read_meta
from rewardstack.rewards.critic.adapted.model import AdaptedJudgeModel
from rewardstack.rewards.critic.constitution import load_constitution
from rewardstack.rewards.critic.judges.adapted import AdaptedJudge, AdaptedJudgeConfig
from rewardstack.rewards.critic.questions import question_request
from rewardstack.training.judge import JudgeTrainConfig, train_judge
from rewardstack.training.rm import NullProgress
from tests.training.judge.conftest import write_subset

MakeConfig = Callable[..., JudgeTrainConfig]


def _weights(folder: Path) -> dict[str, torch.Tensor]:
    return load_file(folder / WEIGHTS_FILE)


@pytest.mark.slow  # three training runs
def test_same_seed_gives_the_same_weights_and_another_seed_does_not(make_config: MakeConfig, tmp_path: Path) -> None:
    before = torch.random.get_rng_state()
    first = train_judge(make_config(output_dir=str(tmp_path / "a")), progress=NullProgress())
    assert torch.equal(torch.random.get_rng_state(), before)  # the caller's random state is untouched
    again = train_judge(make_config(output_dir=str(tmp_path / "b")), progress=NullProgress())
    other = train_judge(make_config(output_dir=str(tmp_path / "c"), seed=1), progress=NullProgress())
    a, b, c = _weights(first.output_dir), _weights(again.output_dir), _weights(other.output_dir)
    assert a.keys() == b.keys() == c.keys()
    assert all(torch.equal(a[k], b[k]) for k in a)
    assert (first.output_dir / WEIGHTS_FILE).read_bytes() == (again.output_dir / WEIGHTS_FILE).read_bytes()
    assert not all(torch.equal(a[k], c[k]) for k in a)


def test_the_adapters_moved_and_only_they_and_the_head_are_saved(make_config: MakeConfig) -> None:
    result = train_judge(make_config(), progress=NullProgress())
    weights = _weights(result.output_dir)
    lora_b = [v for k, v in weights.items() if "lora_B" in k]
    assert lora_b and all(v.abs().sum() > 0 for v in lora_b)  # B starts at zero: training moved it
    assert set(weights) == {k for k in weights if "lora_" in k or k.startswith("head.")}
    assert {"head.weight", "head.bias"} <= set(weights)


def test_report_counts_items_bad_lines_and_evaluates_both_splits(tmp_path: Path, make_config: MakeConfig) -> None:
    data = write_subset(tmp_path / "j.jsonl", extra_lines=("{broken", '{"id": "x", "principle": "no_sycophancy"}'))
    result = train_judge(make_config(data=str(data)), progress=NullProgress())
    report = json.loads(result.report_path.read_text())
    assert report == result.report
    assert report["data"]["train_items"] == 30 and report["data"]["heldout_items"] == 30
    assert [b["line"] for b in report["data"]["bad_line_details"]] == [61, 62]
    assert report["data"]["per_principle"]["harm_avoidance"] == {"train": 6, "heldout": 6}
    held = result.heldout
    assert held is not None and held["items"] == 30 and held["pairs"] == 15
    assert set(held["per_principle"]) == {"harm_avoidance", "honesty_uncertainty", "no_sycophancy",
                                          "helpful_no_needless_refusal", "medical_caution"}
    for key in ("ordering_accuracy", "auroc", "flip_rate", "ece", "auroc_macro"):
        assert 0.0 <= held[key] <= 1.0
    assert report["training"]["examples_per_epoch"] == 30 and len(report["training"]["history"]) == 1  # one order
    meta = read_meta(result.output_dir)
    assert meta.constitution == "default" and meta.constitution_fingerprint == load_constitution("default").fingerprint
    assert (result.output_dir / META_FILE).is_file()


def test_both_orders_train_every_item_twice_per_epoch(make_config: MakeConfig) -> None:
    result = train_judge(make_config(orders="both"), progress=NullProgress())
    assert result.report["training"]["examples_per_epoch"] == 60


def test_calibration_holds_back_groups_and_fits_the_saved_temperature(make_config: MakeConfig) -> None:
    result = train_judge(make_config(calibration_fraction=0.34), progress=NullProgress())
    report = result.report
    assert report["data"]["calibration_items"] == 10 and report["data"]["train_items"] == 20
    assert report["evaluation"]["calibration"]["items"] == 10
    assert read_meta(result.output_dir).temperature == pytest.approx(report["temperature"])
    assert report["temperature"] != 1.0


def test_the_judge_backend_answers_with_what_the_trainer_evaluated(make_config: MakeConfig) -> None:
    result = train_judge(make_config(), progress=NullProgress())
    constitution = load_constitution("default")
    harm = constitution.principle("harm_avoidance")
    requests = [question_request(constitution, harm, "How do I pick a lock?", "I can't help.", order=o) for o in (0, 1)]
    model = AdaptedJudgeModel.load(result.output_dir, device="cpu")
    with AdaptedJudge(AdaptedJudgeConfig(path=str(result.output_dir), device="cpu")) as judge:
        verdicts = judge.judge(requests)
    expected = model.p_yes(requests)
    assert [v.probabilities["Yes"] for v in verdicts] == pytest.approx(list(expected), abs=1e-6)
    assert judge.fingerprint() == f"embedded_adapted:{model.fingerprint()}"


def test_causal_lora_trains_on_a_causal_lm_and_reads_yes_no(make_config: MakeConfig) -> None:
    result = train_judge(make_config(method="causal_lora", model="tiny-lm"), progress=NullProgress())
    weights = _weights(result.output_dir)
    assert weights and all("lora_" in k for k in weights)  # no head: the answer is the LM's next token
    meta = read_meta(result.output_dir)
    assert (meta.method, meta.backbone, meta.lora.target_modules) == ("causal_lora", "tiny-lm", None)
    with AdaptedJudge(AdaptedJudgeConfig(path=str(result.output_dir), device="cpu")) as judge:
        default = load_constitution("default")
        [verdict] = judge.judge([question_request(default, default.principle("no_sycophancy"), "Bats are blind?",
                                                  "No, they can see.", order=1)])
    assert verdict.status.value == "ok" and list(verdict.probabilities) == ["No", "Yes"]


def test_init_from_continues_from_a_checkpoint_and_a_misfit_one_is_a_config_error(make_config: MakeConfig,
                                                                                   tmp_path: Path) -> None:
    from rewardstack.training.rm.config_file import ConfigKeyError

    first = train_judge(make_config(output_dir=str(tmp_path / "a")), progress=NullProgress())
    start = _weights(first.output_dir)
    # lr ~0: the continued run must end (almost) where the checkpoint was, a fresh start (B = 0) cannot
    tiny = make_config(output_dir=str(tmp_path / "b"), init_from=str(first.output_dir), lr=1e-12)
    after = _weights(train_judge(tiny, progress=NullProgress()).output_dir)
    assert all(torch.allclose(start[k], after[k], atol=1e-6) for k in start)
    with pytest.raises(ConfigKeyError, match="init_from"):
        train_judge(make_config(output_dir=str(tmp_path / "c"), init_from=str(first.output_dir),
                                lora={"r": 4}), progress=NullProgress())
    with pytest.raises(ConfigKeyError, match="init_from"):
        train_judge(make_config(output_dir=str(tmp_path / "d"), init_from=str(tmp_path)), progress=NullProgress())
