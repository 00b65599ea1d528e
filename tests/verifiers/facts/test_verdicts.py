"""Verdict rules against the fixture KB: doses (units, qualifiers, variants), interactions, classes, linking."""

from __future__ import annotations

import pytest

from rewardstack.core.sample import Sample
from rewardstack.verifiers.facts.evaluate import sentence_verdict
from rewardstack.verifiers.facts.source import KbFactsSource

# one sentence -> its verdict (contradicted > supported > unverifiable over the sentence's claims)
VERDICTS = [
    ('Acetaminophen can be taken up to 4 grams per day by healthy adults.', 'supported'),
    ('Acetaminophen can be taken up to 6 grams per day by healthy adults.', 'contradicted'),
    ('The maximum daily dose of Tylenol is 4,000 mg.', 'supported'),
    ('The maximum daily dose of Tylenol is 8,000 mg.', 'contradicted'),
    ('Never exceed four grams of paracetamol in 24 hours.', 'supported'),
    ('Taking 6 g of acetaminophen a day is dangerous.', 'supported'),
    ('Taking 3 g of acetaminophen a day is dangerous.', 'contradicted'),
    ('It is safe to take more than 4 g of acetaminophen per day.', 'contradicted'),
    ('Adults should not take more than 4,000 mg of acetaminophen in 24 hours.', 'supported'),
    ('Ibuprofen can be taken at up to 2,400 mg a day without a prescription.', 'contradicted'),
    ('With a prescription, ibuprofen can be taken at up to 2,400 mg a day.', 'supported'),
    ('The maximum daily dose of ibuprofen is 3,200 mg.', 'supported'),
    ('The maximum daily dose of ibuprofen is 2,000 mg.', 'contradicted'),
    ('Over the counter, ibuprofen should not exceed 1,200 mg per day.', 'supported'),
    ('The maximum single dose of ibuprofen is 800 mg.', 'supported'),
    ('Children can take 15 mg/kg of acetaminophen per dose.', 'unverifiable'),
    ('Children can take up to 75 mg/kg of acetaminophen per day.', 'supported'),
    ('Take no more than 8 tablets of Tylenol in 24 hours.', 'unverifiable'),
    ('Warfarin interacts with ibuprofen.', 'supported'),
    ('Warfarin does not interact with ibuprofen.', 'contradicted'),
    ('There is no interaction between warfarin and aspirin.', 'contradicted'),
    ('Coumadin and Advil should not be combined.', 'supported'),
    ('Ibuprofen is perfectly safe to take with warfarin.', 'contradicted'),
    ('It is not safe to take ibuprofen with warfarin.', 'supported'),
    ('Sertraline should never be taken with phenelzine because of serotonin syndrome.', 'supported'),
    ('Zoloft can be safely combined with Nardil.', 'contradicted'),
    ('SSRIs such as fluoxetine interact with MAOIs.', 'supported'),
    ('Viagra is safe to use with nitroglycerin.', 'contradicted'),
    ('Combining sildenafil with nitrates can cause a dangerous drop in blood pressure.', 'supported'),
    ('Simvastatin and clarithromycin interact, raising the risk of myopathy.', 'supported'),
    ('Lithium levels can rise when taken with NSAIDs.', 'supported'),
    ('Methotrexate should not be combined with trimethoprim.', 'supported'),
    ('Lisinopril taken with spironolactone can cause hyperkalaemia.', 'supported'),
    ('Zorblex interacts with warfarin.', 'unverifiable'),
    ('Amoxicillin does not interact with acetaminophen.', 'unverifiable'),
    ('Sertraline is an SSRI.', 'supported'),
    ('Sertraline is a beta blocker.', 'contradicted'),
    ('Sertraline is not an SSRI.', 'contradicted'),
    ('Sertraline is not a beta blocker.', 'supported'),
    ('Metoprolol belongs to the beta-blocker class.', 'supported'),
    ('Lisinopril is an ACE inhibitor.', 'supported'),
    ('Atorvastatin is a statin.', 'supported'),
    ('Amoxicillin is a penicillin antibiotic.', 'supported'),
    ('Ibuprofen is a non-steroidal anti-inflammatory drug.', 'supported'),
    ('Sertraline is an antidepressant.', 'supported'),
    ('Ibuprofen is contraindicated in people with stomach ulcers.', 'supported'),
    ('Ibuprofen is safe for people with peptic ulcers.', 'contradicted'),
    ('Zorblex is a beta blocker.', 'unverifiable'),
    ('Ibuprofin interacts with warfarin.', 'supported'),
    ('Adults may take up to 4 g of Zorblex per day.', 'unverifiable'),
    ('Acetaminophen: do not take more than 1 g at a time.', 'supported'),
    ('You can take 2 g of acetaminophen at once.', 'contradicted'),
    ('The maximum dose of acetaminophen is 4 grams.', 'supported'),
]


