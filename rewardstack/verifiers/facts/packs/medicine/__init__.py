"""The medicine pack: a demonstration knowledge base (NOT medical advice), labelled claims and response pairs.

The committed files are ``kb.jsonl``, ``claims.jsonl`` and ``pairs.jsonl``; ``build_pack.py`` writes them
from the tables in the ``_*.py`` modules beside it and checks every label against the KB (see README.md).
"""
