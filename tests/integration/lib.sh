# Shared by the integration scripts (sourced, not run): a temporary folder
# removed on exit, a check that counts passes and failures, and the closing
# "N passed, M failed" line that ctest's log and CI read.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

# check CMD...: run CMD; count a pass when it succeeds, else print it and count a failure.
check() {
    if "$@"; then
        pass=$((pass + 1))
    else
        echo "FAILED: $*"
        fail=$((fail + 1))
    fi
}

# expect CODE PATTERN CMD...: exit code CODE and PATTERN (grep -F) in stdout+stderr
expect() {
    code=$1 pattern=$2
    shift 2
    out=$("$@" 2>&1)
    rc=$?
    if [ "$rc" -eq "$code" ] && { [ -z "$pattern" ] || printf '%s' "$out" | grep -qF -- "$pattern"; }; then
        pass=$((pass + 1))
    else
        echo "FAILED: $* (exit $rc, wanted $code and '$pattern'):"
        printf '%s\n' "$out" | head -20
        fail=$((fail + 1))
    fi
}

# finish: print the tally and exit non-zero on any failure.
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit $?
}
