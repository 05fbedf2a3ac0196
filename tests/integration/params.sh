#!/bin/sh
# `crossings params` lists every parameter of the table with its source, and
# its YAML output is itself a valid scenario.
# usage: params.sh CROSSINGS SOURCE_DIR
set -eu
bin=$1 src=$2
. "$(dirname "$0")/lib.sh"

"$bin" params --markdown > "$tmp/p.md"
# one row per P?( and R?( line of the model table, ten per intervention
# record and three per shock record, plus the run settings
def=$src/models/mdl_params.def
want=$(grep -cE '^[PR][DIBEPS]\(' "$def")
want=$((want + 10 * $(grep -c '^IV_RECORD(' "$def") + 3 * $(grep -c '^SHOCK_RECORD(' "$def")))
want=$((want + $(grep -c '"run\.' "$src/sim/sim_settings.c")))
got=$(grep -c '^| `' "$tmp/p.md")
check test "$got" -eq "$want"
# every row ends with a non-empty source
check sh -c "! grep '^| \`' '$tmp/p.md' | grep -qE '\|  *\|$'"
check grep -qF '| `demography.infant_mortality` | 0.022 |' "$tmp/p.md"

"$bin" params > "$tmp/p.txt"
check grep -qF 'population.data_dir' "$tmp/p.txt"

# the YAML listing is a complete scenario: validate it beside a copy of the data
cp -r "$src/scenarios/data" "$tmp/data"
"$bin" params --yaml > "$tmp/all.yaml"
check "$bin" validate "$tmp/all.yaml"
# with a scenario, the values it resolves to
"$bin" params --yaml "$src/scenarios/baseline.yaml" > "$tmp/resolved.yaml"
check grep -qE '^  months: 120' "$tmp/resolved.yaml"
check sh -c "! '$bin' params --bogus 2>/dev/null"

# docs/FORMAT.md lists exactly the metrics the program writes
"$bin" metrics --markdown > "$tmp/metrics.md"
check test "$(grep -c '^| `' "$tmp/metrics.md")" -eq "$(grep -c '^M(' "$src/models/mdl_metrics.def")"
check sh -c "grep -Fxf '$tmp/metrics.md' '$src/docs/FORMAT.md' | wc -l | grep -qx \"$(wc -l < "$tmp/metrics.md")\""
finish
