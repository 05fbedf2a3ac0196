/* Tests of the area tables and the CSV reader beneath them. */
#include "../models/mdl_areas.h"
#include "../models/mdl_world.h"
#include "sim_csv.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_util.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_areas__shipped_tables_load(void **state)
{
    (void)state;
    mdl_areas a;
    sim_errs errs;
    sim_errs_init(&errs);
    assert_int_equal(mdl_areas_load(&a, TEST_DATA_DIR, &errs), SIM_OK);
    assert_int_equal(errs.n, 0);
    assert_int_equal(a.n, 40);
    double kh = 0, mm = 0;
    for (size_t i = 0; i < a.n; i++) {
        if (strcmp(a.v[i].country, "KH") == 0)
            kh += a.v[i].population;
        else if (strcmp(a.v[i].country, "MM") == 0)
            mm += a.v[i].population;
        assert_non_null(mdl_areas_age_sex(&a, i));
    }
    /* the census totals quoted in scenarios/data/SOURCES.md */
    assert_close(kh, 15552211, 0, 0);
    assert_close(mm, 51486253, 0, 0);
    assert_string_equal(a.codes[0], "KH-1");
    assert_int_equal(a.n_countries, 2);
    mdl_areas_release(&a);
    sim_errs_release(&errs);
}

static char dir[64];

static void write_file(const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static const char header[] =
    "# comment\ncode,country,name,population,sex_ratio,urban_share,borders_thailand,"
    "mean_household_size,female_head_share,poverty_rate,conflict_affected,flood_exposure\n";
static const char ages[] = "country,age_from,age_to,male_share,female_share\n"
                           "KH,0,14,0.2,0.2\nKH,15,100,0.3,0.3\n";

static const char facts[] =
    "country,indicator,sex,value\nKH,labour_force_participation,male,0.88\n";
static const char schooling[] =
    "country,sex,birth_from,birth_to,none,primary,lower_secondary,upper_secondary\n"
    "KH,male,1900,2100,0.1,0.4,0.3,0.2\nKH,female,1900,2100,0.2,0.4,0.3,0.1\n";

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/crossings-test-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    write_file("national.csv", facts);
    write_file("education.csv", schooling);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static void test_areas__bad_cells_are_all_reported_with_positions(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text, "%s%s", header,
             "KH-1,KH,One,1000,98,0.3,1,4.2,0.2,0.1,0,0\n"
             "KH-2,KH,Two,many,98,1.3,1,4.2,0.2,0.1,0,0\n");
    write_file("areas.csv", text);
    write_file("age_sex.csv", ages);
    mdl_areas a;
    sim_errs errs;
    sim_errs_init(&errs);
    assert_int_equal(mdl_areas_load(&a, dir, &errs), SIM_EINPUT);
    assert_int_equal(errs.n, 2);
    assert_int_equal(errs.v[0].line, 4);
    assert_int_equal(errs.v[0].col, 13);
    assert_string_equal(errs.v[0].key, "population");
    assert_string_equal(errs.v[0].msg, "'many' is not allowed (expected a number from 1 to 1e+08)");
    assert_string_equal(errs.v[1].key, "urban_share");
    assert_string_equal(errs.v[1].msg, "'1.3' is not allowed (expected a number from 0 to 1)");
    mdl_areas_release(&a);
    sim_errs_release(&errs);
}

static void test_areas__structural_errors(void **state)
{
    (void)state;
    mdl_areas a;
    sim_errs errs;
    /* a missing column */
    write_file("areas.csv", "code,country,name\nKH-1,KH,One\n");
    write_file("age_sex.csv", ages);
    sim_errs_init(&errs);
    assert_int_equal(mdl_areas_load(&a, dir, &errs), SIM_EINPUT);
    assert_string_equal(errs.v[0].key, "population");
    assert_non_null(strstr(errs.v[0].msg, "missing column"));
    mdl_areas_release(&a);
    sim_errs_release(&errs);
    /* a short record */
    char text[1024];
    snprintf(text, sizeof text, "%sKH-1,KH,One,1000\n", header);
    write_file("areas.csv", text);
    sim_errs_init(&errs);
    assert_int_equal(mdl_areas_load(&a, dir, &errs), SIM_EINPUT);
    assert_string_equal(errs.v[0].msg, "record has 4 fields (expected 12, as in the header)");
    mdl_areas_release(&a);
    sim_errs_release(&errs);
    /* shares that do not sum to one */
    snprintf(text, sizeof text, "%sKH-1,KH,One,1000,98,0.3,1,4.2,0.2,0.1,0,0\n", header);
    write_file("areas.csv", text);
    write_file("age_sex.csv",
               "country,age_from,age_to,male_share,female_share\nKH,0,100,0.3,0.3\n");
    sim_errs_init(&errs);
    assert_int_equal(mdl_areas_load(&a, dir, &errs), SIM_EINPUT);
    assert_string_equal(errs.v[0].msg, "shares sum to 0.600000 (expected 1)");
    mdl_areas_release(&a);
    sim_errs_release(&errs);
    /* an area of a country without an age-sex structure */
    write_file("age_sex.csv",
               "country,age_from,age_to,male_share,female_share\nMM,0,100,0.5,0.5\n");
    sim_errs_init(&errs);
    assert_int_equal(mdl_areas_load(&a, dir, &errs), SIM_EINPUT);
    assert_string_equal(errs.v[0].msg, "no age-sex rows for country of area KH-1");
    mdl_areas_release(&a);
    sim_errs_release(&errs);
}

