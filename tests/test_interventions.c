/* Tests of the interventions: each moves its target mechanism in the right
 * direction and leaves untargeted persons untouched, comparing runs of the
 * same world with the same random numbers, with and without it. */
#include "../models/mdl_abroad.h"
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

#define SCALE 0.003
#define SEED  17

/* Run months [0, months) of a world built from p; metrics of the last month
 * summed by group into by_group (may be NULL). */
static mdl_world *run(const mdl_params *p, uint32_t months, double *total_by_metric)
{
    mdl_world *w = test_world(p, SCALE, SEED, 0);
    assert_non_null(w);
    double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    for (uint32_t mo = 0; mo < months; mo++) {
        test_step(w, mo, m, 0);
        for (int k = 0; total_by_metric && k < MDL_N_METRICS; k++)
            total_by_metric[(size_t)mo * MDL_N_METRICS + (size_t)k] = test_total(w, m, k);
    }
    free(m);
    return w;
}

static int is_woman(const mdl_world *w, size_t i)
{
    return w->persons.sex[i] == MDL_FEMALE && w->persons.age_months[i] >= MDL_ADULT_AGE_MONTHS;
}

/* A campaign at women's groups raises the awareness of women, and leaves
 * everyone else's exactly as it was in its first month. */
static void test_interventions__womens_group_campaign_reaches_women_only(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *without = run(&p, 4, NULL);
    p.aw_active = 1;
    p.aw_start = 3;
    p.aw_venue = 2; /* womens_group */
    p.aw_coverage = 0.9;
    mdl_world *with = run(&p, 4, NULL);
    size_t raised = 0;
    for (size_t i = 0; i < with->persons.n; i++) {
        uint8_t a = with->persons.awareness[i], b = without->persons.awareness[i];
        if (is_woman(with, i)) {
            assert_true(a >= b);
            raised += a > b;
        } else {
            assert_int_equal(a, b);
        }
    }
    assert_true(raised > 1000);
    mdl_world_free(with), mdl_world_free(without);
}

/* Reached persons and costs are counted only inside the window, only for the
 * targeted areas, and the cost is the count times the cost per person. */
static void test_interventions__window_areas_and_cost(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.aw_active = 1;
    p.aw_start = 2;
    p.aw_end = 4;
    p.aw_coverage = 0.5;
    p.aw_cost = 3;
    snprintf(p.aw_areas, sizeof p.aw_areas, "KH-1,MM-05");
    const uint32_t months = 7;
    double *t = calloc((size_t)months * MDL_N_METRICS, sizeof *t);
    mdl_world *w = run(&p, months, t);
    for (uint32_t mo = 0; mo < months; mo++) {
        double reached = t[(size_t)mo * MDL_N_METRICS + MDL_M_intervention_reached];
        double cost = t[(size_t)mo * MDL_N_METRICS + MDL_M_intervention_cost_usd];
        if (mo < 2 || mo > 4)
            assert_close(reached, 0, 0, 0);
        else
            assert_true(reached > 0);
        assert_close(cost, 3 * reached, 1e-12, 0);
    }
    free(t);
    /* only the two target areas are reached: run one month and look by area */
    double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
    test_step(w, 3, m, 0); /* inside the window again (month 3) */
    for (size_t a = 0; a < w->areas.n; a++) {
        double r = 0;
        for (int g = 0; g < MDL_N_GROUPS; g++)
            r += m[a * MDL_PARTIAL_WIDTH + mdl_metric_at(g, MDL_M_intervention_reached)];
        int target =
            strcmp(w->areas.v[a].code, "KH-1") == 0 || strcmp(w->areas.v[a].code, "MM-05") == 0;
        if (target)
            assert_true(r > 0);
        else
            assert_close(r, 0, 0, 0);
    }
    free(m);
    mdl_world_free(w);
}

static double id_share(const mdl_world *w, int female)
{
    double n = 0, id = 0;
    for (size_t i = 0; i < w->persons.n; i++)
        if (w->persons.state[i] != MDL_DEAD && (w->persons.sex[i] == MDL_FEMALE) == female &&
            w->persons.age_months[i] >= MDL_ADULT_AGE_MONTHS) {
            n += 1;
            id += (w->persons.flags[i] & MDL_F_ID) != 0;
        }
    return id / n;
}

/* Documentation access: persons reached apply, and hold IDs once the
 * programme's waiting months are over (none the month they apply); the
 * gender-responsive variant reaches more women than the gender-blind one. */
