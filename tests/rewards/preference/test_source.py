"""The preference_model source: Score contents, normalisation, truncation, errors, identity, YAML."""

from __future__ import annotations

import shutil
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
import torch

from rewardstack import ChatMessage, ConfigError, RewardStack, Sample, Status, load_stack_config
from rewardstack.core.errors import ModelNotFound
from rewardstack.core.registry import SOURCES
from rewardstack.rewards.preference import (
    META_FILE,
    Normalization,
    PreferenceModelSource,
    RewardModelMeta,
    read_meta,
    write_meta,
)

SAMPLE = Sample(id="s", prompt="Name a fruit.", response="A banana.")


def _source(path: Path, **fields: object) -> PreferenceModelSource:
    return PreferenceModelSource(path=str(path), device="cpu", **fields)


def test_registered_as_a_builtin_kind() -> None:
    assert SOURCES.get("preference_model") is PreferenceModelSource
    assert SOURCES.origin("preference_model") == "builtin"


def test_checkpoint_statistics_are_applied(checkpoints: Callable[..., Path]) -> None:
    raw = _source(checkpoints("tiny-encoder")).score([SAMPLE])[0]
    normalised = _source(checkpoints("tiny-encoder", mean=0.5, std=2.0)).score([SAMPLE])[0]
    assert raw.components["raw"] == pytest.approx(normalised.components["raw"], abs=1e-6)
    assert normalised.value == pytest.approx((raw.components["raw"] - 0.5) / 2.0, abs=1e-6)
    off = _source(checkpoints("tiny-encoder", mean=0.5, std=2.0), normalize=False).score([SAMPLE])[0]
    assert off.value == pytest.approx(raw.components["raw"], abs=1e-6)


@pytest.mark.parametrize(("backbone", "layout"), [("tiny-encoder", "chat_template"), ("tiny-lm", "chat_template"),
                                                  ("all-minilm-l6-v2", "text_pair")])
def test_truncation_is_reported_and_count_tokens_matches(backbone: str, layout: str,
                                                         checkpoints: Callable[..., Path]) -> None:
    source = _source(checkpoints(backbone), max_length=40)
    assert source.models[0].encoder.layout == layout
    long = Sample(id="l", prompt="Name a fruit.", response="banana " * 80)
    short_score, long_score = source.score([SAMPLE, long])
    assert short_score.details["truncated"] is False and "max_length" not in short_score.details
    assert long_score.details == {"tokens": long_score.details["tokens"], "truncated": True, "max_length": 40}
    assert long_score.details["tokens"] > 80 and "truncated to 40 of" in long_score.evidence
    assert source.count_tokens(long) == 40
    assert source.count_tokens(SAMPLE) == short_score.details["tokens"]


def test_chat_prompts_are_scored_and_a_template_error_is_one_error_score(checkpoints: Callable[..., Path]) -> None:
    source = _source(checkpoints("tiny-lm"))
    chat = Sample(id="c", prompt=(ChatMessage(role="system", content="Be brief."),
                                  ChatMessage(role="user", content="Name a fruit.")), response="A pear.")
    broken = Sample(id="b", prompt="p", response="r")
    original = source.models[0].tokenizer.chat_template
    source.models[0].tokenizer.chat_template = (
        "{% for m in messages %}{% if m.content == 'r' %}{{ raise_exception('no r') }}{% endif %}"
        "{{ m.role }}: {{ m.content }}\n{% endfor %}")
    try:
        scores = source.score([chat, broken, SAMPLE])
    finally:
        source.models[0].tokenizer.chat_template = original
    assert [s.status for s in scores] == [Status.OK, Status.ERROR, Status.OK]
    assert "no r" in scores[1].evidence and scores[1].value is None


def test_a_bare_backbone_warns_and_says_untrained() -> None:
    with pytest.warns(RuntimeWarning, match="fresh head"):
        source = PreferenceModelSource(path="tiny-encoder", device="cpu")
    score = source.score([SAMPLE])[0]
    assert score.details["head"] == "untrained" and "raw" in score.components
    assert "fresh-head:seed0" in source.fingerprint()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = PreferenceModelSource(path="tiny-encoder", device="cpu").score([SAMPLE])[0]
    assert again.value == score.value  # the fresh head is seeded: the same every time