static void test_areas__missing_and_empty_files(void **state)
{
    (void)state;
    mdl_areas a;
    sim_errs errs;
    sim_errs_init(&errs);
    assert_int_equal(mdl_areas_load(&a, "/nonexistent", &errs), SIM_EINPUT);
    assert_string_equal(errs.v[0].file, "/nonexistent/areas.csv");
    assert_non_null(strstr(errs.v[0].msg, "No such file"));
    mdl_areas_release(&a);
    sim_errs_release(&errs);
    write_file("areas.csv", "# only a comment\n");
    sim_errs_init(&errs);
    assert_int_equal(mdl_areas_load(&a, dir, &errs), SIM_EINPUT);
    assert_non_null(strstr(errs.v[0].msg, "no header row"));
    mdl_areas_release(&a);
    sim_errs_release(&errs);
    write_file("areas.csv", header);
    write_file("age_sex.csv", ages);
    sim_errs_init(&errs);
    assert_int_equal(mdl_areas_load(&a, dir, &errs), SIM_EINPUT);
    assert_non_null(strstr(errs.v[0].msg, "no areas"));
    mdl_areas_release(&a);
    sim_errs_release(&errs);
}

static void test_areas__facts_and_schooling_lookups(void **state)
{
    (void)state;
    mdl_areas a;
    sim_errs errs;
    sim_errs_init(&errs);
    assert_int_equal(mdl_areas_load(&a, TEST_DATA_DIR, &errs), SIM_OK);
    double v = 0;
    assert_int_equal(mdl_areas_fact(&a, "KH", "labour_force_participation", "female", &v, &errs),
                     SIM_OK);
    assert_close(v, 0.75, 0, 0); /* WB2019 */
    assert_int_equal(mdl_areas_fact(&a, "MM", "labour_force_participation", "male", &v, &errs),
                     SIM_OK);
    assert_close(v, 0.78, 0, 0);
    assert_int_equal(mdl_areas_fact(&a, "KH", "no_such_fact", "male", &v, &errs), SIM_EINPUT);
    assert_string_equal(errs.v[0].key, "no_such_fact");
    assert_non_null(strstr(errs.v[0].file, "national.csv"));
    for (int sex = 0; sex < 2; sex++) {
        const mdl_edu_row *old = mdl_areas_education(&a, "KH", sex, 1950);
        const mdl_edu_row *young = mdl_areas_education(&a, "KH", sex, 2000);
        assert_non_null(old);
        assert_true(old->birth_from <= 1950 && 1950 <= old->birth_to);
        /* younger cohorts are more schooled */
        assert_true(young->share[MDL_EDU_NONE] < old->share[MDL_EDU_NONE]);
        /* outside the table: the nearest cohort */
        assert_non_null(mdl_areas_education(&a, "KH", sex, 1800));
    }
    /* older women less schooled than older men */
    assert_true(mdl_areas_education(&a, "KH", 0, 1950)->share[MDL_EDU_NONE] >
                mdl_areas_education(&a, "KH", 1, 1950)->share[MDL_EDU_NONE]);
    assert_null(mdl_areas_education(&a, "XX", 0, 1950));
    mdl_areas_release(&a);
    sim_errs_release(&errs);
}

static void test_areas__bad_schooling_row(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text, "%sKH-1,KH,One,1000,98,0.3,1,4.2,0.2,0.1,0,0\n", header);
    write_file("areas.csv", text);
    write_file("age_sex.csv", ages);
    write_file("education.csv",
               "country,sex,birth_from,birth_to,none,primary,lower_secondary,upper_secondary\n"
               "KH,male,1900,2100,0.5,0.4,0.3,0.2\n");
    mdl_areas a;
    sim_errs errs;
    sim_errs_init(&errs);
    assert_int_equal(mdl_areas_load(&a, dir, &errs), SIM_EINPUT);
    assert_non_null(strstr(errs.v[0].msg, "four shares summing to 1, got 1.400000"));
    assert_int_equal(errs.v[0].line, 2);
    mdl_areas_release(&a);
    sim_errs_release(&errs);
    write_file("education.csv", schooling);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_areas__shipped_tables_load),
        cmocka_unit_test(test_areas__bad_cells_are_all_reported_with_positions),
        cmocka_unit_test(test_areas__structural_errors),
        cmocka_unit_test(test_areas__missing_and_empty_files),
        cmocka_unit_test(test_areas__facts_and_schooling_lookups),
        cmocka_unit_test(test_areas__bad_schooling_row),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
