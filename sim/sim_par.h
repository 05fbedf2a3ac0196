/* Deterministic parallel loops over agents.
 *
 * The agents of a phase are cut into blocks: fixed-size pieces of contiguous
 * segments (for the model, one segment per origin area, so a block never spans
 * two areas). The cut depends only on the segment bounds and the block size,
 * never on the thread count. A phase runs a function on every block in
 * parallel; whatever a block accumulates goes into its own row of a partials
 * array, and rows are combined in block order afterwards. Floating-point sums
 * are therefore the same, bit for bit, for any number of threads. */
#ifndef SIM_PAR_H
#define SIM_PAR_H

#include <stddef.h>
#include <stdint.h>

/* Agents per block: large enough to amortise scheduling, small enough to
 * balance 2 to 64 threads at 1:1000 scale. */
#define SIM_BLOCK_SIZE 4096u

/* Most agents a grouped block can hold: it ends at the first group boundary
 * after SIM_BLOCK_SIZE agents, so groups must be smaller than 256 agents. */
#define SIM_BLOCK_MAX (SIM_BLOCK_SIZE + 256u)

typedef struct sim_block {
    size_t begin, end; /* agent range [begin, end) */
    uint32_t segment;  /* segment (area) the block lies in */
} sim_block;

typedef struct sim_blocks {
    sim_block *v;
    size_t n;
} sim_blocks;

/* Cut segments [bounds[s], bounds[s+1]) for s < n_segments into blocks of at
 * most block_size agents. Returns 0, or -1 when out of memory. */
int sim_blocks_init(sim_blocks *b, const size_t *bounds, size_t n_segments, size_t block_size);

/* Like sim_blocks_init, but a block may only end where group[i] changes
 * (group[i] != group[i - 1]), so agents of one group (a household) are always
 * in one block. A block holds at least block_size agents unless its segment
 * ends first. */
int sim_blocks_init_grouped(sim_blocks *b, const size_t *bounds, size_t n_segments,
                            size_t block_size, const uint32_t *group);
void sim_blocks_release(sim_blocks *b);

/* Work on one block; partial is the block's own row of `width` doubles,
 * zeroed before the call. */
typedef void (*sim_block_fn)(void *ctx, const sim_block *blk, double *partial);

/* Run fn on every block with `threads` OpenMP threads (0 = OpenMP default).
 * partials must hold b->n * width doubles. */
void sim_par_run(const sim_blocks *b, int threads, sim_block_fn fn, void *ctx, double *partials,
                 size_t width);

/* out[segment][width] += partials of each block, combined in block order. */
void sim_par_reduce(const sim_blocks *b, const double *partials, size_t width, double *out);

#endif
