"""Prompt shift: kNN distances and the classifier two-sample AUC, on vectors and on the real embedded encoder."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch

from rewardstack.data import classifier_auc, knn_distance, measure_shift, shift_from_embeddings
from rewardstack.data.embed import embed_texts, mean_pool
from rewardstack.models import load_encoder


def unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_knn_distance_by_hand() -> None:
    reference = unit(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))
    query = np.array([[1.0, 0.0]])
    # cosines to the reference: 1, 0, 0.7071 -> distances 0, 1, 0.2929; k=2 nearest: 0 and 0.2929
    assert knn_distance(reference, query, k=2) == pytest.approx([(0 + (1 - 2 ** -0.5)) / 2])
    # without itself, row 0's nearest are rows 2 (0.2929) and 1 (1.0)
    assert knn_distance(reference, reference, k=1, exclude_self=True) == pytest.approx(
        [1 - 2 ** -0.5, 1 - 2 ** -0.5, 1 - 2 ** -0.5])


def test_knn_distance_in_chunks_equals_one_block(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(0)
    reference, queries = unit(rng.normal(size=(50, 8))), unit(rng.normal(size=(30, 8)))
    whole = knn_distance(reference, queries, k=3)
    self_whole = knn_distance(reference, reference, k=3, exclude_self=True)
    monkeypatch.setattr("rewardstack.data.shift._CHUNK", 7)
    assert knn_distance(reference, queries, k=3) == pytest.approx(whole)
    assert knn_distance(reference, reference, k=3, exclude_self=True) == pytest.approx(self_whole)


def test_classifier_auc_separable_same_and_too_small() -> None:
    rng = np.random.default_rng(1)
    same_a, same_b = rng.normal(size=(80, 16)), rng.normal(size=(60, 16))
    moved = rng.normal(size=(60, 16)) + 2.0
    assert classifier_auc(same_a, same_b) == pytest.approx(0.5, abs=0.15)
    assert classifier_auc(same_a, moved) > 0.95
    assert classifier_auc(same_a, moved[:1]) is None


def test_shift_from_embeddings_rules() -> None:
    rng = np.random.default_rng(2)
    train = unit(rng.normal(size=(200, 32)))
    same = shift_from_embeddings(train, unit(rng.normal(size=(100, 32))))
    assert same.drift is False and same.warnings == [] and same.k == 5
    assert same.beyond_train_p95 is not None and same.beyond_train_p95 < 0.15
    moved = shift_from_embeddings(train, unit(rng.normal(size=(100, 32)) + 1.0))
    assert moved.drift is True and moved.classifier_auc is not None and moved.classifier_auc > 0.9
    assert any("AUC" in w and "0.7" in w for w in moved.warnings)
    tiny = shift_from_embeddings(train[:5], train[5:8])
    assert tiny.drift is None and tiny.classifier_auc is None and "fewer than 10" in tiny.notes[0]
    lonely = shift_from_embeddings(train[:1], train[1:3])
    assert lonely.train_knn is None and lonely.drift is None


def test_mean_pool_ignores_padding_and_normalises() -> None:
    hidden = torch.tensor([[[1.0, 1.0], [3.0, 3.0], [100.0, -5.0]]])
    pooled = mean_pool(hidden, torch.tensor([[1, 1, 0]]))
    assert pooled[0].tolist() == pytest.approx([2 ** -0.5, 2 ** -0.5])


CODING = [f"How do I {verb} a {thing} in {lang}?" for verb, thing, lang in itertools.product(
    ["sort", "reverse", "copy", "filter", "merge", "search"], ["list", "dictionary", "string", "set"],
    ["Python", "JavaScript", "Go"])]
CODING += [f"What is {a} times {b}?" for a, b in itertools.product([12, 17, 23, 45, 68, 91], [3, 14, 29, 56, 77])]
CARE = [f"{q} {topic}?" for q, topic in itertools.product(
    ["What are the side effects of", "Can I take ibuprofen together with", "What is the usual dose of",
     "Is it safe to drink alcohol while taking", "Can pregnant women take"],
    ["amoxicillin", "metformin", "sertraline", "warfarin", "lisinopril", "omeprazole", "atorvastatin",
     "levothyroxine"])]


@pytest.fixture(scope="module")
def embedded() -> tuple[np.ndarray, np.ndarray]:
    return embed_texts(CODING, device="cpu"), embed_texts(CARE, device="cpu")


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(5))
def test_real_encoder_same_distribution_is_no_drift_and_a_new_domain_is(
        embedded: tuple[np.ndarray, np.ndarray], seed: int) -> None:
    coding, care = embedded
    order = np.random.default_rng(seed).permutation(len(coding))
    train, same = coding[order[:70]], coding[order[70:]]
    no_shift = shift_from_embeddings(train, same)
    assert no_shift.drift is False and no_shift.warnings == []
    assert no_shift.classifier_auc is not None and no_shift.classifier_auc < 0.75
    drifted = shift_from_embeddings(train, care[np.random.default_rng(seed).permutation(len(care))[:30]])
    assert drifted.drift is True and drifted.classifier_auc is not None and drifted.classifier_auc > 0.9
    assert drifted.beyond_train_p95 is not None and drifted.beyond_train_p95 > 0.5
    assert drifted.median_ratio is not None and drifted.median_ratio > 2


@pytest.mark.slow
def test_measure_shift_end_to_end_dedupes_and_names_the_encoder() -> None:
    train = CODING[:60] * 3  # pairs share prompts: copies must not sit at distance 0 from themselves
    report = measure_shift(train, CARE[:20], device="cpu")
    assert report.train_prompts == 60 and report.deployment_prompts == 20
    assert report.encoder == "all-minilm-l6-v2" and report.drift is True
    assert report.train_knn is not None and report.train_knn.p50 > 0.05
    assert any("classifier tells them apart" in w for w in report.warnings)


@pytest.mark.slow
def test_embeddings_are_unit_vectors_in_input_order_and_batch_independent() -> None:
    texts = ["short", "a much longer sentence about sorting lists in Python", "medium length text"]
    one = embed_texts(texts, device="cpu", batch_size=1)
    many = embed_texts(texts, device="cpu", batch_size=3)
    assert one.shape == (3, 384) and np.linalg.norm(one, axis=1) == pytest.approx(1.0, abs=1e-5)
    assert many == pytest.approx(one, abs=1e-5)  # padding in a mixed batch changes nothing
    encoder, tokenizer = load_encoder("all-minilm-l6-v2", device="cpu")
    batch = tokenizer([texts[1]], return_tensors="pt")
    with torch.inference_mode():
        alone = mean_pool(encoder(**batch).last_hidden_state, batch["attention_mask"])[0].numpy()
    assert one[1] == pytest.approx(alone, abs=1e-5)
