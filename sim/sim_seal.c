#include "sim_seal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* First line of a seal; the version follows "checksum ". */
static const char magic[] = "crossings-checksum 1\n";
/* What HDF5 writes at the start of a file (or of its superblock). */
static const char hdf5_sig[8] = {'\211', 'H', 'D', 'F', '\r', '\n', '\032', '\n'};

/* Bytes read at once while summing. */
#define SEAL_CHUNK (1u << 20)

int64_t sim_seal_crc(int fd, uint64_t from, uint64_t n)
{
    unsigned char *buf = malloc(SEAL_CHUNK);
    if (!buf)
        return -1;
    uLong crc = crc32(0L, Z_NULL, 0);
    while (n > 0) {
        size_t want = n < SEAL_CHUNK ? (size_t)n : SEAL_CHUNK;
        ssize_t got = pread(fd, buf, want, (off_t)from);
        if (got <= 0) {
            free(buf);
            return -1;
        }
        crc = crc32(crc, buf, (uInt)got);
        from += (uint64_t)got;
        n -= (uint64_t)got;
    }
    free(buf);
    return (int64_t)crc;
}

static int io_fail(sim_err *err, const char *path, const char *what, int fd)
{
    int e = errno;
    if (fd >= 0)
        close(fd);
    return SIM_RAISE(err, SIM_ERUN, "%s: cannot %s: %s", path, what, strerror(e));
}

int sim_seal_write(const char *path, sim_err *err)
{
    int fd = open(path, O_RDWR | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0)
        return io_fail(err, path, "open the file to seal it", fd);
    char block[SIM_SEAL_BLOCK];
    if (st.st_size < SIM_SEAL_BLOCK + 8 || pread(fd, block, sizeof block, 0) != sizeof block ||
        (block[0] != '\0' && memcmp(block, magic, sizeof magic - 1) != 0)) {
        close(fd);
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: not a file crossings wrote (it has no user block for a seal)", path);
    }
    uint64_t n = (uint64_t)st.st_size - SIM_SEAL_BLOCK;
    int64_t crc = sim_seal_crc(fd, SIM_SEAL_BLOCK, n);
    if (crc < 0)
        return io_fail(err, path, "read the file to seal it", fd);
    memset(block, 0, sizeof block);
    snprintf(block, sizeof block, "%scrc32 %08" PRIx64 "\nbytes %" PRIu64 "\n", magic, crc, n);
    if (pwrite(fd, block, sizeof block, 0) != sizeof block || fsync(fd) != 0)
        return io_fail(err, path, "write the seal", fd);
    return close(fd) == 0 ? SIM_OK : io_fail(err, path, "close the file", -1);
}

/* What the first bytes of an unsealed file say about it. */
static int unsealed(sim_err *err, const char *path, const char *block, ssize_t got)
{
    int is_hdf5 = (got >= 8 && memcmp(block, hdf5_sig, 8) == 0) ||
                  (got >= SIM_SEAL_BLOCK && block[0] == '\0');
    if (!is_hdf5)
        return SIM_RAISE(err, SIM_EINPUT,
                         "%s: not an HDF5 file (expected a file written by crossings)", path);
    return SIM_RAISE(err, SIM_EINPUT,
                     "%s: an HDF5 file without the seal crossings writes: written by another "
                     "program, by crossings before format 2, or left unfinished (expected a "
                     "file written by crossings run, sweep or merge)",
                     path);
}

/* Parse a seal's crc and length; -1 when it is malformed. */
static int parse_seal(const char *block, uint64_t *crc, uint64_t *n)
{
    char copy[SIM_SEAL_BLOCK + 1];
    memcpy(copy, block, SIM_SEAL_BLOCK);
    copy[SIM_SEAL_BLOCK] = '\0';
    return sscanf(copy + sizeof magic - 1, "crc32 %8" SCNx64 "\nbytes %" SCNu64, crc, n) == 2 ? 0
                                                                                              : -1;
}

int sim_seal_check(const char *path, sim_err *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0)
        return SIM_RAISE(err, SIM_EINPUT, "%s: cannot open: %s", path, strerror(errno));
    char block[SIM_SEAL_BLOCK];
    ssize_t got = S_ISREG(st.st_mode) ? pread(fd, block, sizeof block, 0) : -1;
    uint64_t crc = 0, n = 0;
    int rc = SIM_OK;
    if (!S_ISREG(st.st_mode))
        rc = SIM_RAISE(err, SIM_EINPUT, "%s: not a regular file", path);
    else if (got < (ssize_t)sizeof magic - 1 || memcmp(block, magic, sizeof magic - 1) != 0)
        rc = unsealed(err, path, block, got);
    else if (got != SIM_SEAL_BLOCK || parse_seal(block, &crc, &n))
        rc = SIM_RAISE(err, SIM_EINPUT, "%s: corrupt file: its seal is damaged", path);
    else if ((uint64_t)st.st_size != SIM_SEAL_BLOCK + n)
        rc = SIM_RAISE(err, SIM_EINPUT,
                       "%s: corrupt file: %" PRIu64 " bytes where crossings wrote %" PRIu64
                       " (truncated, or added to, since)",
                       path, (uint64_t)st.st_size, (uint64_t)SIM_SEAL_BLOCK + n);
    else if ((uint64_t)sim_seal_crc(fd, SIM_SEAL_BLOCK, n) != crc)
        rc = SIM_RAISE(err, SIM_EINPUT,
                       "%s: corrupt file, or changed since crossings wrote it: its checksum "
                       "does not match its seal (a damaged copy is refused; after a change "
                       "made on purpose, `crossings seal %s` accepts it)",
                       path, path);
    close(fd);
    return rc;
}
