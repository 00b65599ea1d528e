"""Cleanup half of the in-sandbox fork server (stdlib only; see ``forkserver.py``).

After every job: kill everything else in the pid namespace and have the
zygote reap it (``_kill_all``), then empty ``/tmp`` (the work dir) and
``/dev/shm`` and remove SysV IPC objects (``_wipe``). A ``False`` from either
marks the worker dirty: the host replaces it instead of reusing it.
``protocol.forkserver_source()`` puts this source first.
"""

import ctypes
import os
import signal
import struct
import time

WORK = "/tmp/job"
WIPE_DIRS = ("/tmp", "/dev/shm")
MAX_WIPE_ENTRIES = 20000
IPC_RMID = 0
SHM_INFO, MSG_INFO, SEM_INFO = 14, 12, 19
TMPFS_EMPTY_DIR_SIZE = 40  # 2 entries ("." and "..") of 20 bytes

_libc = ctypes.CDLL(None, use_errno=True)
_ipc_info = ctypes.create_string_buffer(128)  # big enough for shm_info, msginfo and seminfo


def _kill_all(reap):
    """SIGKILL every process in the namespace but PID 1 (the zygote) and us; ``reap()`` has the zygote reap them.

    Dead processes stay in the namespace as zombies until their parent, the zygote (every job and every
    orphan is its child), reaps them; only then is the namespace empty.
    """
    deadline = time.monotonic() + 3.0
    while True:
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:  # ESRCH: nobody but PID 1 and us is left, zombies included
            return True
        reap()
        left = [p for p in _ns_pids(zombies=True) if p not in (1, os.getpid())]
        if not left:
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


def _wipe(job_files=None):
    """Empty /tmp and /dev/shm and remove SysV IPC objects; False if too dirty to clean fast.

    ``job_files``: the names the server wrote into the work dir, removed by name first. After a well-behaved
    job that leaves both dirs empty, and the checks below cost one stat each plus three IPC queries.
    """
    if job_files is not None:
        _remove_known(job_files)
    clean = True
    for top in WIPE_DIRS:
        if _empty_tmpfs(top):
            continue
        try:
            entries = os.listdir(top)
        except OSError:
            continue
        if not entries:
            continue
        count = 0
        for _root, dirs, files in os.walk(top):
            count += len(dirs) + len(files)
            if count > MAX_WIPE_ENTRIES:
                return False
        for name in entries:
            path = os.path.join(top, name)
            if os.path.isdir(path) and not os.path.islink(path):
                import shutil  # here, not at the top: shutil loads bz2 and lzma, 20 more mappings in every fork

                shutil.rmtree(path, onerror=_force_remove)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    clean = False
        if os.listdir(top):
            clean = False
    if _sysv_in_use():
        _remove_sysv()
    return clean


def _tmpfs_dirs():
    """The WIPE_DIRS that are tmpfs mount points (read once from /proc/self/mountinfo)."""
    found = set()
    for line in _read_proc("/proc/self/mountinfo").splitlines():
        fields = line.split(" - ", 1)
        if len(fields) == 2 and fields[1].split()[0] == "tmpfs":
            mount_point = fields[0].split()[4]
            if mount_point in WIPE_DIRS:
                found.add(mount_point)
    return found


def _empty_tmpfs(path):
    """True only for an empty tmpfs dir, from one stat: tmpfs reports 20 bytes per entry and 40 when empty."""
    if path not in _TMPFS_DIRS:
        return False  # another filesystem's dir sizes mean something else: list it
    try:
        return os.stat(path).st_size == TMPFS_EMPTY_DIR_SIZE
    except OSError:
        return False


def _remove_known(names):
    """Unlink the job's own files and dirs in the work dir, then the work dir; anything else stays for _wipe."""
    try:
        dirs = set()
        for name in names:
            os.unlink(os.path.join(WORK, name))
            parent = os.path.dirname(name)
            while parent:
                dirs.add(parent)
                parent = os.path.dirname(parent)
        for name in sorted(dirs, key=len, reverse=True):
            os.rmdir(os.path.join(WORK, name))
        os.rmdir(WORK)
    except OSError:  # the job changed the work dir: the full pass in _wipe deals with it
        pass


def _sysv_in_use():
    """Whether any SysV IPC object exists: the *_INFO queries report the counts in use (one syscall each)."""
    for fn, cmd, offset in (("shmctl", SHM_INFO, 0), ("msgctl", MSG_INFO, 0), ("semctl", SEM_INFO, 28)):
        if fn == "semctl":
            rc = _libc.semctl(0, 0, cmd, _ipc_info)
        else:
            rc = getattr(_libc, fn)(0, cmd, _ipc_info)
        # shm_info.used_ids, msginfo.msgpool (queues in use), seminfo.semusz (sets in use)
        if rc < 0 or struct.unpack_from("i", _ipc_info, offset)[0]:
            return True  # an error means "unknown": take the slow path
    return False


def _remove_sysv():
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


def _force_remove(func, path, _exc_info):
    try:
        os.chmod(os.path.dirname(path), 0o700)
        os.chmod(path, 0o700)
        func(path)
    except OSError:
        pass


_TMPFS_DIRS = _tmpfs_dirs()
