/* The zygote's fork loop in C (optional; forkserver_zygote.py has the same loop in Python).
 *
 * Why C: after every fork, each page the zygote writes costs a copy-on-write fault, and
 * a Python loop writes ~80 pages per job (frames, ints, tuples, malloc state) where this
 * loop writes a handful. The job child's set-up (session, stdio, fds, rlimits, cwd) is
 * done here too, for the same reason. Built on the host against the sandbox's own
 * python3 headers (zygote_build.py) and loaded by the zygote through an inherited fd.
 *
 * serve(sock_fd, work_dir, main_module, run_exitfuncs, compile) never returns: it answers
 * the server's messages until the server goes away, then _exit(0)s. A forked job child
 * sets itself up and becomes the job right here: execve for "exec" jobs (no Python at
 * all), and for "python" jobs the script runs as __main__ through the C API, the way
 * forkserver_zygote._run_python does it in Python (whose frames and bytecode run cold in
 * every child: ~70 faults). The zygote is single-threaded and holds the GIL throughout.
 *
 * Messages (from the server, one per SOCK_SEQPACKET datagram; see forkserver_zygote.py):
 *   "R"                      reap every dead child; answer "r"
 *   "S" <u32 n> n*(<i32 resource><i64 soft><i64 hard>) <payload>, with 3 fds attached
 *                            (stdin, stdout, stderr): fork the job, wait for it, answer
 *                            <i32 wait status><f64 cpu seconds> (native byte order)
 * payload: <u8 runner 'p'|'x'> <i32 int_max_str_digits> <i32 recursion limit> (-1: leave as is)
 *          <u32 argc> argc*(string) <u32 envc> envc*("KEY=VALUE")
 *          (string main file) <u8 script kind: 0 none, 1 source, 2 marshalled code>
 *          [<u32 length> script bytes]; strings end in NUL.
 *          "x" jobs get exactly that environment; "p" jobs add it to os.environ.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <marshal.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SPEC (1 << 17) /* forkserver_zygote.MAX_SPEC */
#define JOB_FDS 3
#define MAX_LIMITS 16
#define MAX_ARGS 4096

static char message[MAX_SPEC + 1];

/* Made once by the zygote, so that a job does not pay the page writes of making or finding them: each forked
 * job gets its own copy of the prepared __main__ module (already in sys.modules, with __builtins__ and
 * __cached__ set), and calls atexit._run_exitfuncs and builtins.compile directly. */
static struct {
    PyObject *main_module;
    PyObject *run_exitfuncs;
    PyObject *compile;
} zygote;

struct spawn_limit {
    int32_t resource;
    int64_t soft;
    int64_t hard;
} __attribute__((packed));

static void child_fail(const char *what) {
    char line[256];
    int n = snprintf(line, sizeof line, "sandbox: job set-up failed at %s: %s\n", what, strerror(errno));
    if (n > 0) {
        ssize_t ignored = write(2, line, (size_t)n);
        (void)ignored;
    }
    _exit(126);
}

struct job {
    char runner;
    int32_t int_max_str_digits, recursion_limit; /* PythonSettings of a python job; -1: leave the zygote's */
    uint32_t argc, envc;
    char *argv[MAX_ARGS + 1];
    char *envp[MAX_ARGS + 1];
    const char *main_file;
    char script_kind; /* 0: read argv[0] from the work dir, 1: source, 2: marshalled code object */
    const char *script;
    uint32_t script_len;
};

/* <u32 count> count * (NUL-terminated string) at *p: pointers into the message, NULL-terminated. */
static int parse_strings(char **p, char *end, char **out, uint32_t *count) {
    if (end - *p < 4) return -1;
    memcpy(count, *p, 4);
    *p += 4;
    if (*count > MAX_ARGS) return -1;
    for (uint32_t i = 0; i < *count; i++) {
        char *nul = memchr(*p, 0, (size_t)(end - *p));
        if (nul == NULL) return -1;
        out[i] = *p;
        *p = nul + 1;
    }
    out[*count] = NULL;
    return 0;
}

