"""Runs the DATASET's test code in its OWN sandbox (stdlib only; shipped as ``_rs_assert.py``).

The candidate never runs here. Every candidate function is a proxy: a call
whose (tagged) arguments are in ``_rs_table.json`` returns the plain value the
candidate's sandbox computed (or raises the exception it raised); an unknown
call is recorded as pending and raises ``_Pending``. The host rewrote every
simple statement of the test code into ``try: ... except _Pending: pass`` so one
round collects every independent call. Output (one JSON line on the original
stdout): ``{"status": "pending", "calls": [...]}``, ``{"status": "pass"}``,
``{"status": "fail", "error": ...}`` or ``{"status": "unsupported", "error": ...}``.
"""

import ast
import builtins
import json
import os
import sys
import traceback

try:
    import _rs_tagged as tagged
except ImportError:  # imported on the host (docs, tests): the same module under its package name
    from rewardstack.verifiers.code.grader import tagged  # type: ignore[no-redef]

_out = sys.stdout  # replaced by the result channel in main()


class _Pending(BaseException):
    """A candidate call whose value is not known yet (not an Exception: tests must not catch it)."""


class _Unsupported(BaseException):
    pass


class _Died(BaseException):
    """The candidate timed out or crashed on a call: the test fails, whatever the test code catches."""


class _Flush(BaseException):
    """Too many pending calls in one round (e.g. a loop spinning on stale values): stop and ask."""


MAX_PENDING_HITS = 20000
_hits = [0]
_KEEP = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom, ast.Global,
         ast.Nonlocal, ast.Pass, ast.Break, ast.Continue)


class _WrapStatements(ast.NodeTransformer):
    """``stmt`` -> ``try: stmt except _Pending: pass`` at every depth (line numbers kept)."""

    def generic_visit(self, node):
        super().generic_visit(node)
        for field in ("body", "orelse", "finalbody"):
            stmts = getattr(node, field, None)
            if isinstance(stmts, list) and stmts and isinstance(stmts[0], ast.stmt):
                setattr(node, field, [self._wrap(s) for s in stmts])
        return node

    def _wrap(self, stmt):
        if isinstance(stmt, _KEEP):
            return stmt
        pending = ast.ExceptHandler(type=ast.Name(id="_Pending", ctx=ast.Load()), name=None, body=[ast.Pass()])
        # while calls are pending the round is speculative (no verdict comes from it): keep collecting
        reraise = ast.If(test=ast.UnaryOp(op=ast.Not(), operand=ast.Name(id="_rs_pending", ctx=ast.Load())),
                         body=[ast.Raise(exc=None, cause=None)], orelse=[])
        other = ast.ExceptHandler(type=ast.Name(id="Exception", ctx=ast.Load()), name=None, body=[reraise])
        wrapped = ast.Try(body=[stmt], handlers=[pending, other], orelse=[], finalbody=[])
        return ast.fix_missing_locations(ast.copy_location(wrapped, stmt))


def _has_opaque(value):
    if isinstance(value, dict):
        return value.get("t") == "opaque" or any(_has_opaque(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_opaque(v) for v in value)
    return False


SPEC: dict = {}
TABLE: dict = {}
PENDING: list = []


def _key(name, args, kwargs):
    return json.dumps([name, [tagged.encode(a) for a in args], {k: tagged.encode(v) for k, v in kwargs.items()}],
                      sort_keys=True)


class CandidateProxy:
    def __init__(self, name):
        self.__name__ = name
        self.__qualname__ = name

    def __call__(self, *args, **kwargs):
        key = _key(self.__name__, args, kwargs)
        if _has_opaque(json.loads(key)):
            raise _Unsupported("argument of a type that cannot cross the sandbox boundary: " + key[:200])
        if key not in TABLE:
            if key not in PENDING:
                PENDING.append(key)
            _hits[0] += 1
            if _hits[0] > MAX_PENDING_HITS:
                raise _Flush()
            raise _Pending()
        entry = TABLE[key]
        if "died" in entry:
            shown = ", ".join(repr(a) for a in args)[:150]
            raise _Died("candidate {}({}): {}".format(self.__name__, shown, entry["died"]))
        if "r" in entry:
            return tagged.decode(entry["r"])
        exc_type = getattr(builtins, str(entry.get("exc")), None)
        if isinstance(exc_type, type) and issubclass(exc_type, Exception):
            raise exc_type(entry.get("msg", ""))
        raise RuntimeError("candidate failed: {} {}".format(entry.get("exc"), entry.get("msg", "")))


def emit(record):
    _out.write(json.dumps(record) + "\n")
    _out.flush()


def main():
    global _out
    _out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    with open("_rs_spec.json") as fh:
        SPEC.update(json.load(fh))
    TABLE.update(SPEC["table"])
    if "random" in SPEC["code"]:  # unseeded randomness would ask for new calls every round
        import random

        random.seed(0)
    ns: dict = {"__name__": "__rs_test__", "_Pending": _Pending, "_rs_pending": PENDING}
    for name in SPEC["functions"]:
        ns[name] = CandidateProxy(name)
    ns["candidate"] = CandidateProxy(SPEC["entry_point"])
    tree = ast.parse(SPEC["code"], "test.py")
    calls_check = any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "check"
        for stmt in tree.body if not isinstance(stmt, (ast.FunctionDef, ast.ClassDef)) for n in ast.walk(stmt)
    )
    tree = ast.fix_missing_locations(_WrapStatements().visit(tree))
    try:
        exec(compile(tree, "test.py", "exec"), ns)
        # the test code may define a stub of the entry point (HumanEval ships the prompt): the candidate wins
        ns[SPEC["entry_point"]] = ns["candidate"]
        if not calls_check and callable(ns.get("check")):
            ns["check"](ns["candidate"])
    except (_Pending, _Flush):
        pass
    except _Died as exc:
        emit({"status": "fail", "error": str(exc)[:500]})
        return
    except _Unsupported as exc:
        emit({"status": "unsupported", "error": str(exc)})
        return
    except AssertionError as exc:
        if not PENDING:
            emit({"status": "fail", "error": _where(exc, "AssertionError")})
            return
    except Exception as exc:  # the test itself errors: with pending calls that is expected
        if not PENDING:
            emit({"status": "fail", "error": _where(exc, type(exc).__name__ + ": " + str(exc)[:200])})
            return
    if PENDING:
        emit({"status": "pending", "calls": PENDING})
    else:
        emit({"status": "pass"})


def _where(exc, what):
    lines = SPEC["code"].splitlines()
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename == "test.py":
            lineno = frame.lineno or 0
            text = lines[lineno - 1].strip() if 0 < lineno <= len(lines) else ""
            return "{} at test line {}: {}".format(what, frame.lineno, (text or "")[:300])
    return what


if __name__ == "__main__":
    main()
