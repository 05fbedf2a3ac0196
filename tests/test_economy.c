/* Tests of the environment and the household economy, and the input checks
 * of the synthetic population at 1:100 (labour-force participation, violence
 * at home, documents, digital access, household composition). */
#include "../models/mdl_economy.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"
#include "test_world.h"

#include <stdlib.h>
#include <string.h>

#define SCALE 0.01

static void step_economy(mdl_world *w, uint32_t month)
{
    sim_month m = {sim_rng_key_make(1, 0), month, 0, NULL};
    mdl_environment_step(w, &m);
    mdl_economy_step(w, &m);
}

static void test_economy__education_counts_from_its_age(void **state)
{
    (void)state;
    assert_int_equal(mdl_education_at(MDL_EDU_UPPER_SEC, 10), MDL_EDU_NONE);
    assert_int_equal(mdl_education_at(MDL_EDU_UPPER_SEC, 13), MDL_EDU_PRIMARY);
    assert_int_equal(mdl_education_at(MDL_EDU_UPPER_SEC, 16), MDL_EDU_LOWER_SEC);
    assert_int_equal(mdl_education_at(MDL_EDU_UPPER_SEC, 30), MDL_EDU_UPPER_SEC);
    assert_int_equal(mdl_education_at(MDL_EDU_PRIMARY, 30), MDL_EDU_PRIMARY);
}

/* Input check: labour-force participation by sex within 3 points of WB2019. */
static void test_economy__labour_force_participation_matches_wb2019(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, SCALE, 21, 0);
    step_economy(w, 0);
    double work[2][2] = {{0}}, age_ok[2][2] = {{0}}; /* [country KH=0, MM=1][sex] */
    for (size_t i = 0; i < w->persons.n; i++) {
        int age = w->persons.age_months[i] / 12, sex = w->persons.sex[i];
        int c = strcmp(w->areas.v[w->persons.area[i]].country, "MM") == 0;
        if (!mdl_working_age(&p, age))
            continue;
        age_ok[c][sex] += 1;
        work[c][sex] += (w->persons.flags[i] & MDL_F_WORKS) != 0;
    }
    assert_close(work[0][MDL_FEMALE] / age_ok[0][MDL_FEMALE], 0.75, 0, 0.03);
    assert_close(work[0][MDL_MALE] / age_ok[0][MDL_MALE], 0.88, 0, 0.03);
    assert_close(work[1][MDL_FEMALE] / age_ok[1][MDL_FEMALE], 0.47, 0, 0.03);
    assert_close(work[1][MDL_MALE] / age_ok[1][MDL_MALE], 0.78, 0, 0.03);
    mdl_world_free(w);
}

/* Input checks on attributes: violence at home near 1 in 5 (KISS2015), more
 * for women; documents lower for women; the digital gap (GSMA). */
static void test_economy__attributes_follow_the_evidence(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, SCALE, 22, 0);
    double n13[2] = {0}, viol[2] = {0}, adults[2] = {0}, id[2] = {0}, dig[2] = {0}, y[2] = {0};
    for (size_t i = 0; i < w->persons.n; i++) {
        int age = w->persons.age_months[i] / 12, s = w->persons.sex[i];
        uint16_t f = w->persons.flags[i];
        if (age >= 13)
            n13[s] += 1, viol[s] += (f & MDL_F_VIOLENCE) != 0;
        if (age >= 18)
            adults[s] += 1, id[s] += (f & MDL_F_ID) != 0;
        if (age >= 15 && age <= 30)
            y[s] += 1, dig[s] += (f & MDL_F_DIGITAL) != 0;
    }
    double share = (viol[0] + viol[1]) / (n13[0] + n13[1]);
    assert_true(share > 0.15 && share < 0.25);
    assert_true(viol[MDL_FEMALE] / n13[MDL_FEMALE] > viol[MDL_MALE] / n13[MDL_MALE]);
    assert_true(id[MDL_FEMALE] / adults[MDL_FEMALE] < id[MDL_MALE] / adults[MDL_MALE]);
    double gap = 1 - (dig[MDL_FEMALE] / y[MDL_FEMALE]) / (dig[MDL_MALE] / y[MDL_MALE]);
    assert_close(gap, p.digital_female_gap, 0, 0.03);
    mdl_world_free(w);
}

/* Households are composed: most male heads live with a wife of about their
 * age, female heads are mostly widowed, divorced or with a husband away, and
 * orphans are about orphan_share of children. */
