/* Tests of the parameter table's sources (issue 13, "honest sources"): every
 * number a scenario does not choose cites an evidence key, or says
 * `assumption` or `calibrated` with a plausible range (the prior that
 * `crossings calibrate` will use) inside its allowed range and around its
 * default. */
#include "../models/mdl_params.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* An evidence key: capitals and digits with a year (KISS2015, UNTWG2019+UNODC2013), a
 * field-report section (FIELD:3.3-recruiters) or a named source (SHELTER, GSMA). */
static int evidence_key(const char *s)
{
    if (strncmp(s, "FIELD:", 6) == 0 || strcmp(s, "SHELTER") == 0 || strcmp(s, "GSMA") == 0)
        return 1;
    int digits = 0;
    for (const char *c = s; *c; c++) {
        if (!isupper((unsigned char)*c) && !isdigit((unsigned char)*c) && *c != '+')
            return 0;
        digits += isdigit((unsigned char)*c) != 0;
    }
    return digits >= 4;
}

static int numeric(const sim_param_desc *d)
{
    return d->type == SIM_PT_DOUBLE || d->type == SIM_PT_INT;
}

static void test_sources__every_number_is_sourced_or_has_a_prior(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t r = 0; r < mdl_params_table.n_rows; r++) {
        const sim_param_desc *d = &mdl_params_table.rows[r];
        const char *s = d->source;
        double lo, hi;
        int guess = strncmp(s, "assumption", 10) == 0 || strncmp(s, "calibrated", 10) == 0;
        int ok = strncmp(s, "scenario", 8) == 0 || (!guess && evidence_key(s)) ||
                 (guess && !numeric(d) && strcmp(s, "assumption") == 0);
        if (guess && numeric(d) && sim_param_prior(d, &lo, &hi))
            ok = d->min <= lo && lo < hi && hi <= d->max && lo <= d->def && d->def <= hi;
        if (!ok) {
            fprintf(stderr, "%s: source '%s' (default %g, allowed %g..%g)\n", d->path, s, d->def,
                    d->min, d->max);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

/* The prior parser reads the bracket and refuses anything else. */
static void test_sources__prior_parser(void **state)
{
    (void)state;
    sim_param_desc d = {0};
    double lo, hi;
    d.source = "assumption [0.2, 0.6]";
    assert_true(sim_param_prior(&d, &lo, &hi));
    assert_true(lo == 0.2 && hi == 0.6);
    d.source = "calibrated [3, 24]";
    assert_true(sim_param_prior(&d, &lo, &hi) && lo == 3 && hi == 24);
    d.source = "assumption";
    assert_false(sim_param_prior(&d, &lo, &hi));
    d.source = "assumption [0.2, 0.6";
    assert_false(sim_param_prior(&d, &lo, &hi));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sources__every_number_is_sourced_or_has_a_prior),
        cmocka_unit_test(test_sources__prior_parser),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
