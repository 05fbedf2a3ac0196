/* Tests of the results file writer: layout, values, and never leaving a file
 * that looks finished. */
#include "sim_h5.h"
#include "sim_h5_util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <hdf5.h>
#include <string.h>
#include <unistd.h>

static const char *const codes[] = {"A-1", "A-2"};
static const char *const names[] = {"One", "Two"};
static const char *const countries[] = {"AA", "AA"};
static const char *const groups[] = {"women", "men", "girls", "boys"};
static const sim_metric_desc metrics[] = {
    {"population", SIM_METRIC_STOCK, "persons", "people"},
    {"money", SIM_METRIC_SUM, "USD", "money"},
};
static const sim_world_info world = {2, codes, names, countries, 100, 20, 0};
static const sim_event_col ecols[] = {{"person", "who"}, {"start_month", "when"}};
static const sim_event_table etable = {"episodes", "test events", ecols, 2};

typedef struct tv {
    double x;
} tv;
static const sim_param_desc rows[] = {
    {"a.x", SIM_PT_DOUBLE, offsetof(tv, x), 0.5, 0, 1, NULL, NULL, "-", "x", "assumption"}};
static const sim_param_table table = {"t", rows, 1, sizeof(tv)};

static char path[64];

static int write_file(int commit, double *data)
{
    sim_h5_header hdr = {"test", "test cmd", &world,  groups, 4,       3,
                         2025,   2,          metrics, 2,      &etable, NULL};
    sim_h5 *h;
    sim_err e;
    sim_err_clear(&e);
    if (sim_h5_create(&h, path, &hdr, &e))
        return -1;
    sim_scenario sc = {"base", "a test", "base.yaml", (char *)"# ==> base.yaml <==\nx: 1\n", NULL,
                       0,      0};
    tv v = {0.25};
    sim_h5_params p = {&table, &v};
    int rc = sim_h5_add_scenario(h, &sc, &p, 1, &e);
    sim_h5_replicate info = {1, 77, 2, 100, 20, "t0", "t1"};
    rc = rc || sim_h5_write_replicate(h, "base", 1, &info, data, &e);
    const int32_t ev_rows[3][2] = {{5, 0}, {7, 2}, {9, 1}};
    rc = rc || sim_h5_write_events(h, "base", 1, &ev_rows[0][0], 3, &e);
    rc = rc || sim_h5_write_events(h, "base", 0, &ev_rows[1][0], 1, &e);
    if (!rc && commit)
        rc = sim_h5_commit(h, &e);
    sim_h5_free(h);
    return rc;
}

static int setup(void **state)
{
    (void)state;
    snprintf(path, sizeof path, "/tmp/crossings-h5-%ld.h5", (long)getpid());
    return 0;
}

static void test_h5__committed_file_reads_back(void **state)
{
    (void)state;
    double data[3 * 2 * 4 * 2];
    for (int i = 0; i < 3 * 2 * 4 * 2; i++)
        data[i] = i + 0.25;
    assert_int_equal(write_file(1, data), 0);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    hid_t d = H5Dopen2(f, "scenarios/base/metrics/population", H5P_DEFAULT);
    hsize_t dims[4];
    H5Sget_simple_extent_dims(H5Dget_space(d), dims, NULL);
    assert_int_equal(dims[0], 2);
    assert_int_equal(dims[1], 3);
    assert_int_equal(dims[2], 2);
    assert_int_equal(dims[3], 4);
    int64_t pop[2][3][2][4];
    H5Dread(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, pop);
    /* replicate slot 1, month 2, area 1, group 3 = cell 23, metric 0 */
    assert_int_equal(pop[1][2][1][3], 46);
    assert_int_equal(pop[0][2][1][3], 0); /* unwritten slot keeps the fill value */
    H5Dclose(d);
    d = H5Dopen2(f, "scenarios/base/metrics/money", H5P_DEFAULT);
    double money[2][3][2][4];
    H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, money);
    assert_close(money[1][0][0][1], 3.25, 0, 0);
    H5Dclose(d);
    /* events: appended per replicate, the replicate as first column */
    d = H5Dopen2(f, "scenarios/base/episodes", H5P_DEFAULT);
    hsize_t n_ev = 0;
    H5Sget_simple_extent_dims(H5Dget_space(d), &n_ev, NULL);
    assert_int_equal(n_ev, 4);
    int32_t ev[4][3];
    hid_t t = H5Tget_native_type(H5Dget_type(d), H5T_DIR_DEFAULT);
    H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, ev);
    assert_int_equal(ev[0][0], 1);
    assert_int_equal(ev[1][1], 7);
    assert_int_equal(ev[2][2], 1);
    assert_int_equal(ev[3][0], 0);
    assert_int_equal(ev[3][1], 7);
    H5Tclose(t);
    H5Dclose(d);
    assert_true(H5Aexists(f, "finished") > 0);
    assert_true(H5Lexists(f, "scenarios/base/parameters", H5P_DEFAULT) > 0);
    assert_true(H5Lexists(f, "dims/area", H5P_DEFAULT) > 0);
    H5Fclose(f);
    remove(path);
}

/* Freed before commit: nothing at path, no temporary left behind, and an
 * earlier file at path is untouched. */
static void test_h5__uncommitted_file_leaves_no_trace(void **state)
{
    (void)state;
    FILE *old = fopen(path, "w");
    fputs("earlier results", old);
    fclose(old);
    double data[3 * 2 * 4 * 2] = {0};
    assert_int_equal(write_file(0, data), 0);
    char buf[64] = {0};
    FILE *f = fopen(path, "r");
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "earlier results");
    char tmp[128];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", path, (long)getpid());
    assert_int_equal(access(tmp, F_OK), -1);
    remove(path);
}

