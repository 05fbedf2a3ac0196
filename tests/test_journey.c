/* Tests of the journey (phases 6 to 11): degenerate invariants, flows that
 * balance stocks, and sampled shares against their parameters. */
#define _POSIX_C_SOURCE 200809L
#include "../models/mdl_abroad.h"
#include "../models/mdl_journey.h"
#include "../models/mdl_return.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"
#include "test_world.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define SCALE  0.004
#define MONTHS 36

/* Run months of a world; totals by metric over all months, areas and groups
 * (and by group), plus every month's metrics when keep is set. */
typedef struct run_totals {
    double all[MDL_N_METRICS];
    double group[MDL_N_GROUPS][MDL_N_METRICS];
} run_totals;

static void add_month(const mdl_world *w, const double *m, run_totals *t)
{
    for (size_t a = 0; a < w->areas.n; a++)
        for (int g = 0; g < MDL_N_GROUPS; g++)
            for (int k = 0; k < MDL_N_METRICS; k++) {
                double x = m[a * MDL_PARTIAL_WIDTH + mdl_metric_at(g, k)];
                t->all[k] += x;
                t->group[g][k] += x;
            }
}

static run_totals run(const mdl_params *p, uint32_t seed)
{
    run_totals t = {{0}, {{0}}};
    mdl_world *w = test_world(p, SCALE, seed, 0);
    assert_non_null(w);
    double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    for (uint32_t mo = 0; mo < MONTHS; mo++) {
        test_step(w, mo, m, 0);
        add_month(w, m, &t);
    }
    free(m);
    mdl_world_free(w);
    return t;
}

static void no_deception(mdl_params *p)
{
    p->agency_deception = p->broker_deception = p->kin_deception = p->online_deception = 0;
    p->coercion_hazard = 0;
}

static void test_journey__no_deception_no_trafficking_of_adults(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    no_deception(&p);
    p.exploit_share = 0;
    p.bondage_limit_months = 120; /* no debt beyond what the job repays */
    run_totals t = run(&p, 41);
    assert_true(t.all[MDL_M_migrations] > 500);
    assert_close(t.group[MDL_WOMEN][MDL_M_trafficked_new] + t.group[MDL_MEN][MDL_M_trafficked_new],
                 0, 0, 0);
    assert_close(t.all[MDL_M_offers_declined], 0, 0, 0);
}

/* A child placed in exploitation is trafficked whatever the means. */
static void test_journey__child_exploitation_is_trafficking(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    no_deception(&p);
    p.exploit_share = 1;
    run_totals t = run(&p, 42);
    for (int g = 0; g < MDL_N_GROUPS; g++) {
        int child = g == MDL_GIRLS || g == MDL_BOYS;
        double placed_exploited = t.group[g][MDL_M_placed_exploited];
        double trafficked = t.group[g][MDL_M_trafficked_new];
        assert_close(t.group[g][MDL_M_placed_decent], 0, 0, 0);
        if (child) {
            assert_close(placed_exploited, 0, 0, 0);
            assert_true(trafficked > 0);
        } else {
            assert_true(placed_exploited > 0);
        }
    }
}

static void test_journey__no_identification_nothing_detected(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.inspection_hazard = p.police_hazard = p.hotline_hazard = p.union_hazard = 0;
    run_totals t = run(&p, 43);
    assert_true(t.all[MDL_M_trafficked_new] > 50);
    assert_close(t.all[MDL_M_identified], 0, 0, 0);
    assert_close(t.all[MDL_M_returns_formal], 0, 0, 0);
    assert_close(t.all[MDL_M_persons_shelter], 0, 0, 0);
}

static void test_journey__nobody_leaves_nobody_trafficked(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.base_hazard = 0;
    p.send_hazard = 0;
    run_totals t = run(&p, 44);
    assert_close(t.all[MDL_M_departures], 0, 0, 0);
    assert_close(t.all[MDL_M_migrations], 0, 0, 0);
    assert_close(t.all[MDL_M_trafficked_new], 0, 0, 0);
    assert_close(t.all[MDL_M_persons_trafficked], 0, 0, 0);
}

/* Without deaths, each month's change in a stock equals its flows in less its
 * flows out. */
