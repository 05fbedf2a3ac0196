#!/bin/sh
# Benchmarks of crossings: agent-months per second, bytes per person, and the
# speed-up from 1 to 2 threads at several scales, beside this machine's ceiling
# (bench_ceiling: a streaming update of 32-byte records with an inline
# generator). Prints a markdown table for the README. Never run by the tests.
#
# usage: bench/run.sh [BUILD_DIR] [SCALES]
#   BUILD_DIR  where crossings and bench_ceiling were built (default: build)
#   SCALES     space-separated fractions (default: "0.001 0.01 0.1 1")
set -eu
build=${1:-build}
scales=${2:-0.001 0.01 0.1 1}
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$build/crossings"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# months per scale: enough work to time, not so much that the bench drags
months_for() {
    case $1 in
    0.001) echo 600 ;; 0.01) echo 120 ;; 0.1) echo 36 ;; *) echo 12 ;;
    esac
}

calc() { # calc EXPR: floating-point arithmetic without bc
    awk "BEGIN { printf \"%.6f\", $1 }"
}

field() { # field NAME LINE
    printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

timing() { # timing SCALE THREADS -> the timing line
    "$bin" run "$here/scenarios/baseline.yaml" --scale "$1" --months "$(months_for "$1")" \
        --threads "$2" -q --timing -o "$tmp/b.h5" 2>&1 >/dev/null | grep '^timing:'
}

ceil1=$(field records_per_s "$("$build/bench_ceiling" 16000000 10 1)")
ceil2=$(field records_per_s "$("$build/bench_ceiling" 16000000 10 2)")

echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; $(date -u +%Y-%m-%d)"
echo "Revision: $("$bin" --version)"
echo
echo "Ceiling (bench_ceiling, 16 M records of 32 bytes, 10 passes): $(printf '%.0f' "$(calc "$ceil1 / 1000000")") M records/s on 1 thread, $(printf '%.0f' "$(calc "$ceil2 / 1000000")") M on 2."
echo
echo "| scale | persons | months | M agent-months/s, 1 thread | M agent-months/s, 2 threads | speed-up | fraction of ceiling (2 threads) | bytes/person (columns) | bytes/person (peak RSS) |"
echo "|---|---|---|---|---|---|---|---|---|"
for s in $scales; do
    t1=$(timing "$s" 1)
    t2=$(timing "$s" 2)
    r1=$(field agent_months_per_s "$t1")
    r2=$(field agent_months_per_s "$t2")
    persons=$(field persons "$t2")
    cols=$(field column_bytes "$t2")
    rss=$(field bytes_per_person "$t2")
    printf '| 1:%s | %s | %s | %.1f | %.1f | %.2f | %.2f | %.1f | %.1f |\n' \
        "$(awk "BEGIN { printf \"%d\", 1 / $s + 0.5 }")" "$persons" "$(months_for "$s")" \
        "$(calc "$r1 / 1000000")" "$(calc "$r2 / 1000000")" \
        "$(calc "$r2 / $r1")" "$(calc "$r2 / $ceil2")" \
        "$(calc "$cols / $persons")" "$rss"
done
