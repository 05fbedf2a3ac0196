#!/bin/sh
# Run one libFuzzer target of the fuzz build for SECONDS, from its seed corpus.
#
#   tests/fuzz/run.sh TARGET SECONDS [BUILD_DIR]   TARGET: scenario, design or results
#
# BUILD_DIR (default build-fuzz) is configured with
#   CC=clang-14 cmake -S . -B build-fuzz -DCROSSINGS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
# (make test-fuzz and make fuzz-long do it). New inputs go to a scratch
# corpus, never into the source tree; with FUZZ_KEEP=DIR they are kept in DIR
# (made if missing) for a later run to start from. A crash, leak, timeout
# (10 s on one input) or out-of-memory (2 GB) stops the run: the input is
# copied to tests/fuzz/crashes/TARGET/ (reproduce: BUILD_DIR/tests/fuzz/
# fuzz_TARGET FILE), and the exit status is 1. Prints executions at the end.
set -u
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 TARGET SECONDS [BUILD_DIR]" >&2
    exit 2
fi
target=$1 seconds=$2 build=${3:-build-fuzz}
here=$(cd "$(dirname "$0")" && pwd)
bin="$build/tests/fuzz/fuzz_$target"
if [ ! -x "$bin" ]; then
    echo "run.sh: no $bin (build the fuzz configuration first: make build-fuzz)" >&2
    exit 2
fi
work=$(mktemp -d) || exit 2
trap 'rm -rf "$work"' EXIT
corpus=${FUZZ_KEEP:-$work/corpus}
# YAML files over 64 KB teach nothing new (the loaders refuse 1 MiB); the
# results seeds are HDF5 files of a few hundred KB and must not be cut
case $target in
results) max_len=1048576 ;;
*) max_len=65536 ;;
esac
mkdir -p "$corpus" "$work/tmp" "$work/artifacts"
# the harnesses write their inputs under TMPDIR; leaks are findings, and
# OpenMP's runtime keeps nothing the harnesses reach
TMPDIR="$work/tmp" ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1" \
LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0" \
UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
    -max_len=$max_len -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" "$corpus" "$here/corpus/$target" >"$work/log" 2>&1
rc=$?
grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb)|^#[0-9]+.*DONE" "$work/log"
found=$(ls "$work/artifacts")
if [ "$rc" -ne 0 ] || [ -n "$found" ]; then
    mkdir -p "$here/crashes/$target"
    cp "$work/artifacts/"* "$here/crashes/$target/" 2>/dev/null
    grep -E "ERROR|SUMMARY|runtime error|==[0-9]+==" "$work/log" | head -20
    tail -40 "$work/log"
    echo "fuzz $target: FAILED (exit $rc); inputs saved in tests/fuzz/crashes/$target/: $found"
    echo "0 passed, 1 failed"
    exit 1
fi
echo "1 passed, 0 failed"
