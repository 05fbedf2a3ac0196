#!/bin/sh
# The qualitative checks Q2 to Q6 of EVIDENCE.md: the baseline and five
# policy scenarios (interventions from month 24) run together with common
# random numbers, 6 replicates at 1:200 for six years; each check must hold
# in every pair of replicates where it is a paired comparison.
# usage: qualitative.sh CROSSINGS SOURCE_DIR PYTHON
set -eu
bin=$1 src=$2 py=$3
. "$(dirname "$0")/lib.sh"
s="$src/scenarios"
"$bin" run "$s/baseline.yaml" "$s/ban_women_domestic.yaml" "$s/awareness_community.yaml" \
    "$s/reintegration_stereotyped.yaml" "$s/reintegration_higher_return.yaml" \
    "$s/shelter_reform.yaml" --scale 0.005 --months 72 --replicates 6 -q -o "$tmp/q.h5"
"$bin" compare "$tmp/q.h5" --format csv > "$tmp/compare.csv"
"$py" "$src/tests/integration/qualitative.py" "$tmp/q.h5" "$tmp/compare.csv" 24
