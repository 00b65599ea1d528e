"""Fact verification against a knowledge base: the ``kb_facts`` source, its KB store, claims, linking, verdicts.

Importing this package imports neither pint, rapidfuzz nor torch: they load on first use.
"""

from rewardstack.verifiers.facts.config import ClaimScoring, KbFactsConfig
from rewardstack.verifiers.facts.importer import ImportResult, KbImportError, import_kb
from rewardstack.verifiers.facts.source import KbFactsSource
from rewardstack.verifiers.facts.store import Fact, KbMeta, KnowledgeBase

__all__ = [
    "ClaimScoring",
    "Fact",
    "ImportResult",
    "KbFactsConfig",
    "KbFactsSource",
    "KbImportError",
    "KbMeta",
    "KnowledgeBase",
    "import_kb",
]
