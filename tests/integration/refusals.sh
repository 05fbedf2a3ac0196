#!/bin/sh
# What is refused before any work, with its reason and exit code 2, leaving
# nothing made or changed: inputs that are not readable regular files (a FIFO
# must not block), outputs equal to an input or a folder, runs and sweeps too
# big for the disk or the memory (--force goes on, printing the estimate),
# and the command-line dead ends (options that look like files, --).
# usage: refusals.sh CROSSINGS SOURCE_DIR
set -u
bin=$1 src=$2
. "$(dirname "$0")/lib.sh"
small="--scale 0.001 --months 3 --replicates 1 --set start.spinup_years=1"
work="$tmp/work"
mkdir "$work"
cd "$work" || exit 1
cp "$src/scenarios/baseline.yaml" s.yaml
ln -s "$src/scenarios/data" data
ln -s s.yaml link.yaml
cp s.yaml ./-dash.yaml
sum_before=$(cksum s.yaml)

# unchanged: the scenario is as it was, and no results/ was made
unchanged() {
    [ "$(cksum s.yaml)" = "$sum_before" ] && [ ! -e results ]
}

# ---- the command line --------------------------------------------------------
expect 2 "run: unknown option '-dash.yaml' (for a file of that name, write ./-dash.yaml" \
    "$bin" run -dash.yaml
expect 2 "option '--scale' needs a value" "$bin" run s.yaml --scale
expect 2 "option '-o' needs a value" "$bin" run s.yaml -o
expect 2 "summarize: unknown option '-x.h5'" "$bin" summarize -x.h5
expect 2 "validate: no file given" "$bin" validate --
expect 0 "-dash.yaml: ok (scenario baseline)" "$bin" validate -- -dash.yaml
expect 2 "validate: unknown option '-dash.yaml'" "$bin" validate -dash.yaml
expect 2 "params: unknown option '--bogus'" "$bin" params --bogus
expect 2 "metrics: unknown option '--bogus'" "$bin" metrics --bogus
# validate makes the checks run makes: a name that cannot name a results group
printf 'name: a/b\n' >slash.yaml
cat s.yaml | grep -v '^name:' >>slash.yaml
expect 2 "scenario name 'a/b' cannot name a results group" "$bin" validate slash.yaml
expect 2 "scenario name 'a/b' cannot name a results group" "$bin" run slash.yaml $small
expect 2 "two scenarios are named 'baseline'" "$bin" run s.yaml link.yaml $small
check unchanged
# an intervention's target key that cannot apply: refused where it is, both
# by validate and by run, before any work
grep -v '^interventions:' s.yaml >unhonoured.yaml
printf 'interventions:\n  - type: recruiter_regulation\n    target:\n      sex: male\n' >>unhonoured.yaml
line=$(grep -n '      sex: male' unhonoured.yaml | cut -d: -f1)
why="interventions.recruiter_regulation.target.sex: cannot apply: recruiter regulation acts on the recruiters of the target areas, who have no sex"
expect 2 "unhonoured.yaml:$line:12: $why" "$bin" validate unhonoured.yaml
expect 2 "unhonoured.yaml:$line:12: $why" "$bin" run unhonoured.yaml $small -o unhonoured.h5
check test ! -e unhonoured.h5

# ---- inputs ------------------------------------------------------------------
mkfifo fifo.h5
for cmd in summarize compare "sensitivity --output x" "report -o r.html" "export --csv out" \
    "merge -o m.h5" run validate params sweep; do
    # shellcheck disable=SC2086 # cmd carries its options
    expect 2 "fifo.h5: is a FIFO, not a regular file" timeout 10 "$bin" $cmd fifo.h5
done
# a FIFO named inside a file: a scenario's base, a design's scenario, a data table
printf 'base: fifo.h5\n' > fifobase.yaml
expect 2 "fifobase.yaml:1:7: base: is a FIFO, not a regular file" timeout 10 "$bin" validate fifobase.yaml
printf 'name: f\nscenario: fifo.h5\nreplicates: 1\ndesign: {type: latin, points: 2}\nparameters:\n  run.seed: {min: 1, max: 9}\n' > fifodesign.yaml
expect 2 "fifo.h5: is a FIFO, not a regular file" timeout 10 "$bin" sweep fifodesign.yaml --dry-run
expect 2 "data: is a directory" "$bin" summarize data
expect 2 "missing.h5: cannot open: No such file or directory" "$bin" summarize missing.h5
if [ "$(id -u)" -eq 0 ]; then
    echo "skipped: an unreadable input (running as root, who reads any file)"
