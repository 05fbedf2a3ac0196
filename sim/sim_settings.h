/* Run settings: the engine's own parameter table (the scenario's `run:` keys).
 * They say how long, how large and with which seed a scenario runs; they never
 * steer the model's behaviour. Command-line options override them. */
#ifndef SIM_SETTINGS_H
#define SIM_SETTINGS_H

#include "sim_param.h"

#include <stdint.h>

typedef struct sim_settings {
    int64_t months;     /* months simulated */
    int64_t seed;       /* random seed (the key with the replicate) */
    int64_t replicates; /* independent replicates */
    double scale;       /* fraction of the real population simulated */
    int64_t start_year; /* calendar year of month 0, for labels */
} sim_settings;

extern const sim_param_table sim_settings_table;

#endif
