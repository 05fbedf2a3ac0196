/* Tests of sweep design files (points of each design, in order, mapped to
 * the parameters' ranges) and of the journal that keeps finished tasks
 * (records survive, a torn tail is cut off, another identity is refused). */
#include "../models/mdl_model.h"
#include "../sim/sim_journal.h"
#include "../sim/sim_sweep.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/test_sweep_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Write a design with the given design and parameters blocks; load it. */
static int load(const char *body, sim_sweep *sw, sim_errs *errs)
{
    char path[128];
    snprintf(path, sizeof path, "%s/d.yaml", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f,
            "scenario: %s/scenarios/baseline.yaml\nseed: 3\nreplicates: 2\nset:\n  run.months: "
            "6\n  run.scale: 0.001\n%s",
            CROSSINGS_SOURCE_DIR, body);
    fclose(f);
    sim_errs_init(errs);
    return sim_sweep_load(&mdl_crossings, path, sw, errs);
}

static void test_sweep__grid_crosses_values_first_slowest(void **state)
{
    (void)state;
    sim_sweep sw;
    sim_errs errs;
    int rc = load("design: {type: grid}\nparameters:\n"
                  "  interventions.awareness_campaign.venue: {values: [community, school]}\n"
                  "  recruiters.broker_deception: {values: [0.1, 0.2, 0.3]}\n",
                  &sw, &errs);
    assert_int_equal(rc, SIM_OK);
    assert_int_equal(sw.n_points, 6);
    assert_int_equal(sw.k, 2);
    const char *venue[] = {"community", "community", "community", "school", "school", "school"};
    const double dec[] = {0.1, 0.2, 0.3, 0.1, 0.2, 0.3};
    for (size_t p = 0; p < 6; p++) {
        assert_string_equal(sw.point_text[p * 2], venue[p]);
        assert_true(isnan(sw.point_value[p * 2])); /* a choice: no number */
        assert_close(sw.point_value[p * 2 + 1], dec[p], 0, 0);
    }
    assert_null(sw.unit);
    assert_int_equal(sw.seed, 3);
    assert_int_equal(sw.replicates, 2);
    assert_int_equal(sw.base.run.months, 6); /* set: applied */
    /* a point's parameters are the base with the point's values */
    void *params = malloc(mdl_crossings.params->struct_size);
    sim_settings run;
    assert_int_equal(sim_sweep_point_params(&mdl_crossings, &sw, 4, params, &run, &errs), SIM_OK);
    const sim_param_desc *d = sim_param_find(mdl_crossings.params, "recruiters.broker_deception");
    assert_close(*sim_param_double(d, params), 0.2, 0, 0);
    d = sim_param_find(mdl_crossings.params, "interventions.awareness_campaign.venue");
    assert_int_equal(*sim_param_flag(d, params), sim_param_enum_index(d, "school"));
    free(params);
    sim_sweep_release(&sw);
    sim_errs_release(&errs);
}

static void test_sweep__list_zips_values(void **state)
{
    (void)state;
    sim_sweep sw;
    sim_errs errs;
    int rc = load("design: {type: list}\nparameters:\n"
                  "  recruiters.broker_deception: {values: [0.1, 0.2]}\n"
                  "  recruiters.online_deception: {values: [0.5, 0.6]}\n",
                  &sw, &errs);
    assert_int_equal(rc, SIM_OK);
    assert_int_equal(sw.n_points, 2);
    assert_close(sw.point_value[0], 0.1, 0, 0);
    assert_close(sw.point_value[1], 0.5, 0, 0);
    assert_close(sw.point_value[2], 0.2, 0, 0);
    assert_close(sw.point_value[3], 0.6, 0, 0);
    sim_sweep_release(&sw);
    sim_errs_release(&errs);
}

/* Latin hypercube points stay in their ranges: linear, log and whole
 * numbers; a log range puts half its points below the geometric mean. */
