#include "mdl_areas.h"

#include "../sim/sim_csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sums of shares must be 1 up to the rounding of 6 significant digits. */
#define SHARE_SUM_TOLERANCE 1e-3
/* Largest census count of an area we accept (sanity bound, not a model limit). */
#define AREA_POPULATION_MAX 1e8

static const char *const area_cols[] = {"code",
                                        "country",
                                        "name",
                                        "population",
                                        "sex_ratio",
                                        "urban_share",
                                        "borders_thailand",
                                        "mean_household_size",
                                        "female_head_share",
                                        "poverty_rate",
                                        "conflict_affected",
                                        "flood_exposure"};
enum {
    C_CODE,
    C_COUNTRY,
    C_NAME,
    C_POP,
    C_SEXR,
    C_URBAN,
    C_BORDER,
    C_HHSIZE,
    C_FHEAD,
    C_POOR,
    C_CONFLICT,
    C_FLOOD,
    N_AREA_COLS
};

static void add_err(sim_errs *errs, sim_err *e)
{
    sim_errs_add(errs, e);
    sim_err_clear(e);
}

static int columns(const sim_csv *c, const char *const *names, int n, int *idx, sim_errs *errs)
{
    sim_err e;
    sim_err_clear(&e);
    int rc = SIM_OK;
    for (int i = 0; i < n; i++)
        if ((idx[i] = sim_csv_column(c, names[i], &e)) < 0) {
            add_err(errs, &e);
            rc = SIM_EINPUT;
        }
    return rc;
}

static void copy_field(char *dst, size_t cap, const sim_csv *c, int col)
{
    snprintf(dst, cap, "%s", sim_csv_text(c, col));
}

static int parse_area(const sim_csv *c, const int *k, int k_minority, mdl_area *a, sim_errs *errs)
{
    double b[3];
    copy_field(a->code, sizeof a->code, c, k[C_CODE]);
    copy_field(a->country, sizeof a->country, c, k[C_COUNTRY]);
    copy_field(a->name, sizeof a->name, c, k[C_NAME]);
    int rc = sim_csv_double(c, k[C_POP], 1, AREA_POPULATION_MAX, &a->population, errs);
    rc |= sim_csv_double(c, k[C_SEXR], 50, 200, &a->sex_ratio, errs);
    rc |= sim_csv_double(c, k[C_URBAN], 0, 1, &a->urban_share, errs);
    rc |= sim_csv_double(c, k[C_HHSIZE], 1, 15, &a->mean_household_size, errs);
    rc |= sim_csv_double(c, k[C_FHEAD], 0, 1, &a->female_head_share, errs);
    rc |= sim_csv_double(c, k[C_POOR], 0, 1, &a->poverty_rate, errs);
    rc |= sim_csv_double(c, k[C_BORDER], 0, 1, &b[0], errs);
    rc |= sim_csv_double(c, k[C_CONFLICT], 0, 1, &b[1], errs);
    rc |= sim_csv_double(c, k[C_FLOOD], 0, 1, &b[2], errs);
    a->minority_share = -1;
    if (k_minority >= 0)
        rc |= sim_csv_double(c, k_minority, 0, 1, &a->minority_share, errs);
    a->borders_thailand = b[0] > 0.5;
    a->conflict_affected = b[1] > 0.5;
    a->flood_exposure = b[2] > 0.5;
    return rc ? SIM_EINPUT : SIM_OK;
}

static int grow(mdl_areas *a, size_t *cap)
{
    if (a->n < *cap)
        return 0;
    *cap = *cap ? 2 * *cap : 64;
    mdl_area *v = realloc(a->v, *cap * sizeof *v);
    if (!v)
        return -1;
    a->v = v;
    return 0;
}

static int load_areas(mdl_areas *a, const char *path, sim_errs *errs)
{
    sim_csv c;
    sim_err e;
    sim_err_clear(&e);
    int k[N_AREA_COLS], rc, more;
    if ((rc = sim_csv_open(&c, path, &e))) {
        add_err(errs, &e);
        return rc;
    }
    rc = columns(&c, area_cols, N_AREA_COLS, k, errs);
    int k_minority = -1; /* optional column */
    for (size_t i = 0; i < c.n_cols; i++)
        if (strcmp(c.cols[i], "minority_share") == 0)
            k_minority = (int)i;
    size_t cap = 0;
    while (!rc && (more = sim_csv_next(&c, &e)) != 0) {
        if (more < 0 || grow(a, &cap)) {
            add_err(errs, &e);
            rc = SIM_EINPUT;
            break;
        }
        if (parse_area(&c, k, k_minority, &a->v[a->n], errs) == SIM_OK)
            a->n++;
        else
            rc = SIM_EINPUT;
    }
    if (!rc && a->n == 0) {
        sim_err_locate(&e, path, 0, 0, NULL);
        SIM_RAISE(&e, SIM_EINPUT, "no areas (expected one row per origin area)");
        add_err(errs, &e);
        rc = SIM_EINPUT;
    }
    sim_csv_release(&c);
    return rc;
}

