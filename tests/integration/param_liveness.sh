#!/bin/sh
# Every parameter of the table changes some output (issue 13, item 7): each
# row is moved, one at a time, to another value in its range, and a row that
# changes no metric series and no episode, at test scale and then at a larger
# one, fails the test unless param_liveness.py lists it (justified exceptions,
# and the known inert rows still to be made to act or removed).
# usage: param_liveness.sh CROSSINGS SOURCE_DIR PYTHON [--drop-exception ROW]...
set -eu
bin=$1 src=$2 py=$3
shift 3
. "$(dirname "$0")/lib.sh"
check "$py" "$src/tests/integration/param_liveness.py" "$bin" "$src" "$tmp" "$@"
finish
