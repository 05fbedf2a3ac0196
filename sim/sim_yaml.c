/* Rules shared by every YAML input file: size, nesting, duplicate keys. */
#define _XOPEN_SOURCE 700 /* fstat */
#include "sim_yaml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define KEY_SHOW_MAX 80 /* longest key quoted back in a message */

/* ---- size ----------------------------------------------------------------------- */

/* The size of a file too large to read whole: from fstat when it is a regular
 * file, else only "more than the limit". */
static void raise_too_big(FILE *fp, const char *what, sim_err *e)
{
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > SIM_YAML_MAX_BYTES)
        SIM_RAISE(e, SIM_EINPUT,
                  "the file is %lld bytes (expected a %s of at most 1 MiB, %ld bytes)",
                  (long long)st.st_size, what, SIM_YAML_MAX_BYTES);
    else
        SIM_RAISE(e, SIM_EINPUT,
                  "the file is more than 1 MiB (expected a %s of at most 1 MiB, %ld bytes)", what,
                  SIM_YAML_MAX_BYTES);
}

int sim_yaml_read(FILE *fp, const char *what, char **bytes, size_t *len, sim_err *e)
{
    size_t cap = 0, n = 0;
    char *buf = NULL;
    for (;;) {
        if (n > (size_t)SIM_YAML_MAX_BYTES) {
            free(buf);
            raise_too_big(fp, what, e);
            return e->code;
        }
        if (n == cap) {
            cap = cap ? 2 * cap : 16384;
            char *p = realloc(buf, cap + 1);
            if (!p) {
                free(buf);
                return SIM_RAISE(e, SIM_ENOMEM, "out of memory reading the file");
            }
            buf = p;
        }
        size_t got = fread(buf + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(fp)) {
        free(buf);
        return SIM_RAISE(e, SIM_ERUN, "cannot read the file");
    }
    buf[n] = '\0';
    *bytes = buf;
    *len = n;
    return SIM_OK;
}

/* ---- nesting -------------------------------------------------------------------- */

typedef struct flow_scan {
    int line, col, depth;
    char quote;     /* '\'' or '"' inside a quoted scalar, else 0 */
    int is_comment; /* inside a comment, up to the end of the line */
    int is_escaped; /* the previous byte was a backslash in "..." */
} flow_scan;

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* One byte outside quotes and comments, after prev. Returns 1 when it opens
 * a flow collection too deep. */
static int scan_plain(flow_scan *s, char prev, char ch)
{
    if (ch == '#' && is_space(prev))
        s->is_comment = 1;
    else if ((ch == '\'' || ch == '"') && (is_space(prev) || strchr("[{,:-?", prev)))
        s->quote = ch;
    else if (ch == '[' || ch == '{')
        return ++s->depth > SIM_YAML_MAX_DEPTH;
    else if ((ch == ']' || ch == '}') && s->depth > 0)
        s->depth--;
    return 0;
}

/* One byte inside a quoted scalar. In '...' a doubled quote is a quote
 * character: it closes and reopens, which comes to the same thing. */
static void scan_quoted(flow_scan *s, char ch)
{
    if (s->is_escaped)
        s->is_escaped = 0;
    else if (s->quote == '"' && ch == '\\')
        s->is_escaped = 1;
    else if (ch == s->quote)
        s->quote = 0;
}

int sim_yaml_check_flow(const char *bytes, size_t len, sim_err *e)
{
    flow_scan s = {1, 1, 0, 0, 0, 0};
    char prev = '\n';
    for (size_t i = 0; i < len; prev = bytes[i++]) {
        char ch = bytes[i];
        if (s.is_comment)
            s.is_comment = ch != '\n';
        else if (s.quote)
            scan_quoted(&s, ch);
        else if (scan_plain(&s, prev, ch)) {
            SIM_RAISE(e, SIM_EINPUT,
                      "lists or mappings in brackets nested more than %d deep (expected at most "
                      "%d levels)",
                      SIM_YAML_MAX_DEPTH, SIM_YAML_MAX_DEPTH);
            e->line = s.line, e->col = s.col;
            return SIM_EINPUT;
        }
        if (ch == '\n')
            s.line++, s.col = 1;
        else if (((unsigned char)ch & 0xC0) != 0x80)
            s.col++;
    }
    return SIM_OK;
}

/* Depth change of one parser event. */
static int depth_step(const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        return 1;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return -1;
    default:
        return 0;
    }
}

int sim_yaml_check_nesting(const char *bytes, size_t len, sim_err *e)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return SIM_RAISE(e, SIM_ENOMEM, "out of memory starting the YAML parser");
    yaml_parser_set_input_string(&p, (const unsigned char *)bytes, len);
    int depth = 0, rc = SIM_OK, is_end = 0;
    while (!is_end && rc == SIM_OK) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev))
            break; /* the load reports it */
        depth += depth_step(&ev);
        is_end = ev.type == YAML_STREAM_END_EVENT;
        if (depth > SIM_YAML_MAX_DEPTH) {
            rc = SIM_RAISE(e, SIM_EINPUT,
                           "lists or mappings nested more than %d deep (expected at most %d "
                           "levels)",
                           SIM_YAML_MAX_DEPTH, SIM_YAML_MAX_DEPTH);
            e->line = (int)ev.start_mark.line + 1, e->col = (int)ev.start_mark.column + 1;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&p);
    return rc;
}

/* ---- duplicate keys --------------------------------------------------------------- */