static void test_sweep__latin_maps_ranges(void **state)
{
    (void)state;
    sim_sweep sw;
    sim_errs errs;
    int rc = load("design: {type: latin, points: 40}\nparameters:\n"
                  "  recruiters.broker_deception: {min: 0.1, max: 0.3}\n"
                  "  abroad.coercion_hazard: {min: 0.001, max: 0.1, scale: log}\n"
                  "  interventions.awareness_campaign.start_month: {min: 0, max: 12}\n",
                  &sw, &errs);
    assert_int_equal(rc, SIM_OK);
    assert_int_equal(sw.n_points, 40);
    assert_non_null(sw.unit);
    size_t below = 0;
    for (size_t p = 0; p < 40; p++) {
        double a = sw.point_value[p * 3], b = sw.point_value[p * 3 + 1],
               c = sw.point_value[p * 3 + 2];
        assert_true(a >= 0.1 && a <= 0.3);
        assert_close(a, 0.1 + sw.unit[p * 3] * 0.2, 1e-15, 0);
        assert_true(b >= 0.001 && b <= 0.1);
        below += b < 0.01;
        assert_true(c >= 0 && c <= 12 && c == floor(c));
        char want[32];
        snprintf(want, sizeof want, "%lld", (long long)c);
        assert_string_equal(sw.point_text[p * 3 + 2], want);
    }
    assert_int_equal(below, 20); /* one point per stratum: exactly half */
    sim_sweep_release(&sw);
    sim_errs_release(&errs);
}

static void test_sweep__saltelli_and_morris_point_counts(void **state)
{
    (void)state;
    sim_sweep sw;
    sim_errs errs;
    const char *pars = "parameters:\n"
                       "  recruiters.broker_deception: {min: 0.1, max: 0.3}\n"
                       "  recruiters.online_deception: {min: 0.1, max: 0.3}\n"
                       "  abroad.coercion_hazard: {min: 0.001, max: 0.1}\n";
    char body[512];
    snprintf(body, sizeof body, "design: {type: saltelli, points: 8}\n%s", pars);
    assert_int_equal(load(body, &sw, &errs), SIM_OK);
    assert_int_equal(sw.n_points, 8 * (3 + 2));
    /* AB_1 is A with column 1 from B */
    for (size_t i = 0; i < 8; i++) {
        assert_close(sw.unit[(16 + i) * 3], sw.unit[(8 + i) * 3], 0, 0);
        assert_close(sw.unit[(16 + i) * 3 + 1], sw.unit[i * 3 + 1], 0, 0);
    }
    sim_sweep_release(&sw);
    sim_errs_release(&errs);
    snprintf(body, sizeof body, "design: {type: morris, points: 5, levels: 6}\n%s", pars);
    assert_int_equal(load(body, &sw, &errs), SIM_OK);
    assert_int_equal(sw.n_points, 5 * (3 + 1));
    assert_int_equal(sw.levels, 6);
    sim_sweep_release(&sw);
    sim_errs_release(&errs);
}

/* A bad design: every error found in one pass, with its line. */
static void test_sweep__errors_in_one_pass(void **state)
{
    (void)state;
    sim_sweep sw;
    sim_errs errs;
    int rc = load("design: {type: latin, points: 4}\nparameters:\n"
                  "  recruiters.broker_deception: {min: 0.1, max: 2}\n"
                  "  recruiters.nothing: {min: 0.1, max: 0.2}\n",
                  &sw, &errs);
    assert_int_equal(rc, SIM_EINPUT);
    assert_int_equal(errs.n, 2);
    assert_int_equal(errs.v[0].line, 9);
    assert_string_equal(errs.v[0].key, "recruiters.broker_deception");
    assert_int_equal(errs.v[1].line, 10);
    assert_non_null(strstr(errs.v[1].msg, "unknown key"));
    sim_sweep_release(&sw);
    sim_errs_release(&errs);
}

/* ---- the journal --------------------------------------------------------------------- */

typedef struct rec {
    int64_t task;
    double x[5];
} rec;

static int count_rec(const void *r, void *ctx)
{
    const rec *v = r;
    int64_t *n = ctx;
    if (v->task != *n || v->x[4] != (double)*n * 0.5)
        return -1;
    (*n)++;
    return 0;
}

