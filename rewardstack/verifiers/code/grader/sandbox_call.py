"""Runs in the CANDIDATE's sandbox (stdlib only; shipped as ``_rs_call.py``).

Loads ``solution.py`` as module ``solution`` (so ``if __name__ == "__main__"``
blocks do not run), calls each requested function with the given (tagged)
arguments and writes one tagged result per call, as a JSON line, to the result
channel: the original stdout. The candidate's own prints go to stderr. Nothing
here decides pass or fail: the values go to the trusted side, which compares
them with expected outputs that never enter this sandbox.
"""

import json
import os
import signal
import sys
import traceback

try:
    import _rs_tagged as tagged
except ImportError:  # imported on the host (docs, tests): the same module under its package name
    from rewardstack.verifiers.code.grader import tagged  # type: ignore[no-redef]

_out = sys.stdout  # replaced by the result channel in main()


class _CallTimeout(BaseException):
    """Fast path only: the host's wall limit on the whole job is the real deadline."""


def _on_alarm(signum, frame):
    raise _CallTimeout()


def emit(record):
    _out.write(json.dumps(record) + "\n")
    _out.flush()


def main():
    global _out
    _out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    with open("_rs_calls.json") as fh:
        spec = json.load(fh)
    calls, per_call_s = spec["calls"], float(spec["per_call_s"])
    signal.signal(signal.SIGALRM, _on_alarm)
    with open("solution.py") as fh:
        source = fh.read()
    module = type(sys)("solution")
    module.__file__ = os.path.abspath("solution.py")
    sys.modules["solution"] = module
    try:
        exec(compile(source, "solution.py", "exec"), module.__dict__)
    except SystemExit as exc:  # the candidate's own exit at import: report, do not die
        emit({"load_error": f"SystemExit({exc.code!r}) while loading the solution"})
        return
    except Exception:  # the candidate failed to load: that is its result
        emit({"load_error": traceback.format_exc(limit=3)[-2000:]})
        return
    for index, call in enumerate(calls):
        fn = module.__dict__.get(call["fn"])
        if not callable(fn):
            emit({"i": index, "exc": "NameError", "msg": "no function {!r} in the solution".format(call["fn"])})
            continue
        args = [tagged.decode(a) for a in call["args"]]
        kwargs = {k: tagged.decode(v) for k, v in call.get("kwargs", {}).items()}
        try:
            signal.setitimer(signal.ITIMER_REAL, per_call_s)
            try:
                value = fn(*args, **kwargs)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except _CallTimeout:
            emit({"i": index, "died": f"timeout (over {per_call_s:.3g}s)"})
            continue
        except SystemExit as exc:
            emit({"i": index, "exc": "SystemExit", "msg": repr(exc.code)[:200]})
            continue
        except Exception as exc:  # the candidate raised: the trusted side decides what that means
            emit({"i": index, "exc": type(exc).__name__, "msg": _safe_str(exc)})
            continue
        emit({"i": index, "r": tagged.encode(value)})


def _safe_str(exc):
    try:
        return str(exc)[:300]
    except Exception:  # a hostile __str__
        return "?"


if __name__ == "__main__":
    main()
