#!/bin/sh
# Sweeps (crossings sweep, merge, sensitivity) end to end, with the real
# mpirun: the same design run serially, under mpirun -np 2 and -np 3, and as 3
# shards merged gives identical per-task results; a sweep killed with SIGKILL
# part way resumes and gives exactly the uninterrupted file; files of other
# designs are never overwritten; --until adds replicates alike everywhere;
# a sweep task's series equals a plain run of the same scenario, and its
# summaries equal the derived figures recomputed from that run.
# usage: sweep.sh CROSSINGS SOURCE_DIR PYTHON [small]
#   small: shorter runs of fewer persons (the sanitizer build, 10 times slower)
set -u
bin=$1 src=$2 py=$3
months=24 scale=0.002
[ "${4:-}" = small ] && months=12 scale=0.001
. "$(dirname "$0")/lib.sh"
mpirun="mpirun --allow-run-as-root --oversubscribe"
# the baseline with a one-year spin-up: these checks are about the sweep
# machinery, and fifteen years before every task would make them slow
base=$tmp/baseline.yaml
printf 'base: %s\nname: baseline\nstart:\n  spinup_years: 1\n' "$src/scenarios/baseline.yaml" \
    > "$base"

# design FILE SEED TYPE POINTS [REPLICATES]: two recruitment parameters
design() {
    cat > "$1" <<YAML
name: test_sweep
scenario: $base
seed: $2
replicates: ${5:-2}
set:
  run.months: $months
  run.scale: $scale
design:
  type: $3
  points: $4
parameters:
  recruiters.broker_deception: {min: 0.05, max: 0.4}
  abroad.coercion_hazard: {min: 0.002, max: 0.05, scale: log}
YAML
}

# same A B: the per-task results and the design of two sweep files agree
same() {
    for d in tasks summaries points points_text parameters base design_text; do
        h5diff "$1" "$2" /sweep/$d /sweep/$d || return 1
    done
    if h5ls "$1/sweep/unit_points" > /dev/null 2>&1; then
        h5diff "$1" "$2" /sweep/unit_points /sweep/unit_points || return 1
    fi
}

design "$tmp/d.yaml" 11 morris 2 # 6 points x 2 replicates = 12 tasks
check "$bin" sweep "$tmp/d.yaml" -o "$tmp/serial.h5" --threads 1 -q

# ---- ranks and shards: identical per-task results ------------------------------
for np in 2 3; do
    check $mpirun -np $np "$bin" sweep "$tmp/d.yaml" -o "$tmp/np$np.h5" --threads 1 -q
    check same "$tmp/serial.h5" "$tmp/np$np.h5"
done
for k in 1 2 3; do
    check "$bin" sweep "$tmp/d.yaml" --shard $k/3 -o "$tmp/part$k.h5" --threads 1 -q
done
check "$bin" merge "$tmp/part1.h5" "$tmp/part2.h5" "$tmp/part3.h5" -o "$tmp/merged.h5"
check same "$tmp/serial.h5" "$tmp/merged.h5"
check h5diff "$tmp/serial.h5" "$tmp/merged.h5" /dims /dims
# shards in any order, from one rank or several
check $mpirun -np 2 "$bin" sweep "$tmp/d.yaml" --shard 2/2 -o "$tmp/h2.h5" --threads 1 -q
check "$bin" sweep "$tmp/d.yaml" --shard 1/2 -o "$tmp/h1.h5" --threads 1 -q
check "$bin" merge "$tmp/h2.h5" "$tmp/h1.h5" -o "$tmp/halves.h5"
check same "$tmp/serial.h5" "$tmp/halves.h5"

# the cluster guide's SLURM scripts, run as SLURM would (docs/slurm)
for k in 1 2 3; do
    check env SLURM_ARRAY_TASK_ID=$k SLURM_ARRAY_TASK_COUNT=3 SLURM_CPUS_PER_TASK=1 \
        CROSSINGS="$bin" bash "$src/docs/slurm/sweep-array.sh" "$tmp/d.yaml" "$tmp/slurm" > /dev/null
