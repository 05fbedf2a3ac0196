/* Temporary output files and the process's file set-up.
 *
 * Every output is written to "PATH.tmp-PID" and renamed to PATH only when
 * complete, so a failed or interrupted command never leaves a file that looks
 * finished and never harms one already there. This module names those
 * temporary files, keeps a list of the ones open so that SIGINT, SIGTERM and
 * SIGHUP remove them before the process dies, locks each one while it is
 * written, and removes the ones a dead process left behind. */
#ifndef SIM_TMP_H
#define SIM_TMP_H

#include <stddef.h>
#include <stdio.h>

/* At most this many temporary files are tracked at once (export writes five). */
#define SIM_TMP_MAX 16

/* Once, first thing in main: HDF5 runs no clean-up at exit (after a close
 * that failed, a full disk, its exit handler crashes), a write past a file
 * size limit fails with EFBIG instead of killing the process (SIGXFSZ
 * ignored), and SIGINT, SIGTERM and SIGHUP remove the tracked temporary files,
 * then end the process as the signal would have. */
void sim_tmp_init_process(void);

/* Write "final.tmp-PID" into out (cap bytes); -1 when it does not fit. */
int sim_tmp_name(char *out, size_t cap, const char *final);

/* Track tmp (an existing file, just created) until sim_tmp_forget: it is
 * locked (a POSIX record lock, so other processes see it in use) and removed
 * if a signal ends the process. Returns 0, or -1 when the list is full (the
 * file is then written untracked). */
int sim_tmp_track(const char *tmp);

/* Stop tracking tmp (after it was renamed into place or removed). */
void sim_tmp_forget(const char *tmp);

/* Remove the temporary files of `final` ("final.tmp-PID") whose process is
 * gone and whose lock nobody holds; a note for each on log (NULL: silent).
 * Files of live processes are named on log and kept. Returns how many were
 * removed. */
int sim_tmp_clean_stale(const char *final, FILE *log);

#endif
