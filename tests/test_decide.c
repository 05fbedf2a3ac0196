/* Tests of the decision to migrate: the hazard's formula, who decides, and
 * the direction checks of MODEL.md phase 5 on a real synthetic population,
 * each comparing two runs of the same month with the same random numbers. */
#include "../models/mdl_decide.h"
#include "../models/mdl_economy.h"
#include "../models/mdl_social.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"
#include "test_world.h"

#include <stdlib.h>

#define SCALE 0.01
#define MONTH 5

static void test_decide__hazard_formula(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    double x[MDL_N_COMPONENTS] = {0};
    /* at the peak age, no push, no pull, no awareness: the base hazard */
    assert_close(mdl_decide_hazard(&p, x, p.peak_age_years, 0, 0), p.base_hazard, 1e-12, 0);
    /* women carry the restraint, lifted by debt */
    assert_close(mdl_decide_hazard(&p, x, p.peak_age_years, 0, 1),
                 p.base_hazard * exp(-p.norm_female), 1e-12, 0);
    x[MDL_X_DEBT] = 1;
    assert_close(mdl_decide_hazard(&p, x, p.peak_age_years, 0, 1), p.base_hazard * exp(p.w_debt),
                 1e-12, 0);
    /* one age spread from the peak: exp(-1/2) */
    x[MDL_X_DEBT] = 0;
    assert_close(mdl_decide_hazard(&p, x, p.peak_age_years + p.age_spread_years, 0, 0),
                 p.base_hazard * exp(-0.5), 1e-12, 0);
    /* awareness removes awareness_effect of the wish when need is not acute ... */
    assert_close(mdl_decide_hazard(&p, x, p.peak_age_years, 1, 0),
                 p.base_hazard * (1 - p.awareness_effect), 1e-12, 0);
    /* ... and nothing when need is acute */
    x[MDL_X_POVERTY] = 1;
    assert_close(mdl_decide_hazard(&p, x, p.peak_age_years, 1, 0), p.base_hazard * exp(p.w_poverty),
                 1e-12, 0);
}

/* Each component is weighted by its own parameter: a unit of component k
 * alone multiplies the base hazard by exp(its weight). */
static void test_decide__each_component_has_its_own_weight(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    /* distinct weights, so a mix-up cannot pass */
    double *w[MDL_N_COMPONENTS] = {
        [MDL_X_POVERTY] = &p.w_poverty,
        [MDL_X_DEBT] = &p.w_debt,
        [MDL_X_CARE] = &p.w_care,
        [MDL_X_BREADWINNER] = &p.w_breadwinner,
        [MDL_X_FEMALE_HEAD] = &p.w_female_head,
        [MDL_X_ORPHAN] = &p.w_orphan,
        [MDL_X_MARITAL] = &p.w_marital,
        [MDL_X_VIOLENCE] = &p.w_violence,
        [MDL_X_CONFLICT] = &p.w_conflict,
        [MDL_X_DISASTER] = &p.w_disaster,
        [MDL_X_NO_WORK] = &p.w_no_work,
        [MDL_X_STIGMA] = &p.w_stigma,
        [MDL_X_WAGE_GAP] = &p.v_wage_gap,
        [MDL_X_SUCCESS] = &p.v_success,
        [MDL_X_FAMILY] = &p.v_family,
    };
    for (int k = 0; k < MDL_N_COMPONENTS; k++) {
        assert_non_null(w[k]);
        *w[k] = 0.1 * (k + 1);
    }
    p.awareness_effect = 0;
    for (int k = 0; k < MDL_N_COMPONENTS; k++) {
        double x[MDL_N_COMPONENTS] = {0};
        x[k] = 1;
        assert_close(mdl_decide_hazard(&p, x, p.peak_age_years, 0, 0),
                     p.base_hazard * exp(0.1 * (k + 1)), 1e-12, 0);
    }
}

static void test_decide__household_approval(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    double base = mdl_decide_approval(&p, 0, 4, 0);
    assert_close(base, 1 / (1 + exp(-p.approval_base)), 1e-12, 0);
    assert_true(mdl_decide_approval(&p, 1, 4, 0) > base);       /* debt */
    assert_true(mdl_decide_approval(&p, 0, 8, 0) > base);       /* a large family */
    assert_close(mdl_decide_approval(&p, 0, 3, 0), base, 0, 0); /* only above four */
    assert_true(mdl_decide_approval(&p, 0, 4, 1) < base);       /* daughters */
}

