"""Entity linking: aliases (exact, normalised, short ones in capitals), fuzzy, ambiguity, unknown names, embeddings."""

from __future__ import annotations

from pathlib import Path

import pytest

from rewardstack.core.sample import Sample
from rewardstack.verifiers.facts.linking import Linker, LinkingConfig, toy_index
from rewardstack.verifiers.facts.rules import load_compiled
from rewardstack.verifiers.facts.source import KbFactsSource
from tests.verifiers.facts.fixture_pack import import_fixture

INDEX = toy_index({"acetaminophen": ["paracetamol", "Tylenol", "APAP"], "ibuprofen": ["Advil"],
                   "aspirin": ["ASA"], "nsaid": ["NSAID", "non-steroidal anti-inflammatory drug"],
                   "st_johns_wort": ["St John's wort"], "sertraline": ["Zoloft"],
                   "citalopram": ["Celexa"], "celecoxib": ["Celexa"]},  # a made-up clash: Celexa names two
                  {"nsaid": "drug_class", "st_johns_wort": "substance"})

# text -> (mention text, entity, method) for every mention found
LINKS = [
    ("Tylenol", [("Tylenol", "acetaminophen", "alias")]),
    ("TYLENOL and tylenol", [("TYLENOL", "acetaminophen", "alias"), ("tylenol", "acetaminophen", "alias")]),
    ("Paracétamol", [("Paracétamol", "acetaminophen", "alias")]),  # accents dropped
    ("two Advils", [("Advils", "ibuprofen", "normalised")]),
    ("non-steroidal anti-inflammatory drugs", [("non-steroidal anti-inflammatory drugs", "nsaid", "normalised")]),
    ("St. John's Wort", [("St. John's Wort", "st_johns_wort", "alias")]),
    ("ASA 81 mg", [("ASA", "aspirin", "alias")]),
    ("asa is not an abbreviation here", []),  # short aliases only as written in capitals
    ("sertralin and Zolofft", [("sertralin", "sertraline", "fuzzy"), ("Zolofft", "sertraline", "fuzzy")]),
    ("Celexa", [("Celexa", None, "ambiguous")]),
    ("Zorblex", [("Zorblex", None, "none")]),
    ("Probably not", []),  # English words at a clause start are not names
]


@pytest.mark.parametrize(("text", "expected"), LINKS, ids=[t for t, _ in LINKS])
def test_links(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    linker = Linker(INDEX, LinkingConfig(), load_compiled("medicine"))
    assert [(m.text, m.link.entity, m.link.method) for m in linker.scan(text, 0)] == expected


def test_fuzzy_confidence_is_one_minus_edits_over_length() -> None:
    linker = Linker(INDEX, LinkingConfig(), load_compiled("medicine"))
    (mention,) = linker.scan("acetaminophin", 0)
    assert mention.link.entity == "acetaminophen" and mention.link.confidence == pytest.approx(1 - 1 / 13, abs=1e-3)
    (short,) = linker.scan("Advul", 0)  # five letters: never fuzzy-matched, a name-like word with no entity
    assert short.link.entity is None and "closest alias" not in short.link.reason


def test_ambiguous_and_unknown_names_say_why() -> None:
    linker = Linker(INDEX, LinkingConfig(), load_compiled("medicine"))
    (ambiguous,) = linker.scan("Celexa", 0)
    assert ambiguous.link.reason == "'Celexa' names several entities: celecoxib, citalopram"
    (unknown,) = linker.scan("Quorvatide", 0)
    assert unknown.link.reason.startswith("no KB entity matches 'Quorvatide'")


def test_fuzzy_can_be_switched_off() -> None:
    linker = Linker(INDEX, LinkingConfig(fuzzy=False), load_compiled("medicine"))
    assert [m.link.entity for m in linker.scan("sertralin interacts with Zolotf", 0)] == [None]  # "Zolotf": name-like


@pytest.mark.slow
def test_embedding_neighbours_link_what_aliases_and_fuzzy_miss(kb_dir: Path) -> None:
    import_fixture(kb_dir, embeddings="on")  # the real all-MiniLM-L6-v2 vectors, stored with the KB
    sample = Sample(id="1", prompt="", response="The maximum daily dose of Paracetamolum is 4 g.")
    with_vectors = KbFactsSource(kb="fixture", patterns="medicine")
    without = KbFactsSource(kb="fixture", patterns="medicine", linking={"embeddings": "off"})
    (linked,) = with_vectors.score([sample])[0].details["claims"]
    (unlinked,) = without.score([sample])[0].details["claims"]
    assert with_vectors.fingerprint() != without.fingerprint()
    with_vectors.close()
    without.close()
    assert linked["subject"]["entity"] == "acetaminophen" and linked["subject"]["method"] == "embedding"
    assert linked["subject"]["confidence"] >= 0.9 and linked["verdict"] == "supported"
    assert unlinked["verdict"] == "unverifiable" and "Paracetamolum" in unlinked["reason"]
