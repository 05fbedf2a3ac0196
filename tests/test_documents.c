/* Tests of documents as a process (mdl_documents.h): applications arrive
 * after their months, barriers lower uptake and lengthen the wait, the
 * gender-responsive programme removes women's and widows' barriers, a
 * permit lost or run out makes a migrant undocumented, and the run does not
 * depend on the thread count. */
#include "../models/mdl_abroad.h"
#include "../models/mdl_documents.h"
#include "../models/mdl_interventions.h"
#include "../models/mdl_metrics.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"
#include "test_world.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SCALE 0.001
#define SEED  23

/* A destination row with a regular channel (the test data have one). */
static int regular_destination(const mdl_world *w)
{
    for (size_t k = 0; k < w->dest.n; k++)
        if (w->dest.v[k].regular_channel)
            return (int)k;
    fail_msg("no destination with a regular channel");
    return -1;
}

/* The first adult man at home, aged 20-40, with no documents; made a rural
 * non-minority single man outside conflict areas with money to pay. */
static size_t plain_adult(mdl_world *w)
{
    mdl_persons *ps = &w->persons;
    for (size_t i = 0; i < ps->n; i++) {
        int age = ps->age_months[i] / 12;
        if (ps->state[i] != MDL_HOME || age < 20 || age > 40 || w->as[ps->area[i]].conflict_now)
            continue;
        ps->sex[i] = MDL_MALE;
        ps->marital[i] = MDL_SINGLE;
        ps->flags[i] &= (uint16_t) ~(MDL_F_ID | MDL_F_PASSPORT | MDL_F_MINORITY);
        w->households.rural[ps->household[i]] = 0;
        w->households.savings_usd[ps->household[i]] = 10000;
        return i;
    }
    fail_msg("no adult at home");
    return 0;
}

/* One documents month of person i's household. */
static void documents_month(mdl_world *w, size_t i, uint32_t month, double *acc)
{
    sim_month mo = {sim_rng_key_make(1, 0), month, 1, NULL};
    mdl_month_ctx c = {w, &mo, NULL, 0, 0};
    mdl_documents_household(&c, w->persons.household[i], acc);
}

static double total_of(const double *acc, int k)
{
    double s = 0;
    for (int g = 0; g < MDL_N_GROUPS; g++)
        s += acc[mdl_metric_at(g, k)];
    return s;
}

/* A seeker bound for a regular-channel destination applies, pays, waits the
 * ID's and the passport's months, and then holds both. */
static void test_documents__applicant_gets_passport_after_waiting(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.doc_apply_chance = 1;
    p.doc_id_months = 3;
    p.doc_passport_months = 2;
    mdl_world *w = test_world(&p, SCALE, SEED, 1);
    assert_non_null(w);
    double *acc = calloc(MDL_PARTIAL_WIDTH, sizeof *acc);
    size_t i = plain_adult(w);
    mdl_persons *ps = &w->persons;
    ps->state[i] = MDL_SEEKING;
    ps->destination[i] = (uint8_t)(MDL_DEST_ABROAD + regular_destination(w));
    float savings = w->households.savings_usd[ps->household[i]];
    documents_month(w, i, 0, acc);
    assert_true(mdl_documents_pending(w, i));
    assert_int_equal(ps->doc_months[i], 3 + 2);
    assert_close(total_of(acc, MDL_M_doc_applications), 1, 0, 0);
    assert_close(savings - w->households.savings_usd[ps->household[i]],
                 p.doc_id_fee_usd + p.doc_passport_fee_usd, 1e-6, 1e-3);
    for (uint32_t mo = 1; mo < 5; mo++) {
        documents_month(w, i, mo, acc);
        assert_false(mdl_documents_complete(w, i));
    }
    documents_month(w, i, 5, acc);
    assert_true(mdl_documents_complete(w, i));
    assert_false(mdl_documents_pending(w, i));
    assert_close(total_of(acc, MDL_M_doc_passports_issued), 1, 0, 0);
    free(acc);
    mdl_world_free(w);
}

