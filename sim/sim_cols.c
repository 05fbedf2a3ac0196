#include "sim_cols.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

/* Columns start on cache-line boundaries so blocks of different columns never
 * share a line between threads. */
#define COL_ALIGN 64u

static size_t round_up(size_t n)
{
    return (n + COL_ALIGN - 1) / COL_ALIGN * COL_ALIGN;
}

size_t sim_cols_bytes(const sim_col_spec *specs, size_t n_specs, size_t n_rows)
{
    size_t total = 0;
    for (size_t i = 0; i < n_specs; i++)
        total += round_up(specs[i].elem_size * (n_rows ? n_rows : 1));
    return total;
}

int sim_cols_alloc(sim_cols *c, void *holder, const sim_col_spec *specs, size_t n_specs,
                   size_t n_rows, const char *what, sim_err *err)
{
    memset(c, 0, sizeof *c);
    size_t bytes = sim_cols_bytes(specs, n_specs, n_rows);
    size_t avail = sim_mem_available();
    if (bytes > avail)
        return SIM_RAISE(err, SIM_ENOMEM,
                         "%s: %zu rows need %.2f GB but only %.2f GB of memory are available "
                         "(lower --scale)",
                         what, n_rows, (double)bytes / 1e9, (double)avail / 1e9);
    void *base = aligned_alloc(COL_ALIGN, bytes);
    if (!base)
        return SIM_RAISE(err, SIM_ENOMEM, "%s: cannot allocate %.2f GB for %zu rows", what,
                         (double)bytes / 1e9, n_rows);
    memset(base, 0, bytes);
    char *p = base;
    for (size_t i = 0; i < n_specs; i++) {
        memcpy((char *)holder + specs[i].ptr_offset, &p, sizeof p);
        p += round_up(specs[i].elem_size * (n_rows ? n_rows : 1));
    }
    c->base = base;
    c->bytes = bytes;
    c->n_rows = n_rows;
    c->specs = specs;
    c->n_specs = n_specs;
    return SIM_OK;
}

void sim_cols_release(sim_cols *c)
{
    free(c->base);
    c->base = NULL;
    c->bytes = 0;
}

size_t sim_mem_available(void)
{
    FILE *f = fopen("/proc/meminfo", "r");
    if (!f)
        return SIZE_MAX;
    char line[256];
    unsigned long long kb = 0;
    int found = 0;
    while (!found && fgets(line, sizeof line, f))
        found = sscanf(line, "MemAvailable: %llu kB", &kb) == 1;
    fclose(f);
    return found ? (size_t)(kb * 1024ull) : SIZE_MAX;
}

size_t sim_mem_peak_rss(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0)
        return 0;
    return (size_t)ru.ru_maxrss * 1024u;
}
