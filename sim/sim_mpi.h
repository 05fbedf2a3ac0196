/* MPI, when the program runs under mpirun; a single rank otherwise.
 *
 * Built with MPI (CROSSINGS_HAVE_MPI) the program initialises MPI only when a
 * launcher started it (mpirun sets OMPI_COMM_WORLD_SIZE, PMI_SIZE or
 * PMIX_RANK), so a plain run never pays for MPI. Built without it, every call
 * here is the single-rank answer. Ranks run replicates (sim_run.c); rank 0
 * writes the results file. */
#ifndef SIM_MPI_H
#define SIM_MPI_H

#include <stddef.h>

/* Start MPI if launched by mpirun. Returns 0, or -1 when MPI failed to start. */
int sim_mpi_init(int *argc, char ***argv);
/* Finish MPI if it was started. */
void sim_mpi_finalize(void);
/* This process's rank and the number of ranks (0 and 1 without MPI). */
int sim_mpi_rank(void);
int sim_mpi_size(void);
/* Blocking point-to-point transfer of bytes (tag identifies the message).
 * Return 0, or -1 on failure. */
int sim_mpi_send(const void *buf, size_t bytes, int dest, int tag);
int sim_mpi_recv(void *buf, size_t bytes, int src, int tag);
/* Is a message with tag waiting, from any rank? Sets *src and returns 1 when
 * so (block: wait for one). Returns 0 when none waits, -1 on failure. */
int sim_mpi_probe(int tag, int block, int *src);

#endif
