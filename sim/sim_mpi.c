#include "sim_mpi.h"

#include <stdlib.h>

#ifdef CROSSINGS_HAVE_MPI
#include <limits.h>
#include <mpi.h>

static int launched_by_mpirun(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK");
}

static int is_running(void)
{
    int init = 0, fin = 0;
    MPI_Initialized(&init);
    MPI_Finalized(&fin);
    return init && !fin;
}

int sim_mpi_init(int *argc, char ***argv)
{
    if (!launched_by_mpirun())
        return 0;
    int provided;
    /* only the main thread calls MPI; OpenMP threads never do */
    return MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) == MPI_SUCCESS ? 0 : -1;
}

void sim_mpi_finalize(void)
{
    if (is_running())
        MPI_Finalize();
}

int sim_mpi_rank(void)
{
    int r = 0;
    if (is_running())
        MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int sim_mpi_size(void)
{
    int n = 1;
    if (is_running())
        MPI_Comm_size(MPI_COMM_WORLD, &n);
    return n;
}

/* Messages go in pieces of at most INT_MAX bytes (MPI counts are int). */
int sim_mpi_send(const void *buf, size_t bytes, int dest, int tag)
{
    const char *p = buf;
    do {
        int n = bytes > INT_MAX ? INT_MAX : (int)bytes;
        if (MPI_Send(p, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD) != MPI_SUCCESS)
            return -1;
        p += n;
        bytes -= (size_t)n;
    } while (bytes > 0);
    return 0;
}

int sim_mpi_recv(void *buf, size_t bytes, int src, int tag)
{
    char *p = buf;
    do {
        int n = bytes > INT_MAX ? INT_MAX : (int)bytes;
        if (MPI_Recv(p, n, MPI_BYTE, src, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE) != MPI_SUCCESS)
            return -1;
        p += n;
        bytes -= (size_t)n;
    } while (bytes > 0);
    return 0;
}

int sim_mpi_probe(int tag, int block, int *src)
{
    MPI_Status st;
    int flag = 1;
    int rc = block ? MPI_Probe(MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, &st)
                   : MPI_Iprobe(MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, &flag, &st);
    if (rc != MPI_SUCCESS)
        return -1;
    if (flag)
        *src = st.MPI_SOURCE;
    return flag ? 1 : 0;
}

#else

int sim_mpi_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}
void sim_mpi_finalize(void) {}
int sim_mpi_rank(void)
{
    return 0;
}
int sim_mpi_size(void)
{
    return 1;
}
int sim_mpi_send(const void *buf, size_t bytes, int dest, int tag)
{
    (void)buf, (void)bytes, (void)dest, (void)tag;
    return -1;
}
int sim_mpi_recv(void *buf, size_t bytes, int src, int tag)
{
    (void)buf, (void)bytes, (void)src, (void)tag;
    return -1;
}

int sim_mpi_probe(int tag, int block, int *src)
{
    (void)tag, (void)block, (void)src;
    return -1;
}

#endif
