/* Sweep design files: YAML (libyaml document API) -> a checked list of points.
 *
 * Every error is collected (file, line, column, key, what is allowed) and the
 * reading goes on, so one pass reports everything; nothing runs until the
 * design, the base scenario and every point are known to be good. */
#include "sim_sweep.h"

#include "sim_design.h"
#include "sim_paths.h"
#include "sim_yaml.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define SWEEP_MAX_POINTS 1000000
#define SWEEP_MAX_PARAMS 256
#define SWEEP_MAX_VALUES 100000

const char *const sim_design_names[] = {"grid", "list", "latin", "sobol", "saltelli", "morris"};
#define N_DESIGNS (sizeof sim_design_names / sizeof sim_design_names[0])

static const char allowed_top[] = "scenario, name, description, seed, replicates, "
                                  "summaries_from_month, set, design, parameters";

typedef struct rd {
    sim_sweep *sw;
    sim_errs *errs;
    yaml_document_t doc;
    int has_doc;
    unsigned char *is_dup; /* per node: a key given twice (sim_yaml_check_keys) */
    int status;
    int has_design_type;
    int line_design, col_design; /* where design: is */
    int line_params, col_params;
} rd;

static void raise_at(rd *r, const yaml_node_t *n, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void raise_at(rd *r, const yaml_node_t *n, const char *key, const char *fmt, ...)
{
    sim_err e;
    sim_err_clear(&e);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof e.msg, fmt, ap);
    va_end(ap);
    e.code = SIM_EINPUT;
    e.src_file = __FILE__;
    e.src_line = __LINE__;
    sim_err_locate(&e, r->sw->path, n ? (int)n->start_mark.line + 1 : 0,
                   n ? (int)n->start_mark.column + 1 : 0, key);
    sim_errs_add(r->errs, &e);
    r->status = SIM_EINPUT;
}

static yaml_node_t *node(rd *r, int id)
{
    return yaml_document_get_node(&r->doc, id);
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int is_plain(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE && n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
           n->data.scalar.length > 0;
}

/* A whole number from lo to hi. */
static int get_int(rd *r, const yaml_node_t *n, const char *key, int64_t lo, int64_t hi,
                   int64_t *out)
{
    const char *s = scalar(n);
    char *end = NULL;
    errno = 0;
    long long v = is_plain(n) ? strtoll(s, &end, 10) : 0;
    if (!is_plain(n) || *end || errno || v < lo || v > hi) {
        raise_at(r, n, key, "'%s' is not allowed (expected a whole number from %lld to %lld)",
                 s ? s : "(not a number)", (long long)lo, (long long)hi);
        return -1;
    }
    *out = (int64_t)v;
    return 0;
}

static int get_double(rd *r, const yaml_node_t *n, const char *key, double *out)
{
    const char *s = scalar(n);
    char *end = NULL;
    errno = 0;
    double v = is_plain(n) ? strtod(s, &end) : 0;
    if (!is_plain(n) || *end || errno || !isfinite(v) || strchr(s, 'x') || strchr(s, 'X')) {
        raise_at(r, n, key, "'%s' is not allowed (expected a number)", s ? s : "(not a number)");
        return -1;
    }
    *out = v;
    return 0;
}

static int get_text(rd *r, const yaml_node_t *n, const char *key, char *out, size_t cap)
{
    const char *s = scalar(n);
    if (!s || !s[0] || strlen(s) >= cap) {
        raise_at(r, n, key, "expected text of 1 to %zu characters", cap - 1);
        return -1;
    }
    snprintf(out, cap, "%s", s);
    return 0;
}

/* ---- set: ------------------------------------------------------------------ */

static int add_set(rd *r, const char *path, const char *text, const yaml_node_t *at)
{
    sim_sweep *sw = r->sw;
    sim_sweep_set *v = realloc(sw->set, (sw->n_set + 1) * sizeof *v);
    if (!v)
        return -1;
    sw->set = v;
    sim_sweep_set *s = &v[sw->n_set++];
    snprintf(s->path, sizeof s->path, "%s", path);
    snprintf(s->text, sizeof s->text, "%s", text);
    s->line = (int)at->start_mark.line + 1;
    s->col = (int)at->start_mark.column + 1;
    return 0;
}

/* A YAML list of scalars as text joined by commas (text rows take lists). */
static int join_seq(rd *r, const yaml_node_t *seq, const char *key, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top;
         it++) {
        const char *s = scalar(node(r, *it));
        if (!s) {
            raise_at(r, node(r, *it), key, "expected a list of plain values");
            return -1;
        }
        used +=
            (size_t)snprintf(out + used, used < cap ? cap - used : 0, "%s%s", used ? "," : "", s);
    }
    if (used >= cap) {
        raise_at(r, seq, key, "the list is too long (expected at most %zu characters)", cap - 1);
        return -1;
    }
    return 0;
}

