#include "mdl_destinations.h"

#include "../sim/sim_csv.h"
#include "../sim/sim_rng.h"

#include <stdio.h>
#include <string.h>

enum { K_CODE, K_NAME, K_ISO, K_WAGE, K_IDENT, K_DEPORT, K_REGULAR, K_MARRIAGE, K_N };
static const char *const fixed_cols[K_N] = {"code",
                                            "name",
                                            "iso_numeric",
                                            "wage_ratio",
                                            "identification_ratio",
                                            "deportation_ratio",
                                            "regular_channel",
                                            "forced_marriage"};

/* Column indices: the fixed ones, then weight_<country> per origin country. */
static int find_columns(const sim_csv *c, const mdl_areas *areas, int *k, sim_errs *errs)
{
    sim_err e;
    sim_err_clear(&e);
    int rc = SIM_OK;
    for (int i = 0; i < K_N + (int)areas->n_countries; i++) {
        char name[32];
        if (i < K_N)
            snprintf(name, sizeof name, "%s", fixed_cols[i]);
        else
            snprintf(name, sizeof name, "weight_%s", areas->countries_age[i - K_N].country);
        if ((k[i] = sim_csv_column(c, name, &e)) < 0) {
            sim_errs_add(errs, &e);
            sim_err_clear(&e);
            rc = SIM_EINPUT;
        }
    }
    return rc;
}

static int flag_of(const sim_csv *c, int col, int *out, sim_errs *errs)
{
    const char *t = sim_csv_text(c, col);
    if (strcmp(t, "0") != 0 && strcmp(t, "1") != 0)
        return SIM_ERRS_RAISE(errs, SIM_EINPUT, c->path, c->line, c->field_col[col], c->cols[col],
                              "'%s' is not allowed (expected 0 or 1)", t);
    *out = t[0] == '1';
    return SIM_OK;
}

static int parse_row(const sim_csv *c, const int *k, size_t n_countries, mdl_destination *r,
                     sim_errs *errs)
{
    snprintf(r->code, sizeof r->code, "%s", sim_csv_text(c, k[K_CODE]));
    snprintf(r->name, sizeof r->name, "%s", sim_csv_text(c, k[K_NAME]));
    double iso;
    int rc = sim_csv_double(c, k[K_ISO], 1, 999, &iso, errs);
    r->iso_numeric = (int)iso;
    if (!rc && iso != r->iso_numeric)
        rc = SIM_ERRS_RAISE(errs, SIM_EINPUT, c->path, c->line, c->field_col[k[K_ISO]],
                            "iso_numeric",
                            "'%s' is not a whole number (expected an ISO 3166-1 numeric code, "
                            "1 to 999)",
                            sim_csv_text(c, k[K_ISO]));
    rc |= sim_csv_double(c, k[K_WAGE], 0.01, 100, &r->wage_ratio, errs);
    rc |= sim_csv_double(c, k[K_IDENT], 0, 100, &r->identification_ratio, errs);
    rc |= sim_csv_double(c, k[K_DEPORT], 0, 100, &r->deportation_ratio, errs);
    rc |= flag_of(c, k[K_REGULAR], &r->regular_channel, errs);
    rc |= flag_of(c, k[K_MARRIAGE], &r->forced_marriage, errs);
    for (size_t i = 0; i < n_countries; i++)
        rc |= sim_csv_double(c, k[K_N + (int)i], 0, 1e6, &r->weight[i], errs);
    return rc ? SIM_EINPUT : SIM_OK;
}

static int read_rows(mdl_destinations *d, sim_csv *c, const mdl_areas *areas, sim_errs *errs)
{
    int k[K_N + MDL_MAX_COUNTRIES], more, rc = find_columns(c, areas, k, errs);
    sim_err e;
    sim_err_clear(&e);
    while (!rc && (more = sim_csv_next(c, &e)) != 0) {
        if (more < 0)
            return sim_errs_add(errs, &e);
        if (d->n == MDL_MAX_DESTINATIONS)
            return SIM_ERRS_RAISE(errs, SIM_EINPUT, c->path, c->line, 1, NULL,
                                  "more than %d destinations (expected at most %d rows)",
                                  MDL_MAX_DESTINATIONS, MDL_MAX_DESTINATIONS);
        mdl_destination *r = &d->v[d->n];
        rc = parse_row(c, k, areas->n_countries, r, errs);
        for (size_t j = 0; !rc && j < d->n; j++)
            if (strcmp(d->v[j].code, r->code) == 0 || d->v[j].iso_numeric == r->iso_numeric)
                rc = SIM_ERRS_RAISE(errs, SIM_EINPUT, c->path, c->line, c->field_col[k[K_CODE]],
                                    "code",
                                    "destination '%s' listed twice (expected unique codes and "
                                    "iso_numeric)",
                                    r->code);
        if (!rc && r->forced_marriage && d->marriage >= 0)
            rc = SIM_ERRS_RAISE(errs, SIM_EINPUT, c->path, c->line, c->field_col[k[K_MARRIAGE]],
                                "forced_marriage",
                                "a second forced-marriage destination '%s' (expected at most one "
                                "row with 1)",
                                r->code);
        if (!rc && r->forced_marriage)
            d->marriage = (int)d->n;
        d->n += !rc;
    }
    return rc;
}

/* Cumulative shares per origin country; every country needs somewhere to go. */
static int shares(mdl_destinations *d, const mdl_areas *areas, const char *path, sim_errs *errs)
{
    for (size_t ci = 0; ci < areas->n_countries; ci++) {
        double sum = 0, acc = 0, wage = 0;
        for (size_t r = 0; r < d->n; r++)
            sum += d->v[r].weight[ci], wage += d->v[r].weight[ci] * d->v[r].wage_ratio;
        if (!(sum > 0))
            return SIM_ERRS_RAISE(errs, SIM_EINPUT, path, 0, 0, NULL,
                                  "column weight_%s is zero in every row (expected a positive "
                                  "weight for at least one destination)",
                                  areas->countries_age[ci].country);
        for (size_t r = 0; r < d->n; r++) {
            acc += d->v[r].weight[ci];
            d->cumulative[ci][r] = sim_rng_threshold(acc / sum);
        }
        d->wage_ratio_mean[ci] = wage / sum;
    }
    return SIM_OK;
}

int mdl_destinations_load(mdl_destinations *d, const char *path, const mdl_areas *areas,
                          sim_errs *errs)
{
    memset(d, 0, sizeof *d);
    d->marriage = -1;
    sim_csv c;
    sim_err e;
    sim_err_clear(&e);
    if (sim_csv_open(&c, path, &e))
        return sim_errs_add(errs, &e);
    int rc = read_rows(d, &c, areas, errs);
    if (!rc && d->n == 0)
        rc = SIM_ERRS_RAISE(errs, SIM_EINPUT, path, 0, 0, NULL,
                            "no destinations (expected at least one row)");
    sim_csv_release(&c);
    if (!rc)
        rc = shares(d, areas, path, errs);
    return rc ? SIM_EINPUT : SIM_OK;
}
