#!/bin/sh
# Under a real mpirun, replicates are shared among ranks and rank 0 writes the
# file: the numbers are bitwise identical to a run without MPI, for 2 and 3
# ranks. Bad input is reported once, with exit code 2.
# usage: mpi.sh CROSSINGS SOURCE_DIR
set -u
bin=$1 src=$2
. "$(dirname "$0")/lib.sh"
# root needs --allow-run-as-root; 3 ranks on a 2-core machine need --oversubscribe
mpirun="mpirun --allow-run-as-root --oversubscribe"
args="$src/scenarios/baseline.yaml --scale 0.002 --months 24 --replicates 5 --threads 1 -q --set start.spinup_years=3"

"$bin" run $args -o "$tmp/plain.h5"
for np in 2 3; do
    check $mpirun -np $np "$bin" run $args -o "$tmp/np$np.h5"
    check h5diff "$tmp/plain.h5" "$tmp/np$np.h5" /scenarios/baseline/metrics \
        /scenarios/baseline/metrics
    check h5diff "$tmp/plain.h5" "$tmp/np$np.h5" /scenarios/baseline/episodes \
        /scenarios/baseline/episodes
done
# the replicate table records the same persons whichever rank ran them
check h5diff "$tmp/plain.h5" "$tmp/np3.h5" /dims /dims

# several scenarios sharing their first months (a fork): the same under 2 ranks
two="$src/scenarios/baseline.yaml $src/scenarios/awareness_community.yaml --scale 0.002 --months 30 --replicates 3 --threads 1 -q --set start.spinup_years=3"
"$bin" run $two -o "$tmp/two.h5"
check $mpirun -np 2 "$bin" run $two -o "$tmp/two_np2.h5"
for s in baseline awareness_community; do
    check h5diff "$tmp/two.h5" "$tmp/two_np2.h5" /scenarios/$s/metrics /scenarios/$s/metrics
    check h5diff "$tmp/two.h5" "$tmp/two_np2.h5" /scenarios/$s/episodes /scenarios/$s/episodes
done

cat > "$tmp/bad.yaml" <<YAML
base: $src/scenarios/baseline.yaml
run:
  months: -1
YAML
$mpirun -np 2 "$bin" run "$tmp/bad.yaml" -q -o "$tmp/bad.h5" 2> "$tmp/err.txt"
check test $? -eq 2
check test "$(grep -c 'run.months' "$tmp/err.txt")" -eq 1
check test ! -e "$tmp/bad.h5"
finish