static void read_set(rd *r, const yaml_node_t *map, const char *prefix)
{
    if (map->type != YAML_MAPPING_NODE) {
        raise_at(r, map, prefix[0] ? prefix : "set",
                 "expected a mapping of settings (e.g. run.months: 36)");
        return;
    }
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        if (sim_yaml_is_dup(r->is_dup, p->key))
            continue;
        const yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
        char path[SIM_ERR_KEY], text[SIM_PARAM_STR_MAX];
        if (!scalar(k)) {
            raise_at(r, k, "set", "expected a setting's name as key");
            continue;
        }
        snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", scalar(k));
        if (v->type == YAML_MAPPING_NODE)
            read_set(r, v, path);
        else if (v->type == YAML_SEQUENCE_NODE) {
            if (!join_seq(r, v, path, text, sizeof text) && add_set(r, path, text, k))
                r->status = SIM_ENOMEM;
        } else if (add_set(r, path, scalar(v), k))
            r->status = SIM_ENOMEM;
    }
}

/* ---- design: ------------------------------------------------------------------ */

static void read_design(rd *r, const yaml_node_t *map)
{
    sim_sweep *sw = r->sw;
    r->line_design = (int)map->start_mark.line + 1;
    r->col_design = (int)map->start_mark.column + 1;
    if (map->type != YAML_MAPPING_NODE) {
        raise_at(r, map, "design", "expected a mapping: type, points, levels");
        return;
    }
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        if (sim_yaml_is_dup(r->is_dup, p->key))
            continue;
        const yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
        const char *key = scalar(k) ? scalar(k) : "";
        int64_t x;
        if (strcmp(key, "type") == 0) {
            const char *s = scalar(v);
            size_t i = 0;
            while (s && i < N_DESIGNS && strcmp(s, sim_design_names[i]) != 0)
                i++;
            if (!s || i == N_DESIGNS)
                raise_at(r, v, "design.type",
                         "'%s' is not a design (expected one of: grid, list, latin, sobol, "
                         "saltelli, morris)",
                         s ? s : "");
            else {
                sw->kind = (sim_design_kind)i;
                r->has_design_type = 1;
            }
        } else if (strcmp(key, "points") == 0) {
            if (!get_int(r, v, "design.points", 1, SWEEP_MAX_POINTS, &x))
                sw->n_req = (size_t)x;
        } else if (strcmp(key, "levels") == 0) {
            if (!get_int(r, v, "design.levels", 4, 64, &x)) {
                if (x % 2)
                    raise_at(r, v, "design.levels",
                             "%lld is odd (expected an even number of levels from 4 to 64)",
                             (long long)x);
                sw->levels = (unsigned)x;
            }
        } else
            raise_at(r, k, "design", "unknown key '%s' (expected type, points or levels)", key);
    }
}

/* ---- parameters: ----------------------------------------------------------------- */

static void read_values(rd *r, sim_sweep_param *sp, const yaml_node_t *v)
{
    if (v->type != YAML_SEQUENCE_NODE ||
        v->data.sequence.items.top == v->data.sequence.items.start) {
        raise_at(r, v, sp->path, "expected values: a list of one or more values");
        return;
    }
    size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
    if (n > SWEEP_MAX_VALUES) {
        raise_at(r, v, sp->path, "%zu values (expected at most %d)", n, SWEEP_MAX_VALUES);
        return;
    }
    if (sp->values)
        return; /* a second values: key (reported with the duplicates) */
    sp->values = calloc(n, sizeof *sp->values);
    if (!sp->values) {
        r->status = SIM_ENOMEM;
        return;
    }
    sp->n_values = n;
    for (size_t i = 0; i < n; i++) {
        const yaml_node_t *it = node(r, v->data.sequence.items.start[i]);
        if (it->type == YAML_SEQUENCE_NODE)
            join_seq(r, it, sp->path, sp->values[i], sizeof sp->values[i]);
        else
            get_text(r, it, sp->path, sp->values[i], sizeof sp->values[i]);
    }
}

