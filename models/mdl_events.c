#include "mdl_events.h"

#include "mdl_recruit.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>

enum {
    EV_PERSON,
    EV_AREA,
    EV_GROUP,
    EV_START,
    EV_END,
    EV_CHANNEL,
    EV_RECRUITER_TYPE,
    EV_SECTOR,
    EV_EXIT,
    EV_DETECTED,
    EV_PREVIOUS,
    EV_BONDED,
    EV_DESTINATION,
    EV_N
};

static const sim_event_col cols[EV_N] = {
    {"person", "the person's index (stable within a replicate)"},
    {"area", "origin area index into /dims/area"},
    {"group", "reporting group at the start: 0 women, 1 men, 2 girls, 3 boys"},
    {"start_month", "month the migration that led to the episode began; negative when before "
                    "month 0 (in the spin-up that makes the world of the start)"},
    {"end_month", "month the episode ended; -1 when still open at the end of the run"},
    {"channel", "1 regular, 2 broker, 3 acquaintance or relative, 4 online, 5 alone"},
    {"recruiter_type", "0 agency, 1 broker, 2 acquaintance or relative, 3 online, -1 none"},
    {"sector", "1 fishing, 2 construction, 3 manufacturing, 4 agriculture, 5 domestic work, "
               "6 sex industry, 7 hospitality, 8 begging, 9 forced marriage"},
    {"exit", "0 open, 1 escape, 2 let go, 3 labour inspection, 4 police, 5 hotline or "
             "self-report, 6 trade union, 7 deported unidentified, 8 died"},
    {"detected", "1 when identified as a victim (exits 3 to 6)"},
    {"previous_episodes",
     "trafficking episodes of this person before this one (re-trafficking > 0)"},
    {"bonded", "1 when held in debt bondage"},
    {"destination", "ISO 3166-1 numeric code of the destination country (764 Thailand, "
                    "458 Malaysia, 156 China); 0 for a city at home"},
};

const sim_event_table mdl_episode_table = {
    "episodes", "one row per trafficking episode (true), detected or not", cols, EV_N};

/* Rows reserved per thread at set-up, per 1,000 persons (about a run's worth
 * at the default rates, so the buffers rarely grow in the step loop). */
#define RESERVE_PER_1000 20

int mdl_events_init(mdl_world *w, sim_err *err)
{
    int n = w->threads > 0 ? w->threads : omp_get_max_threads();
    w->ev = calloc((size_t)n, sizeof *w->ev);
    if (!w->ev)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the episode table");
    w->n_ev = (size_t)n;
    size_t reserve = w->persons.n / 1000 * RESERVE_PER_1000 / (size_t)n + 16;
    for (int t = 0; t < n; t++) {
        w->ev[t].rows = malloc(reserve * EV_N * sizeof(int32_t));
        if (!w->ev[t].rows)
            return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the episode table");
        w->ev[t].cap = reserve;
    }
    return SIM_OK;
}

static int32_t *next_row(mdl_events_buf *b)
{
    if (b->n == b->cap) {
        size_t cap = 2 * b->cap + 16;
        int32_t *v = realloc(b->rows, cap * EV_N * sizeof *v);
        if (!v) {
            b->lost++;
            return NULL;
        }
        b->rows = v;
        b->cap = cap;
    }
    return b->rows + EV_N * b->n++;
}

static void fill(const mdl_world *w, size_t i, int32_t end_month, int end, int32_t *r)
{
    const mdl_persons *ps = &w->persons;
    int32_t start = (int32_t)ps->episode_month[i] - (int32_t)w->clock0; /* < 0: in the spin-up */
    uint32_t months = end_month >= 0 ? (uint32_t)(end_month - start) : 0;
    uint16_t age_start = ps->age_months[i] > months ? (uint16_t)(ps->age_months[i] - months) : 0;
    int type = ps->recruiter[i] == UINT32_MAX ? -1 : w->recruiters.type[ps->recruiter[i]];
    r[EV_PERSON] = (int32_t)i;
    r[EV_AREA] = ps->area[i];
    r[EV_GROUP] = mdl_group_of(ps->sex[i], age_start);
    r[EV_START] = start;
    r[EV_END] = end_month;
    r[EV_CHANNEL] = ps->channel[i];
    r[EV_RECRUITER_TYPE] = type;
    r[EV_SECTOR] = ps->sector[i];
    r[EV_EXIT] = end;
    r[EV_DETECTED] = end >= MDL_END_INSPECTION && end <= MDL_END_UNION;
    r[EV_PREVIOUS] = ps->times_trafficked[i] > 0 ? ps->times_trafficked[i] - 1 : 0;
    r[EV_BONDED] = (ps->mflags[i] & MDL_MF_BONDED) != 0;
    r[EV_DESTINATION] =
        mdl_cross_border(ps->destination[i]) ? mdl_destination_of(w, i)->iso_numeric : 0;
}

void mdl_events_record(mdl_world *w, size_t i, uint32_t month, int end)
{
    int32_t *r = next_row(&w->ev[omp_get_thread_num()]);
    if (r)
        fill(w, i, (int32_t)month, end, r);
}

static int by_person_then_start(const void *a, const void *b)
{
    const int32_t *x = a, *y = b;
    if (x[EV_PERSON] != y[EV_PERSON])
        return x[EV_PERSON] < y[EV_PERSON] ? -1 : 1;
    return (x[EV_START] > y[EV_START]) - (x[EV_START] < y[EV_START]);
}

int mdl_events_take(void *world, uint32_t last_month, const int32_t **rows, size_t *n_rows,
                    sim_err *err)
{
    mdl_world *w = world;
    (void)last_month;
    size_t n = 0, lost = 0;
    for (size_t t = 0; t < w->n_ev; t++)
        n += w->ev[t].n, lost += w->ev[t].lost;
    for (size_t i = 0; i < w->persons.n; i++)
        n += w->persons.state[i] == MDL_TRAFFICKED;
    free(w->ev_all);
    w->ev_all = malloc((n ? n : 1) * EV_N * sizeof(int32_t));
    if (!w->ev_all || lost)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the episode table");
    size_t k = 0;
    for (size_t t = 0; t < w->n_ev; t++) {
        memcpy(w->ev_all + k * EV_N, w->ev[t].rows, w->ev[t].n * EV_N * sizeof(int32_t));
        k += w->ev[t].n;
    }
    for (size_t i = 0; i < w->persons.n; i++)
        if (w->persons.state[i] == MDL_TRAFFICKED)
            fill(w, i, -1, MDL_END_OPEN, w->ev_all + EV_N * k++);
    qsort(w->ev_all, n, EV_N * sizeof(int32_t), by_person_then_start);
    *rows = w->ev_all;
    *n_rows = n;
    return SIM_OK;
}
