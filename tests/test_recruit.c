/* Tests of the recruiters (mdl_recruit.c): sanctions select on victims'
 * namings, entrants' deception answers enforcement, capacity turns seekers
 * away, former migrants are trusted, and namings reach only the recruiter
 * still at work; investigations follow the network up, and a sanctioned
 * agency's operator may go on as a broker. The monthly recruiter step is
 * called on its own, on a small world of the shipped areas. */
#include "../models/mdl_interventions.h"
#include "../models/mdl_metrics.h"
#include "../models/mdl_recruit.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"
#include "test_world.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCALE 0.002
#define SEED  23

/* The recruiter step of month mo (no persons move). */
static void recruit_month(mdl_world *w, uint32_t mo)
{
    sim_month m = {sim_rng_key_make(5, 0), mo, 1, NULL};
    mdl_interventions_month(w, mo);
    mdl_recruit_month(w, &m);
}

static mdl_world *world_of(const mdl_params *p)
{
    mdl_world *w = test_world(p, SCALE, SEED, 1);
    assert_non_null(w);
    return w;
}

/* Brokers named by identified victims are sanctioned more often than brokers
 * no one named: half the brokers carry two namings every month, the other
 * half none; policing hits both alike. */
static void test_recruit__sanctions_select_on_namings(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.entry_delay_months = 0;
    p.sanction_hazard = 0.2;
    p.network_exposure = 0; /* the chain's part: test_recruit__network_exposure */
    mdl_world *w = world_of(&p);
    mdl_recruiters *r = &w->recruiters;
    double hit[2] = {0, 0}, n[2] = {0, 0};
    for (uint32_t mo = 0; mo < 240; mo++) {
        for (size_t j = 0; j < r->n; j++)
            r->named[j] = r->type[j] == MDL_REC_BROKER && r->area[j] % 2 == 0 ? 2 : 0;
        uint32_t before[1024];
        for (size_t j = 0; j < r->n && j < 1024; j++)
            before[j] = r->sanctioned[j];
        recruit_month(w, mo);
        for (size_t j = 0; j < r->n && j < 1024; j++)
            if (r->type[j] == MDL_REC_BROKER) {
                int named = r->area[j] % 2 == 0;
                hit[named] += r->sanctioned[j] - before[j];
                n[named] += 1;
            }
    }
    double rate_none = hit[0] / n[0], rate_named = hit[1] / n[1];
    /* the unnamed are caught at the policing hazard alone */
    assert_close(rate_none, 1 - exp(-p.sanction_hazard / 12), 0.25, 0);
    assert_true(rate_named > 3 * rate_none);
    /* and the hazard itself is monotone in the namings */
    size_t j = r->begin[MDL_REC_BROKER];
    r->named[j] = 0;
    double h0 = mdl_recruit_hazard(w, j);
    r->named[j] = 1;
    assert_true(mdl_recruit_hazard(w, j) > h0);
    mdl_world_free(w);
}

/* Agencies and acquaintances are not policed as unlicensed: no naming, no
 * sanction. A licensed agency named by victims loses its licence. */
static void test_recruit__licence_and_policing(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = world_of(&p);
    mdl_recruiters *r = &w->recruiters;
    size_t agency = r->begin[MDL_REC_AGENCY], kin = r->begin[MDL_REC_KIN];
    assert_true(r->licensed[agency]);
    assert_false(r->licensed[r->begin[MDL_REC_BROKER]]);
    assert_true(mdl_recruit_hazard(w, agency) == 0);
    assert_true(mdl_recruit_hazard(w, kin) == 0);
    r->named[agency] = 50; /* certain to go within a month */
    recruit_month(w, 0);
    assert_int_equal(r->sanctioned[agency], 1);
    assert_false(r->licensed[agency]);
    assert_true(r->vacant[agency] > 0);
    /* an empty place takes no one: a seeker who asks moves on or fails */
    size_t area = r->area[agency];
    size_t k = area * MDL_N_RECRUITER_TYPES + MDL_REC_AGENCY;
    if (r->begin[k + 1] - r->begin[k] == 1)
        assert_true(mdl_recruit_pick(w, area, MDL_REC_AGENCY, 12345) == SIZE_MAX);
    /* after the entry delay a new licensed agency takes the place */
    for (uint32_t mo = 1; mo <= (uint32_t)p.entry_delay_months; mo++)
        recruit_month(w, mo);
    assert_true(r->licensed[agency]);
    assert_int_equal(r->vacant[agency], 0);
    assert_int_equal(r->entered[agency], p.entry_delay_months);
    mdl_world_free(w);
}