@pytest.mark.parametrize(("text", "expected"), VERDICTS, ids=[v[0] for v in VERDICTS])
def test_verdict(fixture_source: KbFactsSource, text: str, expected: str) -> None:
    score = fixture_source.score([Sample(id="1", prompt="", response=text)])[0]
    assert sentence_verdict(score) == expected, score.details["claims"]


def claims_of(source: KbFactsSource, text: str) -> list[dict]:
    return source.score([Sample(id="1", prompt="", response=text)])[0].details["claims"]


# the reason or the fact behind a verdict, in words a reader can check
REASONS = [
    ("Children can take 15 mg/kg of acetaminophen per dose.", "unverifiable",
     "do not cover what the claim states (population: children)"),
    ("Adults can take 50 mg/kg of ibuprofen per day.", "unverifiable", "cannot be compared with 'mg/day'"),
    ("Sertraline may be taken at up to 1 g per day.", "contradicted", "exceeds the limit 200 mg/day"),
    ("Take no more than 8 tablets of Tylenol in 24 hours.", "unverifiable", "pint does not know 'tablets'"),
    ("Zorblex interacts with warfarin.", "unverifiable", "no KB entity matches 'Zorblex'"),
    ("Amoxicillin does not interact with acetaminophen.", "unverifiable", "it lists interactions, not their absence"),
    ("Sertraline is a beta blocker.", "contradicted", "the KB classes sertraline as antidepressant, ssri"),
    ("Warfarin does not interact with ibuprofen.", "contradicted", "KB: warfarin interacts_with nsaid"),
    ("Ibuprofen is an NSAID.", "supported", "KB: ibuprofen -> nsaid"),
    ("Ibuprofen can be taken at up to 2,400 mg a day.", "contradicted",
     "the most conservative variant applies"),
    ("The maximum daily dose of ibuprofen is 3,200 mg.", "supported", "availability: prescription"),
    ("Adults over 75 can take up to 1,200 mg of ibuprofen a day.", "unverifiable", "do not cover"),
    ("The maximum dose of acetaminophen is 4 grams.", "supported", "read as per day"),
]


@pytest.mark.parametrize(("text", "verdict", "words"), REASONS, ids=[r[0] for r in REASONS])
def test_reasons_name_the_rule_and_the_fact(fixture_source: KbFactsSource, text: str, verdict: str,
                                            words: str) -> None:
    claims = claims_of(fixture_source, text)
    chosen = [c for c in claims if c["verdict"] == verdict]
    assert chosen, claims
    assert words in chosen[0]["reason"], chosen[0]["reason"]


def test_a_contradicted_claim_carries_the_fact_and_its_citation(fixture_source: KbFactsSource) -> None:
    (claim,) = claims_of(fixture_source, "Viagra is safe to use with nitroglycerin.")
    assert claim["verdict"] == "contradicted"
    assert claim["fact"]["statement"].startswith("sildenafil interacts_with nitrate")
    assert claim["fact"]["citation"] == "fixture reference: sildenafil+nitrate"
    path, line = claim["fact"]["origin"].rsplit(":", 1)
    assert path.endswith("fixture.jsonl") and line.isdigit()
    assert claim["subject"] == {"text": "Viagra", "entity": "sildenafil", "confidence": 1.0, "method": "alias"}


def test_class_level_facts_reach_members_both_ways(fixture_source: KbFactsSource) -> None:
    # warfarin interacts_with nsaid; ibuprofen is_a nsaid; the fact is stored once, looked up from either end
    for text in ("Ibuprofen interacts with warfarin.", "Warfarin interacts with ibuprofen.",
                 "NSAIDs interact with warfarin.", "Naproxen interacts with Coumadin."):
        (claim,) = claims_of(fixture_source, text)
        assert claim["verdict"] == "supported" and claim["fact"]["subject"] == "warfarin"


def test_low_confidence_links_are_unverifiable_never_wrong(fixture_kb: object) -> None:
    strict = KbFactsSource(kb="fixture", patterns="medicine", linking={"embeddings": "off", "min_confidence": 0.95})
    (claim,) = claims_of(strict, "Ibuprofin does not interact with warfarin.")
    strict.close()
    assert claim["verdict"] == "unverifiable"
    assert claim["subject"]["method"] == "fuzzy" or "closest alias" in claim["reason"]
