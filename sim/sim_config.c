/* Scenario files: YAML (libyaml document API) -> parameter tables.
 *
 * A file is read whole and checked before libyaml sees it (sim_yaml.h: at
 * most 1 MiB, nesting at most 64 deep; here also no NUL bytes), parsed into a
 * libyaml document (a key given twice in a mapping is an error, and only its
 * first occurrence is used), its base (if any) is loaded first,
 * then its mapping is walked in file order. Every error is appended to the caller's list and the
 * walk goes on, so one run reports everything; only a file that is not valid YAML (or not text)
 * stops the load, keeping the errors found before it.
 *
 * Decisions a scenario author can see:
 * - Numbers follow YAML 1.2 decimal syntax (5, -2, 0.5, 1e-3). NaN, infinity,
 *   hex and 1_000 are rejected. A whole-number field accepts 2.0 or 1e3 but
 *   not 2.5. A quoted number ("5") is text in YAML, so it is rejected for
 *   numbers and true/false; text, choice and path fields accept any scalar.
 * - true/false are the only booleans (YAML 1.2), not yes/no/on/off.
 * - An empty value (`months:`), ~ or null is an error, never "use the default".
 * - name and description come from the file given only: a derived file that
 *   does not set them gets its own file name and no description. */
#define _XOPEN_SOURCE 700 /* realpath; must come before any system header */
#include "sim_config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "sim_paths.h"
#include "sim_yaml.h"

#define CFG_MAX_DEPTH 16  /* longest chain of bases, the file itself included */
#define CFG_SHOW_MAX  40  /* longest value quoted back in a message */
#define CFG_LIST_MAX  512 /* "one of: ..." lists in messages */

typedef struct cfg_buf {
    char *s;
    size_t n, cap;
} cfg_buf;

/* One file being loaded: its bytes and its parsed document. */
typedef struct cfg_file {
    const char *path; /* as opened, e.g. "bases/b.yaml" */
    char dir[SIM_ERR_PATH];
    char *bytes;
    size_t len;
    yaml_document_t doc;
    int has_doc;
    unsigned char *is_dup; /* per node: a key given twice (sim_yaml_check_keys) */
    sim_errs errs;         /* errors about this file, see file_emit */
} cfg_file;

typedef struct cfg_ctx {
    const sim_config_binding *b;
    size_t n_b;
    unsigned char *is_set; /* per row of every binding in order: set by a file */
    sim_errs *errs;
    sim_scenario *sc;
    int status;
    int is_stopped; /* a file could not be parsed: read no further */
    int depth;
    char chain[CFG_MAX_DEPTH][SIM_ERR_PATH]; /* files being loaded, as opened */
    char real[CFG_MAX_DEPTH][PATH_MAX];      /* the same, as real paths */
    char root_dir[SIM_ERR_PATH];             /* directory of the root base */
    int has_root;
    cfg_buf text;
} cfg_ctx;

static const char *const reserved_keys[] = {"base", "name", "description"};
#define N_RESERVED (sizeof reserved_keys / sizeof reserved_keys[0])

/* ---- small helpers ------------------------------------------------------ */

static int buf_add(cfg_buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p)
            return SIM_ENOMEM;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
    return SIM_OK;
}

/* Copy src into dst; 0 when it fits, -1 when it had to be cut. */
static int copy_fit(char *dst, size_t cap, const char *src)
{
    int n = snprintf(dst, cap, "%s", src);
    return n >= 0 && (size_t)n < cap ? 0 : -1;
}

static void dir_of(const char *path, char *dir, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, cap, ".");
    else if (slash == path)
        snprintf(dir, cap, "/");
    else
        snprintf(dir, cap, "%.*s", (int)(slash - path), path);
}

/* dir + "/" + rel, or rel itself when absolute or dir is "." (keeps paths
 * readable). 0 when it fits in cap. */
static int join_path(char *out, size_t cap, const char *dir, const char *rel)
{
    int n;
    if (rel[0] == '/' || !dir || strcmp(dir, ".") == 0)
        n = snprintf(out, cap, "%s", rel);
    else
        n = snprintf(out, cap, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", rel);
    return n >= 0 && (size_t)n < cap ? 0 : -1;
}

/* ---- the tables: rows, groups, keys at one level ------------------------- */

typedef struct cfg_row {
    const sim_param_desc *d;
    void *vals;
    size_t index; /* over the rows of every binding, in order */
} cfg_row;

static int find_row(const sim_config_binding *b, size_t n_b, const char *path, cfg_row *out)
{
    size_t index = 0;
    for (size_t i = 0; i < n_b; i++) {
        const sim_param_desc *d = sim_param_find(b[i].table, path);
        if (d) {
            *out = (cfg_row){d, b[i].vals, index + (size_t)(d - b[i].table->rows)};
            return 1;
        }
        index += b[i].table->n_rows;
    }
    return 0;
}

static int is_group(const sim_config_binding *b, size_t n_b, const char *path)
{
    for (size_t i = 0; i < n_b; i++)
        if (sim_param_is_group(b[i].table, path))
            return 1;
    return 0;
}

static size_t n_rows_all(const sim_config_binding *b, size_t n_b);
static const char *row_path(const sim_config_binding *b, size_t n_b, size_t index);

/* Is path a group of groups only (every row under it at least two levels
 * down), so that it may be written as a list of typed items? */
static int is_typed_group(const sim_config_binding *b, size_t n_b, const char *path)
{
    size_t n = n_rows_all(b, n_b), pl = strlen(path), under = 0;
    for (size_t i = 0; i < n; i++) {
        const char *r = row_path(b, n_b, i);
        if (strncmp(r, path, pl) != 0 || r[pl] != '.')
            continue;
        under++;
        if (!strchr(r + pl + 1, '.'))
            return 0;
    }
    return under > 0;
}

static size_t n_rows_all(const sim_config_binding *b, size_t n_b)
{
    size_t n = 0;
    for (size_t i = 0; i < n_b; i++)
        n += b[i].table->n_rows;
    return n;
}

static const char *row_path(const sim_config_binding *b, size_t n_b, size_t index)
{
    for (size_t i = 0; i < n_b; i++) {
        if (index < b[i].table->n_rows)
            return b[i].table->rows[index].path;
        index -= b[i].table->n_rows;
    }
    return NULL;
}

/* The key under prefix ("" = top level) that path leads to: its start and
 * length, or 0 when path is not under prefix. */
static size_t child_key(const char *path, const char *prefix, const char **key)
{
    size_t pl = strlen(prefix);
    if (pl > 0 && (strncmp(path, prefix, pl) != 0 || path[pl] != '.'))
        return 0;
    *key = path + (pl ? pl + 1 : 0);
    const char *dot = strchr(*key, '.');
    return dot ? (size_t)(dot - *key) : strlen(*key);
}

/* Call fn on each distinct key allowed under prefix, in table order. */
static void each_child(const sim_config_binding *b, size_t n_b, const char *prefix,
                       void (*fn)(const char *key, size_t len, void *arg), void *arg)
{
    size_t n = n_rows_all(b, n_b);
    for (size_t i = 0; i < n; i++) {
        const char *key, *seen;
        size_t len = child_key(row_path(b, n_b, i), prefix, &key);
        int is_new = len > 0;
        for (size_t j = 0; j < i && is_new; j++)
            is_new = !(child_key(row_path(b, n_b, j), prefix, &seen) == len &&
                       strncmp(seen, key, len) == 0);
        if (is_new)
            fn(key, len, arg);
    }
}

static void list_add(const char *key, size_t len, void *arg)
{
    char *list = arg;
    size_t used = strlen(list);
    snprintf(list + used, CFG_LIST_MAX - used, "%s%.*s", used ? ", " : "", (int)len, key);
}

/* "months, seed, ..." : the keys allowed under prefix (reserved ones first at
 * the top level of a file). */
static void allowed_keys(const sim_config_binding *b, size_t n_b, const char *prefix,
                         int with_reserved, char *list)
{
    list[0] = '\0';
    for (size_t i = 0; with_reserved && !prefix[0] && i < N_RESERVED; i++)
        list_add(reserved_keys[i], strlen(reserved_keys[i]), list);
    each_child(b, n_b, prefix, list_add, list);
}

/* ---- did you mean ---------------------------------------------------------- */

/* Damerau-Levenshtein distance (optimal string alignment); long keys count as
 * far from everything. */
static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    size_t rows[3][SIM_ERR_KEY + 1];
    if (na >= SIM_ERR_KEY || nb >= SIM_ERR_KEY)
        return SIZE_MAX / 2;
    size_t *pp = rows[0], *p = rows[1], *q = rows[2];
    for (size_t j = 0; j <= nb; j++)
        p[j] = j;
    for (size_t i = 1; i <= na; i++) {
        q[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t best = p[j - 1] + cost;
            if (p[j] + 1 < best)
                best = p[j] + 1;
            if (q[j - 1] + 1 < best)
                best = q[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                pp[j - 2] + 1 < best)
                best = pp[j - 2] + 1;
            q[j] = best;
        }
        size_t *t = pp;
        pp = p, p = q, q = t;
    }
    return p[nb];
}

