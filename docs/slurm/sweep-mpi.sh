#!/bin/bash
# A sweep as one MPI job: rank 0 hands tasks to the other ranks as they
# finish (tasks differ in cost), runs tasks itself, and writes one file.
#
#   sbatch docs/slurm/sweep-mpi.sh DESIGN.yaml SWEEP.h5
#
# Each rank runs one task at a time with --cpus-per-task OpenMP threads; many
# small tasks (1:500 to 1:100) run best as many ranks of few threads, large
# ones (1:10 and up) as fewer ranks with more threads and memory. If the job
# dies (time limit, node failure), submit the same command again: the
# finished tasks are in SWEEP.h5.journal and only the rest runs.
#
# Outside SLURM (to try it): LAUNCH="mpirun -np 4" bash docs/slurm/sweep-mpi.sh ...
#SBATCH --job-name=crossings-sweep
#SBATCH --nodes=2
#SBATCH --ntasks-per-node=8
#SBATCH --cpus-per-task=4
#SBATCH --mem-per-cpu=2G
#SBATCH --time=08:00:00
#SBATCH --output=crossings-sweep-%j.log
set -euo pipefail
design=${1:?usage: sbatch sweep-mpi.sh DESIGN.yaml SWEEP.h5}
out=${2:?usage: sbatch sweep-mpi.sh DESIGN.yaml SWEEP.h5}
crossings=${CROSSINGS:-crossings}
launch=${LAUNCH:-srun}                   # srun starts one crossings per task
exec $launch "$crossings" sweep "$design" --threads "${SLURM_CPUS_PER_TASK:-1}" -o "$out"
