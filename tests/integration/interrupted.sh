#!/bin/sh
# A run stopped part way never leaves a file that looks finished: the results
# go to NAME.tmp-PID and are renamed only when complete. SIGTERM, SIGINT and SIGHUP
# remove that temporary file before the process ends; after SIGKILL (which
# nothing can catch) it stays, and the next command writing the same file
# removes it, saying so.
# usage: interrupted.sh CROSSINGS SOURCE_DIR
set -u
bin=$1 src=$2
. "$(dirname "$0")/lib.sh"

# start_run: a long run in the background, once its temporary file exists ($pid)
start_run() {
    # a shell starts background jobs with SIGINT ignored; perl gives it back
    perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV' "$bin" run "$src/scenarios/baseline.yaml" \
        --scale 0.01 --months 1200 --replicates 50 --set start.spinup_years=0 -q \
        -o "$tmp/r.h5" 2> "$tmp/err" & # no spin-up: the file is opened at once
    pid=$!
    i=0
    while [ $i -lt 600 ] && ! ls "$tmp"/r.h5.tmp-* > /dev/null 2>&1; do
        sleep 0.1
        i=$((i + 1))
    done
    check ls "$tmp/r.h5.tmp-$pid" > /dev/null
}

for sig in TERM INT HUP; do
    start_run
    kill -$sig $pid
    wait $pid
    rc=$?
    check test ! -e "$tmp/r.h5"
    check test -z "$(ls "$tmp"/r.h5.tmp-* 2> /dev/null)"
    [ $rc -gt 128 ] || { echo "FAILED: SIG$sig: exit $rc, expected death by the signal"; fail=$((fail + 1)); }
done

start_run
kill -9 $pid
wait $pid 2> /dev/null
check test ! -e "$tmp/r.h5"
check ls "$tmp/r.h5.tmp-$pid" > /dev/null
# the next run to the same path removes the dead process's file and says so
expect 0 "removed $tmp/r.h5.tmp-$pid, left by process $pid" \
    "$bin" run "$src/scenarios/baseline.yaml" --scale 0.001 --months 3 -q -o "$tmp/r.h5"
check test -z "$(ls "$tmp"/r.h5.tmp-* 2> /dev/null)"
check test -s "$tmp/r.h5"
finish
