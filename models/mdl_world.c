#include "mdl_world.h"

#include <omp.h>
#include <stdlib.h>

#define PCOL(f)                                                                                    \
    {                                                                                              \
#f, sizeof(*((mdl_persons *)0)->f), offsetof(mdl_persons, f)                               \
    }
#define HCOL(f)                                                                                    \
    {                                                                                              \
#f, sizeof(*((mdl_households *)0)->f), offsetof(mdl_households, f)                         \
    }

static const sim_col_spec person_cols[] = {
    PCOL(sex),
    PCOL(age_months),
    PCOL(area),
    PCOL(state),
    PCOL(months_in_state),
    PCOL(household),
    PCOL(role),
    PCOL(marital),
    PCOL(education),
    PCOL(flags),
    PCOL(awareness),
    PCOL(destination),
    PCOL(channel),
    PCOL(sector),
    PCOL(recruiter),
    PCOL(owed_usd),
    PCOL(saved_usd),
    PCOL(times_trafficked),
    PCOL(times_identified),
    PCOL(episode_month),
    PCOL(return_month),
    PCOL(stigma),
    PCOL(timer),
    PCOL(mflags),
    PCOL(doc_months),
    PCOL(permit_months),
};
static const sim_col_spec household_cols[] = {
    HCOL(first),
    HCOL(head_offset),
    HCOL(size),
    HCOL(area),
    HCOL(female_head),
    HCOL(land),
    HCOL(social_protection),
    HCOL(maternity_months),
    HCOL(n_abroad),
    HCOL(rural),
    HCOL(debt_usd),
    HCOL(savings_usd),
    HCOL(income_usd),
    HCOL(need_usd),
    HCOL(remit_usd),
    HCOL(care_burden),
};

int mdl_world_alloc_columns(mdl_world *w, size_t n_persons, size_t n_households, sim_err *err)
{
    int rc = sim_cols_alloc(&w->persons.cols, &w->persons, person_cols,
                            sizeof person_cols / sizeof person_cols[0], n_persons, "persons", err);
    if (rc)
        return rc;
    w->persons.n = n_persons;
    rc = sim_cols_alloc(&w->households.cols, &w->households, household_cols,
                        sizeof household_cols / sizeof household_cols[0], n_households,
                        "households", err);
    if (rc)
        return rc;
    w->households.n = n_households;
    return SIM_OK;
}

int mdl_world_make_blocks(mdl_world *w, size_t partial_width, sim_err *err)
{
    if (sim_blocks_init_grouped(&w->blocks, w->person_begin, w->areas.n, SIM_BLOCK_SIZE,
                                w->persons.household))
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the block list");
    w->partials = malloc((w->blocks.n ? w->blocks.n : 1) * partial_width * sizeof(double));
    w->area_scratch = malloc(w->areas.n * MDL_AREA_SCRATCH * sizeof(double));
    w->month_scratch = malloc(w->areas.n * partial_width * sizeof(double));
    w->n_draws = (size_t)(w->threads > 0 ? w->threads : omp_get_max_threads());
    w->draws = malloc(w->n_draws * MDL_DRAWS_WORDS * sizeof(uint32_t));
    if (!w->partials || !w->area_scratch || !w->month_scratch || !w->draws)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the block partial sums");
    return SIM_OK;
}

void mdl_world_free(mdl_world *w)
{
    if (!w)
        return;
    sim_cols_release(&w->persons.cols);
    sim_cols_release(&w->households.cols);
    sim_cols_release(&w->recruiters.cols);
    free(w->recruiters.begin);
    free(w->recruiters.tally);
    sim_blocks_release(&w->blocks);
    mdl_areas_release(&w->areas);
    free(w->person_begin);
    free(w->partials);
    free(w->death_threshold[0]);
    free(w->death_threshold[1]);
    free(w->as);
    for (size_t t = 0; w->ev && t < w->n_ev; t++)
        free(w->ev[t].rows);
    free(w->ev);
    free(w->ev_all);
    free(w->area_scratch);
    free(w->month_scratch);
    free(w->draws);
    free(w);
}
