#!/bin/sh
# crossings export and summarize on a real results file of two scenarios and
# on small sweeps: the CSV files against the HDF5 file (h5py, pandas), the
# options, comparison.csv as crossings compare prints it, no half or stray
# files on bad input, and the analyst's example docs/examples/read_results.py.
# usage: export.sh CROSSINGS SOURCE_DIR PYTHON
set -u
bin=$1 src=$2 py=$3
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")
r=$tmp/r.h5

"$bin" run "$src/scenarios/baseline.yaml" "$src/scenarios/awareness_community.yaml" \
    --scale 0.002 --months 24 --replicates 3 -q -o "$r"
check test -f "$r"

expect 0 "usage: crossings export FILE.h5 --csv DIR" "$bin" export --help
expect 0 "usage: crossings summarize FILE.h5" "$bin" summarize --help
expect 0 "export FILE --csv DIR" "$bin" --help

# ---- a results file: every metric, by area: more rows than Excel opens --------------------
expect 0 "more than Excel opens" "$bin" export "$r" --csv "$tmp/all"
check test "$(ls "$tmp/all" | tr '\n' ' ')" = \
    "comparison.csv episodes.csv metrics.csv parameters.csv "
check test "$(head -1 "$tmp/all/metrics.csv")" = "scenario,replicate,month,group,area,metric,value"
check test "$(head -1 "$tmp/all/parameters.csv")" = "scenario,name,value,unit,source"
check test "$(head -1 "$tmp/all/episodes.csv" | cut -d, -f1-3)" = "scenario,replicate,person"
# 2 scenarios x 3 replicates x 24 months x 4 groups x 40 areas x every metric, and the header
nm=$("$bin" metrics --markdown | grep -c '^| `')
check test "$(wc -l < "$tmp/all/metrics.csv")" -eq $((2 * 3 * 24 * 4 * 40 * nm + 1))
check "$py" "$here/export_check.py" run "$r" "$tmp/all"
"$bin" compare "$r" --format csv > "$tmp/compare.csv"
check cmp "$tmp/compare.csv" "$tmp/all/comparison.csv"

# ---- the options do what they say -------------------------------------------------------------
expect 0 "wrote $tmp/na/metrics.csv: $((2 * 3 * 24 * 4 * nm)) rows" "$bin" export "$r" --csv "$tmp/na" \
    --no-areas
check test -z "$(grep -v ',all,[a-z_0-9]*,' "$tmp/na/metrics.csv" | tail -n +2)"
check "$py" "$here/export_check.py" run "$r" "$tmp/na" --no-areas
sel="trafficked_new,population,debt_usd_sum"
check "$bin" export "$r" --csv "$tmp/sel" --metrics $sel --from 12 -q
check test "$(wc -l < "$tmp/sel/metrics.csv")" -eq $((2 * 3 * 12 * 4 * 40 * 3 + 1))
check "$py" "$here/export_check.py" run "$r" "$tmp/sel" --metrics $sel --from 12
"$bin" compare "$r" --format csv --from 12 > "$tmp/compare12.csv"
check cmp "$tmp/compare12.csv" "$tmp/sel/comparison.csv"
check "$bin" export "$r" --csv "$tmp/both" --metrics $sel --no-areas --from 23 -q
check "$py" "$here/export_check.py" run "$r" "$tmp/both" --metrics $sel --no-areas --from 23
# quiet, and no warning when the file fits in Excel
check test -z "$("$bin" export "$r" --csv "$tmp/sel" --metrics $sel -q 2>&1)"
# the same folder again: the files are replaced, nothing temporary is left
check test -z "$(ls "$tmp/sel" | grep -v '^[a-z]*\.csv$')"

# ---- one scenario: comparison.csv has the baseline's own rows --------------------------------
"$bin" run "$src/scenarios/baseline.yaml" --scale 0.001 --months 6 --replicates 2 -q \
    -o "$tmp/one.h5"
check "$bin" export "$tmp/one.h5" --csv "$tmp/one" -q
"$bin" compare "$tmp/one.h5" --format csv > "$tmp/compare1.csv"
check cmp "$tmp/compare1.csv" "$tmp/one/comparison.csv"
check test "$(wc -l < "$tmp/one/comparison.csv")" -eq 26 # 5 groups x 5 indicators
check "$py" "$here/export_check.py" run "$tmp/one.h5" "$tmp/one"