static void read_param(rd *r, sim_sweep_param *sp, const yaml_node_t *k, const yaml_node_t *v)
{
    snprintf(sp->path, sizeof sp->path, "%s", scalar(k));
    sp->line = (int)k->start_mark.line + 1;
    sp->col = (int)k->start_mark.column + 1;
    sp->min = sp->max = NAN;
    if (v->type != YAML_MAPPING_NODE) {
        raise_at(r, v, sp->path,
                 "expected a mapping: {min: A, max: B} (optionally scale: log) or {values: [...]}");
        return;
    }
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        if (sim_yaml_is_dup(r->is_dup, p->key))
            continue;
        const yaml_node_t *kk = node(r, p->key), *vv = node(r, p->value);
        const char *key = scalar(kk) ? scalar(kk) : "";
        if (strcmp(key, "min") == 0)
            get_double(r, vv, sp->path, &sp->min);
        else if (strcmp(key, "max") == 0)
            get_double(r, vv, sp->path, &sp->max);
        else if (strcmp(key, "scale") == 0) {
            const char *s = scalar(vv);
            if (s && strcmp(s, "log") == 0)
                sp->log = 1;
            else if (!s || strcmp(s, "linear") != 0)
                raise_at(r, vv, sp->path, "scale '%s' is not allowed (expected linear or log)",
                         s ? s : "");
        } else if (strcmp(key, "values") == 0)
            read_values(r, sp, vv);
        else
            raise_at(r, kk, sp->path, "unknown key '%s' (expected min, max, scale or values)", key);
    }
}

static void read_params(rd *r, const yaml_node_t *map)
{
    sim_sweep *sw = r->sw;
    r->line_params = (int)map->start_mark.line + 1;
    r->col_params = (int)map->start_mark.column + 1;
    if (map->type != YAML_MAPPING_NODE) {
        raise_at(r, map, "parameters", "expected a mapping of parameter names");
        return;
    }
    size_t n = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
    if (n > SWEEP_MAX_PARAMS) {
        raise_at(r, map, "parameters", "%zu parameters (expected at most %d)", n, SWEEP_MAX_PARAMS);
        return;
    }
    if (sw->par)
        return; /* a second parameters: key (reported with the duplicates) */
    sw->par = calloc(n ? n : 1, sizeof *sw->par);
    if (!sw->par) {
        r->status = SIM_ENOMEM;
        return;
    }
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        if (sim_yaml_is_dup(r->is_dup, p->key))
            continue;
        const yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
        if (!scalar(k)) {
            raise_at(r, k, "parameters", "expected a parameter's name as key");
            continue;
        }
        read_param(r, &sw->par[sw->k++], k, v);
    }
}

/* ---- the file ---------------------------------------------------------------------- */

static void read_top(rd *r, const yaml_node_t *root)
{
    sim_sweep *sw = r->sw;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        if (sim_yaml_is_dup(r->is_dup, p->key))
            continue;
        const yaml_node_t *k = node(r, p->key), *v = node(r, p->value);
        const char *key = scalar(k) ? scalar(k) : "";
        char rel[SIM_ERR_PATH];
        if (strcmp(key, "scenario") == 0) {
            if (!get_text(r, v, "scenario", rel, sizeof rel)) {
                const char *slash = strrchr(sw->path, '/');
                int dir = slash ? (int)(slash - sw->path) : 0;
                char full[2 * SIM_ERR_PATH + 2];
                if (rel[0] == '/' || !slash)
                    snprintf(full, sizeof full, "%s", rel);
                else
                    snprintf(full, sizeof full, "%.*s/%s", dir, sw->path, rel);
                if (strlen(full) >= sizeof sw->scenario_path)
                    raise_at(r, v, "scenario", "the path is too long");
                else
                    memcpy(sw->scenario_path, full, strlen(full) + 1);
            }
        } else if (strcmp(key, "name") == 0)
            get_text(r, v, "name", sw->name, sizeof sw->name);
        else if (strcmp(key, "description") == 0)
            get_text(r, v, "description", sw->description, sizeof sw->description);
        else if (strcmp(key, "seed") == 0)
            sw->has_seed = !get_int(r, v, "seed", 0, 4294967295LL, &sw->seed);
        else if (strcmp(key, "replicates") == 0)
            sw->has_replicates = !get_int(r, v, "replicates", 1, 100000, &sw->replicates);
        else if (strcmp(key, "summaries_from_month") == 0)
            get_int(r, v, "summaries_from_month", 0, 100000, &sw->summaries_from);
        else if (strcmp(key, "set") == 0)
            read_set(r, v, "");
        else if (strcmp(key, "design") == 0)
            read_design(r, v);
        else if (strcmp(key, "parameters") == 0)
            read_params(r, v);
        else
            raise_at(r, k, key, "unknown key (expected one of: %s)", allowed_top);
    }
}

