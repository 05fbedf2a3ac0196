#include "sim_param.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void sim_param_set_defaults(const sim_param_table *t, void *vals)
{
    memset(vals, 0, t->struct_size);
    for (size_t i = 0; i < t->n_rows; i++) {
        const sim_param_desc *d = &t->rows[i];
        switch (d->type) {
        case SIM_PT_DOUBLE:
            *sim_param_double(d, vals) = d->def;
            break;
        case SIM_PT_INT:
            *sim_param_int(d, vals) = (int64_t)d->def;
            break;
        case SIM_PT_BOOL:
        case SIM_PT_ENUM:
            *sim_param_flag(d, vals) = (int)d->def;
            break;
        case SIM_PT_STRING:
        case SIM_PT_PATH:
            snprintf(sim_param_str(d, vals), SIM_PARAM_STR_MAX, "%s", d->def_str);
            break;
        }
    }
}

const sim_param_desc *sim_param_find(const sim_param_table *t, const char *path)
{
    for (size_t i = 0; i < t->n_rows; i++)
        if (strcmp(t->rows[i].path, path) == 0)
            return &t->rows[i];
    return NULL;
}

int sim_param_is_group(const sim_param_table *t, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < t->n_rows; i++)
        if (strncmp(t->rows[i].path, prefix, n) == 0 && t->rows[i].path[n] == '.')
            return 1;
    return 0;
}

/* Length of choice i in choices and where it starts; -1 when i is past the end. */
static int enum_span(const char *choices, int i, const char **start)
{
    const char *s = choices;
    for (int k = 0; k < i; k++) {
        s = strchr(s, ',');
        if (!s)
            return -1;
        s++;
    }
    const char *e = strchr(s, ',');
    *start = s;
    return (int)(e ? (size_t)(e - s) : strlen(s));
}

int sim_param_enum_index(const sim_param_desc *d, const char *name)
{
    const char *s;
    int len;
    for (int i = 0; (len = enum_span(d->choices, i, &s)) >= 0; i++)
        if ((size_t)len == strlen(name) && strncmp(s, name, (size_t)len) == 0)
            return i;
    return -1;
}

const char *sim_param_enum_name(const sim_param_desc *d, int i, char *buf, size_t cap)
{
    const char *s;
    int len = enum_span(d->choices, i, &s);
    if (len < 0)
        len = 0, s = "";
    snprintf(buf, cap, "%.*s", len, s);
    return buf;
}

/* The shortest of %.15g, %.16g, %.17g that reads back as the same double. */
static void format_double(double x, char *buf, size_t cap)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, cap, "%.*g", digits, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

void sim_param_format(const sim_param_desc *d, const void *vals, char *buf, size_t cap)
{
    void *v = (void *)(uintptr_t)vals;
    switch (d->type) {
    case SIM_PT_DOUBLE:
        format_double(*sim_param_double(d, v), buf, cap);
        break;
    case SIM_PT_INT:
        snprintf(buf, cap, "%" PRId64, *sim_param_int(d, v));
        break;
    case SIM_PT_BOOL:
        snprintf(buf, cap, "%s", *sim_param_flag(d, v) ? "true" : "false");
        break;
    case SIM_PT_ENUM:
        sim_param_enum_name(d, *sim_param_flag(d, v), buf, cap);
        break;
    case SIM_PT_STRING:
    case SIM_PT_PATH:
        snprintf(buf, cap, "%s", sim_param_str(d, v));
        break;
    }
}

static void choices_list(const sim_param_desc *d, char *buf, size_t cap)
{
    size_t used = 0;
    char name[64];
    buf[0] = '\0';
    for (int i = 0; enum_span(d->choices, i, &(const char *){NULL}) >= 0 && used < cap; i++)
        used += (size_t)snprintf(buf + used, cap - used, "%s%s", i ? ", " : "",
                                 sim_param_enum_name(d, i, name, sizeof name));
}

void sim_param_allowed(const sim_param_desc *d, char *buf, size_t cap)
{
    char list[512];
    switch (d->type) {
    case SIM_PT_DOUBLE:
        snprintf(buf, cap, "a number from %g to %g", d->min, d->max);
        break;
    case SIM_PT_INT:
        snprintf(buf, cap, "a whole number from %.0f to %.0f", d->min, d->max);
        break;
    case SIM_PT_BOOL:
        snprintf(buf, cap, "true or false");
        break;
    case SIM_PT_ENUM:
        choices_list(d, list, sizeof list);
        snprintf(buf, cap, "one of: %s", list);
        break;
    case SIM_PT_STRING:
        snprintf(buf, cap, "text of at most %d characters", SIM_PARAM_STR_MAX - 1);
        break;
    case SIM_PT_PATH:
        snprintf(buf, cap, "a file or folder path of at most %d characters", SIM_PARAM_STR_MAX - 1);
        break;
    }
}

/* Is the value of d in vals inside its declared range? */
static int in_range(const sim_param_desc *d, const void *vals)
{
    void *v = (void *)(uintptr_t)vals;
    switch (d->type) {
    case SIM_PT_DOUBLE: {
        double x = *sim_param_double(d, v);
        return isfinite(x) && x >= d->min && x <= d->max;
    }
    case SIM_PT_INT: {
        double x = (double)*sim_param_int(d, v);
        return x >= d->min && x <= d->max;
    }
    case SIM_PT_BOOL:
        return *sim_param_flag(d, v) == 0 || *sim_param_flag(d, v) == 1;
    case SIM_PT_ENUM: {
        char name[64];
        int i = *sim_param_flag(d, v);
        return i >= 0 && sim_param_enum_name(d, i, name, sizeof name)[0] != '\0';
    }
    case SIM_PT_STRING:
    case SIM_PT_PATH:
        return 1;
    }
    return 0;
}