/* Without savings or credit room, no application is started. */
static void test_documents__no_money_no_application(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, SCALE, SEED, 1);
    assert_non_null(w);
    double *acc = calloc(MDL_PARTIAL_WIDTH, sizeof *acc);
    size_t i = plain_adult(w);
    size_t hh = w->persons.household[i];
    w->households.savings_usd[hh] = 0;
    w->households.debt_usd[hh] = (float)(p.debt_limit_months * w->households.need_usd[hh] + 1);
    assert_int_equal(mdl_documents_apply(w, i, 0, 1, acc), 0);
    assert_false(mdl_documents_pending(w, i));
    free(acc);
    mdl_world_free(w);
}

/* Women, widows and minorities apply less readily and wait longer. */
static void test_documents__barriers(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, SCALE, SEED, 1);
    assert_non_null(w);
    size_t i = plain_adult(w);
    mdl_persons *ps = &w->persons;
    double man = mdl_documents_uptake(w, i, 0);
    int man_months = mdl_documents_months(w, i, 0, 1);
    assert_close(man, p.doc_apply_chance, 1e-12, 0);
    assert_int_equal(man_months, p.doc_id_months + p.doc_passport_months);
    ps->sex[i] = MDL_FEMALE;
    double woman = mdl_documents_uptake(w, i, 0);
    assert_close(woman, man * p.doc_female_factor, 1e-12, 0);
    assert_int_equal(mdl_documents_months(w, i, 0, 1), man_months + p.doc_barrier_months);
    ps->marital[i] = MDL_WIDOWED;
    assert_close(mdl_documents_uptake(w, i, 0), woman * p.doc_widow_factor, 1e-12, 0);
    assert_int_equal(mdl_documents_months(w, i, 0, 1), man_months + 2 * p.doc_barrier_months);
    ps->flags[i] |= MDL_F_MINORITY;
    assert_true(mdl_documents_uptake(w, i, 0) <
                woman * p.doc_widow_factor * p.doc_minority_factor + 1e-12);
    assert_int_equal(mdl_documents_months(w, i, 0, 1), man_months + 3 * p.doc_barrier_months);
    mdl_world_free(w);
}

/* Statistically: over a run, the seekers who apply are fewer among women
 * than among men, relative to the seekers who could. */
static void test_documents__fewer_women_apply(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    mdl_world *w = test_world(&p, 0.004, SEED, 0);
    assert_non_null(w);
    double up[2] = {0, 0}, n[2] = {0, 0};
    for (size_t i = 0; i < w->persons.n; i++)
        if (w->persons.state[i] != MDL_DEAD && w->persons.age_months[i] >= MDL_ADULT_AGE_MONTHS) {
            int female = w->persons.sex[i] == MDL_FEMALE;
            up[female] += mdl_documents_uptake(w, i, 0);
            n[female] += 1;
        }
    assert_true(up[1] / n[1] < 0.95 * up[0] / n[0]);
    mdl_world_free(w);
}

/* The gender-responsive programme removes women's and widows' barriers: the
 * same uptake and months as a man's; the gender-blind one keeps them, and
 * both charge the programme's fee and wait. */
