"""Claim extraction: the negation scope table, claim shapes, sentences and clauses, pronouns, linear time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rewardstack.verifiers.facts.extract import Extractor
from rewardstack.verifiers.facts.linking import Linker, LinkingConfig
from rewardstack.verifiers.facts.rules import load_compiled
from rewardstack.verifiers.facts.sentences import MAX_SENTENCE, split_sentences
from rewardstack.verifiers.facts.store import KnowledgeBase


@pytest.fixture
def extractor(fixture_kb: Path) -> Iterator[Extractor]:
    kb = KnowledgeBase(fixture_kb)
    rules = load_compiled("medicine")
    with kb.snapshot() as snapshot:
        yield Extractor(rules, Linker(snapshot.index, LinkingConfig(embeddings="off"), rules))
    kb.close()


def summaries(extractor: Extractor, text: str) -> list[str]:
    return [c.summary for c in extractor.extract(text)]


# NegEx-style triggers and their scope: text -> the claims read from it
NEGATION = [
    ("Warfarin interacts with aspirin.", ["warfarin interacts_with aspirin"]),
    ("Warfarin does not interact with aspirin.", ["warfarin NOT interacts_with aspirin"]),
    ("Warfarin doesn't interact with aspirin.", ["warfarin NOT interacts_with aspirin"]),
    ("Warfarin doesn’t interact with aspirin.", ["warfarin NOT interacts_with aspirin"]),
    ("Warfarin won't interact with aspirin.", ["warfarin NOT interacts_with aspirin"]),
    ("There is no interaction between warfarin and aspirin.", ["warfarin NOT interacts_with aspirin"]),
    ("Ibuprofen and warfarin have no known interactions.", ["ibuprofen NOT interacts_with warfarin"]),
    ("Warfarin is not known to interact with aspirin.", ["warfarin NOT interacts_with aspirin"]),
    ("Ibuprofen is safe to take with warfarin.", ["ibuprofen NOT interacts_with warfarin"]),
    ("Ibuprofen is not safe to take with warfarin.", ["ibuprofen interacts_with warfarin"]),
    ("It is never safe to combine sildenafil with nitroglycerin.", ["sildenafil interacts_with nitroglycerin"]),
    ("Sertraline should not be combined with phenelzine.", ["sertraline interacts_with phenelzine"]),
    ("Sertraline should never be taken with phenelzine.", ["sertraline interacts_with phenelzine"]),
    ("Avoid taking ibuprofen with warfarin.", ["ibuprofen interacts_with warfarin"]),
    ("Taking ibuprofen with warfarin should be avoided.", ["ibuprofen interacts_with warfarin"]),
    ("There is no need to avoid aspirin with warfarin.", ["aspirin NOT interacts_with warfarin"]),
    ("Combining fluoxetine with an MAOI does not cause serotonin syndrome.", ["fluoxetine NOT interacts_with maoi"]),
    ("It is not true that warfarin doesn't interact with aspirin.", ["warfarin interacts_with aspirin"]),
    ("No, warfarin interacts with aspirin.", ["warfarin interacts_with aspirin"]),  # the comma ends "No"'s scope
    ("Not only aspirin interacts with warfarin.", ["aspirin interacts_with warfarin"]),  # a pseudo-trigger
    ("Warfarin interacts with aspirin, but lisinopril is fine.", ["warfarin interacts_with aspirin"]),
    ("Sertraline is not an SSRI.", ["sertraline NOT is_a ssri"]),
    ("Sertraline isn't a beta blocker.", ["sertraline NOT is_a beta_blocker"]),
    ("Ibuprofen is not safe for people with stomach ulcers.", ["ibuprofen contraindicated_with peptic_ulcer"]),
    ("The maximum daily dose of acetaminophen is not 4 g.", ["acetaminophen NOT max_daily_dose equals 4 g/day"]),
    ("Never exceed 4 g of acetaminophen a day.", ["acetaminophen max_daily_dose within 4 g/day"]),
    ("Do not take more than 4 g of acetaminophen a day.", ["acetaminophen max_daily_dose within 4 g/day"]),
    ("Taking no more than 4 g of acetaminophen a day is safe.", ["acetaminophen max_daily_dose within 4 g/day"]),
    ("Taking 6 g of acetaminophen a day is not safe.", ["acetaminophen max_daily_dose over 6 g/day"]),
    ("Taking 6 g of acetaminophen a day is not dangerous.", ["acetaminophen max_daily_dose within 6 g/day"]),
    ("It is safe to take more than 4 g of acetaminophen a day.", ["acetaminophen max_daily_dose above_ok 4 g/day"]),
    ("It is not safe to take more than 4 g of acetaminophen a day.",
     ["acetaminophen max_daily_dose within 4 g/day"]),
]


@pytest.mark.parametrize(("text", "expected"), NEGATION, ids=[n[0] for n in NEGATION])
def test_negation_scope(extractor: Extractor, text: str, expected: list[str]) -> None:
    assert summaries(extractor, text) == expected


SHAPES = [
    ("Warfarin interacts with ibuprofen, naproxen and aspirin.",
     ["warfarin interacts_with ibuprofen", "warfarin interacts_with naproxen", "warfarin interacts_with aspirin"]),
    ("Coumadin and Advil should not be combined.", ["warfarin interacts_with ibuprofen"]),
    ("SSRIs such as sertraline and fluoxetine interact with MAOIs.",
     ["sertraline is_a ssri", "fluoxetine is_a ssri", "ssri interacts_with maoi", "sertraline interacts_with maoi",
      "fluoxetine interacts_with maoi"]),
    ("Ibuprofen, an NSAID, interacts with lithium.",
     ["ibuprofen is_a nsaid", "ibuprofen interacts_with lithium", "nsaid interacts_with lithium"]),
    ("Sertraline and fluoxetine are SSRIs.", ["sertraline is_a ssri", "fluoxetine is_a ssri"]),
    ("Metoprolol belongs to the beta-blocker class.", ["metoprolol is_a beta_blocker"]),
    ("Acetaminophen is safe for people taking ibuprofen daily.", ["acetaminophen NOT interacts_with ibuprofen"]),
    ("Ibuprofen is contraindicated in people with stomach ulcers.", ["ibuprofen contraindicated_with peptic_ulcer"]),
    ("Adults can take up to 4,000 mg (4 g) of Tylenol per day.", ["acetaminophen max_daily_dose within 4000 mg/day"]),
    ("Over the counter, ibuprofen is limited to 1,200 mg a day.", ["ibuprofen max_daily_dose within 1200 mg/day"]),
    ("Does warfarin interact with aspirin?", []),  # questions claim nothing
    ("Acetaminophen is a common painkiller.", []),  # no KB class named: nothing to check
    ("Zorblex interacts with warfarin.", ["Zorblex interacts_with warfarin"]),  # kept, unlinked
]


@pytest.mark.parametrize(("text", "expected"), SHAPES, ids=[s[0] for s in SHAPES])
def test_claim_shapes(extractor: Extractor, text: str, expected: list[str]) -> None:
    assert summaries(extractor, text) == expected


def test_pronouns_borrow_the_subject_of_the_sentence_or_the_one_before(extractor: Extractor) -> None:
    text = ("Sertraline is an SSRI, so it should not be taken with phenelzine. "
            "Acetaminophen is a common painkiller. The maximum daily dose is 4 grams.")
    assert summaries(extractor, text) == ["sertraline is_a ssri", "sertraline interacts_with phenelzine",
                                          "acetaminophen max_daily_dose equals 4 g/day"]


def test_claims_carry_span_modality_and_qualifiers(extractor: Extractor) -> None:
    text = "Hello. Without a prescription, children may take up to 75 mg/kg of acetaminophen per day."
    (claim,) = extractor.extract(text)
    assert text[claim.start:claim.end] == claim.text == text[7:]
    assert claim.modality == "hedged"
    assert dict(claim.qualifiers) == {"availability": "otc", "population": "children"}
    assert claim.subject.text == "acetaminophen" and claim.subject.link.method == "alias"


def test_sentence_split_keeps_decimals_abbreviations_and_bullets() -> None:
    text = "Take 2.5 mg, e.g. with food. Dr. Lee agrees!\n- Avoid alcohol\n\nDone"
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Take 2.5 mg, e.g. with food.", "Dr. Lee agrees!", "- Avoid alcohol", "Done"]


def test_a_sentence_without_punctuation_is_cut_into_bounded_pieces() -> None:
    text = "word " * 10_000
    spans = split_sentences(text)
    assert max(e - s for s, e in spans) <= MAX_SENTENCE
    assert "".join(text[s:e] + " " for s, e in spans).split() == text.split()


def test_a_one_megabyte_response_is_read_whole(extractor: Extractor) -> None:
    unit = "Warfarin interacts with aspirin. Sertraline is an SSRI. The weather is nice today. "
    text = unit * (1_000_000 // len(unit) + 1)
    claims = extractor.extract(text)
    assert len(text) >= 1_000_000
    assert len(claims) == 2  # the same claim said again is one claim
    glued = ("interacts with warfarin " * 45_000)  # no sentence end at all
    assert len(extractor.extract(glued)) == 0
