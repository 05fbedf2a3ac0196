/* Scenario files: YAML (libyaml) -> parameter tables, with precise errors.
 *
 * A scenario file is a YAML mapping. Reserved top-level keys:
 *   base: other.yaml     inherit every value from that file (path relative to
 *                        this file); this file lists only what differs. Bases
 *                        may chain; a cycle is an error.
 *   name: text           scenario name (default: file name without .yaml)
 *   description: text    free text for readers
 * Every other key is a nested mapping whose leaves are rows of the parameter
 * tables, addressed by their dotted path ("run:\n  months: 24" sets
 * "run.months"). Unknown keys are errors with a did-you-mean suggestion; values
 * are type- and range-checked against the table; every error in all files is
 * reported in one pass, each with file, line, column and key path. */
#ifndef SIM_CONFIG_H
#define SIM_CONFIG_H

#include "sim_error.h"
#include "sim_param.h"

#define SIM_SCENARIO_NAME_MAX 128
#define SIM_SCENARIO_DESC_MAX 2048

/* The parameter tables a scenario binds, each with its values struct. */
typedef struct sim_config_binding {
    const sim_param_table *table;
    void *vals;
} sim_config_binding;

/* Where a file set a parameter (the last file to set it, bases first). */
typedef struct sim_key_pos {
    char key[SIM_ERR_KEY];
    char file[SIM_ERR_PATH];
    int line, col;
} sim_key_pos;

typedef struct sim_scenario {
    char name[SIM_SCENARIO_NAME_MAX];
    char description[SIM_SCENARIO_DESC_MAX];
    char path[SIM_ERR_PATH]; /* the file as given */
    /* Provenance: the text of every file read, root base first, each preceded
     * by a line "# ==> PATH <==". Owned; freed by sim_scenario_release. */
    char *text;
    sim_key_pos *pos; /* every parameter a file set, with its place; owned */
    size_t n_pos, cap_pos;
} sim_scenario;

void sim_scenario_init(sim_scenario *sc);

/* Give e the file, line and column where the scenario set key (for errors
 * found after loading, such as a model's checks). Returns 1 when it did. */
int sim_scenario_locate(const sim_scenario *sc, const char *key, sim_err *e);
void sim_scenario_release(sim_scenario *sc);

/* Load path into the bound values. The caller has set every binding's values
 * to defaults (sim_param_set_defaults) before the call. Bases are applied first,
 * then the file itself. SIM_PT_PATH values are resolved relative to the
 * directory of the file that sets them; defaults relative to the directory of
 * the root base file. Returns SIM_OK, or SIM_EINPUT with every error appended
 * to errs (SIM_ENOMEM / SIM_ERUN for resource failures, also appended). */
int sim_config_load(const char *path, const sim_config_binding *b, size_t n_bindings,
                    sim_scenario *sc, sim_errs *errs);

/* Set one parameter from text, as a command-line override ("run.months", "24"),
 * with the same parsing and range checks as a file. origin names the source in
 * messages (e.g. "--set"). Returns SIM_OK or SIM_EINPUT (error appended). */
int sim_config_set(const sim_config_binding *b, size_t n_bindings, const char *path,
                   const char *text, const char *origin, sim_errs *errs);

#endif