/* Mean deception of the brokers after most have been replaced: with a high
 * sanction hazard and no entry delay, nearly every broker is an entrant. */
static double brokers_after(mdl_params p, int regulate)
{
    p.entry_delay_months = 0;
    p.sanction_hazard = 3;
    p.brokers_per_100k = 100; /* many brokers: a tight mean */
    p.pol[MDL_IV_RECRUITERS].active = regulate;
    mdl_world *w = world_of(&p);
    for (uint32_t mo = 0; mo < 48; mo++)
        recruit_month(w, mo);
    double sum = 0, n = 0;
    for (size_t j = 0; j < w->recruiters.n; j++)
        if (w->recruiters.type[j] == MDL_REC_BROKER && !w->recruiters.former_victim[j])
            sum += w->recruiters.deception[j], n += 1;
    mdl_world_free(w);
    return sum / n;
}

/* Entrants deceive more under strong enforcement when the elasticity is
 * positive (the market left to those who gain from deceiving), less when it
 * is negative (deterrence); the pool factor is enforcement^elasticity. */
static void test_recruit__entrants_answer_enforcement(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.entrant_deception_enforcement = 0.5;
    double plain = brokers_after(p, 0), hardened = brokers_after(p, 1);
    assert_close(plain, p.broker_deception, 0.08, 0);
    assert_close(hardened, p.broker_deception * pow(p.rr_sanction_factor, 0.5), 0.08, 0);
    p.entrant_deception_enforcement = -0.5;
    double deterred = brokers_after(p, 1);
    assert_close(deterred, p.broker_deception / sqrt(p.rr_sanction_factor), 0.08, 0);
    /* profits: where recruitment pays half what it did, entrants deceive more */
    p.entrant_deception_profit = 0.3;
    mdl_world *w = world_of(&p);
    assert_close(mdl_recruit_pool(w, 0, 0.5), pow(2, 0.3), 1e-12, 0);
    assert_close(mdl_recruit_pool(w, 0, 1), 1, 1e-12, 0);
    mdl_world_free(w);
}

/* Capacity: a place asked by twice its capacity last month takes a seeker
 * with chance one half; a seeker who asks up to max_asks places is taken
 * with chance 1 - (1/2)^asks; a full area turns everyone away. */
static void test_recruit__capacity_limits(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.sanction_hazard = 0;
    p.kin_per_100k = 200; /* several acquaintances in an area */
    mdl_world *w = world_of(&p);
    mdl_recruiters *r = &w->recruiters;
    size_t area = 0, k = area * MDL_N_RECRUITER_TYPES + MDL_REC_KIN;
    size_t n = r->begin[k + 1] - r->begin[k];
    assert_true(n >= 3);
    for (size_t j = r->begin[k]; j < r->begin[k + 1]; j++)
        r->contacts[j] = (uint32_t)ceil(2 * r->capacity[j]);
    recruit_month(w, 0);
    for (size_t j = r->begin[k]; j < r->begin[k + 1]; j++) {
        assert_true(r->available[j] > 0.45 && r->available[j] <= 0.5);
        assert_int_equal(r->contacts[j], 0);
    }
    const int trials = 20000;
    for (int asks = 1; asks <= 3; asks++) {
        ((mdl_params *)&w->p)->max_asks = asks; /* a test may change a built world */
        double taken = 0, expected = 0;
        for (int s = 0; s < trials; s++) {
            uint32_t u[4];
            sim_rng_draw4(sim_rng_key_make(9, 0), (uint32_t)s, (uint32_t)asks, 1, 0, u);
            taken += mdl_recruit_pick(w, area, MDL_REC_KIN, u[0]) != SIZE_MAX;
        }
        double refused = 1 - r->available[r->begin[k]];
        expected = 1 - pow(refused, asks);
        assert_close(taken / trials, expected, 0, 0.015);
    }
    uint32_t asked = 0;
    for (size_t j = r->begin[k]; j < r->begin[k + 1]; j++)
        asked += r->contacts[j];
    assert_true(asked >= 3 * (uint32_t)trials); /* every ask counted */
    for (size_t j = r->begin[k]; j < r->begin[k + 1]; j++)
        r->available[j] = 0;
    assert_true(mdl_recruit_pick(w, area, MDL_REC_KIN, 777) == SIZE_MAX);
    mdl_world_free(w);
}

