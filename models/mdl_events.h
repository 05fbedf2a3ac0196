/* The per-episode event table: one row per trafficking episode (person, start
 * and end month, channel, recruiter type, sector, exit route, detected), so
 * analysts can draw time-to-exit and time-to-re-trafficking curves. Rows are
 * recorded by whichever thread ends an episode and sorted by (person, start
 * month) when taken, so the table does not depend on threads or ranks. */
#ifndef MDL_EVENTS_H
#define MDL_EVENTS_H

#include "mdl_world.h"

/* How an episode ended (the exit column). */
enum mdl_episode_end {
    MDL_END_OPEN, /* still trafficked at the end of the run */
    MDL_END_ESCAPE,
    MDL_END_RELEASE,
    MDL_END_INSPECTION, /* identified ... */
    MDL_END_POLICE,
    MDL_END_HOTLINE,
    MDL_END_UNION,
    MDL_END_DEPORTED, /* deported without being identified */
    MDL_END_DEATH
};

extern const sim_event_table mdl_episode_table;

/* Buffers for the episodes, one per thread (freed with the world). */
int mdl_events_init(mdl_world *w, sim_err *err);

/* Record person i's episode, which ends this month in the way given. Called
 * from inside the parallel pass (any thread); silently drops the row only if
 * memory runs out, which mdl_events_take then reports. */
void mdl_events_record(mdl_world *w, size_t i, uint32_t month, int end);

/* The ops table's events_take: open episodes added, rows sorted. */
int mdl_events_take(void *world, uint32_t last_month, const int32_t **rows, size_t *n_rows,
                    sim_err *err);

#endif