done
check env CROSSINGS="$bin" bash "$src/docs/slurm/sweep-merge.sh" "$tmp/slurm" "$tmp/array.h5"
check same "$tmp/serial.h5" "$tmp/array.h5"
check env CROSSINGS="$bin" LAUNCH="$mpirun -np 2" SLURM_CPUS_PER_TASK=1 \
    bash "$src/docs/slurm/sweep-mpi.sh" "$tmp/d.yaml" "$tmp/slurm_mpi.h5" > /dev/null
check same "$tmp/serial.h5" "$tmp/slurm_mpi.h5"

# merge refuses: a missing shard, a shard twice, another design's shard, a whole sweep
expect 2 "missing 3" "$bin" merge "$tmp/part1.h5" "$tmp/part2.h5" -o "$tmp/x.h5"
expect 2 "shard 1 again" "$bin" merge "$tmp/part1.h5" "$tmp/part1.h5" "$tmp/part3.h5" -o "$tmp/x.h5"
design "$tmp/other.yaml" 12 morris 2
check "$bin" sweep "$tmp/other.yaml" --shard 2/3 -o "$tmp/other2.h5" --threads 1 -q
expect 2 "a shard of another sweep" "$bin" merge "$tmp/part1.h5" "$tmp/other2.h5" \
    "$tmp/part3.h5" -o "$tmp/x.h5"
expect 2 "a whole sweep, not a shard" "$bin" merge "$tmp/serial.h5" -o "$tmp/x.h5"
check test ! -e "$tmp/x.h5"
expect 2 "refusing to overwrite" "$bin" merge "$tmp/part1.h5" "$tmp/part2.h5" \
    "$tmp/part3.h5" -o "$tmp/merged.h5"

# ---- nothing finished is lost: SIGKILL part way, then resume ------------------------
# journal size after N records: a 32-byte header, then records of
# 128 + 25 x 8 bytes (record and summaries) and an 8-byte checksum each
rec=$((128 + 25 * 8 + 8))
"$bin" sweep "$tmp/d.yaml" -o "$tmp/killed.h5" --threads 1 -q &
pid=$!
i=0
while [ "$(stat -c %s "$tmp/killed.h5.journal" 2> /dev/null || echo 0)" -lt $((32 + 3 * rec)) ] &&
    [ $i -lt 600 ] && kill -0 $pid 2> /dev/null; do
    sleep 0.05
    i=$((i + 1))
done
kill -9 $pid 2> /dev/null
wait $pid 2> /dev/null
check test ! -e "$tmp/killed.h5"    # killed before the end: no finished-looking file
check test -s "$tmp/killed.h5.journal"
# a torn record at the end (the process died while writing it) is cut off
printf 'torn record' >> "$tmp/killed.h5.journal"
expect 0 "resumed" "$bin" sweep "$tmp/d.yaml" -o "$tmp/killed.h5" --threads 1
check same "$tmp/serial.h5" "$tmp/killed.h5"
check test ! -e "$tmp/killed.h5.journal"
n_resumed=$("$bin" sweep "$tmp/d.yaml" -o "$tmp/killed.h5" --threads 1 2>&1)
check test -n "$(printf '%s' "$n_resumed" | grep 'is complete (12 tasks')"

# ---- never overwrite another design's file or journal -------------------------------
sum_before=$(sha256sum < "$tmp/serial.h5")
expect 2 "refusing to overwrite" "$bin" sweep "$tmp/other.yaml" -o "$tmp/serial.h5" -q
check test "$(sha256sum < "$tmp/serial.h5")" = "$sum_before"
"$bin" run "$base" --scale 0.001 --months 3 --replicates 1 -q -o "$tmp/run.h5"
expect 2 "something other than a sweep" "$bin" sweep "$tmp/d.yaml" -o "$tmp/run.h5" -q
printf 'CRSJRNL1 not this design, a header long enough' > "$tmp/fresh.h5.journal"
expect 2 "refusing to mix" "$bin" sweep "$tmp/d.yaml" -o "$tmp/fresh.h5" -q
check test ! -e "$tmp/fresh.h5"
check "$bin" sweep "$tmp/d.yaml" -o "$tmp/fresh.h5" -q --force --threads 1
check same "$tmp/serial.h5" "$tmp/fresh.h5"
# a journal cut off while its header was written (a kill, a full disk) holds nothing: no refusal
printf 'CRSJ' > "$tmp/torn.h5.journal"
check "$bin" sweep "$tmp/d.yaml" -o "$tmp/torn.h5" -q --threads 1
check same "$tmp/serial.h5" "$tmp/torn.h5"