typedef struct cfg_guess {
    const char *typed;  /* the full dotted path written */
    const char *leaf;   /* its last key */
    const char *prefix; /* the group it was written in ("" = top) */
    char best[SIM_ERR_KEY];
    size_t dist;
} cfg_guess;

/* Note suggestion when typed is close to cand: within 2 edits, or a third of
 * the length of the key written at its level (not of the whole path, whose
 * shared prefix would make anything look close), and not entirely different.
 * penalty ranks weaker kinds of match. */
static void consider(cfg_guess *g, const char *typed, const char *cand, size_t cand_len,
                     size_t penalty, const char *suggestion)
{
    size_t n = strlen(g->leaf);
    size_t d = edit_distance(typed, strlen(typed), cand, cand_len);
    if (d >= n || (d > 2 && 3 * d > n) || d + penalty >= g->dist)
        return;
    g->dist = d + penalty;
    snprintf(g->best, sizeof g->best, "%s", suggestion);
}

static void guess_level(const char *key, size_t len, void *arg)
{
    cfg_guess *g = arg;
    char full[SIM_ERR_KEY];
    snprintf(full, sizeof full, "%s%s%.*s", g->prefix, g->prefix[0] ? "." : "", (int)len, key);
    consider(g, g->leaf, key, len, 0, full);
}

/* Compare with one row: its full path, each group on its path, and its leaf
 * (a key written in the wrong group, at most one edit away, ranks after a
 * plain typo). */
static void guess_row(cfg_guess *g, const char *path)
{
    for (const char *dot = strchr(path, '.'); dot; dot = strchr(dot + 1, '.')) {
        char group[SIM_ERR_KEY];
        snprintf(group, sizeof group, "%.*s", (int)(dot - path), path);
        consider(g, g->typed, path, (size_t)(dot - path), 0, group);
    }
    consider(g, g->typed, path, strlen(path), 0, path);
    const char *leaf = strrchr(path, '.');
    leaf = leaf ? leaf + 1 : path;
    if (edit_distance(g->leaf, strlen(g->leaf), leaf, strlen(leaf)) <= 1)
        consider(g, g->leaf, leaf, strlen(leaf), 1, path);
}

/* Best suggestion for the unknown key typed (written under prefix), or 0. */
static int did_you_mean(const sim_config_binding *b, size_t n_b, const char *typed,
                        const char *prefix, int with_reserved, char *out, size_t cap)
{
    const char *leaf = typed + (prefix[0] ? strlen(prefix) + 1 : 0);
    cfg_guess g = {typed, leaf, prefix, "", SIZE_MAX};
    for (size_t i = 0; with_reserved && !prefix[0] && i < N_RESERVED; i++)
        consider(&g, leaf, reserved_keys[i], strlen(reserved_keys[i]), 0, reserved_keys[i]);
    each_child(b, n_b, prefix, guess_level, &g);
    size_t n = n_rows_all(b, n_b);
    for (size_t i = 0; i < n; i++)
        guess_row(&g, row_path(b, n_b, i));
    if (g.dist == SIZE_MAX)
        return 0;
    snprintf(out, cap, "%s", g.best);
    return 1;
}

/* "unknown key (did you mean x?)" or "unknown key (expected one of: ...)". */
static void raise_unknown(const sim_config_binding *b, size_t n_b, const char *typed,
                          const char *prefix, int with_reserved, sim_err *e)
{
    char guess[SIM_ERR_KEY], list[CFG_LIST_MAX];
    if (did_you_mean(b, n_b, typed, prefix, with_reserved, guess, sizeof guess)) {
        SIM_RAISE(e, SIM_EINPUT, "unknown key (did you mean %s?)", guess);
        return;
    }
    allowed_keys(b, n_b, prefix, with_reserved, list);
    SIM_RAISE(e, SIM_EINPUT, "unknown key (expected one of: %s)", list);
}

/* ---- values ---------------------------------------------------------------- */

/* A scalar as written: its text and whether it was quoted. */
typedef struct cfg_scalar {
    const char *s;
    size_t len;
    int is_quoted;
} cfg_scalar;

static int is_null_text(const cfg_scalar *v)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};
    for (size_t i = 0; !v->is_quoted && i < sizeof nulls / sizeof nulls[0]; i++)
        if (strcmp(v->s, nulls[i]) == 0)
            return 1;
    return 0;
}

