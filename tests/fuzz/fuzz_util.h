/* Shared by the libFuzzer harnesses (tests/fuzz/README in docs/HARDENING.md):
 * a private folder under $TMPDIR that looks like scenarios/ (every entry of
 * the source's scenarios/ linked into it, so `base: baseline.yaml`, data
 * tables and `scenario: ../x.yaml` resolve as they do for shipped files), and
 * writing one input into it. Harness code, not library code: it keeps its
 * folder in a static and aborts when it cannot set up (a broken harness, not
 * a finding). */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char fuzz_dir[1024];

/* Make the folder (once) and a sub-folder sub in it (NULL: none). */
static void fuzz_setup(const char *sub)
{
    const char *tmp = getenv("TMPDIR");
    char src[1024], dst[2048];
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/crossings-fuzz-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(fuzz_dir))
        abort();
    snprintf(src, sizeof src, "%s/scenarios", CROSSINGS_SOURCE_DIR);
    DIR *d = opendir(src);
    if (!d)
        abort();
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        if (e->d_name[0] == '.' || (sub && strcmp(e->d_name, sub) == 0))
            continue;
        char from[2048];
        snprintf(from, sizeof from, "%s/%s", src, e->d_name);
        snprintf(dst, sizeof dst, "%s/%s", fuzz_dir, e->d_name);
        if (symlink(from, dst) != 0)
            abort();
    }
    closedir(d);
    if (sub) {
        snprintf(dst, sizeof dst, "%s/%s", fuzz_dir, sub);
        if (mkdir(dst, 0700) != 0)
            abort();
    }
}

/* path = the folder + "/" + name. */
static void fuzz_path(char *path, size_t cap, const char *name)
{
    snprintf(path, cap, "%s/%s", fuzz_dir, name);
}

/* Write the input to the file name in the folder; its path goes to path. */
static void fuzz_write(char *path, size_t cap, const char *name, const uint8_t *data, size_t size)
{
    fuzz_path(path, cap, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
}

/* Where messages go: they are part of the path under test, not its output. */
static FILE *fuzz_null(void)
{
    static FILE *null;
    if (!null && !(null = fopen("/dev/null", "w")))
        abort();
    return null;
}

#endif
