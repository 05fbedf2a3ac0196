/* Checks of input and output paths, and the disk and memory a run needs. */
#define _XOPEN_SOURCE 700 /* realpath, statvfs */
#include "sim_paths.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define MEMINFO_MAX 16384 /* /proc/meminfo is about 1.5 kB */

static int refuse(sim_err *err, const char *path, const char *what, const char *detail)
{
    SIM_RAISE(err, SIM_EINPUT, "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
    sim_err_locate(err, path, 0, 0, NULL);
    return SIM_EINPUT;
}

/* Why a file of mode m is not a regular file, or NULL when it is. */
static const char *not_regular(mode_t m)
{
    if (S_ISREG(m))
        return NULL;
    if (S_ISDIR(m))
        return "is a directory (expected a file)";
    if (S_ISFIFO(m))
        return "is a FIFO, not a regular file";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "is a device, not a regular file";
    if (S_ISSOCK(m))
        return "is a socket, not a regular file";
    return "is not a regular file";
}

int sim_paths_check_input(const char *path, sim_err *err)
{
    struct stat st;
    if (stat(path, &st) != 0) /* stat opens nothing: a FIFO does not block */
        return refuse(err, path,
                      errno == ENOENT || errno == ENOTDIR ? "cannot open" : "cannot read",
                      strerror(errno));
    const char *why = not_regular(st.st_mode);
    if (why)
        return refuse(err, path, why, NULL);
    if (access(path, R_OK) != 0)
        return refuse(err, path, "cannot read", strerror(errno));
    return SIM_OK;
}

/* The folder that holds path ("." for a bare name); trailing slashes of
 * path are ignored. */
static void folder_of(const char *path, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", path);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '/')
        buf[--n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        snprintf(buf, cap, ".");
    else if (slash == buf)
        buf[1] = '\0';
    else
        *slash = '\0';
}

/* The real path of a file that may not exist: its folder's real path and
 * its name. 0 on success. */
static int resolve_new(const char *path, char *out, size_t cap)
{
    char dir[PATH_MAX], real[PATH_MAX];
    folder_of(path, dir, sizeof dir);
    if (!realpath(dir, real))
        return -1;
    const char *name = strrchr(path, '/');
    name = name ? name + 1 : path;
    return snprintf(out, cap, "%s/%s", strcmp(real, "/") ? real : "", name) >= (int)cap ? -1 : 0;
}

int sim_paths_same(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0)
        return 0;
    if (stat(b, &sb) == 0)
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char ra[PATH_MAX], rb[PATH_MAX];
    if (!realpath(a, ra) || resolve_new(b, rb, sizeof rb))
        return 0;
    return strcmp(ra, rb) == 0;
}

/* dir exists, is a folder, and files can be made in it. */
static int check_folder(const char *out, const char *dir, sim_err *err)
{
    char what[SIM_ERR_MSG / 2];
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) { /* a file there: no folder either */
        snprintf(what, sizeof what, "its folder %s does not exist (expected an existing folder)",
                 dir);
        return refuse(err, out, what, NULL);
    }
    if (access(dir, W_OK | X_OK) != 0) {
        snprintf(what, sizeof what, "cannot write in the folder %s", dir);
        return refuse(err, out, what, strerror(errno));
    }
    return SIM_OK;
}

/* An existing out: is it of the kind wanted? */
static int check_existing(const char *out, sim_paths_kind kind, const struct stat *st, sim_err *err)
{
    if (kind == SIM_PATHS_DIR)
        return S_ISDIR(st->st_mode) ? check_folder(out, out, err)
                                    : refuse(err, out,
                                             "exists and is not a folder (expected a folder for "
                                             "the files, or a new name)",
                                             NULL);
    if (S_ISDIR(st->st_mode))
        return refuse(err, out, "is a directory (expected a file name for the output)", NULL);
    if (!S_ISREG(st->st_mode))
        return refuse(err, out,
                      "exists and is not a regular file (expected a file name for the output)",
                      NULL);
    return SIM_OK;
}

int sim_paths_check_output(const char *out, sim_paths_kind kind, const char *const *inputs,
                           size_t n_inputs, sim_err *err)
{
    for (size_t i = 0; i < n_inputs; i++)
        if (sim_paths_same(inputs[i], out)) {
            char what[SIM_ERR_MSG / 2];
            snprintf(what, sizeof what,
                     "is also an input (%s); refusing to overwrite it (expected another output "
                     "%s)",
                     inputs[i], kind == SIM_PATHS_DIR ? "folder" : "file");
            return refuse(err, out, what, NULL);
        }
    struct stat st;
    if (stat(out, &st) == 0) {
        int rc = check_existing(out, kind, &st, err);
        if (rc || kind == SIM_PATHS_DIR)
            return rc;
    }
    char dir[PATH_MAX];
    folder_of(out, dir, sizeof dir);
    return check_folder(out, dir, err);
}

