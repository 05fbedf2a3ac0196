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
    p.pol[MDL_IV_AWARENESS].active = 1;
    p.pol[MDL_IV_AWARENESS].start = 3;
    p.aw_venue = 2; /* womens_group */
    p.pol[MDL_IV_AWARENESS].coverage = 0.9;
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
    p.pol[MDL_IV_AWARENESS].active = 1;
    p.pol[MDL_IV_AWARENESS].start = 2;
    p.pol[MDL_IV_AWARENESS].end = 4;
    p.pol[MDL_IV_AWARENESS].coverage = 0.5;
    p.pol[MDL_IV_AWARENESS].cost = 3;
    snprintf(p.pol[MDL_IV_AWARENESS].areas, sizeof p.pol[MDL_IV_AWARENESS].areas, "KH-1,MM-05");
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
    p.pol[MDL_IV_DOCUMENTS].active = 1;
    p.pol[MDL_IV_DOCUMENTS].coverage = 0.8;
    p.pol[MDL_IV_DOCUMENTS].end = 2;
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

static int in_area(const mdl_world *w, size_t i, const char *code)
{
    return strcmp(w->areas.v[w->persons.area[i]].code, code) == 0;
}

/* A share within [lo, hi] of n (n large enough to say). */
static void assert_share(size_t k, size_t n, double lo, double hi)
{
    assert_true(n > 200);
    double share = (double)k / (double)n;
    if (share < lo || share > hi)
        fail_msg("share %g of %zu outside [%g, %g]", share, n, lo, hi);
}

/* Channel reform: the reformed fee and wait for the persons it targets and
 * covers (women of KH-1, four in ten of them: the same ones every month), the
 * scenario's for everyone else and after the window. (The channel choice in
 * mdl_journey.c reads them through mdl_interventions_regular_terms.) */
