#!/bin/bash
# A sweep as a SLURM job array: each array task runs one shard.
#
#   sbatch --array=1-16 docs/slurm/sweep-array.sh DESIGN.yaml PARTS_DIR
#   sbatch --dependency=afterok:JOBID docs/slurm/sweep-merge.sh PARTS_DIR SWEEP.h5
#
# Array task K of N runs `crossings sweep DESIGN --shard K/N` into
# PARTS_DIR/part-K.h5 (its points p with p % N = K - 1, every replicate).
# A shard that was killed (time limit, node failure) resumes where it stopped:
# resubmit the same index, e.g. `sbatch --array=5 ...`. Keep N fixed for a
# sweep: a shard's file names its K and N, and merge wants all N.
#
# Outside SLURM (to try it): SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3 \
#   bash docs/slurm/sweep-array.sh DESIGN.yaml parts
#SBATCH --job-name=crossings-sweep
#SBATCH --array=1-16
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=8
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --output=crossings-sweep-%A_%a.log
set -euo pipefail
design=${1:?usage: sbatch --array=1-N sweep-array.sh DESIGN.yaml PARTS_DIR}
parts=${2:?usage: sbatch --array=1-N sweep-array.sh DESIGN.yaml PARTS_DIR}
crossings=${CROSSINGS:-crossings}        # the program (set CROSSINGS=/path/to/crossings)
k=${SLURM_ARRAY_TASK_ID:?not an array task (expected sbatch --array=1-N)}
n=${SLURM_ARRAY_TASK_COUNT:-${SLURM_ARRAY_TASK_MAX:?cannot tell the number of array tasks}}
mkdir -p "$parts"
exec "$crossings" sweep "$design" --shard "$k/$n" --threads "${SLURM_CPUS_PER_TASK:-1}" \
    -o "$parts/part-$k.h5"