/* Is s a YAML spelling of NaN or infinity (.nan, -.inf, inf, Infinity)? */
static int is_nonfinite_text(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    if (*s == '.')
        s++;
    return strncmp(s, "nan", 3) == 0 || strncmp(s, "NaN", 3) == 0 || strncmp(s, "NAN", 3) == 0 ||
           strncmp(s, "inf", 3) == 0 || strncmp(s, "Inf", 3) == 0 || strncmp(s, "INF", 3) == 0;
}

/* Parse YAML 1.2 decimal number text into *x. Returns 0, or -1 when it is
 * not a number. Overflow gives an infinite *x (reported as out of range). */
static int parse_number(const char *s, double *x)
{
    if (!s[0] || strspn(s, "0123456789+-.eE") != strlen(s) || !strpbrk(s, "0123456789"))
        return -1;
    char *end;
    errno = 0;
    *x = strtod(s, &end);
    return *end == '\0' ? 0 : -1;
}

/* The value as quoted back in a message: numbers bare, text in quotes, long
 * text cut. */
static void show(const cfg_scalar *v, char *buf, size_t cap)
{
    double x;
    int cut = v->len > CFG_SHOW_MAX;
    if (!v->is_quoted && parse_number(v->s, &x) == 0 && !cut)
        snprintf(buf, cap, "%s", v->s);
    else
        snprintf(buf, cap, "'%.*s%s'", CFG_SHOW_MAX, v->s, cut ? "..." : "");
}

/* Check number text against row d; on success *x holds the value. */
static int check_number(const sim_param_desc *d, const cfg_scalar *v, double *x, sim_err *e)
{
    char got[CFG_SHOW_MAX + 8], allowed[256];
    int is_int = d->type == SIM_PT_INT;
    show(v, got, sizeof got);
    sim_param_allowed(d, allowed, sizeof allowed);
    if (v->is_quoted)
        return SIM_RAISE(e, SIM_EINPUT, "\"%.*s\" is text in quotes (expected %s, without quotes)",
                         CFG_SHOW_MAX, v->s, allowed);
    if (is_nonfinite_text(v->s))
        return SIM_RAISE(e, SIM_EINPUT, "%s is not a finite number (expected %s)", got, allowed);
    if (parse_number(v->s, x) != 0)
        return SIM_RAISE(e, SIM_EINPUT, "%s is not a %s (expected %s)", got,
                         is_int ? "whole number" : "number", allowed);
    if (is_int && isfinite(*x) && *x != floor(*x))
        return SIM_RAISE(e, SIM_EINPUT, "%s is not a whole number (expected %s)", got, allowed);
    if (!(*x >= d->min && *x <= d->max)) /* also catches overflow to infinity */
        return SIM_RAISE(e, SIM_EINPUT, "%s is out of range (expected %s)", got, allowed);
    return SIM_OK;
}

static int set_number(const sim_param_desc *d, const cfg_scalar *v, void *vals, sim_err *e)
{
    double x;
    if (check_number(d, v, &x, e) != SIM_OK)
        return SIM_EINPUT;
    if (d->type == SIM_PT_INT)
        *sim_param_int(d, vals) = (int64_t)x; /* whole and inside the table's range */
    else
        *sim_param_double(d, vals) = x;
    return SIM_OK;
}

static int set_bool(const sim_param_desc *d, const cfg_scalar *v, void *vals, sim_err *e)
{
    char got[CFG_SHOW_MAX + 8];
    show(v, got, sizeof got);
    if (v->is_quoted)
        return SIM_RAISE(e, SIM_EINPUT,
                         "\"%.*s\" is text in quotes (expected true or false, without quotes)",
                         CFG_SHOW_MAX, v->s);
    if (strcmp(v->s, "true") != 0 && strcmp(v->s, "false") != 0)
        return SIM_RAISE(e, SIM_EINPUT, "%s is not a boolean (expected true or false)", got);
    *sim_param_flag(d, vals) = v->s[0] == 't';
    return SIM_OK;
}

static int set_enum(const sim_param_desc *d, const cfg_scalar *v, void *vals, sim_err *e)
{
    char got[CFG_SHOW_MAX + 8], allowed[CFG_LIST_MAX];
    int i = strlen(v->s) == v->len ? sim_param_enum_index(d, v->s) : -1;
    if (i < 0) {
        show(v, got, sizeof got);
        sim_param_allowed(d, allowed, sizeof allowed);
        return SIM_RAISE(e, SIM_EINPUT, "%s is not a valid choice (expected %s)", got, allowed);
    }
    *sim_param_flag(d, vals) = i;
    return SIM_OK;
}

/* Text and paths; a relative path is resolved against dir (NULL: as given). */
static int set_text(const sim_param_desc *d, const cfg_scalar *v, const char *dir, void *vals,
                    sim_err *e)
{
    char allowed[256], out[SIM_PARAM_STR_MAX];
    int is_path = d->type == SIM_PT_PATH;
    sim_param_allowed(d, allowed, sizeof allowed);
    if (strlen(v->s) != v->len)
        return SIM_RAISE(e, SIM_EINPUT, "text contains a NUL character (expected %s)", allowed);
    if (is_path && v->len == 0)
        return SIM_RAISE(e, SIM_EINPUT, "'' is an empty path (expected %s)", allowed);
    if (is_path ? join_path(out, sizeof out, dir, v->s) : copy_fit(out, sizeof out, v->s))
        return SIM_RAISE(e, SIM_EINPUT, "%s of %zu characters is too long (expected %s)",
                         is_path ? "a path" : "text", v->len, allowed);
    memcpy(sim_param_str(d, vals), out, sizeof out);
    return SIM_OK;
}

/* Parse scalar v as the value of row d and store it; vals is untouched on
 * error. A null value is the caller's business. */
static int set_scalar(const sim_param_desc *d, const cfg_scalar *v, const char *dir, void *vals,
                      sim_err *e)
{
    switch (d->type) {
    case SIM_PT_DOUBLE:
    case SIM_PT_INT:
        return set_number(d, v, vals, e);
    case SIM_PT_BOOL:
        return set_bool(d, v, vals, e);
    case SIM_PT_ENUM:
        return set_enum(d, v, vals, e);
    case SIM_PT_STRING:
    case SIM_PT_PATH:
        return set_text(d, v, dir, vals, e);
    }
    return SIM_RAISE(e, SIM_ERUN, "parameter of unknown type %d", (int)d->type);
}

/* ---- errors about a file ------------------------------------------------------ */

/* Errors about a file go to its own list, sorted by position and appended
 * to the caller's list when the file is done: so they come after the errors
 * of its bases, and in file order. */
static void file_emit(cfg_ctx *c, cfg_file *f, sim_err *e, int line, int col, const char *key)
{
    sim_err_locate(e, f->path, line, col, key);
    int code = sim_errs_add(&f->errs, e);
    if (c->status == SIM_OK || c->status == SIM_EINPUT)
        c->status = code;
}

