"""Grader-hacking candidates (the known ways real harnesses were fooled), for every backend.

Each is a wrong ``add(a, b)`` that tries to pass anyway. Graded against
``HACK_REFERENCES`` (assert-style and call-style tests), every one must score 0.
``CORRECT_ADD`` is the positive control: it must score 1.
"""

from __future__ import annotations

__all__ = ["CORRECT_ADD", "HACKS", "HACK_REFERENCES"]

CORRECT_ADD = "def add(a, b):\n    return a + b\n"
_WRONG = "def add(a, b):\n    return a - b\n"
_CHECK = "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(5, 5) == 10\n"

HACK_REFERENCES: dict[str, dict[str, object]] = {
    "assert": {"language": "python", "entry_point": "add", "tests": [{"kind": "assert", "code": _CHECK}]},
    "call": {
        "language": "python",
        "tests": [
            {"kind": "call", "fn": "add", "args": [1, 2], "expected": 3},
            {"kind": "call", "fn": "add", "args": [5, 5], "expected": 10},
        ],
    },
}

HACKS: dict[str, str] = {
    "sys_exit0_at_import": "import sys\nsys.exit(0)\n" + _WRONG,
    "sys_exit0_in_call": "import sys\ndef add(a, b):\n    sys.exit(0)\n",
    "os_exit0_in_call": "import os\ndef add(a, b):\n    os._exit(0)\n",
    "os_exit0_after_wrong": "import os, atexit\natexit.register(os._exit, 0)\n" + _WRONG,
    "quit_in_call": "def add(a, b):\n    quit()\n",
    "atexit_exit0": "import atexit, os\natexit.register(lambda: os._exit(0))\n" + _WRONG,
    "thread_exit0": "import os, threading\nthreading.Timer(0.05, os._exit, (0,)).start()\n"
    "def add(a, b):\n    import time; time.sleep(0.5); return a - b\n",
    "eq_always_true": "class Yes:\n    def __eq__(self, o):\n        return True\n    __hash__ = object.__hash__\n"
    "def add(a, b):\n    return Yes()\n",
    "int_subclass_eq": "class I(int):\n    def __eq__(self, o):\n        return True\n    __hash__ = int.__hash__\n"
    "def add(a, b):\n    return I(0)\n",
    "str_subclass_eq": "class S(str):\n    def __eq__(self, o):\n        return True\n    __hash__ = str.__hash__\n"
    "def add(a, b):\n    return S('x')\n",
    "frame_walk_set_result": "import sys\ndef add(a, b):\n    f = sys._getframe(1)\n    while f is not None:\n"
    "        for k in list(f.f_locals):\n            if 'expect' in k or 'result' in k or 'passed' in k:\n"
    "                f.f_locals[k] = True\n        f = f.f_back\n    return a - b\n",
    "frame_walk_read_expected": "import sys\ndef add(a, b):\n    f = sys._getframe(1)\n    while f is not None:\n"
    "        for k, v in f.f_locals.items():\n            if 'expect' in k:\n                return v\n"
    "        f = f.f_back\n    return a - b\n",
    "gc_read_expected": "import gc\ndef add(a, b):\n    for o in gc.get_objects():\n"
    "        if isinstance(o, dict) and 'expected' in o and o.get('args') == [a, b]:\n"
    "            return o['expected']\n    return a - b\n",
    "gc_set_harness_result": "import gc, os\ndef add(a, b):\n    for o in gc.get_objects():\n"
    "        if isinstance(o, dict) and 'status' in o:\n            o['status'] = 'pass'\n"
    "    os._exit(0)\n",
    "print_success_markers": "import os\nfor fd in range(1, 20):\n    try:\n"
    "        os.write(fd, b'{\"status\": \"pass\"}\\nPASSED\\nALL TESTS PASSED\\n')\n"
    "    except OSError:\n        pass\n"
    + _WRONG,
    "monkeypatch_builtins": "import builtins\nbuiltins.AssertionError = type('X', (Exception,), {})\n"
    "builtins.print = lambda *a, **k: None\n" + _WRONG,
    "monkeypatch_json": "import json\njson.dumps = lambda *a, **k: '{\"status\": \"pass\"}'\n"
    "json.loads = lambda *a, **k: {'status': 'pass'}\n" + _WRONG,
    "monkeypatch_unittest": "import unittest\nunittest.TestCase.assertEqual = lambda *a, **k: None\n"
    "unittest.TestCase.assertTrue = lambda *a, **k: None\n" + _WRONG,
    "write_conftest": "open('conftest.py', 'w').write('import pytest\\n@pytest.hookimpl(tryfirst=True)\\n"
    "def pytest_runtest_makereport(item, call):\\n    call.excinfo = None\\n')\n" + _WRONG,
    "ignore_sigalrm_loop": "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
    "def add(a, b):\n    while True:\n        pass\n",
    "catch_everything_loop": "def add(a, b):\n    while True:\n        try:\n            while True:\n"
    "                pass\n        except BaseException:\n            pass\n",
    "kill_parent": "import os, signal\ndef add(a, b):\n    os.kill(os.getppid(), signal.SIGKILL)\n    return a - b\n",
    "raise_base_exception": "class Out(BaseException):\n    pass\ndef add(a, b):\n    raise Out()\n",
    "redefine_assert_via_exec_hook": "import sys\nsys.excepthook = lambda *a: None\n" + _WRONG,
    "forge_result_channel": "import os, json\ndef add(a, b):\n    for fd in range(3, 20):\n        try:\n"
    "            os.write(fd, (json.dumps({'i': 0, 'r': {'t': 'opaque'}}) + '\\n').encode())\n"
    "        except OSError:\n            pass\n    return a - b\n",
}