static void test_documents__gender_responsive_removes_the_gap(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.pol[MDL_IV_DOCUMENTS].active = 1;
    p.pol[MDL_IV_DOCUMENTS].start = 0;
    mdl_world *blind = test_world(&p, SCALE, SEED, 1);
    p.doc_gender_responsive = 1;
    mdl_world *resp = test_world(&p, SCALE, SEED, 1);
    assert_non_null(blind);
    assert_non_null(resp);
    mdl_interventions_month(blind, 0);
    mdl_interventions_month(resp, 0);
    size_t i = plain_adult(blind), j = plain_adult(resp);
    assert_int_equal(i, j);
    double man = mdl_documents_uptake(resp, j, 1);
    int man_months = mdl_documents_months(resp, j, 1, 1);
    long expect = lround((double)(p.doc_id_months + p.doc_passport_months) * p.doc_months_factor);
    assert_int_equal(man_months, expect > 1 ? expect : 1);
    blind->persons.sex[i] = resp->persons.sex[j] = MDL_FEMALE;
    blind->persons.marital[i] = resp->persons.marital[j] = MDL_WIDOWED;
    assert_close(mdl_documents_uptake(resp, j, 1), man, 1e-12, 0);
    assert_int_equal(mdl_documents_months(resp, j, 1, 1), man_months);
    assert_true(mdl_documents_uptake(blind, i, 1) < man);
    assert_true(mdl_documents_months(blind, i, 1, 1) > man_months);
    /* the programme's fee */
    double *acc = calloc(MDL_PARTIAL_WIDTH, sizeof *acc);
    float before = resp->households.savings_usd[resp->persons.household[j]];
    assert_int_equal(mdl_documents_apply(resp, j, 1, 1, acc), 1);
    assert_close(before - resp->households.savings_usd[resp->persons.household[j]],
                 (p.doc_id_fee_usd + p.doc_passport_fee_usd) * p.doc_fee_factor, 1e-6, 1e-3);
    assert_close(total_of(acc, MDL_M_doc_applications_programme), 1, 0, 0);
    free(acc);
    mdl_world_free(blind);
    mdl_world_free(resp);
}

/* In a run, the gender-responsive programme brings women's applications
 * through the programme closer to men's than the gender-blind one. */