# ---- precision-driven replicates: at least 6, the same decisions everywhere --------
design "$tmp/u.yaml" 13 latin 3 1
until="--until incidence_per_100k_year.all:8 --max-replicates 12"
check "$bin" sweep "$tmp/u.yaml" -o "$tmp/u1.h5" $until --threads 1 -q
check $mpirun -np 3 "$bin" sweep "$tmp/u.yaml" -o "$tmp/u3.h5" $until --threads 1 -q
check same "$tmp/u1.h5" "$tmp/u3.h5"
expect 2 "is not a summary of the sweep" "$bin" sweep "$tmp/u.yaml" -o "$tmp/x.h5" \
    --until incidence.all:1
expect 2 "--shard" "$bin" sweep "$tmp/u.yaml" -o "$tmp/x.h5" --shard 4/3
check test ! -e "$tmp/x.h5"

# ---- a task is a run: series and summaries against crossings run -------------------
cat > "$tmp/one.yaml" <<YAML
scenario: $base
seed: 21
replicates: 3
set:
  run.months: $months
  run.scale: $scale
design: {type: list}
parameters:
  recruiters.broker_deception: {values: [0.17, 0.3]}
YAML
check "$bin" sweep "$tmp/one.yaml" -o "$tmp/full.h5" --output-level full --threads 1 -q
"$bin" run "$base" --scale $scale --months $months --replicates 3 --seed 21 -q -o "$tmp/base.h5"
"$bin" run "$base" --scale $scale --months $months --replicates 3 --seed 21 -q \
    --set recruiters.broker_deception=0.3 -o "$tmp/b03.h5"
check "$py" "$(dirname "$0")/sweep_check.py" "$tmp/full.h5" "$tmp/base.h5" "$tmp/b03.h5"
for k in 1 2; do
    check "$bin" sweep "$tmp/one.yaml" --shard $k/2 -o "$tmp/fp$k.h5" --output-level full -q
done
check "$bin" merge "$tmp/fp1.h5" "$tmp/fp2.h5" -o "$tmp/fm.h5"
check h5diff "$tmp/full.h5" "$tmp/fm.h5" /sweep/series /sweep/series

# ---- sensitivity ------------------------------------------------------------------------
expect 0 "recruiters.broker_deception" "$bin" sensitivity "$tmp/serial.h5" \
    --output incidence_per_100k_year.women
"$bin" sensitivity "$tmp/serial.h5" --output incidence_per_100k_year --format csv \
    > "$tmp/morris.csv"
check test "$(head -1 "$tmp/morris.csv")" = "parameter,mu_star,mu,sigma"
check test "$(wc -l < "$tmp/morris.csv")" -eq 3
design "$tmp/s.yaml" 14 saltelli 4 1 # 4 x (2 + 2) = 16 points
check "$bin" sweep "$tmp/s.yaml" -o "$tmp/saltelli.h5" --threads 1 -q
expect 0 "Sobol indices of incidence_per_100k_year.all" "$bin" sensitivity "$tmp/saltelli.h5" \
    --output incidence_per_100k_year --bootstrap 200
expect 2 "gives no sensitivity indices" "$bin" sensitivity "$tmp/u1.h5" --output migrations_per_year
expect 2 "merge first" "$bin" sensitivity "$tmp/part1.h5" --output migrations_per_year
expect 2 "is not a summary" "$bin" sensitivity "$tmp/serial.h5" --output nothing
expect 2 "not a sweep file" "$bin" sensitivity "$tmp/run.h5" --output migrations_per_year

finish