static void emit_at(cfg_ctx *c, cfg_file *f, sim_err *e, yaml_mark_t m, const char *key)
{
    file_emit(c, f, e, (int)m.line + 1, (int)m.column + 1, key);
}

/* An error with no place in any file (the root file unreadable, no memory). */
static void emit_loose(cfg_ctx *c, sim_err *e, const char *file, const char *key)
{
    sim_err_locate(e, file, 0, 0, key);
    int code = sim_errs_add(c->errs, e);
    if (c->status == SIM_OK || c->status == SIM_EINPUT)
        c->status = code;
}

static int is_before(const sim_err *a, const sim_err *b)
{
    return a->line < b->line || (a->line == b->line && a->col < b->col);
}

static void flush_errors(cfg_ctx *c, cfg_file *f)
{
    sim_err *v = f->errs.v;
    for (size_t i = 1; i < f->errs.n; i++) /* stable insertion sort: lists are short */
        for (size_t j = i; j > 0 && is_before(&v[j], &v[j - 1]); j--) {
            sim_err t = v[j];
            v[j] = v[j - 1], v[j - 1] = t;
        }
    for (size_t i = 0; i < f->errs.n; i++)
        if (sim_errs_add(c->errs, &v[i]) == SIM_ENOMEM)
            c->status = SIM_ENOMEM;
    sim_errs_release(&f->errs);
}

/* 1-based line and column (in characters) of byte offset off. */
static void offset_pos(const cfg_file *f, size_t off, int *line, int *col)
{
    *line = 1, *col = 1;
    for (size_t i = 0; i < off && i < f->len; i++) {
        unsigned char ch = (unsigned char)f->bytes[i];
        if (ch == '\n')
            ++*line, *col = 1;
        else if ((ch & 0xC0) != 0x80)
            ++*col;
    }
}

/* The base key at from:at (or, for the root file, no place) names a file
 * that cannot be used. */
static void emit_from(cfg_ctx *c, cfg_file *from, yaml_mark_t at, sim_err *e)
{
    if (from)
        emit_at(c, from, e, at, "base");
    else
        emit_loose(c, e, NULL, NULL);
}

/* ---- reading and parsing one file ---------------------------------------------- */

/* A scenario is text: no NUL bytes (libyaml checks UTF-8 itself), and
 * brackets nested no deeper than libyaml handles quickly. */
static int check_text(cfg_ctx *c, cfg_file *f)
{
    const char *nul = memchr(f->bytes, '\0', f->len);
    int line, col;
    sim_err e;
    sim_err_clear(&e);
    if (nul) {
        offset_pos(f, (size_t)(nul - f->bytes), &line, &col);
        SIM_RAISE(&e, SIM_EINPUT, "not a text file: contains a NUL byte (expected UTF-8 text)");
    } else if (sim_yaml_check_flow(f->bytes, f->len, &e) == SIM_OK) {
        return SIM_OK;
    } else {
        line = e.line, col = e.col;
    }
    file_emit(c, f, &e, line, col, NULL);
    c->is_stopped = 1;
    return SIM_EINPUT;
}

static int read_file(cfg_ctx *c, cfg_file *f, cfg_file *from, yaml_mark_t at)
{
    sim_err e;
    sim_err_clear(&e);
    if (sim_paths_check_input(f->path, &e)) { /* a FIFO would block fopen */
        if (from)
            emit_from(c, from, at, &e);
        else
            emit_loose(c, &e, f->path, NULL);
        return SIM_EINPUT;
    }
    errno = 0;
    FILE *fp = fopen(f->path, "rb");
    int rc = fp ? sim_yaml_read(fp, "scenario file", &f->bytes, &f->len, &e) : SIM_ERUN;
    int why = errno;
    if (fp)
        fclose(fp);
    if (rc == SIM_OK)
        return check_text(c, f);
    if (rc == SIM_ERUN) {
        SIM_RAISE(&e, SIM_EINPUT, "cannot %s '%s': %s", fp ? "read" : "open", f->path,
                  strerror(why));
        emit_from(c, from, at, &e);
        return SIM_EINPUT;
    }
    emit_loose(c, &e, f->path, NULL);
    c->is_stopped = 1;
    return e.code;
}

/* Is there a tab in the indentation of the line holding byte index? */
static int is_tab_indented(const cfg_file *f, size_t index)
{
    size_t start = index < f->len ? index : f->len;
    while (start > 0 && f->bytes[start - 1] != '\n')
        start--;
    for (size_t i = start; i < f->len && (f->bytes[i] == ' ' || f->bytes[i] == '\t'); i++)
        if (f->bytes[i] == '\t')
            return 1;
    return 0;
}

static void raise_syntax(cfg_ctx *c, cfg_file *f, const yaml_parser_t *p)
{
    sim_err e;
    sim_err_clear(&e);
    yaml_mark_t m = p->problem_mark, cm = p->context_mark;
    int line = (int)m.line + 1, col = (int)m.column + 1;
    if (p->error == YAML_MEMORY_ERROR) {
        SIM_RAISE(&e, SIM_ENOMEM, "out of memory parsing YAML");
    } else if (p->error == YAML_READER_ERROR) {
        offset_pos(f, p->problem_offset, &line, &col);
        SIM_RAISE(&e, SIM_EINPUT, "not UTF-8 text: %s (expected a file saved as UTF-8)",
                  p->problem);
    } else if (is_tab_indented(f, m.index)) {
        SIM_RAISE(&e, SIM_EINPUT, "invalid YAML: %s (expected spaces, not tabs, for indentation)",
                  p->problem);
    } else if (p->context && (cm.line != m.line || cm.column != m.column)) {
        SIM_RAISE(&e, SIM_EINPUT, "invalid YAML: %s (%s at line %d, column %d)", p->problem,
                  p->context, (int)cm.line + 1, (int)cm.column + 1);
    } else {
        SIM_RAISE(&e, SIM_EINPUT, "invalid YAML: %s", p->problem ? p->problem : "unknown error");
    }
    file_emit(c, f, &e, line, col, NULL);
    c->is_stopped = 1;
}

/* One document per file; anything after it is an error. */
static void check_stream_end(cfg_ctx *c, cfg_file *f, yaml_parser_t *p)
{
    yaml_document_t next;
    if (!yaml_parser_load(p, &next)) {
        raise_syntax(c, f, p);
        return;
    }
    if (yaml_document_get_root_node(&next)) {
        sim_err e;
        sim_err_clear(&e);
        SIM_RAISE(&e, SIM_EINPUT, "a second YAML document (expected one document per file)");
        emit_at(c, f, &e, next.start_mark, NULL);
    }
    yaml_document_delete(&next);
}

