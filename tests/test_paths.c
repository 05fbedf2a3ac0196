/* Tests of the path checks and estimates: same-file detection through links
 * and for files not yet made, the kinds of input refused, outputs refused,
 * the layout estimates, /proc/meminfo parsing and the fit check. */
#define _XOPEN_SOURCE 700 /* mkdtemp, symlink, setenv */
#include "sim_paths.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static void path_in(char *buf, size_t cap, const char *name)
{
    snprintf(buf, cap, "%s/%s", dir, name);
}

static void touch(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("x\n", f);
    fclose(f);
}

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/test_paths.XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_paths__same_file_through_links_and_new_names(void **state)
{
    (void)state;
    char a[128], link[128], sub[128], via[160], other[128];
    path_in(a, sizeof a, "a.yaml");
    path_in(link, sizeof link, "link.yaml");
    path_in(sub, sizeof sub, "sub");
    path_in(other, sizeof other, "other.yaml");
    touch(a);
    assert_int_equal(symlink(a, link), 0);
    assert_int_equal(mkdir(sub, 0777), 0);
    snprintf(via, sizeof via, "%s/../a.yaml", sub);
    assert_int_equal(sim_paths_same(a, a), 1);
    assert_int_equal(sim_paths_same(a, link), 1);
    assert_int_equal(sim_paths_same(a, via), 1);
    assert_int_equal(sim_paths_same(a, other), 0); /* not made yet */
    touch(other);
    assert_int_equal(sim_paths_same(a, other), 0);
    assert_int_equal(sim_paths_same(other, a), 0);
}

static void test_paths__inputs_refused_with_the_reason(void **state)
{
    (void)state;
    char f[128], fifo[128], missing[128];
    path_in(f, sizeof f, "in.h5");
    path_in(fifo, sizeof fifo, "fifo");
    path_in(missing, sizeof missing, "missing.h5");
    touch(f);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    sim_err e;
    sim_err_clear(&e);
    assert_int_equal(sim_paths_check_input(f, &e), SIM_OK);
    assert_int_equal(sim_paths_check_input(fifo, &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "is a FIFO, not a regular file"));
    assert_string_equal(e.file, fifo);
    assert_int_equal(sim_paths_check_input(dir, &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "is a directory"));
    assert_int_equal(sim_paths_check_input(missing, &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "cannot open: No such file"));
    assert_int_equal(sim_paths_check_input("/dev/null", &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "is a device"));
}

static void test_paths__outputs_refused_before_work(void **state)
{
    (void)state;
    char in[128], link[128], out[128], nodir[128];
    path_in(in, sizeof in, "r.h5");
    path_in(link, sizeof link, "r-link.h5");
    path_in(out, sizeof out, "report.html");
    path_in(nodir, sizeof nodir, "no/such/report.html");
    touch(in);
    assert_int_equal(symlink(in, link), 0);
    const char *inputs[] = {in};
    sim_err e;
    sim_err_clear(&e);
    assert_int_equal(sim_paths_check_output(out, SIM_PATHS_FILE, inputs, 1, &e), SIM_OK);
    assert_int_equal(sim_paths_check_output(in, SIM_PATHS_FILE, inputs, 1, &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "is also an input"));
    assert_int_equal(sim_paths_check_output(link, SIM_PATHS_FILE, inputs, 1, &e), SIM_EINPUT);
    assert_int_equal(sim_paths_check_output(dir, SIM_PATHS_FILE, inputs, 1, &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "is a directory"));
    assert_int_equal(sim_paths_check_output(nodir, SIM_PATHS_FILE, inputs, 1, &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "does not exist"));
    /* a folder for export: an existing folder or a new one, never a file */
    assert_int_equal(sim_paths_check_output(dir, SIM_PATHS_DIR, inputs, 1, &e), SIM_OK);
    assert_int_equal(sim_paths_check_output(out, SIM_PATHS_DIR, inputs, 1, &e), SIM_OK);
    assert_int_equal(sim_paths_check_output(in, SIM_PATHS_DIR, inputs, 1, &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "is also an input"));
}