static void test_interventions__documentation_access_gender_responsive(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *none = run(&p, 8, NULL), *none_first = run(&p, 1, NULL);
    p.doc_active = 1;
    p.doc_coverage = 0.8;
    p.doc_end = 2;
    mdl_world *first = run(&p, 1, NULL);
    mdl_world *blind = run(&p, 8, NULL);
    p.doc_gender_responsive = 1;
    mdl_world *responsive = run(&p, 8, NULL);
    assert_close(id_share(first, 1), id_share(none_first, 1), 1e-12, 0);
    assert_true(id_share(blind, 1) > id_share(none, 1) + 0.02);
    assert_true(id_share(blind, 0) > id_share(none, 0) + 0.02);
    assert_true(id_share(responsive, 1) > id_share(blind, 1) + 0.01);
    assert_close(id_share(responsive, 0), id_share(blind, 0), 0.02, 0);
    mdl_world_free(none), mdl_world_free(none_first), mdl_world_free(first);
    mdl_world_free(blind), mdl_world_free(responsive);
}

/* A cheaper, quicker regular channel draws more migrants into it while it
 * acts (where documents do not stand in the way), and the parameters are the
 * scenario's again after its window. */
static void test_interventions__regular_channel_reform(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.passport_share = 1; /* documents aside, the fee decides */
    const uint32_t months = 24;
    double *a = calloc((size_t)months * MDL_N_METRICS, sizeof *a);
    double *b = calloc((size_t)months * MDL_N_METRICS, sizeof *b);
    mdl_world *base = run(&p, months, a);
    p.reg_active = 1;
    p.reg_end = 22;
    p.reg_fee_factor = 0.2;
    mdl_world *reform = run(&p, months, b);
    double ra = 0, rb = 0;
    for (uint32_t mo = 0; mo < months; mo++) {
        ra += a[(size_t)mo * MDL_N_METRICS + MDL_M_migrations_regular];
        rb += b[(size_t)mo * MDL_N_METRICS + MDL_M_migrations_regular];
    }
    assert_true(rb > 1.3 * ra);
    assert_close(reform->p.agency_fee_usd, p.agency_fee_usd, 0, 0); /* month 23: over */
    free(a), free(b), mdl_world_free(base), mdl_world_free(reform);
}

/* With no intervention listed the run is the baseline's, bit for bit, even
 * when an unlisted intervention has settings. */
static void test_interventions__unlisted_does_nothing(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    const uint32_t months = 6;
    double *a = calloc((size_t)months * MDL_N_METRICS, sizeof *a);
    double *b = calloc((size_t)months * MDL_N_METRICS, sizeof *b);
    mdl_world *w1 = run(&p, months, a);
    p.aw_coverage = 1;
    p.reg_fee_factor = 0.1;
    mdl_world *w2 = run(&p, months, b);
    assert_memory_equal(a, b, (size_t)months * MDL_N_METRICS * sizeof *a);
    free(a), free(b), mdl_world_free(w1), mdl_world_free(w2);
}

/* Labour inspection in fishing and domestic work: those sectors' victims are
 * identified by inspection (domestic work, never in the baseline, too); the
 * sex industry is untouched. Victim-friendly identification: more self-reports,
 * and the undocumented no longer fear them; police work untouched. */
static void test_interventions__identification_rules(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.insp_active = 1;
    p.vfi_active = 1;
    mdl_world *w = test_world(&p, 0.001, SEED, 0);
    mdl_interventions_month(w, 0);
    mdl_persons *ps = &w->persons;
    size_t i = 0;
    ps->state[i] = MDL_TRAFFICKED;
    ps->destination[i] = MDL_DEST_ABROAD;
    ps->channel[i] = MDL_CH_BROKER; /* undocumented */
    double h[MDL_N_EXITS];
    int sectors[] = {MDL_SEC_FISHING, MDL_SEC_DOMESTIC, MDL_SEC_SEX, MDL_SEC_CONSTRUCTION};
    double want[] = {p.inspection_hazard * p.insp_factor, p.inspection_hazard * p.insp_factor, 0,
                     p.inspection_hazard};
    for (int k = 0; k < 4; k++) {
        ps->sector[i] = (uint8_t)sectors[k];
        mdl_abroad_hazards(w, i, h);
        assert_close(h[MDL_EXIT_INSPECTION], want[k], 1e-12, 0);
        assert_close(h[MDL_EXIT_HOTLINE], p.hotline_hazard * p.vfi_hotline_factor, 1e-12, 0);
    }
    ps->sector[i] = MDL_SEC_SEX;
    mdl_abroad_hazards(w, i, h);
    assert_close(h[MDL_EXIT_POLICE], p.police_hazard, 0, 0);
    mdl_world_free(w);
}

/* Shelter reform in its window: shorter stays, women and children no longer
 * held longer than men; the scenario's rules again afterwards. */
