/* Error records for the engine and the model.
 *
 * Library code never exits on bad input: a function returns an int status and
 * fills a sim_err the caller passes in. SIM_RAISE records the status, a message,
 * and the C source position that raised it. Input errors may also carry the
 * position in a scenario file (file, line, column) and the key path. Several
 * input errors found in one pass are collected in a sim_errs list. Only main
 * turns a status into an exit code (sim_err_exit_code). */
#ifndef SIM_ERROR_H
#define SIM_ERROR_H

#include <stddef.h>
#include <stdio.h>

enum sim_status {
    SIM_OK = 0,
    SIM_ERUN = 1,   /* failure while running (I/O, library error) */
    SIM_EINPUT = 2, /* bad input: scenario, option, data table */
    SIM_ENOMEM = 3  /* not enough memory for the requested size */
};

#define SIM_ERR_PATH 512
#define SIM_ERR_KEY  160
#define SIM_ERR_MSG  640

typedef struct sim_err {
    int code;
    int line, col;           /* 1-based position in file; 0 when unknown */
    char file[SIM_ERR_PATH]; /* input file the error is about; "" when none */
    char key[SIM_ERR_KEY];   /* dotted key path; "" when none */
    char msg[SIM_ERR_MSG];   /* what is wrong, with what is allowed */
    const char *src_file;    /* C source that raised it */
    int src_line;
} sim_err;

/* Record an error; returns code so that `return SIM_RAISE(...)` reads well. */
#define SIM_RAISE(err, code, ...) sim_err_set((err), (code), __FILE__, __LINE__, __VA_ARGS__)

int sim_err_set(sim_err *e, int code, const char *src_file, int src_line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Attach an input position (file may be NULL, line/col 0, key NULL). */
void sim_err_locate(sim_err *e, const char *file, int line, int col, const char *key);

void sim_err_clear(sim_err *e);

/* Print "crossings: error: FILE:LINE:COL: key.path: message\n". Parts that are
 * unknown are left out. */
void sim_err_print(const sim_err *e, FILE *f);

/* Exit code for a status: 0 ok, 2 bad input, 1 anything else. */
int sim_err_exit_code(int code);

/* A growable list of errors, for reporting every input error in one pass. */
typedef struct sim_errs {
    sim_err *v;
    size_t n, cap;
} sim_errs;

void sim_errs_init(sim_errs *l);
void sim_errs_release(sim_errs *l);
/* Append a copy of e; returns e->code (SIM_ENOMEM if the list cannot grow). */
int sim_errs_add(sim_errs *l, const sim_err *e);
void sim_errs_print(const sim_errs *l, FILE *f);

/* Append an error at an input position (file may be NULL, line/col 0, key
 * NULL) in one step; returns code. */
#define SIM_ERRS_RAISE(l, code, file, line, col, key, ...)                                         \
    sim_errs_raise((l), (code), (file), (line), (col), (key), __FILE__, __LINE__, __VA_ARGS__)

int sim_errs_raise(sim_errs *l, int code, const char *file, int line, int col, const char *key,
                   const char *src_file, int src_line, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));

#endif