static void test_sweep__journal_keeps_records_and_cuts_a_torn_tail(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/j.journal", dir);
    sim_journal j;
    sim_err e;
    int other = 0;
    sim_err_clear(&e);
    assert_int_equal(sim_journal_open(&j, path, 42, sizeof(rec), &other, &e), SIM_OK);
    for (int64_t t = 0; t < 3; t++) {
        rec r = {t, {0, 0, 0, 0, (double)t * 0.5}};
        assert_int_equal(sim_journal_append(&j, &r, &e), SIM_OK);
    }
    sim_journal_close(&j, 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    off_t whole = st.st_size;
    FILE *f = fopen(path, "ab"); /* a record the process died writing */
    fwrite("half a record", 1, 13, f);
    fclose(f);

    assert_int_equal(sim_journal_open(&j, path, 42, sizeof(rec), &other, &e), SIM_OK);
    assert_int_equal(j.n_records, 3);
    int64_t n = 0;
    assert_int_equal(sim_journal_each(&j, count_rec, &n, &e), SIM_OK);
    assert_int_equal(n, 3);
    rec r;
    assert_int_equal(sim_journal_read(&j, 1, &r, &e), SIM_OK);
    assert_int_equal(r.task, 1);
    rec r3 = {3, {0, 0, 0, 0, 1.5}};
    assert_int_equal(sim_journal_append(&j, &r3, &e), SIM_OK);
    sim_journal_close(&j, 0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, whole + (off_t)(sizeof(rec) + 8)); /* the torn bytes are gone */

    /* a flipped byte in record 2: records 0 and 1 remain */
    f = fopen(path, "r+b");
    fseek(f, 32 + 2 * (long)(sizeof(rec) + 8) + 3, SEEK_SET);
    fputc(0x5a, f);
    fclose(f);
    assert_int_equal(sim_journal_open(&j, path, 42, sizeof(rec), &other, &e), SIM_OK);
    assert_int_equal(j.n_records, 2);
    sim_journal_close(&j, 0);

    /* another identity or record size: refused, the file left alone */
    assert_int_equal(sim_journal_open(&j, path, 43, sizeof(rec), &other, &e), SIM_EINPUT);
    assert_int_equal(other, 1);
    assert_int_equal(sim_journal_open(&j, path, 42, sizeof(rec) + 8, &other, &e), SIM_EINPUT);
    assert_int_equal(other, 1);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_size, 32 + 2 * (off_t)(sizeof(rec) + 8));
    sim_journal_close(&j, 0);
}

/* A journal cut off before its header was whole (a kill or a full disk at
 * creation) holds nothing finished: it is started again, not refused. */
static void test_sweep__journal_with_a_torn_header_starts_empty(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/torn.journal", dir);
    const size_t cuts[] = {0, 5, 31};
    for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
        FILE *f = fopen(path, "wb");
        for (size_t i = 0; i < cuts[c]; i++)
            fputc(i < 8 ? "CRSJRNL1"[i] : 0, f);
        fclose(f);
        sim_journal j;
        sim_err e;
        int other = 0;
        sim_err_clear(&e);
        assert_int_equal(sim_journal_open(&j, path, 42, sizeof(rec), &other, &e), SIM_OK);
        assert_int_equal(other, 0);
        assert_int_equal(j.n_records, 0);
        rec r = {7, {0, 0, 0, 0, 2.5}};
        assert_int_equal(sim_journal_append(&j, &r, &e), SIM_OK);
        sim_journal_close(&j, 0);
        assert_int_equal(sim_journal_open(&j, path, 42, sizeof(rec), &other, &e), SIM_OK);
        assert_int_equal(j.n_records, 1);
        sim_journal_close(&j, 1);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep__grid_crosses_values_first_slowest),
        cmocka_unit_test(test_sweep__list_zips_values),
        cmocka_unit_test(test_sweep__latin_maps_ranges),
        cmocka_unit_test(test_sweep__saltelli_and_morris_point_counts),
        cmocka_unit_test(test_sweep__errors_in_one_pass),
        cmocka_unit_test(test_sweep__journal_keeps_records_and_cuts_a_torn_tail),
        cmocka_unit_test(test_sweep__journal_with_a_torn_header_starts_empty),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