int sim_param_check(const sim_param_table *t, const void *vals, sim_errs *errs)
{
    int status = SIM_OK;
    for (size_t i = 0; i < t->n_rows; i++) {
        const sim_param_desc *d = &t->rows[i];
        if (in_range(d, vals))
            continue;
        char got[128], allowed[256];
        sim_err e;
        sim_err_clear(&e);
        sim_param_format(d, vals, got, sizeof got);
        sim_param_allowed(d, allowed, sizeof allowed);
        SIM_RAISE(&e, SIM_EINPUT, "%s is out of range (expected %s)", got, allowed);
        sim_err_locate(&e, NULL, 0, 0, d->path);
        sim_errs_add(errs, &e);
        status = SIM_EINPUT;
    }
    return status;
}

static void print_text(const sim_param_table *t, const void *vals, FILE *f)
{
    char val[SIM_PARAM_STR_MAX], allowed[256];
    for (size_t i = 0; i < t->n_rows; i++) {
        const sim_param_desc *d = &t->rows[i];
        sim_param_format(d, vals, val, sizeof val);
        sim_param_allowed(d, allowed, sizeof allowed);
        fprintf(f, "%-42s %-14s %s\n", d->path, val, d->unit);
        fprintf(f, "    %s\n    allowed: %s; source: %s\n", d->meaning, allowed, d->source);
    }
}

static void print_markdown(const sim_param_table *t, const void *vals, FILE *f)
{
    char val[SIM_PARAM_STR_MAX], allowed[256];
    fprintf(f, "| parameter | default | allowed | unit | meaning | source |\n");
    fprintf(f, "|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < t->n_rows; i++) {
        const sim_param_desc *d = &t->rows[i];
        sim_param_format(d, vals, val, sizeof val);
        sim_param_allowed(d, allowed, sizeof allowed);
        fprintf(f, "| `%s` | %s | %s | %s | %s | %s |\n", d->path, val, allowed, d->unit,
                d->meaning, d->source);
    }
}

/* Does row i's path continue prefix with the subgroup sub (len bytes)? */
static size_t in_subgroup(const char *path, const char *prefix, size_t plen, const char *sub,
                          size_t len)
{
    return strncmp(path, prefix, plen) == 0 && strncmp(path + plen, sub, len) == 0 &&
           path[plen + len] == '.';
}

/* Print the rows under prefix (plen bytes, "" or ending in '.') at depth:
 * leaves and subgroups in the order they first appear in the table, each
 * subgroup once with all its rows, wherever they stand in the table. */
static void print_yaml_group(const sim_param_table *t, const void *vals, const char *prefix,
                             size_t plen, int depth, FILE *f)
{
    char val[SIM_PARAM_STR_MAX], sub[SIM_PARAM_STR_MAX];
    for (size_t i = 0; i < t->n_rows; i++) {
        const sim_param_desc *d = &t->rows[i];
        if (strncmp(d->path, prefix, plen) != 0)
            continue;
        const char *rest = d->path + plen, *dot = strchr(rest, '.');
        if (!dot) {
            sim_param_format(d, vals, val, sizeof val);
            int quote = d->type == SIM_PT_STRING || d->type == SIM_PT_PATH;
            fprintf(f, "%*s%s: %s%s%s  # %s [%s]; %s\n", 2 * depth, "", rest, quote ? "\"" : "",
                    val, quote ? "\"" : "", d->meaning, d->unit, d->source);
            continue;
        }
        size_t len = (size_t)(dot - rest), seen = 0;
        for (size_t k = 0; k < i && !seen; k++)
            seen = in_subgroup(t->rows[k].path, prefix, plen, rest, len);
        if (seen)
            continue;
        fprintf(f, "%*s%.*s:\n", 2 * depth, "", (int)len, rest);
        snprintf(sub, sizeof sub, "%.*s", (int)(plen + len + 1), d->path);
        print_yaml_group(t, vals, sub, plen + len + 1, depth + 1, f);
    }
}

static void print_yaml(const sim_param_table *t, const void *vals, FILE *f)
{
    print_yaml_group(t, vals, "", 0, 0, f);
}

void sim_param_print(const sim_param_table *t, const void *vals, sim_param_listing how, FILE *f)
{
    void *defaults = NULL;
    if (!vals) {
        defaults = malloc(t->struct_size);
        if (!defaults)
            return;
        sim_param_set_defaults(t, defaults);
        vals = defaults;
    }
    if (how == SIM_PARAM_MARKDOWN)
        print_markdown(t, vals, f);
    else if (how == SIM_PARAM_YAML)
        print_yaml(t, vals, f);
    else
        print_text(t, vals, f);
    free(defaults);
}

int sim_param_prior(const sim_param_desc *d, double *lo, double *hi)
{
    const char *b = d->source ? strchr(d->source, '[') : NULL;
    char end;
    if (!b || sscanf(b, "[%lf, %lf%c", lo, hi, &end) != 3 || end != ']')
        return 0;
    return 1;
}