/* The file whole, checked before libyaml sees it (sim_yaml.h). */
static int read_file(const char *path, char **text, sim_errs *errs)
{
    sim_err e;
    sim_err_clear(&e);
    size_t n = 0;
    if (sim_paths_check_input(path, &e)) /* a FIFO would block fopen */
        return sim_errs_add(errs, &e);
    FILE *f = fopen(path, "rb");
    if (!f)
        return SIM_ERRS_RAISE(errs, SIM_EINPUT, path, 0, 0, NULL,
                              "cannot open the sweep design: %s", strerror(errno));
    int rc = sim_yaml_read(f, "sweep design", text, &n, &e);
    fclose(f);
    if (rc == SIM_OK && memchr(*text, 0, n))
        rc = SIM_RAISE(&e, SIM_EINPUT, "not a sweep design (expected a YAML text file)");
    if (rc == SIM_OK)
        rc = sim_yaml_check_flow(*text, n, &e);
    if (rc == SIM_OK)
        rc = sim_yaml_check_nesting(*text, n, &e);
    if (rc == SIM_OK)
        return SIM_OK;
    sim_err_locate(&e, path, e.line, e.col, NULL);
    sim_errs_add(errs, &e);
    return rc == SIM_ERUN ? SIM_EINPUT : rc;
}

static int parse(rd *r)
{
    sim_sweep *sw = r->sw;
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)sw->text, strlen(sw->text));
    int ok = yaml_parser_load(&p, &r->doc);
    if (!ok) {
        SIM_ERRS_RAISE(r->errs, SIM_EINPUT, sw->path, (int)p.problem_mark.line + 1,
                       (int)p.problem_mark.column + 1, NULL, "not valid YAML: %s",
                       p.problem ? p.problem : "syntax error");
        yaml_parser_delete(&p);
        return SIM_EINPUT;
    }
    r->has_doc = 1;
    yaml_parser_delete(&p);
    if (sim_yaml_check_keys(&r->doc, sw->path, r->errs, &r->is_dup))
        r->status = SIM_EINPUT; /* the first of each wins, to report every error */
    yaml_node_t *root = yaml_document_get_root_node(&r->doc);
    if (!root || root->type != YAML_MAPPING_NODE)
        return SIM_ERRS_RAISE(r->errs, SIM_EINPUT, sw->path,
                              root ? (int)root->start_mark.line + 1 : 1, 1, NULL,
                              "expected a mapping with keys %s", allowed_top);
    read_top(r, root);
    return r->status;
}

/* ---- checks against the parameter tables -------------------------------------------- */

/* Apply text to key on scratch values; an error is moved to (line, col) of the
 * design and appended. */
static int try_set(rd *r, sim_config_binding *b, const char *key, const char *text, int line,
                   int col)
{
    sim_errs tmp;
    sim_errs_init(&tmp);
    int rc = sim_config_set(b, 2, key, text, "design", &tmp);
    for (size_t i = 0; i < tmp.n; i++) {
        sim_err_locate(&tmp.v[i], r->sw->path, line, col, key);
        sim_errs_add(r->errs, &tmp.v[i]);
    }
    sim_errs_release(&tmp);
    if (rc)
        r->status = rc;
    return rc;
}

static const sim_param_desc *find_row(const sim_model_ops *m, const char *path)
{
    const sim_param_desc *d = sim_param_find(&sim_settings_table, path);
    return d ? d : sim_param_find(m->params, path);
}

static int is_continuous(sim_design_kind k)
{
    return k != SIM_DESIGN_GRID && k != SIM_DESIGN_LIST;
}