static void test_paths__scenario_names(void **state)
{
    (void)state;
    sim_err e;
    sim_err_clear(&e);
    assert_int_equal(sim_paths_check_name("baseline", &e), SIM_OK);
    assert_int_equal(sim_paths_check_name("a b-c.d", &e), SIM_OK);
    assert_int_equal(sim_paths_check_name("", &e), SIM_EINPUT);
    assert_int_equal(sim_paths_check_name("a/b", &e), SIM_EINPUT);
    assert_int_equal(sim_paths_check_name(".", &e), SIM_EINPUT);
    assert_int_equal(sim_paths_check_name("..", &e), SIM_EINPUT);
}

static void test_paths__layout_estimates(void **state)
{
    (void)state;
    /* 120 months x 40 areas x 4 groups x 50 metrics x 8 bytes = 7,680,000 */
    sim_paths_layout l = {120, 40, 4, 50, 1e5, 1e-4, 13};
    assert_close(sim_paths_series_bytes(&l), 7680000.0, 0, 0);
    /* 1e5 persons x 1e-4 x 120 months = 1200 rows of 13 x 4 bytes */
    assert_close(sim_paths_event_bytes(&l), 1200.0 * 52.0, 1e-12, 0);
    assert_close(sim_paths_run_bytes(&l, 1000), 1000 * (7680000.0 + 62400.0), 1e-12, 0);
    assert_close(sim_paths_memory_bytes(&l, 5.3e6, 2),
                 2 * 5.3e6 + 2 * 7680000.0 + 62400.0 + SIM_PATHS_BASE_BYTES, 1e-12, 0);
    char buf[32];
    sim_paths_human(152.1e12, buf, sizeof buf);
    assert_string_equal(buf, "152.1 TB");
    sim_paths_human(999, buf, sizeof buf);
    assert_string_equal(buf, "999 B");
}

static void test_paths__meminfo(void **state)
{
    (void)state;
    const char *text = "MemTotal:       24000000 kB\nMemFree:         1000000 kB\n"
                       "MemAvailable:   20000000 kB\nBuffers:  1 kB\n";
    assert_close(sim_paths_parse_meminfo(text), 20000000.0 * 1024, 0, 0);
    assert_true(sim_paths_parse_meminfo("MemTotal: 1 kB\n") < 0);
    assert_true(sim_paths_avail_memory() > 0);
    assert_true(sim_paths_free_bytes("/no/such/folder/file.h5") > 0); /* from / */
}

static void test_paths__fits_refuses_or_warns_when_forced(void **state)
{
    (void)state;
    setenv("CROSSINGS_TEST_FREE_BYTES", "84e9", 1);
    setenv("CROSSINGS_TEST_AVAIL_BYTES", "2e9", 1);
    sim_err e;
    sim_err_clear(&e);
    assert_int_equal(sim_paths_check_fits("the run", "r.h5", 1e9, 1e9, 0, NULL, &e), SIM_OK);
    assert_int_equal(sim_paths_check_fits("the run", "r.h5", 160e9, 1e9, 0, NULL, &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "needs up to 160.0 GB of disk for r.h5, but 84.0 GB is free"));
    assert_int_equal(sim_paths_check_fits("the run", "r.h5", 1e9, 3.4e9, 0, NULL, &e), SIM_EINPUT);
    assert_non_null(strstr(e.msg, "needs about 3.4 GB of memory, but 2.0 GB is available"));
    FILE *warn = tmpfile();
    assert_int_equal(sim_paths_check_fits("the run", "r.h5", 160e9, 1e9, 1, warn, &e), SIM_OK);
    char line[512] = "";
    rewind(warn);
    assert_non_null(fgets(line, sizeof line, warn));
    assert_non_null(strstr(line, "warning: the run needs up to 160.0 GB"));
    fclose(warn);
    unsetenv("CROSSINGS_TEST_FREE_BYTES");
    unsetenv("CROSSINGS_TEST_AVAIL_BYTES");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths__same_file_through_links_and_new_names),
        cmocka_unit_test(test_paths__inputs_refused_with_the_reason),
        cmocka_unit_test(test_paths__outputs_refused_before_work),
        cmocka_unit_test(test_paths__scenario_names),
        cmocka_unit_test(test_paths__layout_estimates),
        cmocka_unit_test(test_paths__meminfo),
        cmocka_unit_test(test_paths__fits_refuses_or_warns_when_forced),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
