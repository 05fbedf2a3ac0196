#!/bin/bash
# Join the shards of a job-array sweep (sweep-array.sh) into one file, once
# every array task has finished:
#
#   sbatch --dependency=afterok:JOBID docs/slurm/sweep-merge.sh PARTS_DIR SWEEP.h5
#
# merge refuses shards of different designs, a shard twice and missing shards
# (it names them: rerun those array indices, then merge again).
#SBATCH --job-name=crossings-merge
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=1
#SBATCH --mem=4G
#SBATCH --time=00:30:00
#SBATCH --output=crossings-merge-%j.log
set -euo pipefail
parts=${1:?usage: sweep-merge.sh PARTS_DIR SWEEP.h5}
out=${2:?usage: sweep-merge.sh PARTS_DIR SWEEP.h5}
crossings=${CROSSINGS:-crossings}
exec "$crossings" merge "$parts"/part-*.h5 -o "$out"