/* Former migrants: about former_migrant_share of informal recruiters, no
 * agency; their deceptive offers are turned down former_migrant_trust times
 * as often; others' as usual. */
static void test_recruit__former_migrants_trusted(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.brokers_per_100k = 100;
    mdl_world *w = world_of(&p);
    const mdl_recruiters *r = &w->recruiters;
    double former = 0, informal = 0;
    for (size_t j = 0; j < r->n; j++) {
        if (r->type[j] == MDL_REC_AGENCY) {
            assert_false(r->former_migrant[j]);
            continue;
        }
        informal += 1, former += r->former_migrant[j];
        double want = r->former_migrant[j] ? p.former_migrant_trust : 1;
        assert_true(mdl_recruit_trust(w, j) == want);
        assert_true(!r->former_victim[j] || r->former_migrant[j]);
    }
    assert_close(former / informal, p.former_migrant_share, 0.2, 0);
    assert_true(mdl_recruit_trust(w, SIZE_MAX) == 1);
    mdl_world_free(w);
}

/* An identified victim names her or his recruiter with chance naming_share,
 * but not one who took the place after she or he left. */
static void test_recruit__naming(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = world_of(&p);
    mdl_recruiters *r = &w->recruiters;
    size_t j = r->begin[MDL_REC_BROKER], i = 0;
    w->persons.recruiter[i] = (uint32_t)j;
    w->persons.episode_month[i] = 5;
    r->entered[j] = 3;
    double *acc = calloc(MDL_PARTIAL_WIDTH, sizeof *acc);
    const int trials = 4000;
    for (int mo = 0; mo < trials; mo++) {
        sim_month m = {sim_rng_key_make(3, 0), (uint32_t)mo, 1, NULL};
        mdl_month_ctx c = {w, &m, NULL, 0, 0};
        mdl_recruit_named(&c, i, acc);
    }
    assert_close(r->named[j] / (double)trials, p.naming_share, 0, 0.03);
    uint32_t named = r->named[j];
    r->entered[j] = 6; /* a newcomer: the victim's recruiter is gone */
    sim_month m = {sim_rng_key_make(3, 0), 1, 1, NULL};
    mdl_month_ctx c = {w, &m, NULL, 0, 0};
    for (int s = 0; s < 50; s++)
        mdl_recruit_named(&c, i, acc);
    assert_int_equal(r->named[j], named);
    free(acc);
    mdl_world_free(w);
}

/* The regulation's enforcement reaches the coverage share of places, only in
 * its target areas, and only while it acts. */
static void test_recruit__regulation_coverage_and_areas(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.pol[MDL_IV_RECRUITERS].active = 1;
    p.pol[MDL_IV_RECRUITERS].start = 2;
    p.pol[MDL_IV_RECRUITERS].coverage = 0.5;
    p.kin_per_100k = 200; /* many places: a tight share */
    mdl_world *w = world_of(&p);
    mdl_interventions_month(w, 0);
    for (size_t j = 0; j < w->recruiters.n; j++)
        assert_true(mdl_recruit_enforcement(w, j) == 1);
    mdl_interventions_month(w, 2);
    double on = 0;
    for (size_t j = 0; j < w->recruiters.n; j++)
        on += mdl_recruit_enforcement(w, j) == p.rr_sanction_factor;
    assert_close(on / (double)w->recruiters.n, 0.5, 0.1, 0);
    snprintf(p.pol[MDL_IV_RECRUITERS].areas, sizeof p.pol[MDL_IV_RECRUITERS].areas, "%s",
             w->areas.v[1].code);
    mdl_world_free(w);
    p.pol[MDL_IV_RECRUITERS].coverage = 1;
    w = world_of(&p);
    mdl_interventions_month(w, 2);
    for (size_t j = 0; j < w->recruiters.n; j++)
        assert_true(mdl_recruit_enforcement(w, j) ==
                    (w->recruiters.area[j] == 1 ? p.rr_sanction_factor : 1));
    mdl_world_free(w);
}

/* Sanctions of upstream partners (agencies and brokers) in 120 months when
 * every acquaintance and online advertiser, all tied, carries two namings a
 * month and nothing else is policed: only the chain can reach the partners. */