typedef struct key_ref {
    const yaml_node_t *k;
    size_t index; /* in the mapping, for file order */
} key_ref;

static int key_cmp(const void *a, const void *b)
{
    const key_ref *x = a, *y = b;
    size_t nx = x->k->data.scalar.length, ny = y->k->data.scalar.length;
    int c = memcmp(x->k->data.scalar.value, y->k->data.scalar.value, nx < ny ? nx : ny);
    if (c)
        return c;
    if (nx != ny)
        return nx < ny ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

typedef struct key_walk {
    yaml_document_t *doc;
    const char *path;
    sim_errs *errs;
    unsigned char *is_seen; /* per node: walked already (aliases share nodes) */
    unsigned char *is_dup;  /* per node: a key given twice */
    size_t n_dup;
} key_walk;

static void raise_dup(key_walk *w, const char *prefix, const yaml_node_t *first, int again_id)
{
    const yaml_node_t *again = yaml_document_get_node(w->doc, again_id);
    char key[SIM_ERR_KEY];
    const char *text = (const char *)again->data.scalar.value;
    snprintf(key, sizeof key, "%s%s%s", prefix, prefix[0] ? "." : "", text);
    sim_errs_raise(w->errs, SIM_EINPUT, w->path, (int)again->start_mark.line + 1,
                   (int)again->start_mark.column + 1, key, __FILE__, __LINE__,
                   "key '%.*s' given twice: first at %s:%d:%d", KEY_SHOW_MAX, text, w->path,
                   (int)first->start_mark.line + 1, (int)first->start_mark.column + 1);
    w->n_dup++;
    w->is_dup[again_id - 1] = 1;
}

/* The scalar keys of map, sorted by text (then file order), each pointing at
 * the first of its equals; duplicates raised in file order. */
static void check_map(key_walk *w, const yaml_node_t *map, const char *prefix)
{
    yaml_node_pair_t *first = map->data.mapping.pairs.start;
    size_t n = (size_t)(map->data.mapping.pairs.top - first), m = 0;
    key_ref *v = malloc((n ? n : 1) * sizeof *v);
    const yaml_node_t **dup_of = calloc(n ? n : 1, sizeof *dup_of);
    for (size_t i = 0; v && dup_of && i < n; i++) {
        const yaml_node_t *k = yaml_document_get_node(w->doc, first[i].key);
        if (k && k->type == YAML_SCALAR_NODE)
            v[m++] = (key_ref){k, i};
    }
    if (v && dup_of) {
        qsort(v, m, sizeof *v, key_cmp);
        for (size_t i = 1, head = 0; i < m; i++)
            if (key_cmp(&(key_ref){v[head].k, 0}, &(key_ref){v[i].k, 0}) == 0)
                dup_of[v[i].index] = v[head].k;
            else
                head = i;
        for (size_t i = 0; i < n; i++)
            if (dup_of[i])
                raise_dup(w, prefix, dup_of[i], first[i].key);
    }
    free(v);
    free(dup_of);
}

static void walk_node(key_walk *w, int id, const char *prefix, int depth)
{
    yaml_node_t *n = yaml_document_get_node(w->doc, id);
    if (!n || w->is_seen[id - 1] || depth > SIM_YAML_MAX_DEPTH)
        return;
    w->is_seen[id - 1] = 1;
    if (n->type == YAML_SEQUENCE_NODE)
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
             it++)
            walk_node(w, *it, prefix, depth + 1);
    if (n->type != YAML_MAPPING_NODE)
        return;
    check_map(w, n, prefix);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = yaml_document_get_node(w->doc, p->key);
        char path[SIM_ERR_KEY];
        const char *text =
            k && k->type == YAML_SCALAR_NODE ? (const char *)k->data.scalar.value : "?";
        snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", text);
        walk_node(w, p->value, path, depth + 1);
    }
}

/* Errors by place in the file (each key has its own place). */
static int err_cmp(const void *a, const void *b)
{
    const sim_err *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->col < y->col ? -1 : x->col > y->col;
}

size_t sim_yaml_check_keys(yaml_document_t *doc, const char *path, sim_errs *errs,
                           unsigned char **is_dup)
{
    size_t n_nodes = (size_t)(doc->nodes.top - doc->nodes.start);
    key_walk w = {doc, path, errs, calloc(n_nodes + 1, 1), calloc(n_nodes + 1, 1), 0};
    if (is_dup)
        *is_dup = NULL;
    if (!w.is_seen || !w.is_dup) {
        free(w.is_seen);
        free(w.is_dup);
        SIM_ERRS_RAISE(errs, SIM_ENOMEM, path, 0, 0, NULL, "out of memory checking keys");
        return 1;
    }
    sim_errs found;
    sim_errs_init(&found);
    w.errs = &found;
    if (n_nodes)
        walk_node(&w, 1, "", 0); /* the root is node 1 */
    if (found.n)                 /* file order */
        qsort(found.v, found.n, sizeof *found.v, err_cmp);
    for (size_t i = 0; i < found.n; i++)
        sim_errs_add(errs, &found.v[i]);
    sim_errs_release(&found);
    free(w.is_seen);
    if (is_dup && w.n_dup)
        *is_dup = w.is_dup;
    else
        free(w.is_dup);
    return w.n_dup;
}

int sim_yaml_is_dup(const unsigned char *is_dup, int id)
{
    return is_dup && id > 0 && is_dup[id - 1];
}
