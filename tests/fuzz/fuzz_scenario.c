/* libFuzzer: bytes -> a scenario file -> what `crossings validate` does with
 * it (load with bases and data tables, the model's checks, the messages). */
#include "../../models/mdl_model.h"
#include "../../sim/sim_run.h"
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_setup(NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[2048];
    fuzz_write(path, sizeof path, "fuzz.yaml", data, size);
    const sim_model_ops *m = &mdl_crossings;
    sim_loaded l;
    sim_errs errs;
    sim_errs_init(&errs);
    memset(&l, 0, sizeof l);
    int rc = sim_run_load(m, path, NULL, 0, &l, &errs);
    size_t first = errs.n;
    if (rc == SIM_OK)
        rc = m->validate(l.params, &errs);
    for (size_t k = first; k < errs.n; k++) /* as cli_commands.c load_all */
        if (!errs.v[k].file[0] && errs.v[k].key[0])
            sim_scenario_locate(&l.sc, errs.v[k].key, &errs.v[k]);
    sim_errs_print(&errs, fuzz_null());
    sim_errs_release(&errs);
    sim_loaded_release(&l);
    return 0;
}