static void fmt_num(const sim_param_desc *d, double x, char *buf, size_t cap)
{
    if (d->type == SIM_PT_INT)
        snprintf(buf, cap, "%lld", (long long)llround(x));
    else
        snprintf(buf, cap, "%.17g", x);
}

static void check_param(rd *r, const sim_model_ops *m, sim_config_binding *b, sim_sweep_param *sp)
{
    sim_sweep *sw = r->sw;
    if (strncmp(sp->path, "run.", 4) == 0) {
        sim_errs_raise(r->errs, SIM_EINPUT, sw->path, sp->line, sp->col, sp->path, __FILE__,
                       __LINE__,
                       "run settings cannot vary within a sweep (expected a model parameter; "
                       "fix run.* under set:, seed: or replicates:)");
        r->status = SIM_EINPUT;
        return;
    }
    sp->desc = find_row(m, sp->path);
    if (!sp->desc) { /* the loader's message, with its did-you-mean */
        try_set(r, b, sp->path, "0", sp->line, sp->col);
        return;
    }
    for (size_t i = 0; i < sw->n_set; i++)
        if (strcmp(sw->set[i].path, sp->path) == 0)
            sim_errs_raise(r->errs, SIM_EINPUT, sw->path, sp->line, sp->col, sp->path, __FILE__,
                           __LINE__, "also fixed under set: (expected either, not both)"),
                r->status = SIM_EINPUT;
    int numeric = sp->desc->type == SIM_PT_DOUBLE || sp->desc->type == SIM_PT_INT;
    char buf[SIM_PARAM_STR_MAX];
    if (is_continuous(sw->kind)) {
        if (sp->n_values || isnan(sp->min) || isnan(sp->max) || !numeric) {
            char allowed[256];
            sim_param_allowed(sp->desc, allowed, sizeof allowed);
            sim_errs_raise(r->errs, SIM_EINPUT, sw->path, sp->line, sp->col, sp->path, __FILE__,
                           __LINE__,
                           "a %s design needs {min: A, max: B} of a numeric parameter (this one "
                           "takes %s; list values with design type grid or list)",
                           sim_design_names[sw->kind], allowed);
            r->status = SIM_EINPUT;
            return;
        }
        if (!(sp->min < sp->max) || (sp->log && sp->min <= 0)) {
            sim_errs_raise(r->errs, SIM_EINPUT, sw->path, sp->line, sp->col, sp->path, __FILE__,
                           __LINE__, "range %g to %g is empty (expected min < max%s)", sp->min,
                           sp->max, sp->log ? ", and min > 0 for scale: log" : "");
            r->status = SIM_EINPUT;
            return;
        }
        fmt_num(sp->desc, sp->min, buf, sizeof buf);
        try_set(r, b, sp->path, buf, sp->line, sp->col);
        fmt_num(sp->desc, sp->max, buf, sizeof buf);
        try_set(r, b, sp->path, buf, sp->line, sp->col);
    } else {
        if (!sp->n_values || !isnan(sp->min) || !isnan(sp->max)) {
            sim_errs_raise(r->errs, SIM_EINPUT, sw->path, sp->line, sp->col, sp->path, __FILE__,
                           __LINE__,
                           "a %s design needs {values: [...]} (min and max are for "
                           "latin, sobol, saltelli and morris)",
                           sim_design_names[sw->kind]);
            r->status = SIM_EINPUT;
            return;
        }
        for (size_t i = 0; i < sp->n_values; i++)
            try_set(r, b, sp->path, sp->values[i], sp->line, sp->col);
    }
}