else
    cp s.yaml closed.yaml
    chmod 000 closed.yaml
    expect 2 "closed.yaml: cannot read: Permission denied" "$bin" validate closed.yaml
    expect 2 "closed.yaml: cannot read: Permission denied" "$bin" summarize closed.yaml
fi
check unchanged

# ---- outputs -----------------------------------------------------------------
expect 2 "s.yaml: is also an input (s.yaml); refusing to overwrite it" \
    "$bin" run s.yaml $small -o s.yaml
expect 2 "link.yaml: is also an input (s.yaml)" "$bin" run s.yaml $small -o link.yaml
expect 2 "is also an input" "$bin" run s.yaml $small -o ../work/s.yaml
expect 2 "data: is a directory (expected a file name for the output)" \
    "$bin" run s.yaml $small -o data
expect 2 "no/dir.h5: its folder no does not exist" "$bin" run s.yaml $small -o no/dir.h5
check unchanged
expect 0 "" "$bin" run s.yaml $small -q -o r.h5
r_sum=$(cksum r.h5)
expect 2 "r.h5: is also an input (r.h5)" "$bin" report r.h5 -o r.h5
expect 2 "r.h5: is also an input" "$bin" report r.h5 -o ./r.h5
expect 2 "r.h5: is also an input" "$bin" export r.h5 --csv r.h5
expect 2 "exists and is not a folder" "$bin" export r.h5 --csv s.yaml
expect 2 "r.h5: is also an input" "$bin" merge r.h5 -o r.h5 --force
expect 2 "data: is a directory" "$bin" report r.h5 -o data
check test "$(cksum r.h5)" = "$r_sum"
check unchanged

# ---- too big for the disk or the memory -------------------------------------
expect 2 "the run needs up to" "$bin" run s.yaml --scale 0.001 --replicates 100000
expect 2 "of disk for results/baseline.h5, but" "$bin" run s.yaml --scale 0.001 --replicates 100000
check unchanged
expect 2 "refusing to start (expected fewer replicates" \
    env CROSSINGS_TEST_FREE_BYTES=1000 "$bin" run s.yaml $small
check unchanged
expect 0 "warning: the run needs up to" \
    env CROSSINGS_TEST_FREE_BYTES=1000 "$bin" run s.yaml $small --force -q -o forced.h5
check test -s forced.h5
expect 2 "of memory, but 1.0 kB is available" \
    env CROSSINGS_TEST_AVAIL_BYTES=1000 "$bin" run s.yaml $small
expect 0 "warning: the run needs about" \
    env CROSSINGS_TEST_AVAIL_BYTES=1000 "$bin" run s.yaml $small --force -q -o forced-mem.h5
check unchanged

# ---- sweeps ------------------------------------------------------------------
cat >d.yaml <<EOF
name: tiny
scenario: s.yaml
replicates: 1
set: {run.months: 3, run.scale: 0.001}
design: {type: latin, points: 2}
parameters:
  decide.base_hazard: {min: 0.002, max: 0.02}
EOF
cat >big.yaml <<EOF
name: big
scenario: s.yaml
replicates: 1000
set: {run.scale: 1}
design: {type: latin, points: 200}
parameters:
  decide.base_hazard: {min: 0.002, max: 0.02}
EOF
d_sum=$(cksum d.yaml)
expect 0 "dry run: nothing runs" "$bin" sweep d.yaml --dry-run
check unchanged
# the estimate at scale 1 without building the population: quick and small
expect 0 "memory: about" timeout 10 "$bin" sweep big.yaml --dry-run
expect 2 "the sweep needs up to" "$bin" sweep big.yaml --dry-run --output-level full
expect 2 "the sweep needs up to" "$bin" sweep big.yaml --output-level full
expect 2 "the sweep needs up to" env CROSSINGS_TEST_FREE_BYTES=100 "$bin" sweep d.yaml
expect 2 "the sweep needs about" env CROSSINGS_TEST_AVAIL_BYTES=1000 "$bin" sweep d.yaml
check unchanged
expect 2 "d.yaml: is also an input (d.yaml)" "$bin" sweep d.yaml -o d.yaml
expect 2 "s.yaml: is also an input" "$bin" sweep d.yaml -o s.yaml
expect 2 "data: is a directory" "$bin" sweep d.yaml -o data
check test "$(cksum d.yaml)" = "$d_sum"
check unchanged
expect 0 "warning: the sweep needs up to" \
    env CROSSINGS_TEST_FREE_BYTES=100 "$bin" sweep d.yaml --force -q -o tiny.h5
check test -s tiny.h5
# a finished sweep is not refused: it says so and runs nothing
expect 0 "is complete" env CROSSINGS_TEST_FREE_BYTES=100 "$bin" sweep d.yaml -o tiny.h5

finish