def test_fingerprint_follows_weights_and_statistics(checkpoints: Callable[..., Path], tmp_path: Path) -> None:
    folder = shutil.copytree(checkpoints("tiny-encoder"), tmp_path / "rm")
    first = _source(folder).fingerprint()
    assert first == _source(folder).fingerprint() and first.startswith("rm@sha256:")
    meta = read_meta(folder)
    assert meta is not None
    write_meta(folder, meta.model_copy(update={"normalization": Normalization(mean=1.0, std=1.0, responses=1)}))
    second = _source(folder).fingerprint()
    assert second != first
    source = _source(folder)
    with torch.no_grad():
        source.models[0].model.classifier.bias.add_(1.0)
    source.models[0].model.save_pretrained(folder)
    assert _source(folder).fingerprint() not in (first, second)


def test_a_classifier_with_two_outputs_is_refused(tmp_path: Path) -> None:
    from transformers import AutoModelForSequenceClassification

    from rewardstack.models import load_tokenizer, resolve_model

    model = AutoModelForSequenceClassification.from_pretrained(resolve_model("tiny-encoder"), num_labels=2)
    model.save_pretrained(tmp_path)
    load_tokenizer("tiny-encoder").save_pretrained(tmp_path)
    with pytest.raises(ConfigError, match="2 outputs"):
        _source(tmp_path)


def test_a_damaged_checkpoint_and_an_unknown_model_are_setup_errors(checkpoints: Callable[..., Path],
                                                                    tmp_path: Path) -> None:
    folder = shutil.copytree(checkpoints("tiny-encoder"), tmp_path / "rm")
    (folder / META_FILE).write_text('{"format": "rewardstack-reward-model", "version": 9}')
    with pytest.raises(ConfigError, match="version"):
        _source(folder)
    with pytest.raises(ModelNotFound, match="did you mean 'tiny-lm'"):
        _source(Path("tiny-lmm"))


def test_yaml_stack_with_a_checkpoint_scores_through_the_engine(checkpoints: Callable[..., Path],
                                                                tmp_path: Path) -> None:
    stack_file = tmp_path / "stack.yaml"
    stack_file.write_text(f"sources:\n  style: {{kind: preference_model, path: {checkpoints('tiny-encoder')}, "
                          "device: cpu, batch: {max_samples: 4, max_tokens: 512}}\n")
    with RewardStack.from_yaml(stack_file, cache=tmp_path / "cache.sqlite") as stack:
        results = stack.score([SAMPLE, SAMPLE.model_copy(update={"id": "t", "response": "A hammer."})])
        again = stack.score([SAMPLE])
    assert all(r.status == Status.OK for r in results)
    assert results[0].total == pytest.approx(results[0].scores["style"].value)
    assert again[0].total == results[0].total


@pytest.mark.parametrize(("yaml_fields", "message"), [
    ("path: []", "at least one model"),
    ("aggregate: median", "aggregate"),
    ("lambda: -1", "lambda"),
    ("max_length: 1", "max_length"),
    ("pathh: x", "unknown key 'pathh'"),
])
def test_bad_source_config_names_the_key(yaml_fields: str, message: str, tmp_path: Path) -> None:
    stack_file = tmp_path / "stack.yaml"
    stack_file.write_text(f"sources:\n  style:\n    kind: preference_model\n    {yaml_fields}\n")
    with pytest.raises(ConfigError, match=message) as caught:
        load_stack_config(stack_file)
    assert f"{stack_file}:4" in str(caught.value)


def test_meta_round_trip(tmp_path: Path) -> None:
    meta = RewardModelMeta(backbone="b", architecture="causal", layout="chat_template", max_length=8,
                           normalization=Normalization(mean=0.0, std=1.0, responses=2))
    write_meta(tmp_path, meta)
    assert read_meta(tmp_path) == meta and read_meta(tmp_path / "missing") is None
