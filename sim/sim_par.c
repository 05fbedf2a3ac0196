#include "sim_par.h"

#include <stdlib.h>
#include <omp.h>
#include <string.h>

/* End of the block starting at a: block_size agents on, moved forward to the
 * next group boundary (when there are groups), and never past the segment's end. */
static size_t grouped_end(size_t a, size_t seg_end, size_t block_size, const uint32_t *group)
{
    size_t e = a + block_size;
    if (e >= seg_end)
        return seg_end;
    while (group && e < seg_end && group[e] == group[e - 1])
        e++;
    return e;
}

int sim_blocks_init_grouped(sim_blocks *b, const size_t *bounds, size_t n_segments,
                            size_t block_size, const uint32_t *group)
{
    size_t n = 0;
    for (size_t s = 0; s < n_segments; s++)
        n += (bounds[s + 1] - bounds[s] + block_size - 1) / block_size;
    b->n = 0;
    b->v = malloc((n ? n : 1) * sizeof *b->v);
    if (!b->v)
        return -1;
    for (size_t s = 0; s < n_segments; s++)
        for (size_t a = bounds[s], e; a < bounds[s + 1]; a = e) {
            e = grouped_end(a, bounds[s + 1], block_size, group);
            b->v[b->n++] = (sim_block){a, e, (uint32_t)s};
        }
    return 0;
}

int sim_blocks_init(sim_blocks *b, const size_t *bounds, size_t n_segments, size_t block_size)
{
    return sim_blocks_init_grouped(b, bounds, n_segments, block_size, NULL);
}

void sim_blocks_release(sim_blocks *b)
{
    free(b->v);
    b->v = NULL;
    b->n = 0;
}

void sim_par_run(const sim_blocks *b, int threads, sim_block_fn fn, void *ctx, double *partials,
                 size_t width)
{
    long n = (long)b->n;
    if (width)
        memset(partials, 0, (size_t)n * width * sizeof *partials);
    int nt = threads > 0 ? threads : 0;
    /* dynamic: blocks differ in cost (areas differ, agents change state) */
#pragma omp parallel for schedule(dynamic, 4) default(none) shared(b, fn, ctx, partials, width, n) \
    num_threads(nt > 0 ? nt : omp_get_max_threads())
    for (long i = 0; i < n; i++)
        fn(ctx, &b->v[i], partials + (size_t)i * width);
}

void sim_par_reduce(const sim_blocks *b, const double *partials, size_t width, double *out)
{
    for (size_t i = 0; i < b->n; i++) {
        double *o = out + (size_t)b->v[i].segment * width;
        const double *p = partials + i * width;
        for (size_t k = 0; k < width; k++)
            o[k] += p[k];
    }
}
