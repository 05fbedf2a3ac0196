#include "mdl_demography.h"

#include "mdl_attrs.h"
#include "mdl_events.h"
#include "mdl_journey.h"
#include "mdl_life.h"
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

/* The household of a person who died carries on: a new head when the head
 * died (the wife, widowed, else the oldest member), a widowed head when the
 * wife died. Returns how many other members are alive. */
static size_t carry_on(mdl_world *w, size_t i)
{
    mdl_persons *ps = &w->persons;
    mdl_households *hs = &w->households;
    size_t hh = ps->household[i], first = hs->first[hh], end = first + hs->size[hh];
    size_t others = 0, spouse = SIZE_MAX, oldest = SIZE_MAX;
    for (size_t j = first; j < end; j++) {
        if (j == i || ps->state[j] == MDL_DEAD)
            continue;
        others++;
        if (ps->role[j] == MDL_SPOUSE)
            spouse = j;
        if (oldest == SIZE_MAX || ps->age_months[j] > ps->age_months[oldest])
            oldest = j;
    }
    if (mdl_is_away(ps->state[i]) && hs->n_abroad[hh] > 0)
        hs->n_abroad[hh]--; /* died away from home */
    size_t head = first + hs->head_offset[hh];
    if (ps->role[i] == MDL_SPOUSE && head != i && ps->marital[head] == MDL_MARRIED)
        ps->marital[head] = MDL_WIDOWED;
    if (ps->role[i] != MDL_HEAD || others == 0)
        return others;
    size_t next = spouse != SIZE_MAX ? spouse : oldest;
    if (next == spouse)
        ps->marital[next] = MDL_WIDOWED;
    ps->role[next] = MDL_HEAD;
    hs->head_offset[hh] = (uint8_t)(next - first);
    hs->female_head[hh] = ps->sex[next] == MDL_FEMALE;
    return others;
}

/* Fill the slot of a person who died: a newborn when others live in the
 * household, else a young adult who takes over the empty dwelling. */
static void replace(const mdl_month_ctx *c, size_t i, uint32_t u_sex, uint32_t u_age, double *acc)
{
    mdl_world *w = c->w;
    int sex = u_sex < w->male_birth_threshold ? MDL_MALE : MDL_FEMALE;
    if (carry_on(w, i) > 0) {
        mdl_attrs_newcomer(w, i, c->m->key, c->m->month, sex, 0, MDL_CHILD);
        /* the mother earns nothing for a while (economy, phase 2) */
        w->households.maternity_months[w->persons.household[i]] = (uint8_t)w->p.maternity_months;
        acc[mdl_metric_at(mdl_group_of((uint8_t)sex, 0), MDL_M_births)] += 1;
        return;
    }
    /* a newcomer is 18 to 29 years old */
    int age_months = MDL_ADULT_AGE_MONTHS + (int)(u_age % (12u * 12u));
    size_t hh = w->persons.household[i];
    w->households.head_offset[hh] = (uint8_t)(i - w->households.first[hh]);
    w->households.female_head[hh] = sex == MDL_FEMALE;
    mdl_attrs_newcomer(w, i, c->m->key, c->m->month, sex, age_months, MDL_HEAD);
    acc[mdl_metric_at(mdl_group_of((uint8_t)sex, (uint16_t)age_months), MDL_M_arrivals)] += 1;
}

void mdl_demography_person(const mdl_month_ctx *c, size_t i, double *acc)
{
    mdl_world *w = c->w;
    mdl_persons *ps = &w->persons;
    if (ps->state[i] == MDL_DEAD)
        return;
    uint32_t u[4];
    mdl_draw(c, MDL_SLOT_DEATH, i, u);
    uint8_t sex = ps->sex[i];
    uint16_t age = (uint16_t)(ps->age_months[i] + 1);
    if (age >= w->p.max_age_years * 12 || u[0] < w->death_threshold[sex][age / 12]) {
        acc[mdl_metric_at(mdl_group_of(sex, ps->age_months[i]), MDL_M_deaths)] += 1;
        if (ps->state[i] == MDL_TRAFFICKED)
            mdl_events_record(w, i, c->m->month, MDL_END_DEATH);
        if (w->p.replace_deaths) {
            replace(c, i, u[1], u[2], acc);
        } else {
            carry_on(w, i);
            ps->state[i] = MDL_DEAD;
        }
        return;
    }
    if (age == MDL_ADULT_AGE_MONTHS)
        acc[mdl_metric_at(mdl_group_of(sex, age), MDL_M_came_of_age)] += 1;
    if (ps->months_in_state[i] < UINT16_MAX)
        ps->months_in_state[i]++;
    ps->age_months[i] = age;
    /* words 2 and 3 serve a newcomer's age when i dies, else a child's
     * birthday attributes, else an adult's marriage and divorce: the events
     * exclude each other */
    if (age < MDL_ADULT_AGE_MONTHS)
        mdl_attrs_birthday(w, i, u[2], u[3]);
    else
        mdl_life_person(w, i, u[2], u[3], acc);
}

static void demography_block(void *vctx, const sim_block *b, double *acc)
{
    for (size_t i = b->begin; i < b->end; i++)
        mdl_demography_person(vctx, i, acc);
}

void mdl_demography_step(mdl_world *w, sim_month *m)
{
    mdl_month_ctx c = {w, m, NULL, 0, 0};
    sim_par_run(&w->blocks, m->threads, demography_block, &c, w->partials, MDL_PARTIAL_WIDTH);
    sim_par_reduce(&w->blocks, w->partials, MDL_PARTIAL_WIDTH, m->metrics);
}
