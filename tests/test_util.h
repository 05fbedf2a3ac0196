/* Helpers shared by the cmocka test programs. Include after <cmocka.h>. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* cmocka 1.1.5 compares floating point only as float: compare doubles here.
 * Passes when |actual - expected| <= atol + rtol * |expected|. */
#define assert_close(actual, expected, rtol, atol)                                                 \
    test_assert_close((actual), (expected), (rtol), (atol), __FILE__, __LINE__)

static inline void test_assert_close(double actual, double expected, double rtol, double atol,
                                     const char *file, int line)
{
    double tol = atol + rtol * fabs(expected);
    if (!(fabs(actual - expected) <= tol)) {
        char msg[256];
        snprintf(msg, sizeof msg, "%.17g is not within %.3g of %.17g", actual, tol, expected);
        fprintf(stderr, "%s\n", msg);
        _fail(file, line);
    }
}

/* Where the shipped scenarios live (set by CMake). */
#ifndef CROSSINGS_SOURCE_DIR
#define CROSSINGS_SOURCE_DIR "."
#endif
#define TEST_DATA_DIR CROSSINGS_SOURCE_DIR "/scenarios/data"

#endif
