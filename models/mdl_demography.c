#include "mdl_demography.h"

#include "mdl_metrics.h"

#include <math.h>
#include <stdlib.h>

double mdl_death_hazard(const mdl_params *p, int sex, int age_years)
{
    double h;
    if (age_years < 1)
        h = p->infant_mortality;
    else if (age_years < 5)
        h = p->child_mortality;
    else {
        double gompertz =
            p->adult_mortality_at_30 * pow(2.0, (age_years - 30) / p->mortality_doubling_years);
        h = gompertz > p->child_mortality ? gompertz : p->child_mortality;
    }
    return sex == MDL_MALE ? h * p->male_mortality_ratio : h;
}

int mdl_demography_init(mdl_world *w, sim_err *err)
{
    size_t n_ages = (size_t)w->p.max_age_years + 1;
    for (int sex = 0; sex < 2; sex++) {
        w->death_threshold[sex] = malloc(n_ages * sizeof(uint32_t));
        if (!w->death_threshold[sex])
            return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the mortality table");
        for (size_t a = 0; a < n_ages; a++) {
            double h = mdl_death_hazard(&w->p, sex, (int)a);
            w->death_threshold[sex][a] = sim_rng_threshold(1.0 - exp(-h / 12.0));
        }
    }
    double r = w->p.sex_ratio_at_birth;
    w->male_birth_threshold = sim_rng_threshold(r / (1.0 + r));
    return SIM_OK;
}

typedef struct demog_ctx {
    mdl_world *w;
    const sim_month *m;
} demog_ctx;

/* Hot loop, longer than the house limit on purpose: one pass over a block of
 * persons. The generator words are computed first in a separate loop, which
 * the compiler vectorises; the decisions follow. */
static void demography_block(void *vctx, const sim_block *b, double *acc)
{
    const demog_ctx *c = vctx;
    mdl_world *w = c->w;
    mdl_persons *ps = &w->persons;
    const uint16_t max_months = (uint16_t)(w->p.max_age_years * 12);
    const int replace = w->p.replace_deaths;
    uint32_t u_death[SIM_BLOCK_SIZE], u_sex[SIM_BLOCK_SIZE];
    size_t n = b->end - b->begin;
    for (size_t k = 0; k < n; k++) {
        uint32_t u[4];
        sim_rng_draw4(c->m->key, (uint32_t)(b->begin + k), c->m->month, MDL_DRAW_DEATH, 0, u);
        u_death[k] = u[0];
        u_sex[k] = u[1];
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = b->begin + k;
        if (ps->state[i] == MDL_DEAD)
            continue;
        uint8_t sex = ps->sex[i];
        uint16_t age = (uint16_t)(ps->age_months[i] + 1);
        if (age >= max_months || u_death[k] < w->death_threshold[sex][age / 12]) {
            acc[mdl_metric_at(mdl_group_of(sex, ps->age_months[i]), MDL_M_deaths)] += 1;
            ps->months_in_state[i] = 0;
            if (!replace) {
                ps->state[i] = MDL_DEAD;
                continue;
            }
            sex = u_sex[k] < w->male_birth_threshold ? MDL_MALE : MDL_FEMALE;
            age = 0;
            ps->state[i] = MDL_HOME;
            acc[mdl_metric_at(mdl_group_of(sex, 0), MDL_M_births)] += 1;
        } else if (age == MDL_ADULT_AGE_MONTHS) {
            acc[mdl_metric_at(mdl_group_of(sex, age), MDL_M_came_of_age)] += 1;
        }
        if (ps->months_in_state[i] < UINT16_MAX)
            ps->months_in_state[i]++;
        ps->sex[i] = sex;
        ps->age_months[i] = age;
    }
}

void mdl_demography_step(mdl_world *w, sim_month *m)
{
    demog_ctx c = {w, m};
    sim_par_run(&w->blocks, m->threads, demography_block, &c, w->partials, MDL_PARTIAL_WIDTH);
    sim_par_reduce(&w->blocks, w->partials, MDL_PARTIAL_WIDTH, m->metrics);
}
