#include "sim_settings.h"

#include <stddef.h>

#define ROW_INT(field, path, def, lo, hi, unit, meaning)                                           \
    {                                                                                              \
        path, SIM_PT_INT, offsetof(sim_settings, field), def, lo, hi, NULL, NULL, unit, meaning,   \
            "run setting"                                                                          \
    }

static const sim_param_desc rows[] = {
    ROW_INT(months, "run.months", 120, 1, 1200, "months", "months simulated"),
    ROW_INT(seed, "run.seed", 20261128, 0, 4294967295.0, "-",
            "random seed; with the replicate number it keys every random draw"),
    ROW_INT(replicates, "run.replicates", 1, 1, 100000, "-", "independent replicates"),
    {"run.scale", SIM_PT_DOUBLE, offsetof(sim_settings, scale), 0.01, 0.001, 1, NULL, NULL, "share",
     "fraction of the real population simulated (0.01 = 1:100, 1 = everyone)", "run setting"},
    ROW_INT(start_year, "run.start_year", 2025, 1990, 2100, "year",
            "calendar year of the first simulated month: the months' labels, and each "
            "person's birth year, which picks the schooling of his or her cohort"),
};

const sim_param_table sim_settings_table = {"run", rows, sizeof rows / sizeof rows[0],
                                            sizeof(sim_settings)};
