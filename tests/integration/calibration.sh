#!/bin/sh
# The shipped baseline lands inside the ranges of EVIDENCE.md's targets T1,
# T2, T5, T6, T7, T9, T10, T11 and T12, on the mean of 10 replicates at 1:100,
# and the qualitative check Q1 holds.
# usage: calibration.sh CROSSINGS SOURCE_DIR PYTHON
set -eu
bin=$1 src=$2 py=$3
. "$(dirname "$0")/lib.sh"
"$bin" run "$src/scenarios/baseline.yaml" --scale 0.01 --months 120 --replicates 10 -q \
    -o "$tmp/cal.h5"
"$py" "$src/tests/integration/calibration.py" "$tmp/cal.h5" "$src/scenarios/data/targets.csv"
