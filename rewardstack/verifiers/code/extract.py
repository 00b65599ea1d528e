"""Pull the program out of a model response.

Fenced blocks tagged with the reference's language win (the longest one: the
solution, not a one-line usage example); then untagged fenced blocks; then the
raw response.

>>> extract_code("Here:\\n```python\\ndef f():\\n    return 1\\n```\\nDone.", "python")
('def f():\\n    return 1\\n', 'fenced')
>>> extract_code("def f(): return 1", "python")
('def f(): return 1', 'raw')
"""

from __future__ import annotations

import re

from rewardstack.verifiers.code.runners import get_runner

__all__ = ["extract_code"]

_FENCE = re.compile(r"```[ \t]*([\w+#.-]*)[^\n]*\n(.*?)(?:```|\Z)", re.S)


def extract_code(response: str, language: str) -> tuple[str, str]:
    """(code, how) where how is ``fenced``, ``fenced_untagged`` or ``raw``."""
    runner = get_runner(language)
    names = {language.lower()} | ({runner.name, *runner.aliases} if runner else set())
    tagged_blocks, untagged = [], []
    for tag, body in _FENCE.findall(response):
        if tag.lower() in names:
            tagged_blocks.append(body)
        elif not tag:
            untagged.append(body)
    if tagged_blocks:
        return max(tagged_blocks, key=len), "fenced"
    if untagged:
        return max(untagged, key=len), "fenced_untagged"
    return response, "raw"