static void test_interventions__regular_channel_reform(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.pol[MDL_IV_REGULAR].active = 1;
    p.pol[MDL_IV_REGULAR].end = 5;
    p.pol[MDL_IV_REGULAR].sex = 1; /* female */
    p.pol[MDL_IV_REGULAR].coverage = 0.4;
    p.reg_fee_factor = 0.2;
    snprintf(p.pol[MDL_IV_REGULAR].areas, sizeof p.pol[MDL_IV_REGULAR].areas, "KH-1");
    mdl_world *w = test_world(&p, SCALE, SEED, 0);
    size_t n = w->persons.n, targeted = 0, covered = 0;
    uint8_t *was = calloc(n, 1);
    double reformed_wait = (double)lround((double)p.regular_wait_months * p.reg_wait_factor);
    for (uint32_t mo = 0; mo < 8; mo++) {
        mdl_interventions_month(w, mo);
        for (size_t i = 0; i < n; i++) {
            double fee, wait;
            mdl_interventions_regular_terms(w, i, &fee, &wait);
            int reformed = fee != p.agency_fee_usd;
            int target = w->persons.sex[i] == MDL_FEMALE && in_area(w, i, "KH-1");
            if (reformed) {
                assert_close(fee, p.agency_fee_usd * 0.2, 1e-12, 0);
                assert_close(wait, reformed_wait, 0, 0);
            } else {
                assert_close(wait, (double)p.regular_wait_months, 0, 0);
            }
            assert_false(reformed && (!target || mo > 5));
            if (mo == 0)
                was[i] = (uint8_t)reformed, targeted += (size_t)target, covered += (size_t)reformed;
            else if (mo <= 5)
                assert_int_equal(reformed, was[i]); /* a fixed draw, not a monthly coin */
        }
    }
    assert_share(covered, targeted, 0.35, 0.45);
    free(was), mdl_world_free(w);
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
    p.pol[MDL_IV_AWARENESS].coverage = 1;
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
    p.pol[MDL_IV_INSPECTION].active = 1;
    p.pol[MDL_IV_IDENTIFICATION].active = 1;
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
    p.pol[MDL_IV_SHELTER].active = 1;
    p.pol[MDL_IV_SHELTER].start = 2;
    p.pol[MDL_IV_SHELTER].end = 3;
    mdl_world *w = test_world(&p, 0.001, SEED, 0);
    for (uint32_t mo = 0; mo < 6; mo++) {
        mdl_interventions_month(w, mo);
        int in = mo >= 2 && mo <= 3;
        double men = in ? p.shelter_months_men * p.shel_months_factor : p.shelter_months_men;
        for (size_t i = 0; i < 50; i++) {
            assert_close(mdl_interventions_shelter_months(w, i, 0), men, 1e-12, 0);
            assert_close(mdl_interventions_shelter_months(w, i, 1),
                         in ? men : p.shelter_months_women, 1e-12, 0);
        }
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
        p.pol[MDL_IV_STIGMA].active = p.pol[MDL_IV_DEBT].active = k;
        p.pol[MDL_IV_STIGMA].coverage = p.pol[MDL_IV_DEBT].coverage = 0.9;
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
    p.pol[MDL_IV_BAN].active = 1;
    p.pol[MDL_IV_BAN].sex = 1; /* female */
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
    p.pol[MDL_IV_RECRUITERS].active = 1;
    p.pol[MDL_IV_RECRUITERS].end = 1;
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
    p.pol[MDL_IV_REINTEGRATION].active = 1;
    const uint32_t months = 36;
    double *t = calloc((size_t)months * MDL_N_METRICS, sizeof *t);
    mdl_world *w = run(&p, months, t);
    double reached = 0, cost = 0;
    for (uint32_t mo = 0; mo < months; mo++) {
        reached += t[(size_t)mo * MDL_N_METRICS + MDL_M_intervention_reached];
        cost += t[(size_t)mo * MDL_N_METRICS + MDL_M_intervention_cost_usd];
    }
    assert_true(reached > 10);
    assert_close(cost, reached * p.pol[MDL_IV_REINTEGRATION].cost, 1e-9, 0);
    assert_int_equal(w->rules.training, p.reint_training);
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
    p.pol[MDL_IV_SOCIAL].active = p.pol[MDL_IV_EDUCATION].active = 1;
    p.pol[MDL_IV_SOCIAL].coverage = p.pol[MDL_IV_EDUCATION].coverage = 0.9;
    mdl_world *with = run(&p, 3, NULL);
    size_t covered[2] = {0, 0}, eased = 0, schooled = 0;
    for (size_t hh = 0; hh < with->households.n; hh++) {
        covered[0] += none->households.social_protection[hh] != 0;
        covered[1] += with->households.social_protection[hh] != 0;
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
    p.pol[MDL_IV_WORK].active = 1;
    p.pol[MDL_IV_WORK].start = 1;
    p.pol[MDL_IV_WORK].end = 1;
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

/* Make person i a victim trafficked to the first destination, in sector. */
static void make_victim(mdl_world *w, size_t i, int sector)
{
    mdl_persons *ps = &w->persons;
    ps->state[i] = MDL_TRAFFICKED;
    ps->destination[i] = MDL_DEST_ABROAD;
    ps->channel[i] = MDL_CH_BROKER;
    ps->sector[i] = (uint8_t)sector;
    ps->mflags[i] = 0;
}

/* Identifications by inspection over a run of months; the metrics of every
 * month in t (months x MDL_N_METRICS). */
static double inspections(const mdl_params *p, uint32_t months, double *t)
{
    mdl_world *w = run(p, months, t);
    double n = 0;
    for (uint32_t mo = 0; mo < months; mo++)
        n += t[(size_t)mo * MDL_N_METRICS + MDL_M_identified_inspection];
    mdl_world_free(w);
    return n;
}

/* The reviewer's probe: inspection for men of one province at coverage 0.1
 * raises the inspection hazard of about a tenth of that province's men, in
 * the named sectors, and of no one else (Mon State, MM-15: many men work in
 * Thai fishing); inspection everywhere raises every
 * victim's. Over a run, for the men of Myanmar at coverage 0.1, it
 * identifies more victims than no inspection and fewer than inspection
 * everywhere. */
static void test_interventions__inspection_target_and_coverage(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.pol[MDL_IV_INSPECTION].active = 1;
    snprintf(p.insp_sectors, sizeof p.insp_sectors, "fishing,construction");
    mdl_world *all = test_world(&p, SCALE, SEED, 0);
    p.pol[MDL_IV_INSPECTION].sex = 2; /* male */
    p.pol[MDL_IV_INSPECTION].coverage = 0.1;
    snprintf(p.pol[MDL_IV_INSPECTION].areas, sizeof p.pol[MDL_IV_INSPECTION].areas, "MM-15");
    mdl_world *few = test_world(&p, SCALE, SEED, 0);
    mdl_interventions_month(all, 0), mdl_interventions_month(few, 0);
    size_t targeted = 0, covered = 0;
    double h[MDL_N_EXITS], base = p.inspection_hazard;
    for (size_t i = 0; i < few->persons.n; i++) {
        make_victim(all, i, MDL_SEC_FISHING), make_victim(few, i, MDL_SEC_FISHING);
        mdl_abroad_hazards(all, i, h);
        assert_close(h[MDL_EXIT_INSPECTION], base * p.insp_factor, 1e-12, 0);
        mdl_abroad_hazards(few, i, h);
        int target = few->persons.sex[i] == MDL_MALE && in_area(few, i, "MM-15");
        int raised = h[MDL_EXIT_INSPECTION] > base;
        assert_false(raised && !target);
        targeted += (size_t)target, covered += (size_t)raised;
        make_victim(few, i, MDL_SEC_SEX); /* a sector not named */
        mdl_abroad_hazards(few, i, h);
        assert_close(h[MDL_EXIT_INSPECTION], 0, 0, 0);
    }
    assert_share(covered, targeted, 0.06, 0.14);
    mdl_world_free(all), mdl_world_free(few);
    /* runs: inspection common enough to be seen at this scale, for men of
     * all Myanmar (one state has too few victims at this scale to count) */
    const uint32_t months = 48;
    size_t size = (size_t)months * MDL_N_METRICS * sizeof(double);
    double *t_few = calloc(1, size), *t_all = calloc(1, size), *t_none = calloc(1, size);
    p.inspection_hazard = 0.5;
    p.insp_factor = 50;
    snprintf(p.pol[MDL_IV_INSPECTION].areas, sizeof p.pol[MDL_IV_INSPECTION].areas,
             "MM-01,MM-02,MM-03,MM-04,MM-05,MM-06,MM-07,MM-11,MM-12,MM-13,MM-14,MM-15,MM-16,"
             "MM-17,MM-18");
    double n_few = inspections(&p, months, t_few);
    p.pol[MDL_IV_INSPECTION].sex = 0, p.pol[MDL_IV_INSPECTION].coverage = 1,
    p.pol[MDL_IV_INSPECTION].areas[0] = '\0';
    double n_all = inspections(&p, months, t_all);
    p.pol[MDL_IV_INSPECTION].active = 0;
    double n_none = inspections(&p, months, t_none);
    print_message("identified by inspection: none %g, men of Myanmar at 0.1 %g, everyone %g\n",
                  n_none, n_few, n_all);
    assert_true(memcmp(t_few, t_all, size) != 0 && memcmp(t_few, t_none, size) != 0);
    assert_true(n_all > n_few && n_few > n_none);
    free(t_few), free(t_all), free(t_none);
}

/* Inspection named destinations: a victim elsewhere is not inspected. */
static void test_interventions__inspection_destinations(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.pol[MDL_IV_INSPECTION].active = 1;
    snprintf(p.insp_destinations, sizeof p.insp_destinations, "CN");
    mdl_world *w = test_world(&p, 0.001, SEED, 0);
    mdl_interventions_month(w, 0);
    double h[MDL_N_EXITS];
    make_victim(w, 0, MDL_SEC_FISHING); /* in TH, the first row */
    mdl_abroad_hazards(w, 0, h);
    assert_close(h[MDL_EXIT_INSPECTION], p.inspection_hazard, 1e-12, 0);
    w->persons.destination[0] = MDL_DEST_ABROAD + 1; /* CN */
    mdl_abroad_hazards(w, 0, h);
    double ident = w->dest.v[1].identification_ratio;
    assert_close(h[MDL_EXIT_INSPECTION], p.inspection_hazard * p.insp_factor * ident, 1e-12, 0);
    mdl_world_free(w);
}

/* Coverage 0 is no intervention, bit for bit: every rule-type intervention
 * (and debt relief) listed at coverage 0 gives the baseline's metrics. */
static void test_interventions__coverage_zero_is_none(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    const uint32_t months = 12;
    size_t size = (size_t)months * MDL_N_METRICS * sizeof(double);
    double *a = calloc(1, size), *b = calloc(1, size);
    mdl_world *w0 = run(&p, months, a);
    p.pol[MDL_IV_INSPECTION].active = p.pol[MDL_IV_IDENTIFICATION].active =
        p.pol[MDL_IV_SHELTER].active = p.pol[MDL_IV_REGULAR].active = p.pol[MDL_IV_DEBT].active = 1;
    p.pol[MDL_IV_INSPECTION].coverage = p.pol[MDL_IV_IDENTIFICATION].coverage =
        p.pol[MDL_IV_SHELTER].coverage = p.pol[MDL_IV_REGULAR].coverage =
            p.pol[MDL_IV_DEBT].coverage = 0;
    mdl_world *w1 = run(&p, months, b);
    assert_memory_equal(a, b, size);
    assert_memory_equal(w0->households.debt_usd, w1->households.debt_usd,
                        w0->households.n * sizeof(float));
    free(a), free(b), mdl_world_free(w0), mdl_world_free(w1);
}

/* Identification and shelter reform for women only, at coverage one half:
 * covered women get the reformed hotline and stays, men never. */
static void test_interventions__identification_and_shelter_by_sex(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.pol[MDL_IV_IDENTIFICATION].active = p.pol[MDL_IV_SHELTER].active = 1;
    p.pol[MDL_IV_IDENTIFICATION].sex = p.pol[MDL_IV_SHELTER].sex = 1; /* female */
    p.pol[MDL_IV_IDENTIFICATION].coverage = p.pol[MDL_IV_SHELTER].coverage = 0.5;
    mdl_world *w = test_world(&p, SCALE, SEED, 0);
    mdl_interventions_month(w, 0);
    size_t women = 0, vfi = 0, shelter = 0, both = 0;
    for (size_t i = 0; i < w->persons.n; i++) {
        double hazard, fear;
        mdl_interventions_hotline(w, i, &hazard, &fear);
        int v = fear == 1, s = mdl_interventions_shelter_months(w, i, 0) != p.shelter_months_men;
        if (w->persons.sex[i] == MDL_MALE) {
            assert_false(v || s);
            assert_close(hazard, p.hotline_hazard, 0, 0);
            continue;
        }
        double want =
            p.hotline_hazard * (v ? p.vfi_hotline_factor : 1) * (s ? p.shel_reporting_factor : 1);
        assert_close(hazard, want, 1e-12, 0);
        women++, vfi += (size_t)v, shelter += (size_t)s, both += (size_t)(v && s);
    }
    assert_share(vfi, women, 0.45, 0.55);
    assert_share(shelter, women, 0.45, 0.55);
    assert_share(both, women, 0.2, 0.3); /* the two draws are independent */
    mdl_world_free(w);
}

/* Debt relief's interest: lower only for indebted households of the target
 * areas whose fixed draw falls below the coverage. */
static void test_interventions__debt_interest_target(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.pol[MDL_IV_DEBT].active = 1;
    p.pol[MDL_IV_DEBT].coverage = 0.5;
    snprintf(p.pol[MDL_IV_DEBT].areas, sizeof p.pol[MDL_IV_DEBT].areas, "KH-1,KH-2");
    mdl_world *w = test_world(&p, SCALE, SEED, 0);
    mdl_interventions_month(w, 0);
    const mdl_households *hs = &w->households;
    size_t targeted = 0, lowered = 0;
    for (size_t hh = 0; hh < hs->n; hh++) {
        const char *code = w->areas.v[hs->area[hh]].code;
        int target = hs->debt_usd[hh] > 0 && (!strcmp(code, "KH-1") || !strcmp(code, "KH-2"));
        double r = mdl_interventions_interest(w, hh);
        int low = r != p.interest_monthly;
        assert_false(low && !target);
        if (low)
            assert_close(r, p.interest_monthly * p.debt_interest_factor, 1e-12, 0);
        targeted += (size_t)target, lowered += (size_t)low;
    }
    assert_share(lowered, targeted, 0.4, 0.6);
    mdl_world_free(w);
}

/* Decent local work for women of KH-1: their wages change, men's and other
 * areas' do not. */
static void test_interventions__decent_local_work_target(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.pol[MDL_IV_WORK].active = 1;
    p.pol[MDL_IV_WORK].start = 1;
    p.pol[MDL_IV_WORK].sex = 1; /* female */
    snprintf(p.pol[MDL_IV_WORK].areas, sizeof p.pol[MDL_IV_WORK].areas, "KH-1");
    mdl_world *w = test_world(&p, 0.001, SEED, 0);
    mdl_area_state *before = malloc(w->areas.n * sizeof *before);
    memcpy(before, w->as, w->areas.n * sizeof *before);
    mdl_interventions_month(w, 1);
    for (size_t a = 0; a < w->areas.n; a++) {
        int target = strcmp(w->areas.v[a].code, "KH-1") == 0;
        assert_memory_equal(w->as[a].wage[MDL_MALE], before[a].wage[MDL_MALE],
                            sizeof before[a].wage[MDL_MALE]);
        double ratio = p.work_wage_factor * p.work_female_wage_ratio / p.female_wage_ratio;
        assert_close(w->as[a].wage[MDL_FEMALE][2],
                     before[a].wage[MDL_FEMALE][2] * (target ? ratio : 1), 1e-6, 0);
    }
    free(before), mdl_world_free(w);
}

/* Settings a rule cannot honour are refused, naming the key and why: target
 * keys of recruiter regulation and decent local work, coverage of a ban and
 * of decent local work, and a cost per person of any rule. */
static void test_interventions__unhonoured_keys_refused(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, 0.001, SEED, 0);
    p.pol[MDL_IV_RECRUITERS].active = p.pol[MDL_IV_WORK].active = p.pol[MDL_IV_BAN].active =
        p.pol[MDL_IV_INSPECTION].active = 1;
    p.pol[MDL_IV_RECRUITERS].sex = 1;
    p.pol[MDL_IV_WORK].min_age = 18;
    p.pol[MDL_IV_WORK].coverage = 0.5;
    p.pol[MDL_IV_BAN].coverage = 0.5;
    p.pol[MDL_IV_INSPECTION].cost = 3;
    sim_errs errs;
    sim_errs_init(&errs);
    assert_int_equal(mdl_interventions_check(&p, &w->areas, &w->dest, &errs), SIM_EINPUT);
    const char *keys[] = {"interventions.labour_inspection.cost_per_person_usd",
                          "interventions.migration_ban.coverage",
                          "interventions.recruiter_regulation.target.sex",
                          "interventions.decent_local_work.target.min_age",
                          "interventions.decent_local_work.coverage"};
    assert_int_equal(errs.n, 5);
    for (size_t k = 0; k < 5; k++) {
        assert_string_equal(errs.v[k].key, keys[k]);
        assert_non_null(strstr(errs.v[k].msg, "cannot apply"));
    }
    sim_errs_release(&errs);
    sim_errs_init(&errs);
    p.pol[MDL_IV_RECRUITERS].sex = 0, p.pol[MDL_IV_WORK].min_age = 0,
    p.pol[MDL_IV_WORK].coverage = 1, p.pol[MDL_IV_BAN].coverage = 1,
    p.pol[MDL_IV_INSPECTION].cost = 0;
    p.pol[MDL_IV_WORK].sex = 2, p.pol[MDL_IV_RECRUITERS].coverage = 0.2; /* honoured */
    assert_int_equal(mdl_interventions_check(&p, &w->areas, &w->dest, &errs), SIM_OK);
    sim_errs_release(&errs);
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
        cmocka_unit_test(test_interventions__inspection_target_and_coverage),
        cmocka_unit_test(test_interventions__inspection_destinations),
        cmocka_unit_test(test_interventions__coverage_zero_is_none),
        cmocka_unit_test(test_interventions__identification_and_shelter_by_sex),
        cmocka_unit_test(test_interventions__debt_interest_target),
        cmocka_unit_test(test_interventions__decent_local_work_target),
        cmocka_unit_test(test_interventions__unhonoured_keys_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