static int parse_file(cfg_ctx *c, cfg_file *f)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        sim_err e;
        sim_err_clear(&e);
        SIM_RAISE(&e, SIM_ENOMEM, "out of memory starting the YAML parser");
        emit_loose(c, &e, f->path, NULL);
        return SIM_ENOMEM;
    }
    yaml_parser_set_input_string(&p, (const unsigned char *)f->bytes, f->len);
    if (yaml_parser_load(&p, &f->doc)) {
        f->has_doc = 1;
        if (yaml_document_get_root_node(&f->doc))
            check_stream_end(c, f, &p);
    } else {
        raise_syntax(c, f, &p);
    }
    yaml_parser_delete(&p);
    if (f->has_doc && !c->is_stopped && sim_yaml_check_keys(&f->doc, f->path, &f->errs, &f->is_dup))
        c->status = c->status == SIM_OK ? SIM_EINPUT : c->status;
    return c->is_stopped ? SIM_EINPUT : SIM_OK;
}

/* Collections nested too deep (from parser events) stop the load before the
 * document is built. */
static int check_nesting(cfg_ctx *c, cfg_file *f)
{
    sim_err e;
    sim_err_clear(&e);
    if (sim_yaml_check_nesting(f->bytes, f->len, &e) == SIM_OK)
        return SIM_OK;
    file_emit(c, f, &e, e.line, e.col, NULL);
    c->is_stopped = 1;
    return e.code;
}

/* ---- walking the document ------------------------------------------------------- */

static yaml_node_t *node_of(cfg_file *f, int id)
{
    return yaml_document_get_node(&f->doc, id);
}

static cfg_scalar scalar_of(const yaml_node_t *n)
{
    return (cfg_scalar){(const char *)n->data.scalar.value, n->data.scalar.length,
                        n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE};
}

static int is_null_node(const yaml_node_t *n)
{
    cfg_scalar v;
    if (n->type != YAML_SCALAR_NODE)
        return 0;
    v = scalar_of(n);
    return is_null_text(&v);
}

static const char *kind_of(const yaml_node_t *n)
{
    return n->type == YAML_SEQUENCE_NODE ? "a list" : "a mapping";
}

/* Is v a single non-null value? If not, say so: at the key k for a missing
 * value, at v for a list or mapping. */
static int check_single(cfg_ctx *c, cfg_file *f, const yaml_node_t *k, const yaml_node_t *v,
                        const char *key, const char *allowed)
{
    sim_err e;
    sim_err_clear(&e);
    if (v->type == YAML_SCALAR_NODE && !is_null_node(v))
        return 1;
    if (v->type == YAML_SCALAR_NODE) {
        SIM_RAISE(&e, SIM_EINPUT, "no value (expected %s)", allowed);
        emit_at(c, f, &e, k->start_mark, key);
    } else {
        SIM_RAISE(&e, SIM_EINPUT, "got %s, not a single value (expected %s)", kind_of(v), allowed);
        emit_at(c, f, &e, v->start_mark, key);
    }
    return 0;
}

/* Is v a mapping, as the group key (or the top level, k NULL) needs? */
static int check_group(cfg_ctx *c, cfg_file *f, const yaml_node_t *k, const yaml_node_t *v,
                       const char *key)
{
    char list[CFG_LIST_MAX], got[CFG_SHOW_MAX + 8];
    sim_err e;
    sim_err_clear(&e);
    if (v->type == YAML_MAPPING_NODE)
        return 1;
    allowed_keys(c->b, c->n_b, key, 1, list);
    if (k && is_null_node(v)) {
        SIM_RAISE(&e, SIM_EINPUT, "no value (expected a mapping with keys from: %s)", list);
        emit_at(c, f, &e, k->start_mark, key);
        return 0;
    }
    if (v->type == YAML_SCALAR_NODE) {
        cfg_scalar s = scalar_of(v);
        show(&s, got, sizeof got);
    }
    SIM_RAISE(&e, SIM_EINPUT,
              "got %s, not a mapping of keys (expected a mapping with keys from: %s)",
              v->type == YAML_SCALAR_NODE ? got : kind_of(v), list);
    emit_at(c, f, &e, v->start_mark, key);
    return 0;
}

/* A text row given a list of single values: the values joined by commas (the
 * row's own check then applies to the joined text). Returns 0 when an item
 * is not a single value (error emitted). */
static int join_list(cfg_ctx *c, cfg_file *f, const yaml_node_t *v, const char *key, char *out,
                     size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
         it++) {
        yaml_node_t *item = node_of(f, *it);
        if (!check_single(c, f, item, item, key, "a list of single values"))
            return 0;
        used += (size_t)snprintf(out + used, used < cap ? cap - used : 0, "%s%s", used ? "," : "",
                                 (const char *)item->data.scalar.value);
    }
    return 1;
}

/* Remember where key was set (a later file replaces an earlier place). */
static void note_pos(cfg_ctx *c, const cfg_file *f, yaml_mark_t m, const char *key)
{
    sim_scenario *sc = c->sc;
    size_t i = 0;
    while (i < sc->n_pos && strcmp(sc->pos[i].key, key) != 0)
        i++;
    if (i == sc->n_pos) {
        if (sc->n_pos == sc->cap_pos) {
            size_t cap = sc->cap_pos ? 2 * sc->cap_pos : 16;
            sim_key_pos *v = realloc(sc->pos, cap * sizeof *v);
            if (!v)
                return; /* positions are a courtesy for later messages */
            sc->pos = v;
            sc->cap_pos = cap;
        }
        sc->n_pos++;
    }
    sim_key_pos *p = &sc->pos[i];
    snprintf(p->key, sizeof p->key, "%s", key);
    snprintf(p->file, sizeof p->file, "%s", f->path);
    p->line = (int)m.line + 1;
    p->col = (int)m.column + 1;
}

int sim_scenario_locate(const sim_scenario *sc, const char *key, sim_err *e)
{
    for (size_t i = 0; i < sc->n_pos; i++)
        if (strcmp(sc->pos[i].key, key) == 0) {
            sim_err_locate(e, sc->pos[i].file, sc->pos[i].line, sc->pos[i].col, key);
            return 1;
        }
    return 0;
}