static void test_journey__stocks_follow_flows(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.infant_mortality = p.child_mortality = p.adult_mortality_at_30 = 0;
    p.max_age_years = 110;
    p.police_hazard = 2; /* enough identifications to test the shelter's balance */
    mdl_world *w = test_world(&p, SCALE, 45, 0);
    double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    run_totals prev = {{0}, {{0}}};
    for (uint32_t mo = 0; mo < MONTHS; mo++) {
        run_totals now = {{0}, {{0}}};
        test_step(w, mo, m, 0);
        add_month(w, m, &now);
        const double *f = now.all;
        double d_traf = f[MDL_M_persons_trafficked] - prev.all[MDL_M_persons_trafficked];
        double in_traf = f[MDL_M_trafficked_new];
        double out_traf =
            f[MDL_M_escaped] + f[MDL_M_released] + f[MDL_M_identified] + f[MDL_M_deported_victims];
        assert_close(d_traf, in_traf - out_traf, 0, 0);
        double d_shelter = f[MDL_M_persons_shelter] - prev.all[MDL_M_persons_shelter];
        assert_close(d_shelter, f[MDL_M_identified] - f[MDL_M_returns_formal], 0, 0);
        assert_close(test_in_states(w, m), (double)w->persons.n, 0, 0);
        prev = now;
    }
    assert_true(prev.all[MDL_M_persons_trafficked] > 0);
    free(m);
    mdl_world_free(w);
}

/* Shelter stays: the sampled mean within 5 standard errors of its expectation. */
static void test_journey__shelter_stays_match_their_parameters(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    const int n = 200000;
    double sum = 0, sumsq = 0;
    sim_rng_key key = sim_rng_key_make(7, 0);
    for (int i = 0; i < n; i++) {
        uint32_t u[4];
        sim_rng_draw4(key, (uint32_t)i, 0, 99, 0, u);
        int months = mdl_return_shelter_months(&p, 1, sim_rng_u01(u[0]), sim_rng_u01(u[1]));
        assert_true(months >= 1 && months <= 24);
        sum += months, sumsq += (double)months * months;
    }
    double mean = sum / n, sd = sqrt(sumsq / n - mean * mean);
    /* short stays: uniform on mean x [0.5, 1.5), rounded; long ones 12..24 */
    double expect = (1 - p.shelter_long_share) * p.shelter_months_women + p.shelter_long_share * 18;
    assert_close(mean, expect, 0, 5 * sd / sqrt(n) + 0.05);
    assert_true(mean >= 6 && mean <= 10); /* T11 */
}

/* Debt bondage follows the debt: none when no debt can exceed what the job
 * repays, most forced-labour cases when any trafficker's debt does, and
 * between the two at the defaults (T7 is an output, not an input). */
static void test_journey__debt_bondage_follows_debt(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    double share[3];
    for (int k = 0; k < 3; k++) {
        test_default_params(&p);
        p.bondage_limit_months = k == 0 ? 120 : k == 1 ? p.bondage_limit_months : 1;
        p.trafficker_debt_median_usd = k == 0 ? 0 : k == 1 ? p.trafficker_debt_median_usd : 1e4;
        run_totals t = run(&p, 46);
        double forced = t.all[MDL_M_trafficked_new] - t.all[MDL_M_trafficked_sex] -
                        t.all[MDL_M_trafficked_marriage];
        assert_true(forced > 100);
        share[k] = t.all[MDL_M_trafficked_bonded] / forced;
    }
    fprintf(stderr, "bonded shares %.3f %.3f %.3f\n", share[0], share[1], share[2]);
    assert_true(share[0] < 0.02);
    assert_true(share[1] > 0.1 && share[1] < 0.9);
    assert_true(share[2] > share[1] && share[2] > 0.6); /* children in hazardous work owe none */
}

/* A child is never in decent or merely exploitative work in the sex industry,
 * begging, forced marriage, fishing or construction (Palermo art. 3(c)), and
 * children are trafficked there although no recruiter deceives. */
