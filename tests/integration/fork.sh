#!/bin/sh
# Scenarios that agree until their first intervention or shock run those
# months once and fork (crossings run, by default): the numbers are those of
# runs from the start (--no-fork), bit for bit, for every scenario. All runs
# use a three-year spin-up (the fork copies the spun-up world; a shorter one
# keeps the sanitized build quick).
# usage: fork.sh CROSSINGS SOURCE_DIR
set -u
bin=$1 src=$2
. "$(dirname "$0")/lib.sh"
s="$src/scenarios"
set -- "$s/baseline.yaml" "$s/awareness_community.yaml" "$s/shock_flood.yaml" \
    "$s/debt_relief.yaml" --scale 0.002 --months 36 --replicates 2 --set start.spinup_years=3 -q --timing
"$bin" run "$@" -o "$tmp/fork.h5" 2> "$tmp/fork.txt"
"$bin" run "$@" --no-fork -o "$tmp/plain.h5" 2> "$tmp/plain.txt"
check grep -q 'fork_month=24' "$tmp/fork.txt" # the campaign and the relief start at 24
check grep -q 'fork_month=0' "$tmp/plain.txt"
for name in baseline awareness_community shock_flood debt_relief; do
    check h5diff "$tmp/fork.h5" "$tmp/plain.h5" /scenarios/$name/metrics /scenarios/$name/metrics
    check h5diff "$tmp/fork.h5" "$tmp/plain.h5" /scenarios/$name/episodes /scenarios/$name/episodes
done
# a scenario alone, from the start, is the same as forked from the others
"$bin" run "$s/awareness_community.yaml" --scale 0.002 --months 36 --replicates 2 --set start.spinup_years=3 -q \
    -o "$tmp/alone.h5"
check h5diff "$tmp/fork.h5" "$tmp/alone.h5" /scenarios/awareness_community/metrics \
    /scenarios/awareness_community/metrics

# other data (another destinations table): they differ from the start, no fork
"$bin" run "$s/baseline.yaml" "$s/destinations_region.yaml" --scale 0.001 --months 6 -q --set start.spinup_years=3 \
    --timing -o "$tmp/dest.h5" 2> "$tmp/dest.txt"
check grep -q 'fork_month=0' "$tmp/dest.txt"
# no policy at all: the whole run is shared
cat > "$tmp/same.yaml" <<YAML
base: $s/baseline.yaml
name: same
YAML
"$bin" run "$s/baseline.yaml" "$tmp/same.yaml" --scale 0.001 --months 6 -q --set start.spinup_years=3 --timing \
    -o "$tmp/same.h5" 2> "$tmp/same.txt"
check grep -q 'fork_month=6' "$tmp/same.txt"
check h5diff "$tmp/same.h5" "$tmp/same.h5" /scenarios/baseline/metrics /scenarios/same/metrics
finish
