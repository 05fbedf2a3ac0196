#include "sim_journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static const char magic[8] = {'C', 'R', 'S', 'J', 'R', 'N', 'L', '1'};

typedef struct jheader {
    char magic[8];
    uint64_t id;
    uint64_t rec_bytes;
    uint64_t check; /* FNV-1a of the fields above */
} jheader;

uint64_t sim_fnv1a(uint64_t h, const void *bytes, size_t n)
{
    const unsigned char *p = bytes;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static uint64_t header_check(const jheader *h)
{
    return sim_fnv1a(SIM_FNV_START, h, offsetof(jheader, check));
}

static int io_error(sim_err *err, const char *path, const char *what)
{
    return SIM_RAISE(err, SIM_ERUN, "%s: cannot %s the journal: %s", path, what, strerror(errno));
}

/* Is the header of f shorter than a header, or all zero (a journal whose
 * creation was cut off before its header reached the disk)? */
static int torn_header(FILE *f)
{
    unsigned char b[sizeof(jheader)];
    size_t got = fread(b, 1, sizeof b, f);
    int zero = 1;
    for (size_t i = 0; i < got; i++)
        zero = zero && b[i] == 0;
    rewind(f);
    return got < sizeof b || zero;
}

/* One writer at a time: a second sweep writing the same file would mix
 * records. The lock goes with the process. */
static int lock(sim_journal *j, sim_err *err)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fileno(j->f), F_SETLK, &fl) == 0)
        return 0;
    fclose(j->f);
    j->f = NULL;
    return SIM_RAISE(err, SIM_EINPUT,
                     "%s: another crossings sweep is writing this journal (expected one sweep "
                     "per output file)",
                     j->path);
}

/* Count the intact records and cut off a torn tail. */
static int scan(sim_journal *j, sim_err *err)
{
    size_t whole = j->rec_bytes + sizeof(uint64_t);
    unsigned char *buf = malloc(whole);
    if (!buf)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the journal");
    j->n_records = 0;
    if (fseeko(j->f, (off_t)sizeof(jheader), SEEK_SET) != 0) {
        free(buf);
        return io_error(err, j->path, "read");
    }
    while (fread(buf, 1, whole, j->f) == whole) {
        uint64_t c;
        memcpy(&c, buf + j->rec_bytes, sizeof c);
        if (c != sim_fnv1a(SIM_FNV_START, buf, j->rec_bytes))
            break;
        j->n_records++;
    }
    free(buf);
    off_t good = (off_t)sizeof(jheader) + (off_t)(j->n_records * whole);
    if (fflush(j->f) != 0 || ftruncate(fileno(j->f), good) != 0 ||
        fseeko(j->f, good, SEEK_SET) != 0)
        return io_error(err, j->path, "repair");
    return SIM_OK;
}

int sim_journal_open(sim_journal *j, const char *path, uint64_t id, size_t rec_bytes, int *other,
                     sim_err *err)
{
    memset(j, 0, sizeof *j);
    *other = 0;
    snprintf(j->path, sizeof j->path, "%s", path);
    j->id = id;
    j->rec_bytes = rec_bytes;
    jheader h;
    FILE *f = fopen(path, "r+b");
    if (f && torn_header(f)) { /* killed or out of disk while creating it: nothing finished */
        fclose(f);
        f = NULL;
        if (remove(path) != 0)
            return io_error(err, path, "replace");
        errno = ENOENT;
    }
    if (f) {
        if (fread(&h, sizeof h, 1, f) != 1 || memcmp(h.magic, magic, sizeof magic) != 0 ||
            h.check != header_check(&h) || h.id != id || h.rec_bytes != rec_bytes) {
            fclose(f);
            *other = 1;
            return SIM_RAISE(err, SIM_EINPUT,
                             "%s holds the finished tasks of another sweep design, program "
                             "revision or output level",
                             path);
        }
        j->f = f;
        return lock(j, err) ? SIM_EINPUT : scan(j, err);
    }
    if (errno != ENOENT || !(f = fopen(path, "w+b")))
        return io_error(err, path, "create");
    memset(&h, 0, sizeof h);
    memcpy(h.magic, magic, sizeof magic);
    h.id = id;
    h.rec_bytes = rec_bytes;
    h.check = header_check(&h);
    j->f = f;
    if (lock(j, err))
        return SIM_EINPUT;
    if (fwrite(&h, sizeof h, 1, f) != 1 || fflush(f) != 0 || fsync(fileno(f)) != 0)
        return io_error(err, path, "write");
    return SIM_OK;
}

int sim_journal_each(sim_journal *j, int (*fn)(const void *rec, void *ctx), void *ctx, sim_err *err)
{
    size_t whole = j->rec_bytes + sizeof(uint64_t);
    unsigned char *buf = malloc(whole);
    if (!buf)
        return SIM_RAISE(err, SIM_ENOMEM, "out of memory for the journal");
    int rc = fseeko(j->f, (off_t)sizeof(jheader), SEEK_SET) != 0 ? io_error(err, j->path, "read")
                                                                 : SIM_OK;
    for (size_t i = 0; !rc && i < j->n_records; i++) {
        if (fread(buf, 1, whole, j->f) != whole)
            rc = io_error(err, j->path, "read");
        else if (fn(buf, ctx))
            rc = SIM_RAISE(err, SIM_ERUN, "%s: record %zu could not be taken", j->path, i);
    }
    free(buf);
    if (fseeko(j->f, 0, SEEK_END) != 0 && !rc)
        rc = io_error(err, j->path, "read");
    return rc;
}

int sim_journal_read(sim_journal *j, size_t i, void *rec, sim_err *err)
{
    off_t at = (off_t)sizeof(jheader) + (off_t)(i * (j->rec_bytes + sizeof(uint64_t)));
    if (i >= j->n_records || fseeko(j->f, at, SEEK_SET) != 0 ||
        fread(rec, 1, j->rec_bytes, j->f) != j->rec_bytes || fseeko(j->f, 0, SEEK_END) != 0)
        return io_error(err, j->path, "read");
    return SIM_OK;
}

int sim_journal_append(sim_journal *j, const void *rec, sim_err *err)
{
    uint64_t c = sim_fnv1a(SIM_FNV_START, rec, j->rec_bytes);
    if (fwrite(rec, 1, j->rec_bytes, j->f) != j->rec_bytes || fwrite(&c, sizeof c, 1, j->f) != 1 ||
        fflush(j->f) != 0 || fsync(fileno(j->f)) != 0)
        return io_error(err, j->path, "write");
    j->n_records++;
    return SIM_OK;
}

void sim_journal_close(sim_journal *j, int remove_file)
{
    if (j->f)
        fclose(j->f);
    j->f = NULL;
    if (remove_file)
        remove(j->path);
}