# ---- sweeps: summaries and points; series at output level full --------------------------------
cat > "$tmp/d.yaml" <<YAML
name: export_test
scenario: $src/scenarios/baseline.yaml
seed: 7
replicates: 2
set: {run.months: 12, run.scale: 0.002, start.spinup_years: 1}
design: {type: list}
parameters:
  recruiters.broker_deception: {values: [0.17, 0.3]}
YAML
"$bin" sweep "$tmp/d.yaml" -o "$tmp/s.h5" -q --threads 2
"$bin" sweep "$tmp/d.yaml" -o "$tmp/sf.h5" -q --threads 2 --output-level full
expect 0 "wrote $tmp/s/summaries.csv: 100 rows" "$bin" export "$tmp/s.h5" --csv "$tmp/s"
check test "$(ls "$tmp/s" | tr '\n' ' ')" = "points.csv summaries.csv "
check test "$(head -1 "$tmp/s/summaries.csv")" = "task,point,replicate,seed,summary,value"
check test "$(head -1 "$tmp/s/points.csv")" = "point,parameter,value,text"
check test "$(sed -n 3p "$tmp/s/points.csv")" = "1,recruiters.broker_deception,0.3,0.3"
check "$py" "$here/export_check.py" sweep "$tmp/s.h5" "$tmp/s"
expect 0 "nothing to apply to" "$bin" export "$tmp/s.h5" --csv "$tmp/s" --no-areas
check "$bin" export "$tmp/sf.h5" --csv "$tmp/sf" -q
check test "$(head -1 "$tmp/sf/metrics.csv")" = \
    "task,point,replicate,month,group,area,metric,value"
check "$py" "$here/export_check.py" sweep "$tmp/sf.h5" "$tmp/sf"
check "$bin" export "$tmp/sf.h5" --csv "$tmp/sfn" --no-areas --metrics $sel --from 3 -q
check "$py" "$here/export_check.py" sweep "$tmp/sf.h5" "$tmp/sfn" --no-areas --metrics $sel \
    --from 3

# ---- summarize ----------------------------------------------------------------------------------
expect 0 "scenario baseline: 24 months" "$bin" summarize "$r"
expect 0 "trafficked_new       all months" "$bin" summarize "$r"
expect 0 "sweep export_test: $tmp/s.h5" "$bin" summarize "$tmp/s.h5"
expect 0 "design: list, 2 points, 1 parameter" "$bin" summarize "$tmp/s.h5"
expect 0 "recruiters.broker_deception                  2 values: 0.17, 0.3 (share)" \
    "$bin" summarize "$tmp/s.h5"
expect 0 "tasks: 4, 2 replicates per point, seed 7" "$bin" summarize "$tmp/s.h5"
expect 0 "output level: full" "$bin" summarize "$tmp/sf.h5"
expect 0 "incidence_per_100k_year " "$bin" summarize "$tmp/s.h5"
expect 0 "detection_ratio " "$bin" summarize "$tmp/s.h5"

# ---- bad input: exit 2, a clear message, and nothing new in DIR ---------------------------------
printf 'not hdf5\n' > "$tmp/text.h5"
"$py" -c "import h5py, sys; h5py.File(sys.argv[1], 'w')['x'] = [1, 2, 3]" "$tmp/other.h5"
# HDF5 files of another program, sealed as crossings seals its own, reach the readers' checks
"$py" -c "import h5py, sys; h5py.File(sys.argv[1], 'w', userblock_size=512)['x'] = [1, 2, 3]" \
    "$tmp/othersealed.h5"
"$bin" seal "$tmp/othersealed.h5" > /dev/null
"$py" -c "import h5py, shutil, sys; shutil.copy(sys.argv[1], sys.argv[2]);
f = h5py.File(sys.argv[2], 'a'); del f['scenarios/awareness_community/metrics/coerced']" \
    "$r" "$tmp/nocoerced.h5"