static int check_design(rd *r)
{
    sim_sweep *sw = r->sw;
    const char *dn = sim_design_names[sw->kind];
    int line = r->line_design ? r->line_design : 1, col = r->line_design ? r->col_design : 1;
    if (!sw->scenario_path[0])
        return SIM_ERRS_RAISE(r->errs, SIM_EINPUT, sw->path, 1, 1, "scenario",
                              "missing (expected the base scenario file, e.g. scenario: "
                              "../baseline.yaml)");
    if (!r->has_design_type)
        return SIM_ERRS_RAISE(r->errs, SIM_EINPUT, sw->path, line, col, "design.type",
                              "missing (expected one of: grid, list, latin, sobol, saltelli, "
                              "morris)");
    if (!sw->k)
        return SIM_ERRS_RAISE(r->errs, SIM_EINPUT, sw->path, r->line_params ? r->line_params : 1,
                              r->line_params ? r->col_params : 1, "parameters",
                              "no parameter to vary (expected at least one)");
    if (is_continuous(sw->kind) && !sw->n_req)
        return SIM_ERRS_RAISE(r->errs, SIM_EINPUT, sw->path, line, col, "design.points",
                              "missing (a %s design needs the number of %s)", dn,
                              sw->kind == SIM_DESIGN_MORRIS     ? "trajectories"
                              : sw->kind == SIM_DESIGN_SALTELLI ? "base samples n"
                                                                : "points");
    if (!is_continuous(sw->kind) && sw->n_req)
        return SIM_ERRS_RAISE(r->errs, SIM_EINPUT, sw->path, line, col, "design.points",
                              "a %s design takes its points from the values listed (expected "
                              "no points)",
                              dn);
    if (sw->levels && sw->kind != SIM_DESIGN_MORRIS)
        return SIM_ERRS_RAISE(r->errs, SIM_EINPUT, sw->path, line, col, "design.levels",
                              "only a morris design has levels");
    size_t kmax = sw->kind == SIM_DESIGN_SOBOL      ? SIM_DESIGN_SOBOL_MAX
                  : sw->kind == SIM_DESIGN_SALTELLI ? SIM_DESIGN_SOBOL_MAX / 2
                                                    : SWEEP_MAX_PARAMS;
    if (sw->k > kmax)
        return SIM_ERRS_RAISE(r->errs, SIM_EINPUT, sw->path, r->line_params, r->col_params,
                              "parameters", "%zu parameters (a %s design takes at most %zu)", sw->k,
                              dn, kmax);
    if (sw->kind == SIM_DESIGN_SALTELLI && sw->n_req < 2)
        return SIM_ERRS_RAISE(r->errs, SIM_EINPUT, sw->path, line, col, "design.points",
                              "a saltelli design needs at least 2 base samples");
    return SIM_OK;
}

/* ---- points ---------------------------------------------------------------------------- */

static size_t count_points(const sim_sweep *sw, sim_errs *errs)
{
    double n = 1;
    switch (sw->kind) {
    case SIM_DESIGN_GRID:
        for (size_t j = 0; j < sw->k; j++)
            n *= (double)sw->par[j].n_values;
        break;
    case SIM_DESIGN_LIST:
        n = (double)sw->par[0].n_values;
        for (size_t j = 1; j < sw->k; j++)
            if (sw->par[j].n_values != sw->par[0].n_values) {
                SIM_ERRS_RAISE(errs, SIM_EINPUT, sw->path, sw->par[j].line, sw->par[j].col,
                               sw->par[j].path,
                               "%zu values, but %s has %zu (a list design pairs the i-th values "
                               "of every parameter: expected equal lengths)",
                               sw->par[j].n_values, sw->par[0].path, sw->par[0].n_values);
                return 0;
            }
        break;
    case SIM_DESIGN_SALTELLI:
        n = (double)sw->n_req * (double)(sw->k + 2);
        break;
    case SIM_DESIGN_MORRIS:
        n = (double)sw->n_req * (double)(sw->k + 1);
        break;
    default:
        n = (double)sw->n_req;
    }
    if (n > SWEEP_MAX_POINTS) {
        SIM_ERRS_RAISE(errs, SIM_EINPUT, sw->path, 1, 1, "design",
                       "%.0f points (expected at most %d)", n, SWEEP_MAX_POINTS);
        return 0;
    }
    return (size_t)n;
}

static int make_unit(sim_sweep *sw)
{
    size_t n = sw->n_points, k = sw->k;
    if (!(sw->unit = malloc(n * k * sizeof *sw->unit)))
        return SIM_ENOMEM;
    uint32_t seed = (uint32_t)sw->seed;
    switch (sw->kind) {
    case SIM_DESIGN_LATIN:
        return sim_design_latin(n, k, seed, sw->unit);
    case SIM_DESIGN_SOBOL:
        return sim_design_sobol(n, k, sw->unit);
    case SIM_DESIGN_SALTELLI:
        return sim_design_saltelli(sw->n_req, k, sw->unit);
    default:
        return sim_design_morris(sw->n_req, k, sw->levels ? sw->levels : 4, seed, sw->unit);
    }
}