/* Parses the payload in place (it lives in `message`); 0 on success. */
static int parse_payload(char *p, char *end, struct job *job) {
    uint32_t len;
    if (end - p < 9) return -1;
    job->runner = *p++;
    memcpy(&job->int_max_str_digits, p, 4);
    memcpy(&job->recursion_limit, p + 4, 4);
    p += 8;
    if (parse_strings(&p, end, job->argv, &job->argc) < 0 || job->argc == 0) return -1;
    if (parse_strings(&p, end, job->envp, &job->envc) < 0) return -1;
    char *nul = memchr(p, 0, (size_t)(end - p));
    if (nul == NULL || nul + 1 >= end) return -1;
    job->main_file = p;
    p = nul + 1;
    job->script = NULL;
    job->script_kind = *p++;
    if (job->script_kind > 2) return -1;
    if (job->script_kind) {
        if (end - p < 4) return -1;
        memcpy(&len, p, 4);
        p += 4;
        if ((size_t)(end - p) != len) return -1;
        job->script = p;
        job->script_len = len;
    }
    return 0;
}

static void set_up_child(const int *fds, const struct spawn_limit *limits, uint32_t n_limits,
                         const char *work_dir) {
    if (setsid() < 0) child_fail("setsid");
    for (int i = 0; i < JOB_FDS; i++) {
        if (dup2(fds[i], i) < 0) child_fail("dup2");
    }
    /* the channel to the server, the received fds, anything else: the job keeps only 0, 1, 2 */
    if (syscall(SYS_close_range, 3U, ~0U, 0U) < 0) child_fail("close_range");
    for (uint32_t i = 0; i < n_limits; i++) {
        struct rlimit rl = {(rlim_t)limits[i].soft, (rlim_t)limits[i].hard};
        if (setrlimit(limits[i].resource, &rl) < 0) child_fail("setrlimit");
    }
    if (chdir(work_dir) < 0) child_fail("chdir");
}

static void exec_program(struct job *job) {
    /* ignored in the zygote (CPython's SIGPIPE/SIGXFSZ, our SIGINT); programs expect the defaults */
    signal(SIGPIPE, SIG_DFL);
    signal(SIGXFSZ, SIG_DFL);
    signal(SIGINT, SIG_DFL);
    execve(job->argv[0], job->argv, job->envp);
    dprintf(2, "exec failed: [Errno %d] %s: '%s'\n", errno, strerror(errno), job->argv[0]);
    _exit(127);
}

/* SystemExit's code -> exit status, as CPython does: None 0, an int & 0xFF, anything else printed, 1. */
static int exit_status_of(PyObject *code) {
    if (code == NULL || code == Py_None) return 0;
    if (PyLong_Check(code)) {
        long value = PyLong_AsLong(code);
        if (value == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            return 1;
        }
        return (int)(value & 0xFF);
    }
    PyObject *err = PySys_GetObject("stderr");
    if (err != NULL && PyFile_WriteObject(code, err, Py_PRINT_RAW) == 0) PyFile_WriteString("\n", err);
    PyErr_Clear();
    return 1;
}

/* After a failed call: a SystemExit sets *status; any other exception goes to sys.excepthook and sets
 * *status to `other` (or leaves it when `other` < 0). */
static void settle(int *status, int other) {
    if (PyErr_ExceptionMatches(PyExc_SystemExit)) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        PyObject *code = value != NULL ? PyObject_GetAttrString(value, "code") : NULL;
        PyErr_Clear();
        *status = exit_status_of(code);
        return;
    }
    PyErr_PrintEx(0); /* sys.excepthook(type, value, traceback) */
    if (other >= 0) *status = other;
}

static PyObject *script_bytes(struct job *job) {
    if (job->script_kind == 1) return PyBytes_FromStringAndSize(job->script, job->script_len);
    int fd = open(job->argv[0], O_RDONLY | O_CLOEXEC);
    if (fd < 0) return PyErr_SetFromErrnoWithFilename(PyExc_OSError, job->argv[0]);
    PyObject *chunks = PyList_New(0);
    char buffer[1 << 16];
    for (;;) {
        ssize_t n = read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            PyErr_SetFromErrnoWithFilename(PyExc_OSError, job->argv[0]);
            close(fd);
            return NULL;
        }
        if (n == 0) break;
        PyObject *chunk = PyBytes_FromStringAndSize(buffer, n);
        if (chunk == NULL || PyList_Append(chunks, chunk) < 0) return NULL;
        Py_DECREF(chunk);
    }
    close(fd);
    PyObject *empty = PyBytes_FromStringAndSize("", 0);
    return empty == NULL ? NULL : PyObject_CallMethod(empty, "join", "O", chunks);
}

