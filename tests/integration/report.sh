#!/bin/sh
# The HTML report (crossings report) of a one-scenario run, a multi-scenario
# comparison and a sweep, each opened in Debian's headless Chromium: no
# console error, no network request, every chart drawn, every SVG parses as
# XML, a screenshot and a PDF print saved (in report-screenshots/ of the
# folder the test runs in). The numbers in the report's tables equal those of
# crossings compare and crossings export. A file from an interrupted run, a
# foreign HDF5 file and a text file give a clear error and no page.
# usage: report.sh CROSSINGS SOURCE_DIR PYTHON [small]
#   small: shorter runs (the sanitizer build, 10 times slower)
set -u
bin=$1 src=$2 py=$3
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")
shots=$(pwd)/report-screenshots
mkdir -p "$shots"
small="--scale 0.002 --months 36 --replicates 4 -q"
[ "${4:-}" = small ] && small="--scale 0.001 --months 24 --replicates 3 -q"
s=$src/scenarios
# chart ids: figure.chart#chart-NAME
run_charts="chart-true,chart-detected,chart-funnel,chart-sector,chart-channel"
run_charts="$run_charts,chart-areas-trafficking,chart-areas-departures,chart-survival"

# ---- a one-scenario run ------------------------------------------------------------
check "$bin" run "$s/baseline.yaml" $small -o "$tmp/one.h5"
expect 0 "wrote $tmp/one.html" "$bin" report "$tmp/one.h5" -o "$tmp/one.html"
check "$py" "$here/browser_check.py" "$tmp/one.html" "$shots/one.png" \
    --expect-charts "$run_charts" --min-charts 8
check grep -q "nothing to compare it with" "$tmp/one.html"

# ---- several scenarios: effects against the baseline -----------------------------------
check "$bin" run "$s/baseline.yaml" "$s/awareness_community.yaml" \
    "$s/awareness_womens_groups.yaml" $small -o "$tmp/multi.h5"
expect 0 "wrote" "$bin" report "$tmp/multi.h5" -o "$tmp/multi.html"
check "$py" "$here/browser_check.py" "$tmp/multi.html" "$shots/multi.png" \
    --expect-charts "$run_charts,chart-scenarios-time,chart-effect-incidence,chart-effect-retrafficking,chart-effect-migrations" \
    --min-charts 12
# the tables hold the numbers of compare and export
"$bin" compare "$tmp/multi.h5" --format csv > "$tmp/compare.csv"
check "$bin" export "$tmp/multi.h5" --csv "$tmp/export" --no-areas
check "$py" "$here/report_check.py" "$tmp/multi.html" "$tmp/compare.csv" "$tmp/export" \
    "$tmp/multi.h5"
# another baseline, as compare takes it
expect 0 "wrote" "$bin" report "$tmp/multi.h5" -o "$tmp/other.html" \
    --baseline awareness_community
check grep -q "Baseline: <strong>awareness_community</strong>" "$tmp/other.html"
expect 2 "no scenario 'nosuch'" "$bin" report "$tmp/multi.h5" -o "$tmp/x.html" --baseline nosuch

# ---- a run shorter than a year, one replicate: charts with no curve to draw
# (no episode ended, no interval) are empty frames, and the report ends
# (timeout: a loop here once filled the disk)
check "$bin" run "$s/baseline.yaml" "$s/shock_flood.yaml" --scale 0.001 --months 3 \
    --replicates 1 -q -o "$tmp/short.h5"
expect 0 "wrote" timeout 60 "$bin" report "$tmp/short.h5" -o "$tmp/short.html"
check "$py" "$here/browser_check.py" "$tmp/short.html" "$shots/short.png" --min-charts 12

# ---- a sweep: sensitivity ranking and response curves ---------------------------------------
cat > "$tmp/d.yaml" <<YAML
name: report_sweep
scenario: $s/baseline.yaml
seed: 5
replicates: 2
set:
  run.months: 24
  run.scale: 0.002
  start.spinup_years: 1
design:
  type: morris
  points: 3
parameters:
  recruiters.broker_deception: {min: 0.05, max: 0.4}
  abroad.coercion_hazard: {min: 0.002, max: 0.05, scale: log}
YAML
check "$bin" sweep "$tmp/d.yaml" -o "$tmp/sweep.h5" -q
expect 0 "wrote" "$bin" report "$tmp/sweep.h5" -o "$tmp/sweep.html" \
    --output incidence_per_100k_year.women
check "$py" "$here/browser_check.py" "$tmp/sweep.html" "$shots/sweep.png" \
    --expect-charts chart-sensitivity,chart-response-0,chart-response-1 --min-charts 3
check grep -q "recruiters.broker_deception" "$tmp/sweep.html"

# ---- bad files: a clear error, exit 2, no page ------------------------------------------------
"$bin" run "$s/baseline.yaml" --scale 0.01 --months 120 --set start.spinup_years=0 -q \
    -o "$tmp/killed.h5" & # no spin-up: the file is written from the start
pid=$!
i=0
while [ -z "$(ls "$tmp"/killed.h5.tmp-* 2> /dev/null)" ] && [ $i -lt 200 ]; do
    sleep 0.05
    i=$((i + 1))
done
sleep 1
kill -9 $pid 2> /dev/null
wait $pid 2> /dev/null
partial=$(ls "$tmp"/killed.h5.tmp-* 2> /dev/null | head -1)
check test -n "$partial"
expect 2 "" "$bin" report "$partial" -o "$tmp/bad.html"
check test ! -e "$tmp/bad.html"
"$py" -c "import h5py, sys; f = h5py.File(sys.argv[1], 'w'); f['x'] = [1, 2, 3]" "$tmp/foreign.h5"
expect 2 "without the seal crossings writes" "$bin" report "$tmp/foreign.h5" -o "$tmp/bad.html"
"$py" -c "import h5py, sys; f = h5py.File(sys.argv[1], 'w', userblock_size=512); f['x'] = [1, 2]" \
    "$tmp/foreign2.h5"
"$bin" seal "$tmp/foreign2.h5" > /dev/null
expect 2 "not a crossings results file" "$bin" report "$tmp/foreign2.h5" -o "$tmp/bad.html"
printf 'not hdf5\n' > "$tmp/text.h5"
expect 2 "not an HDF5 file" "$bin" report "$tmp/text.h5" -o "$tmp/bad.html"
expect 2 "missing.h5: cannot open: No such file or directory" "$bin" report "$tmp/missing.h5" -o "$tmp/bad.html"
expect 2 "expected -o REPORT.html" "$bin" report "$tmp/one.h5"
check test ! -e "$tmp/bad.html"

finish
