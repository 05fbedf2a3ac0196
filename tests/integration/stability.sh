#!/bin/sh
# The baseline starts where the world is (issue 13): with no policy its yearly
# flows stay within 15% of their ten-year mean in every year, at 1:100. The
# companion run without the spin-up (start.spinup_years: 0, an empty world
# ramping up) must fail the same check: the check can fail.
# usage: stability.sh CROSSINGS SOURCE_DIR PYTHON
set -eu
bin=$1 src=$2 py=$3
. "$(dirname "$0")/lib.sh"
cat > "$tmp/cold.yaml" <<YAML
base: $src/scenarios/baseline.yaml
name: cold_start
start:
  spinup_years: 0
YAML
"$bin" run "$src/scenarios/baseline.yaml" --scale 0.01 --months 120 -q -o "$tmp/steady.h5"
"$bin" run "$tmp/cold.yaml" --scale 0.01 --months 120 -q -o "$tmp/cold.h5"
check "$py" "$src/tests/integration/stability.py" "$tmp/steady.h5" baseline 0.15 steady
check "$py" "$src/tests/integration/stability.py" "$tmp/cold.h5" cold_start 0.15 ramp
finish