static void test_decide__social_signal(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    assert_close(mdl_social_signal(&p, 0, 0, 0), 0, 0, 0);
    assert_close(mdl_social_signal(&p, 0.01, 0, 0), p.success_scale * 0.01, 1e-12, 0);
    assert_close(mdl_social_signal(&p, 0.01, 0, 0.01),
                 p.success_scale * 0.01 * (1 - p.failure_weight), 1e-12, 0);
    assert_close(mdl_social_signal(&p, 1, 1, 0), 1, 0, 0); /* capped */
    assert_close(mdl_social_signal(&p, 0, 0, 1), 0, 0, 0); /* never below 0 */
}

/* A world after one month of economy, ready for a decision month. */
static mdl_world *ready_world(const mdl_params *p)
{
    mdl_world *w = test_world(p, SCALE, 11, 0);
    sim_month m = {sim_rng_key_make(1, 0), MONTH, 0, NULL};
    mdl_environment_step(w, &m);
    mdl_economy_step(w, &m);
    return w;
}

/* Departures (and eligible, propensity) of one decision month, by area and group. */
static double *decide_month(mdl_world *w)
{
    double *m = calloc(w->areas.n * MDL_PARTIAL_WIDTH, sizeof *m);
    sim_month mo = {sim_rng_key_make(1, 0), MONTH, 0, m};
    mdl_decide_step(w, &mo);
    return m;
}

static double total(const mdl_world *w, const double *m, int metric, int group)
{
    double s = 0;
    for (size_t a = 0; a < w->areas.n; a++)
        for (int g = 0; g < MDL_N_GROUPS; g++)
            if (group < 0 || g == group)
                s += m[a * MDL_PARTIAL_WIDTH + mdl_metric_at(g, metric)];
    return s;
}

static void test_decide__more_debt_more_departures(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *lo = ready_world(&p), *hi = ready_world(&p);
    for (size_t h = 0; h < lo->households.n; h++) {
        lo->households.debt_usd[h] = 0;
        hi->households.debt_usd[h] = 20 * hi->households.need_usd[h];
    }
    double *a = decide_month(lo), *b = decide_month(hi);
    double d_lo = total(lo, a, MDL_M_departures, -1), d_hi = total(hi, b, MDL_M_departures, -1);
    assert_true(d_lo > 100);
    assert_true(d_hi > d_lo + 5 * sqrt(d_lo + d_hi));
    free(a), free(b), mdl_world_free(lo), mdl_world_free(hi);
}

/* A larger care burden raises women's departures more than men's (relative). */
static void test_decide__care_burden_weighs_on_women(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *lo = ready_world(&p), *hi = ready_world(&p);
    for (size_t h = 0; h < lo->households.n; h++) {
        lo->households.care_burden[h] = 0;
        hi->households.care_burden[h] = 2;
    }
    double *a = decide_month(lo), *b = decide_month(hi);
    /* expected departures: the propensity sums, free of sampling noise */
    double w_lo = total(lo, a, MDL_M_propensity_sum, MDL_WOMEN);
    double w_hi = total(hi, b, MDL_M_propensity_sum, MDL_WOMEN);
    double m_lo = total(lo, a, MDL_M_propensity_sum, MDL_MEN);
    double m_hi = total(hi, b, MDL_M_propensity_sum, MDL_MEN);
    assert_true(m_hi > m_lo);
    assert_true(w_hi / w_lo > m_hi / m_lo);
    /* and the realised departures agree in direction */
    assert_true(total(hi, b, MDL_M_departures, MDL_WOMEN) >
                total(lo, a, MDL_M_departures, MDL_WOMEN));
    free(a), free(b), mdl_world_free(lo), mdl_world_free(hi);
}

