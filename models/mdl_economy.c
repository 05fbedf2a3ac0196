#include "mdl_economy.h"

#include "mdl_interventions.h"
#include "mdl_metrics.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Children under this age count as children in the equivalence scale (OECD). */
#define CHILD_SCALE_AGE_YEARS 14
/* Months since a flood after which it no longer counts as a recent disaster. */
#define NEVER_FLOODED 10000

int mdl_education_at(int final_level, int age_years)
{
    int reachable = age_years >= 18   ? MDL_EDU_UPPER_SEC
                    : age_years >= 15 ? MDL_EDU_LOWER_SEC
                    : age_years >= 12 ? MDL_EDU_PRIMARY
                                      : MDL_EDU_NONE;
    return final_level < reachable ? final_level : reachable;
}

/* An area's wages by sex and schooling, from this month's rules: decent
 * local work's where it acts on the area (mdl_interventions_wages_apply). */
static void area_wages(mdl_world *w, size_t ai)
{
    const mdl_params *p = &w->p;
    const mdl_rules *r = &w->rules;
    int work = mdl_interventions_wages_apply(w, ai);
    const mdl_area *a = &w->areas.v[ai];
    mdl_area_state *as = &w->as[ai];
    int kh = strcmp(a->country, "KH") == 0;
    double base =
        (kh ? p->wage_kh_usd : p->wage_mm_usd) * (1 - p->poverty_wage_penalty * a->poverty_rate);
    for (int sex = 0; sex < 2; sex++)
        for (int l = 0; l < 4; l++) {
            double wage = base * pow(1 + p->education_wage_return, l - MDL_EDU_PRIMARY);
            wage *= work ? r->wage_factor[sex] : 1;
            wage *= sex != MDL_FEMALE ? 1 : work ? r->female_wage_ratio : p->female_wage_ratio;
            as->wage[sex][l] = (float)wage;
            as->expected_wage[sex][l] = (float)(wage * as->lfp[sex]);
        }
}

void mdl_economy_wages(mdl_world *w)
{
    for (size_t ai = 0; ai < w->areas.n; ai++)
        area_wages(w, ai);
}

static int area_market(mdl_world *w, size_t ai, sim_errs *errs)
{
    const mdl_params *p = &w->p;
    const mdl_area *a = &w->areas.v[ai];
    mdl_area_state *as = &w->as[ai];
    int kh = strcmp(a->country, "KH") == 0;
    double lfp[2];
    int rc = mdl_areas_fact(&w->areas, a->country, "labour_force_participation", "female", &lfp[0],
                            errs);
    rc |=
        mdl_areas_fact(&w->areas, a->country, "labour_force_participation", "male", &lfp[1], errs);
    if (rc)
        return SIM_EINPUT;
    for (int sex = 0; sex < 2; sex++) {
        as->work_threshold[sex] = sim_rng_threshold(lfp[sex]);
        as->lfp[sex] = lfp[sex];
    }
    area_wages(w, ai);
    as->need_usd = (float)(kh ? p->need_kh_usd : p->need_mm_usd);
    as->months_since_flood = NEVER_FLOODED;
    return SIM_OK;
}

int mdl_economy_init(mdl_world *w, sim_errs *errs)
{
    w->as = calloc(w->areas.n, sizeof *w->as);
    if (!w->as)
        return SIM_ENOMEM;
    int rc = SIM_OK;
    for (size_t ai = 0; ai < w->areas.n && !rc; ai++)
        rc = area_market(w, ai, errs);
    w->illness_threshold = sim_rng_threshold(w->p.illness_monthly_probability);
    w->informal_threshold[MDL_FEMALE] = sim_rng_threshold(w->p.informal_share_female);
    w->informal_threshold[MDL_MALE] = sim_rng_threshold(w->p.informal_share_male);
    w->loan_threshold = sim_rng_threshold(1 - exp(-w->p.loan_hazard / 12));
    return rc;
}

void mdl_environment_step(mdl_world *w, sim_month *m)
{
    const mdl_params *p = &w->p;
    int calendar_month = (int)(m->month % 12) + 1;
    for (size_t ai = 0; ai < w->areas.n; ai++) {
        mdl_area_state *as = &w->as[ai];
        as->flood_new = 0;
        if (as->flood_left > 0 && --as->flood_left == 0)
            as->months_since_flood = 0;
        else if (as->flood_left == 0 && as->months_since_flood < NEVER_FLOODED)
            as->months_since_flood++;
        if (!w->areas.v[ai].flood_exposure || calendar_month != p->flood_start_month)
            continue;
        uint32_t u[4];
        sim_rng_draw4(m->key, (uint32_t)ai, m->month, MDL_DRAW_AREA_SHOCK, 0, u);
        if (sim_rng_u01(u[0]) < p->flood_annual_probability) {
            as->flood_left = (int)p->flood_months;
            as->flood_new = 1;
        }
    }
}

/* What the members at home bring and need this month. */
typedef struct hh_month {
    double wages, scale, mother_wage;
    int dependants, workers;
} hh_month;