static double partner_sanctions(mdl_params p, double exposure)
{
    p.entry_delay_months = 0;
    p.sanction_hazard = 0;
    p.network_share = 1;
    p.network_exposure = exposure;
    p.sanctioned_go_informal = 0;
    mdl_world *w = world_of(&p);
    mdl_recruiters *r = &w->recruiters;
    for (uint32_t mo = 0; mo < 120; mo++) {
        for (size_t j = 0; j < r->n; j++)
            r->named[j] = r->type[j] == MDL_REC_KIN || r->type[j] == MDL_REC_ONLINE ? 2 : 0;
        recruit_month(w, mo);
    }
    double hit = 0;
    for (size_t j = 0; j < r->n; j++)
        hit += r->type[j] == MDL_REC_AGENCY || r->type[j] == MDL_REC_BROKER ? r->sanctioned[j] : 0;
    mdl_world_free(w);
    return hit;
}

/* Investigations follow the chain: with network_exposure, the partners of
 * named and sanctioned recruiters are sanctioned; without it, never here.
 * Every non-agency place is tied when network_share is 1, to a partner of
 * its own country; an offer through a tied place deceives with the mean. */
static void test_recruit__network_exposure(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    assert_true(partner_sanctions(p, 0) == 0);
    assert_true(partner_sanctions(p, 2) > 20);
    p.network_share = 1;
    mdl_world *w = world_of(&p);
    const mdl_recruiters *r = &w->recruiters;
    for (size_t j = 0; j < r->n; j++) {
        uint32_t up = r->upstream[j];
        if (r->type[j] == MDL_REC_AGENCY) {
            assert_true(up == UINT32_MAX);
            continue;
        }
        assert_true(up < r->n && up != j && r->type[up] <= MDL_REC_BROKER);
        assert_int_equal(w->areas.v[r->area[up]].country_index,
                         w->areas.v[r->area[j]].country_index);
        assert_close(mdl_recruit_deception(w, j), 0.5 * (r->deception[j] + r->deception[up]), 1e-6,
                     0);
    }
    mdl_world_free(w);
}

/* A named licensed agency is sanctioned; place a tied acquaintance under it.
 * With sanctioned_go_informal = 1 its operator reappears as a broker of the
 * area with its deception, and the acquaintance follows it; with 0, never:
 * the acquaintance is cut off while the agency's place is empty. */
static void test_recruit__sanctioned_go_informal(void **state)
{
    (void)state;
    for (int go = 0; go <= 1; go++) {
        mdl_params p;
        test_default_params(&p);
        p.sanctioned_go_informal = go;
        mdl_world *w = world_of(&p);
        mdl_recruiters *r = &w->recruiters;
        size_t agency = r->begin[MDL_REC_AGENCY], kin = r->begin[MDL_REC_KIN];
        float deception = r->deception[agency];
        r->upstream[kin] = (uint32_t)agency;
        r->named[agency] = 50; /* certain to go within a month */
        recruit_month(w, 0);
        assert_int_equal(r->sanctioned[agency], 1);
        size_t k = (size_t)r->area[agency] * MDL_N_RECRUITER_TYPES + MDL_REC_BROKER, found = 0;
        for (size_t j = 0; j < r->n; j++)
            if (r->displaced[j]) {
                assert_true(j >= r->begin[k] && j < r->begin[k + 1]);
                assert_true(r->deception[j] == deception);
                assert_false(r->licensed[j] || r->vacant[j]);
                assert_int_equal(r->upstream[kin], j);
                found++;
            }
        assert_int_equal(found, (size_t)go);
        if (!go) {
            assert_int_equal(r->upstream[kin], agency);
            assert_true(r->available[kin] == 0);
        }
        mdl_world_free(w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recruit__sanctions_select_on_namings),
        cmocka_unit_test(test_recruit__licence_and_policing),
        cmocka_unit_test(test_recruit__entrants_answer_enforcement),
        cmocka_unit_test(test_recruit__capacity_limits),
        cmocka_unit_test(test_recruit__former_migrants_trusted),
        cmocka_unit_test(test_recruit__naming),
        cmocka_unit_test(test_recruit__regulation_coverage_and_areas),
        cmocka_unit_test(test_recruit__network_exposure),
        cmocka_unit_test(test_recruit__sanctioned_go_informal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