static double from_unit(const sim_sweep_param *sp, double u)
{
    double x = sp->log ? exp(log(sp->min) + u * (log(sp->max) - log(sp->min)))
                       : sp->min + u * (sp->max - sp->min);
    x = x < sp->min ? sp->min : x > sp->max ? sp->max : x;
    return sp->desc->type == SIM_PT_INT ? (double)llround(x) : x;
}

static int make_points(sim_sweep *sw, sim_errs *errs)
{
    size_t n = sw->n_points = count_points(sw, errs), k = sw->k;
    if (!n)
        return SIM_EINPUT;
    sw->point_text = calloc(n * k, sizeof *sw->point_text);
    sw->point_value = malloc(n * k * sizeof *sw->point_value);
    if (!sw->point_text || !sw->point_value)
        return SIM_ERRS_RAISE(errs, SIM_ENOMEM, sw->path, 0, 0, NULL, "out of memory");
    if (is_continuous(sw->kind)) {
        if (make_unit(sw))
            return SIM_ERRS_RAISE(errs, SIM_ENOMEM, sw->path, 0, 0, NULL, "out of memory");
        for (size_t i = 0; i < n * k; i++) {
            const sim_sweep_param *sp = &sw->par[i % k];
            sw->point_value[i] = from_unit(sp, sw->unit[i]);
            fmt_num(sp->desc, sw->point_value[i], sw->point_text[i], sizeof sw->point_text[i]);
        }
        return SIM_OK;
    }
    for (size_t p = 0; p < n; p++) {
        size_t rest = p;
        for (size_t jj = k; jj-- > 0;) { /* grid: the first parameter varies slowest */
            const sim_sweep_param *sp = &sw->par[jj];
            size_t v = sw->kind == SIM_DESIGN_LIST ? p : rest % sp->n_values;
            rest /= sp->n_values;
            snprintf(sw->point_text[p * k + jj], SIM_PARAM_STR_MAX, "%s", sp->values[v]);
            char *end;
            double x = strtod(sp->values[v], &end);
            int num = sp->desc->type == SIM_PT_DOUBLE || sp->desc->type == SIM_PT_INT;
            sw->point_value[p * k + jj] = num && !*end ? x : NAN;
        }
    }
    return SIM_OK;
}

/* ---- loading --------------------------------------------------------------------------- */

static void base_name(const char *path, char *out, size_t cap)
{
    const char *s = strrchr(path, '/');
    s = s ? s + 1 : path;
    size_t n = strlen(s);
    if (n > 5 && strcmp(s + n - 5, ".yaml") == 0)
        n -= 5;
    else if (n > 4 && strcmp(s + n - 4, ".yml") == 0)
        n -= 4;
    snprintf(out, cap, "%.*s", (int)n, s);
}

/* Apply set:, seed: and replicates: to the base scenario. */
static void apply_fixed(rd *r, sim_config_binding *b)
{
    sim_sweep *sw = r->sw;
    char buf[32];
    for (size_t i = 0; i < sw->n_set; i++)
        try_set(r, b, sw->set[i].path, sw->set[i].text, sw->set[i].line, sw->set[i].col);
    if (sw->has_seed) {
        snprintf(buf, sizeof buf, "%lld", (long long)sw->seed);
        try_set(r, b, "run.seed", buf, 0, 0);
    }
    if (sw->has_replicates) {
        snprintf(buf, sizeof buf, "%lld", (long long)sw->replicates);
        try_set(r, b, "run.replicates", buf, 0, 0);
    }
    sw->seed = sw->base.run.seed;
    sw->replicates = sw->base.run.replicates;
    if (sw->summaries_from >= sw->base.run.months)
        SIM_ERRS_RAISE(r->errs, SIM_EINPUT, sw->path, 0, 0, "summaries_from_month",
                       "month %lld is not in the run (expected 0 to %lld)",
                       (long long)sw->summaries_from, (long long)sw->base.run.months - 1),
            r->status = SIM_EINPUT;
}

int sim_sweep_point_params(const sim_model_ops *m, const sim_sweep *sw, size_t p, void *params,
                           sim_settings *run, sim_errs *errs)
{
    memcpy(params, sw->base.params, m->params->struct_size);
    *run = sw->base.run;
    sim_config_binding b[2] = {{&sim_settings_table, run}, {m->params, params}};
    int rc = SIM_OK;
    for (size_t j = 0; j < sw->k; j++) {
        int rc1 =
            sim_config_set(b, 2, sw->par[j].path, sw->point_text[p * sw->k + j], "design", errs);
        rc = rc ? rc : rc1;
    }
    return rc;
}