static mdl_age_sex *country_slot(mdl_areas *a, const char *country)
{
    for (size_t i = 0; i < a->n_countries; i++)
        if (strcmp(a->countries_age[i].country, country) == 0)
            return &a->countries_age[i];
    if (a->n_countries == sizeof a->countries_age / sizeof a->countries_age[0])
        return NULL;
    mdl_age_sex *s = &a->countries_age[a->n_countries++];
    memset(s, 0, sizeof *s);
    snprintf(s->country, sizeof s->country, "%s", country);
    return s;
}

static int parse_age_row(mdl_areas *a, const sim_csv *c, const int *k, sim_errs *errs)
{
    double from, to, male, female;
    int rc = sim_csv_double(c, k[1], 0, 120, &from, errs);
    rc |= sim_csv_double(c, k[2], 0, 120, &to, errs);
    rc |= sim_csv_double(c, k[3], 0, 1, &male, errs);
    rc |= sim_csv_double(c, k[4], 0, 1, &female, errs);
    mdl_age_sex *s = country_slot(a, sim_csv_text(c, k[0]));
    if (rc || !s || s->n_groups == MDL_MAX_AGE_GROUPS || to < from) {
        return SIM_ERRS_RAISE(errs, SIM_EINPUT, c->path, c->line, 1, NULL,
                              "bad age group row (expected age_from <= age_to, at most %d groups "
                              "and 4 countries)",
                              MDL_MAX_AGE_GROUPS);
    }
    size_t g = s->n_groups++;
    s->age_from[g] = (int)from;
    s->age_to[g] = (int)to + 1;
    s->male[g] = male;
    s->female[g] = female;
    return SIM_OK;
}

static int load_age_sex(mdl_areas *a, const char *path, sim_errs *errs)
{
    static const char *const cols[] = {"country", "age_from", "age_to", "male_share",
                                       "female_share"};
    sim_csv c;
    sim_err e;
    sim_err_clear(&e);
    int k[5], rc, more;
    if ((rc = sim_csv_open(&c, path, &e))) {
        add_err(errs, &e);
        return rc;
    }
    rc = columns(&c, cols, 5, k, errs);
    while (!rc && (more = sim_csv_next(&c, &e)) != 0) {
        if (more < 0) {
            add_err(errs, &e);
            rc = SIM_EINPUT;
            break;
        }
        rc |= parse_age_row(a, &c, k, errs);
    }
    sim_csv_release(&c);
    return rc ? SIM_EINPUT : SIM_OK;
}

/* Every area's country has an age-sex structure whose shares sum to 1. */
static int check_countries(const mdl_areas *a, const char *path, sim_errs *errs)
{
    sim_err e;
    sim_err_clear(&e);
    int rc = SIM_OK;
    for (size_t i = 0; i < a->n_countries; i++) {
        const mdl_age_sex *s = &a->countries_age[i];
        double sum = 0;
        for (size_t g = 0; g < s->n_groups; g++)
            sum += s->male[g] + s->female[g];
        if (sum < 1 - SHARE_SUM_TOLERANCE || sum > 1 + SHARE_SUM_TOLERANCE) {
            sim_err_locate(&e, path, 0, 0, s->country);
            SIM_RAISE(&e, SIM_EINPUT, "shares sum to %.6f (expected 1)", sum);
            add_err(errs, &e);
            rc = SIM_EINPUT;
        }
    }
    for (size_t i = 0; i < a->n; i++)
        if (!mdl_areas_age_sex(a, i)) {
            sim_err_locate(&e, path, 0, 0, a->v[i].country);
            SIM_RAISE(&e, SIM_EINPUT, "no age-sex rows for country of area %s", a->v[i].code);
            add_err(errs, &e);
            rc = SIM_EINPUT;
        }
    return rc;
}

