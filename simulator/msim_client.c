/*
 * msim_client: the client half of msim/python.py, in C.
 *
 * Every task on every simulated host starts the hosts' Python once (Ansible runs the module
 * payload with it), and every simulated command starts its wrapper; both only hand the run to
 * the warm server of the runtime folder this binary is built into (its python.sock, reached
 * through a short link: see SHORT in msim/python.py). As a Python script that hand-over costs a
 * Python start, about 20 ms of CPU, each time; this program does the same in about 1 ms.
 *
 * It does exactly what msim/python.py's delegate() does, in the request format "MSC1" the
 * server also reads: it sends its argv, working folder, environment and umask, and its stdin,
 * stdout and stderr as file descriptors, then exits with the status the server reports.
 * Without a server (none yet, MSIM_PYTHON_COLD set, a socket path too long) it execs the
 * launcher beside it (msim_python, see msim/runtime.py) with the same arguments, which starts
 * the server and runs the payload itself.
 *
 *   msim_client [SCRIPT ARGS...]                       a module payload (stdin) or script
 *   msim_client --call MODULE FUNCTION A B C -- ARGS... MODULE.FUNCTION(A, B, C) with argv ARGS
 *
 * Built into the runtime folder by `msim setup` when a C compiler is on the PATH (MSIM_PYTHON: the
 * Python that runs the launcher); without one, the rehearsal uses the launcher directly.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <arpa/inet.h>

#ifndef MSIM_PYTHON
#define MSIM_PYTHON "/usr/bin/python3"
#endif
#define MAX_SOCKET_PATH 100 /* as msim/python.py: a longer path runs cold */

extern char **environ;

struct buffer {
    char *data;
    size_t length, capacity;
};

static void put(struct buffer *b, const void *bytes, size_t n) {
    if (b->length + n > b->capacity) {
        size_t capacity = (b->capacity + n) * 2;
        char *data = realloc(b->data, capacity);
        if (data == NULL) {
            perror("msim_client");
            exit(1);
        }
        b->data = data;
        b->capacity = capacity;
    }
    memcpy(b->data + b->length, bytes, n);
    b->length += n;
}

/* One field: its length (4 bytes, network order), then its bytes. */
static void field(struct buffer *b, const char *s) {
    uint32_t n = htonl((uint32_t) strlen(s));
    put(b, &n, 4);
    put(b, s, strlen(s));
}

static void count(struct buffer *b, size_t n) {
    char text[32];
    snprintf(text, sizeof text, "%zu", n);
    field(b, text);
}

static void run_cold(const char *dir, char **argv) {
    char script[PATH_MAX + 16];
    snprintf(script, sizeof script, "%s/msim_python", dir);
    int argc = 0;
    while (argv[argc] != NULL) {
        argc++;
    }
    char **args = calloc((size_t) argc + 3, sizeof *args);
    args[0] = MSIM_PYTHON;
    args[1] = "-S";
    args[2] = script;
    for (int i = 1; i < argc; i++) {
        args[i + 2] = argv[i];
    }
    execv(MSIM_PYTHON, args);
    fprintf(stderr, "msim_client: cannot run %s: %s\n", MSIM_PYTHON, strerror(errno));
    exit(127);
}

int main(int argc, char **argv) {
    char dir[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (n <= 0) {
        perror("msim_client: /proc/self/exe");
        return 1;
    }
    dir[n] = '\0';
    *strrchr(dir, '/') = '\0';

    /* Reached through the short link msim/python.py makes to this folder (see SHORT there):
     * /tmp/msim-<uid>/<FNV-1a 64 of the folder's real path>/python.sock. */
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (const unsigned char *c = (const unsigned char *) dir; *c != '\0'; c++) {
        hash = (hash ^ *c) * 0x100000001b3ULL;
    }
    char sock_path[PATH_MAX + 16];
    snprintf(sock_path, sizeof sock_path, "/tmp/msim-%u/%016llx/python.sock", (unsigned) getuid(),
             (unsigned long long) hash);
    char cwd[PATH_MAX];
    const char *cold = getenv("MSIM_PYTHON_COLD");
    if ((cold != NULL && *cold != '\0') || strlen(sock_path) > MAX_SOCKET_PATH || getcwd(cwd, sizeof cwd) == NULL) {
        run_cold(dir, argv);
    }

    /* --call MODULE FUNCTION ARG... -- ARGV...: the call's arguments end at "--" */
    int first = 1, call_end = 1;
    if (argc > 1 && strcmp(argv[1], "--call") == 0) {
        call_end = 2;
        while (call_end < argc && strcmp(argv[call_end], "--") != 0) {
            call_end++;
        }
        if (call_end >= argc || call_end < 4) {
            fprintf(stderr, "msim_client: --call MODULE FUNCTION [ARG...] -- [ARGV...]\n");
            return 2;
        }
        first = call_end + 1;
    }

    struct buffer body = {0};
    put(&body, "MSC1", 4);
    mode_t mask = umask(0);
    umask(mask);
    count(&body, (size_t) mask);
    field(&body, cwd);
    field(&body, argv[0]);
    count(&body, (size_t) (argc - first));
    for (int i = first; i < argc; i++) {
        field(&body, argv[i]);
    }
    size_t envc = 0;
    while (environ[envc] != NULL) {
        envc++;
    }
    count(&body, envc);
    for (size_t i = 0; i < envc; i++) {
        field(&body, environ[i]);
    }
    count(&body, call_end > 1 ? (size_t) (call_end - 2) : 0);
    for (int i = 2; i < call_end; i++) {
        field(&body, argv[i]);
    }

    int conn = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    memcpy(address.sun_path, sock_path, strlen(sock_path) + 1); /* at most MAX_SOCKET_PATH + 1 bytes */
    if (conn < 0 || connect(conn, (struct sockaddr *) &address, sizeof address) != 0) {
        run_cold(dir, argv); /* it starts the server for the next run */
    }

    uint32_t length = htonl((uint32_t) body.length);
    struct buffer request = {0};
    put(&request, &length, 4);
    put(&request, body.data, body.length);

    /* The first bytes carry stdin, stdout and stderr; from then on the run is the server's. */
    int fds[3] = {0, 1, 2};
    char control[CMSG_SPACE(sizeof fds)];
    memset(control, 0, sizeof control);
    struct iovec iov = {.iov_base = request.data, .iov_len = request.length};
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                             .msg_controllen = sizeof control};
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&message);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof fds);
    memcpy(CMSG_DATA(cmsg), fds, sizeof fds);
    ssize_t sent = sendmsg(conn, &message, 0);
    if (sent < 0) {
        perror("msim_client: sendmsg");
        return 1;
    }
    for (size_t done = (size_t) sent; done < request.length;) {
        ssize_t more = write(conn, request.data + done, request.length - done);
        if (more <= 0) {
            perror("msim_client: write");
            return 1;
        }
        done += (size_t) more;
    }

    unsigned char status[4];
    size_t got = 0;
    while (got < sizeof status) {
        ssize_t r = read(conn, status + got, sizeof status - got);
        if (r <= 0) {
            fprintf(stderr, "msim_python: the warm interpreter ended before the module did\n");
            return 1;
        }
        got += (size_t) r;
    }
    uint32_t code;
    memcpy(&code, status, 4);
    _exit((int) (int32_t) ntohl(code));
}
