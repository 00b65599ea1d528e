"""Hostile programs every sandbox backend must contain (the security conformance table).

Each program is Python run as an ``io`` test whose expected stdout is
``ESCAPED\\n``: it prints that only if its attack worked, so a backend passes a
case when the graded test *fails* (timeout, error or wrong output) and the host
checks afterwards find nothing (no surviving process, trainer alive, next job
clean). ``{port}``/``{abstract}``/``{host_file}``/``{secret_env}`` are filled
in by the test with a real HTTP server on the host's 127.0.0.1, an abstract
unix socket, a host file and a secret in the trainer's environment.

``escapes_locally`` marks the cases that DO escape under the ``local`` backend
(the suite asserts that, to show why it is unsafe); ``local_safe`` marks the ones
harmless enough to run there at all (never a fork bomb or ``kill(-1)`` as root).
``followup`` is a second program run as the *next* job: it prints ESCAPED if
the first one's state persisted.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CLEAN_CHECK", "HOSTILE", "HostileProgram", "SUITE_LIMITS"]

#: limits the suite runs hostile programs under (small, so exhaustion is quick)
SUITE_LIMITS = {"wall_s": 2.0, "cpu_s": 2.0, "memory_mb": 128, "pids": 16, "nofile": 32, "fsize_mb": 4}


@dataclass(frozen=True)
class HostileProgram:
    name: str
    category: str  # resources, escape, secrets, network, kernel
    code: str
    escapes_locally: bool = False
    local_safe: bool = False
    followup: str = ""


_P = "import os, sys, time, signal, socket, ctypes, threading\n"
_LIBC = "libc = ctypes.CDLL(None, use_errno=True)\n"
_ESC = "print('ESCAPED'); sys.stdout.flush()\n"

HOSTILE: tuple[HostileProgram, ...] = (
    # ---- resource exhaustion ----
    HostileProgram("busy_loop", "resources", "while True:\n    pass\n"),
    HostileProgram("sleep_forever", "resources", _P + "time.sleep(10_000)\n" + _ESC),
    HostileProgram("sigstop_self", "resources", _P + "os.kill(os.getpid(), signal.SIGSTOP)\ntime.sleep(100)\n" + _ESC),
    HostileProgram("fork_bomb", "resources", _P + "while True:\n    try:\n        os.fork()\n    except OSError:\n"
                   "        pass\n"),
    HostileProgram("thread_bomb", "resources", _P + "ts = []\nwhile True:\n    try:\n"
                   "        t = threading.Thread(target=time.sleep, args=(100,)); t.start(); ts.append(t)\n"
                   "    except RuntimeError:\n        pass\n"),
    HostileProgram("memory_bomb", "resources", "x = []\nwhile True:\n    x.append(bytearray(8 << 20))\n"),
    HostileProgram("memory_bomb_touch", "resources", "x = []\nwhile True:\n    x.append(b'x' * (16 << 20))\n"),
    HostileProgram("huge_file", "resources", _P + "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\nn = 0\n"
                   "with open('big', 'wb') as f:\n    try:\n        while True:\n"
                   "            f.write(b'x' * (1 << 20)); n += 1\n    except OSError:\n        pass\n"
                   "if n > 64:\n    " + _ESC),
    HostileProgram("inode_exhaustion", "resources", _P + "os.makedirs('d', exist_ok=True)\ni = 0\nwhile True:\n"
                   "    open('d/%d' % i, 'w').close(); i += 1\n"),
    HostileProgram("fd_exhaustion", "resources", _P + "fs = []\ntry:\n    while True:\n"
                   "        fs.append(open('/dev/null'))\nexcept OSError:\n    pass\nif len(fs) > 1000:\n    " + _ESC),
    HostileProgram("stdout_flood", "resources", _P + "while True:\n    sys.stdout.write('x' * 65536)\n"),
    HostileProgram("stderr_flood", "resources", _P + "while True:\n    sys.stderr.write('x' * 65536)\n"),
    HostileProgram("closed_stdout_loop", "resources", _P + "os.close(1)\nwhile True:\n    pass\n"),
    HostileProgram("stdin_read_loop", "resources", _P + "while True:\n    sys.stdin.read()\n"),
    HostileProgram("dev_shm_fill", "resources", _P + "with open('/dev/shm/fill', 'wb') as f:\n    while True:\n"
                   "        f.write(b'x' * (1 << 20))\n"),
    HostileProgram("tmp_fill", "resources", _P + "with open('/tmp/fill', 'wb') as f:\n    while True:\n"
                   "        f.write(b'x' * (1 << 20))\n"),
    HostileProgram("busy_threads", "resources", _P + "def spin():\n    while True:\n        pass\n"
                   "for _ in range(8):\n    threading.Thread(target=spin, daemon=True).start()\nspin()\n"),
    # ---- escape and persistence ----
    HostileProgram("setsid_orphan", "escape", _P + "if os.fork() == 0:\n    os.setsid()\n    while True:\n"
                   "        time.sleep(0.02)\n        open('/tmp/orphan_alive', 'w').close()\n",
                   followup=_P + "time.sleep(0.3)\nif os.path.exists('/tmp/orphan_alive'):\n    " + _ESC),
    HostileProgram("double_fork_daemon", "escape", _P + "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
                   "        signal.signal(signal.SIGTERM, signal.SIG_IGN)\n        signal.signal(signal.SIGHUP, "
                   "signal.SIG_IGN)\n        while True:\n            time.sleep(0.02)\n"
                   "            open('/tmp/daemon_alive', 'w').close()\n    os._exit(0)\n",
                   followup=_P + "time.sleep(0.3)\nif os.path.exists('/tmp/daemon_alive'):\n    " + _ESC),
    HostileProgram("zombie_factory", "escape", _P + "while True:\n    try:\n        if os.fork() == 0:\n"
                   "            os._exit(0)\n    except OSError:\n        time.sleep(0.01)\n"),
    # ESCAPED only if the parent (the sandbox's server) really died: the job is then reparented.
    # (A server that is PID 1 of its namespace, as in docker, cannot be killed from inside.)
    HostileProgram("kill_parent", "escape", _P + "ppid = os.getppid()\nos.kill(ppid, signal.SIGKILL)\ntime.sleep(0.2)\n"
                   "if os.getppid() != ppid:\n    " + _ESC),
    HostileProgram("stop_parent", "escape",
                   _P + "os.kill(os.getppid(), signal.SIGSTOP)\n" + _ESC + "time.sleep(100)\n"),
    HostileProgram("kill_everything", "escape", _P + "os.kill(-1, signal.SIGKILL)\n" + _ESC),
    HostileProgram("kill_pid1", "escape", _P + "try:\n    os.kill(1, signal.SIGKILL)\nexcept OSError:\n    pass\n"
                   "time.sleep(0.2)\nif not os.path.exists('/proc/1/stat'):\n    " + _ESC),
    HostileProgram("files_left_in_tmp", "escape", _P + "open('/tmp/rs_left_behind', 'w').write('x')\n"
                   "open('/dev/shm/rs_left_behind', 'w').write('x')\nopen('left_in_cwd', 'w').write('x')\n",
                   escapes_locally=False, local_safe=True,
                   followup=_P + "if any(os.path.exists(p) for p in ('/tmp/rs_left_behind', '/dev/shm/rs_left_behind',"
                   " 'left_in_cwd')):\n    " + _ESC),
    *(HostileProgram(f"sysv_{kind}_left", "escape", _P + _LIBC + f"libc.{create}\n",
                     followup=_P + f"if len(open('/proc/sysvipc/{kind}').read().splitlines()) > 1:\n    " + _ESC)
      for kind, create in (("shm", "shmget(0x5253, 4096, 0o1666)"), ("msg", "msgget(0x5254, 0o1666)"),
                           ("sem", "semget(0x5255, 2, 0o1666)"))),
    HostileProgram("write_site_packages", "escape", _P + "import sysconfig\nfor d in (sysconfig.get_paths()['purelib'],"
                   " '/usr/lib/python3/dist-packages', os.path.dirname(os.__file__)):\n    try:\n"
                   "        open(os.path.join(d, 'rs_evil.py'), 'w').write('x'); os.unlink(os.path.join(d, "
                   "'rs_evil.py'))\n        " + _ESC + "        break\n    except OSError:\n        pass\n",
                   escapes_locally=True, local_safe=True),
    HostileProgram("write_host_file", "escape", _P + "try:\n    open('{host_file}', 'w').write('pwned')\n    " + _ESC
                   + "except OSError:\n    pass\n", escapes_locally=True, local_safe=True),
    # the trainer here is pytest (the servers own command line, visible in every sandbox, never says pytest)
    HostileProgram("see_trainer_process", "escape", _P + "import glob\nfor p in glob.glob('/proc/[0-9]*/cmdline'):\n"
                   "    try:\n        c = open(p, 'rb').read()\n    except OSError:\n        continue\n"
                   "    if b'pytest' in c:\n        " + _ESC + "        break\n",
                   escapes_locally=True, local_safe=True),
    # ---- secrets ----
    HostileProgram("read_etc_shadow", "secrets", _P + "try:\n    open('/etc/shadow').read()\n    " + _ESC
                   + "except OSError:\n    pass\n", escapes_locally=True, local_safe=True),
    HostileProgram("read_host_home", "secrets", _P + "for d in ('/root', os.path.expanduser('~root'), '/home'):\n"
                   "    try:\n        if os.listdir(d):\n            " + _ESC + "            break\n"
                   "    except OSError:\n        pass\n", escapes_locally=True, local_safe=True),
    HostileProgram("read_project_checkout", "secrets", _P + "if os.path.exists('/work') or os.path.exists("
                   "'/work/main/pyproject.toml'):\n    " + _ESC, escapes_locally=True, local_safe=True),
    HostileProgram("trainer_env_secret", "secrets", _P + "if '{secret_env}' in os.environ:\n    " + _ESC,
                   escapes_locally=True, local_safe=True),
    HostileProgram("trainer_proc_environ", "secrets", _P + "import glob\nfor p in glob.glob('/proc/[0-9]*/environ'):\n"
                   "    try:\n        if b'HOME=/root' in open(p, 'rb').read():\n            " + _ESC
                   + "            break\n    except OSError:\n        pass\n"),
    # ---- network ----
    HostileProgram("outbound_tcp", "network", _P + "for h in ('pypi.org', '151.101.0.223', '1.1.1.1'):\n    try:\n"
                   "        socket.create_connection((h, 443), timeout=1.5).close()\n        " + _ESC
                   + "        break\n    except OSError:\n        pass\n", local_safe=True),
    HostileProgram("host_loopback_http", "network", _P + "import urllib.request\ntry:\n"
                   "    urllib.request.urlopen('http://127.0.0.1:{port}/', timeout=1.5).read()\n    " + _ESC
                   + "except OSError:\n    pass\n", escapes_locally=True, local_safe=True),
    HostileProgram("host_abstract_socket", "network", _P + "s = socket.socket(socket.AF_UNIX)\ntry:\n"
                   "    s.connect('\\0{abstract}')\n    " + _ESC + "except OSError:\n    pass\n",
                   escapes_locally=True, local_safe=True),
    HostileProgram("dns_lookup", "network", _P + "try:\n    socket.getaddrinfo('pypi.org', 443)\n    " + _ESC
                   + "except OSError:\n    pass\n", local_safe=True),
    HostileProgram("raw_socket", "network", _P + "try:\n    socket.socket(socket.AF_INET, socket.SOCK_RAW, 1)\n    "
                   + _ESC + "except OSError:\n    pass\n"),
    # ---- kernel surface ----
    HostileProgram("tiocsti", "kernel", _P + "import fcntl, termios\ntry:\n    fd = os.open('/dev/tty', os.O_RDWR)\n"
                   "    fcntl.ioctl(fd, termios.TIOCSTI, b'x')\n    " + _ESC + "except OSError:\n    pass\n"),
    HostileProgram("nested_userns", "kernel", _P + _LIBC + "if libc.unshare(0x10000000) == 0:\n    " + _ESC),
    HostileProgram("ptrace_parent", "kernel", _P + _LIBC + "libc.ptrace.argtypes = [ctypes.c_long] * 4\n"
                   "if libc.ptrace(16, os.getppid(), 0, 0) == 0:\n    " + _ESC),
    HostileProgram("parent_proc_mem", "kernel", _P + "try:\n    open('/proc/%d/mem' % os.getppid(), 'rb')\n"
                   "    os.listdir('/proc/%d/fd' % os.getppid())\n    " + _ESC + "except OSError:\n    pass\n"),
    HostileProgram("mount_tmpfs", "kernel", _P + _LIBC + "os.makedirs('m', exist_ok=True)\n"
                   "if libc.mount(b'none', b'm', b'tmpfs', 0, None) == 0:\n    " + _ESC),
    HostileProgram("setuid_root", "kernel", _P + "try:\n    os.setuid(0)\n    " + _ESC + "except OSError:\n    pass\n"),
    HostileProgram("chroot", "kernel", _P + "try:\n    os.chroot('/tmp')\n    " + _ESC + "except OSError:\n    pass\n"),
    HostileProgram("write_proc_sys", "kernel", _P + "try:\n    open('/proc/sys/kernel/hostname', 'w').write('x')\n    "
                   + _ESC + "except OSError:\n    pass\n"),
    HostileProgram("read_kmsg", "kernel", _P + "try:\n    os.read(os.open('/dev/kmsg', os.O_RDONLY | os.O_NONBLOCK),"
                   " 100)\n    " + _ESC + "except OSError:\n    pass\n"),
    HostileProgram("raw_syscall_kill_all", "kernel", _P + _LIBC + "ppid = os.getppid()\nlibc.syscall(62, -1, 9)\n"
                   "time.sleep(0.2)\nif os.getppid() != ppid:\n    " + _ESC),
)

#: run after every hostile case: prints DIRTY (and what) if anything of an earlier job is visible
CLEAN_CHECK = r"""
import os
dirty = []
for d in ("/tmp", "/dev/shm", "."):
    try:
        extra = [n for n in os.listdir(d) if not n.startswith("clean_check") and n != "job"]
    except OSError:
        continue
    if d == "/tmp":
        extra = [n for n in extra if n != os.path.basename(os.getcwd())]
    if extra:
        dirty.append("%s: %s" % (d, extra[:5]))
for kind in ("shm", "msg", "sem"):
    try:
        if len(open("/proc/sysvipc/" + kind).read().splitlines()) > 1:
            dirty.append("sysv " + kind)
    except OSError:
        pass
mine = set()
pid = os.getpid()
while pid > 1:
    mine.add(pid)
    try:
        pid = int(open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[1])
    except OSError:
        break
# PID 1 is the fork server's zygote; the lowest other PID is its server half, the first process it forked
others = sorted(int(n) for n in os.listdir("/proc") if n.isdigit() and int(n) not in mine and int(n) != 1)
for pid in others[1:]:
    try:
        state = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[0]
    except OSError:
        continue
    if state != "X":  # a zombie counts too: everything a job started must be reaped
        dirty.append("process %d (%s)" % (pid, state))
print("DIRTY " + "; ".join(dirty) if dirty else "CLEAN")
"""