static void test_decide__no_violence_fewer_young_women_leave(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *with = ready_world(&p), *without = ready_world(&p);
    for (size_t i = 0; i < without->persons.n; i++)
        without->persons.flags[i] &= (uint16_t)~MDL_F_VIOLENCE;
    double *a = decide_month(with), *b = decide_month(without);
    /* the same random numbers decide in both worlds, so the realised
     * difference is nearly free of noise; the expected one is exact */
    double d_with = total(with, a, MDL_M_departures, MDL_WOMEN);
    double d_without = total(without, b, MDL_M_departures, MDL_WOMEN);
    assert_true(d_with > d_without);
    double p_with = total(with, a, MDL_M_propensity_sum, MDL_WOMEN);
    double p_without = total(without, b, MDL_M_propensity_sum, MDL_WOMEN);
    assert_true(p_with > 1.05 * p_without);
    assert_close(total(without, b, MDL_M_push_violence, -1), 0, 0, 0);
    free(a), free(b), mdl_world_free(with), mdl_world_free(without);
}

/* A flood raises departures in flood-exposed areas only; with common random
 * numbers the other areas' departures are exactly the same. */
static void test_decide__flood_raises_departures_where_it_strikes(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *dry = ready_world(&p), *wet = ready_world(&p);
    for (size_t ai = 0; ai < dry->areas.n; ai++) {
        dry->as[ai].flood_left = 0, dry->as[ai].months_since_flood = 10000;
        wet->as[ai].flood_left = 0, wet->as[ai].months_since_flood = 10000;
        if (wet->areas.v[ai].flood_exposure)
            wet->as[ai].flood_left = 2;
    }
    double *a = decide_month(dry), *b = decide_month(wet);
    double exposed_dry = 0, exposed_wet = 0;
    for (size_t ai = 0; ai < dry->areas.n; ai++)
        for (int g = 0; g < MDL_N_GROUPS; g++) {
            size_t k = ai * MDL_PARTIAL_WIDTH + mdl_metric_at(g, MDL_M_departures);
            if (dry->areas.v[ai].flood_exposure)
                exposed_dry += a[k], exposed_wet += b[k];
            else
                assert_close(b[k], a[k], 0, 0);
        }
    assert_true(exposed_wet > exposed_dry + 5 * sqrt(exposed_wet + exposed_dry));
    free(a), free(b), mdl_world_free(dry), mdl_world_free(wet);
}

/* The monthly pass computes the hazard as a product of precomputed factors:
 * it equals the formula exp(sum of weight x component) for every eligible
 * person of a real population, with distinct weights on every component and
 * stigma, awareness and the women's restraint all at work. */
static void test_decide__factored_hazard_equals_formula(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    double *wt[] = {&p.w_poverty, &p.w_debt,    &p.w_care,     &p.w_breadwinner, &p.w_female_head,
                    &p.w_orphan,  &p.w_marital, &p.w_violence, &p.w_conflict,    &p.w_disaster,
                    &p.w_no_work, &p.w_stigma,  &p.v_wage_gap, &p.v_success,     &p.v_family};
    for (size_t k = 0; k < sizeof wt / sizeof wt[0]; k++)
        *wt[k] = 0.1 * (double)(k + 1);
    mdl_world *w = ready_world(&p);
    size_t checked = 0, stigmatised = 0;
    for (size_t i = 0; i < w->persons.n; i++) {
        int age = w->persons.age_months[i] / 12;
        if (w->persons.state[i] != MDL_HOME || age < p.decide_min_age_years ||
            age > p.decide_max_age_years)
            continue;
        if (i % 7 == 0)
            w->persons.stigma[i] = (uint8_t)(i % 256), stigmatised++;
        if (i % 5 == 0)
            w->persons.awareness[i] = (uint8_t)(i * 37 % 256);
        double x[MDL_N_COMPONENTS];
        double h = mdl_decide_person_hazard(w, i, x);
        double ref =
            mdl_decide_hazard(&p, x, w->persons.age_months[i] / 12.0,
                              w->persons.awareness[i] / 255.0, w->persons.sex[i] == MDL_FEMALE);
        assert_close(h, ref, 1e-12, 0);
        checked++;
    }
    assert_true(checked > 1000 && stigmatised > 100);
    mdl_world_free(w);
}

/* With every push weight at zero the propensity is the pull-only hazard, and
 * departures agree with it within 5 standard errors. */
