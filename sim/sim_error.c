#include "sim_error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void copy_str(char *dst, size_t cap, const char *src)
{
    if (!src) {
        dst[0] = '\0';
        return;
    }
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

int sim_err_set(sim_err *e, int code, const char *src_file, int src_line, const char *fmt, ...)
{
    if (!e)
        return code;
    e->code = code;
    e->src_file = src_file;
    e->src_line = src_line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return code;
}

void sim_err_locate(sim_err *e, const char *file, int line, int col, const char *key)
{
    if (!e)
        return;
    copy_str(e->file, sizeof e->file, file);
    copy_str(e->key, sizeof e->key, key);
    e->line = line;
    e->col = col;
}

void sim_err_clear(sim_err *e)
{
    memset(e, 0, sizeof *e);
}

void sim_err_print(const sim_err *e, FILE *f)
{
    fputs("crossings: error: ", f);
    if (e->file[0]) {
        fputs(e->file, f);
        if (e->line > 0)
            fprintf(f, ":%d:%d", e->line, e->col);
        fputs(": ", f);
    }
    if (e->key[0])
        fprintf(f, "%s: ", e->key);
    fprintf(f, "%s\n", e->msg);
}

int sim_err_exit_code(int code)
{
    if (code == SIM_OK)
        return 0;
    return code == SIM_EINPUT ? 2 : 1;
}

void sim_errs_init(sim_errs *l)
{
    l->v = NULL;
    l->n = l->cap = 0;
}

void sim_errs_release(sim_errs *l)
{
    free(l->v);
    sim_errs_init(l);
}

int sim_errs_add(sim_errs *l, const sim_err *e)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 8;
        sim_err *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return SIM_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *e;
    return e->code;
}

void sim_errs_print(const sim_errs *l, FILE *f)
{
    for (size_t i = 0; i < l->n; i++)
        sim_err_print(&l->v[i], f);
}

int sim_errs_raise(sim_errs *l, int code, const char *file, int line, int col, const char *key,
                   const char *src_file, int src_line, const char *fmt, ...)
{
    sim_err e;
    sim_err_clear(&e);
    e.code = code;
    e.src_file = src_file;
    e.src_line = src_line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof e.msg, fmt, ap);
    va_end(ap);
    sim_err_locate(&e, file, line, col, key);
    sim_errs_add(l, &e);
    return code;
}
