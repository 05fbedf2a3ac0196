#include "mdl_life.h"

#include "mdl_metrics.h"

#include <math.h>

/* Ages of first marriage considered: adults up to 40. */
#define MARRIAGE_MAX_AGE_MONTHS (40 * 12)

void mdl_life_init(mdl_world *w)
{
    w->marriage_threshold = sim_rng_threshold(1 - exp(-w->p.marriage_hazard / 12));
    w->divorce_threshold = sim_rng_threshold(1 - exp(-w->p.divorce_hazard / 12));
}

/* The wife of a head, or SIZE_MAX. */
static size_t wife_of(const mdl_world *w, size_t head)
{
    const mdl_households *hs = &w->households;
    size_t hh = w->persons.household[head], first = hs->first[hh];
    for (size_t j = first; j < first + hs->size[hh]; j++)
        if (w->persons.role[j] == MDL_SPOUSE && w->persons.state[j] != MDL_DEAD)
            return j;
    return SIZE_MAX;
}

static void divorce(mdl_world *w, size_t i, double *acc)
{
    mdl_persons *ps = &w->persons;
    size_t wife = ps->role[i] == MDL_HEAD ? wife_of(w, i) : SIZE_MAX;
    ps->marital[i] = MDL_DIVORCED;
    mdl_row_of(acc, ps, i)[MDL_M_divorces] += 1;
    if (wife != SIZE_MAX) {
        ps->marital[wife] = MDL_DIVORCED;
        ps->role[wife] = MDL_OTHER;
        acc[mdl_metric_at(mdl_group_of(ps->sex[wife], ps->age_months[wife]), MDL_M_divorces)] += 1;
    }
}

void mdl_life_person(mdl_world *w, size_t i, uint32_t u_marry, uint32_t u_divorce, double *acc)
{
    mdl_persons *ps = &w->persons;
    if (ps->age_months[i] < MDL_ADULT_AGE_MONTHS)
        return;
    if (ps->marital[i] == MDL_SINGLE && ps->age_months[i] < MARRIAGE_MAX_AGE_MONTHS &&
        u_marry < w->marriage_threshold) {
        ps->marital[i] = MDL_MARRIED;
        mdl_row_of(acc, ps, i)[MDL_M_marriages] += 1;
    } else if (ps->marital[i] == MDL_MARRIED && ps->role[i] != MDL_SPOUSE &&
               u_divorce < w->divorce_threshold) {
        /* a wife's divorce is decided with her husband's (the head) */
        divorce(w, i, acc);
    }
}
