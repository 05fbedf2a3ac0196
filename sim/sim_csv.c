#include "sim_csv.h"
#include "sim_paths.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Data tables are small; anything larger is not a table of ours. */
#define CSV_MAX_BYTES (16u << 20)

static char *read_all(const char *path, sim_err *err)
{
    if (sim_paths_check_input(path, err)) /* a FIFO would block fopen */
        return NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        sim_err_locate(err, path, 0, 0, NULL);
        SIM_RAISE(err, SIM_EINPUT, "cannot open the data table: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    char *buf = NULL;
    size_t n = 0;
    int too_big = fstat(fileno(f), &st) != 0 || st.st_size > (off_t)CSV_MAX_BYTES;
    if (!too_big && (buf = malloc((size_t)st.st_size + 1)))
        n = fread(buf, 1, (size_t)st.st_size, f);
    fclose(f);
    if (too_big || !buf) {
        free(buf);
        sim_err_locate(err, path, 0, 0, NULL);
        SIM_RAISE(err, SIM_EINPUT, "data table too large or unreadable (expected at most %u bytes)",
                  CSV_MAX_BYTES);
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

/* Cut the line at c->next; returns it (without newline), or NULL at the end. */
static char *take_line(sim_csv *c)
{
    if (!c->next || !*c->next)
        return NULL;
    char *s = c->next, *e = strchr(s, '\n');
    c->next = e ? e + 1 : NULL;
    if (e)
        *e = '\0';
    size_t n = strlen(s);
    if (n && s[n - 1] == '\r')
        s[n - 1] = '\0';
    c->line++;
    return s;
}

/* Split s at commas into out; returns the count (max+1 when too many). */
static size_t split(char *s, char **out, int *col, size_t max)
{
    size_t n = 0;
    char *start = s;
    for (;;) {
        if (n == max)
            return max + 1;
        out[n] = s;
        col[n] = (int)(s - start) + 1;
        n++;
        char *comma = strchr(s, ',');
        if (!comma)
            return n;
        *comma = '\0';
        s = comma + 1;
    }
}

int sim_csv_open(sim_csv *c, const char *path, sim_err *err)
{
    memset(c, 0, sizeof *c);
    snprintf(c->path, sizeof c->path, "%s", path);
    c->text = read_all(path, err);
    if (!c->text)
        return SIM_EINPUT;
    c->next = c->text;
    char *s;
    while ((s = take_line(c)) && s[0] == '#')
        ;
    int colpos[SIM_CSV_MAX_FIELDS];
    if (!s || !*s) {
        sim_csv_release(c);
        sim_err_locate(err, path, c->line, 1, NULL);
        return SIM_RAISE(err, SIM_EINPUT, "no header row (expected a line of column names)");
    }
    c->n_cols = split(s, c->cols, colpos, SIM_CSV_MAX_FIELDS);
    if (c->n_cols > SIM_CSV_MAX_FIELDS) {
        sim_csv_release(c);
        sim_err_locate(err, path, c->line, 1, NULL);
        return SIM_RAISE(err, SIM_EINPUT, "too many columns (expected at most %d)",
                         SIM_CSV_MAX_FIELDS);
    }
    return SIM_OK;
}

void sim_csv_release(sim_csv *c)
{
    free(c->text);
    c->text = NULL;
}

int sim_csv_next(sim_csv *c, sim_err *err)
{
    char *s;
    while ((s = take_line(c)) && !*s)
        ;
    if (!s)
        return 0;
    size_t n = split(s, c->field, c->field_col, SIM_CSV_MAX_FIELDS);
    if (n != c->n_cols) {
        sim_err_locate(err, c->path, c->line, 1, NULL);
        SIM_RAISE(err, SIM_EINPUT, "record has %zu fields (expected %zu, as in the header)", n,
                  c->n_cols);
        return -SIM_EINPUT;
    }
    return 1;
}

int sim_csv_column(const sim_csv *c, const char *name, sim_err *err)
{
    for (size_t i = 0; i < c->n_cols; i++)
        if (strcmp(c->cols[i], name) == 0)
            return (int)i;
    sim_err_locate(err, c->path, 0, 0, name);
    SIM_RAISE(err, SIM_EINPUT, "missing column (expected a header with a column '%s')", name);
    return -1;
}

const char *sim_csv_text(const sim_csv *c, int col)
{
    return c->field[col];
}

int sim_csv_double(const sim_csv *c, int col, double min, double max, double *out, sim_errs *errs)
{
    const char *s = c->field[col];
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (*s && !*end && errno == 0 && isfinite(x) && x >= min && x <= max) {
        *out = x;
        return SIM_OK;
    }
    return SIM_ERRS_RAISE(errs, SIM_EINPUT, c->path, c->line, c->field_col[col], c->cols[col],
                          "'%s' is not allowed (expected a number from %g to %g)", s, min, max);
}
