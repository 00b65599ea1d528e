"""Fixtures for benchmark tests: a suite file over sources that run anywhere, and the fake world."""

from __future__ import annotations

from pathlib import Path

import pytest

SUITE = """\
name: test-suite
world: {name: fake, size: quick, seeds: [3, 4]}
signals:
  length: {sources: {len: {kind: length}}}
  verifier: stacks/verifier.yaml
  fused:
    sources:
      len: {kind: length}
      answer: {kind: regex_match, field: "${world.answer_field}", mode: search}
    fusion: {kind: weighted_sum, weights: {answer: 1.0, len: 0.001}}
  rm_missing: {sources: {rm: {kind: preference_model, path: "${world.rm_path}"}}}
  rm_absent: {sources: {rm: {kind: preference_model, path: /nonexistent/rewardstack-rm}}}
best_of_n: [1, 2, 4, 8, 64]
bootstrap: {samples: 200, seed: 7}
"""

VERIFIER = """\
sources:
  answer: {kind: regex_match, field: "${world.answer_field}", mode: search}
"""


@pytest.fixture
def suite_file(tmp_path: Path) -> Path:
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "verifier.yaml").write_text(VERIFIER)
    path = tmp_path / "suite.yaml"
    path.write_text(SUITE)
    return path