static void test_decide__no_push_means_pull_only(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.w_poverty = p.w_debt = p.w_care = p.w_breadwinner = p.w_female_head = 0;
    p.w_orphan = p.w_marital = p.w_violence = p.w_conflict = p.w_disaster = p.w_no_work = 0;
    p.norm_female = 0;
    p.awareness_effect = 0;
    mdl_world *w = ready_world(&p);
    double expect = 0, var = 0;
    for (size_t i = 0; i < w->persons.n; i++) {
        int age = w->persons.age_months[i] / 12;
        if (w->persons.state[i] != MDL_HOME || age < p.decide_min_age_years ||
            age > p.decide_max_age_years)
            continue;
        double x[MDL_N_COMPONENTS] = {0};
        int female = w->persons.sex[i] == MDL_FEMALE;
        double local = w->as[w->persons.area[i]]
                           .wage[w->persons.sex[i]][mdl_education_at(w->persons.education[i], age)];
        x[MDL_X_WAGE_GAP] = (float)mdl_decide_wage_gap(&p, female, local);
        double q = 1 - exp(-mdl_decide_hazard(&p, x, w->persons.age_months[i] / 12.0, 0, 0) / 12);
        expect += q;
        var += q * (1 - q);
    }
    double *m = decide_month(w);
    assert_close(total(w, m, MDL_M_propensity_sum, -1), expect, 1e-9, 0);
    /* every dependent departure needs approval, so departures fall below the wish */
    double d = total(w, m, MDL_M_departures, -1) - total(w, m, MDL_M_departures_sent, -1);
    assert_true(d <= expect + 5 * sqrt(var));
    assert_true(d > 0);
    free(m), mdl_world_free(w);
}

/* Decisions respect who decides: no secret departures of men or boys, and no
 * sent sons. */
static void test_decide__only_daughters_leave_in_secret_or_are_sent(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = ready_world(&p);
    double *m = decide_month(w);
    assert_close(total(w, m, MDL_M_departures_secret, MDL_MEN), 0, 0, 0);
    assert_close(total(w, m, MDL_M_departures_secret, MDL_BOYS), 0, 0, 0);
    assert_close(total(w, m, MDL_M_departures_sent, MDL_MEN), 0, 0, 0);
    assert_close(total(w, m, MDL_M_departures_sent, MDL_BOYS), 0, 0, 0);
    assert_true(total(w, m, MDL_M_departures_secret, -1) > 0);
    free(m), mdl_world_free(w);
}

/* DK2016 (T3): among people departing, the share in debt is higher for women
 * and girls than for men and boys. Also conservation: every person is at
 * home or seeking, every month. */
static void test_decide__departing_women_more_often_in_debt(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, 0.005, 31, 0);
    double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    double dep[MDL_N_GROUPS] = {0}, debt[MDL_N_GROUPS] = {0};
    for (uint32_t mo = 0; mo < 24; mo++) {
        test_step(w, mo, m, 0);
        assert_close(test_in_states(w, m), test_total(w, m, MDL_M_population), 0, 0);
        for (int g = 0; g < MDL_N_GROUPS; g++) {
            dep[g] += total(w, m, MDL_M_departures, g);
            debt[g] += total(w, m, MDL_M_departures_in_debt, g);
        }
    }
    double women = (debt[MDL_WOMEN] + debt[MDL_GIRLS]) / (dep[MDL_WOMEN] + dep[MDL_GIRLS]);
    double men = (debt[MDL_MEN] + debt[MDL_BOYS]) / (dep[MDL_MEN] + dep[MDL_BOYS]);
    assert_true(dep[MDL_MEN] > 500 && dep[MDL_WOMEN] > 500);
    assert_true(women > men);
    free(m), mdl_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decide__hazard_formula),
        cmocka_unit_test(test_decide__factored_hazard_equals_formula),
        cmocka_unit_test(test_decide__each_component_has_its_own_weight),
        cmocka_unit_test(test_decide__household_approval),
        cmocka_unit_test(test_decide__social_signal),
        cmocka_unit_test(test_decide__more_debt_more_departures),
        cmocka_unit_test(test_decide__care_burden_weighs_on_women),
        cmocka_unit_test(test_decide__no_violence_fewer_young_women_leave),
        cmocka_unit_test(test_decide__flood_raises_departures_where_it_strikes),
        cmocka_unit_test(test_decide__no_push_means_pull_only),
        cmocka_unit_test(test_decide__only_daughters_leave_in_secret_or_are_sent),
        cmocka_unit_test(test_decide__departing_women_more_often_in_debt),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
