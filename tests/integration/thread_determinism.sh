#!/bin/sh
# Same seed, same numbers, for any thread count: the baseline run with 1, 2, 3
# and 4 threads gives bitwise identical series (h5diff compares every value
# exactly), and the series match the stored golden digest. A three-year
# spin-up (start.spinup_years) keeps it quick under the sanitizers and still
# runs the spin-up on every thread count.
# usage: thread_determinism.sh CROSSINGS SOURCE_DIR PYTHON
set -eu
bin=$1 src=$2 py=$3
. "$(dirname "$0")/lib.sh"

for t in 1 2 3 4; do
    "$bin" run "$src/scenarios/baseline.yaml" --scale 0.002 --months 36 --replicates 2 --set start.spinup_years=3 \
        --threads "$t" -q -o "$tmp/t$t.h5"
done
for t in 2 3 4; do
    check h5diff "$tmp/t1.h5" "$tmp/t$t.h5" /scenarios/baseline/metrics /scenarios/baseline/metrics
    check h5diff "$tmp/t1.h5" "$tmp/t$t.h5" /scenarios/baseline/episodes /scenarios/baseline/episodes
done
# h5diff must be able to fail: a different seed differs.
"$bin" run "$src/scenarios/baseline.yaml" --scale 0.002 --months 36 --replicates 2 --set start.spinup_years=3 --seed 7 \
    -q -o "$tmp/other.h5"
check sh -c "! h5diff -q '$tmp/t1.h5' '$tmp/other.h5' /scenarios/baseline/metrics /scenarios/baseline/metrics"

digest=$("$py" "$src/tests/integration/series_digest.py" "$tmp/t1.h5")
golden=$(cat "$src/tests/golden/baseline_small.sha256")
if [ "$digest" = "$golden" ]; then
    pass=$((pass + 1))
else
    echo "FAILED: golden digest $digest != $golden (tests/golden/baseline_small.sha256)."
    echo "If the model changed on purpose, update it: see tests/golden/README.md"
    fail=$((fail + 1))
fi
finish
