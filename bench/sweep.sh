#!/bin/sh
# Sweep benchmark: tasks per second and parallel efficiency of crossings sweep
# with 1, 2 and 3 MPI ranks (one OpenMP thread per rank), on one design of
# equal-sized tasks. Efficiency with n ranks = (tasks/s with n) / (n x tasks/s
# with 1). Prints a markdown table for the README. Never run by the tests.
#
# usage: bench/sweep.sh [BUILD_DIR] [POINTS]
#   BUILD_DIR  where crossings was built (default: build)
#   POINTS     latin hypercube points, one replicate each (default 24)
set -eu
build=${1:-build}
points=${2:-24}
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$build/crossings"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mpirun="mpirun --allow-run-as-root --oversubscribe"

cat > "$tmp/bench.yaml" <<YAML
name: bench_sweep
scenario: $here/scenarios/baseline.yaml
seed: 1
replicates: 1
set:
  run.months: 36
  run.scale: 0.002
design: {type: latin, points: $points}
parameters:
  recruiters.broker_deception: {min: 0.05, max: 0.4}
  abroad.coercion_hazard: {min: 0.002, max: 0.05}
YAML

field() { # field NAME LINE
    printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}
rate() { # rate RANKS -> tasks per second
    rm -f "$tmp/s.h5" "$tmp/s.h5.journal"
    if [ "$1" -eq 1 ]; then
        line=$("$bin" sweep "$tmp/bench.yaml" -o "$tmp/s.h5" --threads 1 -q --timing 2>&1)
    else
        line=$($mpirun -np "$1" "$bin" sweep "$tmp/bench.yaml" -o "$tmp/s.h5" --threads 1 -q \
            --timing 2>&1)
    fi
    field tasks_per_s "$(printf '%s\n' "$line" | grep '^timing:')"
}

echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores; $(date -u +%Y-%m-%d)"
echo "Revision: $("$bin" --version)"
echo "Design: latin hypercube, $points points x 1 replicate, baseline at 1:500 for 36 months, 1 thread per rank"
echo
echo "| ranks | tasks/s | parallel efficiency |"
echo "|---|---|---|"
r1=$(rate 1)
for n in 1 2 3; do
    r=$r1
    [ "$n" -eq 1 ] || r=$(rate "$n")
    printf '| %d | %.2f | %.2f |\n' "$n" "$r" "$(awk "BEGIN { print $r / ($n * $r1) }")"
done
