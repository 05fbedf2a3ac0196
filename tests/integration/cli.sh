#!/bin/sh
# The command line as a user meets it: help, version, exit codes (0 ok, 1
# failure while running, 2 bad input), messages, the default output file, and
# earlier results never harmed by a failed run.
# usage: cli.sh CROSSINGS SOURCE_DIR
set -u
bin=$1 src=$2
. "$(dirname "$0")/lib.sh"
base="$src/scenarios/baseline.yaml"
small="--scale 0.001 --months 3 --set start.spinup_years=1"

expect 2 "no command given" "$bin"
expect 0 "usage: crossings <command>" "$bin" --help
expect 0 "crossings 0." "$bin" --version
expect 0 "usage: crossings run" "$bin" run --help
expect 0 "usage: crossings validate" "$bin" validate --help
expect 0 "usage: crossings params" "$bin" params --help
expect 0 "usage: crossings metrics" "$bin" metrics --help
expect 0 "departures" "$bin" metrics
expect 2 "unknown command 'frobnicate'" "$bin" frobnicate
expect 2 "unknown option '--bogus'" "$bin" run "$base" --bogus
expect 2 "no scenario file given" "$bin" run
expect 2 "--threads: '0' is not allowed (expected a whole number from 1 to 1024)" \
    "$bin" run "$base" --threads 0
expect 2 "run.months" "$bin" run "$base" --months abc
expect 2 "run.scale" "$bin" run "$base" --scale 2
expect 2 "did you mean" "$bin" run "$base" --set demography.infant_mortalty=0.01
expect 2 "--set needs KEY=VALUE" "$bin" run "$base" --set nothing
expect 2 "missing.yaml" "$bin" run "$tmp/missing.yaml"
expect 0 "baseline.yaml: ok (scenario baseline)" "$bin" validate "$base"
# every shipped scenario validates and runs at small scale
for f in "$src"/scenarios/*.yaml; do
    name=$(basename "$f" .yaml)
    expect 0 "$name.yaml: ok (scenario $name)" "$bin" validate "$f"
    expect 0 "wrote $tmp/$name.h5" "$bin" run "$f" $small -o "$tmp/$name.h5"
done
# every shipped sweep design checks: base scenario, parameters, every point
for f in "$src"/scenarios/sweeps/*.yaml; do
    expect 0 "dry run: nothing runs" "$bin" sweep "$f" --dry-run -o "$tmp/sweep.h5"
    check test ! -e "$tmp/sweep.h5.journal"
done
# a bad destinations table: file, line, column and allowed values, exit 2
printf 'code,name,iso_numeric,weight_KH,weight_MM,wage_ratio,identification_ratio,deportation_ratio,regular_channel,forced_marriage\nTH,Thailand,764,1,1,1,1,1,yes,0\n' \
    >"$tmp/dest.csv"
expect 2 "dest.csv:2:27: regular_channel: 'yes' is not allowed (expected 0 or 1)" \
    "$bin" run "$base" $small --set population.destinations="$tmp/dest.csv" -o "$tmp/dest.h5"

# a scenario whose data folder is wrong: bad input, caught before any output
cat > "$tmp/nodata.yaml" <<YAML
base: $base
population:
  data_dir: /nonexistent
YAML
expect 2 "/nonexistent/areas.csv" "$bin" validate "$tmp/nodata.yaml"
printf 'earlier results\n' > "$tmp/keep.h5"
expect 2 "/nonexistent/areas.csv" "$bin" run "$tmp/nodata.yaml" $small -o "$tmp/keep.h5"
expect 0 "earlier results" cat "$tmp/keep.h5"
expect 0 "" sh -c "! ls '$tmp'/keep.h5.tmp-* 2>/dev/null"

# a folder that does not exist: refused before running, exit 2
expect 2 "no/such does not exist (expected an existing folder)" \
    "$bin" run "$base" $small -o "$tmp/no/such/dir.h5"

# defaults: results/NAME.h5 in the current folder, and a summary
mkdir "$tmp/work"
expect 0 "wrote results/baseline.h5" sh -c "cd '$tmp/work' && '$bin' run '$base' $small"
expect 0 "population" sh -c "cd '$tmp/work' && '$bin' run '$base' $small"
expect 0 "" test -f "$tmp/work/results/baseline.h5"
# quiet and timing
expect 0 "agent_months_per_s=" "$bin" run "$base" $small -q --timing -o "$tmp/q.h5"

# two scenarios in one file; different run settings are refused
expect 0 "wrote $tmp/two.h5" "$bin" run "$base" "$tmp/nodata.yaml" $small -o "$tmp/two.h5" \
    --set population.data_dir="$src/scenarios/data"
cat > "$tmp/other.yaml" <<YAML
base: $base
run:
  months: 5
YAML
expect 2 "differ in run.months" "$bin" run "$base" "$tmp/other.yaml" --scale 0.001 -o "$tmp/x.h5"

finish
