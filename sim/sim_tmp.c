#include "sim_tmp.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <libgen.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_PATH_MAX 4200

/* The files a signal must remove. A signal handler can reach nothing else, so
 * this one table is process-wide state (the house allows no other). Entries
 * are filled before `used` is set, and `used` is cleared before the path is
 * reused, so the handler never reads half a path. */
static struct tracked {
    char path[TMP_PATH_MAX];
    int fd; /* holds the lock */
    volatile sig_atomic_t used;
} tracked[SIM_TMP_MAX];

static void on_signal(int sig)
{
    for (int i = 0; i < SIM_TMP_MAX; i++)
        if (tracked[i].used)
            unlink(tracked[i].path);
    signal(sig, SIG_DFL);
    raise(sig);
}

void sim_tmp_init_process(void)
{
    H5dont_atexit();
    signal(SIGXFSZ, SIG_IGN);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* a signal the caller ignores (nohup) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(sigs[i], &sa, NULL);
    }
}

int sim_tmp_name(char *out, size_t cap, const char *final)
{
    int n = snprintf(out, cap, "%s.tmp-%ld", final, (long)getpid());
    return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* A write lock on the whole file through fd; -1 when it cannot be taken. */
static int lock_fd(int fd)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    return fcntl(fd, F_SETLK, &fl);
}

int sim_tmp_track(const char *tmp)
{
    if (strlen(tmp) >= TMP_PATH_MAX)
        return -1;
    for (int i = 0; i < SIM_TMP_MAX; i++) {
        if (tracked[i].used)
            continue;
        memcpy(tracked[i].path, tmp, strlen(tmp) + 1);
        tracked[i].fd = open(tmp, O_RDWR | O_CLOEXEC);
        if (tracked[i].fd >= 0)
            lock_fd(tracked[i].fd);
        tracked[i].used = 1;
        return 0;
    }
    return -1;
}

void sim_tmp_forget(const char *tmp)
{
    for (int i = 0; i < SIM_TMP_MAX; i++) {
        if (!tracked[i].used || strcmp(tracked[i].path, tmp) != 0)
            continue;
        tracked[i].used = 0;
        if (tracked[i].fd >= 0)
            close(tracked[i].fd);
        tracked[i].fd = -1;
    }
}

/* Is the temporary file at path, of process pid, still being written? */
static int in_use(const char *path, long pid)
{
    if (pid <= 0 || pid == (long)getpid())
        return 1;
    if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
        return 1; /* alive (or not ours to signal) */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return 1;
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_RDLCK;
    fl.l_whence = SEEK_SET;
    int busy = fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type != F_UNLCK;
    close(fd);
    return busy; /* a lock held from another machine sharing the folder */
}

/* The pid of "base.tmp-PID" in name, or 0 when name is not one of those. */
static long tmp_pid(const char *name, const char *base)
{
    size_t n = strlen(base);
    if (strncmp(name, base, n) != 0 || strncmp(name + n, ".tmp-", 5) != 0)
        return 0;
    char *end = NULL;
    long pid = strtol(name + n + 5, &end, 10);
    return end && *end == '\0' && end != name + n + 5 ? pid : 0;
}

int sim_tmp_clean_stale(const char *final, FILE *log)
{
    char d[TMP_PATH_MAX], b[TMP_PATH_MAX], path[2 * TMP_PATH_MAX + 2];
    snprintf(d, sizeof d, "%s", final);
    snprintf(b, sizeof b, "%s", final);
    const char *dir = dirname(d), *base = basename(b);
    DIR *dp = opendir(dir);
    int removed = 0;
    for (struct dirent *e; dp && (e = readdir(dp));) {
        long pid = tmp_pid(e->d_name, base);
        if (!pid)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (in_use(path, pid)) {
            if (log && pid != (long)getpid())
                fprintf(log, "crossings: note: %s is being written by process %ld; kept\n", path,
                        pid);
        } else if (unlink(path) == 0) {
            removed++;
            if (log)
                fprintf(log,
                        "crossings: note: removed %s, left by process %ld, which ended before "
                        "finishing it\n",
                        path, pid);
        }
    }
    if (dp)
        closedir(dp);
    return removed;
}
