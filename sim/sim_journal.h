/* An append-only journal of finished work, so that a killed sweep loses
 * nothing it finished (docs/FORMAT.md, "Sweep journals").
 *
 * The file starts with a header (magic, an identity of the work, the record
 * size) and holds fixed-size records, each followed by its FNV-1a checksum.
 * Every record is flushed to disk (fsync) before the work goes on. Opening an
 * existing journal checks the identity and keeps every whole, intact record;
 * a torn record at the end (the process died while writing it) is cut off. */
#ifndef SIM_JOURNAL_H
#define SIM_JOURNAL_H

#include "sim_error.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct sim_journal {
    FILE *f;
    char path[SIM_ERR_PATH];
    uint64_t id;
    size_t rec_bytes;
    size_t n_records; /* intact records (read at open, plus appended) */
} sim_journal;

/* 64-bit FNV-1a of bytes, continuing from h (start with SIM_FNV_START). */
#define SIM_FNV_START 14695981039346656037ULL
uint64_t sim_fnv1a(uint64_t h, const void *bytes, size_t n);

/* Open path for appending, creating it when absent. When it exists and holds
 * the work of another identity (or another record size), *other is set to 1,
 * the file is left alone and SIM_EINPUT returned. A file shorter than a
 * header, or whose header is all zero (its creation was cut off), holds
 * nothing finished and is started again. */
int sim_journal_open(sim_journal *j, const char *path, uint64_t id, size_t rec_bytes, int *other,
                     sim_err *err);

/* Call fn on every intact record, in the order written. */
int sim_journal_each(sim_journal *j, int (*fn)(const void *rec, void *ctx), void *ctx,
                     sim_err *err);

/* Read record i (0-based, < n_records) into rec. */
int sim_journal_read(sim_journal *j, size_t i, void *rec, sim_err *err);

/* Append one record and flush it to disk. */
int sim_journal_append(sim_journal *j, const void *rec, sim_err *err);

/* Close (and with remove, delete the file: the work is safely elsewhere). */
void sim_journal_close(sim_journal *j, int remove_file);

#endif
