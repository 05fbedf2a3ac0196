/* libFuzzer: bytes -> a results or sweep file -> every reader command:
 * compare, export (into a folder emptied after each input), summarize,
 * sensitivity and report (to an HTML file). An error status is a fine
 * answer; only a crash, a leak or undefined behaviour is a finding. Nothing
 * here knows the file's layout: the readers are given whatever bytes come. */
#include "../../analysis/ana_compare.h"
#include "../../analysis/ana_export.h"
#include "../../analysis/ana_report.h"
#include "../../analysis/ana_sweep.h"
#include "fuzz_util.h"

#include <hdf5.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_setup(NULL);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL); /* HDF5's own error stack is noise here */
    return 0;
}

/* Remove every file export wrote (it makes no sub-folders). */
static void empty_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        char p[4096];
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[2048], out[2048], html[2048];
    fuzz_write(path, sizeof path, "fuzz.h5", data, size);
    fuzz_path(out, sizeof out, "export");
    fuzz_path(html, sizeof html, "report.html");
    FILE *null = fuzz_null();
    sim_err e;
    sim_err_clear(&e);
    ana_compare_print(path, NULL, 0, ANA_FORMAT_TEXT, null, &e);
    sim_err_clear(&e);
    ana_export_options eo = {NULL, 0, 0, NULL, NULL};
    ana_export_csv(path, out, &eo, &e);
    empty_dir(out);
    sim_err_clear(&e);
    ana_summarize_print(path, null, &e);
    sim_err_clear(&e);
    /* --output is required; the fewest resamples the command allows */
    ana_sens_options so = {"incidence_per_100k_year.all", ANA_FORMAT_TEXT, 100, 1};
    ana_sensitivity_print(path, &so, null, &e);
    sim_err_clear(&e);
    ana_report_options ro = {NULL, NULL, "fuzz"};
    ana_report_write(path, html, &ro, &e);
    unlink(html);
    return 0;
}