static void test_documents__gender_responsive_run(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.pol[MDL_IV_DOCUMENTS].active = 1;
    p.pol[MDL_IV_DOCUMENTS].coverage = 0.6;
    double ratio[2];
    for (int responsive = 0; responsive < 2; responsive++) {
        p.doc_gender_responsive = responsive;
        mdl_world *w = test_world(&p, 0.003, SEED, 0);
        assert_non_null(w);
        double *m = malloc(w->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
        double women = 0, men = 0;
        for (uint32_t mo = 0; mo < 6; mo++) {
            test_step(w, mo, m, 0);
            for (size_t a = 0; a < w->areas.n; a++) {
                women += m[a * MDL_PARTIAL_WIDTH +
                           mdl_metric_at(MDL_WOMEN, MDL_M_doc_applications_programme)];
                men += m[a * MDL_PARTIAL_WIDTH +
                         mdl_metric_at(MDL_MEN, MDL_M_doc_applications_programme)];
            }
        }
        assert_true(men > 50);
        ratio[responsive] = women / men;
        free(m);
        mdl_world_free(w);
    }
    assert_true(ratio[1] > ratio[0] + 0.05);
}

/* A regular migrant holds a permit and is documented; confiscation makes the
 * migrant undocumented at once and takes passport and permit; a permit that
 * runs out unrenewed leaves the migrant undocumented; a renewal keeps it. */
static void test_documents__permit_lost_or_expired(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.permit_months = 2;
    p.permit_renew_share = 0;
    mdl_world *w = test_world(&p, SCALE, SEED, 1);
    assert_non_null(w);
    double *acc = calloc(MDL_PARTIAL_WIDTH, sizeof *acc);
    mdl_persons *ps = &w->persons;
    size_t i = plain_adult(w);
    ps->flags[i] |= MDL_F_ID | MDL_F_PASSPORT;
    ps->destination[i] = (uint8_t)(MDL_DEST_ABROAD + regular_destination(w));
    ps->channel[i] = MDL_CH_REGULAR;
    ps->state[i] = MDL_IN_TRANSIT;
    ps->episode_month[i] = 0;
    documents_month(w, i, 1, acc); /* the permit comes on the way */
    assert_true(ps->flags[i] & MDL_F_PERMIT);
    ps->state[i] = MDL_ABROAD_DECENT;
    assert_false(mdl_abroad_undocumented(w, i));
    documents_month(w, i, 2, acc);
    assert_false(mdl_abroad_undocumented(w, i));
    documents_month(w, i, 3, acc); /* two months abroad: it runs out */
    assert_true(mdl_abroad_undocumented(w, i));
    assert_close(total_of(acc, MDL_M_permits_expired), 1, 0, 0);
    /* renewed: documented again for permit_months */
    ((mdl_params *)&w->p)->permit_renew_share = 1; /* a test may change a built world */
    mdl_documents_grant_permit(w, i);
    documents_month(w, i, 4, acc);
    documents_month(w, i, 5, acc);
    assert_false(mdl_abroad_undocumented(w, i));
    assert_close(total_of(acc, MDL_M_permits_renewed), 1, 0, 0);
    /* confiscated */
    ps->mflags[i] |= MDL_MF_CONFISCATED;
    assert_true(mdl_abroad_undocumented(w, i));
    documents_month(w, i, 6, acc);
    assert_false(ps->flags[i] & (MDL_F_PERMIT | MDL_F_PASSPORT));
    assert_close(total_of(acc, MDL_M_doc_confiscated), 1, 0, 0);
    /* home again: no permit survives the stay */
    ps->mflags[i] = 0;
    mdl_documents_grant_permit(w, i);
    ps->state[i] = MDL_HOME;
    documents_month(w, i, 7, acc);
    assert_false(ps->flags[i] & MDL_F_PERMIT);
    free(acc);
    mdl_world_free(w);
}

/* Undocumented migrants in work abroad register at the regularisation
 * hazard; trafficked ones and those whose documents are kept never do; at
 * hazard 0 nobody does. */
static void test_documents__regularisation(void **state)
{
    (void)state;
    for (int on = 0; on < 2; on++) {
        mdl_params p;
        test_default_params(&p);
        p.regularisation_hazard = on ? 6 : 0; /* 39% a month */
        mdl_world *w = test_world(&p, SCALE, SEED, 1);
        assert_non_null(w);
        double *acc = calloc(MDL_PARTIAL_WIDTH, sizeof *acc);
        mdl_persons *ps = &w->persons;
        size_t n[3] = {0, 0, 0}, got[3] = {0, 0, 0}; /* working, trafficked, kept */
        uint8_t dest = (uint8_t)(MDL_DEST_ABROAD + regular_destination(w));
        for (size_t i = 0; i < ps->n; i++) {
            if (ps->state[i] != MDL_HOME || ps->age_months[i] < 18 * 12)
                continue;
            int kind = (int)(i % 3);
            ps->flags[i] &= (uint16_t)~MDL_F_PERMIT;
            ps->destination[i] = dest;
            ps->channel[i] = MDL_CH_BROKER;
            ps->state[i] = kind == 1 ? MDL_TRAFFICKED : MDL_ABROAD_DECENT;
            ps->mflags[i] = kind == 2 ? MDL_MF_CONFISCATED : 0;
            n[kind]++;
        }
        for (size_t hh = 0; hh < w->households.n; hh++)
            documents_month(w, w->households.first[hh], 1, acc);
        for (size_t i = 0; i < ps->n; i++)
            if (ps->destination[i] == dest && (ps->flags[i] & MDL_F_PERMIT))
                got[ps->state[i] == MDL_TRAFFICKED ? 1 : ps->mflags[i] ? 2 : 0]++;
        assert_true(n[0] > 500);
        double share = (double)got[0] / (double)n[0], want = on ? 1 - exp(-6.0 / 12) : 0;
        assert_close(share, want, 0, 4 * sqrt(want * (1 - want) / (double)n[0]) + 1e-12);
        assert_int_equal(got[1] + got[2], 0);
        assert_close(total_of(acc, MDL_M_permits_regularised), (double)got[0], 0, 0);
        free(acc);
        mdl_world_free(w);
    }
}

/* Where conflict escalates, persons at home lose their documents at the
 * hazard; elsewhere nobody does. */
static void test_documents__conflict_loss(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.doc_conflict_loss_hazard = 5; /* about a third a month */
    mdl_world *w = test_world(&p, SCALE, SEED, 1);
    assert_non_null(w);
    w->as[0].conflict_shock = 1;
    double *acc = calloc(MDL_PARTIAL_WIDTH, sizeof *acc);
    double held0 = 0, held1 = 0, other0 = 0, other1 = 0;
    const uint16_t docs = MDL_F_ID | MDL_F_PASSPORT;
    for (size_t i = 0; i < w->persons.n; i++)
        *(w->persons.area[i] == 0 ? &held0 : &other0) += (w->persons.flags[i] & docs) != 0;
    for (size_t hh = 0; hh < w->households.n; hh++)
        documents_month(w, w->households.first[hh], 0, acc);
    for (size_t i = 0; i < w->persons.n; i++)
        *(w->persons.area[i] == 0 ? &held1 : &other1) += (w->persons.flags[i] & docs) != 0;
    assert_close(other1, other0, 0, 0.02 * other0); /* passports run out everywhere */
    assert_close(held1 / held0, exp(-5.0 / 12), 0.1, 0);
    /* all losses but the few passports that ran out this month (1 in 120) */
    assert_close(total_of(acc, MDL_M_doc_lost_conflict), held0 - held1, 0, 0.02 * held0);
    free(acc);
    mdl_world_free(w);
}

/* Documentation access over a few months: the documents columns and the
 * metrics are the same with one thread and with two. */
static void test_documents__thread_count(void **state)
{
    (void)state;
    mdl_params p;
    test_default_params(&p);
    p.pol[MDL_IV_DOCUMENTS].active = 1;
    p.pol[MDL_IV_DOCUMENTS].coverage = 0.5;
    p.permit_months = 3;
    mdl_world *w[2];
    double sums[2][MDL_N_METRICS];
    for (int t = 0; t < 2; t++) {
        w[t] = test_world(&p, 0.003, SEED, t + 1);
        assert_non_null(w[t]);
        double *m = malloc(w[t]->areas.n * MDL_PARTIAL_WIDTH * sizeof *m);
        memset(sums[t], 0, sizeof sums[t]);
        for (uint32_t mo = 0; mo < 12; mo++) {
            test_step(w[t], mo, m, t + 1);
            for (int k = 0; k < MDL_N_METRICS; k++)
                sums[t][k] += test_total(w[t], m, k);
        }
        free(m);
    }
    size_t n = w[0]->persons.n;
    assert_memory_equal(w[0]->persons.flags, w[1]->persons.flags, n * sizeof(uint16_t));
    assert_memory_equal(w[0]->persons.doc_months, w[1]->persons.doc_months, n);
    assert_memory_equal(w[0]->persons.permit_months, w[1]->persons.permit_months, n);
    for (int k = 0; k < MDL_N_METRICS; k++)
        assert_close(sums[1][k], sums[0][k], 1e-12, 1e-9);
    assert_true(sums[0][MDL_M_doc_applications] > 0);
    assert_true(sums[0][MDL_M_doc_issued] > 0);
    mdl_world_free(w[0]);
    mdl_world_free(w[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_documents__applicant_gets_passport_after_waiting),
        cmocka_unit_test(test_documents__no_money_no_application),
        cmocka_unit_test(test_documents__barriers),
        cmocka_unit_test(test_documents__fewer_women_apply),
        cmocka_unit_test(test_documents__gender_responsive_removes_the_gap),
        cmocka_unit_test(test_documents__gender_responsive_run),
        cmocka_unit_test(test_documents__permit_lost_or_expired),
        cmocka_unit_test(test_documents__regularisation),
        cmocka_unit_test(test_documents__conflict_loss),
        cmocka_unit_test(test_documents__thread_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