static void test_journey__children_in_forbidden_work_are_trafficked(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    no_deception(&p);
    p.trafficker_debt_median_usd = 0;
    p.bondage_limit_months = 120;
    mdl_world *w = test_world(&p, SCALE, 49, 0);
    double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    run_totals t = {{0}, {{0}}};
    const mdl_persons *ps = &w->persons;
    const uint16_t forbidden = 1u << MDL_SEC_SEX | 1u << MDL_SEC_BEGGING | 1u << MDL_SEC_MARRIAGE |
                               1u << MDL_SEC_FISHING | 1u << MDL_SEC_CONSTRUCTION;
    for (uint32_t mo = 0; mo < MONTHS; mo++) {
        test_step(w, mo, m, 0);
        add_month(w, m, &t);
        for (size_t i = 0; i < ps->n; i++) {
            int free_work =
                ps->state[i] == MDL_ABROAD_DECENT || ps->state[i] == MDL_ABROAD_EXPLOITED;
            int child = ps->age_months[i] < MDL_ADULT_AGE_MONTHS;
            if (free_work && child && ps->months_in_state[i] == 0)
                assert_false(forbidden >> ps->sector[i] & 1);
        }
    }
    double children =
        t.group[MDL_GIRLS][MDL_M_trafficked_new] + t.group[MDL_BOYS][MDL_M_trafficked_new];
    assert_true(children > 0);
    assert_close(t.group[MDL_WOMEN][MDL_M_trafficked_new] + t.group[MDL_MEN][MDL_M_trafficked_new] -
                     t.group[MDL_WOMEN][MDL_M_coerced] - t.group[MDL_MEN][MDL_M_coerced],
                 0, 0, 0);
    free(m);
    mdl_world_free(w);
}

/* Where brokers are policed, recruitment shifts from brokers to online offers. */
static void test_journey__policing_shifts_recruitment_online(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.sanction_hazard = 0;
    run_totals calm = run(&p, 48);
    p.sanction_hazard = 3;
    run_totals policed = run(&p, 48);
    double share_online[2], share_broker[2];
    const run_totals *t[2] = {&calm, &policed};
    for (int k = 0; k < 2; k++) {
        share_online[k] = t[k]->all[MDL_M_migrations_online] / t[k]->all[MDL_M_migrations];
        share_broker[k] = t[k]->all[MDL_M_migrations_broker] / t[k]->all[MDL_M_migrations];
    }
    assert_true(share_online[1] > 1.5 * share_online[0]);
    assert_true(share_broker[1] < share_broker[0]);
}

/* The exit hazards: who can be identified how. */
static void test_journey__exit_hazards_by_sector(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, 0.001, 47, 0);
    size_t i = 0;
    mdl_persons *ps = &w->persons;
    ps->state[i] = MDL_TRAFFICKED;
    ps->destination[i] = MDL_DEST_ABROAD;
    ps->channel[i] = MDL_CH_BROKER;
    ps->mflags[i] = MDL_MF_TRUE;
    double h[MDL_N_EXITS];
    ps->sector[i] = MDL_SEC_SEX;
    mdl_abroad_hazards(w, i, h);
    assert_close(h[MDL_EXIT_POLICE], p.police_hazard, 0, 0);
    assert_close(h[MDL_EXIT_INSPECTION], 0, 0, 0);
    assert_close(h[MDL_EXIT_HOTLINE], p.hotline_hazard * p.fear_factor, 1e-12, 0);
    assert_close(h[MDL_EXIT_DEPORTED], p.deportation_hazard, 0, 0);
    ps->sector[i] = MDL_SEC_FISHING;
    mdl_abroad_hazards(w, i, h);
    assert_close(h[MDL_EXIT_POLICE], 0, 0, 0);
    assert_close(h[MDL_EXIT_INSPECTION], p.inspection_hazard, 0, 0);
    assert_close(h[MDL_EXIT_ESCAPE], p.escape_hazard * p.confined_factor, 1e-12, 0);
    ps->channel[i] = MDL_CH_REGULAR;
    ps->flags[i] |= MDL_F_PERMIT; /* documented: no deportation, no fear */
    mdl_abroad_hazards(w, i, h);
    assert_close(h[MDL_EXIT_DEPORTED], 0, 0, 0);
    assert_close(h[MDL_EXIT_HOTLINE], p.hotline_hazard, 0, 0);
    mdl_world_free(w);
}

/* Destinations from scenario data: with Malaysia and Chinese labour demand,
 * migrants go to all three, only Myanmar's to China for work, every forced
 * marriage leads to the forced-marriage country, and each destination's
 * ratios scale its exit hazards. */