static int make_name_lists(mdl_areas *a)
{
    a->codes = malloc(a->n * sizeof *a->codes);
    a->names = malloc(a->n * sizeof *a->names);
    a->countries = malloc(a->n * sizeof *a->countries);
    if (!a->codes || !a->names || !a->countries)
        return SIM_ENOMEM;
    for (size_t i = 0; i < a->n; i++) {
        a->codes[i] = a->v[i].code;
        a->names[i] = a->v[i].name;
        a->countries[i] = a->v[i].country;
        a->v[i].country_index = (int)(mdl_areas_age_sex(a, i) - a->countries_age);
    }
    return SIM_OK;
}

/* Make room for one more element in a growing array. */
static int grow_array(void **v, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return 0;
    size_t c = *cap ? 2 * *cap : 64;
    void *nv = realloc(*v, c * elem);
    if (!nv)
        return -1;
    *v = nv;
    *cap = c;
    return 0;
}

/* Parse one record of a table into the areas; SIM_OK, SIM_EINPUT or SIM_ENOMEM. */
typedef int (*row_fn)(mdl_areas *a, const sim_csv *c, const int *k, size_t *cap, sim_errs *errs);

/* Read a table: open it, find its columns, hand each record to parse; stop
 * at the first bad record (its errors are all reported). */
static int load_table(mdl_areas *a, const char *path, const char *const *cols, int n_cols,
                      row_fn parse, sim_errs *errs)
{
    sim_csv c;
    sim_err e;
    sim_err_clear(&e);
    int k[SIM_CSV_MAX_FIELDS], rc, more;
    size_t cap = 0;
    if ((rc = sim_csv_open(&c, path, &e))) {
        add_err(errs, &e);
        return rc;
    }
    rc = columns(&c, cols, n_cols, k, errs);
    while (!rc && (more = sim_csv_next(&c, &e)) != 0) {
        if (more < 0) {
            add_err(errs, &e);
            rc = SIM_EINPUT;
        } else {
            rc = parse(a, &c, k, &cap, errs);
        }
    }
    sim_csv_release(&c);
    return rc;
}

static int fact_row(mdl_areas *a, const sim_csv *c, const int *k, size_t *cap, sim_errs *errs)
{
    if (grow_array((void **)&a->facts, cap, a->n_facts, sizeof *a->facts))
        return SIM_ENOMEM;
    mdl_fact *f = &a->facts[a->n_facts];
    snprintf(f->country, sizeof f->country, "%s", sim_csv_text(c, k[0]));
    snprintf(f->indicator, sizeof f->indicator, "%s", sim_csv_text(c, k[1]));
    snprintf(f->sex, sizeof f->sex, "%s", sim_csv_text(c, k[2]));
    if (sim_csv_double(c, k[3], -1e12, 1e12, &f->value, errs))
        return SIM_EINPUT;
    a->n_facts++;
    return SIM_OK;
}

static int load_facts(mdl_areas *a, const char *path, sim_errs *errs)
{
    static const char *const cols[] = {"country", "indicator", "sex", "value"};
    return load_table(a, path, cols, 4, fact_row, errs);
}

static int parse_edu_row(const sim_csv *c, const int *k, mdl_edu_row *r, sim_errs *errs)
{
    double from, to, sum = 0;
    const char *sex = sim_csv_text(c, k[1]);
    snprintf(r->country, sizeof r->country, "%s", sim_csv_text(c, k[0]));
    int rc = sim_csv_double(c, k[2], 1800, 2200, &from, errs);
    rc |= sim_csv_double(c, k[3], 1800, 2200, &to, errs);
    for (int l = 0; l < 4; l++) {
        rc |= sim_csv_double(c, k[4 + l], 0, 1, &r->share[l], errs);
        sum += r->share[l];
    }
    r->birth_from = (int)from;
    r->birth_to = (int)to;
    r->sex = strcmp(sex, "male") == 0 ? 1 : strcmp(sex, "female") == 0 ? 0 : -1;
    if (rc || r->sex < 0 || sum < 1 - SHARE_SUM_TOLERANCE || sum > 1 + SHARE_SUM_TOLERANCE) {
        return SIM_ERRS_RAISE(errs, SIM_EINPUT, c->path, c->line, 1, NULL,
                              "bad schooling row (expected sex male or female and four shares "
                              "summing to 1, got %.6f)",
                              sum);
    }
    return SIM_OK;
}

