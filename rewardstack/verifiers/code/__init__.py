"""Code-execution verifier: sandboxed test runs graded by a trusted process.

Public entry point: :class:`rewardstack.verifiers.code.source.CodeTestsSource`
(registered as source kind ``code_tests``). Sandboxes live in ``sandbox/``,
language plugins in ``runners/``, verdict logic in ``grader/``.
"""