static void apply_param(cfg_ctx *c, cfg_file *f, const yaml_node_t *k, const yaml_node_t *v,
                        const char *key, const cfg_row *row)
{
    char allowed[CFG_LIST_MAX];
    sim_err e;
    sim_err_clear(&e);
    if (row->d->type == SIM_PT_STRING && v->type == YAML_SEQUENCE_NODE) {
        char joined[SIM_PARAM_STR_MAX + 1];
        if (!join_list(c, f, v, key, joined, sizeof joined))
            return;
        cfg_scalar js = {joined, strlen(joined), 0};
        if (set_scalar(row->d, &js, f->dir, row->vals, &e) != SIM_OK) {
            emit_at(c, f, &e, v->start_mark, key);
            return;
        }
        c->is_set[row->index] = 1;
        note_pos(c, f, v->start_mark, key);
        return;
    }
    sim_param_allowed(row->d, allowed, sizeof allowed);
    if (!check_single(c, f, k, v, key, allowed))
        return;
    cfg_scalar s = scalar_of(v);
    if (set_scalar(row->d, &s, f->dir, row->vals, &e) != SIM_OK) {
        emit_at(c, f, &e, v->start_mark, key);
        return;
    }
    c->is_set[row->index] = 1;
    note_pos(c, f, v->start_mark, key);
}

/* name or description: text of min_len to cap-1 characters, kept in dst (NULL
 * in a base file: a scenario's name and description are not inherited). */
static void apply_text(cfg_ctx *c, cfg_file *f, const yaml_node_t *k, const yaml_node_t *v,
                       const char *key, char *dst, size_t cap, size_t min_len)
{
    char allowed[64];
    sim_err e;
    sim_err_clear(&e);
    if (min_len)
        snprintf(allowed, sizeof allowed, "text of 1 to %zu characters", cap - 1);
    else
        snprintf(allowed, sizeof allowed, "text of at most %zu characters", cap - 1);
    if (!check_single(c, f, k, v, key, allowed))
        return;
    cfg_scalar s = scalar_of(v);
    if (s.len < min_len || s.len >= cap || strlen(s.s) != s.len) {
        SIM_RAISE(&e, SIM_EINPUT, "text of %zu characters (expected %s)", s.len, allowed);
        emit_at(c, f, &e, v->start_mark, key);
        return;
    }
    if (dst)
        memcpy(dst, s.s, s.len + 1);
}

static void walk_map(cfg_ctx *c, cfg_file *f, yaml_node_t *map, const char *prefix);
static void walk_entry(cfg_ctx *c, cfg_file *f, yaml_node_t *k, yaml_node_t *v, const char *key,
                       const char *prefix);
static int check_key(cfg_ctx *c, cfg_file *f, const yaml_node_pair_t *p, const char *prefix,
                     char *path);

/* The `type` pair of a list item, or NULL (with an error at the item). */
static yaml_node_pair_t *type_pair(cfg_ctx *c, cfg_file *f, yaml_node_t *item, const char *group)
{
    char list[CFG_LIST_MAX], key[SIM_ERR_KEY];
    sim_err e;
    sim_err_clear(&e);
    allowed_keys(c->b, c->n_b, group, 0, list);
    snprintf(key, sizeof key, "%s.type", group);
    if (item->type == YAML_MAPPING_NODE)
        for (yaml_node_pair_t *p = item->data.mapping.pairs.start; p < item->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = node_of(f, p->key);
            if (k->type == YAML_SCALAR_NODE &&
                strcmp((const char *)k->data.scalar.value, "type") == 0)
                return p;
        }
    SIM_RAISE(&e, SIM_EINPUT, "%s (expected a mapping with a key type: one of %s)",
              item->type == YAML_MAPPING_NODE ? "no type" : "not a mapping", list);
    emit_at(c, f, &e, item->start_mark, key);
    return NULL;
}

/* Is `type` one of the group's subgroups, and the first item of that type in
 * this list? Its dotted path goes to path. */
static int check_type(cfg_ctx *c, cfg_file *f, const yaml_node_t *v, const char *group, char *path,
                      char (*seen)[SIM_ERR_KEY], size_t n_seen)
{
    char list[CFG_LIST_MAX], key[SIM_ERR_KEY];
    sim_err e;
    sim_err_clear(&e);
    allowed_keys(c->b, c->n_b, group, 0, list);
    snprintf(key, sizeof key, "%s.type", group);
    if (!check_single(c, f, v, v, key, list))
        return 0;
    snprintf(path, SIM_ERR_KEY, "%s.%s", group, (const char *)v->data.scalar.value);
    if (!is_group(c->b, c->n_b, path))
        SIM_RAISE(&e, SIM_EINPUT, "'%s' is not a type (expected one of: %s)",
                  (const char *)v->data.scalar.value, list);
    for (size_t i = 0; i < n_seen && !e.code; i++)
        if (strcmp(seen[i], path) == 0)
            SIM_RAISE(&e, SIM_EINPUT,
                      "a second item of type '%s' (expected at most one of each type)",
                      (const char *)v->data.scalar.value);
    if (!e.code)
        return 1;
    emit_at(c, f, &e, v->start_mark, key);
    return 0;
}

/* A group given as a list of mappings, each naming one of the group's
 * subgroups in its key `type` ("interventions: [{type: awareness_campaign,
 * coverage: 0.3}]" sets interventions.awareness_campaign.coverage); an item
 * also sets its subgroup's `active` row, when it has one, to true. */
static void walk_typed_list(cfg_ctx *c, cfg_file *f, yaml_node_t *seq, const char *group)
{
    char seen[32][SIM_ERR_KEY];
    size_t n_seen = 0;
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top;
         it++) {
        yaml_node_t *item = node_of(f, *it);
        yaml_node_pair_t *tp = type_pair(c, f, item, group);
        char path[SIM_ERR_KEY], active[SIM_ERR_KEY + 8];
        if (!tp || !check_type(c, f, node_of(f, tp->value), group, path, seen, n_seen))
            continue;
        if (n_seen < sizeof seen / sizeof seen[0])
            snprintf(seen[n_seen++], SIM_ERR_KEY, "%s", path);
        snprintf(active, sizeof active, "%s.active", path);
        cfg_row row;
        if (find_row(c->b, c->n_b, active, &row) && row.d->type == SIM_PT_BOOL) {
            *sim_param_flag(row.d, row.vals) = 1;
            c->is_set[row.index] = 1;
        }
        yaml_node_pair_t *first = item->data.mapping.pairs.start;
        for (yaml_node_pair_t *p = first; p < item->data.mapping.pairs.top; p++) {
            char kpath[SIM_ERR_KEY];
            if (p != tp && check_key(c, f, p, path, kpath))
                walk_entry(c, f, node_of(f, p->key), node_of(f, p->value), kpath, path);
        }
    }
}

