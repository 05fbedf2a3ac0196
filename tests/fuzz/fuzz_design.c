/* libFuzzer: bytes -> a sweep design file -> what `crossings sweep --dry-run`
 * does before any task runs (the design, its base scenario, every point
 * applied and checked, the messages). The file sits in a sweeps/ folder
 * beside the shipped scenarios, as the shipped designs do. */
#include "../../models/mdl_model.h"
#include "../../sim/sim_sweep.h"
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_setup("sweeps");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[2048];
    fuzz_write(path, sizeof path, "sweeps/fuzz.yaml", data, size);
    sim_sweep *sw = calloc(1, sizeof *sw);
    if (!sw)
        return 0;
    sim_errs errs;
    sim_errs_init(&errs);
    sim_sweep_load(&mdl_crossings, path, sw, &errs);
    sim_errs_print(&errs, fuzz_null());
    sim_errs_release(&errs);
    sim_sweep_release(sw);
    free(sw);
    return 0;
}