static void test_journey__destinations_from_the_table(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    snprintf(p.destinations_file, sizeof p.destinations_file, "%s/destinations_region.csv",
             TEST_DATA_DIR);
    mdl_world *w = test_world(&p, SCALE, 3, 0);
    assert_non_null(w);
    assert_int_equal(w->dest.n, 3);
    int my = 1, cn = 2;
    double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    double at[MDL_MAX_COUNTRIES][MDL_MAX_DESTINATIONS] = {{0}}, marriages = 0;
    mdl_persons *ps = &w->persons;
    for (uint32_t mo = 0; mo < MONTHS; mo++) {
        test_step(w, mo, m, 0);
        for (size_t i = 0; i < ps->n; i++) {
            if (ps->state[i] < MDL_ABROAD_DECENT || ps->state[i] > MDL_TRAFFICKED ||
                !mdl_cross_border(ps->destination[i]))
                continue;
            int row = ps->destination[i] - MDL_DEST_ABROAD;
            if (ps->sector[i] == MDL_SEC_MARRIAGE) {
                assert_int_equal(row, cn);
                marriages++;
                continue;
            }
            at[w->areas.v[ps->area[i]].country_index][row] += 1;
        }
    }
    int kh = 0, mm = 1;
    assert_string_equal(w->areas.countries_age[kh].country, "KH");
    assert_true(at[kh][0] > 0 && at[kh][my] > 0 && at[mm][my] > 0 && at[mm][cn] > 0);
    assert_close(at[kh][cn], 0, 0, 0);
    assert_true(marriages > 0);
    /* hazards scaled by the destination's ratios */
    size_t i = 0;
    ps->state[i] = MDL_TRAFFICKED;
    ps->destination[i] = (uint8_t)(MDL_DEST_ABROAD + my);
    ps->channel[i] = MDL_CH_BROKER;
    ps->sector[i] = MDL_SEC_SEX;
    double h[MDL_N_EXITS];
    mdl_abroad_hazards(w, i, h);
    const mdl_destination *d = &w->dest.v[my];
    assert_close(h[MDL_EXIT_DEPORTED], p.deportation_hazard * d->deportation_ratio, 1e-12, 0);
    assert_close(h[MDL_EXIT_POLICE], p.police_hazard * d->identification_ratio, 1e-12, 0);
    assert_true(d->deportation_ratio != 1 && d->identification_ratio != 1);
    free(m);
    mdl_world_free(w);
}

/* Without a forced-marriage country in the table there are no forced
 * marriages; with the baseline table there are. */
static void test_journey__forced_marriage_needs_its_destination(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    run_totals base = run(&p, 5);
    assert_true(base.all[MDL_M_trafficked_marriage] > 0);
    char path[] = "/tmp/crossings_dest_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("code,name,iso_numeric,weight_KH,weight_MM,wage_ratio,identification_ratio,"
          "deportation_ratio,regular_channel,forced_marriage\nTH,Thailand,764,1,1,1,1,1,1,0\n",
          f);
    fclose(f);
    snprintf(p.destinations_file, sizeof p.destinations_file, "%s", path);
    run_totals none = run(&p, 5);
    unlink(path);
    assert_close(none.all[MDL_M_trafficked_marriage], 0, 0, 0);
    assert_true(none.all[MDL_M_trafficked_new] > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_journey__no_deception_no_trafficking_of_adults),
        cmocka_unit_test(test_journey__child_exploitation_is_trafficking),
        cmocka_unit_test(test_journey__no_identification_nothing_detected),
        cmocka_unit_test(test_journey__nobody_leaves_nobody_trafficked),
        cmocka_unit_test(test_journey__stocks_follow_flows),
        cmocka_unit_test(test_journey__shelter_stays_match_their_parameters),
        cmocka_unit_test(test_journey__debt_bondage_follows_debt),
        cmocka_unit_test(test_journey__children_in_forbidden_work_are_trafficked),
        cmocka_unit_test(test_journey__exit_hazards_by_sector),
        cmocka_unit_test(test_journey__policing_shifts_recruitment_online),
        cmocka_unit_test(test_journey__destinations_from_the_table),
        cmocka_unit_test(test_journey__forced_marriage_needs_its_destination),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