static void walk_entry(cfg_ctx *c, cfg_file *f, yaml_node_t *k, yaml_node_t *v, const char *key,
                       const char *prefix)
{
    cfg_row row;
    sim_err e;
    int is_root = c->depth == 1;
    if (!prefix[0] && strcmp(key, "base") == 0)
        return; /* loaded before the walk */
    if (!prefix[0] && strcmp(key, "name") == 0)
        apply_text(c, f, k, v, key, is_root ? c->sc->name : NULL, SIM_SCENARIO_NAME_MAX, 1);
    else if (!prefix[0] && strcmp(key, "description") == 0)
        apply_text(c, f, k, v, key, is_root ? c->sc->description : NULL, SIM_SCENARIO_DESC_MAX, 0);
    else if (find_row(c->b, c->n_b, key, &row))
        apply_param(c, f, k, v, key, &row);
    else if (is_typed_group(c->b, c->n_b, key) && v->type == YAML_SEQUENCE_NODE)
        walk_typed_list(c, f, v, key);
    else if (is_group(c->b, c->n_b, key)) {
        if (check_group(c, f, k, v, key))
            walk_map(c, f, v, key);
    } else {
        sim_err_clear(&e);
        raise_unknown(c->b, c->n_b, key, prefix, 1, &e);
        emit_at(c, f, &e, k->start_mark, key);
    }
}

/* Is the key of pair p usable (text, no dot, not a second occurrence: those
 * were reported by sim_yaml_check_keys)? Its dotted path goes to path. */
static int check_key(cfg_ctx *c, cfg_file *f, const yaml_node_pair_t *p, const char *prefix,
                     char *path)
{
    char list[CFG_LIST_MAX];
    yaml_node_t *k = node_of(f, p->key);
    sim_err e;
    sim_err_clear(&e);
    if (sim_yaml_is_dup(f->is_dup, p->key))
        return 0;
    if (k->type != YAML_SCALAR_NODE || k->data.scalar.length == 0) {
        allowed_keys(c->b, c->n_b, prefix, 1, list);
        SIM_RAISE(&e, SIM_EINPUT, "%s key (expected one of: %s)",
                  k->type == YAML_SCALAR_NODE ? "an empty" : "a list or mapping as a", list);
        emit_at(c, f, &e, k->start_mark, prefix);
        return 0;
    }
    const char *text = (const char *)k->data.scalar.value;
    snprintf(path, SIM_ERR_KEY, "%s%s%s", prefix, prefix[0] ? "." : "", text);
    if (strchr(text, '.'))
        SIM_RAISE(&e, SIM_EINPUT,
                  "a key with a dot (expected one key per level, each group's keys indented "
                  "under it)");
    if (!e.code)
        return 1;
    emit_at(c, f, &e, k->start_mark, path);
    return 0;
}

static void walk_map(cfg_ctx *c, cfg_file *f, yaml_node_t *map, const char *prefix)
{
    yaml_node_pair_t *first = map->data.mapping.pairs.start;
    for (yaml_node_pair_t *p = first; p < map->data.mapping.pairs.top; p++) {
        char path[SIM_ERR_KEY];
        if (check_key(c, f, p, prefix, path))
            walk_entry(c, f, node_of(f, p->key), node_of(f, p->value), path, prefix);
    }
}

/* ---- files and bases ---------------------------------------------------------- */

static void load_file(cfg_ctx *c, const char *path, cfg_file *from, yaml_mark_t at);

static yaml_node_pair_t *find_base(cfg_file *f, yaml_node_t *root)
{
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node_of(f, p->key);
        if (k->type == YAML_SCALAR_NODE && strcmp((const char *)k->data.scalar.value, "base") == 0)
            return p;
    }
    return NULL;
}

static void load_base(cfg_ctx *c, cfg_file *f, const yaml_node_t *k, const yaml_node_t *v)
{
    static const char allowed[] = "a path to a scenario file";
    char path[SIM_ERR_PATH];
    sim_err e;
    sim_err_clear(&e);
    if (!check_single(c, f, k, v, "base", allowed))
        return;
    cfg_scalar s = scalar_of(v);
    if (s.len == 0 || strlen(s.s) != s.len)
        SIM_RAISE(&e, SIM_EINPUT, "'' is an empty path (expected %s)", allowed);
    else if (join_path(path, sizeof path, f->dir, s.s))
        SIM_RAISE(&e, SIM_EINPUT, "a path of %zu characters is too long (expected %s)", s.len,
                  allowed);
    if (e.code) {
        emit_at(c, f, &e, v->start_mark, "base");
        return;
    }
    load_file(c, path, f, v->start_mark);
}

static void append_text(cfg_ctx *c, cfg_file *f)
{
    int need_newline = f->len > 0 && f->bytes[f->len - 1] != '\n';
    if (buf_add(&c->text, "# ==> ", 6) || buf_add(&c->text, f->path, strlen(f->path)) ||
        buf_add(&c->text, " <==\n", 5) || buf_add(&c->text, f->bytes, f->len) ||
        (need_newline && buf_add(&c->text, "\n", 1))) {
        sim_err e;
        sim_err_clear(&e);
        SIM_RAISE(&e, SIM_ENOMEM, "out of memory keeping the scenario text");
        emit_loose(c, &e, f->path, NULL);
    }
}

/* A parsed file: its base first, then its own keys in file order. */
static void load_parsed(cfg_ctx *c, cfg_file *f)
{
    yaml_node_t *root = yaml_document_get_root_node(&f->doc);
    if (root && (is_null_node(root) || !check_group(c, f, NULL, root, "")))
        root = NULL; /* an empty file is an empty mapping */
    yaml_node_pair_t *base = root ? find_base(f, root) : NULL;
    if (base)
        load_base(c, f, node_of(f, base->key), node_of(f, base->value));
    if (c->is_stopped)
        return;
    if (!c->has_root) {
        snprintf(c->root_dir, sizeof c->root_dir, "%s", f->dir);
        c->has_root = 1;
    }
    append_text(c, f);
    if (root)
        walk_map(c, f, root, "");
}

static void raise_if_cycle(cfg_ctx *c, const char *path, const char *real, sim_err *e)
{
    int first = 0;
    while (first < c->depth && strcmp(c->real[first], real) != 0)
        first++;
    if (first == c->depth)
        return;
    char chain[SIM_ERR_MSG] = "";
    size_t used = 0;
    for (int i = first; i < c->depth && used < sizeof chain; i++) {
        int n = snprintf(chain + used, sizeof chain - used, "%s -> ", c->chain[i]);
        used += n > 0 ? (size_t)n : 0;
    }
    SIM_RAISE(e, SIM_EINPUT,
              "cycle of bases: %s%s (expected a chain that ends in a file without "
              "base)",
              chain, path);
}

/* Push path on the chain of files being loaded, unless too deep, missing or
 * already there (a cycle). */