int sim_paths_check_name(const char *name, sim_err *err)
{
    if (name[0] && !strchr(name, '/') && strcmp(name, ".") != 0 && strcmp(name, "..") != 0)
        return SIM_OK;
    return SIM_RAISE(err, SIM_EINPUT,
                     "scenario name '%s' cannot name a results group or file (expected a name "
                     "without '/', other than '.' and '..')",
                     name);
}

/* A test's figure from the environment (see the header), or -1. */
static double test_figure(const char *var)
{
    const char *s = getenv(var);
    char *end;
    if (!s || !*s)
        return -1;
    double v = strtod(s, &end);
    return *end || !(v >= 0) ? -1 : v;
}

double sim_paths_free_bytes(const char *path)
{
    double v = test_figure("CROSSINGS_TEST_FREE_BYTES");
    if (v >= 0)
        return v;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    struct statvfs vfs;
    for (int up = 0; up < 64; up++) { /* the nearest existing folder */
        if (statvfs(dir, &vfs) == 0)
            return (double)vfs.f_bavail * (double)vfs.f_frsize;
        if (strcmp(dir, ".") == 0 || strcmp(dir, "/") == 0)
            break;
        char parent[PATH_MAX];
        folder_of(dir, parent, sizeof parent);
        memcpy(dir, parent, sizeof dir);
    }
    return -1;
}

double sim_paths_parse_meminfo(const char *text)
{
    const char *p = strstr(text, "MemAvailable:");
    double kb;
    if (!p || sscanf(p + strlen("MemAvailable:"), "%lf", &kb) != 1)
        return -1;
    return kb * 1024.0;
}

double sim_paths_avail_memory(void)
{
    double v = test_figure("CROSSINGS_TEST_AVAIL_BYTES");
    if (v >= 0)
        return v;
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return -1;
    char *buf = malloc(MEMINFO_MAX);
    size_t n = buf ? fread(buf, 1, MEMINFO_MAX - 1, f) : 0;
    fclose(f);
    if (!buf)
        return -1;
    buf[n] = '\0';
    v = sim_paths_parse_meminfo(buf);
    free(buf);
    return v;
}

double sim_paths_series_bytes(const sim_paths_layout *l)
{
    return (double)l->months * (double)l->n_areas * (double)l->n_groups * (double)l->n_metrics *
           (double)sizeof(double);
}

double sim_paths_event_bytes(const sim_paths_layout *l)
{
    return l->n_agents * l->events_per_agent_month * (double)l->months * (double)l->event_cols *
           (double)sizeof(int32_t);
}

double sim_paths_run_bytes(const sim_paths_layout *l, double n_runs)
{
    return n_runs * (sim_paths_series_bytes(l) + sim_paths_event_bytes(l));
}

double sim_paths_memory_bytes(const sim_paths_layout *l, double world_bytes, double n_worlds)
{
    return n_worlds * world_bytes + 2 * sim_paths_series_bytes(l) + sim_paths_event_bytes(l) +
           SIM_PATHS_BASE_BYTES;
}

void sim_paths_human(double bytes, char *buf, size_t cap)
{
    const char *u[] = {"B", "kB", "MB", "GB", "TB", "PB"};
    int i = 0;
    while (bytes >= 1000 && i < 5)
        bytes /= 1000, i++;
    snprintf(buf, cap, "%.*f %s", i ? 1 : 0, bytes, u[i]);
}

/* "about 1.2 GB of disk for F (800.0 MB free)" and/or the memory part. */
static void describe(const char *output, double disk, double free_disk, double mem, double avail,
                     char *buf, size_t cap)
{
    char a[32], b[32], c[32], d[32];
    sim_paths_human(disk, a, sizeof a);
    sim_paths_human(free_disk, b, sizeof b);
    sim_paths_human(mem, c, sizeof c);
    sim_paths_human(avail, d, sizeof d);
    int over_disk = free_disk >= 0 && disk > free_disk, over_mem = avail >= 0 && mem > avail;
    size_t used = 0;
    if (over_disk)
        used = (size_t)snprintf(buf, cap, "needs up to %s of disk for %s, but %s is free", a,
                                output, b);
    if (over_mem && used < cap)
        snprintf(buf + used, cap - used, "%s about %s of memory, but %s is available",
                 over_disk ? "; and" : "needs", c, d);
}

int sim_paths_check_fits(const char *what, const char *output, double disk_bytes,
                         double memory_bytes, int force, FILE *warn, sim_err *err)
{
    double free_disk = sim_paths_free_bytes(output), avail = sim_paths_avail_memory();
    int over_disk = free_disk >= 0 && disk_bytes > free_disk;
    int over_mem = avail >= 0 && memory_bytes > avail;
    if (!over_disk && !over_mem)
        return SIM_OK;
    char msg[SIM_ERR_MSG / 2];
    describe(output, disk_bytes, free_disk, memory_bytes, avail, msg, sizeof msg);
    if (force) {
        if (warn)
            fprintf(warn, "crossings: warning: %s %s; going on (--force)\n", what, msg);
        return SIM_OK;
    }
    return SIM_RAISE(err, SIM_EINPUT,
                     "%s %s; refusing to start (expected fewer replicates or months, a smaller "
                     "scale, or --force to run anyway)",
                     what, msg);
}
