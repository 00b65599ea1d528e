"""The code reference, validated: absent means "not applicable", malformed means an error.

``parse_reference`` returns ``None`` when a sample has nothing to grade (no reference, no
``tests`` key, ``tests`` null or empty: the source abstains) and raises
:class:`ReferenceError_` naming every problem when the reference is there but wrong
(``tests`` a string or an object, a test of unknown kind, a field of the wrong type, an
unknown field, a bad ``compare`` override): the source turns that into an ``error`` Score,
so ``on_error`` policies such as veto fire instead of the sample silently scoring 0 or
being skipped. Unknown keys at the top level of the reference are allowed (datasets carry
their own fields); unknown keys inside a test are not (a typo such as ``kwarg`` would
otherwise be ignored).

>>> parse_reference({"tests": []}) is None
True
>>> parse_reference({"tests": [{"kind": "io", "stdin": "1\\n", "stdout": "2\\n"}]}).tests[0].stdout
'2\\n'
>>> parse_reference({"tests": "assert f(1) == 2"})
Traceback (most recent call last):
...
rewardstack.verifiers.code.grader.reference.ReferenceError_: tests: must be a list of tests, got str
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError

from rewardstack.verifiers.code.grader.options import CompareOptions

__all__ = ["AssertTest", "CallTest", "CodeReference", "IoTest", "ReferenceError_", "parse_reference"]

_TEST_KINDS = ("io", "call", "assert")


class ReferenceError_(ValueError):
    """The reference itself is unusable (malformed test, unknown language, bad ``compare``)."""


class _Test(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)


class IoTest(_Test):
    """Run the program with ``stdin``; its stdout must match ``stdout`` (see ``CompareOptions.io``)."""

    kind: Literal["io"]
    stdin: StrictStr | None = None
    stdout: StrictStr


class CallTest(_Test):
    """Call ``fn(*args, **kwargs)`` in the sandbox; the value must equal ``expected`` (null allowed)."""

    kind: Literal["call"]
    fn: StrictStr = Field(min_length=1)
    args: list[Any] = Field(default_factory=list)
    kwargs: dict[StrictStr, Any] = Field(default_factory=dict)
    expected: Any


class AssertTest(_Test):
    """HumanEval-style test code (``assert ...`` lines or ``def check(candidate)``)."""

    kind: Literal["assert"]
    code: StrictStr = Field(min_length=1)


TestSpec = Annotated[IoTest | CallTest | AssertTest, Field(discriminator="kind")]


class CodeReference(BaseModel):
    """A sample's code reference after validation."""

    model_config = ConfigDict(frozen=True, extra="allow")

    language: StrictStr | None = None
    entry_point: StrictStr | None = None
    tests: list[TestSpec]
    compare: dict[StrictStr, Any] | None = None

    def options(self, base: CompareOptions) -> CompareOptions:
        """``base`` with this reference's ``compare`` override on top; ReferenceError_ when it is invalid."""
        if not self.compare:
            return base
        try:
            return base.merged(self.compare)
        except ValidationError as exc:
            raise ReferenceError_(_describe(exc, prefix="compare")) from None


_TEST_MODELS: dict[str, type[BaseModel]] = {"io": IoTest, "call": CallTest, "assert": AssertTest}


def _allowed_fields(loc: tuple[int | str, ...], prefix: str) -> list[str]:
    if prefix == "compare":
        return list(CompareOptions.model_fields)
    model = _TEST_MODELS.get(str(loc[2])) if len(loc) > 2 else None
    return list(model.model_fields) if model is not None else []


def _describe(exc: ValidationError, *, prefix: str = "") -> str:
    problems = []
    for err in exc.errors():
        path = prefix
        loc = err["loc"]
        for at, part in enumerate(loc):
            if at > 0 and isinstance(loc[at - 1], int) and part in _TEST_KINDS:
                continue  # pydantic's union tag (the test's kind): tests.1.io.stdout -> tests[1].stdout
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = f"unknown field; allowed: {', '.join(_allowed_fields(loc, prefix))}"
        elif err["type"] == "union_tag_invalid":
            message = f"unknown test kind {err['input'].get('kind')!r}; one of {', '.join(_TEST_KINDS)}"
        elif err["type"] == "union_tag_not_found":
            message = f"a test needs a 'kind': one of {', '.join(_TEST_KINDS)}"
        problems.append(f"{path or '(reference)'}: {message}")
    return "; ".join(problems[:5]) + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else "")


def parse_reference(reference: dict[str, Any] | None) -> CodeReference | None:
    """The validated reference, or None when there is nothing to grade; ReferenceError_ when malformed."""
    if reference is None or reference.get("tests") is None:
        return None
    tests = reference["tests"]
    if not isinstance(tests, list | tuple):
        raise ReferenceError_(f"tests: must be a list of tests, got {type(tests).__name__}")
    if not tests:
        return None
    for i, test in enumerate(tests):
        if not isinstance(test, dict):
            raise ReferenceError_(f"tests[{i}]: a test must be an object with a 'kind', got {type(test).__name__}")
    try:
        return CodeReference.model_validate(reference)
    except ValidationError as exc:
        raise ReferenceError_(_describe(exc)) from None
