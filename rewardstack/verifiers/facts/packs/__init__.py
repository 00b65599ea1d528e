"""Domain packs for the ``kb_facts`` source: a knowledge base, labelled claims and response pairs per domain."""
