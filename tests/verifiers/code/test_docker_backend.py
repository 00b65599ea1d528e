"""The docker backend against a real engine and the real image.

CI runs ``make test``, whose setup starts the daemon and builds the image, so these
tests must pass there; they skip only when ``REWARDSTACK_SKIP_DOCKER=1`` is set. A
missing daemon otherwise fails the fixture: CI has to prove the backend works.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator

import pytest

from rewardstack.core.errors import SandboxUnavailable
from rewardstack.verifiers.code.sandbox import DockerConfig, Job, JobStatus, Limits, make_backend
from rewardstack.verifiers.code.sandbox.docker_backend import DockerBackend, remove_stale_containers

pytestmark = [
    pytest.mark.docker,
    pytest.mark.skipif(os.environ.get("REWARDSTACK_SKIP_DOCKER") == "1", reason="REWARDSTACK_SKIP_DOCKER=1"),
]


def py(src: str, *, stdin: bytes = b"", **limits: float) -> Job:
    return Job(
        runner="python",
        argv=("main.py",),
        files={"main.py": src.encode()},
        stdin=stdin,
        limits=Limits(**limits),  # type: ignore[arg-type]
    )


@pytest.fixture(scope="module")
def box() -> Iterator[DockerBackend]:
    backend = make_backend(DockerConfig(workers=2))
    assert isinstance(backend, DockerBackend)
    yield backend
    backend.close()


@pytest.fixture(scope="module")
def solo() -> Iterator[DockerBackend]:
    """One container, so consecutive jobs are guaranteed to share it."""
    backend = make_backend(DockerConfig(workers=1))
    assert isinstance(backend, DockerBackend)
    yield backend
    backend.close()


def test_basic_run_stdout_stdin_exit_code_and_files(box: DockerBackend) -> None:
    src = "import sys\ndata = sys.stdin.read()\nprint(data.upper())\nopen('out.txt', 'w').write('x')\nsys.exit(3)\n"
    job = Job(runner="python", argv=("main.py",), files={"main.py": src.encode()}, stdin=b"hello", collect=("out.txt",))
    result = box.run(job)
    assert result.status is JobStatus.RUNTIME_ERROR
    assert result.exit_code == 3
    assert result.stdout == b"HELLO\n"
    assert result.files == {"out.txt": b"x"}


def test_exec_runner_and_traceback(box: DockerBackend) -> None:
    result = box.run(Job(runner="exec", argv=("/bin/sh", "-c", "echo $HOME; pwd")))
    assert result.status is JobStatus.OK
    assert result.stdout.split() == [b"/tmp/job", b"/tmp/job"]
    crashed = box.run(py("raise ValueError('boom')"))
    assert crashed.exit_code == 1 and b"ValueError: boom" in crashed.stderr


def test_timeout_kills_and_pool_recovers(box: DockerBackend) -> None:
    start = time.monotonic()
    result = box.run(py("import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\ntime.sleep(60)", wall_s=1))
    assert result.status is JobStatus.TIMEOUT
    assert time.monotonic() - start < 10
    assert box.run(py("print('next')")).stdout == b"next\n"


def test_container_killed_from_outside_is_replaced(solo: DockerBackend) -> None:
    import docker

    (before,) = solo.container_ids()
    client = docker.from_env()
    killer = threading.Timer(0.5, lambda: client.containers.get(before).kill())
    killer.start()
    result = solo.run(py("import time; time.sleep(30)", wall_s=20))
    killer.join()
    assert result.status is JobStatus.KILLED
    assert solo.run(py("print(1)")).stdout == b"1\n"
    assert solo.container_ids() != [before]


def test_unresponsive_server_hits_the_host_backstop() -> None:
    import docker

    backend = DockerBackend(DockerConfig(workers=1, host_grace_s=1.0))
    try:
        (before,) = backend.container_ids()
        # a paused container's server cannot answer: only the host's deadline can end the job
        pauser = threading.Timer(0.3, docker.from_env().containers.get(before).pause)
        pauser.start()
        start = time.monotonic()
        result = backend.run(py("import time; time.sleep(30)", wall_s=1))
        pauser.join()
        assert result.status is JobStatus.TIMEOUT
        assert "replaced from outside" in result.note
        assert time.monotonic() - start < 6
        assert backend.run(py("print(2)")).stdout == b"2\n"
        assert backend.container_ids() != [before]
    finally:
        backend.close()


def test_memory_limit(box: DockerBackend) -> None:
    result = box.run(py("x = bytearray(400 << 20)\nprint(len(x))", memory_mb=64))
    assert result.status is JobStatus.MEMORY, result
    assert box.run(py("x = bytearray(20 << 20); print('ok')", memory_mb=64)).stdout == b"ok\n"


def test_network_absent(box: DockerBackend) -> None:
    src = (
        "import os, socket\n"
        "print(sorted(os.listdir('/sys/class/net')))\n"
        "for addr in [('1.1.1.1', 53), ('172.17.0.1', 2375)]:\n"
        "    try:\n"
        "        socket.create_connection(addr, timeout=2); print('CONNECTED', addr)\n"
        "    except OSError as exc:\n"
        "        print('refused', exc.errno)\n"
    )
    result = box.run(py(src))
    assert result.status is JobStatus.OK
    assert result.stdout.splitlines()[0] == b"['lo']"
    assert b"CONNECTED" not in result.stdout


def test_read_only_root_and_non_root_uid(box: DockerBackend) -> None:
    src = (
        "import os\n"
        "print(os.getuid(), os.getgid())\n"
        "for path in ('/usr/x', '/etc/x', '/x', '/ctl/x'):\n"
        "    try:\n"
        "        open(path, 'w'); print('WROTE', path)\n"
        "    except OSError as exc:\n"
        "        print('denied', path, exc.errno)\n"
        "try:\n"
        "    open('/etc/shadow').read(); print('SHADOW')\n"
        "except OSError:\n"
        "    print('no shadow')\n"
        "print(open('/proc/self/status').read().split('CapEff:')[1].split()[0])\n"
    )
    result = box.run(py(src))
    lines = result.stdout.decode().splitlines()
    assert lines[0] == "65534 65534"
    assert not any(line.startswith("WROTE") for line in lines)
    assert "no shadow" in lines
    assert lines[-1] == "0000000000000000"  # no capabilities at all


# every process but PID 1 (the zygote), the lowest other PID (the server it forked first) and the job itself
_OTHER_PROCESSES = (
    "import os\n"
    "out = []\n"
    "pids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit() and int(p) not in (1, os.getpid()))\n"
    "for p in pids[1:]:\n"
    "    try:\n"
    "        out.append(open('/proc/%d/stat' % p).read().rsplit(')', 1)[1].split()[0])\n"
    "    except OSError:\n"
    "        pass\n"
)
_ORPHAN = "import subprocess\nsubprocess.Popen(['sleep', '300'], start_new_session=True)\n"


def test_fresh_state_between_jobs(solo: DockerBackend) -> None:
    dirty = (
        "import os, subprocess\n"
        "open('/tmp/left', 'w').write('x'); open('/dev/shm/left', 'w').write('x'); open('here', 'w').write('x')\n"
        "subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
        "import ctypes; libc = ctypes.CDLL(None); print(libc.shmget(1234, 4096, 0o1600))\n"
    )
    assert solo.run(py(dirty)).status is JobStatus.OK
    check = (
        _OTHER_PROCESSES + "print(sorted(os.listdir('/tmp')), os.listdir('/dev/shm'), os.listdir('.'))\n"
        "print([state for state in out if state not in 'ZX'])\n"
        "print(open('/proc/sysvipc/shm').read().count('\\n'))\n"
    )
    lines = solo.run(py(check)).stdout.decode().splitlines()
    assert lines == ["['job'] [] ['main.py']", "[]", "1"]


def test_no_zombie_is_left_between_jobs(solo: DockerBackend) -> None:
    for _ in range(30):
        solo.run(py(_ORPHAN))
        assert solo.run(py(_OTHER_PROCESSES + "print(out)")).stdout == b"[]\n"


def test_output_cap(box: DockerBackend) -> None:
    result = box.run(py("import sys\nwhile True: sys.stdout.write('x' * 65536)", output_bytes=100_000))
    assert result.status is JobStatus.OUTPUT_LIMIT
    assert result.output_truncated
    assert len(result.stdout) == 100_000
    assert box.run(py("print('after')")).stdout == b"after\n"


def test_fork_bomb_is_contained(box: DockerBackend) -> None:
    bomb = "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"
    result = box.run(py(bomb, wall_s=2, pids=32))
    assert result.status in (JobStatus.TIMEOUT, JobStatus.KILLED)
    assert box.run(py("print('alive')")).stdout == b"alive\n"


def test_concurrent_jobs(box: DockerBackend) -> None:
    jobs = [py(f"print({i} * 2)") for i in range(8)]
    results = box.run_many(jobs)
    assert [r.stdout for r in results] == [f"{i * 2}\n".encode() for i in range(8)]


def test_missing_image_and_daemon_say_how_to_fix() -> None:
    with pytest.raises(SandboxUnavailable, match="build-image"):
        DockerBackend(DockerConfig(image="rewardstack-no-such-image:never"))
    with pytest.raises(SandboxUnavailable, match="make docker"):
        DockerBackend(DockerConfig(base_url="unix:///nonexistent/docker.sock"))


def test_stale_containers_of_dead_owners_are_removed(box: DockerBackend) -> None:
    import docker

    from rewardstack.verifiers.code.sandbox.docker_worker import LABEL

    client = docker.from_env()
    stale = client.containers.create(
        "rewardstack-sandbox:latest", ["true"], labels={LABEL: "1", f"{LABEL}.owner-pid": "999999999"}
    )
    assert remove_stale_containers(client) >= 1
    assert stale.id not in {c.id for c in client.containers.list(all=True)}
    assert len(box.container_ids()) == 2  # live pool containers are kept


def test_close_removes_containers() -> None:
    import docker

    backend = DockerBackend(DockerConfig(workers=1))
    ids = backend.container_ids()
    backend.close()
    backend.close()
    live = {c.id for c in docker.from_env().containers.list(all=True)}
    assert not set(ids) & live


def test_build_image_from_the_cached_rootfs() -> None:
    import subprocess

    from rewardstack.verifiers.code.sandbox.docker_image import ImageSpec, build_image, image_exists

    assert ImageSpec().cache_key() != ImageSpec(with_gxx=True).cache_key()
    name = "rewardstack-sandbox:test-build"
    result = build_image(name)
    try:
        assert image_exists(name)
        out = subprocess.run(
            ["docker", "run", "--rm", "--network", "none", name, "python3", "-c", "import json, hashlib; print(1)"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert out.stdout == "1\n"
        assert result.seconds < 60 if result.rootfs_cached else True
    finally:
        subprocess.run(["docker", "image", "rm", "-f", name], capture_output=True, check=False)


def test_probe_measures_full_isolation(box: DockerBackend) -> None:
    report = box.probe()
    assert report.available and report.backend == "docker"
    assert report.isolated, report
    assert report.uid == 65534 and report.memory_limit == "cgroup"