static int edu_row(mdl_areas *a, const sim_csv *c, const int *k, size_t *cap, sim_errs *errs)
{
    if (grow_array((void **)&a->edu, cap, a->n_edu, sizeof *a->edu))
        return SIM_ENOMEM;
    if (parse_edu_row(c, k, &a->edu[a->n_edu], errs))
        return SIM_EINPUT;
    a->n_edu++;
    return SIM_OK;
}

static int load_education(mdl_areas *a, const char *path, sim_errs *errs)
{
    static const char *const cols[] = {"country", "sex",     "birth_from",      "birth_to",
                                       "none",    "primary", "lower_secondary", "upper_secondary"};
    return load_table(a, path, cols, 8, edu_row, errs);
}

int mdl_areas_fact(const mdl_areas *a, const char *country, const char *indicator, const char *sex,
                   double *out, sim_errs *errs)
{
    for (size_t i = 0; i < a->n_facts; i++) {
        const mdl_fact *f = &a->facts[i];
        if (!strcmp(f->country, country) && !strcmp(f->indicator, indicator) &&
            !strcmp(f->sex, sex)) {
            *out = f->value;
            return SIM_OK;
        }
    }
    char path[SIM_ERR_PATH + 16];
    snprintf(path, sizeof path, "%s/national.csv", a->dir);
    return SIM_ERRS_RAISE(errs, SIM_EINPUT, path, 0, 0, indicator,
                          "no row for country %s, sex %s (expected one)", country, sex);
}

const mdl_edu_row *mdl_areas_education(const mdl_areas *a, const char *country, int sex,
                                       int birth_year)
{
    const mdl_edu_row *best = NULL;
    int best_dist = 0;
    for (size_t i = 0; i < a->n_edu; i++) {
        const mdl_edu_row *r = &a->edu[i];
        if (strcmp(r->country, country) != 0 || r->sex != sex)
            continue;
        int dist = birth_year < r->birth_from ? r->birth_from - birth_year
                   : birth_year > r->birth_to ? birth_year - r->birth_to
                                              : 0;
        if (!best || dist < best_dist)
            best = r, best_dist = dist;
    }
    return best;
}

int mdl_areas_load(mdl_areas *a, const char *dir, sim_errs *errs)
{
    char path[SIM_ERR_PATH + 32], apath[SIM_ERR_PATH + 32];
    memset(a, 0, sizeof *a);
    snprintf(apath, sizeof apath, "%s/areas.csv", dir);
    snprintf(path, sizeof path, "%s/age_sex.csv", dir);
    snprintf(a->dir, sizeof a->dir, "%s", dir);
    int rc = load_areas(a, apath, errs);
    rc |= load_age_sex(a, path, errs);
    snprintf(apath, sizeof apath, "%s/national.csv", dir);
    rc |= load_facts(a, apath, errs);
    snprintf(apath, sizeof apath, "%s/education.csv", dir);
    rc |= load_education(a, apath, errs);
    if (!rc)
        rc = check_countries(a, path, errs);
    if (!rc && make_name_lists(a)) {
        sim_err e;
        sim_err_clear(&e);
        SIM_RAISE(&e, SIM_ENOMEM, "out of memory");
        return sim_errs_add(errs, &e);
    }
    return rc ? SIM_EINPUT : SIM_OK;
}

void mdl_areas_release(mdl_areas *a)
{
    free(a->v);
    free(a->codes);
    free(a->names);
    free(a->countries);
    free(a->facts);
    free(a->edu);
    memset(a, 0, sizeof *a);
}

const mdl_age_sex *mdl_areas_age_sex(const mdl_areas *a, size_t area)
{
    for (size_t i = 0; i < a->n_countries; i++)
        if (strcmp(a->countries_age[i].country, a->v[area].country) == 0)
            return &a->countries_age[i];
    return NULL;
}

int mdl_areas_parse_list(const mdl_areas *a, const char *list, const char *key, uint8_t *on,
                         sim_errs *errs)
{
    memset(on, list[0] == '\0', a->n);
    for (const char *s = list; *s;) {
        size_t len = strcspn(s, ","), ai = 0;
        while (ai < a->n && !(strlen(a->v[ai].code) == len && strncmp(a->v[ai].code, s, len) == 0))
            ai++;
        if (ai == a->n)
            return SIM_ERRS_RAISE(errs, SIM_EINPUT, NULL, 0, 0, key,
                                  "'%.*s' is not an area (expected codes of areas.csv, from %s "
                                  "to %s)",
                                  (int)len, s, a->v[0].code, a->v[a->n - 1].code);
        on[ai] = 1;
        s += len + (s[len] == ',');
    }
    return SIM_OK;
}