static void test_interventions__shelter_reform_window(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.shel_active = 1;
    p.shel_start = 2;
    p.shel_end = 3;
    mdl_world *w = test_world(&p, 0.001, SEED, 0);
    for (uint32_t mo = 0; mo < 6; mo++) {
        mdl_interventions_month(w, mo);
        int in = mo >= 2 && mo <= 3;
        double men = in ? p.shelter_months_men * p.shel_months_factor : p.shelter_months_men;
        assert_close(w->p.shelter_months_men, men, 1e-12, 0);
        assert_close(w->p.shelter_months_women, in ? men : p.shelter_months_women, 1e-12, 0);
    }
    mdl_world_free(w);
}

/* Stigma reduction for returnees lowers reached returnees' stigma and no one
 * else's; debt relief writes off part of reached households' debt and leaves
 * households without debt as they were. */
static void test_interventions__stigma_and_debt_relief(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *ws[2];
    for (int k = 0; k < 2; k++) {
        p.stig_active = p.debt_active = k;
        p.stig_coverage = p.debt_coverage = 0.9;
        p.debt_interest_factor = 1; /* the write-off alone */
        ws[k] = test_world(&p, SCALE, SEED, 0);
        for (size_t i = 0; i < ws[k]->persons.n; i++)
            if (i % 3 == 0 && ws[k]->persons.state[i] == MDL_HOME) {
                ws[k]->persons.stigma[i] = 200;
                ws[k]->persons.return_month[i] = i % 2 ? 0 : UINT16_MAX; /* half returnees */
            }
        double *m = malloc(ws[k]->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
        test_step(ws[k], 0, m, 0);
        free(m);
    }
    size_t lowered = 0, relieved = 0;
    for (size_t i = 0; i < ws[0]->persons.n; i++) {
        uint8_t before = ws[0]->persons.stigma[i], after = ws[1]->persons.stigma[i];
        if (ws[1]->persons.return_month[i] == 0 && before > 0) {
            assert_true(after <= before);
            lowered += after < before;
        } else if (ws[1]->persons.return_month[i] == UINT16_MAX) {
            assert_int_equal(after, before);
        }
    }
    for (size_t hh = 0; hh < ws[0]->households.n; hh++) {
        float before = ws[0]->households.debt_usd[hh], after = ws[1]->households.debt_usd[hh];
        assert_true(after <= before);
        relieved += after < before;
        if (before == 0)
            assert_true(after == 0);
    }
    assert_true(lowered > 100 && relieved > 100);
    mdl_world_free(ws[0]), mdl_world_free(ws[1]);
}

/* A ban on women's regular migration for domestic work: no woman reaches
 * domestic work by the regular channel while it runs, fewer women take the
 * regular channel, and men's regular migration is as it was. */
static void test_interventions__migration_ban(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.passport_share = 1;
    const uint32_t months = 24;
    double *a = calloc((size_t)months * MDL_N_METRICS, sizeof *a);
    double *b = calloc((size_t)months * MDL_N_METRICS, sizeof *b);
    mdl_world *open = run(&p, months, a);
    p.ban_active = 1;
    p.ban_sex = 1; /* female */
    mdl_world *ban = run(&p, months, b);
    size_t open_domestic = 0;
    for (size_t i = 0; i < ban->persons.n; i++) {
        int regular_domestic = ban->persons.channel[i] == MDL_CH_REGULAR &&
                               ban->persons.sector[i] == MDL_SEC_DOMESTIC &&
                               ban->persons.state[i] >= MDL_IN_TRANSIT &&
                               ban->persons.state[i] <= MDL_TRAFFICKED;
        assert_false(regular_domestic && ban->persons.sex[i] == MDL_FEMALE);
        open_domestic += open->persons.channel[i] == MDL_CH_REGULAR &&
                         open->persons.sector[i] == MDL_SEC_DOMESTIC &&
                         open->persons.state[i] == MDL_ABROAD_DECENT;
    }
    assert_true(open_domestic > 0);
    double wa = 0, wb = 0;
    for (uint32_t mo = 0; mo < months; mo++) {
        wa += a[(size_t)mo * MDL_N_METRICS + MDL_M_migrations_regular];
        wb += b[(size_t)mo * MDL_N_METRICS + MDL_M_migrations_regular];
    }
    assert_true(wb < wa);
    free(a), free(b), mdl_world_free(open), mdl_world_free(ban);
}

/* Recruiter regulation: while it runs, the enforcement effort on recruiters
 * (and so an informal broker's sanction hazard) is sanction_factor times the
 * scenario's; after, it is back. */
static void test_interventions__recruiter_regulation(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.rr_active = 1;
    p.rr_end = 1;
    mdl_world *w = test_world(&p, 0.001, SEED, 0);
    size_t broker = w->recruiters.begin[MDL_REC_BROKER];
    double base = mdl_recruit_hazard(w, broker);
    assert_true(base > 0);
    mdl_interventions_month(w, 0);
    assert_true(mdl_recruit_enforcement(w, broker) == p.rr_sanction_factor);
    assert_true(fabs(mdl_recruit_hazard(w, broker) - base * p.rr_sanction_factor) < 1e-12);
    mdl_interventions_month(w, 2);
    assert_true(mdl_recruit_hazard(w, broker) == base);
    mdl_world_free(w);
}

/* The reintegration programme: returnees given services while it runs are
 * trained and their households get the cash; case management lasts its
 * length. */
static void test_interventions__reintegration_programme(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.reint_active = 1;
    const uint32_t months = 36;
    double *t = calloc((size_t)months * MDL_N_METRICS, sizeof *t);
    mdl_world *w = run(&p, months, t);
    double reached = 0, cost = 0;
    for (uint32_t mo = 0; mo < months; mo++) {
        reached += t[(size_t)mo * MDL_N_METRICS + MDL_M_intervention_reached];
        cost += t[(size_t)mo * MDL_N_METRICS + MDL_M_intervention_cost_usd];
    }
    assert_true(reached > 10);
    assert_close(cost, reached * p.reint_cost, 1e-9, 0);
    assert_int_equal(w->p.services_months, p.reint_months);
    size_t trained = 0;
    for (size_t i = 0; i < w->persons.n; i++)
        trained += (w->persons.mflags[i] & MDL_MF_TRAINED) != 0;
    assert_true((double)trained >= reached * 0.5);
    free(t), mdl_world_free(w);
}

/* Social protection covers more households, which then carry less care
 * burden (childcare); girls' education raises girls' schooling and no boy's. */
static void test_interventions__social_protection_and_girls_education(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *none = run(&p, 3, NULL);
    p.sp_active = p.edu_active = 1;
    p.sp_coverage = p.edu_coverage = 0.9;
    mdl_world *with = run(&p, 3, NULL);
    size_t covered[2] = {0, 0}, eased = 0, schooled = 0;
    for (size_t hh = 0; hh < with->households.n; hh++) {
        covered[0] += none->households.social_protection[hh];
        covered[1] += with->households.social_protection[hh];
        if (with->households.social_protection[hh] && !none->households.social_protection[hh] &&
            none->households.care_burden[hh] > 0)
            eased += with->households.care_burden[hh] < none->households.care_burden[hh];
    }
    for (size_t i = 0; i < with->persons.n; i++) {
        if (with->persons.sex[i] == MDL_MALE)
            assert_int_equal(with->persons.education[i], none->persons.education[i]);
        else
            schooled += with->persons.education[i] > none->persons.education[i];
    }
    assert_true(covered[1] > 2 * covered[0]);
    assert_true(eased > 100 && schooled > 100);
    mdl_world_free(none), mdl_world_free(with);
}

/* Decent local work raises local wages (and women's relative to men's) while
 * it runs, which lowers the pull of wages abroad; the scenario's wages after. */
static void test_interventions__decent_local_work(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.work_active = 1;
    p.work_start = 1;
    p.work_end = 1;
    mdl_world *w = test_world(&p, 0.001, SEED, 0);
    mdl_area_state before = w->as[0];
    mdl_interventions_month(w, 1);
    const mdl_area_state *in = &w->as[0];
    double men = p.work_wage_factor,
           women = p.work_wage_factor * p.work_female_wage_ratio / p.female_wage_ratio;
    assert_close(in->wage[MDL_MALE][2], before.wage[MDL_MALE][2] * men, 1e-6, 0);
    assert_close(in->wage[MDL_FEMALE][2], before.wage[MDL_FEMALE][2] * women, 1e-6, 0);
    assert_true(in->wage_gap[MDL_FEMALE][2] <= before.wage_gap[MDL_FEMALE][2]);
    mdl_interventions_month(w, 2);
    assert_memory_equal(w->as[0].wage, before.wage, sizeof before.wage);
    assert_memory_equal(w->as[0].wage_gap, before.wage_gap, sizeof before.wage_gap);
    mdl_world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_interventions__womens_group_campaign_reaches_women_only),
        cmocka_unit_test(test_interventions__window_areas_and_cost),
        cmocka_unit_test(test_interventions__documentation_access_gender_responsive),
        cmocka_unit_test(test_interventions__regular_channel_reform),
        cmocka_unit_test(test_interventions__unlisted_does_nothing),
        cmocka_unit_test(test_interventions__identification_rules),
        cmocka_unit_test(test_interventions__shelter_reform_window),
        cmocka_unit_test(test_interventions__stigma_and_debt_relief),
        cmocka_unit_test(test_interventions__migration_ban),
        cmocka_unit_test(test_interventions__recruiter_regulation),
        cmocka_unit_test(test_interventions__reintegration_programme),
        cmocka_unit_test(test_interventions__social_protection_and_girls_education),
        cmocka_unit_test(test_interventions__decent_local_work),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
