#!/bin/sh
# A run killed part way never leaves a file that looks finished: the results
# go to NAME.tmp-PID and are renamed only when complete.
# usage: interrupted.sh CROSSINGS SOURCE_DIR
set -u
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run "$src/scenarios/baseline.yaml" --scale 0.01 --months 1200 --replicates 50 -q \
    -o "$tmp/r.h5" &
pid=$!
# wait until the temporary file exists, so the run is under way
i=0
while [ $i -lt 600 ] && ! ls "$tmp"/r.h5.tmp-* >/dev/null 2>&1; do
    sleep 0.1
    i=$((i + 1))
done
kill -9 $pid
wait $pid 2>/dev/null
if [ -e "$tmp/r.h5" ]; then
    echo "FAILED: a killed run left $tmp/r.h5"
    echo "0 passed, 1 failed"
    exit 1
fi
ls "$tmp"/r.h5.tmp-* >/dev/null 2>&1 || { echo "FAILED: the run never started"; echo "0 passed, 1 failed"; exit 1; }
echo "1 passed, 0 failed"
