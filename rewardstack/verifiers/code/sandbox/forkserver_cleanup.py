"""Cleanup half of the in-sandbox fork server (stdlib only; see ``forkserver.py``).

After every job: kill everything else in the pid namespace and reap it
(``_kill_all``), then empty ``/tmp`` (the work dir) and ``/dev/shm`` and remove
SysV IPC objects (``_wipe``). A ``False`` from either marks the worker dirty: the
host replaces it instead of reusing it. ``protocol.forkserver_source()`` prepends
this source to ``forkserver.py``.
"""

import ctypes
import os
import shutil
import signal
import time

WORK = "/tmp/job"
WIPE_DIRS = ("/tmp", "/dev/shm")
MAX_WIPE_ENTRIES = 20000
IPC_RMID = 0

_libc = ctypes.CDLL(None, use_errno=True)


def _kill_all():
    """SIGKILL every process in the namespace but init and us; reap our descendants."""
    me = os.getpid()
    deadline = time.monotonic() + 3.0
    while True:
        try:
            os.kill(-1, signal.SIGKILL)
            signalled = True
        except OSError:  # ESRCH: nobody but init and us is left
            signalled = False
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
        if not signalled:
            return True
        left = [p for p in _ns_pids(zombies=True) if p not in (1, me)]
        if not left:  # nothing alive and nothing unreaped (a just-killed orphan is reparented to us first)
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.002)


def _ns_pids(zombies=False):
    pids = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as fh:
                    state = fh.read().rsplit(b")", 1)[1].split()[0]
            except OSError:
                continue
            if zombies or state not in (b"Z", b"X"):
                pids.append(int(name))
    return pids


def _wipe():
    """Empty /tmp and /dev/shm and remove SysV IPC objects; False if too dirty to clean fast."""
    clean = True
    for top in WIPE_DIRS:
        try:
            entries = os.listdir(top)
        except OSError:
            continue
        if not entries:
            continue
        if top == "/tmp" and entries == ["job"] and _remove_flat(WORK):
            continue
        count = 0
        for _root, dirs, files in os.walk(top):
            count += len(dirs) + len(files)
            if count > MAX_WIPE_ENTRIES:
                return False
        for name in entries:
            path = os.path.join(top, name)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path, onerror=_force_remove)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    clean = False
        if os.listdir(top):
            clean = False
    for kind, fn in (("shm", "shmctl"), ("msg", "msgctl"), ("sem", "semctl")):
        try:
            lines = _read_proc("/proc/sysvipc/" + kind).splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            ipc_id = int(line.split()[1])
            if kind == "sem":
                _libc.semctl(ipc_id, 0, IPC_RMID)
            else:
                getattr(_libc, fn)(ipc_id, IPC_RMID, None)
    return clean


def _read_proc(path):
    """A /proc file's text with raw syscalls (open, read to EOF, close: no buffered-io set-up per job)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        chunks = []
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks).decode()


def _remove_flat(path):
    """Fast path: a work dir with a few plain files and no subdirectories; False if not that simple."""
    try:
        names = os.listdir(path)
        if len(names) > 64:
            return False
        for name in names:
            os.unlink(os.path.join(path, name))  # IsADirectoryError (an OSError) for a directory
        os.rmdir(path)
    except OSError:
        return False
    return True


def _force_remove(func, path, _exc_info):
    try:
        os.chmod(os.path.dirname(path), 0o700)
        os.chmod(path, 0o700)
        func(path)
    except OSError:
        pass
