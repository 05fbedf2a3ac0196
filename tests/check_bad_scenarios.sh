#!/bin/sh
# Run `crossings validate` on every broken scenario of a corpus (or, with
# `sweep`, `crossings sweep` on every broken sweep design) and compare.
#
#   check_bad_scenarios.sh CROSSINGS_BINARY CORPUS_DIR [validate|sweep]
#
# For each NAME.yaml in CORPUS_DIR with a NAME.expected beside it (files in
# subfolders, such as bases/, are not cases), run from inside CORPUS_DIR:
# exit code must be 2, stdout empty, stderr byte-identical to NAME.expected.
# A sweep must also fail before any task: no results file, no journal.
# Prints "N passed, M failed"; exits 1 if any case failed.
set -u

if [ $# -ne 2 ] && [ $# -ne 3 ]; then
    echo "usage: $0 CROSSINGS_BINARY CORPUS_DIR [validate|sweep]" >&2
    exit 2
fi
mode=${3:-validate}
case $1 in
/*) bin=$1 ;;                # absolute
*/*) bin=$(pwd)/$1 ;;        # relative to where we were started
*) bin=$1 ;;                 # found on PATH
esac
cd "$2" || exit 2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
for yaml in *.yaml; do
    name=${yaml%.yaml}
    [ -f "$name.expected" ] || continue
    if [ "$mode" = sweep ]; then
        "$bin" sweep "$yaml" -o "$tmp/sweep.h5" >"$tmp/out" 2>"$tmp/err"
    else
        "$bin" validate "$yaml" >"$tmp/out" 2>"$tmp/err"
    fi
    rc=$?
    problems=""
    if [ -e "$tmp/sweep.h5" ] || [ -e "$tmp/sweep.h5.journal" ]; then
        problems="$problems a task ran (results file or journal written);"
        rm -f "$tmp/sweep.h5" "$tmp/sweep.h5.journal"
    fi
    [ "$rc" -eq 2 ] || problems="$problems exit code $rc (expected 2);"
    [ -s "$tmp/out" ] && problems="$problems output on stdout;"
    cmp -s "$tmp/err" "$name.expected" || problems="$problems stderr differs;"
    if [ -z "$problems" ]; then
        passed=$((passed + 1))
        continue
    fi
    failed=$((failed + 1))
    echo "FAIL $yaml:$problems"
    [ -s "$tmp/out" ] && sed 's/^/  stdout: /' "$tmp/out"
    diff -u "$name.expected" "$tmp/err" | sed 's/^/  /'
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