/* sys.argv, os.environ, a fresh __main__, then compile + exec the script: `python3 script` minus start-up. */
static int run_script(struct job *job, PyObject *globals) {
    if (job->envc > 0) {
        PyObject *os = PyImport_ImportModule("os");
        PyObject *environ = os != NULL ? PyObject_GetAttrString(os, "environ") : NULL;
        if (environ == NULL) return -1;
        for (uint32_t i = 0; i < job->envc; i++) {
            char *eq = strchr(job->envp[i], '=');
            if (eq == NULL) continue;
            PyObject *key = PyUnicode_DecodeFSDefaultAndSize(job->envp[i], eq - job->envp[i]);
            PyObject *value = PyUnicode_DecodeFSDefault(eq + 1);
            if (key == NULL || value == NULL || PyObject_SetItem(environ, key, value) < 0) return -1;
        }
    }
    PyObject *argv = PyList_New(job->argc);
    if (argv == NULL) return -1;
    for (uint32_t i = 0; i < job->argc; i++) {
        PyObject *arg = PyUnicode_DecodeFSDefault(job->argv[i]);
        if (arg == NULL) return -1;
        PyList_SET_ITEM(argv, i, arg);
    }
    if (PySys_SetObject("argv", argv) < 0) return -1;
    PyObject *main_file = PyUnicode_DecodeFSDefault(job->main_file);
    if (main_file == NULL || PyDict_SetItemString(globals, "__file__", main_file) < 0) return -1;
    PyObject *code;
    if (job->script_kind == 2) { /* compiled by the server: loading it writes far fewer pages than compiling */
        code = PyMarshal_ReadObjectFromString(job->script, job->script_len);
        if (code != NULL && !PyCode_Check(code)) {
            PyErr_SetString(PyExc_TypeError, "sandbox: the precompiled script is not a code object");
            return -1;
        }
    } else {
        PyObject *source = script_bytes(job);
        if (source == NULL) return -1;
        code = PyObject_CallFunction(zygote.compile, "Ossii", source, job->argv[0], "exec", 0, 1);
    }
    if (code == NULL) return -1;
    PyObject *result = PyEval_EvalCode(code, globals, globals);
    if (result == NULL) return -1;
    return 0;
}

/* The job's interpreter settings (forkserver_zygote._apply_settings), in this child only. */
static int apply_settings(struct job *job) {
    if (job->recursion_limit >= 0) Py_SetRecursionLimit(job->recursion_limit);
    if (job->int_max_str_digits >= 0) {
        PyObject *sys = PyImport_AddModule("sys"); /* borrowed */
        if (sys == NULL) return -1;
        if (!PyObject_HasAttrString(sys, "set_int_max_str_digits")) return 0; /* CPython < 3.11: no such limit */
        PyObject *done = PyObject_CallMethod(sys, "set_int_max_str_digits", "i", (int)job->int_max_str_digits);
        if (done == NULL) return -1;
        Py_DECREF(done);
    }
    return 0;
}

static void run_python(struct job *job) {
    int status = 0;
    PyOS_AfterFork_Child();
    if (apply_settings(job) < 0 || run_script(job, PyModule_GetDict(zygote.main_module)) < 0) settle(&status, 1);
    /* like interpreter exit: join non-daemon threads, run atexit callbacks, flush the standard streams */
    PyObject *threading = PyDict_GetItemString(PyImport_GetModuleDict(), "threading");
    if (threading != NULL) {
        PyObject *done = PyObject_CallMethod(threading, "_shutdown", NULL);
        if (done == NULL) settle(&status, -1);
    }
    if (PyObject_CallNoArgs(zygote.run_exitfuncs) == NULL) settle(&status, -1);
    const char *streams[] = {"stdout", "stderr"};
    for (int i = 0; i < 2; i++) {
        PyObject *stream = PySys_GetObject(streams[i]);
        if (stream != NULL && stream != Py_None) {
            PyObject *flushed = PyObject_CallMethod(stream, "flush", NULL);
            if (flushed == NULL) PyErr_Clear();
        }
    }
    _exit(status);
}