"$bin" seal "$tmp/nocoerced.h5" > /dev/null
"$py" -c "import h5py, shutil, sys; shutil.copy(sys.argv[1], sys.argv[2]);
f = h5py.File(sys.argv[2], 'a'); d = f['scenarios/baseline/replicates']; x = d[()]
x['finished'][2] = b''; d[...] = x" "$r" "$tmp/unfinished.h5"
"$bin" seal "$tmp/unfinished.h5" > /dev/null
"$py" -c "import h5py, sys
h5py.File(sys.argv[1], 'w', userblock_size=512).attrs['format'] = 'crossings-results'" "$tmp/empty.h5"
"$bin" seal "$tmp/empty.h5" > /dev/null
"$py" -c "import h5py, shutil, sys; shutil.copy(sys.argv[1], sys.argv[2]);
f = h5py.File(sys.argv[2], 'a'); del f['sweep/points_text']" "$tmp/s.h5" "$tmp/nopoints.h5"
"$bin" seal "$tmp/nopoints.h5" > /dev/null
mkdir "$tmp/keep"
echo kept > "$tmp/keep/notes.txt"
# bad WHAT PATTERN ARGS...: exit 2 with PATTERN; neither new nor keep gets a file
bad() {
    what=$1 pattern=$2
    shift 2
    expect 2 "$pattern" "$bin" export "$@" --csv "$tmp/new"
    expect 2 "$pattern" "$bin" export "$@" --csv "$tmp/keep"
    check test ! -e "$tmp/new"
    check test "$(ls "$tmp/keep")" = "notes.txt"
}
bad text "$tmp/text.h5: not an HDF5 file" "$tmp/text.h5"
bad other "$tmp/other.h5: an HDF5 file without the seal crossings writes" "$tmp/other.h5"
bad othersealed "$tmp/othersealed.h5: an HDF5 file without a format attribute" \
    "$tmp/othersealed.h5"
bad missing "$tmp/missing.h5: cannot open: No such file or directory" "$tmp/missing.h5"
bad metric "$r: --metrics: 'nosuch' is not a metric of this file" "$r" --metrics population,nosuch
expect 2 "the metrics of $r:" "$bin" export "$r" --metrics nosuch --csv "$tmp/new"
expect 2 "population, persons_home, persons_seeking" "$bin" export "$r" --metrics nosuch \
    --csv "$tmp/new"
bad dataset "no dataset /scenarios/awareness_community/metrics/coerced" "$tmp/nocoerced.h5"
bad empty "$tmp/empty.h5: no readable dataset /dims/area" "$tmp/empty.h5"
bad sweep "$tmp/nopoints.h5: no dataset /sweep/points_text" "$tmp/nopoints.h5"
bad unfinished "replicate 2 of scenario baseline was never written" "$tmp/unfinished.h5"
bad from "--from: month 24 is not in the run of scenario baseline (expected 0 to 23)" \
    "$r" --from 24
bad sweep_from "--from: month 12 is not in the sweep's series (expected 0 to 11)" \
    "$tmp/sf.h5" --from 12
expect 2 "no --csv DIR given" "$bin" export "$r"
expect 2 "no results file given" "$bin" export --csv "$tmp/new"
expect 2 "--metrics: 'a,,b' is not allowed" "$bin" export "$r" --csv "$tmp/new" --metrics a,,b
expect 2 "--from: 'soon' is not allowed" "$bin" export "$r" --csv "$tmp/new" --from soon
expect 2 "unknown option '--bogus'" "$bin" export "$r" --csv "$tmp/new" --bogus
expect 2 "$tmp/no/such: its folder $tmp/no does not exist" "$bin" export "$r" --csv "$tmp/no/such"
expect 2 "exists and is not a folder" "$bin" export "$r" --csv "$tmp/text.h5"
check test ! -e "$tmp/new"
expect 2 "$tmp/text.h5: not an HDF5 file" "$bin" summarize "$tmp/text.h5"
expect 2 "$tmp/missing.h5: cannot open" "$bin" summarize "$tmp/missing.h5"
expect 2 "without the seal crossings writes" "$bin" summarize "$tmp/other.h5"
expect 2 "no dataset /scenarios/awareness_community/metrics/coerced" \
    "$bin" summarize "$tmp/nocoerced.h5"
expect 2 "no results file given" "$bin" summarize

# ---- the analyst's example ------------------------------------------------------------------------
expect 0 "trafficking per 100,000 a year" "$py" "$src/docs/examples/read_results.py" "$r" \
    "$tmp/na"
expect 0 "trafficked_new, 576 rows" "$py" "$src/docs/examples/read_results.py" "$r"

finish
