/* The seal of a results file: a CRC-32 of the whole file in its HDF5 user
 * block, checked before HDF5 reads a byte of it.
 *
 * HDF5 keeps no checksum of everything (not of the global heap, where its
 * variable-length strings live, nor of unfiltered data), and a damaged heap
 * can crash the library itself. So every file crossings writes reserves the
 * first SIM_SEAL_BLOCK bytes (an HDF5 user block, which HDF5 and every reader
 * skip) and, once closed, records there the CRC-32 (zlib's) and length of the
 * rest. Readers refuse a file whose seal is missing or does not match: a
 * damaged copy, a torn transfer, or a change made after crossings wrote it. A
 * user who changes a file on purpose (docs/FORMAT.md: cost_usd) seals it
 * again with `crossings seal`. The layout is in docs/FORMAT.md, "Seal". */
#ifndef SIM_SEAL_H
#define SIM_SEAL_H

#include "sim_error.h"

#include <stdint.h>

#define SIM_SEAL_BLOCK 512

/* Compute and write the seal of path, whose first SIM_SEAL_BLOCK bytes are an
 * HDF5 user block (empty, or an earlier seal), and fsync it. SIM_ERUN on an
 * I/O failure, SIM_EINPUT for a file without such a user block. */
int sim_seal_write(const char *path, sim_err *err);

/* Check the seal of path before anything reads it. SIM_EINPUT, with a message
 * saying what is wrong (not HDF5, no seal, truncated, changed), when it does
 * not match; SIM_ERUN on an I/O failure. */
int sim_seal_check(const char *path, sim_err *err);

/* The CRC-32 (zlib's) of bytes [from, from + n) of the open file fd; -1 on a
 * read error. */
int64_t sim_seal_crc(int fd, uint64_t from, uint64_t n);

#endif