/* Who works this month and what they earn; the household's equivalence scale. */
static hh_month members_work(const mdl_month_ctx *c, size_t hh)
{
    mdl_world *w = c->w;
    const mdl_params *p = &w->p;
    mdl_persons *ps = &w->persons;
    const mdl_households *hs = &w->households;
    const mdl_area_state *as = &w->as[hs->area[hh]];
    size_t first = hs->first[hh], end = first + hs->size[hh];
    hh_month h = {0, 0, 0, 0, 0};
    int home = 0;
    for (size_t j = first; j < end; j++) {
        ps->flags[j] &= (uint16_t) ~(MDL_F_WORKS | MDL_F_INFORMAL);
        if (!mdl_at_home(ps->state[j]))
            continue;
        int age = ps->age_months[j] / 12, sex = ps->sex[j];
        h.scale += home++ == 0                   ? 1
                   : age < CHILD_SCALE_AGE_YEARS ? p->child_equivalence
                                                 : p->adult_equivalence;
        if (!mdl_working_age(p, age)) {
            h.dependants++;
            continue;
        }
        h.workers++;
        uint32_t u[4];
        mdl_draw(c, MDL_SLOT_WORK, j, u);
        if (u[0] >= as->work_threshold[sex])
            continue;
        ps->flags[j] |= MDL_F_WORKS;
        double wage = as->wage[sex][mdl_education_at(ps->education[j], age)];
        if (ps->mflags[j] & MDL_MF_TRAINED)
            wage *= 1 + (w->rules.training == MDL_TRAINING_HIGHER_RETURN ? p->higher_return_gain
                                                                         : p->stereotyped_gain);
        if (u[1] < w->informal_threshold[sex]) {
            ps->flags[j] |= MDL_F_INFORMAL;
            wage *= p->informal_wage_ratio;
        }
        h.wages += wage;
        if (sex == MDL_FEMALE && age >= p->mother_min_age_years && age <= p->mother_max_age_years &&
            wage > h.mother_wage)
            h.mother_wage = wage;
    }
    return h;
}

void mdl_economy_household(const mdl_month_ctx *c, size_t hh)
{
    mdl_world *w = c->w;
    const mdl_params *p = &w->p;
    mdl_households *hs = &w->households;
    const mdl_area_state *as = &w->as[hs->area[hh]];
    hh_month h = members_work(c, hh);
    double wages = h.wages;
    int dependants = h.dependants, workers = h.workers;
    if (hs->maternity_months[hh] > 0) {
        hs->maternity_months[hh]--;
        wages -= h.mother_wage;
    }
    wages *= as->flood_left > 0 ? 1 - p->flood_income_loss : 1;
    wages *= as->conflict_now ? 1 - p->conflict_income_loss : 1;
    wages *= 1 - as->shock_loss; /* shocks: 0 in most months */
    double costs = as->flood_new ? p->flood_cost_usd : 0;
    uint32_t u[4];
    mdl_draw(c, MDL_SLOT_SHOCK, hh, u);
    costs += u[0] < w->illness_threshold ? p->illness_cost_usd : 0;
    double loan = 0;
    if (u[1] < w->loan_threshold)
        loan = p->loan_median_usd *
               exp(p->initial_debt_sigma * gsl_cdf_ugaussian_Pinv(sim_rng_u01(u[2]) + 0x1p-33));
    /* policy: the programme's transfer to the households it enrolled (2) */
    int programme = w->iv.on[MDL_IV_SOCIAL] && hs->social_protection[hh] == MDL_SP_PROGRAMME;
    double transfer = programme ? w->rules.social_protection_usd : p->social_protection_usd;
    double transfers = hs->social_protection[hh] ? transfer * dependants : 0;
    /* own land feeds the household and backs its loans */
    int land = hs->land[hh];
    double need = as->need_usd * h.scale * (land ? 1 - p->land_need_share : 1);
    double limit =
        p->debt_limit_months * as->need_usd * h.scale * (land ? p->land_credit_factor : 1);
    double income = wages + transfers + hs->remit_usd[hh];
    hs->remit_usd[hh] = 0; /* this month's remittances arrive during the journey phases */
    double debt = hs->debt_usd[hh] * (1 + mdl_interventions_interest(w, hh)) + loan;
    double savings = hs->savings_usd[hh], balance = income - need - costs;
    if (balance >= 0) {
        double repay = mdl_min(debt, p->repay_share * balance);
        debt -= repay;
        savings += balance - repay;
    } else {
        double use = mdl_min(savings, -balance);
        double room = mdl_max(0, limit - debt);
        savings -= use;
        debt += mdl_min(room, p->borrow_share * (-balance - use));
    }
    /* lenders stop the debt growing past their limit (writing off interest) */
    hs->debt_usd[hh] = (float)mdl_min(debt, mdl_max(hs->debt_usd[hh], limit));
    hs->savings_usd[hh] = (float)savings;
    hs->income_usd[hh] = (float)income;
    hs->need_usd[hh] = (float)need;
    float care = (float)dependants / (float)(workers > 0 ? workers : 1);
    if (programme) /* policy: childcare */
        care *= (float)(1 - w->p.sp_childcare);
    hs->care_burden[hh] = care;
}

static void economy_block(void *vctx, const sim_block *b, double *acc)
{
    const mdl_month_ctx *c = vctx;
    (void)acc;
    const uint32_t *hh_of = c->w->persons.household;
    for (size_t hh = hh_of[b->begin]; hh <= hh_of[b->end - 1]; hh++)
        mdl_economy_household(c, hh);
}

void mdl_economy_step(mdl_world *w, sim_month *m)
{
    mdl_month_ctx c = {w, m, NULL, 0, 0};
    sim_par_run(&w->blocks, m->threads, economy_block, &c, w->partials, 0);
}