static void become_job(const int *fds, const struct spawn_limit *limits, uint32_t n_limits, const char *work_dir,
                       char *payload, char *end) {
    struct job job;
    set_up_child(fds, limits, n_limits, work_dir);
    if (parse_payload(payload, end, &job) < 0) {
        dprintf(2, "sandbox: malformed spawn payload\n");
        _exit(126);
    }
    if (job.runner == 'x') exec_program(&job);
    run_python(&job);
}

static int received_fds(struct msghdr *msg, int *fds) {
    int count = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < n; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
            if (count < JOB_FDS) fds[count] = fd;
            else close(fd);
            count++;
        }
    }
    return count;
}

static void send_all(int sock, const void *data, size_t len) {
    while (send(sock, data, len, 0) < 0) {
        if (errno != EINTR) _exit(3); /* the server is gone or broken: end the namespace */
    }
}

static void reap_all(void) {
    while (waitpid(-1, NULL, WNOHANG) > 0) {
    }
}

static PyObject *serve(PyObject *self, PyObject *args) {
    int sock;
    const char *work_dir;
    (void)self;
    if (!PyArg_ParseTuple(args, "isO!OO", &sock, &work_dir, &PyModule_Type, &zygote.main_module,
                          &zygote.run_exitfuncs, &zygote.compile))
        return NULL;
    Py_INCREF(zygote.main_module);
    Py_INCREF(zygote.run_exitfuncs);
    Py_INCREF(zygote.compile);
    for (;;) {
        union {
            struct cmsghdr align;
            char space[CMSG_SPACE(JOB_FDS * sizeof(int))];
        } control;
        struct iovec iov = {message, sizeof message};
        struct msghdr msg = {0};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control.space;
        msg.msg_controllen = sizeof control.space;
        ssize_t n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
        if (n < 0) {
            if (errno == EINTR) continue;
            _exit(3);
        }
        if (n == 0) _exit(0); /* the server is gone: PID 1 exiting takes the namespace with it */
        int fds[JOB_FDS];
        int n_fds = received_fds(&msg, fds);
        if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) _exit(3); /* a server bug, never a job's doing */
        if (n == 1 && message[0] == 'R' && n_fds == 0) {
            reap_all();
            send_all(sock, "r", 1);
            continue;
        }
        uint32_t n_limits;
        size_t header = 1 + sizeof n_limits;
        if (message[0] != 'S' || n_fds != JOB_FDS || (size_t)n < header) _exit(3);
        memcpy(&n_limits, message + 1, sizeof n_limits);
        if (n_limits > MAX_LIMITS || (size_t)n < header + n_limits * sizeof(struct spawn_limit)) _exit(3);
        const struct spawn_limit *limits = (const struct spawn_limit *)(message + header);
        char *payload = message + header + n_limits * sizeof(struct spawn_limit);

        PyOS_BeforeFork();
        pid_t pid = fork();
        if (pid == 0) become_job(fds, limits, n_limits, work_dir, payload, message + n); /* never returns */
        PyOS_AfterFork_Parent();
        for (int i = 0; i < JOB_FDS; i++) close(fds[i]);
        if (pid < 0) _exit(3); /* cannot fork: the host replaces the sandbox */
        int status;
        struct rusage usage;
        while (wait4(pid, &status, 0, &usage) < 0) {
            if (errno != EINTR) _exit(3);
        }
        struct {
            int32_t status;
            double cpu_s;
        } __attribute__((packed)) report = {
            status,
            (double)usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + (double)usage.ru_stime.tv_sec +
                usage.ru_stime.tv_usec / 1e6,
        };
        send_all(sock, &report, sizeof report);
    }
}

static PyMethodDef methods[] = {
    {"serve", serve, METH_VARARGS,
     "serve(sock_fd, work_dir, main_module, run_exitfuncs, compile): answer the server until it goes away."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_rszygote", NULL, -1, methods};

PyMODINIT_FUNC PyInit__rszygote(void) { return PyModule_Create(&module); }