static void test_economy__households_are_composed(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, SCALE, 23, 0);
    const mdl_persons *ps = &w->persons;
    double male_heads2 = 0, with_wife = 0, gap = 0, fheads = 0, fh_alone = 0;
    double kids = 0, orphans = 0;
    for (size_t h = 0; h < w->households.n; h++) {
        size_t head = w->households.first[h] + w->households.head_offset[h];
        assert_int_equal(ps->role[head], MDL_HEAD);
        if (ps->sex[head] == MDL_FEMALE) {
            fheads += 1;
            fh_alone += ps->marital[head] != MDL_SINGLE;
            continue;
        }
        if (w->households.size[h] < 2)
            continue;
        male_heads2 += 1;
        for (size_t j = w->households.first[h]; j < w->households.first[h] + w->households.size[h];
             j++)
            if (ps->role[j] == MDL_SPOUSE) {
                with_wife += 1;
                gap += (ps->age_months[head] - ps->age_months[j]) / 12.0;
            }
    }
    for (size_t i = 0; i < ps->n; i++)
        if (ps->age_months[i] < MDL_ADULT_AGE_MONTHS)
            kids += 1, orphans += (ps->flags[i] & MDL_F_ORPHAN) != 0;
    assert_close(with_wife / male_heads2, p.male_head_married_share, 0, 0.03);
    assert_close(gap / with_wife, p.spouse_age_gap_years, 0, 1.0);
    double expect_alone = p.fhh_widowed_share + p.fhh_divorced_share + p.fhh_spouse_away_share;
    assert_close(fh_alone / fheads, expect_alone, 0, 0.05);
    /* orphans are drawn per place after the head and wife, so about orphan_share of
     * those places; children are most of them */
    assert_true(orphans / kids > 0.5 * p.orphan_share && orphans / kids < 2 * p.orphan_share);
    mdl_world_free(w);
}

/* Floods strike only flood-exposed areas, at the season's start, with their
 * chance; with chance 1 every exposed area floods for flood_months. */
static void test_economy__floods_strike_exposed_areas_only(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.flood_annual_probability = 1;
    mdl_world *w = test_world(&p, 0.001, 24, 0);
    uint32_t start = (uint32_t)(p.flood_start_month - 1);
    for (uint32_t mo = 0; mo <= start; mo++) {
        sim_month m = {sim_rng_key_make(1, 0), mo, 0, NULL};
        mdl_environment_step(w, &m);
    }
    for (size_t a = 0; a < w->areas.n; a++) {
        int exposed = w->areas.v[a].flood_exposure;
        assert_int_equal(w->as[a].flood_left, exposed ? p.flood_months : 0);
        assert_int_equal(w->as[a].flood_new, exposed);
    }
    for (uint32_t mo = start + 1; mo <= start + (uint32_t)p.flood_months; mo++) {
        sim_month m = {sim_rng_key_make(1, 0), mo, 0, NULL};
        mdl_environment_step(w, &m);
    }
    for (size_t a = 0; a < w->areas.n; a++) {
        assert_int_equal(w->as[a].flood_left, 0);
        if (w->areas.v[a].flood_exposure)
            assert_int_equal(w->as[a].months_since_flood, 0);
    }
    mdl_world_free(w);
}

/* The household accounts: debt and savings never negative, and debt grows by
 * at most interest, a loan and the borrowed part of the shortfall. */
static void test_economy__household_accounts_balance(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.loan_hazard = 0;
    mdl_world *w = test_world(&p, 0.002, 25, 0);
    size_t n = w->households.n;
    float *before = malloc(n * sizeof *before), *saved = malloc(n * sizeof *saved);
    for (uint32_t mo = 0; mo < 12; mo++) {
        memcpy(before, w->households.debt_usd, n * sizeof *before);
        memcpy(saved, w->households.savings_usd, n * sizeof *saved);
        step_economy(w, mo);
        for (size_t h = 0; h < n; h++) {
            const mdl_households *hs = &w->households;
            assert_true(hs->debt_usd[h] >= 0 && hs->savings_usd[h] >= 0);
            double grown = before[h] * (1 + p.interest_monthly);
            double shortfall = hs->need_usd[h] + p.illness_cost_usd + p.flood_cost_usd -
                               hs->income_usd[h] - saved[h];
            double most = grown + p.borrow_share * fmax(0, shortfall);
            assert_true(hs->debt_usd[h] <= most * (1 + 1e-6) + 1e-3);
            /* a household with a surplus and no debt saves */
            if (hs->income_usd[h] > hs->need_usd[h] + p.illness_cost_usd + p.flood_cost_usd &&
                before[h] == 0)
                assert_true(hs->savings_usd[h] > saved[h]);
        }
    }
    free(before), free(saved), mdl_world_free(w);
}

/* Degenerate parameters: no lending means no new debt. */
static void test_economy__no_lending_no_new_debt(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.initial_debt_share = 0;
    p.borrow_share = 0;
    p.loan_hazard = 0;
    mdl_world *w = test_world(&p, 0.002, 26, 0);
    for (uint32_t mo = 0; mo < 6; mo++)
        step_economy(w, mo);
    for (size_t h = 0; h < w->households.n; h++)
        assert_close(w->households.debt_usd[h], 0, 0, 0);
    mdl_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_economy__education_counts_from_its_age),
        cmocka_unit_test(test_economy__labour_force_participation_matches_wb2019),
        cmocka_unit_test(test_economy__attributes_follow_the_evidence),
        cmocka_unit_test(test_economy__households_are_composed),
        cmocka_unit_test(test_economy__floods_strike_exposed_areas_only),
        cmocka_unit_test(test_economy__household_accounts_balance),
        cmocka_unit_test(test_economy__no_lending_no_new_debt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