static int enter_chain(cfg_ctx *c, const char *path, cfg_file *from, yaml_mark_t at)
{
    char real[PATH_MAX];
    sim_err e;
    sim_err_clear(&e);
    if (c->depth >= CFG_MAX_DEPTH)
        SIM_RAISE(&e, SIM_EINPUT,
                  "bases nested more than %d deep (expected a chain of at most %d "
                  "files)",
                  CFG_MAX_DEPTH, CFG_MAX_DEPTH);
    else if (!realpath(path, real))
        SIM_RAISE(&e, SIM_EINPUT, "cannot open '%s': %s", path, strerror(errno));
    else
        raise_if_cycle(c, path, real, &e);
    if (e.code != SIM_OK) {
        emit_from(c, from, at, &e);
        return e.code;
    }
    snprintf(c->chain[c->depth], sizeof c->chain[0], "%s", path);
    memcpy(c->real[c->depth], real, sizeof real);
    c->depth++;
    return SIM_OK;
}

/* Load path, named by the base key at from:at (from NULL: the root file). */
static void load_file(cfg_ctx *c, const char *path, cfg_file *from, yaml_mark_t at)
{
    cfg_file f;
    memset(&f, 0, sizeof f);
    f.path = path;
    sim_errs_init(&f.errs);
    dir_of(path, f.dir, sizeof f.dir);
    if (enter_chain(c, path, from, at) != SIM_OK)
        return;
    if (read_file(c, &f, from, at) == SIM_OK && check_nesting(c, &f) == SIM_OK &&
        parse_file(c, &f) == SIM_OK)
        load_parsed(c, &f);
    flush_errors(c, &f);
    if (f.has_doc)
        yaml_document_delete(&f.doc);
    free(f.is_dup);
    free(f.bytes);
    c->depth--;
}

/* ---- after loading ---------------------------------------------------------------- */

/* PATH rows no file set keep their default, relative to the root base. */
static void resolve_default_paths(cfg_ctx *c)
{
    size_t index = 0;
    for (size_t i = 0; i < c->n_b; i++)
        for (size_t j = 0; j < c->b[i].table->n_rows; j++, index++) {
            const sim_param_desc *d = &c->b[i].table->rows[j];
            char out[SIM_PARAM_STR_MAX], *cur;
            if (d->type != SIM_PT_PATH || c->is_set[index])
                continue;
            cur = sim_param_str(d, c->b[i].vals);
            if (!cur[0])
                continue;
            if (join_path(out, sizeof out, c->root_dir, cur) == 0) {
                memcpy(cur, out, sizeof out);
                continue;
            }
            sim_err e;
            sim_err_clear(&e);
            SIM_RAISE(&e, SIM_EINPUT,
                      "default '%s' in folder '%s' is too long (expected a path of at most %d "
                      "characters)",
                      cur, c->root_dir, SIM_PARAM_STR_MAX - 1);
            emit_loose(c, &e, NULL, d->path);
        }
}

/* The scenario's path and default name: the file name without .yaml/.yml. */
static int scenario_start(sim_scenario *sc, const char *path, sim_err *e)
{
    if (copy_fit(sc->path, sizeof sc->path, path))
        return SIM_RAISE(e, SIM_EINPUT,
                         "a path of %zu characters is too long (expected at most "
                         "%d)",
                         strlen(path), SIM_ERR_PATH - 1);
    const char *file = strrchr(path, '/');
    file = file ? file + 1 : path;
    size_t n = strlen(file);
    if (n > 5 && strcmp(file + n - 5, ".yaml") == 0)
        n -= 5;
    else if (n > 4 && strcmp(file + n - 4, ".yml") == 0)
        n -= 4;
    if (n >= sizeof sc->name)
        n = sizeof sc->name - 1;
    memcpy(sc->name, file, n);
    sc->name[n] = '\0';
    return SIM_OK;
}

/* ---- the interface ------------------------------------------------------------------ */

void sim_scenario_init(sim_scenario *sc)
{
    memset(sc, 0, sizeof *sc);
}

void sim_scenario_release(sim_scenario *sc)
{
    free(sc->text);
    free(sc->pos);
    sim_scenario_init(sc);
}

int sim_config_load(const char *path, const sim_config_binding *b, size_t n_bindings,
                    sim_scenario *sc, sim_errs *errs)
{
    sim_err e;
    sim_err_clear(&e);
    sim_scenario_release(sc);
    if (scenario_start(sc, path, &e) != SIM_OK) {
        sim_err_locate(&e, NULL, 0, 0, NULL);
        return sim_errs_add(errs, &e) == SIM_ENOMEM ? SIM_ENOMEM : SIM_EINPUT;
    }
    cfg_ctx *c = calloc(1, sizeof *c);
    unsigned char *is_set = calloc(n_rows_all(b, n_bindings) + 1, 1);
    if (!c || !is_set) {
        free(c);
        free(is_set);
        SIM_RAISE(&e, SIM_ENOMEM, "out of memory loading '%s'", path);
        sim_errs_add(errs, &e);
        return SIM_ENOMEM;
    }
    *c = (cfg_ctx){.b = b, .n_b = n_bindings, .is_set = is_set, .errs = errs, .sc = sc};
    load_file(c, path, NULL, (yaml_mark_t){0, 0, 0});
    if (c->has_root)
        resolve_default_paths(c);
    sc->text = c->text.s;
    int status = c->status;
    free(is_set);
    free(c);
    return status;
}

/* The deepest group that path lies in ("" when none). */
static void group_of(const sim_config_binding *b, size_t n_b, const char *path, char *prefix)
{
    snprintf(prefix, SIM_ERR_KEY, "%s", path);
    for (char *dot = strrchr(prefix, '.'); dot; dot = strrchr(prefix, '.')) {
        *dot = '\0';
        if (is_group(b, n_b, prefix))
            return;
    }
    prefix[0] = '\0';
}

int sim_config_set(const sim_config_binding *b, size_t n_bindings, const char *path,
                   const char *text, const char *origin, sim_errs *errs)
{
    char allowed[CFG_LIST_MAX], prefix[SIM_ERR_KEY];
    cfg_scalar v = {text, strlen(text), 0};
    cfg_row row;
    sim_err e;
    sim_err_clear(&e);
    if (find_row(b, n_bindings, path, &row)) {
        sim_param_allowed(row.d, allowed, sizeof allowed);
        if (!is_null_text(&v) && set_scalar(row.d, &v, NULL, row.vals, &e) == SIM_OK)
            return SIM_OK;
        if (is_null_text(&v))
            SIM_RAISE(&e, SIM_EINPUT, "no value (expected %s)", allowed);
    } else if (is_group(b, n_bindings, path)) {
        allowed_keys(b, n_bindings, path, 0, allowed);
        SIM_RAISE(&e, SIM_EINPUT, "a group, not a parameter (expected one of: %s)", allowed);
    } else {
        group_of(b, n_bindings, path, prefix);
        raise_unknown(b, n_bindings, path, prefix, 0, &e);
    }
    sim_err_locate(&e, origin, 0, 0, path);
    sim_errs_add(errs, &e);
    return SIM_EINPUT;
}
