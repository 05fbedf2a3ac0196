#!/bin/bash
# A full disk, at any point of writing, ends every writing command with exit 1
# and a message, never a signal: run, sweep (journal and file), merge, export
# and report. A sweep's journal may stay (it keeps finished tasks for the
# resume; one cut off at creation counts as empty). The disk is made full without mounting anything: `ulimit -f`
# caps the size of any file the command writes, so a write past it fails with
# EFBIG (crossings ignores SIGXFSZ, which would otherwise kill it). At each
# cap below the output's size: exit 1, a message naming the output, no file
# under the final name, no temporary file left, and a file already at that
# path kept byte for byte.
# usage: diskfull.sh CROSSINGS SOURCE_DIR
set -u
bin=$1 src=$2
. "$(dirname "$0")/lib.sh"
base=$src/scenarios/baseline.yaml
small=(--scale 0.001 --months 6 --set start.spinup_years=1)

# capped KB CMD...: run CMD with files capped at KB kilobytes (1024 bytes)
capped() {
    kb=$1
    shift
    (ulimit -f "$kb" && exec "$@")
}

cat > "$tmp/d.yaml" <<YAML
name: diskfull
scenario: $base
seed: 3
replicates: 1
set:
  run.months: 6
  run.scale: 0.001
design:
  type: latin
  points: 3
parameters:
  recruiters.broker_deception: {min: 0.05, max: 0.4}
YAML

# the inputs, written without a cap
check "$bin" run "$base" "$src/scenarios/awareness_community.yaml" "${small[@]}" -q -o "$tmp/in.h5"
check "$bin" sweep "$tmp/d.yaml" -q -o "$tmp/sw.h5"
check "$bin" sweep "$tmp/d.yaml" -q --shard 1/2 -o "$tmp/p1.h5"
check "$bin" sweep "$tmp/d.yaml" -q --shard 2/2 -o "$tmp/p2.h5"

# full NAME OUT CMD...: at caps under the size OUT has when written freely,
# CMD fails cleanly; OUT (dest) is a file (or a folder for export)
full() {
    name=$1 dest=$2
    shift 2
    rm -rf "$dest"
    "$@" > /dev/null 2>&1 || { check false "$name writes when nothing is capped"; return; }
    size=$(du -sk "$dest" | cut -f1)
    rm -rf "$dest"
    for kb in 0 1 4 16 64 256 1024; do
        [ "$kb" -lt "$size" ] || break
        # a file already at the path must survive (export: a folder with a file in it)
        if [ "$name" = export ]; then
            mkdir -p "$dest" && echo earlier > "$dest/notes.txt"
        elif [ "$name" = sweep ] || [ "$name" = merge ]; then
            : # these refuse to replace a file that is not their own (tests/integration/sweep.sh)
        else
            echo earlier > "$dest"
        fi
        before=$(cat "$dest" "$dest/notes.txt" 2> /dev/null | cksum)
        expect 1 "error" capped "$kb" "$@"
        check test "$before" = "$(cat "$dest" "$dest/notes.txt" 2> /dev/null | cksum)"
        left=$(ls -d "$dest".tmp-* "$dest"/*.tmp-* 2> /dev/null | wc -l)
        check test "$left" -eq 0 || echo "  $name at ${kb} KB left: $(ls -d "$dest"* "$dest"/* 2> /dev/null)"
        rm -rf "$dest" "$dest".journal
    done
    echo "$name: clean failures at every cap under ${size} KB"
}

full run "$tmp/r.h5" "$bin" run "$base" "${small[@]}" -q -o "$tmp/r.h5"
full sweep "$tmp/s.h5" "$bin" sweep "$tmp/d.yaml" -q -o "$tmp/s.h5"
full merge "$tmp/m.h5" "$bin" merge "$tmp/p1.h5" "$tmp/p2.h5" -o "$tmp/m.h5"
full export "$tmp/csv" "$bin" export "$tmp/in.h5" --csv "$tmp/csv" -q
full report "$tmp/rep.html" "$bin" report "$tmp/in.h5" -o "$tmp/rep.html"
full report-sweep "$tmp/srep.html" "$bin" report "$tmp/sw.h5" -o "$tmp/srep.html"

finish