static void test_h5__unwritable_folder_is_a_run_error(void **state)
{
    (void)state;
    sim_h5_header hdr = {"test", "", &world, groups, 4, 3, 2025, 1, metrics, 2, NULL, NULL};
    sim_h5 *h = NULL;
    sim_err e;
    sim_err_clear(&e);
    assert_int_equal(sim_h5_create(&h, "/nonexistent/dir/x.h5", &hdr, &e), SIM_ERUN);
    assert_null(h);
    assert_non_null(strstr(e.msg, "/nonexistent/dir/x.h5"));
    sim_h5_free(NULL);
}

static void test_h5__bad_scenario_names_are_refused(void **state)
{
    (void)state;
    sim_h5_header hdr = {"test", "", &world, groups, 4, 3, 2025, 1, metrics, 2, NULL, NULL};
    sim_h5 *h;
    sim_err e;
    sim_err_clear(&e);
    assert_int_equal(sim_h5_create(&h, path, &hdr, &e), SIM_OK);
    tv v = {0.25};
    sim_h5_params p = {&table, &v};
    sim_scenario bad = {"a/b", "", "x.yaml", NULL, NULL, 0, 0};
    assert_int_equal(sim_h5_add_scenario(h, &bad, &p, 1, &e), SIM_EINPUT);
    sim_scenario good = {"a", "", "x.yaml", NULL, NULL, 0, 0};
    assert_int_equal(sim_h5_add_scenario(h, &good, &p, 1, &e), SIM_OK);
    assert_int_equal(sim_h5_add_scenario(h, &good, &p, 1, &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "two scenarios are named 'a'"));
    sim_h5_free(h);
}

/* A dataset of another shape, rank or type, or absent, is refused before
 * anything is read: SIM_EINPUT and a "corrupt or foreign file" message. */
static void test_h5__checked_reads_refuse_other_shapes(void **state)
{
    (void)state;
    double data[3 * 2 * 4 * 2] = {0};
    data[5 * 2] = 42; /* cell 5, metric 0 (population) */
    assert_int_equal(write_file(1, data), 0);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t g = H5Gopen2(f, "scenarios/base/metrics", H5P_DEFAULT);
    double v[2 * 3 * 2 * 4] = {0};
    sim_err e;
    sim_err_clear(&e);
    const hsize_t good[4] = {2, 3, 2, 4}, wide[4] = {2, 3, 2, 5}, flat[1] = {48};
    assert_int_equal(sim_h5_read_checked(g, "population", H5T_NATIVE_DOUBLE, 4, good, v, &e), 0);
    assert_true(v[3 * 2 * 4 + 5] == 42); /* replicate slot 1 */
    assert_int_equal(sim_h5_read_checked(g, "population", H5T_NATIVE_DOUBLE, 4, wide, v, &e),
                     SIM_EINPUT);
    assert_non_null(strstr(e.msg, "corrupt or foreign file: /scenarios/base/metrics/population "
                                  "has shape [2, 3, 2, 4] but"));
    assert_non_null(strstr(e.msg, "expect [2, 3, 2, 5]"));
    assert_int_equal(sim_h5_check_shape(g, "population", H5T_FLOAT, 1, flat, &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "rank 4"));
    assert_int_equal(sim_h5_check_shape(g, "population", H5T_STRING, 4, good, &e), SIM_EINPUT);
    assert_int_equal(sim_h5_check_shape(g, "nosuch", H5T_FLOAT, 4, good, &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "no dataset /scenarios/base/metrics/nosuch"));
    H5Gclose(g);
    H5Fclose(f);
    unlink(path);
}

/* A dataset claiming more than its file could hold (chunked, unwritten) is
 * refused by its extent alone; counts from attributes are bounded. */
static void test_h5__checked_reads_refuse_absurd_extents(void **state)
{
    (void)state;
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    hsize_t dim[2] = {(hsize_t)1 << 30, 4}, chunk[2] = {1, 4};
    hid_t sp = H5Screate_simple(2, dim, NULL), pl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(pl, 2, chunk);
    hid_t d = H5Dcreate2(f, "big", H5T_NATIVE_DOUBLE, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
    assert_int_equal(sim_h5_attr_i64(f, "n", 7), 0);
    assert_int_equal(sim_h5_attr_f64(f, "s", 7), 0);
    H5Dclose(d), H5Pclose(pl), H5Sclose(sp);
    sim_err e;
    sim_err_clear(&e);
    hsize_t got[2];
    assert_int_equal(sim_h5_extent(f, "big", 2, H5T_FLOAT, got, &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "more than a file of"));
    assert_int_equal(sim_h5_get_count(f, "n", 10, &e), 7);
    assert_int_equal(sim_h5_get_count(f, "n", 6, &e), -1);
    assert_int_equal(sim_h5_get_count(f, "s", 10, &e), -1);
    assert_int_equal(sim_h5_get_count(f, "absent", 10, &e), -1);
    H5Fclose(f);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_h5__committed_file_reads_back),
        cmocka_unit_test(test_h5__uncommitted_file_leaves_no_trace),
        cmocka_unit_test(test_h5__unwritable_folder_is_a_run_error),
        cmocka_unit_test(test_h5__bad_scenario_names_are_refused),
        cmocka_unit_test(test_h5__checked_reads_refuse_other_shapes),
        cmocka_unit_test(test_h5__checked_reads_refuse_absurd_extents),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
