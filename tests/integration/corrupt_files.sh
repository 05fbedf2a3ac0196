#!/bin/sh
# Corrupt and foreign results files through every reader command: real files
# of a two-scenario run, a sweep and two shards, then byte-flipped and
# structurally altered copies of them (corrupt_files.py, a fixed seed) replayed
# through compare, export, summarize, report, sensitivity and merge. No run may
# crash (exit 0, 1 or 2 only, no sanitizer report), leave output under its
# final name after a failure, or leave a temporary file. The altered copies are
# sealed again (crossings seal) so that they reach the readers' checks;
# CORRUPT_CRAFTED=N adds N flipped-then-sealed copies, as a measurement.
# usage: corrupt_files.sh CROSSINGS SOURCE_DIR PYTHON [small]
#   small: fewer variants (the sanitizer build, 10 times slower)
set -u
bin=$1 src=$2 py=$3
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")
n_flip=${CORRUPT_FLIPS:-300} n_struct=${CORRUPT_ALTERED:-100} n_crafted=${CORRUPT_CRAFTED:-0}
[ "${4:-}" = small ] && n_flip=60 n_struct=45
s=$src/scenarios
tiny="--scale 0.001 --months 6 -q"
check "$bin" run "$s/baseline.yaml" "$s/shock_flood.yaml" $tiny --replicates 2 -o "$tmp/run.h5"
cat > "$tmp/d.yaml" << YAML
name: corrupt
scenario: $s/baseline.yaml
seed: 5
replicates: 1
set:
  run.months: 6
  run.scale: 0.001
  start.spinup_years: 1
design:
  type: morris
  points: 2
parameters:
  recruiters.broker_deception: {min: 0.05, max: 0.4}
  abroad.coercion_hazard: {min: 0.002, max: 0.05, scale: log}
YAML
check "$bin" sweep "$tmp/d.yaml" -o "$tmp/sweep.h5" -q
for k in 1 2; do
    check "$bin" sweep "$tmp/d.yaml" --shard $k/2 --output-level full -o "$tmp/p$k.h5" -q
done
# the intact files pass every reader
check "$bin" merge "$tmp/p1.h5" "$tmp/p2.h5" -o "$tmp/m.h5"
check "$bin" sensitivity "$tmp/sweep.h5" --output incidence_per_100k_year.women
out=$("$py" "$here/corrupt_files.py" "$bin" "$tmp" $n_flip $n_struct $n_crafted)
rc=$?
printf '%s\n' "$out"
if [ $rc -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
finish