/* Every point, applied to the base and checked as the model would check a
 * scenario (stops after a few bad points: they are alike). */
static int check_points(rd *r, const sim_model_ops *m)
{
    sim_sweep *sw = r->sw;
    void *params = malloc(m->params->struct_size);
    sim_settings run;
    int bad = 0;
    if (!params)
        return SIM_ENOMEM;
    for (size_t p = 0; p < sw->n_points && bad < 3; p++) {
        sim_errs tmp;
        sim_errs_init(&tmp);
        int rc = sim_sweep_point_params(m, sw, p, params, &run, &tmp);
        rc = rc ? rc : m->validate(params, &tmp);
        for (size_t i = 0; i < tmp.n; i++) {
            sim_err e = tmp.v[i];
            char msg[SIM_ERR_MSG + 40];
            snprintf(msg, sizeof msg, "at design point %zu: %s", p, e.msg);
            memcpy(e.msg, msg, sizeof e.msg - 1);
            e.msg[sizeof e.msg - 1] = '\0';
            if (!e.file[0] || strcmp(e.file, "design") == 0) { /* at the varied key */
                char key[SIM_ERR_KEY];
                int line = 0, col = 0;
                snprintf(key, sizeof key, "%s", e.key);
                for (size_t j = 0; j < sw->k; j++)
                    if (strcmp(sw->par[j].path, key) == 0)
                        line = sw->par[j].line, col = sw->par[j].col;
                sim_err_locate(&e, sw->path, line, col, key[0] ? key : NULL);
            }
            sim_errs_add(r->errs, &e);
        }
        sim_errs_release(&tmp);
        if (rc)
            bad++, r->status = rc;
    }
    free(params);
    return r->status;
}

int sim_sweep_load(const sim_model_ops *m, const char *path, sim_sweep *sw, sim_errs *errs)
{
    memset(sw, 0, sizeof *sw);
    snprintf(sw->path, sizeof sw->path, "%s", path);
    base_name(path, sw->name, sizeof sw->name);
    int rc = read_file(path, &sw->text, errs);
    if (rc)
        return rc;
    rd r;
    memset(&r, 0, sizeof r);
    r.sw = sw;
    r.errs = errs;
    rc = parse(&r);
    if (r.has_doc)
        yaml_document_delete(&r.doc);
    free(r.is_dup);
    if (!rc)
        rc = check_design(&r);
    if (rc)
        return rc;
    size_t before = errs->n;
    rc = sim_run_load(m, sw->scenario_path, NULL, 0, &sw->base, errs);
    sw->has_base = 1;
    if (!rc)
        rc = m->validate(sw->base.params, errs);
    if (rc) {
        if (errs->n == before || !errs->v[before].file[0])
            SIM_ERRS_RAISE(errs, rc, sw->path, 0, 0, "scenario",
                           "the base scenario %s has errors (above)", sw->scenario_path);
        return rc;
    }
    sim_config_binding b[2] = {{&sim_settings_table, &sw->base.run}, {m->params, sw->base.params}};
    apply_fixed(&r, b);
    /* checks write into a scratch copy of the base */
    void *scratch = malloc(m->params->struct_size);
    sim_settings srun = sw->base.run;
    if (!scratch)
        return SIM_ENOMEM;
    memcpy(scratch, sw->base.params, m->params->struct_size);
    sim_config_binding sb[2] = {{&sim_settings_table, &srun}, {m->params, scratch}};
    for (size_t j = 0; j < sw->k; j++)
        check_param(&r, m, sb, &sw->par[j]);
    free(scratch);
    if (r.status)
        return r.status;
    if ((rc = make_points(sw, errs)))
        return rc;
    return check_points(&r, m);
}

void sim_sweep_release(sim_sweep *sw)
{
    for (size_t j = 0; j < sw->k; j++)
        free(sw->par[j].values);
    free(sw->par);
    free(sw->set);
    free(sw->text);
    free(sw->point_text);
    free(sw->point_value);
    free(sw->unit);
    if (sw->has_base)
        sim_loaded_release(&sw->base);
    memset(sw, 0, sizeof *sw);
}
